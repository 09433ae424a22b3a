/* The title a single render gives a map of one extent: the style's own for
 * its own extent, the one batch would give for another (a style's fixed
 * "… en Île-de-France" must not head a map of Auvergne-Rhône-Alpes), and
 * {kind}, {code}, {name} expanded in --title and --subtitle.  Read back
 * from the SVG's <title> and the subtitle's text. */
#include <string.h>
#include "cli_test.h"

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* The SVG's <title>, unescaped (the caller frees it). */
static char *cli_svg_title(const char *svg)
{
  gsize length = 0;
  char *text = cli_read_file(svg, &length);
  g_assert_nonnull(text);
  const char *open = strstr(text, "<title>");
  const char *close = open ? strstr(open, "</title>") : NULL;
  g_assert_nonnull(close);
  GString *title = g_string_new_len(open + 7, close - (open + 7));
  g_string_replace(title, "&apos;", "'", 0);
  g_string_replace(title, "&amp;", "&", 0);
  g_free(text);
  return g_string_free(title, FALSE);
}

/* Renders the real data's style with the extra arguments to an SVG and
 * checks its title; skipped without the data. */
static void cli_check_real_title(cli_fixture_t *fx, const char *style, const char *extent,
                                 const char *title_option, const char *expected)
{
  const char *real = g_getenv("TERRIMAP_DATA");
  if (!real || !g_file_test(real, G_FILE_TEST_IS_DIR)) {
    g_test_skip("TERRIMAP_DATA not set or absent: real-data titles skipped");
    return;
  }
  char *svg = g_build_filename(fx->out_dir, "titled.svg", NULL);
  GPtrArray *argv = g_ptr_array_new();
  const char *const fixed[] = {"render", "--style", style, "--extent", extent, "--data", real,
                               "--size", "400x560", "--dpi", "72", "-o", svg};
  for (guint i = 0; i < G_N_ELEMENTS(fixed); i++)
    g_ptr_array_add(argv, (char *)fixed[i]);
  if (title_option) {
    g_ptr_array_add(argv, "--title");
    g_ptr_array_add(argv, (char *)title_option);
  }
  g_ptr_array_add(argv, NULL);
  cli_result_t r;
  cli_run(&r, fx->dir, (const char *const *)argv->pdata);
  cli_assert_exit(&r, CLI_EXIT_OK);
  char *title = cli_svg_title(svg);
  g_assert_cmpstr(title, ==, expected);
  g_free(title);
  cli_result_clear(&r);
  g_ptr_array_free(argv, TRUE);
  g_free(svg);
}

static void test_other_region(cli_fixture_t *fx, gconstpointer data)
{
  /* ti-region's [text] title names Île-de-France; its [batch] title is
   * "Territoires d'industrie — {name}", names from the régions layer. */
  cli_check_real_title(fx, "ti-region", "region:84", NULL,
                       "Territoires d'industrie — Auvergne-Rhône-Alpes");
}

static void test_own_region(cli_fixture_t *fx, gconstpointer data)
{
  cli_check_real_title(fx, "ti-region", "region:11", NULL,
                       "Territoires d'industrie en Île-de-France");
}

static void test_other_departement(cli_fixture_t *fx, gconstpointer data)
{
  /* Names of départements from the extent layer; a code with a letter. */
  cli_check_real_title(fx, "ti-departement", "departement:2A", NULL,
                       "Territoires d'industrie — Corse-du-Sud (2A)");
}

static void test_title_template(cli_fixture_t *fx, gconstpointer data)
{
  cli_check_real_title(fx, "ti-region", "region:53", "Industrie : {name} ({kind} {code})",
                       "Industrie : Bretagne (region 53)");
}

static void test_plain_title_kept(cli_fixture_t *fx, gconstpointer data)
{
  cli_check_real_title(fx, "ti-region", "region:84", "Carte sans variable",
                       "Carte sans variable");
}

/* Without the real data: a category extent is named by its class label,
 * and the subtitle is expanded too. */
static void test_category_name(cli_fixture_t *fx, gconstpointer data)
{
  char *svg = g_build_filename(fx->out_dir, "cat.svg", NULL);
  cli_result_t r;
  cli_render_no_output(&r, fx, "--category", "nom", "--extent", "category:C", "--title",
                       "Zone {name}", "--subtitle", "Code {code}", "-o", svg, NULL);
  cli_assert_exit(&r, CLI_EXIT_OK);
  char *title = cli_svg_title(svg);
  g_assert_cmpstr(title, ==, "Zone C");
  gsize length = 0;
  char *text = cli_read_file(svg, &length);
  g_assert_nonnull(strstr(text, "Code C"));
  g_assert_null(strstr(text, "{code}"));
  g_free(text);
  g_free(title);
  cli_result_clear(&r);
  g_free(svg);
}

/* No extent: nothing to name, the title is printed as given. */
static void test_no_extent_literal(cli_fixture_t *fx, gconstpointer data)
{
  char *svg = g_build_filename(fx->out_dir, "whole.svg", NULL);
  cli_result_t r;
  cli_render_no_output(&r, fx, "--title", "Tout {name}", "-o", svg, NULL);
  cli_assert_exit(&r, CLI_EXIT_OK);
  char *title = cli_svg_title(svg);
  g_assert_cmpstr(title, ==, "Tout {name}");
  g_free(title);
  cli_result_clear(&r);
  g_free(svg);
}

void cli_add_title_cases(void)
{
  cli_add("/cli/titles/other-region", test_other_region);
  cli_add("/cli/titles/own-region", test_own_region);
  cli_add("/cli/titles/other-departement", test_other_departement);
  cli_add("/cli/titles/template", test_title_template);
  cli_add("/cli/titles/plain-title-kept", test_plain_title_kept);
  cli_add("/cli/titles/category-name", test_category_name);
  cli_add("/cli/titles/no-extent-literal", test_no_extent_literal);
}
