/* fuzz-target.h: what every fuzz target provides, for libFuzzer and replay.
 *
 * Each fuzz-<target>.c defines belief_fuzz_one: one input through one core
 * loader, with the promises of a successful load checked (FUZZ_CHECK aborts,
 * which libFuzzer and the replay test both report as a crash).  fuzz-entry.c
 * wraps it as LLVMFuzzerTestOneInput; fuzz-replay.c drives that entry point
 * over committed files in the normal build.
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

/* TRUE when the loader accepted DATA. */
gboolean belief_fuzz_one (const guint8 *data, gsize size);

/* What the last LLVMFuzzerTestOneInput call's belief_fuzz_one returned. */
extern gboolean belief_fuzz_accepted;

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Aborts with the failed condition when COND is false. */
#define FUZZ_CHECK(cond) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      belief_fuzz_fail (__FILE__, __LINE__, #cond); \
  } G_STMT_END

G_NORETURN void belief_fuzz_fail (const char *file, int line, const char *cond);

/* A rejected input's error: set, in BELIEF_ERROR, valid UTF-8 (it ends up in
 * a GTK label), starting with "NAME: " so that it names the file. */
void belief_fuzz_check_error (const GError *error, const char *name);

G_END_DECLS
