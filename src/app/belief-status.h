/* belief-status.h: the words of the status line, as plain functions. */
#pragma once

#include <glib.h>

#include "belief-session.h"

G_BEGIN_DECLS

/* 41200 -> "41,200" with the locale's thousands separator ("," in C). */
char *belief_status_format_count    (guint64 n);
/* 20 -> "20 s", 200 -> "3 min 20 s", 4000 -> "1 h 7 min". */
char *belief_status_format_duration (double seconds);
/* "Pretraining layer 2 of 3 · epoch 4 of 30 · minibatch 12 of 400
 * · 41,200 samples/s · about 20 s left"; paused drops the speed. */
char *belief_status_format_progress (const BeliefProgress *progress,
                                     gboolean              paused);

/* "50,000 training · 10,000 validation · 10,000 test images, 28×28";
 * a split of 0 images is left out.  The spaces inside "50,000 training"
 * are no-break spaces: a wrapped line breaks between the splits. */
char *belief_status_format_data_sizes (guint64 n_train,
                                       guint64 n_validation,
                                       guint64 n_test,
                                       guint   rows,
                                       guint   cols);
/* "Ready · 784-500-500+10-2000 · 8,000 training images · press Train to start" */
char *belief_status_format_ready    (const char *architecture,
                                     guint64     n_train);
/* "Model “m.safetensors” · 784-… · Reset makes a new model from the settings" */
char *belief_status_format_loaded   (const char *name,
                                     const char *architecture);
/* "Finished · 784-… · test accuracy 97.1 % · trained in 3 min 20 s";
 * test_accuracy < 0 leaves it out. */
char *belief_status_format_finished (const char *architecture,
                                     double      test_accuracy,
                                     double      seconds);

G_END_DECLS
