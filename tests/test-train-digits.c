/* test-train-digits.c: a short real training run on the default digits.
 *
 * A small DBN (784-200+10-500) trained for a few epochs on 2,000 of the
 * converted MNIST digits must recognise the 2,000 held-out digits far above
 * chance; the figure is stated here, not read from the code under test. */
#include "belief-blas.h"
#include "belief-session.h"

#define REQUIRED_TEST_ACCURACY 0.85

static void
test_train_digits_small_dbn (void)
{
  g_autofree char *dir = belief_dataset_default_dir ();
  g_autoptr(BeliefDataset) train = NULL, test = NULL;
  g_autoptr(BeliefSession) s = NULL;
  g_autoptr(BeliefDbn) dbn = NULL;
  g_autoptr(GError) error = NULL;
  BeliefConfig cfg;
  BeliefRng rng;
  double fe, gibbs;

  train = belief_dataset_load_dir (dir, BELIEF_SPLIT_TRAIN, &error);
  if (train == NULL)
    {
      g_test_skip_printf ("no default digits (%s); run ./run.sh --setup-only", error->message);
      return;
    }
  test = belief_dataset_load_dir (dir, BELIEF_SPLIT_TEST, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (train->n, ==, 8000);
  g_assert_cmpuint (test->n, ==, 2000);

  belief_config_defaults (&cfg);
  cfg.n_hidden = 2;
  cfg.hidden[0] = 200;
  cfg.hidden[1] = 500;
  cfg.epochs = 4;
  cfg.top_epochs = 0;
  cfg.finetune_epochs = 1;
  cfg.train_size = 2000;
  cfg.eval_size = 0;
  s = belief_session_new (&cfg, train, test, &error);
  g_assert_no_error (error);
  g_assert_true (belief_session_run (s, &error));
  g_assert_no_error (error);

  dbn = belief_session_snapshot (s);
  belief_rng_init (&rng, 3);
  fe = belief_evaluate (dbn, test, 0, BELIEF_RECOG_FREE_ENERGY, 15, &rng);
  gibbs = belief_evaluate (dbn, test, 0, BELIEF_RECOG_GIBBS, 15, &rng);
  g_test_message ("test accuracy: free energy %.4f, Gibbs %.4f", fe, gibbs);
  g_assert_cmpfloat (fe, >=, REQUIRED_TEST_ACCURACY);
  g_assert_cmpfloat (gibbs, >=, REQUIRED_TEST_ACCURACY);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/train/digits-small-dbn", test_train_digits_small_dbn);
  return g_test_run ();
}
