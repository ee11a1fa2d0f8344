/* test-digitize.c: strokes become MNIST-like inputs: fitted into the 20x20
 * box with the aspect ratio kept, grey at the edges, centre of mass at the
 * centre. */
#include <math.h>

#include "belief-digitize.h"

#define S 28

static void
moments (const float *img, double *mass, double *cx, double *cy, int *rows, int *cols)
{
  int r0 = S, r1 = -1, c0 = S, c1 = -1;

  *mass = *cx = *cy = 0;
  for (int r = 0; r < S; r++)
    for (int c = 0; c < S; c++)
      {
        double w = img[r * S + c];

        *mass += w;
        *cx += w * (c + 0.5);
        *cy += w * (r + 0.5);
        if (w > 0.05)
          {
            r0 = MIN (r0, r); r1 = MAX (r1, r);
            c0 = MIN (c0, c); c1 = MAX (c1, c);
          }
      }
  *cx /= *mass;
  *cy /= *mass;
  *rows = r1 - r0 + 1;
  *cols = c1 - c0 + 1;
}

static void
test_digitize_vertical_bar (void)
{
  g_autoptr(BeliefStrokes) s = belief_strokes_new (20);
  float img[S * S];
  double mass, cx, cy;
  int rows, cols;
  gboolean grey = FALSE;

  /* a "1" drawn in the top-left corner of a 400x400 canvas */
  belief_strokes_begin (s, 60, 20);
  for (int y = 20; y <= 220; y += 10)
    belief_strokes_add_point (s, 60, y);
  g_assert_true (belief_strokes_digitize (s, S, img));
  moments (img, &mass, &cx, &cy, &rows, &cols);
  g_test_message ("mass %.1f, centre (%.2f, %.2f), %d rows x %d cols", mass, cx, cy, rows, cols);
  /* centred by mass, wherever it was drawn */
  g_assert_cmpfloat (fabs (cx - S / 2.0), <, 0.1);
  g_assert_cmpfloat (fabs (cy - S / 2.0), <, 0.1);
  /* fitted to 20 pixels tall, and still thin: the aspect ratio is kept */
  g_assert_cmpint (rows, >=, 19);
  g_assert_cmpint (rows, <=, 22);
  g_assert_cmpint (cols, <=, 4);
  for (int i = 0; i < S * S; i++)
    {
      g_assert_cmpfloat (img[i], >=, 0.0f);
      g_assert_cmpfloat (img[i], <=, 1.0f);
      grey |= img[i] > 0.1f && img[i] < 0.9f;
    }
  g_assert_true (grey);  /* anti-aliased edges */
}

static void
test_digitize_scale_invariant (void)
{
  g_autoptr(BeliefStrokes) small = belief_strokes_new (4);
  g_autoptr(BeliefStrokes) big = belief_strokes_new (40);
  float a[S * S], b[S * S];
  double diff = 0;

  /* the same "L" at two scales (pen scaled too) digitises the same */
  belief_strokes_begin (small, 10, 10);
  belief_strokes_add_point (small, 10, 40);
  belief_strokes_add_point (small, 30, 40);
  belief_strokes_begin (big, 300, 100);
  belief_strokes_add_point (big, 300, 400);
  belief_strokes_add_point (big, 500, 400);
  g_assert_true (belief_strokes_digitize (small, S, a));
  g_assert_true (belief_strokes_digitize (big, S, b));
  for (int i = 0; i < S * S; i++)
    diff = MAX (diff, fabs (a[i] - b[i]));
  g_assert_cmpfloat (diff, <, 0.02);
}

static void
test_digitize_undo_and_empty (void)
{
  g_autoptr(BeliefStrokes) s = belief_strokes_new (10);
  g_autoptr(BeliefStrokes) copy = NULL;
  float img[S * S];

  g_assert_true (belief_strokes_is_empty (s));
  g_assert_false (belief_strokes_digitize (s, S, img));
  g_assert_cmpfloat (img[0], ==, 0.0f);
  belief_strokes_begin (s, 0, 0);
  belief_strokes_add_point (s, 10, 10);
  belief_strokes_begin (s, 50, 50);  /* a dot */
  copy = belief_strokes_copy (s);
  g_assert_true (belief_strokes_undo (s));
  g_assert_false (belief_strokes_is_empty (s));
  g_assert_true (belief_strokes_undo (s));
  g_assert_true (belief_strokes_is_empty (s));
  g_assert_false (belief_strokes_undo (s));
  g_assert_cmpuint (copy->strokes->len, ==, 2);
  g_assert_true (belief_strokes_digitize (copy, S, img));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/digitize/vertical-bar", test_digitize_vertical_bar);
  g_test_add_func ("/digitize/scale-invariant", test_digitize_scale_invariant);
  g_test_add_func ("/digitize/undo-and-empty", test_digitize_undo_and_empty);
  return g_test_run ();
}
