/* Golden image of one style: renders styles/<style>.ini on the real data
 * at 50 dpi and compares the PNG with tests/golden/<style>.png pixel by
 * pixel (tolerance in tests/golden/README.md).  With
 * TERRIMAP_UPDATE_GOLDEN=1 the render replaces the golden image instead.
 * On a mismatch the render and a diff image are left in the working
 * directory for review. */
#include "e2e_util.h"
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#define GOLDEN_DPI "50"
#define CHANNEL_TOLERANCE 16 /* a pixel differs when a channel moves more */
#define MAX_DIFFERING_SHARE 0.005 /* of the page's pixels */

/* Counts pixels differing by more than CHANNEL_TOLERANCE in a channel and
 * paints them red on a faded copy of the golden image. */
static guint tm_golden_compare(cairo_surface_t *got, cairo_surface_t *want,
                               cairo_surface_t *diff) {
  int w = cairo_image_surface_get_width(want),
      h = cairo_image_surface_get_height(want);
  unsigned char *d = cairo_image_surface_get_data(diff);
  int stride = cairo_image_surface_get_stride(diff);
  guint differing = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      guint32 a = tm_e2e_pixel(got, x, y), b = tm_e2e_pixel(want, x, y);
      gboolean same = tm_e2e_colour_near(a, b, CHANNEL_TOLERANCE);
      differing += !same;
      guint32 faded = 0xff000000u;
      for (int shift = 0; shift <= 16; shift += 8)
        faded |= (guint32)(255 - (255 - ((b >> shift) & 0xff)) / 4) << shift;
      ((guint32 *)(d + (gsize)y * stride))[x] = same ? faded : 0xffff0000u;
    }
  cairo_surface_mark_dirty(diff);
  return differing;
}

static gboolean tm_golden_copy(const char *from, const char *to) {
  char *bytes = NULL;
  gsize len = 0;
  GError *error = NULL;
  gboolean ok = g_file_get_contents(from, &bytes, &len, &error) &&
                g_file_set_contents(to, bytes, (gssize)len, &error);
  if (!ok)
    fprintf(stderr, "%s\n", error->message);
  g_clear_error(&error);
  g_free(bytes);
  return ok;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s STYLE\n", argv[0]);
    return 2;
  }
  const char *style = argv[1];
  const char *data = tm_e2e_data_dir_or_skip();
  const char *golden_dir = g_getenv("TERRIMAP_GOLDEN");
  g_assert_nonnull(golden_dir);
  char *golden = g_strdup_printf("%s/%s.png", golden_dir, style);
  char *ini = g_strdup_printf("%s/%s.ini", g_getenv("TERRIMAP_STYLES"), style);
  char *tmp = g_dir_make_tmp("terrimap-golden-XXXXXX", NULL);
  char *png = g_build_filename(tmp, "map.png", NULL);
  const char *args[] = {"render", "--style",  ini,  "--data", data,
                        "--dpi",  GOLDEN_DPI, "-o", png,      NULL};
  char *err = NULL;
  int status = tm_e2e_run(args, NULL, &err);
  if (status != 0) {
    fprintf(stderr, "terrimap render --style %s failed (%d): %s", style, status,
            err);
    return 1;
  }
  int result = 0;
  if (g_strcmp0(g_getenv("TERRIMAP_UPDATE_GOLDEN"), "1") == 0) {
    result = tm_golden_copy(png, golden) ? 0 : 1;
    printf("%s: golden image updated\n", golden);
  } else if (!g_file_test(golden, G_FILE_TEST_EXISTS)) {
    printf("%s: no golden image; make it with TERRIMAP_UPDATE_GOLDEN=1 and "
           "review it\n",
           golden);
    result = 1;
  } else {
    cairo_surface_t *got = cairo_image_surface_create_from_png(png);
    cairo_surface_t *want = cairo_image_surface_create_from_png(golden);
    g_assert_cmpint(cairo_surface_status(got), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint(cairo_surface_status(want), ==, CAIRO_STATUS_SUCCESS);
    int w = cairo_image_surface_get_width(want),
        h = cairo_image_surface_get_height(want);
    if (cairo_image_surface_get_width(got) != w ||
        cairo_image_surface_get_height(got) != h) {
      printf("%s: render is %dx%d, golden %dx%d\n", style,
             cairo_image_surface_get_width(got),
             cairo_image_surface_get_height(got), w, h);
      result = 1;
    } else {
      cairo_surface_t *diff =
          cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
      guint differing = tm_golden_compare(got, want, diff);
      guint allowed = (guint)(MAX_DIFFERING_SHARE * w * h);
      printf("%s: %u of %d pixels differ by more than %d (allowed %u)\n", style,
             differing, w * h, CHANNEL_TOLERANCE, allowed);
      if (differing > allowed) {
        char *actual = g_strdup_printf("golden-%s.actual.png", style);
        char *diff_png = g_strdup_printf("golden-%s.diff.png", style);
        tm_golden_copy(png, actual);
        cairo_surface_write_to_png(diff, diff_png);
        printf("wrote %s and %s (differing pixels in red) in %s\n", actual,
               diff_png, g_get_current_dir());
        g_free(actual);
        g_free(diff_png);
        result = 1;
      }
      cairo_surface_destroy(diff);
    }
    cairo_surface_destroy(got);
    cairo_surface_destroy(want);
  }
  g_unlink(png);
  g_rmdir(tmp);
  g_free(png);
  g_free(tmp);
  g_free(ini);
  g_free(golden);
  g_free(err);
  return result;
}
