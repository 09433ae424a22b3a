/* The display list shared by every backend.  Coordinates and ring offsets
 * live in two flat arrays owned by the drawing, strings in one chunk, so a
 * national map with a million points is a handful of allocations.
 * Coordinates are kept as floats: the simplified map points lie on an
 * eighth-of-a-pixel grid, which a float holds exactly on any page up to
 * 2^21 pixels, and everything else is placed far finer than a
 * rasteriser's 1/256 pixel.  Half the size of doubles: the display list
 * of a commune map was 20 MB, at the moment of a render's peak memory. */
#include <math.h>
#include <string.h>
#include "terrimap/drawing.h"

tm_drawing_t *tm_drawing_new(double width, double height, double dpi, const tm_rgba_t *background)
{
  tm_drawing_t *d = g_new0(tm_drawing_t, 1);
  d->width = width;
  d->height = height;
  d->dpi = dpi;
  d->background = background ? *background : (tm_rgba_t){1, 1, 1, 1};
  tm_vec_init(&d->ops, sizeof(tm_op_t));
  d->ring_point = g_array_new(FALSE, FALSE, sizeof(guint32));
  d->ring_closed = g_array_new(FALSE, FALSE, sizeof(guint8));
  tm_vec_init(&d->xy, sizeof(float));
  d->strings = g_string_chunk_new(4096);
  guint32 zero = 0;
  g_array_append_val(d->ring_point, zero);
  return d;
}

void tm_drawing_free(tm_drawing_t *d)
{
  if (!d)
    return;
  tm_vec_clear(&d->ops);
  g_array_free(d->ring_point, TRUE);
  g_array_free(d->ring_closed, TRUE);
  tm_vec_clear(&d->xy);
  g_string_chunk_free(d->strings);
  g_free(d->title);
  g_free(d);
}

void tm_drawing_set_title(tm_drawing_t *d, const char *title)
{
  g_free(d->title);
  d->title = g_strdup(title);
}

static const char *tm_drawing_intern(tm_drawing_t *d, const char *s)
{
  return s ? g_string_chunk_insert_const(d->strings, s) : NULL;
}

void tm_drawing_begin_group(tm_drawing_t *d, const char *id, const char *css_class,
                            const tm_extent_t *clip)
{
  tm_op_t op = {.kind = TM_OP_GROUP_BEGIN};
  op.id = tm_drawing_intern(d, id);
  op.css_class = tm_drawing_intern(d, css_class);
  if (clip) {
    op.clip_on = TRUE;
    op.clip = *clip;
  }
  *(tm_op_t *)tm_vec_push(&d->ops, 1) = op;
}

void tm_drawing_begin_round_group(tm_drawing_t *d, const char *id, const char *css_class,
                                  const tm_extent_t *clip)
{
  tm_drawing_begin_group(d, id, css_class, clip);
  tm_vec_index(&d->ops, tm_op_t, d->ops.len - 1).clip_round = TRUE;
}

void tm_drawing_add_ellipse(tm_drawing_t *d, const tm_extent_t *box, const tm_paint_t *paint,
                            const char *css_class)
{
  /* 128 segments: smooth at any print size, and every backend draws the
   * same polygon. */
  enum { N = 128 };
  double xy[2 * N];
  double cx = (box->x0 + box->x1) / 2, cy = (box->y0 + box->y1) / 2;
  double rx = (box->x1 - box->x0) / 2, ry = (box->y1 - box->y0) / 2;
  for (int i = 0; i < N; i++) {
    xy[2 * i] = cx + rx * cos(2 * G_PI * i / N);
    xy[2 * i + 1] = cy + ry * sin(2 * G_PI * i / N);
  }
  tm_drawing_begin_path(d);
  tm_drawing_add_ring(d, xy, N, TRUE);
  tm_drawing_end_path(d, paint, NULL, css_class);
}

void tm_drawing_end_group(tm_drawing_t *d)
{
  tm_op_t op = {.kind = TM_OP_GROUP_END};
  *(tm_op_t *)tm_vec_push(&d->ops, 1) = op;
}

void tm_drawing_reserve(tm_drawing_t *d, guint n_points, guint n_rings, guint n_ops)
{
  tm_vec_reserve(&d->ops, n_ops);
  tm_vec_reserve(&d->xy, 2 * (gsize)n_points);
  tm_array_reserve(d->ring_point, n_rings);
  tm_array_reserve(d->ring_closed, n_rings);
}

void tm_drawing_set_output(tm_drawing_t *d, tm_output_t output)
{
  d->output = output;
}

void tm_drawing_begin_path(tm_drawing_t *d)
{
  d->path_first_ring = d->ring_point->len - 1;
}

static guint tm_drawing_n_rings(const tm_drawing_t *d)
{
  return d->ring_point->len - 1;
}

void tm_drawing_add_ring(tm_drawing_t *d, const double *xy, guint n, gboolean closed)
{
  if (n < 2)
    return;
  float *to = tm_vec_push(&d->xy, 2 * (gsize)n);
  for (guint k = 0; k < 2 * n; k++)
    to[k] = (float)xy[k];
  guint32 end = d->xy.len / 2;
  g_array_append_val(d->ring_point, end);
  guint8 c = closed ? 1 : 0;
  g_array_append_val(d->ring_closed, c);
}

/* TRUE when xy (the last ring's, in floats) is the point (x, y). */
static gboolean tm_drawing_point_is(const float *xy, double x, double y)
{
  return xy[0] == (float)x && xy[1] == (float)y;
}

void tm_drawing_add_line_joined(tm_drawing_t *d, const double *xy, guint n)
{
  guint n_rings = tm_drawing_n_rings(d);
  if (n < 2)
    return;
  guint last = n_rings - 1;
  gboolean open = n_rings > d->path_first_ring && !g_array_index(d->ring_closed, guint8, last);
  const float *end = open ? &tm_vec_index(&d->xy, float, d->xy.len - 2) : NULL;
  gboolean forward = open && tm_drawing_point_is(end, xy[0], xy[1]);
  gboolean backward = open && !forward && tm_drawing_point_is(end, xy[2 * n - 2], xy[2 * n - 1]);
  if (!forward && !backward) {
    tm_drawing_add_ring(d, xy, n, FALSE);
    return;
  }
  /* The shared point is there already. */
  float *to = tm_vec_push(&d->xy, 2 * (gsize)(n - 1));
  for (guint k = 1; k < n; k++) {
    guint from = forward ? k : n - 1 - k;
    to[2 * (k - 1)] = (float)xy[2 * from];
    to[2 * (k - 1) + 1] = (float)xy[2 * from + 1];
  }
  guint32 first = g_array_index(d->ring_point, guint32, last), after = d->xy.len / 2;
  const float *start = &tm_vec_index(&d->xy, float, 2 * (gsize)first);
  end = &tm_vec_index(&d->xy, float, d->xy.len - 2);
  if (after - first > 3 && start[0] == end[0] && start[1] == end[1]) {
    d->xy.len -= 2; /* back at its start: closed, without the repeated point */
    after--;
    g_array_index(d->ring_closed, guint8, last) = 1;
  }
  g_array_index(d->ring_point, guint32, last + 1) = after;
}

void tm_drawing_end_path(tm_drawing_t *d, const tm_paint_t *paint, const char *id,
                         const char *css_class)
{
  guint first = d->path_first_ring;
  guint n = tm_drawing_n_rings(d) - first;
  d->path_first_ring = tm_drawing_n_rings(d);
  if (n == 0)
    return;
  tm_op_t op = {.kind = TM_OP_PATH, .output = (guint8)d->output};
  op.ring_first = first;
  op.n_rings = n;
  op.paint = *paint;
  op.id = tm_drawing_intern(d, id);
  op.css_class = tm_drawing_intern(d, css_class);
  *(tm_op_t *)tm_vec_push(&d->ops, 1) = op;
}

void tm_drawing_add_rect(tm_drawing_t *d, double x, double y, double w, double h,
                         const tm_paint_t *paint, const char *css_class)
{
  double xy[] = {x, y, x + w, y, x + w, y + h, x, y + h};
  tm_drawing_begin_path(d);
  tm_drawing_add_ring(d, xy, 4, TRUE);
  tm_drawing_end_path(d, paint, NULL, css_class);
}

void tm_drawing_add_line(tm_drawing_t *d, double x0, double y0, double x1, double y1,
                         const tm_rgba_t *color, double width, const char *css_class)
{
  double xy[] = {x0, y0, x1, y1};
  tm_paint_t paint = {.stroke_on = TRUE, .stroke = *color, .stroke_width = width};
  tm_drawing_begin_path(d);
  tm_drawing_add_ring(d, xy, 2, FALSE);
  tm_drawing_end_path(d, &paint, NULL, css_class);
}

void tm_drawing_add_text(tm_drawing_t *d, const char *text, const tm_font_t *font,
                         double x, double baseline_y, const char *css_class)
{
  if (!text || !*text)
    return;
  tm_op_t op = {.kind = TM_OP_TEXT};
  op.text = tm_drawing_intern(d, text);
  op.font = *font;
  op.font.family = tm_drawing_intern(d, font->family ? font->family : "Lato");
  op.x = x;
  op.y = baseline_y;
  op.css_class = tm_drawing_intern(d, css_class);
  *(tm_op_t *)tm_vec_push(&d->ops, 1) = op;
}

const float *tm_drawing_get_ring(const tm_drawing_t *d, guint r, guint *n_points,
                                  gboolean *closed)
{
  guint32 k0 = g_array_index(d->ring_point, guint32, r);
  guint32 k1 = g_array_index(d->ring_point, guint32, r + 1);
  if (n_points)
    *n_points = k1 - k0;
  if (closed)
    *closed = g_array_index(d->ring_closed, guint8, r) != 0;
  return &tm_vec_index(&d->xy, float, 2 * (gsize)k0);
}

guint tm_drawing_get_n_ops(const tm_drawing_t *d)
{
  return d->ops.len;
}

const tm_op_t *tm_drawing_get_op(const tm_drawing_t *d, guint i)
{
  return &tm_vec_index(&d->ops, tm_op_t, i);
}
