/* Helpers shared by the fuzz targets: a scratch directory per process,
 * silent contexts, and a cursor over the fuzzer's bytes. */
#ifndef TERRIMAP_FUZZ_UTIL_H
#define TERRIMAP_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include "terrimap/core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Makes GLib criticals (a failed g_return_if_fail: a caller broke a
 * contract) fatal, as G_DEBUG=fatal-criticals does under ctest, so the
 * fuzzer reports them.  Called first by every target; cheap. */
void fuzz_init(void);

/* A directory private to this process, created on first use.  libFuzzer
 * calls the target millions of times, so it is made once rather than per
 * input; it is the one piece of state a fuzz target keeps. */
const char *fuzz_scratch_dir(void);
/* Writes bytes to dir/name; returns the path (caller frees). */
char *fuzz_write_file(const char *name, const uint8_t *data, size_t size);
/* A context whose warnings go nowhere (the fuzzer's output stays readable). */
tm_context_t *fuzz_context_new(void);

/* Prints error's message when FUZZ_VERBOSE is set (to see where a seed
 * stops), then clears it. */
void fuzz_report(GError **error);

/* Reading the input piece by piece; reads past the end give zeros. */
typedef struct {
  const uint8_t *data;
  size_t size, pos;
} fuzz_cursor_t;

guint fuzz_take_u8(fuzz_cursor_t *c);
guint fuzz_take_u16(fuzz_cursor_t *c);
/* Up to n bytes; *got receives how many. */
const uint8_t *fuzz_take_bytes(fuzz_cursor_t *c, size_t n, size_t *got);

#endif
