/* belief-digits-widget.h: a grid of digit images, or the bars of the ten
 * label probabilities, drawn by src/render into a GTK snapshot.
 *
 * The widget keeps copies of what it shows.  Without anything to show it
 * writes its placeholder text ("Click a digit above to start") in the middle.
 * Colours follow the theme (light or dark) around MNIST's white-on-black
 * images.  An optional mask tints the hidden pixels of image 0 (recovery);
 * marked images get a frame in the theme's error colour (a generated digit
 * the judge reads as another label).
 */
#pragma once

#include <gtk/gtk.h>

#include "belief-digits-render.h"

G_BEGIN_DECLS

#define BELIEF_TYPE_DIGITS_WIDGET (belief_digits_widget_get_type ())

G_DECLARE_FINAL_TYPE (BeliefDigitsWidget, belief_digits_widget, BELIEF, DIGITS_WIDGET, GtkWidget)

GtkWidget   *belief_digits_widget_new             (void);

/* Shows count images (count, rows * cols) in [0, 1]; captions has count
 * entries or is NULL; grid_cols 0 lays them out about square.  count 0
 * clears the widget. */
void         belief_digits_widget_set_images      (BeliefDigitsWidget *self,
                                                   const float        *images,
                                                   int                 count,
                                                   int                 rows,
                                                   int                 cols,
                                                   int                 grid_cols,
                                                   const char * const *captions);
/* Shows the bars of n probabilities instead (n 0 clears). */
void         belief_digits_widget_set_probs       (BeliefDigitsWidget *self,
                                                   const float        *probs,
                                                   int                 n);
/* Hidden pixels (mask < 0.5, rows * cols) of image 0 are tinted; NULL: none. */
void         belief_digits_widget_set_mask        (BeliefDigitsWidget *self,
                                                   const float        *mask);
/* marked (one entry per shown image) frames those that are TRUE; NULL: none.
 * New images drop the marks. */
void         belief_digits_widget_set_marked      (BeliefDigitsWidget *self,
                                                   const gboolean     *marked);
void         belief_digits_widget_set_placeholder (BeliefDigitsWidget *self,
                                                   const char         *text);
/* Asks to be as tall as it is wide, up to max_size (0: a plain 160 px). */
void         belief_digits_widget_set_square      (BeliefDigitsWidget *self,
                                                   int                 max_size);
void         belief_digits_widget_clear           (BeliefDigitsWidget *self);

/* What is shown: images (count, rows * cols), or NULL. */
const float *belief_digits_widget_get_images      (BeliefDigitsWidget *self,
                                                   int                *count,
                                                   int                *rows,
                                                   int                *cols);
/* The caption of image k, or NULL. */
const char  *belief_digits_widget_get_caption     (BeliefDigitsWidget *self,
                                                   int                 k);
/* The image and pixel under the widget point (x, y); FALSE off the images. */
gboolean     belief_digits_widget_pixel_at        (BeliefDigitsWidget *self,
                                                   double              x,
                                                   double              y,
                                                   int                *image,
                                                   int                *row,
                                                   int                *col);
/* The shown images as a PNG picture (4 px per image pixel, captions under). */
gboolean     belief_digits_widget_save_png        (BeliefDigitsWidget  *self,
                                                   const char          *filename,
                                                   GError             **error);

G_END_DECLS
