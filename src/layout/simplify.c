/* A frame's geometry in page pixels, simplified for the output's
 * resolution without opening gaps between neighbours.
 *
 * Simplifying each ring on its own would move the two sides of a shared
 * border differently and leave slivers.  So, as topological tools do, the
 * rings are cut at their nodes (points where three or more features meet, or
 * where a border stops being shared) into chains; a chain that two rings
 * share is the same sequence of points, walked in opposite directions.  Each
 * chain is simplified (Douglas-Peucker) in a canonical direction, so both
 * rings get exactly the same result.
 *
 * This was a seventh of a national render, so it runs on every core in three
 * passes: the rings' points snapped to the page grid (by ring), who
 * neighbours whom and so which snapped points are nodes (by part of the
 * vertices, split by hash, each worker learning one part at a time in a
 * table it reuses), and the chains simplified (by feature, each chunk of
 * features into a geometry of its own, joined in order at the end). */
#include <math.h>
#include <string.h>
#include "layout_private.h"

/* Points are compared on a 1/8 pixel grid: identical source vertices
 * always land on the same key. */
#define TM_GRID 8.0
/* No real key: the key parts are clamped above G_MININT32. */
#define TM_NO_KEY G_MININT64

/* Coordinates are clamped to the int32 range first: converting a double
 * beyond it is undefined, and no page is that large (the clamp only merges
 * points far off the page, which are clipped anyway). */
static inline guint32 tm_key_part(double v)
{
  return (guint32)(gint32)CLAMP(v, (double)G_MININT32 + 1, (double)G_MAXINT32);
}

/* A point of the grid packed as x << 32 | y (grid units). */
static inline gint64 tm_key(double gx, double gy)
{
  return (gint64)(((guint64)tm_key_part(gx) << 32) | tm_key_part(gy));
}

static inline double tm_key_x(gint64 key)
{
  return (gint32)(guint32)((guint64)key >> 32) / TM_GRID;
}

static inline double tm_key_y(gint64 key)
{
  return (gint32)(guint32)((guint64)key & 0xffffffffu) / TM_GRID;
}

/* splitmix64's finaliser: packed keys of a grid are far from random. */
static inline guint64 tm_key_hash(gint64 key)
{
  guint64 z = (guint64)key;
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* A vertex and its first two distinct neighbours, by key (an index into
 * the keys sent the probe to another part of memory for each). */
#define TM_NODE_KEY (G_MININT64 + 1) /* in b: a third neighbour was seen */
typedef struct {
  gint64 key, a, b; /* a, b: TM_NO_KEY until seen */
} tm_vertex_t;

/* Open addressing with linear probing: a flat array probed in cache, where
 * GHashTable chased a pointer per vertex (half the simplifier's time).
 * Doubled when seven tenths full. */
typedef struct {
  tm_vertex_t *slot;
  guint64 mask, count;
} tm_vertex_table_t;

static tm_vertex_t *tm_vertex_slot(const tm_vertex_table_t *t, gint64 key, guint64 hash)
{
  guint64 i = hash & t->mask;
  while (t->slot[i].key != TM_NO_KEY && t->slot[i].key != key)
    i = (i + 1) & t->mask;
  return &t->slot[i];
}

static void tm_vertex_table_clear(tm_vertex_table_t *t)
{
  t->count = 0;
  for (guint64 i = 0; i <= t->mask; i++)
    t->slot[i].key = TM_NO_KEY;
}

static void tm_vertex_table_init(tm_vertex_table_t *t, guint64 size)
{
  t->mask = size - 1;
  t->slot = g_new(tm_vertex_t, size);
  tm_vertex_table_clear(t);
}

static void tm_vertex_table_grow(tm_vertex_table_t *t)
{
  tm_vertex_table_t old = *t;
  tm_vertex_table_init(t, 2 * (old.mask + 1));
  for (guint64 i = 0; i <= old.mask; i++)
    if (old.slot[i].key != TM_NO_KEY)
      *tm_vertex_slot(t, old.slot[i].key, tm_key_hash(old.slot[i].key)) = old.slot[i];
  t->count = old.count;
  g_free(old.slot);
}

/* Notes that v neighbours the vertex whose key is k. */
static inline void tm_note_neighbour(tm_vertex_t *v, gint64 k)
{
  /* k == key: a ring shrunk to one point, which neighbours nothing. */
  if (v->b == TM_NODE_KEY || k == v->key || v->a == k || v->b == k)
    return;
  if (v->a == TM_NO_KEY)
    v->a = k;
  else if (v->b == TM_NO_KEY)
    v->b = k;
  else
    v->b = TM_NODE_KEY;
}

typedef struct {
  const tm_geom_t *g;
  const double *t;     /* page transform */
  double tol2;
  gint64 *keys;        /* per ring, from g->ring_point[r]: its snapped points */
  guint *n_keys;       /* per ring: how many (repeats and closing point dropped) */
  guint n_parts;        /* the vertices split by hash, a table at a time per worker */
  guint key_stride;     /* pass 1 writes keys[k * key_stride] (2: over the points) */
  const tm_extent_t *shown; /* pass 0: page box outside which features are left out */
  guint8 *skip;         /* per ring, pass 0: 1 when its feature is left out (NULL: none) */
  guint8 *part;         /* per snapped point (as keys): its part, TM_NO_PART past n_keys */
  guint64 table_size;   /* slots a part's table starts with */
  tm_vertex_table_t *tables; /* per worker, cleared for each part it learns */
  guint8 *node;        /* per snapped point (as keys): 1 when a node */
  tm_geom_t **parts;   /* pass 3: the geometry of each chunk of features */
  GArray **scratch;    /* pass 3, per worker: chain, stack, keep, out */
  gboolean want_borders;
  GArray **part_chains; /* pass 3, per chunk: tm_chain_t of every ring's chains */
  GArray **part_xy;     /* their points */
} tm_simplifier_t;

/* A chain as one ring walked it, in its canonical direction: the same
 * chain walked by the neighbour has the same id (its first two points). */
typedef struct {
  gint64 id[2];
  guint feature, first_point, n_points;
} tm_chain_t;

#define TM_NO_PART G_MAXUINT8

static inline guint8 tm_part_of(const tm_simplifier_t *s, guint64 hash)
{
  return (guint8)((hash >> 48) % s->n_parts);
}

/* Pass 0: a feature none of whose points comes near the shown box (a
 * département map shows a tenth of the country it is drawn from) is left
 * out: its rings get no keys, so nothing of it is learnt, simplified or
 * drawn, and an SVG holds only what can be seen. */
static void tm_cull_features(guint start, guint end, guint worker, void *data)
{
  tm_simplifier_t *s = data;
  const tm_geom_t *g = s->g;
  for (guint f = start; f < end; f++) {
    tm_extent_t e = tm_geom_get_feature_extent(g, f);
    if (tm_extent_is_empty(&e))
      continue;
    tm_extent_t page = tm_extent_transform(&e, s->t);
    gboolean off = !tm_extent_overlaps(&page, s->shown);
    guint r0 = g->poly_ring[g->feature_poly[f]], r1 = g->poly_ring[g->feature_poly[f + 1]];
    memset(s->skip + r0, off, r1 - r0);
  }
}

/* Pass 1: ring r's points on the page grid, consecutive repeats and the
 * closing point dropped.  With a key stride of 2 the keys overwrite the
 * points themselves, each key over the first half of a point already read
 * (m <= k), so that workers on other rings never meet. */
static void tm_snap_rings(guint start, guint end, guint worker, void *data)
{
  tm_simplifier_t *s = data;
  const double *t = s->t;
  const gsize stride = s->key_stride;
  for (guint r = start; r < end; r++) {
    if (s->skip && s->skip[r]) {
      s->n_keys[r] = 0;
      continue;
    }
    const double *xy = s->g->xy + 2 * (gsize)s->g->ring_point[r];
    guint n = s->g->ring_point[r + 1] - s->g->ring_point[r];
    gint64 *keys = s->keys + stride * s->g->ring_point[r];
    guint m = 0;
    for (guint k = 0; k < n; k++) {
      gint64 key = tm_key(round((t[0] * xy[2 * k] + t[1] * xy[2 * k + 1] + t[2]) * TM_GRID),
                          round((t[3] * xy[2 * k] + t[4] * xy[2 * k + 1] + t[5]) * TM_GRID));
      if (m == 0 || keys[stride * (m - 1)] != key)
        keys[stride * m++] = key;
    }
    if (m > 1 && keys[0] == keys[stride * (m - 1)])
      m--;
    s->n_keys[r] = m;
  }
}

/* Pass 1b: the part of each snapped point. */
static void tm_label_parts(guint start, guint end, guint worker, void *data)
{
  tm_simplifier_t *s = data;
  for (guint r = start; r < end; r++) {
    guint32 first = s->g->ring_point[r];
    guint n = s->g->ring_point[r + 1] - first, m = s->n_keys[r];
    for (guint k = 0; k < m; k++)
      s->part[first + k] = tm_part_of(s, tm_key_hash(s->keys[first + k]));
    memset(s->part + first + m, TM_NO_PART, n - m);
  }
}

/* A batch of a part's points, their slots prefetched before any is looked
 * up: the table is larger than the cache, and a probe waiting on memory
 * was most of this pass. */
#define TM_BATCH 16
typedef struct {
  guint n;
  guint64 hash[TM_BATCH];
  guint32 at[TM_BATCH], prev[TM_BATCH], next[TM_BATCH]; /* indices into keys */
} tm_batch_t;

static void tm_batch_add(tm_batch_t *b, const tm_vertex_table_t *t, const gint64 *keys,
                         guint32 at, guint32 prev, guint32 next)
{
  guint64 h = tm_key_hash(keys[at]);
  __builtin_prefetch(&t->slot[h & t->mask], 1);
  b->hash[b->n] = h;
  b->at[b->n] = at;
  b->prev[b->n] = prev;
  b->next[b->n++] = next;
}

static void tm_batch_learn(tm_batch_t *b, tm_vertex_table_t *t, const gint64 *keys)
{
  for (guint j = 0; j < b->n; j++) {
    gint64 key = keys[b->at[j]];
    tm_vertex_t *v = tm_vertex_slot(t, key, b->hash[j]);
    if (v->key == TM_NO_KEY) {
      if (10 * (t->count + 1) > 7 * (t->mask + 1)) {
        tm_vertex_table_grow(t);
        v = tm_vertex_slot(t, key, b->hash[j]);
      }
      *v = (tm_vertex_t){key, TM_NO_KEY, TM_NO_KEY};
      t->count++;
    }
    tm_note_neighbour(v, keys[b->prev[j]]);
    tm_note_neighbour(v, keys[b->next[j]]);
  }
  b->n = 0;
}

static void tm_batch_mark(tm_batch_t *b, const tm_vertex_table_t *t, const gint64 *keys,
                          guint8 *node)
{
  for (guint j = 0; j < b->n; j++)
    node[b->at[j]] = tm_vertex_slot(t, keys[b->at[j]], b->hash[j])->b == TM_NODE_KEY;
  b->n = 0;
}

/* Pass 2: the neighbours of the vertices of part p, learnt in the worker's
 * table, then which of the part's snapped points are nodes.  A part at a
 * time keeps the tables small (two of 6 MB at most, where one table per
 * worker took 32 MB on the commune map) and their memory reused: fresh
 * memory costs more than the scans of the part labels. */
static void tm_learn_part(guint p, guint end, guint worker, void *data)
{
  tm_simplifier_t *s = data;
  const tm_geom_t *g = s->g;
  tm_vertex_table_t *t = &s->tables[worker];
  if (t->slot)
    tm_vertex_table_clear(t);
  else
    tm_vertex_table_init(t, s->table_size);
  tm_batch_t b = {0};
  for (guint r = 0; r < g->n_rings; r++) {
    guint32 first = g->ring_point[r];
    const guint8 *part = s->part + first;
    guint m = s->n_keys[r];
    for (guint i = 0; i < m; i++) {
      if (part[i] != p)
        continue;
      tm_batch_add(&b, t, s->keys, first + i, first + (i + m - 1) % m, first + (i + 1) % m);
      if (b.n == TM_BATCH)
        tm_batch_learn(&b, t, s->keys);
    }
  }
  tm_batch_learn(&b, t, s->keys);
  for (guint k = 0; k < g->n_points; k++)
    if (s->part[k] == p) {
      tm_batch_add(&b, t, s->keys, k, k, k);
      if (b.n == TM_BATCH)
        tm_batch_mark(&b, t, s->keys, s->node);
    }
  tm_batch_mark(&b, t, s->keys, s->node);
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

enum { TM_CHAIN, TM_STACK, TM_KEEP, TM_OUT, TM_N_SCRATCH };

/* Simplifies the chain of keys[0..n) in its canonical direction and appends
 * the kept points, without the last one, to out. */
static void tm_simplify_chain(const tm_simplifier_t *s, GArray **scratch, const gint64 *keys,
                              guint n, GArray *out, GArray *chains, GArray *chain_xy,
                              guint feature)
{
  gboolean reverse = keys[0] > keys[n - 1];
  if (keys[0] == keys[n - 1] && n > 2)
    reverse = keys[1] > keys[n - 2];
  g_array_set_size(scratch[TM_CHAIN], 2 * n);
  double *c = (double *)scratch[TM_CHAIN]->data;
  for (guint i = 0; i < n; i++) {
    gint64 key = keys[reverse ? n - 1 - i : i];
    c[2 * i] = tm_key_x(key);
    c[2 * i + 1] = tm_key_y(key);
  }
  g_array_set_size(scratch[TM_KEEP], n);
  gboolean *keep = (gboolean *)scratch[TM_KEEP]->data;
  memset(keep, 0, n * sizeof(gboolean));
  tm_douglas_peucker(c, n, s->tol2, keep, scratch[TM_STACK]);
  for (guint i = 0; i + 1 < n; i++) {
    guint j = reverse ? n - 1 - i : i;
    if (keep[j])
      g_array_append_vals(out, c + 2 * j, 2);
  }
  if (chains) {
    tm_chain_t ch = {{reverse ? keys[n - 1] : keys[0], reverse ? keys[n - 2] : keys[1]},
                     feature, chain_xy->len / 2, 0};
    for (guint i = 0; i < n; i++)
      if (keep[i]) {
        g_array_append_vals(chain_xy, c + 2 * i, 2);
        ch.n_points++;
      }
    g_array_append_val(chains, ch);
  }
}

/* The ring's keys[0..m) cut at its nodes, each chain simplified, into out. */
static void tm_simplify_ring(const tm_simplifier_t *s, GArray **scratch, const gint64 *keys,
                             const guint8 *node, guint m, GArray *out, GArray *chains,
                             GArray *chain_xy, guint feature)
{
  g_array_set_size(out, 0);
  /* Start at a node; a ring without one starts at its smallest point, so
   * that both rings of an enclave start at the same place. */
  guint start = G_MAXUINT;
  for (guint i = 0; i < m && start == G_MAXUINT; i++)
    if (node[i])
      start = i;
  gboolean loop = start == G_MAXUINT;
  guint split = 0; /* a loop is cut in two: at its smallest and largest points */
  if (loop) {
    start = 0;
    guint big = 0;
    for (guint i = 1; i < m; i++) {
      if (keys[i] < keys[start])
        start = i;
      if (keys[i] > keys[big])
        big = i;
    }
    split = (big + m - start) % m;
  }
  /* The ring from its start, closed, so that chains are contiguous. */
  GArray *walk = scratch[TM_N_SCRATCH];
  g_array_set_size(walk, m + 1);
  gint64 *w = (gint64 *)walk->data;
  for (guint i = 0; i <= m; i++)
    w[i] = keys[(start + i) % m];
  guint i = 0;
  while (i < m) {
    guint j = i + 1;
    for (; j < m; j++)
      if (loop ? j == split : node[(start + j) % m])
        break;
    tm_simplify_chain(s, scratch, w + i, j - i + 1, out, chains, chain_xy, feature);
    i = j;
  }
}

/* Pass 3: features [start, end) simplified into parts[start / chunk]. */
#define TM_FEATURE_CHUNK 32
static void tm_simplify_features(guint start, guint end, guint worker, void *data)
{
  tm_simplifier_t *s = data;
  const tm_geom_t *g = s->g;
  GArray **scratch = s->scratch + worker * (TM_N_SCRATCH + 1);
  GArray *out = scratch[TM_OUT];
  GArray *chains = NULL, *chain_xy = NULL;
  if (s->want_borders) {
    chains = s->part_chains[start / TM_FEATURE_CHUNK] = g_array_new(FALSE, FALSE, sizeof(tm_chain_t));
    chain_xy = s->part_xy[start / TM_FEATURE_CHUNK] = g_array_new(FALSE, FALSE, sizeof(double));
  }
  tm_geom_builder_t *b = tm_geom_builder_new();
  for (guint f = start; f < end; f++) {
    tm_geom_builder_begin_feature(b);
    for (guint p = g->feature_poly[f]; p < g->feature_poly[f + 1]; p++) {
      for (guint r = g->poly_ring[p]; r < g->poly_ring[p + 1]; r++) {
        guint m = s->n_keys[r];
        if (m >= 3)
          tm_simplify_ring(s, scratch, s->keys + g->ring_point[r], s->node + g->ring_point[r], m,
                           out, chains, chain_xy, f);
        if (m < 3 || out->len / 2 < 3) {
          if (r == g->poly_ring[p])
            break; /* exterior gone: the polygon is below the resolution */
          continue;
        }
        if (r == g->poly_ring[p])
          tm_geom_builder_begin_polygon(b);
        tm_geom_builder_add_ring(b, (double *)out->data, out->len / 2);
      }
    }
  }
  s->parts[start / TM_FEATURE_CHUNK] = tm_geom_builder_finish(b);
}

/* Chains seen, by id, in open addressing like the vertex tables: a
 * GHashTable's node per chain made this step a tenth of the commune map's
 * serial time. */
typedef struct {
  const gint64 *id; /* NULL: empty */
  guint border;     /* its index in the borders */
} tm_chain_slot_t;

static tm_chain_slot_t *tm_chain_slot(tm_chain_slot_t *slot, guint64 mask, const gint64 *id)
{
  guint64 i = (tm_key_hash(id[0]) ^ (tm_key_hash(id[1]) >> 7)) & mask;
  while (slot[i].id && (slot[i].id[0] != id[0] || slot[i].id[1] != id[1]))
    i = (i + 1) & mask;
  return &slot[i];
}

/* Every chain once, owned by the first feature that walks it: the chunks
 * come in feature order. */
static tm_borders_t *tm_borders_merge(tm_simplifier_t *s, guint n_parts)
{
  guint64 n_chains = 0, n_doubles = 0, size = 64;
  for (guint p = 0; p < n_parts; p++) {
    n_chains += s->part_chains[p] ? s->part_chains[p]->len : 0;
    n_doubles += s->part_xy[p] ? s->part_xy[p]->len : 0;
  }
  while (size < 2 * n_chains)
    size *= 2;
  /* Room for every chain, shared ones twice: what is not used is not
   * touched, where doubling copied the arrays over. */
  tm_borders_t *out = g_new0(tm_borders_t, 1);
  out->xy = g_array_sized_new(FALSE, FALSE, sizeof(double), (guint)MIN(n_doubles, G_MAXUINT));
  out->borders = g_array_sized_new(FALSE, FALSE, sizeof(tm_border_t), (guint)n_chains);
  tm_chain_slot_t *seen = g_new0(tm_chain_slot_t, size);
  for (guint p = 0; p < n_parts; p++) {
    GArray *chains = s->part_chains[p], *xy = s->part_xy[p];
    for (guint i = 0; chains && i < chains->len; i++) {
      tm_chain_t *ch = &g_array_index(chains, tm_chain_t, i);
      tm_chain_slot_t *slot = tm_chain_slot(seen, size - 1, ch->id);
      if (slot->id) {
        tm_border_t *b = &g_array_index(out->borders, tm_border_t, slot->border);
        if (b->other == G_MAXUINT && b->feature != ch->feature)
          b->other = ch->feature;
        continue;
      }
      tm_border_t b = {out->xy->len / 2, ch->n_points, ch->feature, G_MAXUINT};
      g_array_append_vals(out->xy, &g_array_index(xy, double, 2 * ch->first_point),
                          2 * ch->n_points);
      *slot = (tm_chain_slot_t){ch->id, out->borders->len};
      g_array_append_val(out->borders, b);
    }
  }
  g_free(seen);
  return out;
}

void tm_borders_free(tm_borders_t *b)
{
  if (!b)
    return;
  g_array_free(b->xy, TRUE);
  g_array_free(b->borders, TRUE);
  g_free(b);
}

void tm_page_geom_free(tm_page_geom_t *page)
{
  if (!page)
    return;
  for (guint i = 0; i < page->n_parts; i++)
    tm_geom_free(page->parts[i]);
  g_free(page->parts);
  g_free(page);
}

tm_page_geom_t *tm_layout_page_geometry(const tm_geom_t *g, const double *t, double tolerance,
                                        const tm_extent_t *shown, tm_borders_t **borders,
                                        double **release_xy)
{
  tm_simplifier_t s = {.g = g, .t = t, .tol2 = tolerance * tolerance, .shown = shown};
  if (shown) {
    s.skip = g_new0(guint8, MAX(g->n_rings, 1));
    tm_parallel_for(g->n_features, 256, tm_cull_features, &s);
  }
  /* Shared borders: most vertices come twice.  Parts of at most 2^17
   * vertices, as many as the workers at least, each table started at no
   * more than 0.6 full. */
  guint64 vertices = g->n_points / 2 + 1;
  guint n_tables = tm_parallel_workers(G_MAXUINT / 2, 1);
  s.n_parts = (guint)MIN((vertices >> 17) + 1, TM_NO_PART - 1);
  s.n_parts = MIN((s.n_parts + n_tables - 1) / n_tables * n_tables, TM_NO_PART - 1);
  for (s.table_size = 1024; s.table_size * 6 < vertices / s.n_parts * 10;)
    s.table_size *= 2;
  s.n_keys = g_new(guint, MAX(g->n_rings, 1));
  /* Given up by the caller, the points' 16 bytes each hold the snapped
   * points' keys (8), parts (1) and node marks (1), where they took 10
   * more: 22 MB of fresh memory on the commune map. */
  guint8 *in_points = release_xy && g->n_points ? (guint8 *)*release_xy : NULL;
  if (in_points) {
    s.keys = (gint64 *)(void *)in_points;
    s.key_stride = 2;
    tm_parallel_for(g->n_rings, 256, tm_snap_rings, &s);
    *release_xy = NULL; /* g->xy, now the keys */
    for (gsize k = 0; k < g->n_points; k++) /* forward: k <= 2k */
      s.keys[k] = s.keys[2 * k];
    s.part = in_points + 8 * (gsize)g->n_points;
    s.node = s.part + g->n_points;
  } else {
    s.keys = g_new(gint64, MAX(g->n_points, 1));
    s.key_stride = 1;
    tm_parallel_for(g->n_rings, 256, tm_snap_rings, &s);
    s.part = g_new(guint8, MAX(g->n_points, 1));
    s.node = g_new(guint8, MAX(g->n_points, 1));
  }
  tm_parallel_for(g->n_rings, 256, tm_label_parts, &s);
  tm_timing_mark("  simplify: snap");

  s.tables = g_new0(tm_vertex_table_t, n_tables);
  tm_parallel_for(s.n_parts, 1, tm_learn_part, &s);
  for (guint i = 0; i < n_tables; i++)
    g_free(s.tables[i].slot);
  g_free(s.tables);
  s.tables = NULL;
  if (!in_points)
    g_free(s.part);
  s.part = NULL;
  tm_timing_mark("  simplify: neighbours");

  guint n_parts = g->n_features / TM_FEATURE_CHUNK + 1;
  s.parts = g_new0(tm_geom_t *, n_parts);
  s.want_borders = borders != NULL;
  if (borders) {
    s.part_chains = g_new0(GArray *, n_parts);
    s.part_xy = g_new0(GArray *, n_parts);
  }
  guint n_workers = tm_parallel_workers(g->n_features, TM_FEATURE_CHUNK);
  s.scratch = g_new(GArray *, n_workers * (TM_N_SCRATCH + 1));
  for (guint w = 0; w < n_workers; w++) {
    GArray **sc = s.scratch + w * (TM_N_SCRATCH + 1);
    sc[TM_CHAIN] = g_array_new(FALSE, FALSE, sizeof(double));
    sc[TM_STACK] = g_array_new(FALSE, FALSE, sizeof(guint));
    sc[TM_KEEP] = g_array_new(FALSE, FALSE, sizeof(gboolean));
    sc[TM_OUT] = g_array_new(FALSE, FALSE, sizeof(double));
    sc[TM_N_SCRATCH] = g_array_new(FALSE, FALSE, sizeof(gint64)); /* the ring's walk */
  }
  tm_parallel_for(g->n_features, TM_FEATURE_CHUNK, tm_simplify_features, &s);
  tm_timing_mark("  simplify: chains");
  for (guint i = 0; i < n_workers * (TM_N_SCRATCH + 1); i++)
    g_array_free(s.scratch[i], TRUE);
  g_free(s.scratch);
  if (!in_points)
    g_free(s.node);
  g_free(s.keys); /* with in_points, the points' block */
  g_free(s.n_keys);
  g_free(s.skip);

  guint n_done = (g->n_features + TM_FEATURE_CHUNK - 1) / TM_FEATURE_CHUNK;
  if (borders) {
    *borders = tm_borders_merge(&s, n_done);
    for (guint i = 0; i < n_parts; i++) {
      if (s.part_chains[i])
        g_array_free(s.part_chains[i], TRUE);
      if (s.part_xy[i])
        g_array_free(s.part_xy[i], TRUE);
    }
    g_free(s.part_chains);
    g_free(s.part_xy);
    tm_timing_mark("  simplify: borders");
  }
  tm_page_geom_t *page = g_new0(tm_page_geom_t, 1);
  page->parts = s.parts;
  page->n_parts = n_done;
  page->chunk = TM_FEATURE_CHUNK;
  for (guint i = 0; i < n_done; i++) {
    page->n_points += s.parts[i]->n_points;
    page->n_rings += s.parts[i]->n_rings;
  }
  return page;
}
