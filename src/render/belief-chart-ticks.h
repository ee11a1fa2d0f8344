/* belief-chart-ticks.h: "nice" axis ticks and their labels. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BELIEF_CHART_MAX_TICKS 64

typedef struct
{
  double lo, hi;    /* the axis range (widened to ticks when asked) */
  double step;      /* linear: tick spacing; log: decades between ticks */
  int    n;
  double values[BELIEF_CHART_MAX_TICKS];
} BeliefTicks;

/* "Nice" ticks for [lo, hi] with about `target` of them: steps of 1, 2 or 5
 * times a power of ten.  With log_scale (lo > 0) the ticks are powers of
 * ten every `step` decades, plus 2x and 5x when the range spans only a few
 * decades.  With expand the range is widened to the ticks around it. */
void     belief_chart_nice_ticks   (double       lo,
                                    double       hi,
                                    int          target,
                                    gboolean     log_scale,
                                    gboolean     expand,
                                    BeliefTicks *ticks);
/* A tick label: enough decimals for `step`, "0.001" or "1e-5" on log axes. */
void     belief_chart_format_tick  (char        *buf,
                                    gsize        size,
                                    double       value,
                                    double       step,
                                    gboolean     log_scale);

G_END_DECLS
