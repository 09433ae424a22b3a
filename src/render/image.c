/* Raster output, band by band.
 *
 * A 300 dpi A4 page is 35 MB of pixels; held whole it was most of a
 * render's memory, and drawing it used one core while the PNG encoder
 * waited.  So the page is drawn in horizontal bands of about a megabyte:
 * worker threads draw bands (each skips the ops whose rows miss its band)
 * and may prepare them for the consumer (the PNG encoder compresses them
 * there), while the caller hands finished bands, in order, to the consumer
 * (which writes them), and a band's buffer is reused once consumed.  Bands are
 * drawn with an integer translation, so their pixels are exactly those of
 * the whole page drawn at once. */
#include <math.h>
#include <string.h>
#include <cairo.h>

#include "terrimap/limits.h"
#include "terrimap/render.h"
#include "replay.h"
/* Bytes per band: small enough to stay in cache, large enough that few
 * paths are drawn in two bands. */
#define TM_BAND_BYTES (1 << 20)

gboolean tm_render_get_size(const tm_drawing_t *d, double scale, int *width, int *height,
                            GError **error) {
  if (!(scale > 0)) {
    g_set_error(error, TM_ERROR, TM_ERROR_LIMIT, "image scale %g: expected more than 0", scale);
    return FALSE;
  }
  /* The configurable cap (tm_limits_get), never above cairo's 32767. */
  const tm_limits_t *lim = tm_limits_get();
  double side = MIN(lim->max_image_side, TM_LIMITS_IMAGE_SIDE_CEILING);
  double w = ceil(d->width * scale), h = ceil(d->height * scale);
  if (!(w >= 1.0 && w <= side && h >= 1.0 && h <= side)) {
    g_set_error(error, TM_ERROR, TM_ERROR_LIMIT,
                "image size %g x %g pixels is beyond the limit (expected 1 to %g pixels per "
                "side; %s)",
                d->width * scale, d->height * scale, side, tm_limit_get_hint(TM_LIMIT_IMAGE_SIDE));
    return FALSE;
  }
  if (w * h > (double)lim->max_image_pixels) {
    g_set_error(error, TM_ERROR, TM_ERROR_LIMIT,
                "image size %g x %g pixels is beyond the limit of %" G_GUINT64_FORMAT
                " pixels (%s)",
                w, h, lim->max_image_pixels, tm_limit_get_hint(TM_LIMIT_IMAGE_PIXELS));
    return FALSE;
  }
  *width = (int)w;
  *height = (int)h;
  return TRUE;
}

gboolean tm_render_is_opaque(const tm_drawing_t *d) {
  /* The background is painted over every pixel first and everything else
   * is drawn over it: an opaque background makes every pixel opaque. */
  return d->background.a >= 1.0;
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

/* The same for a page on an opaque background, where every alpha is 255:
 * no division, only red and blue trade places, in a loop the compiler
 * vectorises (the general one cost the national map 10 ms of CPU). */
static void tm_image_opaque_to_rgba(guint8 *pixels, gsize n_pixels) {
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  for (gsize i = 0; i < n_pixels; i++) {
    guint32 argb;
    memcpy(&argb, pixels + 4 * i, 4);
    guint32 abgr = (argb & 0xff00ff00u) | ((argb >> 16) & 0xffu) | ((argb & 0xffu) << 16);
    memcpy(pixels + 4 * i, &abgr, 4); /* bytes R, G, B, A */
  }
#else
  tm_image_unpremultiply(pixels, n_pixels);
#endif
}

typedef struct {
  const tm_drawing_t *d;
  double scale;
  tm_rows_prepare_func_t prepare; /* may be NULL */
  void *data;                      /* prepare's */
  int width, height, stride, band_h, n_bands, n_slots;
  tm_extent_t *op_box;   /* what each op can touch, page pixels */
  guint8 **slot;         /* band b is drawn into slot[b % n_slots] */
  gboolean *ready;       /* per band: drawn, waiting for the consumer */
  GMutex lock;
  GCond changed;
  int next_band; /* the next band a worker takes */
  int consumed;  /* bands handed to the consumer so far */
  gboolean stop; /* a band failed or the consumer gave up */
  cairo_status_t status;
} tm_bands_t;

static int tm_band_rows(const tm_bands_t *b, int band) {
  return MIN(b->band_h, b->height - band * b->band_h);
}

static cairo_status_t tm_band_draw(tm_bands_t *b, int band, guint8 *pixels) {
  int y = band * b->band_h, rows = tm_band_rows(b, band);
  if (!tm_render_is_opaque(b->d))
    memset(pixels, 0, (gsize)b->stride * rows);
  cairo_surface_t *surface =
      cairo_image_surface_create_for_data(pixels, CAIRO_FORMAT_ARGB32, b->width, rows, b->stride);
  cairo_t *cr = cairo_create(surface);
  cairo_translate(cr, 0, -y);
  cairo_scale(cr, b->scale, b->scale);
  tm_render_drawing_rows(cr, b->d, b->op_box, y / b->scale, (y + rows) / b->scale);
  cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (tm_render_is_opaque(b->d))
    tm_image_opaque_to_rgba(pixels, (gsize)b->width * rows);
  else
    tm_image_unpremultiply(pixels, (gsize)b->width * rows);
  return status;
}

static void tm_band_worker(gpointer data, gpointer user_data) {
  tm_bands_t *b = user_data;
  g_mutex_lock(&b->lock);
  for (;;) {
    if (b->stop || b->next_band >= b->n_bands)
      break;
    int band = b->next_band++;
    /* Its slot is free once the band drawn there before is consumed. */
    while (!b->stop && b->consumed <= band - b->n_slots)
      g_cond_wait(&b->changed, &b->lock);
    if (b->stop)
      break;
    g_mutex_unlock(&b->lock);
    guint8 *pixels = b->slot[band % b->n_slots];
    cairo_status_t status = tm_band_draw(b, band, pixels);
    if (status == CAIRO_STATUS_SUCCESS && b->prepare)
      b->prepare(pixels, band * b->band_h, tm_band_rows(b, band), b->stride, b->data);
    g_mutex_lock(&b->lock);
    b->ready[band] = TRUE;
    if (status != CAIRO_STATUS_SUCCESS && b->status == CAIRO_STATUS_SUCCESS) {
      b->status = status;
      b->stop = TRUE;
    }
    g_cond_broadcast(&b->changed);
  }
  g_mutex_unlock(&b->lock);
}

gboolean tm_render_rows(const tm_drawing_t *d, double scale, tm_rows_func_t consume, void *data,
                        GError **error) {
  return tm_render_rows_prepared(d, scale, NULL, consume, data, error);
}

gboolean tm_render_rows_prepared(const tm_drawing_t *d, double scale,
                                 tm_rows_prepare_func_t prepare, tm_rows_func_t consume,
                                 void *data, GError **error) {
  tm_bands_t b = {.d = d, .scale = scale, .prepare = prepare, .data = data};
  if (!tm_render_get_size(d, scale, &b.width, &b.height, error))
    return FALSE;
  b.stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, b.width);
  b.band_h = CLAMP(TM_BAND_BYTES / b.stride, 16, b.height);
  b.n_bands = (b.height + b.band_h - 1) / b.band_h;
  guint n_ops = tm_drawing_get_n_ops(d);
  b.op_box = g_new(tm_extent_t, MAX(n_ops, 1));
  tm_render_op_boxes(d, b.op_box);
  int n_workers = MIN((int)tm_threads_get(), b.n_bands);
  n_workers = MAX(n_workers, 1);
  b.n_slots = MIN(2 * n_workers, b.n_bands);
  b.slot = g_new0(guint8 *, b.n_slots);
  b.ready = g_new0(gboolean, b.n_bands);
  gboolean ok = TRUE;
  for (int i = 0; ok && i < b.n_slots; i++)
    ok = (b.slot[i] = g_try_malloc((gsize)b.stride * b.band_h)) != NULL;
  if (!ok) {
    g_set_error(error, TM_ERROR, TM_ERROR_LIMIT,
                "image of %d x %d pixels: cannot allocate its bands of %d rows", b.width,
                b.height, b.band_h);
  } else {
    g_mutex_init(&b.lock);
    g_cond_init(&b.changed);
    /* Workers come from GLib's shared threads, which outlive a render.
     * Text is drawn with the process's one font map (font.h). */
    GThreadPool *workers = g_thread_pool_new(tm_band_worker, &b, n_workers, FALSE, NULL);
    for (int i = 0; i < n_workers; i++)
      g_thread_pool_push(workers, GINT_TO_POINTER(i + 1), NULL);
    for (int band = 0; ok && band < b.n_bands; band++) {
      g_mutex_lock(&b.lock);
      while (!b.ready[band] && !b.stop)
        g_cond_wait(&b.changed, &b.lock);
      ok = !b.stop;
      g_mutex_unlock(&b.lock);
      if (ok)
        ok = consume(b.slot[band % b.n_slots], band * b.band_h, tm_band_rows(&b, band), b.stride,
                     data, error);
      g_mutex_lock(&b.lock);
      b.consumed = band + 1;
      if (!ok)
        b.stop = TRUE;
      g_cond_broadcast(&b.changed);
      g_mutex_unlock(&b.lock);
    }
    g_thread_pool_free(workers, FALSE, TRUE); /* waits for every worker */
    g_mutex_clear(&b.lock);
    g_cond_clear(&b.changed);
    if (b.status != CAIRO_STATUS_SUCCESS) {
      g_clear_error(error);
      g_set_error(error, TM_ERROR, TM_ERROR_RENDER, "cannot render the %d x %d image (cairo: %s)",
                  b.width, b.height, cairo_status_to_string(b.status));
      ok = FALSE;
    }
  }
  for (int i = 0; i < b.n_slots; i++)
    g_free(b.slot[i]);
  g_free(b.slot);
  g_free(b.ready);
  g_free(b.op_box);
  return ok;
}

/* The whole image, for callers that want every pixel at once (tests). */
static gboolean tm_image_take_rows(const guint8 *rgba, int y, int n_rows, int stride, void *data,
                                   GError **error) {
  tm_image_t *img = data;
  memcpy(img->rgba + (gsize)y * img->stride, rgba, (gsize)n_rows * stride);
  return TRUE;
}

tm_image_t *tm_render_image(const tm_drawing_t *d, GError **error) {
  return tm_render_image_scaled(d, 1.0, error);
}

tm_image_t *tm_render_image_scaled(const tm_drawing_t *d, double scale, GError **error) {
  int width = 0, height = 0;
  if (!tm_render_get_size(d, scale, &width, &height, error))
    return NULL;
  gsize bytes = 0;
  guint8 *pixels = NULL;
  if (g_size_checked_mul(&bytes, (gsize)width * 4, (gsize)height))
    pixels = g_try_malloc(bytes);
  if (pixels == NULL) {
    g_set_error(error, TM_ERROR, TM_ERROR_LIMIT, "image of %d x %d pixels: cannot allocate it",
                width, height);
    return NULL;
  }
  tm_image_t *img = g_new(tm_image_t, 1);
  *img = (tm_image_t){width, height, width * 4, pixels};
  if (!tm_render_rows(d, scale, tm_image_take_rows, img, error)) {
    tm_image_free(img);
    return NULL;
  }
  return img;
}

void tm_image_free(tm_image_t *img) {
  if (img == NULL)
    return;
  g_free(img->rgba);
  g_free(img);
}
