#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <string.h>
#include <png.h>
#include <zlib.h>

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
  g_snprintf(state->message, sizeof state->message, "libpng: %s", message);
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
  png_write_info(png, info);
  return TRUE;
}

/* The image data (IDAT) is compressed here rather than by libpng, so that
 * the band workers compress side by side while the caller writes: each
 * band becomes a piece of raw deflate ending on a byte boundary
 * (Z_SYNC_FLUSH; the last one Z_FINISH), and pieces in a row make one
 * deflate stream, as pigz does.  The zlib header goes before the first,
 * the Adler-32 of all rows (combined piece by piece) after the last.
 * Bands start without the previous band's window: on a 300 dpi page the
 * file grows by a few hundred bytes.
 *
 * Maps are large flat areas: without row filters zlib finds the runs
 * itself, and both the file and the time shrink (1.63 -> 1.19 MB, 0.27 ->
 * 0.14 s for the national A4 map at 300 dpi, bench/tools/pngenc.c); level 3
 * costs a tenth more bytes than 6 for half the time. */
#define TM_PNG_LEVEL 3

typedef struct {
  guint8 *bytes; /* header (first piece), raw deflate, room for the trailer (last) */
  gsize len;
  uLong adler;   /* of this band's filtered rows */
  gsize raw_len; /* their length */
  const char *failure; /* set when compression failed: what to report */
} tm_png_piece_t;

typedef struct {
  png_structp png;
  tm_png_state_t *state;
  int width, height, channels;
  tm_png_piece_t *piece; /* by the band's first row */
  uLong adler;           /* of the rows written so far */
} tm_png_rows_t;

/* Grows out to hold at least more bytes after used; FALSE when it cannot. */
static gboolean tm_png_room(guint8 **out, gsize *size, gsize used, gsize more) {
  if (*size - used >= more)
    return TRUE;
  gsize grown = MAX(*size * 2, used + more);
  guint8 *bigger = g_try_realloc(*out, grown);
  if (bigger == NULL)
    return FALSE;
  *out = bigger;
  *size = grown;
  return TRUE;
}

/* On a band worker: rows to PNG scanlines (filter byte 0, RGB or RGBA),
 * then to a piece of deflate. */
static void tm_png_prepare(const guint8 *rgba, int y, int n_rows, int stride, void *data) {
  tm_png_rows_t *p = data;
  tm_png_piece_t *piece = &p->piece[y];
  gboolean first = y == 0, last = y + n_rows == p->height;
  gsize line = 1 + (gsize)p->channels * p->width, raw_len = line * n_rows;
  guint8 *raw = g_try_malloc(raw_len);
  if (raw == NULL) {
    piece->failure = "out of memory for a band's rows";
    return;
  }
  for (int r = 0; r < n_rows; r++) {
    guint8 *to = raw + r * line;
    const guint8 *from = rgba + (gsize)r * stride;
    *to++ = 0; /* no filter */
    if (p->channels == 4) {
      memcpy(to, from, 4 * (gsize)p->width);
    } else {
      for (int x = 0; x < p->width; x++, to += 3, from += 4)
        memcpy(to, from, 3);
    }
  }
  piece->raw_len = raw_len;
  piece->adler = adler32(adler32(0L, Z_NULL, 0), raw, (uInt)raw_len);

  z_stream z = {0};
  gsize size = 0, used = first ? 2 : 0;
  guint8 *out = NULL;
  int status = deflateInit2(&z, TM_PNG_LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  if (status == Z_OK) {
    /* deflateBound holds a single Z_FINISH; a sync flush adds 5 bytes. */
    size = used + deflateBound(&z, raw_len) + 16;
    out = g_try_malloc(size);
    status = out ? Z_OK : Z_MEM_ERROR;
  }
  int flush = last ? Z_FINISH : Z_SYNC_FLUSH;
  z.next_in = raw;
  z.avail_in = (uInt)raw_len;
  while (status == Z_OK) {
    if (!tm_png_room(&out, &size, used, 64)) {
      status = Z_MEM_ERROR;
      break;
    }
    z.next_out = out + used;
    z.avail_out = (uInt)(size - used);
    status = deflate(&z, flush);
    used = size - z.avail_out;
    if (status == Z_STREAM_END || (flush == Z_SYNC_FLUSH && status == Z_OK && z.avail_in == 0 &&
                                   z.avail_out > 0))
      break;
    if (status == Z_BUF_ERROR) /* no progress possible without room: grow */
      status = Z_OK;
  }
  deflateEnd(&z);
  g_free(raw);
  if ((last && status != Z_STREAM_END) || (!last && status != Z_OK) ||
      (last && !tm_png_room(&out, &size, used, 4))) {
    piece->failure = status == Z_MEM_ERROR || status == Z_OK ? "zlib: out of memory"
                                                              : "zlib: cannot compress a band";
    g_free(out);
    return;
  }
  if (first) { /* zlib header: deflate, 32 KB window, a check that divides by 31 */
    out[0] = 0x78;
    out[1] = 0x5e;
  }
  piece->bytes = out;
  piece->len = used;
}

/* On the caller, in order: the pieces as IDAT chunks. */
static gboolean tm_png_rows(const guint8 *rgba, int y, int n_rows, int stride, void *data,
                            GError **error) {
  tm_png_rows_t *p = data;
  tm_png_piece_t *piece = &p->piece[y];
  if (piece->failure) {
    g_strlcpy(p->state->message, piece->failure, sizeof p->state->message);
    return FALSE;
  }
  p->adler = y == 0 ? piece->adler : adler32_combine(p->adler, piece->adler, piece->raw_len);
  if (y + n_rows == p->height) {
    for (int i = 0; i < 4; i++)
      piece->bytes[piece->len++] = (guint8)(p->adler >> (24 - 8 * i));
  }
  if (setjmp(png_jmpbuf(p->png)))
    return FALSE; /* the caller reports from the state */
  png_write_chunk(p->png, (png_const_bytep) "IDAT", piece->bytes, piece->len);
  g_clear_pointer(&piece->bytes, g_free);
  return TRUE;
}

static gboolean tm_png_end(png_structp png) {
  if (setjmp(png_jmpbuf(png)))
    return FALSE;
  /* Not png_write_end: libpng wrote no IDAT itself and would refuse. */
  png_write_chunk(png, (png_const_bytep) "IEND", NULL, 0);
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
    gboolean ascii = g_str_is_ascii(d->title);
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
    gboolean opaque = tm_render_is_opaque(d);
    tm_png_rows_t rows = {png, &state, width, height, opaque ? 3 : 4,
                          g_new0(tm_png_piece_t, height), 0};
    ok = tm_png_begin(png, info, width, height, opaque, d->dpi * scale, texts, n_texts);
    if (ok) {
      ok = rendered = tm_render_rows_prepared(d, scale, tm_png_prepare, tm_png_rows, &rows,
                                              &render_error);
      /* A row the encoder refused stops rendering without a render error. */
      rendered = rendered || render_error == NULL;
    }
    ok = ok && tm_png_end(png);
    for (int y = 0; y < height; y++) /* pieces prepared but not written */
      g_free(rows.piece[y].bytes);
    g_free(rows.piece);
  } else {
    g_strlcpy(state.message, "libpng: out of memory", sizeof state.message);
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
    g_set_error(error, TM_ERROR, TM_ERROR_RENDER, "cannot encode the PNG (%s)",
                state.message);
  return FALSE;
}
