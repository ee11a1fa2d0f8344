/* belief-chart-ticks.c: 1-2-5 ticks on linear axes, decades on log axes,
 * and labels with just enough decimals. */
#include <math.h>

#include "belief-chart-ticks.h"

static double
nice_step (double raw)
{
  double mag = pow (10.0, floor (log10 (raw)));
  double norm = raw / mag;

  return (norm < 1.5 ? 1.0 : norm < 3.5 ? 2.0 : norm < 7.5 ? 5.0 : 10.0) * mag;
}

void
belief_chart_nice_ticks (double       lo,
                         double       hi,
                         int          target,
                         gboolean     log_scale,
                         gboolean     expand,
                         BeliefTicks *ticks)
{
  g_return_if_fail (ticks != NULL);

  target = CLAMP (target, 2, 20);
  ticks->n = 0;
  if (!isfinite (lo) || !isfinite (hi))
    lo = 0.0, hi = 1.0;
  if (lo > hi)
    {
      double t = lo;
      lo = hi, hi = t;
    }
  if (log_scale && hi <= 0.0)
    lo = 0.1, hi = 1.0;
  else if (log_scale && lo <= 0.0)
    lo = hi * 1e-3;
  if (hi - lo <= fabs (hi) * 1e-12)
    {
      double d = log_scale ? 0.0 : (hi == 0.0 ? 1.0 : fabs (hi) * 0.1);
      lo = log_scale ? lo / 2.0 : lo - d;
      hi = log_scale ? hi * 2.0 : hi + d;
    }

  if (!log_scale)
    {
      double step = nice_step ((hi - lo) / target);
      double k;

      if (expand)
        {
          /* MIN/MAX: k * step may round to just inside the data */
          lo = MIN (lo, floor (lo / step + 1e-9) * step);
          hi = MAX (hi, ceil (hi / step - 1e-9) * step);
        }
      for (k = ceil (lo / step - 1e-9); k <= floor (hi / step + 1e-9)
           && ticks->n < BELIEF_CHART_MAX_TICKS; k++)
        ticks->values[ticks->n++] = k == 0.0 ? 0.0 : k * step;
      ticks->lo = lo, ticks->hi = hi, ticks->step = step;
    }
  else
    {
      double elo = log10 (lo), ehi = log10 (hi), step = 1.0, d;

      if (expand)
        {
          elo = floor (elo + 1e-9);
          ehi = ceil (ehi - 1e-9);
          if (ehi <= elo)
            ehi = elo + 1.0;
        }
      if (ehi - elo <= target / 3.0)
        {
          /* A few decades: 1, 2 and 5 times each power of ten; within one
           * decade every multiple. */
          static const double mult[] = { 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0 };
          gboolean all = ehi - elo < 1.0 - 1e-9;

          for (d = floor (elo); d <= ceil (ehi); d++)
            for (guint m = 0; m < G_N_ELEMENTS (mult); m++)
              {
                double e = d + log10 (mult[m]);

                if (!all && mult[m] != 1.0 && mult[m] != 2.0 && mult[m] != 5.0)
                  continue;
                if (e >= elo - 1e-9 && e <= ehi + 1e-9 && ticks->n < BELIEF_CHART_MAX_TICKS)
                  ticks->values[ticks->n++] = mult[m] * pow (10.0, d);
              }
        }
      else
        {
          step = MAX (1.0, nice_step ((ehi - elo) / target));
          if (expand)
            {
              elo = floor (elo / step + 1e-9) * step;
              ehi = ceil (ehi / step - 1e-9) * step;
            }
          for (d = ceil (elo / step - 1e-9); d <= floor (ehi / step + 1e-9)
               && ticks->n < BELIEF_CHART_MAX_TICKS; d++)
            ticks->values[ticks->n++] = pow (10.0, d * step);
        }
      ticks->lo = pow (10.0, elo), ticks->hi = pow (10.0, ehi), ticks->step = step;
    }
}

void
belief_chart_format_tick (char     *buf,
                          gsize     size,
                          double    value,
                          double    step,
                          gboolean  log_scale)
{
  int e, dec;

  if (!isfinite (value) || (log_scale && value <= 0.0))
    {
      g_snprintf (buf, size, "%s", "?");
      return;
    }
  if (log_scale)
    {
      double m;

      e = (int) floor (log10 (value) + 1e-9);
      m = value / pow (10.0, e);
      if (e >= -4 && e <= 5)
        g_snprintf (buf, size, "%.*f", MAX (0, -e), value);
      else if (fabs (m - 1.0) < 1e-6)
        g_snprintf (buf, size, "1e%d", e);
      else
        g_snprintf (buf, size, "%.0fe%d", m, e);
      return;
    }

  if (step <= 0.0 || !isfinite (step))
    step = fabs (value) > 0.0 ? fabs (value) : 1.0;
  if (fabs (value) < step * 1e-6)
    value = 0.0;
  dec = MAX (0, (int) ceil (-log10 (step) - 1e-9));
  if (value == 0.0 && (dec > 4 || step >= 1e4))
    g_snprintf (buf, size, "%s", "0");
  else if (dec > 4 || step >= 1e8)
    {
      /* "2e-5", "1.5e-5", "3e9": the mantissa keeps the step's digits */
      e = (int) floor (log10 (fabs (value)) + 1e-9);
      g_snprintf (buf, size, "%.*fe%d",
                  CLAMP (e - (int) floor (log10 (step) + 1e-9), 0, 6),
                  value / pow (10.0, e), e);
    }
  else if (step >= 1e5)   /* counts of samples: "0.5M", "1.0M", "1.5M" */
    g_snprintf (buf, size, "%.*fM", MAX (0, 6 - (int) floor (log10 (step) + 1e-9)), value / 1e6);
  else if (step >= 1e4)   /* "10k", "20k" */
    g_snprintf (buf, size, "%.0fk", value / 1e3);
  else
    g_snprintf (buf, size, "%.*f", dec, value);
}
