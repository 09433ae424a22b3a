#include <errno.h>

#include "terrimap/write.h"
#include "svg_text.h"

/* Output is assembled in a GString and handed to stdio in large chunks. */
#define TM_SVG_FLUSH_AT (64 * 1024)

typedef struct {
  FILE *out;
  GString *buf;
  int write_errno;
  guint n_clips; /* clip paths get document-unique ids clip1, clip2, ... */
} tm_svg_writer_t;

static void tm_svg_flush(tm_svg_writer_t *w) {
  if (w->buf->len > 0 && w->write_errno == 0) {
    errno = 0;
    if (fwrite(w->buf->str, 1, w->buf->len, w->out) != w->buf->len)
      w->write_errno = errno ? errno : EIO;
  }
  g_string_truncate(w->buf, 0);
}

static void tm_svg_attr_number(GString *s, const char *name, double v) {
  g_string_append_printf(s, " %s=\"", name);
  tm_svg_append_number(s, v);
  g_string_append_c(s, '"');
}

static void tm_svg_attr_text(GString *s, const char *name, const char *value) {
  if (value == NULL)
    return;
  g_string_append_printf(s, " %s=\"", name);
  tm_svg_append_escaped(s, value);
  g_string_append_c(s, '"');
}

/* fill="#rrggbb" plus fill-opacity when translucent; "none" when invisible. */
static void tm_svg_attr_paint(GString *s, const char *name, const tm_rgba_t *c) {
  if (!(c->a > 0.0)) {
    g_string_append_printf(s, " %s=\"none\"", name);
    return;
  }
  char hex[8];
  tm_rgba_to_hex(c, hex);
  g_string_append_printf(s, " %s=\"%s\"", name, hex);
  if (c->a < 1.0) {
    /* A visible alpha must not round to an invisible 0. */
    gint64 opacity = MAX(tm_svg_to_hundredths(c->a), 1);
    g_string_append_printf(s, " %s-opacity=\"", name);
    tm_svg_append_hundredths(s, opacity);
    g_string_append_c(s, '"');
  }
}

static void tm_svg_group_begin(tm_svg_writer_t *w, const tm_op_t *op) {
  GString *s = w->buf;
  guint clip = 0;
  if (op->clip_on) {
    const tm_extent_t *e = &op->clip;
    clip = ++w->n_clips;
    if (op->clip_round) {
      g_string_append_printf(s, "<clipPath id=\"clip%u\"><ellipse", clip);
      tm_svg_attr_number(s, "cx", (e->x0 + e->x1) / 2);
      tm_svg_attr_number(s, "cy", (e->y0 + e->y1) / 2);
      tm_svg_attr_number(s, "rx", MAX(0.0, e->x1 - e->x0) / 2);
      tm_svg_attr_number(s, "ry", MAX(0.0, e->y1 - e->y0) / 2);
    } else {
      g_string_append_printf(s, "<clipPath id=\"clip%u\"><rect", clip);
      tm_svg_attr_number(s, "x", e->x0);
      tm_svg_attr_number(s, "y", e->y0);
      tm_svg_attr_number(s, "width", MAX(0.0, e->x1 - e->x0));
      tm_svg_attr_number(s, "height", MAX(0.0, e->y1 - e->y0));
    }
    g_string_append(s, "/></clipPath>\n");
  }
  g_string_append(s, "<g");
  tm_svg_attr_text(s, "id", op->id);
  tm_svg_attr_text(s, "class", op->css_class);
  if (clip != 0)
    g_string_append_printf(s, " clip-path=\"url(#clip%u)\"", clip);
  g_string_append(s, ">\n");
}

/* Points are compared after rounding: a point that rounds onto its
 * predecessor is dropped.  Two features sharing a border round it the same
 * way, so the border stays shared in the file. */
/* Appends a number, with a space before it unless its minus sign already
 * separates it from the previous one. */
static void tm_svg_append_next(GString *s, gint64 v, gboolean first) {
  if (!first && v >= 0)
    g_string_append_c(s, ' ');
  tm_svg_append_hundredths(s, v);
}

/* The first point absolute, the others relative ("l dx dy"): small numbers
 * make a national map's SVG much shorter.  Deltas are taken between rounded
 * points, so no error accumulates. */
static void tm_svg_ring(GString *s, const float *xy, guint n, gboolean closed) {
  gint64 first_x = 0, first_y = 0, last_x = 0, last_y = 0;
  guint written = 0;
  for (guint k = 0; k < n; k++) {
    gint64 x = tm_svg_to_hundredths(xy[2 * k]), y = tm_svg_to_hundredths(xy[2 * k + 1]);
    if (written > 0 && x == last_x && y == last_y)
      continue;
    /* A closed ring's repeated first point is what Z already draws. */
    if (closed && written > 1 && k == n - 1 && x == first_x && y == first_y)
      continue;
    if (written == 0) {
      g_string_append_c(s, 'M');
      tm_svg_append_hundredths(s, x);
      g_string_append_c(s, ' ');
      tm_svg_append_hundredths(s, y);
      first_x = x;
      first_y = y;
    } else {
      if (written == 1)
        g_string_append_c(s, 'l');
      tm_svg_append_next(s, x - last_x, written == 1);
      tm_svg_append_next(s, y - last_y, FALSE);
    }
    last_x = x;
    last_y = y;
    written++;
  }
  if (written > 0 && closed)
    g_string_append_c(s, 'Z');
}

static void tm_svg_path(tm_svg_writer_t *w, const tm_drawing_t *d, const tm_op_t *op) {
  GString *s = w->buf;
  gsize start = s->len;
  g_string_append(s, "<path d=\"");
  gsize data_start = s->len;
  for (guint r = op->ring_first; r < op->ring_first + op->n_rings; r++) {
    guint n = 0;
    gboolean closed = FALSE;
    const float *xy = tm_drawing_get_ring(d, r, &n, &closed);
    if (xy != NULL && n > 0)
      tm_svg_ring(s, xy, n, closed);
  }
  if (s->len == data_start) { /* "d" may not be empty */
    g_string_truncate(s, start);
    return;
  }
  g_string_append_c(s, '"');
  const tm_paint_t *p = &op->paint;
  if (p->fill_on)
    tm_svg_attr_paint(s, "fill", &p->fill);
  else
    g_string_append(s, " fill=\"none\"");
  if (p->fill_on && p->even_odd)
    g_string_append(s, " fill-rule=\"evenodd\"");
  if (p->stroke_on && p->stroke_width > 0.0) {
    tm_svg_attr_paint(s, "stroke", &p->stroke);
    tm_svg_attr_number(s, "stroke-width", p->stroke_width);
    g_string_append(s, " stroke-linejoin=\"round\" stroke-linecap=\"round\"");
  }
  tm_svg_attr_text(s, "class", op->css_class);
  tm_svg_attr_text(s, "data-key", op->id);
  g_string_append(s, "/>\n");
}

static void tm_svg_text(tm_svg_writer_t *w, const tm_op_t *op) {
  const tm_font_t *f = &op->font;
  if (op->text == NULL || *op->text == '\0' || !(f->size > 0.0))
    return;
  GString *s = w->buf;
  g_string_append(s, "<text");
  tm_svg_attr_number(s, "x", op->x);
  tm_svg_attr_number(s, "y", op->y);
  tm_svg_attr_text(s, "font-family", f->family);
  tm_svg_attr_number(s, "font-size", f->size);
  if (f->bold)
    g_string_append(s, " font-weight=\"bold\"");
  if (f->italic)
    g_string_append(s, " font-style=\"italic\"");
  tm_svg_attr_paint(s, "fill", &f->color);
  if (f->halo_width > 0.0) {
    /* paint-order puts the wide stroke under the fill, as render does. */
    g_string_append(s, " paint-order=\"stroke\"");
    tm_svg_attr_paint(s, "stroke", &f->halo_color);
    tm_svg_attr_number(s, "stroke-width", 2.0 * f->halo_width);
    g_string_append(s, " stroke-linejoin=\"round\"");
  }
  tm_svg_attr_text(s, "class", op->css_class);
  g_string_append_c(s, '>');
  tm_svg_append_escaped(s, op->text);
  g_string_append(s, "</text>\n");
}

static void tm_svg_header(tm_svg_writer_t *w, const tm_drawing_t *d) {
  GString *s = w->buf;
  g_string_append(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
  tm_svg_attr_number(s, "width", d->width);
  tm_svg_attr_number(s, "height", d->height);
  g_string_append(s, " viewBox=\"0 0 ");
  tm_svg_append_number(s, d->width);
  g_string_append_c(s, ' ');
  tm_svg_append_number(s, d->height);
  g_string_append(s, "\">\n");
  if (d->title != NULL) {
    g_string_append(s, "<title>");
    tm_svg_append_escaped(s, d->title);
    g_string_append(s, "</title>\n");
  }
  if (d->background.a > 0.0) {
    g_string_append(s, "<rect x=\"0\" y=\"0\"");
    tm_svg_attr_number(s, "width", d->width);
    tm_svg_attr_number(s, "height", d->height);
    tm_svg_attr_paint(s, "fill", &d->background);
    g_string_append(s, "/>\n");
  }
}

gboolean tm_write_svg(FILE *out, const tm_drawing_t *d, GError **error) {
  tm_svg_writer_t w = {out, g_string_sized_new(TM_SVG_FLUSH_AT + 4096), 0, 0};
  tm_svg_header(&w, d);
  /* Unmatched group ends are skipped and open groups closed, so the file
   * is well-formed XML even for a malformed drawing (render does the same). */
  guint depth = 0;
  guint n_ops = tm_drawing_get_n_ops(d);
  for (guint i = 0; i < n_ops && w.write_errno == 0; i++) {
    const tm_op_t *op = tm_drawing_get_op(d, i);
    switch (op->kind) {
    case TM_OP_GROUP_BEGIN:
      tm_svg_group_begin(&w, op);
      depth++;
      break;
    case TM_OP_GROUP_END:
      if (depth > 0) {
        g_string_append(w.buf, "</g>\n");
        depth--;
      }
      break;
    case TM_OP_PATH:
      if (op->output != TM_OUTPUT_PAGE)
        tm_svg_path(&w, d, op);
      break;
    case TM_OP_TEXT:
      tm_svg_text(&w, op);
      break;
    }
    if (w.buf->len >= TM_SVG_FLUSH_AT)
      tm_svg_flush(&w);
  }
  for (; depth > 0; depth--)
    g_string_append(w.buf, "</g>\n");
  g_string_append(w.buf, "</svg>\n");
  tm_svg_flush(&w);
  g_string_free(w.buf, TRUE);
  if (w.write_errno == 0 && ferror(out))
    w.write_errno = EIO;
  if (w.write_errno != 0) {
    g_set_error(error, TM_ERROR, TM_ERROR_IO, "cannot write (%s)", g_strerror(w.write_errno));
    return FALSE;
  }
  return TRUE;
}
