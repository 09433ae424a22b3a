/* Render stage: pixels of a hand-built drawing, text metrics, PDF stream. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "terrimap/drawing.h"
#include "terrimap/render.h"
#include "../../src/render/replay.h"

static const tm_rgba_t white = {1, 1, 1, 1};
static const tm_rgba_t red = {1, 0, 0, 1};
static const tm_rgba_t green = {0, 1, 0, 1};
static const tm_rgba_t blue = {0, 0, 1, 1};
static const tm_rgba_t black = {0, 0, 0, 1};

#define TEXT_X 60.0
#define TEXT_Y 75.0

static tm_font_t test_font(double size) {
  tm_font_t f = {.family = "Lato", .size = size, .color = black};
  return f;
}

/* 200 x 100 white page:
 *   red square (10,10)-(50,50) with a hole (20,20)-(40,40), even-odd;
 *   blue line y = 92 from x = 10 to 190, 4 px wide;
 *   green rect (130,20)-(190,50) inside a group clipped to x >= 150;
 *   "Île-de-France", Lato 20, baseline (60, 75). */
static tm_drawing_t *test_drawing(void) {
  tm_drawing_t *d = tm_drawing_new(200, 100, 96, &white);
  double outer[] = {10, 10, 50, 10, 50, 50, 10, 50};
  double hole[] = {20, 20, 20, 40, 40, 40, 40, 20};
  tm_paint_t fill = {.fill_on = TRUE, .fill = red, .even_odd = TRUE};
  tm_drawing_begin_path(d);
  tm_drawing_add_ring(d, outer, 4, TRUE);
  tm_drawing_add_ring(d, hole, 4, TRUE);
  tm_drawing_end_path(d, &fill, "200054781", "epci");

  tm_drawing_add_line(d, 10, 92, 190, 92, &blue, 4, "rule");

  tm_extent_t clip = {150, 0, 200, 100};
  tm_drawing_begin_group(d, "frame", "frame", &clip);
  tm_paint_t green_fill = {.fill_on = TRUE, .fill = green};
  tm_drawing_add_rect(d, 130, 20, 60, 30, &green_fill, NULL);
  tm_drawing_end_group(d);

  tm_font_t font = test_font(20);
  tm_drawing_add_text(d, "Île-de-France", &font, TEXT_X, TEXT_Y, "label");
  return d;
}

static const guint8 *pixel(const tm_image_t *img, int x, int y) {
  g_assert_cmpint(x, >=, 0);
  g_assert_cmpint(x, <, img->width);
  g_assert_cmpint(y, >=, 0);
  g_assert_cmpint(y, <, img->height);
  return img->rgba + (gsize)y * img->stride + 4 * (gsize)x;
}

static void assert_pixel(const tm_image_t *img, int x, int y, guint8 r, guint8 g, guint8 b) {
  const guint8 *p = pixel(img, x, y);
  if (p[0] != r || p[1] != g || p[2] != b || p[3] != 255)
    g_error("pixel (%d,%d) is %u,%u,%u,%u; expected %u,%u,%u,255", x, y, p[0], p[1], p[2], p[3],
            r, g, b);
}

static void test_render_image_pixels(void) {
  tm_drawing_t *d = test_drawing();
  GError *error = NULL;
  tm_image_t *img = tm_render_image(d, &error);
  g_assert_no_error(error);
  g_assert_nonnull(img);
  g_assert_cmpint(img->width, ==, 200);
  g_assert_cmpint(img->height, ==, 100);
  g_assert_cmpint(img->stride, >=, 200 * 4);

  assert_pixel(img, 15, 15, 255, 0, 0);    /* square */
  assert_pixel(img, 45, 30, 255, 0, 0);    /* square, right of the hole */
  assert_pixel(img, 30, 30, 255, 255, 255); /* hole shows the background */
  assert_pixel(img, 5, 5, 255, 255, 255);   /* outside */
  assert_pixel(img, 100, 92, 0, 0, 255);    /* line */
  assert_pixel(img, 100, 96, 255, 255, 255); /* below the 4 px line */
  assert_pixel(img, 170, 35, 0, 255, 0);    /* rect inside the clip */
  assert_pixel(img, 140, 35, 255, 255, 255); /* rect clipped away */

  /* The text draws dark pixels inside its measured box and none beside or
   * below it.  Above is allowed a little: the logical box uses the font's
   * typographic ascent, which capital accents (the circumflex of Î) exceed. */
  tm_font_t font = test_font(20);
  tm_text_metrics_t m = tm_text_measure(&font, "Île-de-France");
  double top = TEXT_Y - m.ascent - 0.25 * font.size;
  int dark = 0, dark_outside = 0;
  for (int y = 40; y < 88; y++)
    for (int x = 52; x < 200; x++) {
      const guint8 *p = pixel(img, x, y);
      if (p[0] >= 128 || (x >= 150 && y <= 50)) /* the green rect is dark in red */
        continue;
      if (x >= TEXT_X - 1 && x <= TEXT_X + m.width + 1 && y >= top &&
          y <= TEXT_Y + m.descent + 1) {
        dark++;
      } else {
        g_test_message("dark pixel outside the text box at %d,%d", x, y);
        dark_outside++;
      }
    }
  g_assert_cmpint(dark, >, 100);
  g_assert_cmpint(dark_outside, ==, 0);
  tm_image_free(img);
  tm_drawing_free(d);
}

static void test_render_halo(void) {
  tm_drawing_t *d = tm_drawing_new(60, 40, 96, &black);
  tm_font_t font = test_font(30);
  font.color = black;
  font.halo_width = 3;
  font.halo_color = white;
  tm_drawing_add_text(d, "I", &font, 20, 32, NULL);
  GError *error = NULL;
  tm_image_t *img = tm_render_image(d, &error);
  g_assert_no_error(error);
  /* Black text on black: only the halo can make light pixels. */
  int light = 0;
  for (int i = 0; i < img->width * img->height; i++)
    light += img->rgba[4 * i] > 200;
  g_assert_cmpint(light, >, 20);
  tm_image_free(img);
  tm_drawing_free(d);
}

/* Raster antialiasing (src/render/replay.c): a fill whose edges a border of
 * at least a pixel will cover is drawn without it, and borders one or two
 * pixels wide are sampled 4 x 4; everything else keeps exact coverage. */
static tm_drawing_t *antialias_drawing(void) {
  tm_drawing_t *d = tm_drawing_new(40, 60, 96, &white);
  /* Left edges at x = 10.3: pixel column 10 is 70 % inside.  No border is
   * drawn, so the pixels show how each fill was drawn. */
  double covered[] = {10.3, 5, 30, 5, 30, 15, 10.3, 15};
  double uncovered[] = {10.3, 20, 30, 20, 30, 30, 10.3, 30};
  tm_paint_t fill = {.fill_on = TRUE, .fill = red, .edge_cover = 1.25f};
  tm_drawing_begin_path(d);
  tm_drawing_add_ring(d, covered, 4, TRUE);
  tm_drawing_end_path(d, &fill, NULL, "feature");
  fill.edge_cover = 0.5f; /* a border thinner than a pixel hides nothing */
  tm_drawing_begin_path(d);
  tm_drawing_add_ring(d, uncovered, 4, TRUE);
  tm_drawing_end_path(d, &fill, NULL, "feature");
  /* Black lines 1.5 px wide over rows 35.4 .. 36.9 and 45.4 .. 46.9: row
   * 35 (45) is 60 % covered. */
  tm_drawing_add_line(d, 2, 36.15, 38, 36.15, &black, 1.5, "border");
  tm_drawing_add_line(d, 2, 46.15, 38, 46.15, &black, 1.5, "rule");
  /* A border of 0.8 px over rows 55.4 .. 56.2: row 55 is 60 % covered. */
  tm_drawing_add_line(d, 2, 55.8, 38, 55.8, &black, 0.8, "border");
  return d;
}

static void test_render_antialias(void) {
  tm_drawing_t *d = antialias_drawing();
  GError *error = NULL;
  tm_image_t *img = tm_render_image(d, &error);
  g_assert_no_error(error);
  /* Covered: the pixel the edge crosses is all fill; uncovered: 70 % red
   * over white, green = 255 * 0.3. */
  assert_pixel(img, 10, 10, 255, 0, 0);
  g_assert_cmpint(abs(pixel(img, 10, 25)[1] - 77), <=, 2);
  /* The thin border's partly covered row: on a 4 x 4 grid, a horizontal
   * line covers quarters of a row (cairo makes it 3/4 here), not 0.6; the
   * rule of the same width gets exact coverage (102), and so does a border
   * thinner than a pixel. */
  int quarters = pixel(img, 20, 35)[1];
  g_assert_cmpint(abs(quarters - (int)lround(quarters / 63.75) * 64), <=, 2);
  g_assert_cmpint(abs(quarters - 102), >, 10);
  g_assert_cmpint(abs(pixel(img, 20, 45)[1] - 102), <=, 2);
  g_assert_cmpint(abs(pixel(img, 20, 55)[1] - 102), <=, 2);
  tm_image_free(img);

  /* Four times larger, the 0.5 px cover is 2 px: that fill's edge pixel is
   * all fill too (column 41 is 80 % inside). */
  img = tm_render_image_scaled(d, 4.0, &error);
  g_assert_no_error(error);
  assert_pixel(img, 41, 100, 255, 0, 0);
  assert_pixel(img, 41, 40, 255, 0, 0);
  tm_image_free(img);
  tm_drawing_free(d);
}

static void test_render_antialias_vector(void) {
  /* On any surface but an image (here a recording, as PDF and SVG replay
   * to vectors), the fill keeps its antialiasing: painted onto an image
   * afterwards, the edge pixel is a mix. */
  tm_drawing_t *d = antialias_drawing();
  cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create(rec);
  tm_render_drawing_cairo(cr, d);
  cairo_destroy(cr);
  cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 40, 60);
  cr = cairo_create(img);
  cairo_set_source_surface(cr, rec, 0, 0);
  cairo_paint(cr);
  cairo_destroy(cr);
  cairo_surface_flush(img);
  const guint8 *px = cairo_image_surface_get_data(img) +
                     10 * cairo_image_surface_get_stride(img) + 4 * 10; /* B, G, R, X */
  g_assert_cmpint(abs(px[1] - 77), <=, 2);
  cairo_surface_destroy(img);
  cairo_surface_destroy(rec);
  tm_drawing_free(d);
}

/* A self-intersecting ring (a bow tie, as read from a file: a render does
 * not repair it) filled with the even-odd rule gives the pixels of its
 * repair, the two triangles GEOS makes of it drawn as one feature: the same
 * edges, cut at the crossing.  Between the lobes, above and below the
 * crossing, the page shows. */
static void test_render_bow_tie(void) {
  const double bow[] = {10, 10, 70, 50, 70, 10, 10, 50};
  const double left[] = {10, 10, 40, 30, 10, 50}, right[] = {70, 10, 70, 50, 40, 30};
  tm_paint_t fill = {.fill_on = TRUE, .fill = red, .even_odd = TRUE};
  tm_drawing_t *as_read = tm_drawing_new(80, 60, 96, &white);
  tm_drawing_begin_path(as_read);
  tm_drawing_add_ring(as_read, bow, 4, TRUE);
  tm_drawing_end_path(as_read, &fill, NULL, "feature");
  tm_drawing_t *repaired = tm_drawing_new(80, 60, 96, &white);
  tm_drawing_begin_path(repaired);
  tm_drawing_add_ring(repaired, left, 3, TRUE);
  tm_drawing_add_ring(repaired, right, 3, TRUE);
  tm_drawing_end_path(repaired, &fill, NULL, "feature");
  GError *error = NULL;
  tm_image_t *a = tm_render_image(as_read, &error), *b = tm_render_image(repaired, &error);
  g_assert_no_error(error);
  assert_pixel(a, 15, 30, 255, 0, 0);     /* left lobe */
  assert_pixel(a, 65, 30, 255, 0, 0);     /* right lobe */
  assert_pixel(a, 40, 15, 255, 255, 255); /* above the crossing */
  assert_pixel(a, 40, 45, 255, 255, 255); /* below it */
  for (int y = 0; y < a->height; y++)
    g_assert_cmpmem(a->rgba + (gsize)y * a->stride, 4 * a->width,
                    b->rgba + (gsize)y * b->stride, 4 * b->width);
  tm_image_free(a);
  tm_image_free(b);
  tm_drawing_free(as_read);
  tm_drawing_free(repaired);
}

static void test_render_transparent_unpremultiplied(void) {
  tm_rgba_t none = {0, 0, 0, 0};
  tm_drawing_t *d = tm_drawing_new(10, 10, 96, &none);
  tm_paint_t half = {.fill_on = TRUE, .fill = {1, 0, 0, 0.5}};
  tm_drawing_add_rect(d, 0, 0, 5, 10, &half, NULL);
  GError *error = NULL;
  tm_image_t *img = tm_render_image(d, &error);
  g_assert_no_error(error);
  const guint8 *p = pixel(img, 2, 5);
  /* Straight alpha: the colour stays full red at half coverage. */
  g_assert_cmpuint(p[0], ==, 255);
  g_assert_cmpuint(p[1], ==, 0);
  g_assert_cmpuint(p[3], >=, 127);
  g_assert_cmpuint(p[3], <=, 128);
  g_assert_cmpuint(pixel(img, 8, 5)[3], ==, 0);
  tm_image_free(img);
  tm_drawing_free(d);
}

static void test_render_image_limit(void) {
  tm_drawing_t *d = tm_drawing_new(40000, 40000, 300, &white);
  GError *error = NULL;
  g_assert_null(tm_render_image(d, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_LIMIT);
  g_assert_nonnull(strstr(error->message, "40000 x 40000"));
  g_clear_error(&error);
  tm_drawing_free(d);

  d = tm_drawing_new(0, 10, 300, &white);
  g_assert_null(tm_render_image(d, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_LIMIT);
  g_clear_error(&error);
  tm_drawing_free(d);
}

static void test_text_measure(void) {
  tm_font_t font = test_font(20);
  tm_text_metrics_t m = tm_text_measure(&font, "Île-de-France");
  tm_text_metrics_t i = tm_text_measure(&font, "I");
  g_assert_cmpfloat(m.width, >, 0.0);
  g_assert_cmpfloat(m.ascent, >, 10.0);
  g_assert_cmpfloat(m.ascent, <, 30.0);
  g_assert_cmpfloat(m.descent, >, 0.0);
  g_assert_cmpfloat(m.width, >, 5 * i.width);
  /* Unhinted metrics: twice the size is twice the width. */
  tm_font_t big = test_font(40);
  tm_text_metrics_t m2 = tm_text_measure(&big, "Île-de-France");
  g_assert_cmpfloat(fabs(m2.width - 2 * m.width), <, 0.01 * m.width);
  /* Bold Lato is wider. */
  tm_font_t bold = font;
  bold.bold = TRUE;
  g_assert_cmpfloat(tm_text_measure(&bold, "Île-de-France").width, >, m.width);
  /* Invalid UTF-8 is measured, not dropped. */
  g_assert_cmpfloat(tm_text_measure(&font, "Ab\xff").width, >, 0.0);
}

static gpointer measure_thread(gpointer data) {
  tm_font_t font = test_font(20);
  double *width = data;
  *width = tm_text_measure(&font, "Communauté de communes").width;
  return NULL;
}

static void test_text_measure_threads(void) {
  double widths[4] = {0};
  GThread *threads[4];
  for (int i = 0; i < 4; i++)
    threads[i] = g_thread_new("measure", measure_thread, &widths[i]);
  for (int i = 0; i < 4; i++)
    g_thread_join(threads[i]);
  double here = 0;
  measure_thread(&here);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat(widths[i], ==, here);
}

static gboolean append_bytes(void *closure, const guint8 *data, gsize length) {
  g_byte_array_append(closure, data, (guint)length);
  return TRUE;
}

static gboolean refuse_bytes(void *closure, const guint8 *data, gsize length) {
  return FALSE;
}

static void test_render_pdf(void) {
  tm_drawing_t *d = tm_drawing_new(200, 100, 300, &white);
  tm_drawing_set_title(d, "Essonne");
  tm_font_t font = test_font(20);
  tm_drawing_add_text(d, "Île-de-France", &font, 10, 50, NULL);
  GByteArray *bytes = g_byte_array_new();
  GError *error = NULL;
  g_assert_true(tm_render_pdf(d, append_bytes, bytes, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(bytes->len, >, 100);
  g_assert_cmpint(memcmp(bytes->data, "%PDF", 4), ==, 0);
  /* 200 x 100 pixels at 300 dpi is 48 x 24 points. */
  gboolean found = FALSE;
  for (gsize k = 0; k + 22 < bytes->len && !found; k++)
    found = memcmp(bytes->data + k, "/MediaBox [ 0 0 48 24 ]", 23) == 0;
  g_assert_true(found);
  g_byte_array_unref(bytes);

  g_assert_false(tm_render_pdf(d, refuse_bytes, NULL, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_IO);
  g_clear_error(&error);
  tm_drawing_free(d);

  /* PDF pages stop at 14400 points (200 inches) per side. */
  d = tm_drawing_new(20000, 100, 72, &white);
  g_assert_false(tm_render_pdf(d, refuse_bytes, NULL, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_LIMIT);
  g_clear_error(&error);
  tm_drawing_free(d);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/render/image/pixels", test_render_image_pixels);
  g_test_add_func("/render/image/halo", test_render_halo);
  g_test_add_func("/render/image/antialias", test_render_antialias);
  g_test_add_func("/render/image/antialias-vector", test_render_antialias_vector);
  g_test_add_func("/render/image/bow-tie", test_render_bow_tie);
  g_test_add_func("/render/image/unpremultiplied", test_render_transparent_unpremultiplied);
  g_test_add_func("/render/image/limit", test_render_image_limit);
  g_test_add_func("/render/text/measure", test_text_measure);
  g_test_add_func("/render/text/threads", test_text_measure_threads);
  g_test_add_func("/render/pdf", test_render_pdf);
  return g_test_run();
}
