/* Resuming (--skip-existing), a failing map among good ones, and the
 * progress log when stderr is not a terminal. */
#include <string.h>
#include <time.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <utime.h>
#include "batch_test.h"

/* The files a map leaves besides the formats asked for. */
static const char *const tm_map_files[][2] = {
  {"", ".png"}, {"", ".json"}, {"thumbs/", ".thumb.png"}};

static GHashTable *tm_batch_mtimes(const char *dir, JsonArray *maps)
{
  GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < json_array_get_length(maps); i++) {
    const char *code = json_object_get_string_member(json_array_get_object_element(maps, i),
                                                     "code");
    for (guint f = 0; f < G_N_ELEMENTS(tm_map_files); f++) {
      char *path = g_strconcat(dir, "/", tm_map_files[f][0], "region-", code,
                               tm_map_files[f][1], NULL);
      gint64 *m = g_new(gint64, 1);
      *m = tm_batch_mtime_ns(path);
      g_assert_cmpint(*m, >, 0);
      g_hash_table_insert(t, path, m);
    }
  }
  return t;
}

static JsonParser *tm_batch_index(const char *dir)
{
  char *path = g_build_filename(dir, "index.json", NULL);
  JsonParser *p = json_parser_new();
  GError *error = NULL;
  json_parser_load_from_file(p, path, &error);
  g_assert_no_error(error);
  g_free(path);
  return p;
}

static void tm_batch_run_expect(const tm_batch_ctx_t *ctx, const char *out, gboolean skip,
                                const char *summary_part, tm_batch_run_t *run)
{
  tm_batch_run(ctx, run, "--each", "region", "--format", "png", "-o", out,
               skip ? "--skip-existing" : NULL, NULL);
  if (run->status != 0)
    g_printerr("%s", run->err);
  g_assert_cmpint(run->status, ==, 0);
  char *summary = tm_batch_summary(run->err);
  g_assert_nonnull(summary);
  if (!strstr(summary, summary_part))
    g_printerr("summary: %s\nexpected: %s\n", summary, summary_part);
  g_assert_nonnull(strstr(summary, summary_part));
  g_free(summary);
}

void tm_batch_case_skip_existing(gconstpointer data)
{
  const tm_batch_ctx_t *ctx0 = data;
  char *tmp = tm_batch_tmpdir("skip");
  char *out = g_build_filename(tmp, "atlas", NULL);
  /* A copy of the style, to touch it without touching the source tree. */
  char *style = g_build_filename(tmp, "style.ini", NULL);
  char *text = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(ctx0->style, &text, &len, NULL));
  g_assert_true(g_file_set_contents(style, text, (gssize)len, NULL));
  tm_batch_ctx_t ctx = *ctx0;
  ctx.style = style;
  tm_batch_run_t run;
  tm_batch_run_expect(&ctx, out, FALSE, "18 map(s) rendered, 0 skipped", &run);
  tm_batch_run_clear(&run);
  JsonParser *index = tm_batch_index(out);
  JsonArray *maps = json_object_get_array_member(json_node_get_object(json_parser_get_root(index)),
                                                 "maps");
  GHashTable *before = tm_batch_mtimes(out, maps);
  /* A rewrite within the same clock tick could keep the mtime. */
  g_usleep(1100 * 1000);

  tm_batch_run_expect(&ctx, out, TRUE, "0 map(s) rendered, 18 skipped", &run);
  guint skipped_lines = 0;
  char **lines = g_strsplit(run.err, "\n", -1);
  for (char **l = lines; *l; l++)
    skipped_lines += g_str_has_prefix(*l, "skipped [");
  g_strfreev(lines);
  g_assert_cmpuint(skipped_lines, ==, TM_BATCH_REGIONS);
  tm_batch_run_clear(&run);
  GHashTable *after = tm_batch_mtimes(out, maps);
  GHashTableIter it;
  gpointer path, m;
  g_hash_table_iter_init(&it, before);
  while (g_hash_table_iter_next(&it, &path, &m)) {
    gint64 *m2 = g_hash_table_lookup(after, path);
    if (*m2 != *(gint64 *)m)
      g_printerr("%s rewritten by --skip-existing\n", (char *)path);
    g_assert_cmpint(*m2, ==, *(gint64 *)m);
  }
  g_hash_table_unref(after);

  /* A resumed atlas renders what is missing, and only that. */
  char *png = g_strdup_printf("%s/region-27.png", out);
  char *thumb = g_strdup_printf("%s/thumbs/region-11.thumb.png", out);
  char *meta = g_strdup_printf("%s/region-24.json", out);
  g_assert_cmpint(g_unlink(png), ==, 0);
  g_assert_cmpint(g_unlink(thumb), ==, 0);
  g_assert_cmpint(g_unlink(meta), ==, 0);
  tm_batch_run(&ctx, &run, "--each", "region", "--format", "png", "-o", out, "--skip-existing",
               NULL);
  g_assert_cmpint(run.status, ==, 0);
  g_assert_true(g_file_test(png, G_FILE_TEST_IS_REGULAR));
  char *summary = tm_batch_summary(run.err);
  /* Regression: only the formats were checked, not the sidecar nor the
   * thumbnail, so an interrupted atlas resumed with holes in its gallery. */
  g_assert_true(g_file_test(thumb, G_FILE_TEST_EXISTS));
  g_assert_true(g_file_test(meta, G_FILE_TEST_EXISTS));
  g_assert_nonnull(strstr(summary, "3 map(s) rendered, 15 skipped"));
  g_free(summary);
  tm_batch_run_clear(&run);

  /* A newer style makes every map out of date.  The binary compares whole
   * seconds: the sleep puts the new mtime past every output's. */
  g_usleep(1100 * 1000);
  struct utimbuf now = {.actime = time(NULL), .modtime = time(NULL)};
  g_assert_cmpint(g_utime(style, &now), ==, 0);
  tm_batch_run_expect(&ctx, out, TRUE, "18 map(s) rendered, 0 skipped", &run);
  tm_batch_run_clear(&run);
  g_assert_true(g_file_test(thumb, G_FILE_TEST_IS_REGULAR));
  g_assert_true(g_file_test(meta, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint(tm_batch_mtime_ns(png), >=, (gint64)now.modtime * 1000000000);

  g_free(meta);
  g_free(thumb);
  g_free(png);
  g_hash_table_unref(before);
  g_object_unref(index);
  g_free(text);
  tm_batch_rmtree(tmp);
  g_free(style);
  g_free(out);
  g_free(tmp);
}
