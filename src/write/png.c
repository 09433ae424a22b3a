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

/* Everything allocated is owned by png, so a longjmp leaves nothing to free
 * here and no local needs to be volatile. */
static gboolean tm_png_begin(png_structp png, png_infop info, int width, int height,
                             gboolean opaque, double dpi, png_text *texts, int n_texts) {
  if (setjmp(png_jmpbuf(png)))
    return FALSE;
  png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8,
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
  return TRUE;
}

typedef struct {
  png_structp png;
  png_infop info;
  tm_png_state_t *state;
} tm_png_rows_t;

/* Rows arrive band by band while the next bands are being drawn. */
static gboolean tm_png_rows(const guint8 *rgba, int y, int n_rows, int stride, void *data,
                            GError **error) {
  tm_png_rows_t *p = data;
  if (setjmp(png_jmpbuf(p->png)))
    return FALSE; /* the caller reports from the state */
  for (int i = 0; i < n_rows; i++)
    png_write_row(p->png, (png_const_bytep)rgba + (gsize)i * stride);
  return TRUE;
}

static gboolean tm_png_end(png_structp png, png_infop info) {
  if (setjmp(png_jmpbuf(png)))
    return FALSE;
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
  int width = 0, height = 0;
  if (!tm_render_get_size(d, scale, &width, &height, error))
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
  gboolean ok = FALSE, rendered = TRUE;
  GError *render_error = NULL;
  if (info != NULL) {
    png_set_write_fn(png, &state, tm_png_write_data, tm_png_flush);
    tm_png_rows_t rows = {png, info, &state};
    ok = tm_png_begin(png, info, width, height, tm_render_is_opaque(d), d->dpi * scale, texts,
                      n_texts);
    if (ok) {
      ok = rendered = tm_render_rows(d, scale, tm_png_rows, &rows, &render_error);
      /* A row the encoder refused stops rendering without a render error. */
      rendered = rendered || render_error == NULL;
    }
    ok = ok && tm_png_end(png, info);
  } else {
    g_strlcpy(state.message, "out of memory", sizeof state.message);
  }
  png_destroy_write_struct(&png, &info);

  if (ok)
    return TRUE;
  if (!rendered) {
    g_propagate_error(error, render_error);
    return FALSE;
  }
  g_clear_error(&render_error);
  if (state.write_errno != 0)
    g_set_error(error, TM_ERROR, TM_ERROR_IO, "cannot write (%s)", g_strerror(state.write_errno));
  else
    g_set_error(error, TM_ERROR, TM_ERROR_RENDER, "cannot encode the PNG (libpng: %s)",
                state.message);
  return FALSE;
}
