/* Resource limits on the command line: the page cap (default, lowered by
 * the environment, raised by an option), the pixel cap, the label limit
 * counted in the metadata sidecar, --help, and bad limit values.  The
 * limits on layers are in tests/hostile/hostile_limits.c. */
#include <string.h>
#include <json-glib/json-glib.h>
#include "cli_test.h"

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_limits_help(void)
{
  const char *const commands[] = {"render", "batch"};
  const char *const options[] = {"--max-image-side", "--max-image-pixels", "--max-features",
                                 "--max-vertices",   "--max-labels",       "--max-memory",
                                 "TERRIMAP_MAX_VERTICES"};
  for (guint c = 0; c < G_N_ELEMENTS(commands); c++) {
    cli_result_t r;
    cli_run(&r, NULL, ARGS(commands[c], "--help"));
    cli_assert_exit(&r, CLI_EXIT_OK);
    for (guint i = 0; i < G_N_ELEMENTS(options); i++)
      cli_assert_stdout_has(&r, options[i]);
    cli_result_clear(&r);
  }
}

/* One side beyond the default cap of 30000: a usage error that says how to
 * raise the cap, and the previous map kept. */
static void test_size_above_default_cap(cli_fixture_t *fx, gconstpointer data)
{
  cli_result_t r;
  cli_render(&r, fx, "--size", "30001x300", NULL);
  cli_assert_exit(&r, CLI_EXIT_USAGE);
  cli_assert_stderr_has(&r, "terrimap: error: --size 30001x300: expected WIDTHxHEIGHT in "
                            "pixels, 16 to 30000 each");
  cli_assert_stderr_has(&r, "raise it with --max-image-side N or TERRIMAP_MAX_IMAGE_SIDE=N");
  cli_assert_untouched(fx);
  cli_result_clear(&r);
}

/* A page from paper and dpi beyond the cap is refused by the layout. */
static void test_paper_above_default_cap(cli_fixture_t *fx, gconstpointer data)
{
  cli_result_t r;
  cli_run(&r, fx->dir, ARGS("render", "--layer", fx->layer, "--key", fx->key, "--join", fx->join,
                            "--join-key", fx->join_key, "--paper", "A0", "--dpi", "2400", "-o",
                            fx->out));
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, "page of 79465 x 112346 pixels: expected 1 to 30000 pixels a side "
                            "(raise it with --max-image-side N");
  cli_result_clear(&r);
}

/* The environment lowers the cap below the page; --max-image-side raises
 * it again (the option wins), and the map is drawn. */
static void test_cap_from_env_raised_by_option(cli_fixture_t *fx, gconstpointer data)
{
  const char *const base[] = {"render",    "--layer",  fx->layer,     "--key",
                              fx->key,     "--join",   fx->join,      "--join-key",
                              fx->join_key, "--size",  "400x300",     "--dpi",
                              "96",        "-o",       fx->out,       NULL};
  const char *const env[] = {"TERRIMAP_MAX_IMAGE_SIDE=300", NULL};
  cli_result_t r;
  cli_run_env(&r, fx->dir, base, env);
  cli_assert_exit(&r, CLI_EXIT_USAGE);
  cli_assert_stderr_has(&r, "--size 400x300: expected WIDTHxHEIGHT in pixels, 16 to 300 each");
  cli_assert_untouched(fx);
  cli_result_clear(&r);

  GPtrArray *args = g_ptr_array_new();
  for (const char *const *a = base; *a; a++)
    g_ptr_array_add(args, (char *)*a);
  g_ptr_array_add(args, (char *)"--max-image-side");
  g_ptr_array_add(args, (char *)"400");
  g_ptr_array_add(args, NULL);
  cli_run_env(&r, fx->dir, (const char *const *)args->pdata, env);
  cli_assert_exit(&r, CLI_EXIT_OK);
  cli_assert_stdout_has(&r, "(400 x 300 px, 96 dpi)");
  cli_result_clear(&r);
  g_ptr_array_free(args, TRUE);
}

/* Above the default cap once it is raised (SVG: no raster surface). */
static void test_cap_raised_above_default(cli_fixture_t *fx, gconstpointer data)
{
  char *svg = g_build_filename(fx->out_dir, "wide.svg", NULL);
  cli_result_t r;
  cli_render_no_output(&r, fx, "--size", "31000x300", "--max-image-side", "31000", "-o", svg,
                       NULL);
  cli_assert_exit(&r, CLI_EXIT_OK);
  cli_assert_stdout_has(&r, "(31000 x 300 px, 96 dpi)");
  gsize length = 0;
  char *text = cli_read_file(svg, &length);
  g_assert_nonnull(text);
  g_assert_nonnull(strstr(text, "width=\"31000\""));
  g_free(text);
  cli_result_clear(&r);
  g_free(svg);
}

static void test_pixel_cap(cli_fixture_t *fx, gconstpointer data)
{
  cli_result_t r;
  cli_render(&r, fx, "--max-image-pixels", "100000", NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, "page of 400 x 300 pixels: 120000 pixels, more than the limit of "
                            "100000 (raise it with --max-image-pixels N or "
                            "TERRIMAP_MAX_IMAGE_PIXELS=N)");
  cli_result_clear(&r);
}

static void test_bad_limit_values(cli_fixture_t *fx, gconstpointer data)
{
  const struct {
    const char *option, *value, *env, *message;
  } cases[] = {
      {"--max-labels", "many", NULL, "--max-labels many: expected a whole number from 0 to "},
      {"--max-image-side", "40000", NULL,
       "--max-image-side 40000: expected a whole number from 16 to 32767"},
      {"--max-memory", "12Q", NULL, "--max-memory 12Q: expected a size in bytes"},
      /* 2^24 T is 2^64 bytes: one more does not fit. */
      {"--max-memory", "16777216T", NULL, "--max-memory 16777216T: expected a size in bytes"},
      {NULL, NULL, "TERRIMAP_MAX_VERTICES=-1",
       "TERRIMAP_MAX_VERTICES=-1: expected a whole number from 0 to 1073741823 (0: as many as "
       "memory allows)"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    const char *const env[] = {cases[i].env, NULL};
    cli_result_t r;
    cli_run_env(&r, fx->dir,
                ARGS("render", "--layer", fx->layer, "--key", fx->key, "--join", fx->join,
                     "--join-key", fx->join_key, "--size", "400x300", "--dpi", "96", "-o",
                     fx->out, cases[i].option, cases[i].value),
                env);
    cli_assert_exit(&r, CLI_EXIT_USAGE);
    cli_assert_stderr_has(&r, cases[i].message);
    cli_assert_untouched(fx);
    cli_result_clear(&r);
  }
  /* batch parses the same options. */
  cli_result_t r;
  cli_run(&r, fx->dir, ARGS("batch", "--each", "region", "-o", fx->out_dir, "--max-labels", "-3"));
  cli_assert_exit(&r, CLI_EXIT_USAGE);
  cli_assert_stderr_has(&r, "--max-labels -3: expected a whole number");
  cli_result_clear(&r);
}

/* Labels placed and dropped, from the sidecar. */
static void cli_read_label_counts(const char *json, guint *placed, gint64 *dropped)
{
  JsonParser *parser = json_parser_new();
  GError *error = NULL;
  json_parser_load_from_file(parser, json, &error);
  g_assert_no_error(error);
  JsonObject *root = json_node_get_object(json_parser_get_root(parser));
  *placed = json_array_get_length(json_object_get_array_member(root, "labels"));
  *dropped = json_object_get_int_member(root, "labels_dropped");
  g_object_unref(parser);
}

/* Renders with extra arguments (after the fixed ones), the sidecar beside
 * the output; the label counts come back. */
static void cli_render_labels(cli_fixture_t *fx, const char *const *args, const char *limit,
                              guint *placed, gint64 *dropped)
{
  char *json = g_build_filename(fx->out_dir, "labels.json", NULL);
  GPtrArray *argv = g_ptr_array_new();
  for (const char *const *a = args; *a; a++)
    g_ptr_array_add(argv, (char *)*a);
  const char *const tail[] = {"--metadata", json, "-o", fx->out, "--max-labels", limit};
  for (guint i = 0; i < G_N_ELEMENTS(tail) - (limit ? 0 : 2); i++)
    g_ptr_array_add(argv, (char *)tail[i]);
  g_ptr_array_add(argv, NULL);
  cli_result_t r;
  cli_run(&r, fx->dir, (const char *const *)argv->pdata);
  cli_assert_exit(&r, CLI_EXIT_OK);
  cli_read_label_counts(json, placed, dropped);
  if (limit) {
    /* The labels the limit dropped are counted in the warning. */
    char *warning = g_strdup_printf("terrimap: warning: labels: %s placed (the limit), ", limit);
    cli_assert_stderr_has(&r, warning);
    cli_assert_stderr_has(&r, "raise it with --max-labels N or TERRIMAP_MAX_LABELS=N");
    g_free(warning);
  } else {
    g_assert_null(strstr(r.err, "(the limit)"));
  }
  cli_result_clear(&r);
  g_ptr_array_free(argv, TRUE);
  g_free(json);
}

/* The limit keeps the first labels in placement order: with it, limit are
 * placed and every other label (placed without it, or dropped for want of
 * room) is counted as dropped. */
static void cli_check_label_limit(cli_fixture_t *fx, const char *const *args, guint limit)
{
  guint placed = 0, limited = 0;
  gint64 dropped = 0, limited_dropped = 0;
  cli_render_labels(fx, args, NULL, &placed, &dropped);
  g_assert_cmpuint(placed, >, limit);
  char *text = g_strdup_printf("%u", limit);
  cli_render_labels(fx, args, text, &limited, &limited_dropped);
  g_free(text);
  g_assert_cmpuint(limited, ==, limit);
  g_assert_cmpint(limited_dropped, ==, (gint64)placed + dropped - limit);
}

static void test_label_limit(cli_fixture_t *fx, gconstpointer data)
{
  cli_check_label_limit(fx,
                        ARGS("render", "--layer", fx->layer, "--key", fx->key, "--join",
                             fx->join, "--join-key", fx->join_key, "--size", "400x300", "--dpi",
                             "96", "--labels", "NOM"),
                        1);
}

/* The brief's case: a labelled style on the real data, three labels. */
static void test_label_limit_real_style(cli_fixture_t *fx, gconstpointer data)
{
  const char *real = g_getenv("TERRIMAP_DATA");
  if (!real || !g_file_test(real, G_FILE_TEST_IS_DIR)) {
    g_test_skip("TERRIMAP_DATA not set or absent: real-data check skipped");
    return;
  }
  cli_check_label_limit(fx,
                        ARGS("render", "--style", "ti-region", "--extent", "region:11", "--data",
                             real, "--size", "800x1000", "--dpi", "96"),
                        3);
}

void cli_add_limit_cases(void)
{
  g_test_add_func("/cli/limits/help", test_limits_help);
  cli_add("/cli/limits/size-above-default-cap", test_size_above_default_cap);
  cli_add("/cli/limits/paper-above-default-cap", test_paper_above_default_cap);
  cli_add("/cli/limits/cap-from-env-raised-by-option", test_cap_from_env_raised_by_option);
  cli_add("/cli/limits/cap-raised-above-default", test_cap_raised_above_default);
  cli_add("/cli/limits/pixel-cap", test_pixel_cap);
  cli_add("/cli/limits/bad-values", test_bad_limit_values);
  cli_add("/cli/limits/labels", test_label_limit);
  cli_add("/cli/limits/labels-real-style", test_label_limit_real_style);
}
