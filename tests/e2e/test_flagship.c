/* The flagship map (styles/territoires-industrie.ini) on the real data:
 * what a cartographer checks before publishing it. */
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include "e2e_util.h"
#include "terrimap/read.h"

#define MEMBER 0x293173
#define OTHER 0xdcdcdc

static struct {
  char *dir, *png, *svg, *pdf, *json;
  JsonParser *parser;
  JsonObject *meta;
  cairo_surface_t *image;
  tm_layer_t *layer;
  char *stderr_text;
} fx;

/* One render for every check: PNG, SVG, PDF and metadata together. */
static void tm_flagship_setup(void)
{
  const char *data = tm_e2e_data_dir_or_skip();
  fx.dir = g_dir_make_tmp("terrimap-e2e-XXXXXX", NULL);
  fx.png = g_build_filename(fx.dir, "ti.png", NULL);
  fx.svg = g_build_filename(fx.dir, "ti.svg", NULL);
  fx.pdf = g_build_filename(fx.dir, "ti.pdf", NULL);
  fx.json = g_build_filename(fx.dir, "ti.json", NULL);
  char *style = g_build_filename(g_getenv("TERRIMAP_STYLES"), "territoires-industrie.ini", NULL);
  const char *args[] = {"render", "--style", style, "--data", data, "-o", fx.png, "-o", fx.svg,
                        "-o", fx.pdf, "--metadata", fx.json, NULL};
  char *out = NULL;
  int status = tm_e2e_run(args, &out, &fx.stderr_text);
  if (status != 0)
    g_error("terrimap render failed (%d): %s", status, fx.stderr_text);
  g_free(out);
  g_free(style);
  fx.parser = json_parser_new();
  GError *error = NULL;
  json_parser_load_from_file(fx.parser, fx.json, &error);
  g_assert_no_error(error);
  fx.meta = json_node_get_object(json_parser_get_root(fx.parser));
  fx.image = cairo_image_surface_create_from_png(fx.png);
  g_assert_cmpint(cairo_surface_status(fx.image), ==, CAIRO_STATUS_SUCCESS);
  char *shp = g_build_filename(data, "epci", "epci_2025_generalise_4326.shp", NULL);
  tm_context_t *ctx = tm_context_new();
  fx.layer = tm_layer_read(ctx, shp, NULL, &error);
  g_assert_no_error(error);
  tm_context_free(ctx);
  g_free(shp);
}

static void test_image_size_and_dpi(void)
{
  JsonObject *image = json_object_get_object_member(fx.meta, "image");
  g_assert_cmpint(json_object_get_int_member(image, "width"), ==, 2480);
  g_assert_cmpint(json_object_get_int_member(image, "height"), ==, 3508);
  g_assert_cmpint(cairo_image_surface_get_width(fx.image), ==, 2480);
  g_assert_cmpint(cairo_image_surface_get_height(fx.image), ==, 3508);
  /* pHYs: 300 dpi = 11811 pixels per metre, unit = metre. */
  char *bytes = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(fx.png, &bytes, &len, NULL));
  /* PNG data holds NUL bytes: search byte by byte, not with strstr. */
  const char *phys = NULL;
  for (gsize i = 8; i + 13 < len && i < 4096 && !phys; i++)
    if (memcmp(bytes + i, "pHYs", 4) == 0)
      phys = bytes + i;
  g_assert_nonnull(phys);
  const guint8 *p = (const guint8 *)phys + 4;
  guint32 ppm_x = (guint32)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
  g_assert_cmpuint(ppm_x, ==, 11811);
  g_assert_cmpuint(p[8], ==, 1);
  g_free(bytes);
}

static void test_join_counts(void)
{
  JsonObject *join = json_object_get_object_member(fx.meta, "join");
  g_assert_cmpint(json_object_get_int_member(join, "layer_features"), ==, 1255);
  g_assert_cmpint(json_object_get_int_member(join, "table_rows"), ==, 641);
  g_assert_cmpint(json_object_get_int_member(join, "matched_rows"), ==, 626);
  g_assert_cmpint(json_object_get_int_member(join, "matched_features"), ==, 626);
  JsonArray *unmatched = json_object_get_array_member(join, "unmatched_rows");
  g_assert_cmpuint(json_array_get_length(unmatched), ==, 15);
  /* The 15 are 3 EPT of the Métropole du Grand Paris and 12 communes. */
  guint ept = 0, communes = 0;
  for (guint i = 0; i < 15; i++) {
    const char *key = json_array_get_string_element(unmatched, i);
    if (g_str_has_prefix(key, "21"))
      communes++;
    else if (!strcmp(key, "200057990") || !strcmp(key, "200058097") || !strcmp(key, "200058014"))
      ept++;
  }
  g_assert_cmpuint(ept, ==, 3);
  g_assert_cmpuint(communes, ==, 12);
  g_assert_cmpuint(json_array_get_length(json_object_get_array_member(join, "unmatched_features")),
                   ==, 1255 - 626);
  /* The report on stderr says the same. */
  g_assert_nonnull(strstr(fx.stderr_text, "641 rows, 626 matched"));
  g_assert_nonnull(strstr(fx.stderr_text, "15 without a feature"));
  /* Mixed-level list: the unmatched members are reported by nature. */
  g_assert_nonnull(strstr(fx.stderr_text, "by nature: 3 EPT, 12 COM"));
  JsonArray *natures = json_object_get_array_member(join, "unmatched_rows_nature");
  g_assert_cmpuint(json_array_get_length(natures), ==, 15);
  g_assert_cmpstr(json_array_get_string_element(natures, 0), ==, "EPT");
}

static void test_legend_counts(void)
{
  JsonArray *legend = json_object_get_array_member(fx.meta, "legend");
  g_assert_cmpuint(json_array_get_length(legend), ==, 2);
  JsonObject *member = json_array_get_object_element(legend, 0);
  JsonObject *other = json_array_get_object_element(legend, 1);
  g_assert_cmpstr(json_object_get_string_member(member, "fill"), ==, "#293173");
  g_assert_cmpint(json_object_get_int_member(member, "count"), ==, 626);
  g_assert_cmpint(json_object_get_int_member(other, "count"), ==, 1255 - 626);
  g_assert_false(json_object_get_boolean_member(member, "no_data"));
}

/* A place, the EPCI that holds it, whether it is a member, its frame. */
typedef struct {
  const char *place;
  double lon, lat;
  const char *siren;
  gboolean member;
  const char *frame;
} tm_probe_t;

static const tm_probe_t probes[] = {
    {"Montceau-les-Mines", 4.3650, 46.6670, "247100290", TRUE, "metropole"},
    {"Rouen", 1.0993, 49.4431, "200023414", TRUE, "metropole"},
    {"Bordeaux", -0.5792, 44.8378, "243300316", TRUE, "metropole"},
    {"Rennes", -1.6778, 48.1173, "243500139", FALSE, "metropole"},
    {"Toulouse", 1.4442, 43.6047, "243100518", FALSE, "metropole"},
    {"Saint-Denis (La Réunion)", 55.4481, -20.8789, "249740119", FALSE, "reunion"},
    {"Matoury (Guyane)", -52.3297, 4.8470, "249730045", FALSE, "guyane"},
    {"Saint-André (La Réunion)", 55.6503, -20.9633, "249740093", TRUE, "reunion"},
    {"Mamoudzou (Mayotte)", 45.2272, -12.7806, "200060457", TRUE, "mayotte"},
    {"Le Lamentin (Martinique)", -60.9989, 14.6100, "249720061", TRUE, "martinique"},
};

static gint tm_feature_at(double lon, double lat)
{
  gint key = tm_layer_find_field(fx.layer, "CODE_SIREN");
  g_assert_cmpint(key, >=, 0);
  for (guint f = 0; f < fx.layer->n_features; f++)
    if (tm_geom_feature_contains(fx.layer->geom, f, lon, lat))
      return (gint)f;
  return -1;
}

static void test_colours_at_known_places(void)
{
  gint key = tm_layer_find_field(fx.layer, "CODE_SIREN");
  for (guint i = 0; i < G_N_ELEMENTS(probes); i++) {
    const tm_probe_t *p = &probes[i];
    /* The probe really is inside the EPCI it names (in the source data). */
    gint f = tm_feature_at(p->lon, p->lat);
    g_assert_cmpint(f, >=, 0);
    g_assert_cmpstr(tm_layer_get_value(fx.layer, (guint)f, (guint)key), ==, p->siren);
    JsonObject *frame = tm_e2e_frame(fx.meta, p->frame);
    g_assert_nonnull(frame);
    double x, y;
    tm_e2e_lonlat_to_pixel(frame, p->lon, p->lat, &x, &y);
    JsonArray *clip = json_object_get_array_member(frame, "clip");
    g_assert_cmpfloat(x, >=, json_array_get_double_element(clip, 0));
    g_assert_cmpfloat(y, >=, json_array_get_double_element(clip, 1));
    g_assert_cmpfloat(x, <=, json_array_get_double_element(clip, 2));
    g_assert_cmpfloat(y, <=, json_array_get_double_element(clip, 3));
    guint32 rgb = tm_e2e_pixel(fx.image, (int)x, (int)y);
    guint32 want = p->member ? MEMBER : OTHER;
    if (!tm_e2e_colour_near(rgb, want, 4))
      g_error("%s (%s) at pixel %.0f,%.0f: #%06x, expected #%06x", p->place, p->siren, x, y, rgb,
              want);
  }
}

static void test_five_drom_insets(void)
{
  const char *names[] = {"metropole", "guadeloupe", "martinique", "guyane", "reunion", "mayotte"};
  JsonArray *frames = json_object_get_array_member(fx.meta, "frames");
  g_assert_cmpuint(json_array_get_length(frames), ==, 6);
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    JsonObject *f = tm_e2e_frame(fx.meta, names[i]);
    g_assert_nonnull(f);
    g_assert_true(json_object_get_boolean_member(f, "inset") == (i > 0));
  }
  g_assert_cmpstr(json_object_get_string_member(tm_e2e_frame(fx.meta, "metropole"), "crs"), ==,
                  "EPSG:2154");
  g_assert_cmpstr(json_object_get_string_member(tm_e2e_frame(fx.meta, "guyane"), "crs"), ==,
                  "EPSG:2972");
  g_assert_cmpstr(json_object_get_string_member(tm_e2e_frame(fx.meta, "mayotte"), "crs"), ==,
                  "EPSG:4471");
}

static void test_corsica_not_cut(void)
{
  /* Cap Corse (Luri) and the far south (Figari), the ends of Corsica,
   * are inside EPCI of the layer and drawn with a class fill. */
  const double pts[][2] = {{9.4130, 42.8870}, {9.1300, 41.4900}};
  JsonObject *frame = tm_e2e_frame(fx.meta, "metropole");
  for (guint i = 0; i < 2; i++) {
    double x, y;
    g_assert_cmpint(tm_feature_at(pts[i][0], pts[i][1]), >=, 0);
    tm_e2e_lonlat_to_pixel(frame, pts[i][0], pts[i][1], &x, &y);
    guint32 rgb = tm_e2e_pixel(fx.image, (int)x, (int)y);
    g_assert_true(tm_e2e_colour_near(rgb, OTHER, 4) || tm_e2e_colour_near(rgb, MEMBER, 4));
  }
}

static void test_svg_paths_carry_keys(void)
{
  char *svg = NULL;
  g_assert_true(g_file_get_contents(fx.svg, &svg, NULL, NULL));
  guint keyed = 0;
  for (const char *p = svg; (p = strstr(p, "<path ")); p++) {
    const char *end = strchr(p, '>');
    const char *key = g_strstr_len(p, end - p, " data-key=\"");
    if (key)
      keyed++;
  }
  g_assert_cmpuint(keyed, ==, 1255);
  /* A member path carries the member fill; titles are text, not outlines. */
  const char *member = strstr(svg, "data-key=\"247100290\"");
  g_assert_nonnull(member);
  const char *start = g_strrstr_len(svg, member - svg, "<path ");
  g_assert_nonnull(g_strstr_len(start, member - start, "fill=\"#293173\""));
  g_assert_nonnull(strstr(svg, ">Territoires d&apos;industrie 2023–2027</text>"));
  g_free(svg);
}

static void test_pdf_text_extractable(void)
{
  char *out = NULL;
  int status = 0;
  char *argv[] = {"pdftotext", fx.pdf, "-", NULL};
  GError *error = NULL;
  g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
               &out, NULL, &status, &error);
  g_assert_no_error(error); /* poppler-utils is installed by .ci/run */
  g_assert_nonnull(strstr(out, "Territoires d'industrie 2023–2027"));
  g_assert_nonnull(strstr(out, "La Réunion"));
  g_assert_nonnull(strstr(out, "Membre d'un Territoire d'industrie (626)"));
  g_free(out);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  tm_flagship_setup();
  g_test_add_func("/flagship/image-size-and-dpi", test_image_size_and_dpi);
  g_test_add_func("/flagship/join-counts", test_join_counts);
  g_test_add_func("/flagship/legend-counts", test_legend_counts);
  g_test_add_func("/flagship/colours-at-known-places", test_colours_at_known_places);
  g_test_add_func("/flagship/five-drom-insets", test_five_drom_insets);
  g_test_add_func("/flagship/corsica-not-cut", test_corsica_not_cut);
  g_test_add_func("/flagship/svg-paths-carry-keys", test_svg_paths_carry_keys);
  g_test_add_func("/flagship/pdf-text-extractable", test_pdf_text_extractable);
  int status = g_test_run();
  cairo_surface_destroy(fx.image);
  g_object_unref(fx.parser);
  tm_layer_free(fx.layer);
  const char *files[] = {fx.png, fx.svg, fx.pdf, fx.json};
  for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
    g_unlink(files[i]);
    g_free((char *)files[i]);
  }
  g_rmdir(fx.dir);
  g_free(fx.dir);
  g_free(fx.stderr_text);
  return status;
}
