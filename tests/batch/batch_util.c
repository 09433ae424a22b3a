/* Running the binary and comparing what it leaves on disk. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cairo.h>
#include <glib/gstdio.h>
#include "batch_test.h"

int tm_batch_spawn(const char *const *argv, char **out, char **err)
{
  int status = 0;
  GError *error = NULL;
  gboolean spawned = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                  out, err, &status, &error);
  g_assert_no_error(error);
  g_assert_true(spawned);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void tm_batch_run_argv(const tm_batch_ctx_t *ctx, tm_batch_run_t *run, const char *const *args)
{
  GPtrArray *argv = g_ptr_array_new();
  g_ptr_array_add(argv, (char *)ctx->bin);
  for (const char *const *a = args; *a; a++)
    g_ptr_array_add(argv, (char *)*a);
  g_ptr_array_add(argv, NULL);
  memset(run, 0, sizeof *run);
  run->status = tm_batch_spawn((const char *const *)argv->pdata, &run->out, &run->err);
  g_ptr_array_free(argv, TRUE);
}

void tm_batch_run(const tm_batch_ctx_t *ctx, tm_batch_run_t *run, ...)
{
  GPtrArray *args = g_ptr_array_new();
  const char *fixed[] = {"batch", "--style", ctx->style, "--dpi", TM_BATCH_DPI};
  for (guint i = 0; i < G_N_ELEMENTS(fixed); i++)
    g_ptr_array_add(args, (char *)fixed[i]);
  va_list ap;
  va_start(ap, run);
  for (const char *a = va_arg(ap, const char *); a; a = va_arg(ap, const char *))
    g_ptr_array_add(args, (char *)a);
  va_end(ap);
  g_ptr_array_add(args, NULL);
  tm_batch_run_argv(ctx, run, (const char *const *)args->pdata);
  g_ptr_array_free(args, TRUE);
}

void tm_batch_run_clear(tm_batch_run_t *run)
{
  g_clear_pointer(&run->out, g_free);
  g_clear_pointer(&run->err, g_free);
}

char *tm_batch_tmpdir(const char *what)
{
  char *tmpl = g_strdup_printf("terrimap-batch-%s-XXXXXX", what);
  GError *error = NULL;
  char *dir = g_dir_make_tmp(tmpl, &error);
  g_assert_no_error(error);
  g_free(tmpl);
  return dir;
}

void tm_batch_rmtree(const char *path)
{
  /* Only ever our own temporary trees, hence the check of the name. */
  g_assert_nonnull(strstr(path, "terrimap-batch-"));
  const char *argv[] = {"rm", "-rf", "--", path, NULL};
  g_assert_cmpint(tm_batch_spawn(argv, NULL, NULL), ==, 0);
}

guint tm_batch_count_files(const char *dir)
{
  GDir *d = g_dir_open(dir, 0, NULL);
  if (!d)
    return 0;
  guint n = 0;
  for (const char *name = g_dir_read_name(d); name; name = g_dir_read_name(d)) {
    char *path = g_build_filename(dir, name, NULL);
    if (g_file_test(path, G_FILE_TEST_IS_DIR))
      n += tm_batch_count_files(path);
    else if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
      n++;
    g_free(path);
  }
  g_dir_close(d);
  return n;
}

void tm_batch_assert_same_tree(const char *a, const char *b)
{
  /* An empty tree would compare equal to another: both must be complete. */
  g_assert_cmpuint(tm_batch_count_files(a), ==, TM_BATCH_REF_FILES);
  const char *argv[] = {"diff", "-r", "-q", a, b, NULL};
  char *out = NULL;
  int status = tm_batch_spawn(argv, &out, NULL);
  if (status != 0)
    g_printerr("diff -r %s %s:\n%s", a, b, out);
  g_assert_cmpstr(out, ==, "");
  g_assert_cmpint(status, ==, 0);
  g_free(out);
}

void tm_batch_copy_tree(const char *from, const char *to)
{
  const char *argv[] = {"cp", "-a", "--", from, to, NULL};
  g_assert_cmpint(tm_batch_spawn(argv, NULL, NULL), ==, 0);
}

gint64 tm_batch_mtime_ns(const char *path)
{
  struct stat st;
  if (stat(path, &st) != 0)
    return -1;
  return (gint64)st.st_mtim.tv_sec * G_GINT64_CONSTANT(1000000000) + st.st_mtim.tv_nsec;
}

char *tm_batch_summary(const char *err)
{
  char **lines = g_strsplit(err ? err : "", "\n", -1);
  char *found = NULL;
  for (char **l = lines; *l; l++)
    if (g_str_has_prefix(*l, "batch: ")) {
      g_free(found);
      found = g_strdup(*l);
    }
  g_strfreev(lines);
  return found;
}

gboolean tm_batch_have_tool(tm_batch_ctx_t *ctx, const char *program, const char *package)
{
  char *path = g_find_program_in_path(program);
  gboolean found = path != NULL;
  g_free(path);
  if (!found) {
    char *msg = g_strdup_printf("%s not found: install the Debian package %s "
                                "(scripts/install-test-deps)", program, package);
    g_printerr("SKIP: %s\n", msg);
    g_test_skip(msg);
    g_free(msg);
    ctx->skipped = TRUE;
  }
  return found;
}

guint tm_batch_png_nonwhite(const char *path, guint *total)
{
  cairo_surface_t *s = cairo_image_surface_create_from_png(path);
  g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush(s);
  int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
  int stride = cairo_image_surface_get_stride(s);
  const unsigned char *data = cairo_image_surface_get_data(s);
  guint n = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      guint32 p = ((const guint32 *)(data + (gsize)y * stride))[x];
      /* Premultiplied ARGB: transparent counts as white, like a page. */
      gboolean white = (p >> 24) < 16 || (((p >> 16) & 0xff) > 240 && ((p >> 8) & 0xff) > 240 &&
                                          (p & 0xff) > 240);
      n += !white;
    }
  *total = (guint)w * (guint)h;
  cairo_surface_destroy(s);
  return n;
}

void tm_batch_assert_reference(const tm_batch_ctx_t *ctx)
{
  char *index = g_build_filename(ctx->ref_dir, "index.json", NULL);
  if (!g_file_test(index, G_FILE_TEST_IS_REGULAR))
    g_printerr("%s missing: run /batch/reference first (ctest does, fixture batch_ref)\n", index);
  g_assert_true(g_file_test(index, G_FILE_TEST_IS_REGULAR));
  g_free(index);
}

void tm_batch_assert_same_file(const char *a, const char *b)
{
  char *ta = NULL, *tb = NULL;
  gsize la = 0, lb = 0;
  GError *error = NULL;
  g_file_get_contents(a, &ta, &la, &error);
  g_assert_no_error(error);
  g_file_get_contents(b, &tb, &lb, &error);
  g_assert_no_error(error);
  if (la != lb || memcmp(ta, tb, la) != 0)
    g_printerr("%s and %s differ\n", a, b);
  g_assert_cmpuint(la, ==, lb);
  g_assert_true(memcmp(ta, tb, la) == 0);
  g_free(ta);
  g_free(tb);
}
