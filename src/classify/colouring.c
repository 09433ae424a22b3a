/* Graph colouring for neighbouring territories: DSatur (Brélaz, 1979).
 * The next node coloured is the one whose neighbours already show the most
 * distinct colours (ties: more neighbours, then lower index), and it takes
 * the lowest colour none of them has.  On maps (planar graphs) this stays
 * within 5 or 6 colours in practice, and it is deterministic, so a map
 * keeps its colours from one run to the next.
 *
 * Candidates wait in a binary heap with lazy deletion: a node whose
 * saturation grows is pushed again and stale entries are skipped when
 * popped, so a commune-level graph (35,000 nodes) costs O(E log E). */
#include <stdlib.h>
#include <string.h>

#include "classify_private.h"

typedef struct {
  guint node, sat;
} tm_entry_t;

typedef struct {
  guint n;
  guint *offset; /* n + 1: neighbours of v are adj[offset[v]..offset[v+1]) */
  guint *adj;    /* distinct neighbours, ascending */
  guint *colour; /* G_MAXUINT until coloured */
  guint *sat;
  guint64 *seen; /* neighbour colours 0..63 as bits; larger ones are rare */
  GArray *heap;  /* tm_entry_t */
} tm_dsatur_t;

static int compare_guint(const void *a, const void *b)
{
  guint x = *(const guint *)a, y = *(const guint *)b;
  return (x > y) - (x < y);
}

static guint degree(const tm_dsatur_t *g, guint v)
{
  return g->offset[v + 1] - g->offset[v];
}

/* Neighbour lists without self-loops, duplicates or out-of-range nodes. */
static void build_adjacency(tm_dsatur_t *g, const guint *edges, guint n_edges)
{
  guint *count = g_new0(guint, (gsize)g->n + 1);
  for (guint e = 0; e < n_edges; e++) {
    guint a = edges[2 * (gsize)e], b = edges[2 * (gsize)e + 1];
    if (a < g->n && b < g->n && a != b) {
      count[a]++;
      count[b]++;
    }
  }
  guint *start = g_new0(guint, (gsize)g->n + 1);
  for (guint v = 0; v < g->n; v++)
    start[v + 1] = start[v] + count[v];
  guint *raw = g_new(guint, MAX(start[g->n], 1));
  memset(count, 0, sizeof(guint) * g->n);
  for (guint e = 0; e < n_edges; e++) {
    guint a = edges[2 * (gsize)e], b = edges[2 * (gsize)e + 1];
    if (a < g->n && b < g->n && a != b) {
      raw[start[a] + count[a]++] = b;
      raw[start[b] + count[b]++] = a;
    }
  }
  g->offset = g_new0(guint, (gsize)g->n + 1);
  g->adj = raw; /* compacted in place: writes never pass reads */
  guint w = 0;
  for (guint v = 0; v < g->n; v++) {
    guint *list = raw + start[v];
    qsort(list, count[v], sizeof(guint), compare_guint);
    g->offset[v] = w;
    for (guint i = 0; i < count[v]; i++)
      if (i == 0 || list[i] != list[i - 1])
        raw[w++] = list[i];
  }
  g->offset[g->n] = w;
  g_free(count);
  g_free(start);
}

/* TRUE when entry a should be coloured before entry b. */
static gboolean before(const tm_dsatur_t *g, const tm_entry_t *a, const tm_entry_t *b)
{
  if (a->sat != b->sat)
    return a->sat > b->sat;
  guint da = degree(g, a->node), db = degree(g, b->node);
  if (da != db)
    return da > db;
  return a->node < b->node;
}

static void heap_push(tm_dsatur_t *g, guint node)
{
  tm_entry_t e = {node, g->sat[node]};
  g_array_append_val(g->heap, e);
  tm_entry_t *h = (tm_entry_t *)g->heap->data;
  for (guint i = g->heap->len - 1; i > 0;) {
    guint parent = (i - 1) / 2;
    if (!before(g, &h[i], &h[parent]))
      break;
    tm_entry_t t = h[i];
    h[i] = h[parent];
    h[parent] = t;
    i = parent;
  }
}

static tm_entry_t heap_pop(tm_dsatur_t *g)
{
  tm_entry_t *h = (tm_entry_t *)g->heap->data;
  tm_entry_t top = h[0];
  guint n = g->heap->len - 1;
  h[0] = h[n];
  g_array_set_size(g->heap, n);
  h = (tm_entry_t *)g->heap->data;
  for (guint i = 0;;) {
    guint l = 2 * i + 1, r = l + 1, best = i;
    if (l < n && before(g, &h[l], &h[best]))
      best = l;
    if (r < n && before(g, &h[r], &h[best]))
      best = r;
    if (best == i)
      break;
    tm_entry_t t = h[i];
    h[i] = h[best];
    h[best] = t;
    i = best;
  }
  return top;
}

/* The lowest colour no neighbour of v has; scratch holds degree(v) + 1
 * FALSE flags and is left that way. */
static guint lowest_free(const tm_dsatur_t *g, guint v, gboolean *scratch)
{
  guint d = degree(g, v);
  for (guint i = g->offset[v]; i < g->offset[v + 1]; i++) {
    guint c = g->colour[g->adj[i]];
    if (c <= d)
      scratch[c] = TRUE;
  }
  guint c = 0;
  while (scratch[c])
    c++;
  memset(scratch, 0, sizeof(gboolean) * (d + 1));
  return c;
}

/* Whether u sees colour c for the first time now that v has it. */
static gboolean new_to(tm_dsatur_t *g, guint u, guint v, guint c)
{
  if (c < 64) {
    guint64 bit = G_GUINT64_CONSTANT(1) << c;
    gboolean fresh = (g->seen[u] & bit) == 0;
    g->seen[u] |= bit;
    return fresh;
  }
  for (guint i = g->offset[u]; i < g->offset[u + 1]; i++)
    if (g->adj[i] != v && g->colour[g->adj[i]] == c)
      return FALSE;
  return TRUE;
}

guint *tm_colour_graph(guint n_nodes, const guint *edges, guint n_edges, guint n_colours,
                       guint *n_used)
{
  /* n_colours is what the caller has; DSatur does not need it to choose,
   * and *n_used tells the caller whether it was enough. */
  (void)n_colours;
  g_return_val_if_fail(n_used != NULL && (edges != NULL || n_edges == 0), NULL);
  /* Each edge enters two neighbour lists indexed by guint. */
  g_return_val_if_fail(n_edges <= G_MAXUINT / 2, NULL);
  *n_used = 0;
  if (n_nodes == 0)
    return NULL;
  tm_dsatur_t g = {.n = n_nodes};
  build_adjacency(&g, edges, n_edges);
  g.colour = g_new(guint, n_nodes);
  g.sat = g_new0(guint, n_nodes);
  g.seen = g_new0(guint64, n_nodes);
  g.heap = g_array_sized_new(FALSE, FALSE, sizeof(tm_entry_t), n_nodes);
  guint max_degree = 0;
  for (guint v = 0; v < n_nodes; v++) {
    g.colour[v] = G_MAXUINT;
    max_degree = MAX(max_degree, degree(&g, v));
    heap_push(&g, v);
  }
  gboolean *scratch = g_new0(gboolean, (gsize)max_degree + 1);
  while (g.heap->len > 0) {
    tm_entry_t e = heap_pop(&g);
    guint v = e.node;
    if (g.colour[v] != G_MAXUINT || e.sat != g.sat[v])
      continue;
    guint c = lowest_free(&g, v, scratch);
    g.colour[v] = c;
    *n_used = MAX(*n_used, c + 1);
    for (guint i = g.offset[v]; i < g.offset[v + 1]; i++) {
      guint u = g.adj[i];
      if (g.colour[u] == G_MAXUINT && new_to(&g, u, v, c)) {
        g.sat[u]++;
        heap_push(&g, u);
      }
    }
  }
  g_free(scratch);
  g_array_free(g.heap, TRUE);
  g_free(g.seen);
  g_free(g.sat);
  g_free(g.offset);
  g_free(g.adj);
  return g.colour;
}
