#include <math.h>
#include <string.h>
#include <cairo.h>

#include "terrimap/render.h"
#include "replay.h"

/* Per side, in pixels: far above any printed map (A0 at 600 dpi is
 * 19866 x 28087) and small enough that width * 4 fits cairo's int stride. */
#define TM_IMAGE_MAX_SIDE 30000

static gboolean tm_image_check_size(const tm_drawing_t *d, double scale, int *width, int *height,
                                    gsize *bytes, GError **error) {
  double w = ceil(d->width * scale), h = ceil(d->height * scale);
  gsize row = 0;
  if (!(w >= 1.0 && w <= TM_IMAGE_MAX_SIDE && h >= 1.0 && h <= TM_IMAGE_MAX_SIDE) ||
      !g_size_checked_mul(&row, (gsize)w, 4) || !g_size_checked_mul(bytes, row, (gsize)h)) {
    g_set_error(error, TM_ERROR, TM_ERROR_LIMIT,
                "image size %g x %g pixels is beyond the limit (expected 1 to %d pixels per side)",
                d->width * scale, d->height * scale, TM_IMAGE_MAX_SIDE);
    return FALSE;
  }
  *width = (int)w;
  *height = (int)h;
  return TRUE;
}

/* cairo keeps native-endian premultiplied ARGB words; files want straight
 * RGBA bytes.  Converting in place keeps one copy of the pixels. */
static void tm_image_unpremultiply(guint8 *pixels, gsize n_pixels) {
  for (gsize i = 0; i < n_pixels; i++) {
    guint8 *px = pixels + 4 * i;
    guint32 argb;
    memcpy(&argb, px, 4);
    guint a = argb >> 24, r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff, b = argb & 0xff;
    if (a > 0 && a < 255) {
      r = (r * 255 + a / 2) / a;
      g = (g * 255 + a / 2) / a;
      b = (b * 255 + a / 2) / a;
    }
    px[0] = (guint8)MIN(r, 255u);
    px[1] = (guint8)MIN(g, 255u);
    px[2] = (guint8)MIN(b, 255u);
    px[3] = (guint8)a;
  }
}

tm_image_t *tm_render_image(const tm_drawing_t *d, GError **error) {
  return tm_render_image_scaled(d, 1.0, error);
}

tm_image_t *tm_render_image_scaled(const tm_drawing_t *d, double scale, GError **error) {
  int width = 0, height = 0;
  gsize bytes = 0;
  if (!(scale > 0) || !tm_image_check_size(d, scale, &width, &height, &bytes, error)) {
    if (!(scale > 0))
      g_set_error(error, TM_ERROR, TM_ERROR_LIMIT, "image scale %g: expected more than 0", scale);
    return NULL;
  }
  int stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, width);
  guint8 *pixels = g_try_malloc0(bytes);
  if (pixels == NULL || stride != width * 4) {
    g_free(pixels);
    g_set_error(error, TM_ERROR, TM_ERROR_LIMIT,
                "image of %d x %d pixels: cannot allocate %" G_GSIZE_FORMAT " bytes", width,
                height, bytes);
    return NULL;
  }
  /* The surface draws into our buffer, which becomes the image. */
  cairo_surface_t *surface =
      cairo_image_surface_create_for_data(pixels, CAIRO_FORMAT_ARGB32, width, height, stride);
  cairo_t *cr = cairo_create(surface);
  cairo_scale(cr, scale, scale);
  tm_render_drawing_cairo(cr, d);
  cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    g_free(pixels);
    g_set_error(error, TM_ERROR, TM_ERROR_RENDER, "cannot render the %d x %d image (cairo: %s)",
                width, height, cairo_status_to_string(status));
    return NULL;
  }
  tm_image_unpremultiply(pixels, (gsize)width * (gsize)height);
  tm_image_t *img = g_new(tm_image_t, 1);
  img->width = width;
  img->height = height;
  img->stride = stride;
  img->rgba = pixels;
  return img;
}

void tm_image_free(tm_image_t *img) {
  if (img == NULL)
    return;
  g_free(img->rgba);
  g_free(img);
}
