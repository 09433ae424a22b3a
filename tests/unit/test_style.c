/* Style stage: defaults, user overrides, frames, and file:line errors. */
#include <glib/gstdio.h>
#include <string.h>

#include "terrimap/style.h"

typedef struct {
  char *dir;
} fixture_t;

static void fixture_setup(fixture_t *f, gconstpointer data)
{
  GError *error = NULL;
  f->dir = g_dir_make_tmp("tm-style-XXXXXX", &error);
  g_assert_no_error(error);
}

static void fixture_teardown(fixture_t *f, gconstpointer data)
{
  GDir *d = g_dir_open(f->dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
    char *p = g_build_filename(f->dir, name, NULL);
    g_unlink(p);
    g_free(p);
  }
  if (d != NULL)
    g_dir_close(d);
  g_rmdir(f->dir);
  g_free(f->dir);
}

static char *write_style(fixture_t *f, const char *text)
{
  char *path = g_build_filename(f->dir, "style.ini", NULL);
  GError *error = NULL;
  g_file_set_contents(path, text, -1, &error);
  g_assert_no_error(error);
  return path;
}

/* Loads text and expects an error whose message is exactly expected, with
 * "PATH" standing for the file's path. */
static void assert_style_error(fixture_t *f, const char *text, int code, const char *expected)
{
  char *path = write_style(f, text);
  GError *error = NULL;
  tm_style_t *s = tm_style_load(path, &error);
  g_assert_null(s);
  g_assert_error(error, TM_ERROR, code);
  char **parts = g_strsplit(expected, "PATH", -1);
  char *want = g_strjoinv(path, parts);
  g_assert_cmpstr(error->message, ==, want);
  g_free(want);
  g_strfreev(parts);
  g_error_free(error);
  g_free(path);
}

static void assert_color(const tm_rgba_t *c, double r, double g, double b)
{
  g_assert_cmpfloat_with_epsilon(c->r, r / 255.0, 1e-9);
  g_assert_cmpfloat_with_epsilon(c->g, g / 255.0, 1e-9);
  g_assert_cmpfloat_with_epsilon(c->b, b / 255.0, 1e-9);
  g_assert_cmpfloat_with_epsilon(c->a, 1.0, 1e-9);
}

static void test_defaults(void)
{
  GError *error = NULL;
  tm_style_t *s = tm_style_load(NULL, &error);
  g_assert_no_error(error);
  g_assert_nonnull(s);
  g_assert_null(s->path);
  g_assert_cmpstr(s->paper, ==, "A4");
  g_assert_false(s->landscape);
  g_assert_cmpfloat(s->dpi, ==, 300);
  g_assert_cmpfloat(s->margin_mm, ==, 10);
  int w = 0, h = 0;
  tm_style_get_page_size(s, &w, &h);
  g_assert_cmpint(w, ==, 2480);
  g_assert_cmpint(h, ==, 3508);
  s->landscape = TRUE;
  tm_style_get_page_size(s, &w, &h);
  g_assert_cmpint(w, ==, 3508);
  g_assert_cmpint(h, ==, 2480);
  s->width_px = 800;
  s->height_px = 600;
  tm_style_get_page_size(s, &w, &h);
  g_assert_cmpint(w, ==, 800);
  g_assert_cmpint(h, ==, 600);

  g_assert_null(s->title);
  g_assert_null(s->subtitle);
  g_assert_null(s->legend_title);
  g_assert_null(s->join);
  g_assert_null(s->category);
  g_assert_null(s->encoding);
  g_assert_null(s->src_crs);
  g_assert_cmpstr(s->key, ==, "CODE_SIREN");
  g_assert_cmpstr(s->layer, ==, "epci/epci_2025_generalise_4326.shp");
  g_assert_cmpstr(s->title_text.family, ==, "Lato");
  g_assert_cmpstr(s->scalebar_text.family, ==, "Lato");
  g_assert_cmpfloat(s->title_text.size_pt, ==, 20);
  g_assert_true(s->title_text.bold);
  g_assert_false(s->subtitle_text.bold);
  g_assert_true(s->legend_title_text.bold);
  g_assert_true(s->credits_text.italic);
  g_assert_cmpfloat(s->inset_title_text.size_pt, ==, 7.5);
  assert_color(&s->title_text.color, 0x1e, 0x1e, 0x1e);
  assert_color(&s->inset_title_text.color, 0x1e, 0x1e, 0x1e);
  assert_color(&s->credits_text.color, 0x55, 0x55, 0x55);
  assert_color(&s->member_fill, 0x29, 0x31, 0x73);
  g_assert_cmpstr(s->member_label, ==, "Membre");
  g_assert_cmpstr(s->other_label, ==, "Non membre");
  g_assert_cmpstr(s->no_data_label, ==, "Données non disponibles");
  g_assert_cmpuint(s->n_palette, ==, 12);
  assert_color(&s->palette[0], 0x66, 0xc2, 0xa5);
  assert_color(&s->palette[11], 0x66, 0xa6, 0x1e);
  g_assert_cmpfloat(s->stroke_width_pt, ==, 0.3);
  g_assert_cmpfloat(s->inset_frame_width_pt, ==, 0.5);
  g_assert_true(g_str_has_prefix(s->inset_note, "Départements"));
  g_assert_true(s->scalebar);
  g_assert_true(s->legend_counts);

  g_assert_cmpuint(s->n_frames, ==, 6);
  g_assert_cmpstr(s->frames[0].name, ==, "metropole");
  g_assert_cmpstr(s->frames[0].title, ==, "France métropolitaine");
  g_assert_cmpstr(s->frames[0].crs, ==, "EPSG:2154");
  g_assert_false(s->frames[0].inset);
  g_assert_cmpfloat(s->frames[0].select.x0, ==, -6.0);
  g_assert_cmpfloat(s->frames[0].select.y1, ==, 51.5);
  g_assert_cmpstr(s->frames[1].name, ==, "guadeloupe");
  g_assert_cmpstr(s->frames[1].crs, ==, "EPSG:5490");
  g_assert_true(s->frames[1].inset);
  g_assert_cmpstr(s->frames[5].name, ==, "mayotte");
  g_assert_cmpstr(s->frames[5].crs, ==, "EPSG:4471");
  tm_style_free(s);
  tm_style_free(NULL);
}

static void test_page_sizes(void)
{
  tm_style_t s = {.paper = "A3", .dpi = 150};
  int w = 0, h = 0;
  tm_style_get_page_size(&s, &w, &h);
  g_assert_cmpint(w, ==, 1754); /* 297 / 25.4 * 150 = 1753.9 */
  g_assert_cmpint(h, ==, 2480);
  s.paper = "letter";
  s.dpi = 100;
  tm_style_get_page_size(&s, &w, &h);
  g_assert_cmpint(w, ==, 850);
  g_assert_cmpint(h, ==, 1100);
}

static void test_user_overrides(fixture_t *f, gconstpointer data)
{
  char *path = write_style(f, "# a style\n"
                              "[text]\n"
                              "title = Territoires d'industrie\n"
                              "font=DejaVu Sans\n"
                              "[membership]\n"
                              "member_fill=#ff0000\n"
                              "[page]\n"
                              "paper=a3\n"
                              "landscape=true\n"
                              "[data]\n"
                              "src_crs=EPSG:4326\n"
                              "encoding=\n");
  GError *error = NULL;
  tm_style_t *s = tm_style_load(path, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(s->path, ==, path);
  g_assert_cmpstr(s->title, ==, "Territoires d'industrie");
  g_assert_cmpstr(s->legend_text.family, ==, "DejaVu Sans");
  assert_color(&s->member_fill, 255, 0, 0);
  assert_color(&s->other_fill, 0xdc, 0xdc, 0xdc); /* untouched default */
  g_assert_cmpstr(s->paper, ==, "A3");
  g_assert_true(s->landscape);
  int w = 0, h = 0;
  tm_style_get_page_size(s, &w, &h);
  g_assert_cmpint(w, ==, 4961);
  g_assert_cmpint(h, ==, 3508);
  g_assert_cmpstr(s->src_crs, ==, "EPSG:4326");
  g_assert_null(s->encoding);
  g_assert_cmpuint(s->n_frames, ==, 6); /* no user frame: defaults kept */

  tm_style_set_string(&s->title, "Autre titre");
  g_assert_cmpstr(s->title, ==, "Autre titre");
  tm_style_set_string(&s->title, NULL);
  g_assert_null(s->title);
  tm_style_free(s);
  g_free(path);
}

static void test_user_frames_replace(fixture_t *f, gconstpointer data)
{
  char *path = write_style(f, "[frame corse]\n"
                              "crs=EPSG:2154\n"
                              "select=8.4,41.3,9.6,43.1\n"
                              "[frame metropole]\n"
                              "title=Hexagone\n"
                              "crs=EPSG:2154\n"
                              "select=-6,41,10,51.5\n"
                              "inset=false\n"
                              "[text]\n"
                              "title=x\n");
  GError *error = NULL;
  tm_style_t *s = tm_style_load(path, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(s->n_frames, ==, 2);
  g_assert_cmpstr(s->frames[0].name, ==, "corse");
  g_assert_cmpstr(s->frames[0].title, ==, "corse"); /* title defaults to the name */
  g_assert_cmpfloat(s->frames[0].select.x0, ==, 8.4);
  g_assert_cmpfloat(s->frames[0].select.y0, ==, 41.3);
  g_assert_cmpfloat(s->frames[0].select.x1, ==, 9.6);
  g_assert_cmpfloat(s->frames[0].select.y1, ==, 43.1);
  g_assert_false(s->frames[0].inset);
  g_assert_cmpstr(s->frames[1].name, ==, "metropole");
  g_assert_cmpstr(s->frames[1].title, ==, "Hexagone");
  tm_style_free(s);
  g_free(path);
}

static void test_unknown_key(fixture_t *f, gconstpointer data)
{
  assert_style_error(f,
                     "[text]\ntitle=t\n\n# comment\n[page]\ndpi=150\nfoo=1\n", TM_ERROR_STYLE,
                     "PATH:7: unknown key 'foo' in [page] (known: paper, landscape, dpi, "
                     "width_px, height_px, margin_mm, background)");
  assert_style_error(f, "[text]\ntitle=t\n[pgae]\ndpi=1\n", TM_ERROR_STYLE,
                     "PATH:3: unknown group [pgae] (known: [page], [text], [data], "
                     "[classes], [compare], [membership], [categories], [territories], "
                     "[labels], [context], [extent], [features], [insets], [scalebar], "
                     "[northarrow], [legend], [batch], [frame NAME], [overlay NAME])");
  assert_style_error(f, "[overlay d]\nlayer=a.shp\ncolour=#000\n", TM_ERROR_STYLE,
                     "PATH:3: unknown key 'colour' in [overlay d] (known: layer, key, stroke, "
                     "width, fill)");
  assert_style_error(f, "[frame x]\nselect=1,2,3,4\ncrs=EPSG:4326\nzoom=2\n", TM_ERROR_STYLE,
                     "PATH:4: unknown key 'zoom' in [frame x] (known: title, crs, select, "
                     "inset)");
}

static void test_bad_values(fixture_t *f, gconstpointer data)
{
  assert_style_error(f, "[membership]\nmember_label=M\n  member_fill = bleu\n", TM_ERROR_STYLE,
                     "PATH:3: [membership] member_fill: 'bleu' is not a colour "
                     "(expected #rrggbb)");
  assert_style_error(f, "[page]\ndpi=5\n", TM_ERROR_STYLE,
                     "PATH:2: [page] dpi: 5 is out of range (expected 10 to 2400)");
  assert_style_error(f, "[page]\n\ndpi=3e9\n", TM_ERROR_STYLE,
                     "PATH:3: [page] dpi: 3e9 is out of range (expected 10 to 2400)");
  assert_style_error(f, "[page]\ndpi=300dpi\n", TM_ERROR_STYLE,
                     "PATH:2: [page] dpi: '300dpi' is not a number (expected 10 to 2400)");
  assert_style_error(f, "[page]\nwidth_px=31000\n", TM_ERROR_STYLE,
                     "PATH:2: [page] width_px: 31000 is above the image cap of 30000 pixels "
                     "(raise it with --max-image-side N or TERRIMAP_MAX_IMAGE_SIDE=N, up to 32767)");
  assert_style_error(f, "[page]\nwidth_px=40000\n", TM_ERROR_STYLE,
                     "PATH:2: [page] width_px: 40000 is out of range (expected 0 to 32767)");
  assert_style_error(f, "[page]\npaper=B4\n", TM_ERROR_STYLE,
                     "PATH:2: [page] paper: 'B4' is not a paper size "
                     "(expected A0, A1, A2, A3, A4, A5 or letter)");
  assert_style_error(f, "[text]\ntitle_size=0\n", TM_ERROR_STYLE,
                     "PATH:2: [text] title_size: 0 is out of range "
                     "(expected more than 0 and at most 500 points)");
  assert_style_error(f, "[text]\nlegend_size=900\n", TM_ERROR_STYLE,
                     "PATH:2: [text] legend_size: 900 is out of range "
                     "(expected more than 0 and at most 500 points)");
  assert_style_error(f, "[features]\nstroke_width=-1\n", TM_ERROR_STYLE,
                     "PATH:2: [features] stroke_width: -1 is out of range (expected 0 to 50)");
  assert_style_error(f, "[page]\nmargin_mm=nan\n", TM_ERROR_STYLE,
                     "PATH:2: [page] margin_mm: 'nan' is not a number (expected 0 to 200)");
  assert_style_error(f, "[scalebar]\nshow=maybe\n", TM_ERROR_STYLE,
                     "PATH:2: [scalebar] show: 'maybe' is not a boolean "
                     "(expected true or false)");
  assert_style_error(f, "[categories]\npalette=#ffffff, #zz0000\n", TM_ERROR_STYLE,
                     "PATH:2: [categories] palette: colour 2: '#zz0000' is not a colour "
                     "(expected #rrggbb)");
  assert_style_error(f, "[categories]\npalette=\n", TM_ERROR_STYLE,
                     "PATH:2: [categories] palette: 0 colours (expected a comma-separated "
                     "list of 1 to 1024 colours)");
}

static void test_bad_frames(fixture_t *f, gconstpointer data)
{
  assert_style_error(f, "[frame a]\ncrs=EPSG:2154\nselect=10,41,-6,51\n", TM_ERROR_STYLE,
                     "PATH:3: [frame a] select: '10,41,-6,51' is an empty box "
                     "(expected lon0 < lon1 and lat0 < lat1)");
  assert_style_error(f, "[frame a]\ncrs=EPSG:2154\nselect=1,2,3\n", TM_ERROR_STYLE,
                     "PATH:3: [frame a] select: '1,2,3' is not a box "
                     "(expected lon0,lat0,lon1,lat1 in degrees)");
  assert_style_error(f, "[text]\ntitle=t\n[frame a]\nselect=1,2,3,4\n", TM_ERROR_STYLE,
                     "PATH:3: [frame a] crs: missing");
  assert_style_error(f, "[frame a]\ncrs=EPSG:5490\nselect=1,2,3,4\ninset=true\n",
                     TM_ERROR_STYLE,
                     "PATH: no main frame (expected a [frame NAME] group without inset=true)");
}

static void test_syntax_and_io(fixture_t *f, gconstpointer data)
{
  char *path = write_style(f, "[page]\n# c\n\nthis is not a key\n");
  GError *error = NULL;
  g_assert_null(tm_style_load(path, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_STYLE);
  char *prefix = g_strdup_printf("%s:4: ", path);
  g_assert_true(g_str_has_prefix(error->message, prefix));
  g_free(prefix);
  g_assert_nonnull(strstr(error->message, "this is not a key"));
  g_clear_error(&error);
  g_free(path);

  path = write_style(f, "\ndpi=3\n");
  g_assert_null(tm_style_load(path, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_STYLE);
  prefix = g_strdup_printf("%s:2: ", path);
  g_assert_true(g_str_has_prefix(error->message, prefix));
  g_free(prefix);
  g_clear_error(&error);
  g_free(path);

  assert_style_error(f, "[text]\ntitle=caf\xe9\n", TM_ERROR_STYLE,
                     "PATH:2: invalid UTF-8 (expected UTF-8 text)");

  char *missing = g_build_filename(f->dir, "nope.ini", NULL);
  g_assert_null(tm_style_load(missing, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_IO);
  g_assert_true(g_str_has_prefix(error->message, missing));
  g_clear_error(&error);
  g_free(missing);
}

static void test_year(fixture_t *f, gconstpointer data)
{
  g_setenv("SOURCE_DATE_EPOCH", "0", TRUE);
  char *path = write_style(f, "[text]\ncredits=Source : INSEE, {year} ({year})\n");
  GError *error = NULL;
  tm_style_t *s = tm_style_load(path, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(s->credits, ==, "Source : INSEE, 1970 (1970)");
  tm_style_free(s);
  s = tm_style_load(NULL, &error);
  g_assert_no_error(error);
  g_assert_true(g_str_has_suffix(s->credits, "terrimap, 1970"));
  tm_style_free(s);
  g_unsetenv("SOURCE_DATE_EPOCH");
  g_free(path);
}

/* The keys added for issue 3, at their built-in values. */
static void test_defaults_cartography(void)
{
  GError *error = NULL;
  tm_style_t *s = tm_style_load(NULL, &error);
  g_assert_no_error(error);
  g_assert_null(s->category_label);
  g_assert_null(s->value);
  g_assert_null(s->compare);
  g_assert_null(s->compare_key);
  g_assert_null(s->labels);
  g_assert_null(s->extent);
  g_assert_cmpstr(s->classes, ==, "quantile");
  g_assert_cmpuint(s->n_classes, ==, 5);
  g_assert_cmpstr(s->scheme, ==, "Blues");
  g_assert_true(s->french_numbers);
  g_assert_cmpint(s->decimals, ==, -1);
  assert_color(&s->kept_fill, 0x29, 0x31, 0x73);
  assert_color(&s->entering_fill, 0xf6, 0x90, 0x00);
  assert_color(&s->leaving_fill, 0xa6, 0xb6, 0xe0);
  assert_color(&s->never_fill, 0xe3, 0xe3, 0xe3);
  g_assert_cmpstr(s->kept_label, ==, "Dans les deux périodes");
  g_assert_cmpstr(s->entering_label, ==, "Nouvel entrant");
  g_assert_cmpstr(s->leaving_label, ==, "Sorti du programme");
  g_assert_cmpstr(s->never_label, ==, "Jamais membre");
  g_assert_false(s->adjacent_colours);
  g_assert_false(s->outlines);
  assert_color(&s->outline_color, 0x1e, 0x1e, 0x1e);
  g_assert_cmpfloat(s->outline_width_pt, ==, 0.9);
  g_assert_cmpstr(s->label_text.family, ==, "Lato");
  g_assert_cmpfloat(s->label_text.size_pt, ==, 7.5);
  g_assert_true(s->label_text.bold);
  g_assert_false(s->label_text.italic);
  assert_color(&s->label_text.color, 0x1e, 0x1e, 0x1e);
  assert_color(&s->halo_color, 0xff, 0xff, 0xff);
  g_assert_cmpfloat(s->halo_width_pt, ==, 1.2);
  g_assert_cmpuint(s->max_label_lines, ==, 2);
  assert_color(&s->context_fill, 0xf7, 0xf7, 0xf7);
  assert_color(&s->context_stroke, 0xff, 0xff, 0xff);
  g_assert_cmpstr(s->extent_layer, ==, "admin/departement_2025_detail_4326.shp");
  g_assert_cmpstr(s->extent_departement_key, ==, "INSEE_DEP");
  g_assert_cmpstr(s->extent_region_key, ==, "INSEE_REG");
  g_assert_false(s->inset_circles);
  g_assert_false(s->north_arrow);
  g_assert_cmpuint(s->n_overlays, ==, 0);
  g_assert_null(s->overlays);
  tm_style_free(s);
}

static void test_cartography_keys(fixture_t *f, gconstpointer data)
{
  char *path = write_style(
      f, "[text]\nfont=DejaVu Sans\n"
         "[data]\ncategory=ti\ncategory_label=nom_ti\nvalue=pop\ncompare=old.csv\n"
         "compare_key=siren\nlabels=nom\nextent=bbox:100000, 6000000,200000,6100000,EPSG:2154\n"
         "[classes]\nmethod=manual:10,20.5,30\ncount=3\nscheme=ylorrd\nfrench_numbers=no\n"
         "decimals=2\n"
         "[compare]\nkept_fill=#010203\nkept_label=Gardé\nnever_label=Jamais\n"
         "[categories]\ncolouring=adjacency\n"
         "[territories]\noutlines=true\noutline_color=#102030\noutline_width=1.5\n"
         "[labels]\nsize=9\ncolor=#333333\nbold=false\nhalo_color=#fefefe\nhalo_width=0\n"
         "max_lines=3\n"
         "[context]\nfill=#eeeeee\nstroke=none\n"
         "[extent]\nlayer=admin/dep.shp\ndepartement_key=DEP\nregion_key=\n"
         "[insets]\nshape=Circle\n"
         "[northarrow]\nshow=yes\n");
  GError *error = NULL;
  tm_style_t *s = tm_style_load(path, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(s->category, ==, "ti");
  g_assert_cmpstr(s->category_label, ==, "nom_ti");
  g_assert_cmpstr(s->value, ==, "pop");
  g_assert_cmpstr(s->compare, ==, "old.csv");
  g_assert_cmpstr(s->compare_key, ==, "siren");
  g_assert_cmpstr(s->labels, ==, "nom");
  g_assert_cmpstr(s->extent, ==, "bbox:100000, 6000000,200000,6100000,EPSG:2154");
  g_assert_cmpstr(s->classes, ==, "manual:10,20.5,30");
  g_assert_cmpuint(s->n_classes, ==, 3);
  g_assert_cmpstr(s->scheme, ==, "ylorrd");
  g_assert_false(s->french_numbers);
  g_assert_cmpint(s->decimals, ==, 2);
  assert_color(&s->kept_fill, 1, 2, 3);
  g_assert_cmpstr(s->kept_label, ==, "Gardé");
  g_assert_cmpstr(s->never_label, ==, "Jamais");
  g_assert_cmpstr(s->entering_label, ==, "Nouvel entrant");
  g_assert_true(s->adjacent_colours);
  g_assert_true(s->outlines);
  assert_color(&s->outline_color, 0x10, 0x20, 0x30);
  g_assert_cmpfloat(s->outline_width_pt, ==, 1.5);
  g_assert_cmpstr(s->label_text.family, ==, "DejaVu Sans");
  g_assert_cmpfloat(s->label_text.size_pt, ==, 9);
  g_assert_false(s->label_text.bold);
  assert_color(&s->label_text.color, 0x33, 0x33, 0x33);
  assert_color(&s->halo_color, 0xfe, 0xfe, 0xfe);
  g_assert_cmpfloat(s->halo_width_pt, ==, 0);
  g_assert_cmpuint(s->max_label_lines, ==, 3);
  assert_color(&s->context_fill, 0xee, 0xee, 0xee);
  g_assert_cmpfloat(s->context_stroke.a, ==, 0);
  g_assert_cmpstr(s->extent_layer, ==, "admin/dep.shp");
  g_assert_cmpstr(s->extent_departement_key, ==, "DEP");
  g_assert_null(s->extent_region_key);
  g_assert_true(s->inset_circles);
  g_assert_true(s->north_arrow);
  tm_style_free(s);
  g_free(path);

  /* Every accepted extent form loads. */
  const char *const extents[] = {"region:84", "departement:2A", "category:ti-1103",
                                 "bbox:-5.5,41,10,51.5"};
  for (gsize i = 0; i < G_N_ELEMENTS(extents); i++) {
    char *text = g_strdup_printf("[data]\nextent=%s\n", extents[i]);
    path = write_style(f, text);
    s = tm_style_load(path, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(s->extent, ==, extents[i]);
    tm_style_free(s);
    g_free(path);
    g_free(text);
  }
}

static void test_overlays(fixture_t *f, gconstpointer data)
{
  char *path = write_style(f, "[overlay departements]\nlayer=admin/dep.shp\nwidth=1.25\n"
                              "[page]\ndpi=100\n"
                              "[overlay regions]\nlayer=admin/reg.shp\nkey=INSEE_REG\n"
                              "stroke=#000000\nwidth=0\nfill=#ff000080\n");
  GError *error = NULL;
  tm_style_t *s = tm_style_load(path, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(s->n_overlays, ==, 2);
  tm_overlay_spec_t *o = &s->overlays[0];
  g_assert_cmpstr(o->name, ==, "departements");
  g_assert_cmpstr(o->layer, ==, "admin/dep.shp");
  g_assert_null(o->key);
  assert_color(&o->stroke, 0xff, 0xff, 0xff);
  g_assert_cmpfloat(o->stroke_width_pt, ==, 1.25);
  g_assert_cmpfloat(o->fill.a, ==, 0);
  o = &s->overlays[1];
  g_assert_cmpstr(o->name, ==, "regions");
  g_assert_cmpstr(o->layer, ==, "admin/reg.shp");
  g_assert_cmpstr(o->key, ==, "INSEE_REG");
  assert_color(&o->stroke, 0, 0, 0);
  g_assert_cmpfloat(o->stroke_width_pt, ==, 0);
  g_assert_cmpfloat(o->fill.r, ==, 1);
  g_assert_cmpfloat_with_epsilon(o->fill.a, 128 / 255.0, 1e-9);

  /* --overlay: appended after the style's, strings copied. */
  char *layer = g_strdup("x/communes.shp");
  tm_overlay_spec_t extra = {.name = "cli", .layer = layer, .stroke = {0, 0, 1, 1},
                             .stroke_width_pt = 0.5};
  tm_style_add_overlay(s, &extra);
  g_free(layer);
  g_assert_cmpuint(s->n_overlays, ==, 3);
  g_assert_cmpstr(s->overlays[0].name, ==, "departements");
  g_assert_cmpstr(s->overlays[2].name, ==, "cli");
  g_assert_cmpstr(s->overlays[2].layer, ==, "x/communes.shp");
  g_assert_null(s->overlays[2].key);
  g_assert_cmpfloat(s->overlays[2].stroke.b, ==, 1);
  g_assert_cmpfloat(s->overlays[2].stroke_width_pt, ==, 0.5);
  tm_style_free(s);
  g_free(path);

  s = tm_style_load(NULL, &error);
  g_assert_no_error(error);
  tm_style_add_overlay(s, &(tm_overlay_spec_t){.name = "a", .layer = "a.shp", .key = "K"});
  g_assert_cmpuint(s->n_overlays, ==, 1);
  g_assert_cmpstr(s->overlays[0].key, ==, "K");
  tm_style_free(s);
}

static void test_bad_cartography(fixture_t *f, gconstpointer data)
{
  const char *forms = "(expected region:CODE, departement:CODE, category:VALUE, "
                      "bbox:x0,y0,x1,y1 or bbox:x0,y0,x1,y1,CRS)";
  char *want = g_strdup_printf("PATH:3: [data] extent: 'commune:75056' is not an extent %s",
                               forms);
  assert_style_error(f, "[data]\nvalue=pop\nextent=commune:75056\n", TM_ERROR_STYLE, want);
  g_free(want);
  want = g_strdup_printf("PATH:2: [data] extent: 'France' is not an extent %s", forms);
  assert_style_error(f, "[data]\nextent=France\n", TM_ERROR_STYLE, want);
  g_free(want);
  want = g_strdup_printf("PATH:2: [data] extent: 'region:' names no code %s", forms);
  assert_style_error(f, "[data]\nextent=region: \n", TM_ERROR_STYLE, want);
  g_free(want);
  assert_style_error(f, "[data]\nextent=bbox:1,2,3\n", TM_ERROR_STYLE,
                     "PATH:2: [data] extent: 'bbox:1,2,3' is not a box (expected "
                     "bbox:x0,y0,x1,y1 or bbox:x0,y0,x1,y1,CRS with numbers such as 2.25)");
  assert_style_error(f, "[data]\nextent=bbox:1,2,3,4,\n", TM_ERROR_STYLE,
                     "PATH:2: [data] extent: 'bbox:1,2,3,4,' is not a box (expected "
                     "bbox:x0,y0,x1,y1 or bbox:x0,y0,x1,y1,CRS with numbers such as 2.25)");
  assert_style_error(f, "[data]\n\nextent=bbox:3,2,1,4\n", TM_ERROR_STYLE,
                     "PATH:3: [data] extent: 'bbox:3,2,1,4' is an empty box "
                     "(expected x0 < x1 and y0 < y1)");
  assert_style_error(f, "[classes]\nmethod=natural\n", TM_ERROR_STYLE,
                     "PATH:2: [classes] method: 'natural' is not a classification method "
                     "(expected quantile, equal, ckmeans, jenks or manual:B1,B2,...)");
  assert_style_error(f, "[classes]\nmethod=manual:10,5\n", TM_ERROR_STYLE,
                     "PATH:2: [classes] method: manual:10,5: break 2 (5) is not above the one "
                     "before (expected strictly increasing breaks)");
  assert_style_error(f, "[classes]\nmethod=manual:1,2,x\n", TM_ERROR_STYLE,
                     "PATH:2: [classes] method: manual:1,2,x: break 3 'x' is not a number "
                     "(expected manual:B1,B2,... with '.' as the decimal point)");
  char *path = write_style(f, "[classes]\ncount=4\nscheme=Bleus\n");
  GError *error = NULL;
  g_assert_null(tm_style_load(path, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_STYLE);
  char *prefix = g_strdup_printf("%s:3: [classes] scheme: unknown colour scheme 'Bleus' "
                                 "(expected a ColorBrewer scheme: Blues, BuGn, ",
                                 path);
  g_assert_true(g_str_has_prefix(error->message, prefix));
  g_assert_true(g_str_has_suffix(error->message, "Set2, Set3)"));
  g_free(prefix);
  g_clear_error(&error);
  g_free(path);
  assert_style_error(f, "[classes]\nscheme=Blues\ncount=10\n", TM_ERROR_STYLE,
                     "PATH:2: [classes] scheme: colour scheme Blues has no 10-colour version "
                     "(expected 1 to 9 colours)");
  assert_style_error(f, "[classes]\ncount=1\n", TM_ERROR_STYLE,
                     "PATH:2: [classes] count: 1 is out of range (expected 2 to 12)");
  assert_style_error(f, "[classes]\ndecimals=7\n", TM_ERROR_STYLE,
                     "PATH:2: [classes] decimals: 7 is out of range (expected -1 to 6)");
  assert_style_error(f, "[insets]\nnote=n\nshape=round\n", TM_ERROR_STYLE,
                     "PATH:3: [insets] shape: unknown value 'round' (expected box or circle)");
  assert_style_error(f, "[categories]\ncolouring=random\n", TM_ERROR_STYLE,
                     "PATH:2: [categories] colouring: unknown value 'random' "
                     "(expected palette or adjacency)");
  assert_style_error(f, "[labels]\nmax_lines=4\n", TM_ERROR_STYLE,
                     "PATH:2: [labels] max_lines: 4 is out of range (expected 1 to 3)");
  assert_style_error(f, "[labels]\nhalo_width=25\n", TM_ERROR_STYLE,
                     "PATH:2: [labels] halo_width: 25 is out of range (expected 0 to 20)");
  assert_style_error(f, "[territories]\noutline_width=60\n", TM_ERROR_STYLE,
                     "PATH:2: [territories] outline_width: 60 is out of range "
                     "(expected 0 to 50)");
  assert_style_error(f, "[compare]\nleaving_fill=orange\n", TM_ERROR_STYLE,
                     "PATH:2: [compare] leaving_fill: 'orange' is not a colour "
                     "(expected #rrggbb)");
  assert_style_error(f, "[page]\ndpi=100\n[overlay dep]\nstroke=#000000\nwidth=2\n",
                     TM_ERROR_STYLE,
                     "PATH:3: [overlay dep] layer: missing (expected layer=SHAPEFILE, "
                     "relative to the data directory)");
  assert_style_error(f, "[page]\ndpi=100\n\n[overlay dep]\n", TM_ERROR_STYLE,
                     "PATH:4: [overlay dep] layer: missing (expected layer=SHAPEFILE, "
                     "relative to the data directory)");
  assert_style_error(f, "[overlay dep]\nlayer=d.shp\nwidth=51\n", TM_ERROR_STYLE,
                     "PATH:3: [overlay dep] width: 51 is out of range (expected 0 to 50)");
  assert_style_error(f, "[overlay dep]\nlayer=d.shp\nfill=rouge\n", TM_ERROR_STYLE,
                     "PATH:3: [overlay dep] fill: 'rouge' is not a colour (expected #rrggbb)");
}

#define ADD(name, fn) g_test_add(name, fixture_t, NULL, fixture_setup, fn, fixture_teardown)

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/style/defaults", test_defaults);
  g_test_add_func("/style/page_sizes", test_page_sizes);
  ADD("/style/user_overrides", test_user_overrides);
  ADD("/style/user_frames_replace", test_user_frames_replace);
  ADD("/style/unknown_key", test_unknown_key);
  ADD("/style/bad_values", test_bad_values);
  ADD("/style/bad_frames", test_bad_frames);
  ADD("/style/syntax_and_io", test_syntax_and_io);
  ADD("/style/year", test_year);
  g_test_add_func("/style/defaults_cartography", test_defaults_cartography);
  ADD("/style/cartography_keys", test_cartography_keys);
  ADD("/style/overlays", test_overlays);
  ADD("/style/bad_cartography", test_bad_cartography);
  return g_test_run();
}
