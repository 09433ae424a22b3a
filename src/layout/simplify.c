/* A frame's geometry in page pixels, simplified for the output's
 * resolution without opening gaps between neighbours.
 *
 * Simplifying each ring on its own would move the two sides of a shared
 * border differently and leave slivers.  So, as topological tools do, the
 * rings are cut at their nodes (points where three or more features meet, or
 * where a border stops being shared) into chains; a chain that two rings
 * share is the same sequence of points, walked in opposite directions.  Each
 * chain is simplified (Douglas-Peucker) in a canonical direction, so both
 * rings get exactly the same result. */
#include <math.h>
#include <string.h>
#include "layout_private.h"

/* Points are compared on a 1/8 pixel grid: identical source vertices
 * always land on the same key. */
#define TM_GRID 8.0

typedef struct {
  gint64 key;      /* the point, packed (the hash table's key) */
  gint64 a, b;     /* the first two distinct neighbours seen */
  gboolean node;   /* a third neighbour was seen: a node */
} tm_vertex_info_t;

/* x << 32 | y packs a point; GLib's int64 hash (x ^ y) would put whole
 * diagonals in one bucket, so the bits are mixed (splitmix64's finaliser). */
static guint tm_vertex_hash(gconstpointer p)
{
  guint64 z = (guint64)((const tm_vertex_info_t *)p)->key;
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT(0x94d049bb133111eb);
  return (guint)(z ^ (z >> 31));
}

static gboolean tm_vertex_equal(gconstpointer a, gconstpointer b)
{
  return ((const tm_vertex_info_t *)a)->key == ((const tm_vertex_info_t *)b)->key;
}

/* Coordinates are clamped to the int32 range first: converting a double
 * beyond it is undefined, and no page is that large (the clamp only merges
 * points far off the page, which are clipped anyway). */
static inline guint32 tm_key_part(double v)
{
  return (guint32)(gint32)CLAMP(v, (double)G_MININT32, (double)G_MAXINT32);
}

static inline gint64 tm_key(double x, double y)
{
  return (gint64)(((guint64)tm_key_part(x) << 32) | tm_key_part(y));
}

static void tm_note_neighbour(tm_vertex_info_t *v, gint64 n)
{
  if (v->node || n == v->a || n == v->b)
    return;
  if (v->a == G_MININT64)
    v->a = n;
  else if (v->b == G_MININT64)
    v->b = n;
  else
    v->node = TRUE;
}

/* Douglas-Peucker on pts[0..n) (x, y pairs), keeping the ends; marks keep[]. */
static void tm_douglas_peucker(const double *pts, guint n, double tol2, gboolean *keep,
                               GArray *stack)
{
  keep[0] = keep[n - 1] = TRUE;
  g_array_set_size(stack, 0);
  guint range[2] = {0, n - 1};
  g_array_append_vals(stack, range, 2);
  while (stack->len) {
    guint hi = g_array_index(stack, guint, stack->len - 1);
    guint lo = g_array_index(stack, guint, stack->len - 2);
    g_array_set_size(stack, stack->len - 2);
    if (hi <= lo + 1)
      continue;
    double ax = pts[2 * lo], ay = pts[2 * lo + 1], bx = pts[2 * hi], by = pts[2 * hi + 1];
    double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    double best = -1;
    guint best_i = lo;
    for (guint i = lo + 1; i < hi; i++) {
      double px = pts[2 * i] - ax, py = pts[2 * i + 1] - ay, d2;
      if (len2 > 0) {
        double cross = px * dy - py * dx;
        d2 = cross * cross / len2;
      } else {
        d2 = px * px + py * py;
      }
      if (d2 > best) {
        best = d2;
        best_i = i;
      }
    }
    if (best > tol2) {
      keep[best_i] = TRUE;
      guint left[2] = {lo, best_i}, right[2] = {best_i, hi};
      g_array_append_vals(stack, left, 2);
      g_array_append_vals(stack, right, 2);
    }
  }
}

typedef struct {
  GHashTable *info;   /* set of tm_vertex_info_t, by key */
  GPtrArray *blocks;  /* the vertex infos, allocated 65536 at a time */
  guint block_used;
  GArray *chain;      /* double */
  GArray *stack;      /* guint */
  GArray *keep;       /* gboolean */
  double tol2;
} tm_simplifier_t;

/* Simplifies chain pts[0..n) (a copy) in its canonical direction and appends
 * the kept points, without the last one, to out. */
static void tm_simplify_chain(tm_simplifier_t *s, const double *pts, guint n, GArray *out)
{
  gint64 first = tm_key(pts[0], pts[1]), last = tm_key(pts[2 * (n - 1)], pts[2 * (n - 1) + 1]);
  gboolean reverse = first > last;
  if (first == last && n > 2)
    reverse = tm_key(pts[2], pts[3]) > tm_key(pts[2 * (n - 2)], pts[2 * (n - 2) + 1]);
  g_array_set_size(s->chain, 2 * n);
  double *c = (double *)s->chain->data;
  for (guint i = 0; i < n; i++) {
    guint j = reverse ? n - 1 - i : i;
    c[2 * i] = pts[2 * j];
    c[2 * i + 1] = pts[2 * j + 1];
  }
  g_array_set_size(s->keep, n);
  gboolean *keep = (gboolean *)s->keep->data;
  memset(keep, 0, n * sizeof(gboolean));
  tm_douglas_peucker(c, n, s->tol2, keep, s->stack);
  for (guint i = 0; i + 1 < n; i++) {
    guint j = reverse ? n - 1 - i : i;
    if (keep[j])
      g_array_append_vals(out, c + 2 * j, 2);
  }
}

/* The ring's points (snapped, consecutive repeats dropped, without the
 * closing point) into pts; returns their count. */
static guint tm_ring_page_points(const double *t, const double *xy, guint n, GArray *pts)
{
  g_array_set_size(pts, 0);
  for (guint k = 0; k < n; k++) {
    double p[2] = {round((t[0] * xy[2 * k] + t[1] * xy[2 * k + 1] + t[2]) * TM_GRID) / TM_GRID,
                   round((t[3] * xy[2 * k] + t[4] * xy[2 * k + 1] + t[5]) * TM_GRID) / TM_GRID};
    guint m = pts->len / 2;
    if (m && p[0] == g_array_index(pts, double, 2 * m - 2) &&
        p[1] == g_array_index(pts, double, 2 * m - 1))
      continue;
    g_array_append_vals(pts, p, 2);
  }
  guint m = pts->len / 2;
  if (m > 1 && g_array_index(pts, double, 0) == g_array_index(pts, double, 2 * m - 2) &&
      g_array_index(pts, double, 1) == g_array_index(pts, double, 2 * m - 1))
    g_array_set_size(pts, 2 * --m);
  return m;
}

static gint64 tm_grid_key(const double *p)
{
  return tm_key(p[0] * TM_GRID, p[1] * TM_GRID);
}

/* A million small mallocs were a tenth of a communes render: infos come
 * from blocks freed together. */
#define TM_BLOCK 65536
static tm_vertex_info_t *tm_simplifier_alloc(tm_simplifier_t *s)
{
  if (s->blocks->len == 0 || s->block_used == TM_BLOCK) {
    g_ptr_array_add(s->blocks, g_new(tm_vertex_info_t, TM_BLOCK));
    s->block_used = 0;
  }
  tm_vertex_info_t *block = g_ptr_array_index(s->blocks, s->blocks->len - 1);
  return &block[s->block_used++];
}

/* First pass: who neighbours whom. */
static void tm_simplifier_learn(tm_simplifier_t *s, const double *pts, guint m)
{
  for (guint i = 0; i < m; i++) {
    tm_vertex_info_t probe = {.key = tm_grid_key(pts + 2 * i)};
    tm_vertex_info_t *v = g_hash_table_lookup(s->info, &probe);
    if (!v) {
      v = tm_simplifier_alloc(s);
      *v = (tm_vertex_info_t){probe.key, G_MININT64, G_MININT64, FALSE};
      g_hash_table_add(s->info, v);
    }
    tm_note_neighbour(v, tm_grid_key(pts + 2 * ((i + m - 1) % m)));
    tm_note_neighbour(v, tm_grid_key(pts + 2 * ((i + 1) % m)));
  }
}

static gboolean tm_is_node(tm_simplifier_t *s, const double *p)
{
  tm_vertex_info_t probe = {.key = tm_grid_key(p)};
  const tm_vertex_info_t *v = g_hash_table_lookup(s->info, &probe);
  return v && v->node;
}

/* Second pass: the ring cut at its nodes, each chain simplified. */
static void tm_simplifier_ring(tm_simplifier_t *s, const double *pts, guint m, GArray *out)
{
  g_array_set_size(out, 0);
  /* Start at a node; a ring without one starts at its smallest point, so
   * that both rings of an enclave start at the same place. */
  guint start = G_MAXUINT;
  for (guint i = 0; i < m && start == G_MAXUINT; i++)
    if (tm_is_node(s, pts + 2 * i))
      start = i;
  gboolean loop = start == G_MAXUINT;
  guint split = 0; /* a loop is cut in two: at its smallest and largest points */
  if (loop) {
    start = 0;
    guint big = 0;
    for (guint i = 1; i < m; i++) {
      if (tm_grid_key(pts + 2 * i) < tm_grid_key(pts + 2 * start))
        start = i;
      if (tm_grid_key(pts + 2 * i) > tm_grid_key(pts + 2 * big))
        big = i;
    }
    split = (big + m - start) % m;
  }
  GArray *chain = g_array_new(FALSE, FALSE, sizeof(double));
  guint i = 0;
  while (i < m) {
    g_array_set_size(chain, 0);
    g_array_append_vals(chain, pts + 2 * ((start + i) % m), 2);
    guint j = i + 1;
    for (; j <= m; j++) {
      const double *p = pts + 2 * ((start + j) % m);
      g_array_append_vals(chain, p, 2);
      if (j == m || (loop ? j == split : tm_is_node(s, p)))
        break;
    }
    tm_simplify_chain(s, (double *)chain->data, chain->len / 2, out);
    i = j;
  }
  g_array_free(chain, TRUE);
}

tm_geom_t *tm_layout_page_geometry(const tm_geom_t *g, const double *t, double tolerance)
{
  tm_simplifier_t s = {.tol2 = tolerance * tolerance};
  s.info = g_hash_table_new(tm_vertex_hash, tm_vertex_equal);
  s.blocks = g_ptr_array_new_with_free_func(g_free);
  s.chain = g_array_new(FALSE, FALSE, sizeof(double));
  s.stack = g_array_new(FALSE, FALSE, sizeof(guint));
  s.keep = g_array_new(FALSE, FALSE, sizeof(gboolean));
  GArray *pts = g_array_new(FALSE, FALSE, sizeof(double));
  GArray *out = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint r = 0; r < g->n_rings; r++) {
    guint m = tm_ring_page_points(t, g->xy + 2 * (gsize)g->ring_point[r],
                                  g->ring_point[r + 1] - g->ring_point[r], pts);
    tm_simplifier_learn(&s, (double *)pts->data, m);
  }
  tm_geom_builder_t *b = tm_geom_builder_new();
  for (guint f = 0; f < g->n_features; f++) {
    tm_geom_builder_begin_feature(b);
    for (guint p = g->feature_poly[f]; p < g->feature_poly[f + 1]; p++) {
      for (guint r = g->poly_ring[p]; r < g->poly_ring[p + 1]; r++) {
        guint m = tm_ring_page_points(t, g->xy + 2 * (gsize)g->ring_point[r],
                                      g->ring_point[r + 1] - g->ring_point[r], pts);
        if (m < 3) {
          if (r == g->poly_ring[p])
            break; /* exterior gone: the polygon is below the resolution */
          continue;
        }
        tm_simplifier_ring(&s, (double *)pts->data, m, out);
        if (out->len / 2 < 3) {
          if (r == g->poly_ring[p])
            break;
          continue;
        }
        if (r == g->poly_ring[p])
          tm_geom_builder_begin_polygon(b);
        tm_geom_builder_add_ring(b, (double *)out->data, out->len / 2);
      }
    }
  }
  g_array_free(pts, TRUE);
  g_array_free(out, TRUE);
  g_array_free(s.chain, TRUE);
  g_array_free(s.stack, TRUE);
  g_array_free(s.keep, TRUE);
  g_hash_table_destroy(s.info);
  g_ptr_array_free(s.blocks, TRUE);
  return tm_geom_builder_finish(b);
}
