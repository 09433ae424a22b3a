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
