#include <math.h>
#include "terrimap/core.h"

tm_extent_t tm_extent_empty(void)
{
  return (tm_extent_t){INFINITY, INFINITY, -INFINITY, -INFINITY};
}

gboolean tm_extent_is_empty(const tm_extent_t *e)
{
  return !(e->x0 <= e->x1 && e->y0 <= e->y1);
}

void tm_extent_add_extent(tm_extent_t *e, const tm_extent_t *other)
{
  if (tm_extent_is_empty(other))
    return;
  tm_extent_add_point(e, other->x0, other->y0);
  tm_extent_add_point(e, other->x1, other->y1);
}

gboolean tm_extent_contains(const tm_extent_t *e, double x, double y)
{
  return x >= e->x0 && x <= e->x1 && y >= e->y0 && y <= e->y1;
}

tm_extent_t tm_extent_transform(const tm_extent_t *e, const double *t)
{
  tm_extent_t out = tm_extent_empty();
  if (tm_extent_is_empty(e))
    return out;
  const double xs[2] = {e->x0, e->x1}, ys[2] = {e->y0, e->y1};
  for (int i = 0; i < 4; i++)
    tm_extent_add_point(&out, t[0] * xs[i & 1] + t[1] * ys[i >> 1] + t[2],
                        t[3] * xs[i & 1] + t[4] * ys[i >> 1] + t[5]);
  return out;
}

gboolean tm_extent_overlaps(const tm_extent_t *a, const tm_extent_t *b)
{
  return a->x0 <= b->x1 && b->x0 <= a->x1 && a->y0 <= b->y1 && b->y0 <= a->y1;
}
