/* belief-test-utils.c: what the UI tests share. */
#include <glib/gstdio.h>

#include "belief-test-utils.h"

static guint poll_usec = 2000;

gboolean
belief_test_init (int    *argc,
                  char ***argv)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return FALSE;
    }
  g_setenv ("LANGUAGE", "C", TRUE);
  /* no accessibility bus under xvfb: GTK would warn, and warnings are fatal */
  g_setenv ("GTK_A11Y", "none", FALSE);
  gtk_test_init (argc, argv, NULL);
  /* screenshots without half-finished transitions */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  return TRUE;
}

void
belief_test_set_poll_interval (guint usec)
{
  poll_usec = usec;
}

void
belief_test_drain (guint max_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) max_ms * 1000;

  while (g_get_monotonic_time () < end && g_main_context_iteration (NULL, FALSE))
    ;
}

gboolean
belief_test_wait_until (BeliefTestCondition cond,
                        gpointer            data,
                        guint               timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  /* The condition and the deadline are checked after every dispatch: with
   * training running the main loop may never run dry (slow sanitizer
   * builds, a loaded machine), and draining it first never returned. */
  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (poll_usec);
    }
  /* then what the change set off (layout, drawing), as before */
  belief_test_drain (2000);
  return TRUE;
}


void
belief_test_run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (poll_usec);
}

GdkTexture *
belief_test_render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return NULL;
  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

void
belief_test_save_png (GtkWidget  *widget,
                      const char *path)
{
  g_autoptr(GdkTexture) texture = belief_test_render_widget (widget);

  g_assert_nonnull (texture);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

void
belief_test_write_screenshot (GtkWidget  *widget,
                              const char *name)
{
  const char *dir = g_getenv ("BELIEF_SCREENSHOT_DIR");
  g_autofree char *tmp = NULL;
  g_autofree char *path = NULL;
  GStatBuf st;

  if (dir == NULL || dir[0] == '\0')
    {
      tmp = g_dir_make_tmp ("belief-test-screenshot-XXXXXX", NULL);
      g_assert_nonnull (tmp);
      dir = tmp;
    }
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, name, NULL);
  gtk_test_widget_wait_for_draw (widget);
  belief_test_save_png (widget, path);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 1000);
  g_test_message ("screenshot: %s", path);
  if (tmp != NULL)
    {
      g_unlink (path);
      g_rmdir (tmp);
    }
}

GtkWindow *
belief_test_find_toplevel (GType    type,
                           gboolean visible_only)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* borrowed */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type)
          && (!visible_only || gtk_widget_get_visible (GTK_WIDGET (window))))
        return window;   /* GTK keeps its toplevels */
    }
  return NULL;
}

GtkLabel *
belief_test_find_label (GtkWidget  *widget,
                        const char *prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (child)), prefix))
        return GTK_LABEL (child);
      if ((found = belief_test_find_label (child, prefix)) != NULL)
        return found;
    }
  return NULL;
}

BeliefData *
belief_test_load_default_data (char   **dir,
                               GError **error)
{
  BeliefDataset *train, *test;

  *dir = belief_dataset_default_dir ();
  train = belief_dataset_load_dir (*dir, BELIEF_SPLIT_TRAIN, error);
  if (train == NULL)
    return NULL;
  test = belief_dataset_load_dir (*dir, BELIEF_SPLIT_TEST, error);
  if (test == NULL)
    {
      belief_dataset_free (train);
      return NULL;
    }
  return belief_data_new (train, test, *dir);
}

BeliefData *
belief_test_load_named_data (const char  *name,
                             GError     **error)
{
  g_autoptr(BeliefDataset) all = NULL, train = NULL, validation = NULL, test = NULL;
  g_autofree char *dir = belief_dataset_dir_for_name (name, error);

  if (dir == NULL
      || (all = belief_dataset_load_named (name, BELIEF_SPLIT_TRAIN, error)) == NULL
      || (test = belief_dataset_load_named (name, BELIEF_SPLIT_TEST, error)) == NULL)
    return NULL;
  belief_dataset_split (all, belief_dataset_default_validation (name, all->n), &train, &validation);
  return belief_data_new_full (g_steal_pointer (&train), g_steal_pointer (&validation),
                               g_steal_pointer (&test), dir, name);
}

BeliefWindow *
belief_test_window_new (BeliefData *data,
                        BeliefDbn  *model,
                        const char *view)
{
  BeliefWindow *window = g_object_ref (belief_window_new (NULL, NULL));

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);
  belief_window_set_data (window, data);
  if (model != NULL)
    belief_trainer_set_model (belief_window_get_trainer (window), model);
  if (view != NULL)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", view));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

GtkWidget *
belief_test_window_get_view (BeliefWindow *window,
                             const char   *name)
{
  return gtk_widget_get_first_child (GTK_WIDGET (belief_window_get_page (window, name)));
}

void
belief_test_window_destroy (BeliefWindow *window)
{
  BeliefTrainer *trainer = g_object_ref (belief_window_get_trainer (window));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_assert_finalize_object (trainer);
}
