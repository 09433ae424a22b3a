/* index.json and the offline gallery index.html (opened in headless
 * Chromium: every thumbnail must load). */
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include "batch_test.h"

void tm_batch_case_index(gconstpointer data)
{
  const tm_batch_ctx_t *ctx = data;
  tm_batch_assert_reference(ctx);
  char *path = g_build_filename(ctx->ref_dir, "index.json", NULL);
  JsonParser *p = json_parser_new();
  GError *error = NULL;
  json_parser_load_from_file(p, path, &error);
  g_assert_no_error(error);
  JsonObject *root = json_node_get_object(json_parser_get_root(p));
  g_assert_cmpstr(json_object_get_string_member(root, "each"), ==, "region");
  g_assert_cmpint(json_object_get_int_member(root, "count"), ==, TM_BATCH_REGIONS);
  JsonArray *maps = json_object_get_array_member(root, "maps");
  g_assert_cmpuint(json_array_get_length(maps), ==, TM_BATCH_REGIONS);
  char *html = NULL;
  char *html_path = g_build_filename(ctx->ref_dir, "index.html", NULL);
  g_assert_true(g_file_get_contents(html_path, &html, NULL, NULL));
  const char *prev_code = "";
  for (guint i = 0; i < json_array_get_length(maps); i++) {
    JsonObject *m = json_array_get_object_element(maps, i);
    const char *code = json_object_get_string_member(m, "code");
    const char *name = json_object_get_string_member(m, "name");
    g_assert_cmpstr(json_object_get_string_member(m, "kind"), ==, "region");
    g_assert_cmpstr(prev_code, <, code);
    prev_code = code;
    g_assert_cmpuint(strlen(name), >, 0);
    char *title = g_strdup_printf("Territoires d'industrie — %s", name);
    g_assert_cmpstr(json_object_get_string_member(m, "title"), ==, title);
    g_assert_false(json_object_has_member(m, "error"));
    /* Every file it names exists, and the gallery links to each. */
    JsonObject *files = json_object_get_object_member(m, "files");
    const char *kinds[] = {"png", "svg", "pdf", "metadata", "thumbnail"};
    for (guint k = 0; k < G_N_ELEMENTS(kinds); k++) {
      const char *f = json_object_get_string_member(files, kinds[k]);
      g_assert_nonnull(f);
      g_assert_false(g_path_is_absolute(f));
      char *fp = g_build_filename(ctx->ref_dir, f, NULL);
      g_assert_true(g_file_test(fp, G_FILE_TEST_IS_REGULAR));
      g_free(fp);
      if (strcmp(kinds[k], "metadata") != 0) {
        char *attr = g_strdup_printf("%s=\"%s\"", k == 4 ? "src" : "href", f);
        g_assert_nonnull(strstr(html, attr));
        g_free(attr);
      }
    }
    /* The per-class counts add up to the features of the map's extent. */
    JsonObject *join = json_object_get_object_member(m, "join");
    JsonArray *classes = json_object_get_array_member(join, "classes");
    gint64 sum = 0;
    for (guint c = 0; c < json_array_get_length(classes); c++)
      sum += json_object_get_int_member(json_array_get_object_element(classes, c), "count");
    g_assert_cmpint(json_object_get_int_member(join, "features"), >, 0);
    g_assert_cmpint(sum, ==, json_object_get_int_member(join, "features"));
    g_free(title);
  }
  /* Offline: nothing fetched from elsewhere. */
  g_assert_null(strstr(html, "http:"));
  g_assert_null(strstr(html, "https:"));
  g_assert_null(strstr(html, "src=\"/"));
  g_free(html);
  g_free(html_path);
  g_object_unref(p);
  g_free(path);
}

/* Loads index.html in an iframe; once loaded, scrolls each image into view
 * (they may load lazily) and writes "loaded=OK/ALL broken=SRC..." in #r. */
static const char tm_check_html[] =
  "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>check</title></head><body>\n"
  "<iframe id=\"f\" src=\"index.html\" style=\"width:1200px;height:900px\"></iframe>\n"
  "<pre id=\"r\">pending</pre>\n<script>\n"
  "function report(t) { document.getElementById('r').textContent = t; }\n"
  "document.getElementById('f').addEventListener('load', function () {\n"
  "  var doc = null;\n"
  "  try { doc = this.contentDocument; } catch (e) { report('error ' + e); return; }\n"
  "  if (!doc) { report('error no document'); return; }\n"
  "  var imgs = Array.prototype.slice.call(doc.images), tries = 0;\n"
  "  (function poll() {\n"
  "    var ok = 0, done = 0, broken = [];\n"
  "    imgs.forEach(function (img) {\n"
  "      if (!img.complete) { img.scrollIntoView(); return; }\n"
  "      done++;\n"
  "      if (img.naturalWidth > 0) ok++; else broken.push(img.getAttribute('src'));\n"
  "    });\n"
  "    if (done === imgs.length || ++tries > 200)\n"
  "      report('loaded=' + ok + '/' + imgs.length + ' broken=' + broken.join(','));\n"
  "    else setTimeout(poll, 50);\n"
  "  })();\n"
  "});\n</script></body></html>\n";

/* Runs headless Chromium on a file with extra flags; returns its stdout. */
static char *tm_batch_chromium(const char *profile, const char *flag1, const char *flag2,
                               const char *file)
{
  char *uri = g_filename_to_uri(file, NULL, NULL);
  char *user_dir = g_strdup_printf("--user-data-dir=%s", profile);
  /* Bounded: a browser that hangs fails the test instead of stalling ctest. */
  const char *argv[] = {"timeout", "120", "chromium", "--headless", "--no-sandbox",
                        "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--allow-file-access-from-files", user_dir,
                        "--window-size=1200,900", flag1, flag2, uri, NULL};
  char *out = NULL, *err = NULL;
  int status = tm_batch_spawn(argv, &out, &err);
  if (status != 0)
    g_printerr("chromium exited with %d:\n%s", status, err);
  g_assert_cmpint(status, ==, 0);
  g_free(err);
  g_free(user_dir);
  g_free(uri);
  return out;
}

/* The "loaded=... broken=..." report of check.html in dir. */
static char *tm_batch_gallery_report(const char *dir, const char *profile)
{
  char *check = g_build_filename(dir, "check.html", NULL);
  char *dom = tm_batch_chromium(profile, "--virtual-time-budget=10000", "--dump-dom", check);
  const char *start = strstr(dom, "<pre id=\"r\">");
  g_assert_nonnull(start);
  start += strlen("<pre id=\"r\">");
  const char *end = strstr(start, "</pre>");
  g_assert_nonnull(end);
  char *report = g_strndup(start, (gsize)(end - start));
  g_free(dom);
  g_free(check);
  return report;
}

void tm_batch_case_gallery(gconstpointer data)
{
  tm_batch_ctx_t *ctx = (tm_batch_ctx_t *)data;
  tm_batch_assert_reference(ctx);
  if (!tm_batch_have_tool(ctx, "chromium", "chromium"))
    return;
  /* A copy: the page under test sits beside index.html, and other cases
   * compare the reference atlas byte for byte meanwhile. */
  char *tmp = tm_batch_tmpdir("gallery");
  char *dir = g_build_filename(tmp, "atlas", NULL);
  char *profile = g_build_filename(tmp, "profile", NULL);
  tm_batch_copy_tree(ctx->ref_dir, dir);
  char *check = g_build_filename(dir, "check.html", NULL);
  g_assert_true(g_file_set_contents(check, tm_check_html, -1, NULL));

  char *report = tm_batch_gallery_report(dir, profile);
  g_assert_cmpstr(report, ==, "loaded=18/18 broken=");
  g_free(report);

  /* What a reader sees: thumbnails, not a blank page. */
  char *index = g_build_filename(dir, "index.html", NULL);
  char *shot = g_build_filename(tmp, "shot.png", NULL);
  char *shot_flag = g_strdup_printf("--screenshot=%s", shot);
  g_free(tm_batch_chromium(profile, "--virtual-time-budget=10000", shot_flag, index));
  guint total = 0, ink = tm_batch_png_nonwhite(shot, &total);
  g_assert_cmpuint(total, ==, 1200 * 900);
  /* Titles and links alone ink about 7 per cent, with the thumbnails 20. */
  if (ink < total / 100 * 12)
    g_printerr("%s: %u of %u pixels not white\n", shot, ink, total);
  g_assert_cmpuint(ink, >=, total / 100 * 12);

  /* The check can fail: a missing thumbnail is reported as broken. */
  char *thumb = g_build_filename(dir, "thumbs", "region-53.thumb.png", NULL);
  g_assert_cmpint(g_remove(thumb), ==, 0);
  report = tm_batch_gallery_report(dir, profile);
  g_assert_cmpstr(report, ==, "loaded=17/18 broken=thumbs/region-53.thumb.png");
  g_free(report);

  g_free(thumb);
  g_free(shot_flag);
  g_free(shot);
  g_free(index);
  g_free(check);
  tm_batch_rmtree(tmp);
  g_free(profile);
  g_free(dir);
  g_free(tmp);
}
