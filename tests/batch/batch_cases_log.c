/* A failing map among good ones (manifest), and the one-line-per-map log
 * written when stderr is not a terminal. */
#include <string.h>
#include <json-glib/json-glib.h>
#include "batch_test.h"

static const char tm_manifest[] =
  "# Three maps, the second with a région that does not exist.\n"
  "[idf]\nextent=region:11\ntitle=Île-de-France (test)\n\n"
  "[bad]\nextent=region:99\n\n"
  "[corse]\nextent=region:94\nfile=corse\n";

static JsonObject *tm_batch_find_map(JsonArray *maps, const char *code)
{
  for (guint i = 0; i < json_array_get_length(maps); i++) {
    JsonObject *m = json_array_get_object_element(maps, i);
    if (g_strcmp0(json_object_get_string_member(m, "code"), code) == 0)
      return m;
  }
  return NULL;
}

/* Every <img src> of index.html that is not a file of dir (caller frees). */
static GString *tm_batch_missing_images(const char *dir)
{
  char *path = g_build_filename(dir, "index.html", NULL);
  char *html = NULL;
  g_assert_true(g_file_get_contents(path, &html, NULL, NULL));
  GString *missing = g_string_new(NULL);
  GRegex *re = g_regex_new("<img[^>]* src=\"([^\"]+)\"", 0, 0, NULL);
  GMatchInfo *mi = NULL;
  for (g_regex_match(re, html, 0, &mi); g_match_info_matches(mi); g_match_info_next(mi, NULL)) {
    char *src = g_match_info_fetch(mi, 1);
    char *file = g_build_filename(dir, src, NULL);
    if (!g_file_test(file, G_FILE_TEST_IS_REGULAR))
      g_string_append_printf(missing, "%s ", src);
    g_free(file);
    g_free(src);
  }
  g_match_info_free(mi);
  g_regex_unref(re);
  g_free(html);
  g_free(path);
  return missing;
}

void tm_batch_case_failure(gconstpointer data)
{
  const tm_batch_ctx_t *ctx = data;
  char *tmp = tm_batch_tmpdir("failure");
  char *out = g_build_filename(tmp, "atlas", NULL);
  char *manifest = g_build_filename(tmp, "maps.ini", NULL);
  g_assert_true(g_file_set_contents(manifest, tm_manifest, -1, NULL));
  tm_batch_run_t run;
  tm_batch_run(ctx, &run, "--manifest", manifest, "--format", "png", "-o", out, NULL);
  g_assert_cmpint(run.status, ==, 1);
  char *summary = tm_batch_summary(run.err);
  g_assert_nonnull(summary);
  g_assert_nonnull(strstr(summary, "2 map(s) rendered, 0 skipped (up to date), 1 failed, "
                                   "of 3 in this run"));
  /* The failing map is named, with the reason, on its own line. */
  GRegex *failed = g_regex_new("^FAILED \\[\\d/3\\] map bad .*region:99", G_REGEX_MULTILINE, 0,
                               NULL);
  g_assert_true(g_regex_match(failed, run.err, 0, NULL));
  g_regex_unref(failed);
  /* The others are written, completely, and nothing else (no temporary
   * file left behind): 2 maps x (PNG, sidecar, thumbnail) + the index. */
  const char *want[] = {"map-idf.png", "map-idf.json", "thumbs/map-idf.thumb.png", "corse.png",
                        "corse.json", "thumbs/corse.thumb.png", "index.json", "index.html"};
  for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
    char *p = g_build_filename(out, want[i], NULL);
    g_assert_true(g_file_test(p, G_FILE_TEST_IS_REGULAR));
    g_free(p);
  }
  g_assert_cmpuint(tm_batch_count_files(out), ==, G_N_ELEMENTS(want));

  char *index_path = g_build_filename(out, "index.json", NULL);
  JsonParser *p = json_parser_new();
  GError *error = NULL;
  json_parser_load_from_file(p, index_path, &error);
  g_assert_no_error(error);
  JsonArray *maps = json_object_get_array_member(json_node_get_object(json_parser_get_root(p)),
                                                 "maps");
  g_assert_cmpuint(json_array_get_length(maps), ==, 3);
  JsonObject *idf = tm_batch_find_map(maps, "idf"), *bad = tm_batch_find_map(maps, "bad");
  JsonObject *corse = tm_batch_find_map(maps, "corse");
  g_assert_nonnull(idf);
  g_assert_nonnull(bad);
  g_assert_nonnull(corse);
  g_assert_cmpstr(json_object_get_string_member(idf, "title"), ==, "Île-de-France (test)");
  g_assert_cmpstr(json_object_get_string_member(json_object_get_object_member(corse, "files"),
                                                "png"), ==, "corse.png");
  g_assert_false(json_object_has_member(idf, "error"));
  g_assert_false(json_object_has_member(corse, "error"));
  g_assert_true(json_object_has_member(bad, "error"));
  g_assert_nonnull(strstr(json_object_get_string_member(bad, "error"), "region:99"));

  GString *missing = tm_batch_missing_images(out);
  /* Regression: a failed map kept an <img> of a thumbnail never written. */
  if (missing->len)
    g_error("index.html shows missing images: %s", missing->str);
  g_string_free(missing, TRUE);
  g_object_unref(p);
  g_free(index_path);
  g_free(summary);
  tm_batch_run_clear(&run);
  tm_batch_rmtree(tmp);
  g_free(manifest);
  g_free(out);
  g_free(tmp);
}

void tm_batch_case_progress(gconstpointer data)
{
  const tm_batch_ctx_t *ctx = data;
  tm_batch_assert_reference(ctx);
  char *err = NULL;
  g_assert_true(g_file_get_contents(ctx->ref_stderr, &err, NULL, NULL));
  /* Not a terminal: no carriage returns redrawing a status line. */
  g_assert_null(strchr(err, '\r'));
  char *index_path = g_build_filename(ctx->ref_dir, "index.json", NULL);
  JsonParser *p = json_parser_new();
  g_assert_true(json_parser_load_from_file(p, index_path, NULL));
  JsonArray *maps = json_object_get_array_member(json_node_get_object(json_parser_get_root(p)),
                                                 "maps");
  GRegex *re = g_regex_new("^ok \\[(\\d+)/18\\] region (\\d\\d) \\((.+)\\): \\d+\\.\\d\\d s$", 0,
                           0, NULL);
  char **lines = g_strsplit(err, "\n", -1);
  guint n = 0;
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (char **l = lines; *l; l++) {
    GMatchInfo *mi = NULL;
    if (g_regex_match(re, *l, 0, &mi)) {
      char *i = g_match_info_fetch(mi, 1), *code = g_match_info_fetch(mi, 2);
      char *name = g_match_info_fetch(mi, 3);
      /* Lines are numbered in the order maps finish. */
      g_assert_cmpuint(g_ascii_strtoull(i, NULL, 10), ==, ++n);
      JsonObject *m = NULL;
      for (guint k = 0; k < json_array_get_length(maps) && !m; k++) {
        JsonObject *o = json_array_get_object_element(maps, k);
        if (g_strcmp0(json_object_get_string_member(o, "code"), code) == 0)
          m = o;
      }
      g_assert_nonnull(m);
      g_assert_cmpstr(json_object_get_string_member(m, "name"), ==, name);
      g_assert_false(g_hash_table_contains(seen, code));
      g_hash_table_add(seen, code);
      g_free(i);
      g_free(name);
    } else {
      /* Any other line is the join report, the summary or the final newline. */
      g_assert_true(**l == '\0' || g_str_has_prefix(*l, "join: ") ||
                    g_str_has_prefix(*l, "batch: "));
    }
    g_match_info_free(mi);
  }
  g_assert_cmpuint(n, ==, TM_BATCH_REGIONS);
  g_assert_cmpuint(g_hash_table_size(seen), ==, TM_BATCH_REGIONS);
  g_hash_table_unref(seen);
  g_strfreev(lines);
  g_regex_unref(re);
  g_object_unref(p);
  g_free(index_path);
  g_free(err);
}
