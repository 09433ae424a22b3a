/* A growable array allocated at the size asked for.  GArray rounds every
 * allocation up to a power of two: a commune map's 35 MB of points took a
 * 64 MB block, its 10 MB display list two blocks of 16 MB, and whether such
 * blocks fit in the heap's holes decided 7 MB of the render's peak. */
#include <string.h>
#include "terrimap/core.h"

void tm_vec_init(tm_vec_t *v, gsize element_size)
{
  *v = (tm_vec_t){NULL, 0, 0, element_size};
}

void tm_vec_clear(tm_vec_t *v)
{
  g_free(v->data);
  v->data = NULL;
  v->len = v->cap = 0;
}

void tm_vec_reserve(tm_vec_t *v, gsize extra)
{
  if (v->cap - v->len >= extra)
    return;
  gsize cap = 0, bytes = 0;
  if (!g_size_checked_add(&cap, v->len, extra) || !g_size_checked_mul(&bytes, cap, v->size))
    g_error("terrimap: an array of %" G_GSIZE_FORMAT " + %" G_GSIZE_FORMAT
            " elements is too large for memory",
            v->len, extra);
  v->data = g_realloc(v->data, MAX(bytes, 1));
  v->cap = cap;
}

void *tm_vec_push(tm_vec_t *v, gsize n)
{
  /* Grows by half, not double, past what was reserved. */
  if (v->cap - v->len < n)
    tm_vec_reserve(v, MAX(n, v->len / 2 + 16));
  void *at = (char *)v->data + v->len * v->size;
  v->len += n;
  return at;
}

void *tm_vec_steal(tm_vec_t *v)
{
  void *data = v->len == v->cap && v->data ? v->data : g_realloc(v->data, MAX(v->len * v->size, 1));
  v->data = NULL;
  v->len = v->cap = 0;
  return data;
}
