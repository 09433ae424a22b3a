#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <string.h>
#include <png.h>

#include "terrimap/render.h"
#include "terrimap/write.h"

/* libpng reports errors by calling back and never returning; the callback
 * records why and longjmps back to tm_png_encode. */
typedef struct {
  FILE *out;
  int write_errno; /* 0 unless fwrite failed */
  char message[256];
} tm_png_state_t;

static void tm_png_error(png_structp png, png_const_charp message) {
  tm_png_state_t *state = png_get_error_ptr(png);
  g_strlcpy(state->message, message, sizeof state->message);
  png_longjmp(png, 1);
}

static void tm_png_warning(png_structp png, png_const_charp message) {
  /* Warnings concern only what we asked for (e.g. text chunk contents);
   * the file is still valid. */
}

static void tm_png_write_data(png_structp png, png_bytep data, size_t length) {
  tm_png_state_t *state = png_get_io_ptr(png);
  errno = 0;
  if (fwrite(data, 1, length, state->out) != length) {
    state->write_errno = errno ? errno : EIO;
    png_error(png, "write error");
  }
}

static void tm_png_flush(png_structp png) {
  /* The atomic writer flushes and syncs once at the end. */
}

static gboolean tm_image_is_opaque(const tm_image_t *img) {
  for (int y = 0; y < img->height; y++) {
    const guint8 *row = img->rgba + (gsize)y * img->stride;
    for (int x = 0; x < img->width; x++)
      if (row[4 * x + 3] != 255)
        return FALSE;
  }
  return TRUE;
}

/* Everything allocated is allocated by the caller or owned by png, so a
 * longjmp leaves nothing to free here and no local needs to be volatile. */
static gboolean tm_png_encode(png_structp png, png_infop info, const tm_image_t *img,
                              double dpi, png_text *texts, int n_texts) {
  if (setjmp(png_jmpbuf(png)))
    return FALSE;
  gboolean opaque = tm_image_is_opaque(img);
  png_set_IHDR(png, info, (png_uint_32)img->width, (png_uint_32)img->height, 8,
               opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (dpi > 0.0 && isfinite(dpi) && dpi < 1e6) {
    png_uint_32 ppm = (png_uint_32)lround(dpi / 0.0254);
    png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
  }
  png_set_text(png, info, texts, n_texts);
  /* Maps are large flat areas: without row filters zlib finds the runs
   * itself, and both the file and the time shrink (1.63 -> 1.19 MB, 0.27 ->
   * 0.14 s for the national A4 map at 300 dpi, bench/tools/pngenc.c); level 3
   * costs a tenth more bytes than 6 for half the time. */
  png_set_filter(png, 0, PNG_FILTER_NONE);
  png_set_compression_level(png, 3);
  png_write_info(png, info);
  if (opaque) /* rows stay RGBA in memory; libpng drops the 4th byte */
    png_set_filler(png, 0, PNG_FILLER_AFTER);
  for (int y = 0; y < img->height; y++)
    png_write_row(png, img->rgba + (gsize)y * img->stride);
  png_write_end(png, info);
  return TRUE;
}

static gboolean tm_is_ascii(const char *s) {
  for (; *s; s++)
    if ((guchar)*s >= 0x80)
      return FALSE;
  return TRUE;
}

gboolean tm_write_png(FILE *out, const tm_drawing_t *d, GError **error) {
  return tm_write_png_scaled(out, d, 1.0, error);
}

gboolean tm_write_png_scaled(FILE *out, const tm_drawing_t *d, double scale, GError **error) {
  tm_image_t *img = tm_render_image_scaled(d, scale, error);
  if (img == NULL)
    return FALSE;

  /* tEXt is Latin-1; a UTF-8 title ("Communautés…") goes in iTXt. */
  png_text texts[2];
  memset(texts, 0, sizeof texts);
  int n_texts = 0;
  texts[n_texts].compression = PNG_TEXT_COMPRESSION_NONE;
  texts[n_texts].key = (png_charp) "Software";
  texts[n_texts].text = (png_charp) "terrimap";
  n_texts++;
  if (d->title != NULL && *d->title && g_utf8_validate(d->title, -1, NULL)) {
    gboolean ascii = tm_is_ascii(d->title);
    texts[n_texts].compression = ascii ? PNG_TEXT_COMPRESSION_NONE : PNG_ITXT_COMPRESSION_NONE;
    texts[n_texts].key = (png_charp) "Title";
    texts[n_texts].text = (png_charp)d->title;
    texts[n_texts].lang = (png_charp) "";
    texts[n_texts].lang_key = (png_charp) "";
    n_texts++;
  }

  tm_png_state_t state = {out, 0, ""};
  png_structp png =
      png_create_write_struct(PNG_LIBPNG_VER_STRING, &state, tm_png_error, tm_png_warning);
  png_infop info = png ? png_create_info_struct(png) : NULL;
  gboolean ok = FALSE;
  if (info != NULL) {
    png_set_write_fn(png, &state, tm_png_write_data, tm_png_flush);
    ok = tm_png_encode(png, info, img, d->dpi * scale, texts, n_texts);
  } else {
    g_strlcpy(state.message, "out of memory", sizeof state.message);
  }
  png_destroy_write_struct(&png, &info);
  tm_image_free(img);

  if (ok)
    return TRUE;
  if (state.write_errno != 0)
    g_set_error(error, TM_ERROR, TM_ERROR_IO, "cannot write (%s)", g_strerror(state.write_errno));
  else
    g_set_error(error, TM_ERROR, TM_ERROR_RENDER, "cannot encode the PNG (libpng: %s)",
                state.message);
  return FALSE;
}
