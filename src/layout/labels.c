/* Greedy label placement with a uniform grid for collision queries.
 *
 * Every box placed (obstacles first, then labels) is registered in the grid
 * cells it covers, so testing a candidate only looks at the boxes near it:
 * thousands of labels place in milliseconds instead of the O(n²) of testing
 * every pair. */
#include <math.h>
#include <string.h>

#include "labels.h"
#include "terrimap/render.h"

/* Lines beyond this are not worth trying: a label of a territory is a name,
 * and every line costs measures for every request. */
#define TM_LABEL_MAX_LINES 4
/* Grid resolution: enough cells that a query touches few boxes, few enough
 * that an empty page stays cheap to allocate. */
#define TM_GRID_MAX_CELLS_PER_AXIS 256

/* ---- collision grid ---- */

typedef struct {
  double x0, y0, cell;
  guint nx, ny;
  GArray **cells; /* guint indices into boxes; NULL until a box lands there */
  GArray *boxes;  /* tm_extent_t */
} tm_label_grid_t;

static void tm_label_grid_init(tm_label_grid_t *g, const tm_extent_t *domain, double cell)
{
  double w = MAX(domain->x1 - domain->x0, 1.0), h = MAX(domain->y1 - domain->y0, 1.0);
  cell = MAX(cell, 1.0);
  cell = MAX(cell, MAX(w, h) / TM_GRID_MAX_CELLS_PER_AXIS);
  g->x0 = domain->x0;
  g->y0 = domain->y0;
  g->cell = cell;
  g->nx = (guint)MIN(ceil(w / cell), TM_GRID_MAX_CELLS_PER_AXIS);
  g->ny = (guint)MIN(ceil(h / cell), TM_GRID_MAX_CELLS_PER_AXIS);
  g->nx = MAX(g->nx, 1);
  g->ny = MAX(g->ny, 1);
  g->cells = g_new0(GArray *, (gsize)g->nx * g->ny);
  g->boxes = g_array_new(FALSE, FALSE, sizeof(tm_extent_t));
}

static void tm_label_grid_clear(tm_label_grid_t *g)
{
  for (gsize i = 0; i < (gsize)g->nx * g->ny; i++)
    if (g->cells[i])
      g_array_free(g->cells[i], TRUE);
  g_free(g->cells);
  g_array_free(g->boxes, TRUE);
}

/* Cell index along one axis; boxes beyond the domain fall in the edge cells,
 * which keeps queries correct for any coordinates (only slower). */
static guint tm_label_grid_cell(double v, double origin, double cell, guint n)
{
  double c = floor((v - origin) / cell);
  if (!(c > 0.0))
    return 0;
  if (c >= (double)(n - 1))
    return n - 1;
  return (guint)c;
}

static void tm_label_grid_range(const tm_label_grid_t *g, const tm_extent_t *b, guint *cx0,
                                guint *cy0, guint *cx1, guint *cy1)
{
  *cx0 = tm_label_grid_cell(b->x0, g->x0, g->cell, g->nx);
  *cx1 = tm_label_grid_cell(b->x1, g->x0, g->cell, g->nx);
  *cy0 = tm_label_grid_cell(b->y0, g->y0, g->cell, g->ny);
  *cy1 = tm_label_grid_cell(b->y1, g->y0, g->cell, g->ny);
}

static void tm_label_grid_insert(tm_label_grid_t *g, const tm_extent_t *b)
{
  guint index = g->boxes->len, cx0, cy0, cx1, cy1;
  g_array_append_val(g->boxes, *b);
  tm_label_grid_range(g, b, &cx0, &cy0, &cx1, &cy1);
  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++) {
      GArray **cell = &g->cells[(gsize)cy * g->nx + cx];
      if (!*cell)
        *cell = g_array_new(FALSE, FALSE, sizeof(guint));
      g_array_append_val(*cell, index);
    }
}

/* Strict overlap: boxes that only share an edge do not collide. */
static gboolean tm_label_boxes_overlap(const tm_extent_t *a, const tm_extent_t *b)
{
  return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static gboolean tm_label_grid_hits(const tm_label_grid_t *g, const tm_extent_t *b)
{
  guint cx0, cy0, cx1, cy1;
  tm_label_grid_range(g, b, &cx0, &cy0, &cx1, &cy1);
  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++) {
      const GArray *cell = g->cells[(gsize)cy * g->nx + cx];
      for (guint i = 0; cell && i < cell->len; i++) {
        guint k = g_array_index(cell, guint, i);
        if (tm_label_boxes_overlap(b, &g_array_index(g->boxes, tm_extent_t, k)))
          return TRUE;
      }
    }
  return FALSE;
}

/* ---- text settings: the label on 1..max_lines lines ---- */

typedef struct {
  guint n_lines;
  char **lines; /* NULL-terminated */
  double w, h;  /* text block, without halo */
} tm_label_setting_t;

/* Where a line may end and the next begin (byte offsets), and the number of
 * characters before the break, to find the breaks nearest the middle. */
typedef struct {
  gsize end, next;
  glong chars;
} tm_label_break_t;

/* Breaks at a space (dropped) or after a hyphen or an en dash (kept at the end
 * of the line).  A space before a dash is not a break: a line must not start
 * with the dash of " – ". */
static GArray *tm_label_breaks(const char *text)
{
  GArray *breaks = g_array_new(FALSE, FALSE, sizeof(tm_label_break_t));
  glong chars = 0;
  for (const char *p = text; *p; p = g_utf8_next_char(p), chars++) {
    gunichar c = g_utf8_get_char(p);
    const char *next = g_utf8_next_char(p);
    gunichar after = g_utf8_get_char(next);
    tm_label_break_t b = {0};
    if (c == ' ' && after != '-' && after != 0x2013 && p != text && *next) {
      b = (tm_label_break_t){(gsize)(p - text), (gsize)(next - text), chars};
    } else if ((c == '-' || c == 0x2013) && p != text && *next && after != ' ') {
      b = (tm_label_break_t){(gsize)(next - text), (gsize)(next - text), chars + 1};
    } else {
      continue;
    }
    g_array_append_val(breaks, b);
  }
  return breaks;
}

static void tm_label_setting_clear(tm_label_setting_t *s)
{
  g_strfreev(s->lines);
  s->lines = NULL;
}

/* Splits text at the chosen breaks (indices into breaks, increasing), trims
 * each line and measures the block; line_w gets the widths of the first two
 * lines. */
static tm_label_setting_t tm_label_setting_make(const char *text, const GArray *breaks,
                                                const guint *chosen, guint n_chosen,
                                                const tm_font_t *font, double line_h,
                                                double *line_w)
{
  tm_label_setting_t s = {.n_lines = n_chosen + 1, .h = (n_chosen + 1) * line_h};
  s.lines = g_new0(char *, s.n_lines + 1);
  gsize start = 0;
  for (guint i = 0; i <= n_chosen; i++) {
    const tm_label_break_t *b =
        i < n_chosen ? &g_array_index(breaks, tm_label_break_t, chosen[i]) : NULL;
    gsize end = b ? b->end : strlen(text);
    s.lines[i] = g_strstrip(g_strndup(text + start, end - start));
    double w = tm_text_measure(font, s.lines[i]).width;
    if (i < 2)
      line_w[i] = w;
    s.w = MAX(s.w, w);
    start = b ? b->next : end;
  }
  return s;
}

/* For k lines, breaks nearest to j·N/k (j = 1..k-1), each after the previous.
 * skip_nearest picks the second nearest for the first break, so that two-line
 * labels compare the two splits around the middle. */
static gboolean tm_label_choose_breaks(const GArray *breaks, glong n_chars, guint k,
                                       gboolean skip_nearest, guint *chosen)
{
  guint from = 0;
  for (guint j = 1; j < k; j++) {
    double target = (double)n_chars * j / k;
    gint best = -1, second = -1;
    /* Leave enough breaks for the remaining lines. */
    for (guint i = from; i + (k - 1 - j) < breaks->len; i++) {
      double d = fabs(g_array_index(breaks, tm_label_break_t, i).chars - target);
      if (best < 0 || d < fabs(g_array_index(breaks, tm_label_break_t, best).chars - target)) {
        second = best;
        best = (gint)i;
      } else if (second < 0 ||
                 d < fabs(g_array_index(breaks, tm_label_break_t, second).chars - target)) {
        second = (gint)i;
      }
    }
    gint pick = (j == 1 && skip_nearest) ? second : best;
    if (pick < 0)
      return FALSE;
    chosen[j - 1] = (guint)pick;
    from = (guint)pick + 1;
  }
  return TRUE;
}

/* The label's text settings, measured only when needed: most labels place
 * on one line at their first position, and a wrap that cannot fit anywhere
 * is ruled out by a box narrower than it before any measure. */
typedef struct {
  const tm_label_request_t *req;
  const tm_font_t *font;
  guint max_lines;
  double line_h, space_w;
  GArray *breaks; /* NULL until a wrap is needed */
  glong n_chars;
  guint space_run; /* longest run of spaces: what a break can strip */
  tm_label_setting_t settings[TM_LABEL_MAX_LINES + 1]; /* by line count; lines NULL until made */
} tm_label_text_t;

static const GArray *tm_label_text_breaks(tm_label_text_t *t)
{
  if (!t->breaks) {
    t->breaks = tm_label_breaks(t->req->text);
    t->n_chars = g_utf8_strlen(t->req->text, -1);
    guint run = 0;
    for (const char *p = t->req->text; *p; p++) {
      run = *p == ' ' ? run + 1 : 0;
      t->space_run = MAX(t->space_run, run);
    }
  }
  return t->breaks;
}

/* The narrowest wrap on k lines breaking near the middle; FALSE when the text
 * has too few break points.  Two lines compare the two splits nearest the
 * middle, which is where "most compact" is decided for a name. */
static gboolean tm_label_text_wrap(tm_label_text_t *t, guint k)
{
  tm_label_setting_t *out = &t->settings[k];
  if (out->lines)
    return TRUE;
  if (k - 1 > tm_label_text_breaks(t)->len)
    return FALSE;
  guint chosen[TM_LABEL_MAX_LINES], first_break = 0;
  double first_w[2] = {0.0, 0.0};
  for (int variant = 0; variant < (k == 2 ? 2 : 1); variant++) {
    if (!tm_label_choose_breaks(t->breaks, t->n_chars, k, variant == 1, chosen))
      continue;
    /* The other split only moves words from one line to the other: it cannot
     * be narrower when it lengthens the line that is already the wider. */
    if (variant == 1 && (chosen[0] > first_break) == (first_w[0] >= first_w[1]))
      continue;
    tm_label_setting_t s = tm_label_setting_make(t->req->text, t->breaks, chosen, k - 1,
                                                 t->font, t->line_h, first_w);
    first_break = chosen[0];
    if (!out->lines || s.w < out->w) {
      tm_label_setting_clear(out);
      *out = s;
    } else {
      tm_label_setting_clear(&s);
    }
  }
  return out->lines != NULL;
}

/* A width no wrap on k lines can be under: the widest line is at least the
 * mean, and each break, and each end of the text, strips at most a run of
 * spaces (10 % spare for kerning across the break). */
static double tm_label_text_min_width(tm_label_text_t *t, guint k)
{
  tm_label_text_breaks(t);
  double w = 0.9 * (t->settings[1].w - (k + 1) * t->space_run * t->space_w) / k;
  return MAX(w, 0.0);
}

/* Line counts in the order to try them: the fewest lines that fit
 * 2.5 × radius (a little wider than the inscribed circle reads well), else
 * the most lines; then the others by line count.  A wrap whose lower bound is
 * already too wide is not measured. */
static guint tm_label_text_order(tm_label_text_t *t, guint *order)
{
  guint pref = 1;
  double fit = 2.5 * t->req->radius;
  if (isfinite(fit) && fit > 0.0 && t->settings[1].w > fit) {
    pref = MIN(t->max_lines, tm_label_text_breaks(t)->len + 1);
    for (guint k = 2; k < pref; k++)
      if (tm_label_text_min_width(t, k) <= fit && tm_label_text_wrap(t, k) &&
          t->settings[k].w <= fit) {
        pref = k;
        break;
      }
  }
  guint n = 0;
  order[n++] = pref;
  for (guint k = 1; k <= t->max_lines; k++)
    if (k != pref)
      order[n++] = k;
  return n;
}

static void tm_label_text_clear(tm_label_text_t *t)
{
  for (guint k = 0; k <= TM_LABEL_MAX_LINES; k++)
    tm_label_setting_clear(&t->settings[k]);
  if (t->breaks)
    g_array_free(t->breaks, TRUE);
}

/* ---- placement ---- */

static double tm_label_priority(const tm_label_request_t *r)
{
  return isnan(r->priority) ? -INFINITY : r->priority;
}

static gint tm_label_compare(gconstpointer a, gconstpointer b, gpointer data)
{
  const tm_label_request_t *req = data;
  guint ia = *(const guint *)a, ib = *(const guint *)b;
  double pa = tm_label_priority(&req[ia]), pb = tm_label_priority(&req[ib]);
  if (pa != pb)
    return pa > pb ? -1 : 1;
  return ia < ib ? -1 : ia > ib;
}

/* Valid UTF-8 with something to see: a blank label would take room for
 * nothing. */
static gboolean tm_label_has_text(const char *text)
{
  if (!text || !g_utf8_validate(text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char(p))
    if (!g_unichar_isspace(g_utf8_get_char(p)))
      return TRUE;
  return FALSE;
}

static gboolean tm_label_extent_valid(const tm_extent_t *e)
{
  return isfinite(e->x0) && isfinite(e->y0) && isfinite(e->x1) && isfinite(e->y1) &&
         e->x0 <= e->x1 && e->y0 <= e->y1;
}

static gboolean tm_label_inside(const tm_extent_t *box, const tm_extent_t *bounds)
{
  return box->x0 >= bounds->x0 && box->y0 >= bounds->y0 && box->x1 <= bounds->x1 &&
         box->y1 <= bounds->y1;
}

/* The grid covers the bounds, or without them the anchors (grown by a margin
 * for the labels' extent). */
static tm_extent_t tm_label_domain(const tm_label_request_t *requests, guint n,
                                   const tm_extent_t *bounds, double margin)
{
  if (bounds && tm_label_extent_valid(bounds))
    return *bounds;
  tm_extent_t e = tm_extent_empty();
  for (guint i = 0; i < n; i++)
    if (isfinite(requests[i].x) && isfinite(requests[i].y))
      tm_extent_add_point(&e, requests[i].x, requests[i].y);
  if (tm_extent_is_empty(&e))
    return (tm_extent_t){0.0, 0.0, 1.0, 1.0};
  return (tm_extent_t){e.x0 - margin, e.y0 - margin, e.x1 + margin, e.y1 + margin};
}

static void tm_label_keep(tm_label_set_t *set, const tm_label_request_t *req,
                          tm_label_setting_t *s, double x, double y, const tm_extent_t *box)
{
  tm_placed_label_t p = {
      .text = g_strdup(req->text),
      .value = g_strdup(req->value),
      .anchor_x = req->x,
      .anchor_y = req->y,
      .n_lines = s->n_lines,
      .lines = s->lines,
      .x = x,
      .y = y,
      .bbox = *box,
  };
  s->lines = NULL; /* now owned by the placed label */
  g_array_append_val(set->placed, p);
}

/* The first free position for a w × h block around the anchor: centred,
 * then right, left, above, below and the diagonals, at half a line height
 * and then at a full one.  Fills the block's top-left and its halo box. */
static gboolean tm_label_find_position(const tm_label_grid_t *grid,
                                       const tm_label_request_t *req, double w, double h,
                                       double line_h, double halo, const tm_extent_t *bounds,
                                       double *x_out, double *y_out, tm_extent_t *box_out)
{
  static const double dirs[9][2] = {
      {0, 0},  {1, 0},  {-1, 0},
      {0, -1}, {0, 1},  {G_SQRT2 / 2, -G_SQRT2 / 2},
      {-G_SQRT2 / 2, -G_SQRT2 / 2}, {G_SQRT2 / 2, G_SQRT2 / 2}, {-G_SQRT2 / 2, G_SQRT2 / 2}};
  static const double dists[2] = {0.5, 1.0};
  for (guint k = 0; k < 1 + 2 * 8; k++) {
    guint dir = k == 0 ? 0 : 1 + (k - 1) % 8;
    double dist = k == 0 ? 0.0 : dists[(k - 1) / 8] * line_h;
    double x = req->x + dirs[dir][0] * dist - w / 2.0;
    double y = req->y + dirs[dir][1] * dist - h / 2.0;
    tm_extent_t box = {x - halo, y - halo, x + w + halo, y + h + halo};
    if (bounds && !tm_label_inside(&box, bounds))
      continue;
    if (tm_label_grid_hits(grid, &box))
      continue;
    *x_out = x;
    *y_out = y;
    *box_out = box;
    return TRUE;
  }
  return FALSE;
}

/* Tries each setting (preferred first) at every position; TRUE when the
 * label was placed. */
static gboolean tm_label_try(tm_label_set_t *set, tm_label_grid_t *grid, tm_label_text_t *t,
                             double halo, const tm_extent_t *bounds)
{
  guint order[TM_LABEL_MAX_LINES];
  guint n_order = tm_label_text_order(t, order);
  double x, y;
  tm_extent_t box;
  for (guint i = 0; i < n_order; i++) {
    guint k = order[i];
    tm_label_setting_t *st = &t->settings[k];
    if (k > 1 && !st->lines) {
      /* A narrower block of the same height sits inside the real one at
       * each position: if it fits nowhere, the wrap need not be measured. */
      double min_w = tm_label_text_min_width(t, k);
      if (!tm_label_find_position(grid, t->req, min_w, k * t->line_h, t->line_h, halo,
                                  bounds, &x, &y, &box))
        continue;
      if (!tm_label_text_wrap(t, k))
        continue;
    }
    if (!st->lines)
      continue;
    if (tm_label_find_position(grid, t->req, st->w, st->h, t->line_h, halo, bounds, &x, &y,
                               &box)) {
      tm_label_keep(set, t->req, st, x, y, &box);
      tm_label_grid_insert(grid, &box);
      return TRUE;
    }
  }
  return FALSE;
}

static void tm_placed_label_clear(gpointer data)
{
  tm_placed_label_t *p = data;
  g_free(p->text);
  g_free(p->value);
  g_strfreev(p->lines);
}

tm_label_set_t *tm_labels_place(const tm_label_request_t *requests, guint n,
                                const tm_font_t *font, guint max_lines,
                                const tm_extent_t *obstacles, guint n_obstacles,
                                const tm_extent_t *bounds)
{
  g_return_val_if_fail(font != NULL, NULL);
  g_return_val_if_fail(requests != NULL || n == 0, NULL);
  g_return_val_if_fail(obstacles != NULL || n_obstacles == 0, NULL);
  g_return_val_if_fail(n <= G_MAXINT, NULL); /* g_qsort_with_data counts in gint */
  tm_label_set_t *set = g_new0(tm_label_set_t, 1);
  set->placed = g_array_new(FALSE, FALSE, sizeof(tm_placed_label_t));
  /* So that a caller keeping only the first labels (a label limit) can
   * shrink the array without leaking them. */
  g_array_set_clear_func(set->placed, tm_placed_label_clear);
  max_lines = CLAMP(max_lines, 1, TM_LABEL_MAX_LINES);
  double halo = isfinite(font->halo_width) && font->halo_width > 0.0 ? font->halo_width : 0.0;
  /* An invalid bounds cannot contain anything: every label is dropped. */
  gboolean no_room = bounds && !tm_label_extent_valid(bounds);

  tm_text_metrics_t em = tm_text_measure(font, "ÉÎg");
  double space_w = tm_text_measure(font, " ").width;
  double cell = 4.0 * (em.ascent + em.descent);
  tm_extent_t domain = tm_label_domain(requests, n, bounds, 4.0 * cell);
  tm_label_grid_t grid;
  tm_label_grid_init(&grid, &domain, cell);
  for (guint i = 0; i < n_obstacles; i++)
    if (tm_label_extent_valid(&obstacles[i]))
      tm_label_grid_insert(&grid, &obstacles[i]);

  guint *order = g_new(guint, MAX(n, 1));
  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data(order, (gint)n, sizeof(guint), tm_label_compare, (gpointer)requests);

  for (guint o = 0; o < n; o++) {
    const tm_label_request_t *req = &requests[order[o]];
    if (no_room || !tm_label_has_text(req->text) || !isfinite(req->x) || !isfinite(req->y)) {
      set->n_dropped++;
      continue;
    }
    /* Pango's logical ascent and descent are the font's, whatever the text:
     * one measure gives the line height for every line of the label. */
    tm_text_metrics_t m = tm_text_measure(font, req->text);
    if (!(m.ascent + m.descent > 0.0) || !isfinite(m.ascent + m.descent + m.width)) {
      set->n_dropped++; /* a font that gives no size would overlap everything */
      continue;
    }
    tm_label_text_t t = {.req = req, .font = font, .max_lines = max_lines, .space_w = space_w};
    t.line_h = (m.ascent + m.descent) * 1.05;
    t.settings[1] = (tm_label_setting_t){.n_lines = 1, .w = m.width, .h = t.line_h};
    t.settings[1].lines = g_new0(char *, 2);
    t.settings[1].lines[0] = g_strdup(req->text);
    if (!tm_label_try(set, &grid, &t, halo, bounds))
      set->n_dropped++;
    tm_label_text_clear(&t);
  }
  g_free(order);
  tm_label_grid_clear(&grid);
  return set;
}

/* ---- drawing ---- */

void tm_labels_draw(const tm_label_set_t *set, tm_drawing_t *d, const tm_font_t *font)
{
  g_return_if_fail(set != NULL && d != NULL && font != NULL);
  if (set->placed->len == 0)
    return;
  tm_drawing_begin_group(d, "labels", NULL, NULL);
  for (guint i = 0; i < set->placed->len; i++) {
    const tm_placed_label_t *p = &g_array_index(set->placed, tm_placed_label_t, i);
    /* The same measures as placement: the block is as wide as its widest
     * line, and the line height comes from the whole text's metrics. */
    tm_text_metrics_t m = tm_text_measure(font, p->text);
    double line_h = (m.ascent + m.descent) * 1.05;
    double leading = line_h - (m.ascent + m.descent);
    double widths[TM_LABEL_MAX_LINES], block_w = 0.0;
    guint n_lines = MIN(p->n_lines, TM_LABEL_MAX_LINES);
    for (guint l = 0; l < n_lines; l++) {
      widths[l] = n_lines == 1 ? m.width : tm_text_measure(font, p->lines[l]).width;
      block_w = MAX(block_w, widths[l]);
    }
    for (guint l = 0; l < n_lines; l++) {
      /* The 5 % leading is shared above and below the line. */
      double x = p->x + (block_w - widths[l]) / 2.0;
      double baseline = p->y + l * line_h + leading / 2.0 + m.ascent;
      tm_drawing_add_text(d, p->lines[l], font, x, baseline, "label");
    }
  }
  tm_drawing_end_group(d);
}

void tm_label_set_free(tm_label_set_t *set)
{
  if (!set)
    return;
  g_array_free(set->placed, TRUE); /* its clear func frees each label */
  g_free(set);
}
