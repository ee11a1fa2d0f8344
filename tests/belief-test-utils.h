/* belief-test-utils.h: what the UI tests (test-app.c, test-views-*.c) and
 * the screenshot and frame-time programs share: set-up, waiting on the main
 * loop, screenshots, the main window, and the synthetic data sets of
 * belief-test-data.h.
 *
 * The helpers assert (g_assert_*) where a test would, so a failure points
 * at the helper's line; those that may fail in a program that is no test
 * return NULL instead.
 */
#pragma once

#include <gtk/gtk.h>

#include "belief-test-data.h"
#include "belief-window.h"

G_BEGIN_DECLS

typedef gboolean (*BeliefTestCondition) (gpointer data);

/* The start of a UI test's main(): without a display prints TAP's
 * "1..0 # SKIP" line and returns FALSE (return 0 then).  Otherwise sets
 * LANGUAGE=C and GTK_A11Y=none (unless set: xvfb has no accessibility bus,
 * and its warning would be fatal), calls gtk_test_init and turns
 * animations off, so screenshots show no half-finished transition. */
gboolean      belief_test_init              (int                  *argc,
                                             char               ***argv);

/* How long belief_test_wait_until and belief_test_run_for sleep when the
 * main loop has nothing to do: 2000 us unless set (a test timing events by
 * polling sets its own granularity here). */
void          belief_test_set_poll_interval (guint                 usec);

/* Runs the default main context until cond (data) holds; FALSE once
 * timeout_ms have passed without it. */
gboolean      belief_test_wait_until        (BeliefTestCondition   cond,
                                             gpointer              data,
                                             guint                 timeout_ms);

/* Runs the default main context for ms milliseconds. */
void          belief_test_run_for           (guint                 ms);

/* Dispatches what is pending, for at most max_ms (while training runs the
 * main loop may never run dry). */
void          belief_test_drain             (guint                 max_ms);

/* What the toplevel widget shows now, rendered by its own renderer at its
 * size (gtk_widget_paintable_new, gsk_renderer_render_texture); NULL when
 * it drew nothing (a window waiting for its next layout). */
GdkTexture   *belief_test_render_widget     (GtkWidget            *widget);

/* Writes belief_test_render_widget (widget) to path as PNG; asserts that
 * something was drawn and written. */
void          belief_test_save_png          (GtkWidget            *widget,
                                             const char           *path);

/* After the widget's next frame, saves it as name in $BELIEF_SCREENSHOT_DIR
 * (made if missing), or in a temporary folder removed again; asserts the
 * PNG has more than 1000 bytes and reports its path with g_test_message. */
void          belief_test_write_screenshot  (GtkWidget            *widget,
                                             const char           *name);

/* The first toplevel window of type (only a visible one if visible_only),
 * borrowed; NULL if there is none. */
/* The first label below widget whose text starts with prefix, or NULL. */
GtkLabel     *belief_test_find_label        (GtkWidget            *widget,
                                             const char           *prefix);
GtkWindow    *belief_test_find_toplevel     (GType                 type,
                                             gboolean              visible_only);

/* The digits of belief_dataset_default_dir (its path in *dir, also on
 * failure, for a message), both splits; NULL with error set when either
 * is missing or unreadable. */
BeliefData   *belief_test_load_default_data (char                **dir,
                                             GError              **error);
/* A named data set ("mnist"...) as the app holds it: its validation images
 * held out of the training set; NULL with error set when missing. */
BeliefData   *belief_test_load_named_data   (const char           *name,
                                             GError              **error);

/* A main window of 1280x820 on data, with model (taken; NULL for the one
 * the data's settings make) and view shown (NULL: the one it opens with), presented
 * and drawn once.  The caller owns a reference, for
 * g_assert_finalize_object or belief_test_window_destroy. */
BeliefWindow *belief_test_window_new        (BeliefData           *data,
                                             BeliefDbn            *model,
                                             const char           *view);

/* The view widget on the window's page name ("recognise", "experiments"...). */
GtkWidget    *belief_test_window_get_view   (BeliefWindow         *window,
                                             const char           *name);

/* Destroys a window of belief_test_window_new and asserts that it and its
 * trainer (whose worker it joins) are finalized. */
void          belief_test_window_destroy    (BeliefWindow         *window);

G_END_DECLS
