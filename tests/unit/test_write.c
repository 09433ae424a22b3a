/* Write stage: PNG chunks and pixels, SVG content, PDF text, atomic files. */
#include <errno.h>
#include <locale.h>
#include <string.h>
#include <zlib.h>
#include <sys/stat.h>
#include <cairo.h>
#include <glib/gstdio.h>

#include "terrimap/drawing.h"
#include "terrimap/write.h"

static const tm_rgba_t white = {1, 1, 1, 1};
static const tm_rgba_t navy = {0x29 / 255.0, 0x31 / 255.0, 0x73 / 255.0, 1};

/* 200 x 100 at 300 dpi: a keyed navy polygon (rounding duplicates inside),
 * a clipped group, a label with an apostrophe and XML specials. */
static tm_drawing_t *test_drawing(const tm_rgba_t *background) {
  tm_drawing_t *d = tm_drawing_new(200, 100, 300, background);
  tm_drawing_set_title(d, "Cœur d'Essonne & co");
  double ring[] = {10.504, 20, 30.001, 20, 30.004, 20.002, 30, 60, 10.5, 60, 10.5, 20};
  tm_paint_t fill = {.fill_on = TRUE, .fill = navy, .stroke_on = TRUE, .stroke = white,
                     .stroke_width = 0.5, .even_odd = TRUE};
  tm_drawing_begin_path(d);
  tm_drawing_add_ring(d, ring, 6, TRUE);
  tm_drawing_end_path(d, &fill, "200054781", "epci");

  tm_extent_t clip = {100, 0, 200, 100};
  tm_drawing_begin_group(d, "drom", "inset", &clip);
  tm_paint_t red = {.fill_on = TRUE, .fill = {1, 0, 0, 0.5}};
  tm_drawing_add_rect(d, 90, 10, 50, 20, &red, NULL);
  tm_drawing_end_group(d);

  tm_font_t font = {.family = "Lato", .size = 14, .color = {0, 0, 0, 1}, .halo_width = 1.5,
                    .halo_color = white};
  tm_drawing_add_text(d, "Cœur d'Essonne", &font, 40.25, 80.5, "label");
  tm_drawing_add_text(d, "a<b>&c\x01", &font, 40, 95, NULL);
  return d;
}

static char *test_dir(void) {
  GError *error = NULL;
  char *dir = g_dir_make_tmp("test_write-XXXXXX", &error);
  g_assert_no_error(error);
  return dir;
}

/* Removes the files of a test directory, then the directory. */
static void remove_dir(const char *dir) {
  GDir *gd = g_dir_open(dir, 0, NULL);
  const char *name;
  while (gd && (name = g_dir_read_name(gd)) != NULL) {
    char *p = g_build_filename(dir, name, NULL);
    g_unlink(p);
    g_free(p);
  }
  if (gd)
    g_dir_close(gd);
  g_rmdir(dir);
}

static guint count_files(const char *dir) {
  GDir *gd = g_dir_open(dir, 0, NULL);
  g_assert_nonnull(gd);
  guint n = 0;
  while (g_dir_read_name(gd) != NULL)
    n++;
  g_dir_close(gd);
  return n;
}

static char *read_file(const char *path, gsize *length) {
  char *data = NULL;
  GError *error = NULL;
  g_file_get_contents(path, &data, length, &error);
  g_assert_no_error(error);
  return data;
}

static guint32 be32(const guint8 *p) {
  return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* The data of the first chunk of that type, or NULL. */
static const guint8 *png_chunk(const guint8 *png, gsize length, const char *type,
                               guint32 *chunk_length) {
  gsize at = 8;
  while (at + 12 <= length) {
    guint32 n = be32(png + at);
    if (memcmp(png + at + 4, type, 4) == 0 && at + 12 + n <= length) {
      *chunk_length = n;
      return png + at + 8;
    }
    at += 12 + (gsize)n;
  }
  return NULL;
}

static void test_write_png(void) {
  char *dir = test_dir();
  char *path = g_build_filename(dir, "map.PNG", NULL);
  tm_drawing_t *d = test_drawing(&white);
  GError *error = NULL;
  g_assert_true(tm_write_drawing(d, path, &error));
  g_assert_no_error(error);

  gsize length = 0;
  guint8 *png = (guint8 *)read_file(path, &length);
  g_assert_cmpuint(length, >, 60);
  g_assert_cmpint(memcmp(png, "\x89PNG\r\n\x1a\n", 8), ==, 0);
  guint32 n = 0;
  const guint8 *ihdr = png_chunk(png, length, "IHDR", &n);
  g_assert_nonnull(ihdr);
  g_assert_cmpuint(be32(ihdr), ==, 200);
  g_assert_cmpuint(be32(ihdr + 4), ==, 100);
  g_assert_cmpuint(ihdr[8], ==, 8); /* bit depth */
  g_assert_cmpuint(ihdr[9], ==, 2); /* opaque page: RGB */
  const guint8 *phys = png_chunk(png, length, "pHYs", &n);
  g_assert_nonnull(phys);
  g_assert_cmpuint(n, ==, 9);
  g_assert_cmpuint(be32(phys), ==, 11811);
  g_assert_cmpuint(be32(phys + 4), ==, 11811);
  g_assert_cmpuint(phys[8], ==, 1); /* per metre */
  const guint8 *text = png_chunk(png, length, "tEXt", &n);
  g_assert_nonnull(text);
  g_assert_cmpint(memcmp(text, "Software\0terrimap", 17), ==, 0);
  /* The title is not Latin-1 ("œ"): iTXt, UTF-8. */
  g_assert_nonnull(png_chunk(png, length, "iTXt", &n));
  g_free(png);

  cairo_surface_t *s = cairo_image_surface_create_from_png(path);
  g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint(cairo_image_surface_get_width(s), ==, 200);
  const guint8 *data = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  guint32 px;
  memcpy(&px, data + 40 * stride + 20 * 4, 4);
  g_assert_cmphex(px, ==, 0xff293173);
  memcpy(&px, data + 5 * stride + 5 * 4, 4);
  g_assert_cmphex(px, ==, 0xffffffff);
  cairo_surface_destroy(s);

  g_assert_cmpuint(count_files(dir), ==, 1); /* no temporary left */
  tm_drawing_free(d);
  g_free(path);
  remove_dir(dir);
  g_free(dir);
}

static void test_write_png_alpha(void) {
  char *dir = test_dir();
  char *path = g_build_filename(dir, "map.png", NULL);
  tm_rgba_t none = {0, 0, 0, 0};
  tm_drawing_t *d = test_drawing(&none);
  GError *error = NULL;
  g_assert_true(tm_write_drawing(d, path, &error));
  g_assert_no_error(error);
  gsize length = 0;
  guint8 *png = (guint8 *)read_file(path, &length);
  guint32 n = 0;
  const guint8 *ihdr = png_chunk(png, length, "IHDR", &n);
  g_assert_nonnull(ihdr);
  g_assert_cmpuint(ihdr[9], ==, 6); /* transparent page: RGBA */
  g_free(png);
  tm_drawing_free(d);
  g_free(path);
  remove_dir(dir);
  g_free(dir);
}

/* A page taller than a band (src/render/image.c draws about a megabyte at
 * a time): each band is compressed on its own and the pieces make one zlib
 * stream, so a reader must find every stripe, the Adler-32 must hold, and
 * there must be an IDAT chunk per band. */
static void check_png_bands(const tm_rgba_t *background, int channels) {
  enum { W = 300, H = 4000, STRIPE = 500 };
  static const tm_rgba_t colours[] = {{1, 0, 0, 1}, {0, 0.5, 0, 1}, {0, 0, 1, 1}, {1, 1, 0, 1}};
  static const guint32 argb[] = {0xffff0000, 0xff008000, 0xff0000ff, 0xffffff00};
  char *dir = test_dir();
  char *path = g_build_filename(dir, "tall.png", NULL);
  tm_drawing_t *d = tm_drawing_new(W, H, 96, background);
  for (int i = 0; i < H / STRIPE; i++) {
    tm_paint_t fill = {.fill_on = TRUE, .fill = colours[i % 4]};
    tm_drawing_add_rect(d, 0, i * STRIPE, W, STRIPE, &fill, NULL);
  }
  GError *error = NULL;
  g_assert_true(tm_write_drawing(d, path, &error));
  g_assert_no_error(error);

  gsize length = 0;
  guint8 *png = (guint8 *)read_file(path, &length);
  GByteArray *idat = g_byte_array_new();
  guint n_idat = 0;
  for (gsize at = 8; at + 12 <= length;) {
    guint32 n = be32(png + at);
    g_assert_cmpuint(at + 12 + n, <=, length);
    if (memcmp(png + at + 4, "IDAT", 4) == 0) {
      g_byte_array_append(idat, png + at + 8, n);
      n_idat++;
    }
    at += 12 + n;
  }
  g_assert_cmpuint(n_idat, >=, 4);
  g_assert_cmpmem(png + length - 12, 12, "\0\0\0\0IEND\xae\x42\x60\x82", 12);
  uLongf raw_len = (uLongf)H * (1 + channels * W), got = raw_len;
  guint8 *raw = g_malloc(raw_len);
  g_assert_cmpint(uncompress(raw, &got, idat->data, idat->len), ==, Z_OK);
  g_assert_cmpuint(got, ==, raw_len);
  for (int y = 0; y < H; y++)
    g_assert_cmpuint(raw[(gsize)y * (1 + channels * W)], ==, 0); /* no row filter */
  g_free(raw);
  g_byte_array_unref(idat);
  g_free(png);

  cairo_surface_t *s = cairo_image_surface_create_from_png(path);
  g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint(cairo_image_surface_get_height(s), ==, H);
  const guint8 *data = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  for (int y = 1; y < H; y += 37) {
    guint32 px;
    memcpy(&px, data + (gsize)y * stride + 4 * (y % W), 4);
    if (y % STRIPE != 0)
      g_assert_cmphex(px, ==, argb[(y / STRIPE) % 4]);
  }
  cairo_surface_destroy(s);
  tm_drawing_free(d);
  g_free(path);
  remove_dir(dir);
  g_free(dir);
}

static void test_write_png_bands(void) {
  check_png_bands(&white, 3);
  tm_rgba_t none = {0, 0, 0, 0};
  check_png_bands(&none, 4);
}

static char *write_svg_string(const tm_drawing_t *d) {
  char *dir = test_dir();
  char *path = g_build_filename(dir, "map.svg", NULL);
  GError *error = NULL;
  g_assert_true(tm_write_drawing(d, path, &error));
  g_assert_no_error(error);
  char *svg = read_file(path, NULL);
  g_free(path);
  remove_dir(dir);
  g_free(dir);
  return svg;
}

static void assert_contains(const char *haystack, const char *needle) {
  if (strstr(haystack, needle) == NULL)
    g_error("expected to find\n  %s\nin\n%s", needle, haystack);
}

static void test_write_svg(void) {
  /* A decimal-comma locale must not leak into the numbers. */
  char *saved = g_strdup(setlocale(LC_NUMERIC, NULL));
  const char *fr = setlocale(LC_NUMERIC, "fr_FR.UTF-8");
  if (fr == NULL)
    g_test_message("fr_FR.UTF-8 locale absent: decimal comma not exercised");
  tm_drawing_t *d = test_drawing(&white);
  char *svg = write_svg_string(d);
  setlocale(LC_NUMERIC, saved);
  g_free(saved);

  g_assert_true(g_str_has_prefix(svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
  assert_contains(svg, "width=\"200\" height=\"100\" viewBox=\"0 0 200 100\"");
  assert_contains(svg, "<title>Cœur d&apos;Essonne &amp; co</title>");
  /* Rounded to 2 decimals, the duplicate (30, 20) and the closing point dropped. */
  assert_contains(svg, "<path d=\"M10.5 20l19.5 0 0 40-19.5 0Z\" fill=\"#293173\" "
                       "fill-rule=\"evenodd\" stroke=\"#ffffff\" stroke-width=\"0.5\" "
                       "stroke-linejoin=\"round\" stroke-linecap=\"round\" class=\"epci\" "
                       "data-key=\"200054781\"/>");
  assert_contains(svg, "<clipPath id=\"clip1\"><rect x=\"100\" y=\"0\" width=\"100\" "
                       "height=\"100\"/></clipPath>");
  assert_contains(svg, "<g id=\"drom\" class=\"inset\" clip-path=\"url(#clip1)\">");
  assert_contains(svg, "fill=\"#ff0000\" fill-opacity=\"0.5\"");
  assert_contains(svg, "<text x=\"40.25\" y=\"80.5\" font-family=\"Lato\" font-size=\"14\" "
                       "fill=\"#000000\" paint-order=\"stroke\" stroke=\"#ffffff\" "
                       "stroke-width=\"3\" stroke-linejoin=\"round\" class=\"label\">"
                       "Cœur d&apos;Essonne</text>");
  assert_contains(svg, ">a&lt;b&gt;&amp;c </text>");
  g_assert_true(g_str_has_suffix(svg, "</svg>\n"));
  /* Every number uses a decimal point: no digit,digit anywhere. */
  for (const char *p = svg; *p; p++)
    if (*p == ',' && p > svg && g_ascii_isdigit(p[-1]) && g_ascii_isdigit(p[1]))
      g_error("decimal comma in SVG at: %.40s", p - 10);

  /* Well-formed XML (GMarkup rejects unbalanced tags and bad references). */
  GMarkupParser parser = {0};
  GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, NULL, NULL);
  GError *error = NULL;
  const char *body = strstr(svg, "<svg"); /* GMarkup does not take the prolog */
  g_assert_true(g_markup_parse_context_parse(ctx, body, -1, &error) &&
                g_markup_parse_context_end_parse(ctx, &error));
  g_assert_no_error(error);
  g_markup_parse_context_free(ctx);
  g_free(svg);
  tm_drawing_free(d);
}

static void test_write_svg_unbalanced_groups(void) {
  tm_drawing_t *d = tm_drawing_new(10, 10, 96, &white);
  tm_drawing_end_group(d); /* unmatched: skipped */
  tm_drawing_begin_group(d, NULL, NULL, NULL);
  tm_drawing_begin_group(d, NULL, NULL, NULL); /* never closed: closed by the writer */
  char *svg = write_svg_string(d);
  GMarkupParser parser = {0};
  GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, NULL, NULL);
  GError *error = NULL;
  g_assert_true(g_markup_parse_context_parse(ctx, strstr(svg, "<svg"), -1, &error) &&
                g_markup_parse_context_end_parse(ctx, &error));
  g_assert_no_error(error);
  g_markup_parse_context_free(ctx);
  g_free(svg);
  tm_drawing_free(d);
}

static void test_write_pdf(void) {
  char *dir = test_dir();
  char *path = g_build_filename(dir, "map.pdf", NULL);
  tm_drawing_t *d = test_drawing(&white);
  GError *error = NULL;
  g_assert_true(tm_write_drawing(d, path, &error));
  g_assert_no_error(error);
  gsize length = 0;
  char *pdf = read_file(path, &length);
  g_assert_cmpuint(length, >, 100);
  g_assert_true(g_str_has_prefix(pdf, "%PDF-"));
  g_free(pdf);

  char *pdftotext = g_find_program_in_path("pdftotext");
  if (pdftotext != NULL) {
    char *argv[] = {pdftotext, path, "-", NULL};
    char *out = NULL;
    int status = 0;
    g_assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                               NULL, &status, &error));
    g_assert_no_error(error);
    assert_contains(out, "Cœur d'Essonne");
    g_free(out);
    g_free(pdftotext);
  } else {
    g_test_message("pdftotext not on PATH: text extraction not checked");
  }
  tm_drawing_free(d);
  g_free(path);
  remove_dir(dir);
  g_free(dir);
}

/* Each writer reports a full disk as an I/O error rather than succeeding. */
static void test_write_full_device(void) {
  if (!g_file_test("/dev/full", G_FILE_TEST_EXISTS)) {
    g_test_skip("no /dev/full");
    return;
  }
  gboolean (*writers[])(FILE *, const tm_drawing_t *, GError **) = {tm_write_png, tm_write_svg,
                                                                      tm_write_pdf};
  tm_drawing_t *d = test_drawing(&white);
  for (gsize i = 0; i < G_N_ELEMENTS(writers); i++) {
    FILE *f = fopen("/dev/full", "wb");
    g_assert_nonnull(f);
    setvbuf(f, NULL, _IONBF, 0); /* fail at the first write, not at fclose */
    GError *error = NULL;
    g_assert_false(writers[i](f, d, &error));
    g_assert_error(error, TM_ERROR, TM_ERROR_IO);
    assert_contains(error->message, g_strerror(ENOSPC));
    g_clear_error(&error);
    fclose(f);
  }
  tm_drawing_free(d);
}

static gboolean failing_writer(FILE *out, void *data, GError **error) {
  fputs("partial", out);
  g_set_error(error, TM_ERROR, TM_ERROR_RENDER, "cannot render (test)");
  return FALSE;
}

static gboolean hello_writer(FILE *out, void *data, GError **error) {
  fputs(data, out);
  return TRUE;
}

static void test_write_atomic(void) {
  char *dir = test_dir();
  char *path = g_build_filename(dir, "map.png", NULL);
  GError *error = NULL;
  g_assert_true(g_file_set_contents(path, "old", -1, &error));

  g_assert_false(tm_write_atomic(path, failing_writer, NULL, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_RENDER);
  char *expected = g_strdup_printf("%s: cannot render (test)", path);
  g_assert_cmpstr(error->message, ==, expected);
  g_free(expected);
  g_clear_error(&error);
  char *content = read_file(path, NULL);
  g_assert_cmpstr(content, ==, "old");
  g_free(content);
  g_assert_cmpuint(count_files(dir), ==, 1);

  g_assert_true(tm_write_atomic(path, hello_writer, "new", &error));
  g_assert_no_error(error);
  content = read_file(path, NULL);
  g_assert_cmpstr(content, ==, "new");
  g_free(content);
  g_assert_cmpuint(count_files(dir), ==, 1);

  /* A new file gets the usual permissions (0666 less the umask). */
  char *fresh = g_build_filename(dir, "fresh.svg", NULL);
  g_assert_true(tm_write_atomic(fresh, hello_writer, "x", &error));
  mode_t mask = umask(022);
  umask(mask);
  GStatBuf st;
  g_assert_cmpint(g_stat(fresh, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0666 & ~mask);
  g_free(fresh);

  char *missing = g_build_filename(dir, "no", "such", "map.png", NULL);
  g_assert_false(tm_write_atomic(missing, hello_writer, "x", &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_IO);
  g_assert_true(g_str_has_prefix(error->message, missing));
  assert_contains(error->message, g_strerror(ENOENT));
  g_clear_error(&error);
  g_free(missing);

  g_free(path);
  remove_dir(dir);
  g_free(dir);
}

static void test_format_from_path(void) {
  tm_format_t f = TM_FORMAT_PDF;
  GError *error = NULL;
  g_assert_true(tm_format_from_path("out/Map.PNG", &f, &error));
  g_assert_cmpint(f, ==, TM_FORMAT_PNG);
  g_assert_true(tm_format_from_path("a.b/map.svg", &f, &error));
  g_assert_cmpint(f, ==, TM_FORMAT_SVG);
  g_assert_true(tm_format_from_path("map.Pdf", &f, &error));
  g_assert_cmpint(f, ==, TM_FORMAT_PDF);
  g_assert_no_error(error);

  g_assert_false(tm_format_from_path("out/map.jpg", &f, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_ARGUMENT);
  g_assert_cmpstr(error->message, ==,
                  "out/map.jpg: unknown output format (expected .png, .svg or .pdf)");
  g_clear_error(&error);
  g_assert_false(tm_format_from_path("out.png/map", &f, &error));
  g_clear_error(&error);
  g_assert_false(tm_format_from_path("out/.png", &f, &error));
  g_clear_error(&error);

  /* An unknown format creates nothing. */
  char *dir = test_dir();
  char *path = g_build_filename(dir, "map.jpg", NULL);
  tm_drawing_t *d = tm_drawing_new(10, 10, 96, &white);
  g_assert_false(tm_write_drawing(d, path, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_ARGUMENT);
  g_clear_error(&error);
  g_assert_cmpuint(count_files(dir), ==, 0);
  tm_drawing_free(d);
  g_free(path);
  remove_dir(dir);
  g_free(dir);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/write/png", test_write_png);
  g_test_add_func("/write/png/alpha", test_write_png_alpha);
  g_test_add_func("/write/png/bands", test_write_png_bands);
  g_test_add_func("/write/svg", test_write_svg);
  g_test_add_func("/write/svg/unbalanced-groups", test_write_svg_unbalanced_groups);
  g_test_add_func("/write/pdf", test_write_pdf);
  g_test_add_func("/write/full-device", test_write_full_device);
  g_test_add_func("/write/atomic", test_write_atomic);
  g_test_add_func("/write/format", test_format_from_path);
  return g_test_run();
}
