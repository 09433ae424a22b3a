#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include "fuzz_util.h"

static void fuzz_remove_scratch(void);

void fuzz_init(void)
{
  g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
}

static char *fuzz_dir;

const char *fuzz_scratch_dir(void)
{
  if (!fuzz_dir) {
    GError *error = NULL;
    fuzz_dir = g_dir_make_tmp("terrimap-fuzz-XXXXXX", &error);
    if (!fuzz_dir) {
      fprintf(stderr, "fuzz: cannot create a scratch directory: %s\n", error->message);
      g_error_free(error);
      abort();
    }
    atexit(fuzz_remove_scratch);
  }
  return fuzz_dir;
}

static void fuzz_remove_scratch(void)
{
  if (!fuzz_dir)
    return;
  GDir *d = g_dir_open(fuzz_dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    char *path = g_build_filename(fuzz_dir, name, NULL);
    g_unlink(path);
    g_free(path);
  }
  if (d)
    g_dir_close(d);
  g_rmdir(fuzz_dir);
  g_clear_pointer(&fuzz_dir, g_free);
}

char *fuzz_write_file(const char *name, const uint8_t *data, size_t size)
{
  char *path = g_build_filename(fuzz_scratch_dir(), name, NULL);
  FILE *f = fopen(path, "wb");
  if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
    fprintf(stderr, "fuzz: cannot write %s\n", path);
    abort();
  }
  return path;
}

static void fuzz_quiet_log(const char *message, void *user_data)
{
  (void)message;
  (void)user_data;
}

tm_context_t *fuzz_context_new(void)
{
  tm_context_t *ctx = tm_context_new();
  tm_context_set_log_func(ctx, fuzz_quiet_log, NULL);
  return ctx;
}

guint fuzz_take_u8(fuzz_cursor_t *c)
{
  return c->pos < c->size ? c->data[c->pos++] : 0;
}

guint fuzz_take_u16(fuzz_cursor_t *c)
{
  guint lo = fuzz_take_u8(c);
  return lo | fuzz_take_u8(c) << 8;
}

const uint8_t *fuzz_take_bytes(fuzz_cursor_t *c, size_t n, size_t *got)
{
  size_t left = c->size - c->pos;
  *got = n < left ? n : left;
  const uint8_t *p = c->data + c->pos;
  c->pos += *got;
  return p;
}

void fuzz_report(GError **error)
{
  if (*error && g_getenv("FUZZ_VERBOSE"))
    fprintf(stderr, "fuzz: %s\n", (*error)->message);
  g_clear_error(error);
}
