/* terrimap as a user meets it: subcommands, help, successful runs and the
 * files they write.  The error cases are in cli_cases_input.c (bad data)
 * and cli_cases_output.c (bad outputs and usage). */
#include <locale.h>
#include <string.h>
#include <json-glib/json-glib.h>
#include "cli_test.h"

static const char cli_png_signature[] = "\x89PNG\r\n\x1a\n";

static guint32 cli_be32(const guchar *p)
{
  return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* path is a PNG of width x height pixels (read from its IHDR chunk). */
static void cli_assert_png(const char *path, guint32 width, guint32 height)
{
  gsize length = 0;
  char *data = cli_read_file(path, &length);
  g_assert_nonnull(data);
  g_assert_cmpuint(length, >, 33);
  g_assert_cmpmem(data, 8, cli_png_signature, 8);
  g_assert_cmpmem(data + 12, 4, "IHDR", 4);
  g_assert_cmpuint(cli_be32((const guchar *)data + 16), ==, width);
  g_assert_cmpuint(cli_be32((const guchar *)data + 20), ==, height);
  g_free(data);
}

static void test_version(void)
{
  cli_result_t r;
  const char *args[] = {"--version", NULL};
  cli_run(&r, NULL, args);
  cli_assert_exit(&r, CLI_EXIT_OK);
  cli_assert_stdout_has(&r, "terrimap 0.");
  cli_result_clear(&r);
}

static void test_render_help(void)
{
  cli_result_t r;
  const char *args[] = {"render", "--help", NULL};
  cli_run(&r, NULL, args);
  cli_assert_exit(&r, CLI_EXIT_OK);
  const char *options[] = {"-o, --output", "--layer", "--key", "--join", "--join-key",
                           "--style", "--size", "--src-crs", "--metadata"};
  for (guint i = 0; i < G_N_ELEMENTS(options); i++)
    cli_assert_stdout_has(&r, options[i]);
  cli_result_clear(&r);
}

static void test_info_help(void)
{
  cli_result_t r;
  const char *args[] = {"info", "--help", NULL};
  cli_run(&r, NULL, args);
  cli_assert_exit(&r, CLI_EXIT_OK);
  cli_assert_stdout_has(&r, "SHP");
  cli_assert_stdout_has(&r, "--src-crs");
  cli_assert_stdout_has(&r, "--encoding");
  cli_result_clear(&r);
}

static void test_top_help(void)
{
  cli_result_t r;
  const char *args[] = {"--help", NULL};
  cli_run(&r, NULL, args);
  cli_assert_exit(&r, CLI_EXIT_OK);
  cli_assert_stdout_has(&r, "render");
  cli_assert_stdout_has(&r, "info");
  cli_result_clear(&r);
}

static void test_unknown_command(void)
{
  cli_result_t r;
  const char *args[] = {"bogus", NULL};
  cli_run(&r, NULL, args);
  cli_assert_exit(&r, CLI_EXIT_USAGE);
  cli_assert_stderr_has(&r, "unknown command 'bogus'");
  cli_result_clear(&r);
}

static void test_no_command(void)
{
  cli_result_t r;
  const char *args[] = {NULL};
  cli_run(&r, NULL, args);
  cli_assert_exit(&r, CLI_EXIT_USAGE);
  cli_assert_stderr_has(&r, "Usage: terrimap COMMAND");
  cli_result_clear(&r);
}

static void test_render_success(cli_fixture_t *fx, gconstpointer data)
{
  cli_result_t r;
  cli_render(&r, fx, NULL);
  cli_assert_exit(&r, CLI_EXIT_OK);
  cli_assert_png(fx->out, 400, 300);
  cli_assert_no_temporary(fx->out_dir);
  cli_assert_stdout_has(&r, "wrote ");
  cli_assert_stdout_has(&r, fx->out);
  /* The join report (src/join/report.c): 001 and 003 matched, 002 has no row. */
  cli_assert_stderr_has(&r, "join: m.csv (code) -> L.shp (CODE)");
  cli_assert_stderr_has(&r, "join: layer: 3 features, 2 matched, 1 without a row: 002");
  cli_assert_stderr_has(&r, "join: table: 2 rows, 2 matched, 0 without a feature");
  g_assert_null(strstr(r.err, "error"));
  cli_result_clear(&r);
}

static void test_render_quiet(cli_fixture_t *fx, gconstpointer data)
{
  cli_result_t r;
  cli_render(&r, fx, "--quiet", NULL);
  cli_assert_exit(&r, CLI_EXIT_OK);
  cli_assert_png(fx->out, 400, 300);
  g_assert_cmpstr(r.out, ==, "");
  g_assert_cmpstr(r.err, ==, "");
  cli_result_clear(&r);
}

/* Every format from one run, the format chosen by the extension. */
static void test_render_all_formats(cli_fixture_t *fx, gconstpointer data)
{
  char *svg = g_build_filename(fx->out_dir, "map.svg", NULL);
  char *pdf = g_build_filename(fx->out_dir, "map.PDF", NULL);
  cli_result_t r;
  cli_render(&r, fx, "-o", svg, "-o", pdf, NULL);
  cli_assert_exit(&r, CLI_EXIT_OK);
  cli_assert_png(fx->out, 400, 300);
  gsize length = 0;
  char *text = cli_read_file(svg, &length);
  g_assert_nonnull(text);
  g_assert_nonnull(strstr(text, "<svg"));
  g_free(text);
  text = cli_read_file(pdf, &length);
  g_assert_nonnull(text);
  g_assert_true(length > 5 && memcmp(text, "%PDF-", 5) == 0);
  g_free(text);
  cli_assert_stdout_has(&r, svg);
  cli_assert_stdout_has(&r, pdf);
  cli_assert_no_temporary(fx->out_dir);
  cli_result_clear(&r);
  g_free(svg);
  g_free(pdf);
}

static void test_info(cli_fixture_t *fx, gconstpointer data)
{
  cli_result_t r;
  const char *args[] = {"info", fx->shp, NULL};
  cli_run(&r, fx->dir, args);
  cli_assert_exit(&r, CLI_EXIT_OK);
  cli_assert_stdout_has(&r, fx->shp);
  cli_assert_stdout_has(&r, "features:  3 (0 null shapes)");
  cli_assert_stdout_has(&r, "encoding:  UTF-8");
  cli_assert_stdout_has(&r, "fields:    2");
  cli_assert_stdout_has(&r, "validity:  every polygon is valid");
  cli_assert_stdout_has(&r, "  CODE ");
  cli_assert_stdout_has(&r, "  NOM ");
  /* The ESRI WKT carries no code: it must be recognised as Lambert-93. */
  char **lines = g_strsplit(r.out, "\n", -1);
  const char *crs = NULL;
  for (char **l = lines; *l && !crs; l++)
    if (g_str_has_prefix(*l, "crs:"))
      crs = *l;
  g_assert_nonnull(crs);
  if (!strstr(crs, "2154") && !strstr(crs, "Lambert-93"))
    g_assertion_message(G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, crs);
  g_assert_nonnull(strstr(crs, "from prj"));
  g_strfreev(lines);
  cli_result_clear(&r);

  /* A path relative to the data directory, as render takes it. */
  char *name = g_path_get_basename(fx->shp);
  const char *in_data[] = {"info", "--data", fx->dir, name, NULL};
  cli_run(&r, fx->out_dir, in_data);
  cli_assert_exit(&r, CLI_EXIT_OK);
  cli_assert_stdout_has(&r, fx->shp);
  cli_assert_stdout_has(&r, "features:  3 (0 null shapes)");
  cli_result_clear(&r);
  const char *elsewhere[] = {"info", "--data", fx->out_dir, name, NULL};
  cli_run(&r, fx->out_dir, elsewhere);
  cli_assert_exit(&r, CLI_EXIT_ERROR);
  cli_assert_stderr_has(&r, name);
  cli_result_clear(&r);
  g_free(name);
}

static void test_info_usage(cli_fixture_t *fx, gconstpointer data)
{
  cli_result_t r;
  const char *none[] = {"info", NULL};
  cli_run(&r, fx->dir, none);
  cli_assert_exit(&r, CLI_EXIT_USAGE);
  cli_assert_stderr_has(&r, "info takes one shapefile");
  cli_result_clear(&r);
  const char *two[] = {"info", fx->shp, fx->shp, NULL};
  cli_run(&r, fx->dir, two);
  cli_assert_exit(&r, CLI_EXIT_USAGE);
  cli_result_clear(&r);
}

static JsonNode *cli_json_path(JsonNode *root, const char *expression)
{
  GError *error = NULL;
  JsonNode *found = json_path_query(expression, root, &error);
  g_assert_no_error(error);
  JsonArray *matches = json_node_get_array(found);
  g_assert_cmpuint(json_array_get_length(matches), ==, 1);
  JsonNode *node = json_node_copy(json_array_get_element(matches, 0));
  json_node_unref(found);
  return node;
}

static gint64 cli_json_int(JsonNode *root, const char *expression)
{
  JsonNode *n = cli_json_path(root, expression);
  gint64 v = json_node_get_int(n);
  json_node_unref(n);
  return v;
}

static void cli_assert_json_string(JsonNode *root, const char *expression, const char *expected)
{
  JsonNode *n = cli_json_path(root, expression);
  g_assert_cmpstr(json_node_get_string(n), ==, expected);
  json_node_unref(n);
}

static void test_metadata(cli_fixture_t *fx, gconstpointer data)
{
  char *json = g_build_filename(fx->out_dir, "map.json", NULL);
  cli_result_t r;
  cli_render(&r, fx, "--metadata", json, NULL);
  cli_assert_exit(&r, CLI_EXIT_OK);
  cli_assert_stdout_has(&r, json);
  JsonParser *parser = json_parser_new();
  GError *error = NULL;
  json_parser_load_from_file(parser, json, &error);
  g_assert_no_error(error);
  JsonNode *root = json_parser_get_root(parser);
  g_assert_cmpint(cli_json_int(root, "$.image.width"), ==, 400);
  g_assert_cmpint(cli_json_int(root, "$.image.height"), ==, 300);
  cli_assert_json_string(root, "$.frames[0].name", "metropole");
  /* Classes: members first (001, 003), then the others (002). */
  g_assert_cmpint(cli_json_int(root, "$.legend[0].count"), ==, 2);
  g_assert_cmpint(cli_json_int(root, "$.legend[1].count"), ==, 1);
  g_assert_cmpint(cli_json_int(root, "$.join.layer_features"), ==, 3);
  g_assert_cmpint(cli_json_int(root, "$.join.table_rows"), ==, 2);
  g_assert_cmpint(cli_json_int(root, "$.join.matched_features"), ==, 2);
  g_assert_cmpint(cli_json_int(root, "$.join.matched_rows"), ==, 2);
  cli_assert_json_string(root, "$.join.key_field", "CODE");
  cli_assert_json_string(root, "$.join.key_column", "code");
  cli_assert_json_string(root, "$.join.unmatched_features[0]", "002");
  JsonNode *rows = cli_json_path(root, "$.join.unmatched_rows");
  g_assert_cmpuint(json_array_get_length(json_node_get_array(rows)), ==, 0);
  json_node_unref(rows);
  g_object_unref(parser);
  cli_assert_no_temporary(fx->out_dir);
  cli_result_clear(&r);
  g_free(json);
}

/* A table row whose key matches no feature is listed in the report and in
 * the metadata. */
static void test_metadata_unmatched_row(cli_fixture_t *fx, gconstpointer data)
{
  cli_write_text(fx->csv, "code,nom\n001,A\n003,C\n999,Z\n");
  char *json = g_build_filename(fx->out_dir, "map.json", NULL);
  cli_result_t r;
  cli_render(&r, fx, "--metadata", json, NULL);
  cli_assert_exit(&r, CLI_EXIT_OK);
  cli_assert_stderr_has(&r, "join: table: 3 rows, 2 matched, 1 without a feature: 999");
  JsonParser *parser = json_parser_new();
  GError *error = NULL;
  json_parser_load_from_file(parser, json, &error);
  g_assert_no_error(error);
  JsonNode *root = json_parser_get_root(parser);
  cli_assert_json_string(root, "$.join.unmatched_rows[0]", "999");
  g_assert_cmpint(cli_json_int(root, "$.join.matched_features"), ==, 2);
  g_object_unref(parser);
  cli_result_clear(&r);
  g_free(json);
}

/* Optional: the shipped style on the real data (skipped without it). */
static void test_real_data_style(cli_fixture_t *fx, gconstpointer data)
{
  const char *real = g_getenv("TERRIMAP_DATA");
  if (!real || !g_file_test(real, G_FILE_TEST_IS_DIR)) {
    g_test_skip("TERRIMAP_DATA not set or absent: real-data check skipped");
    return;
  }
  cli_result_t r;
  const char *args[] = {"render", "--style", "territoires-industrie", "--data", real,
                        "--size", "600x800", "--dpi", "96", "-o", fx->out, NULL};
  cli_run(&r, fx->dir, args);
  cli_assert_exit(&r, CLI_EXIT_OK);
  cli_assert_png(fx->out, 600, 800);
  cli_assert_stderr_has(&r, "join: layer: ");
  cli_result_clear(&r);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  /* g_strerror() here must match strerror() in the binary (run with LC_ALL=C). */
  setlocale(LC_ALL, "C");
  const char *bin = cli_binary();
  if (!bin || !g_file_test(bin, G_FILE_TEST_IS_EXECUTABLE)) {
    g_printerr("TERRIMAP_BIN not set or not an executable (%s): skipping the CLI tests\n",
               bin ? bin : "unset");
    return 77;
  }
  g_test_add_func("/cli/version", test_version);
  g_test_add_func("/cli/help/top", test_top_help);
  g_test_add_func("/cli/help/render", test_render_help);
  g_test_add_func("/cli/help/info", test_info_help);
  g_test_add_func("/cli/usage/unknown-command", test_unknown_command);
  g_test_add_func("/cli/usage/no-command", test_no_command);
  cli_add("/cli/render/success", test_render_success);
  cli_add("/cli/render/quiet", test_render_quiet);
  cli_add("/cli/render/all-formats", test_render_all_formats);
  cli_add("/cli/render/metadata", test_metadata);
  cli_add("/cli/render/metadata-unmatched-row", test_metadata_unmatched_row);
  cli_add("/cli/render/real-data-style", test_real_data_style);
  cli_add("/cli/info/success", test_info);
  cli_add("/cli/info/usage", test_info_usage);
  cli_add_input_cases();
  cli_add_output_cases();
  cli_add_limit_cases();
  cli_add_title_cases();
  return g_test_run();
}
