#include <errno.h>

#include "terrimap/render.h"
#include "terrimap/write.h"

typedef struct {
  FILE *out;
  int write_errno; /* 0 unless fwrite failed */
} tm_pdf_stream_t;

static gboolean tm_pdf_fwrite(void *closure, const guint8 *data, gsize length) {
  tm_pdf_stream_t *s = closure;
  errno = 0;
  if (fwrite(data, 1, length, s->out) == length)
    return TRUE;
  s->write_errno = errno ? errno : EIO;
  return FALSE;
}

gboolean tm_write_pdf(FILE *out, const tm_drawing_t *d, GError **error) {
  tm_pdf_stream_t stream = {out, 0};
  GError *local = NULL;
  if (tm_render_pdf(d, tm_pdf_fwrite, &stream, &local))
    return TRUE;
  /* cairo only knows that the write failed; errno says why. */
  if (stream.write_errno != 0) {
    g_clear_error(&local);
    g_set_error(error, TM_ERROR, TM_ERROR_IO, "cannot write (%s)", g_strerror(stream.write_errno));
    return FALSE;
  }
  g_propagate_error(error, local);
  return FALSE;
}
