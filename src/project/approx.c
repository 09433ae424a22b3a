/* Projecting a frame's points from longitude/latitude by interpolation
 * between points PROJ projected exactly, as GDAL's approximate transformer
 * does for rasters.
 *
 * PROJ's forward Lambert-93 is about 0.13 µs a point: a tenth of a commune
 * map's CPU time for its 2.2 million points.  A projection is smooth, so on
 * a grid of cells a tenth of a degree wide (about 8 by 11 km) each cell's
 * points are interpolated (biquadratic: through the cell's 3 x 3 nodes,
 * corners, edge middles and centre) from nodes PROJ projected exactly.
 * The interpolation's error shrinks with the cube of the cell's size: over
 * the mainland in Lambert-93 it is at most 0.31 mm (tests/unit/
 * test_project.c, against PROJ at each of the 551,078 points of the EPCI
 * layer).  A map drawn at 300 dpi would have to be at 1:1,000 for a
 * millimetre to be an eighth of a pixel.
 *
 * Nothing is assumed of the projection: every cell is checked against
 * PROJ at four points inside it, and a cell that misses by more than half
 * a millimetre there, or has a node PROJ could not project (outside the
 * projection's domain), has its points projected exactly.  The check
 * points see most but not all of a cell's largest miss (a test found
 * 1.002 mm in a cell whose check points missed by less than 1 mm), hence
 * half the millimetre promised.  The grid is aligned on whole cells of
 * longitude and latitude, so a point gets the same coordinates whatever
 * else is in the frame, and the points neighbours share stay shared. */
#include <math.h>
#include <string.h>
#include "project_private.h"

/* Degrees: cells of a tenth of a degree, nodes every twentieth. */
#define TM_APPROX_CELL 0.1
/* Target units (metres): the largest miss allowed at a cell's check points. */
#define TM_APPROX_TOLERANCE 0.5e-3
/* No grid larger than this many cells (a frame of 51 x 25 degrees). */
#define TM_APPROX_MAX_CELLS (512u * 256u)

struct _tm_approx {
  double lon0, lat0; /* the south-west corner of cell (0, 0) */
  guint nx, ny;      /* cells */
  double *node;      /* (2 nx + 1) x (2 ny + 1) nodes, row by row: projected x, y */
  guint8 *exact;     /* per cell: 1 when its points go through PROJ */
};

/* The check points of a cell, in cell units. */
static const double tm_check_uv[4][2] = {{0.25, 0.25}, {0.75, 0.25}, {0.25, 0.75}, {0.75, 0.75}};

/* Quadratic Lagrange weights on the nodes at 0, 1/2 and 1 of a cell. */
static inline void tm_weights(double u, double w[3])
{
  w[0] = 2 * (u - 0.5) * (u - 1);
  w[1] = -4 * u * (u - 1);
  w[2] = 2 * u * (u - 0.5);
}

static gboolean tm_finite_node(const double *n)
{
  return isfinite(n[0]) && isfinite(n[1]) && fabs(n[0]) <= 1e15 && fabs(n[1]) <= 1e15;
}

/* Interpolates the point (u, v) of cell (i, j) into out[2]. */
static inline void tm_interpolate(const tm_approx_t *a, guint i, guint j, double u, double v,
                                  double *out)
{
  double wu[3], wv[3];
  tm_weights(u, wu);
  tm_weights(v, wv);
  guint row = 2 * a->nx + 1;
  const double *n = a->node + 2 * ((gsize)(2 * j) * row + 2 * i);
  double x = 0, y = 0;
  for (guint b = 0; b < 3; b++) {
    const double *r = n + 2 * (gsize)b * row;
    double rx = wu[0] * r[0] + wu[1] * r[2] + wu[2] * r[4];
    double ry = wu[0] * r[1] + wu[1] * r[3] + wu[2] * r[5];
    x += wv[b] * rx;
    y += wv[b] * ry;
  }
  out[0] = x;
  out[1] = y;
}

typedef struct {
  double *xy;
  gsize n;
  PJ *const *op;
} tm_approx_batch_t;

static void tm_approx_batch_chunk(guint start, guint end, guint worker, void *data)
{
  tm_approx_batch_t *b = data;
  double *xy = b->xy + 2 * (gsize)start;
  proj_trans_generic(b->op[worker], PJ_FWD, xy, 2 * sizeof(double), end - start, xy + 1,
                     2 * sizeof(double), end - start, NULL, 0, 0, NULL, 0, 0);
}

/* Projects xy[0 .. n) in place on the workers that have an operation. */
static void tm_approx_project(double *xy, gsize n, PJ *const *op, guint n_ops)
{
  tm_approx_batch_t b = {xy, n, op};
  const guint chunk = 4096;
  if (n > G_MAXUINT / 2 || tm_parallel_workers((guint)n, chunk) > n_ops)
    tm_approx_batch_chunk(0, (guint)n, 0, &b);
  else
    tm_parallel_for((guint)n, chunk, tm_approx_batch_chunk, &b);
}

tm_approx_t *tm_approx_new(const tm_extent_t *lonlat, gsize n_points, PJ *const *op, guint n_ops)
{
  if (!(lonlat->x0 <= lonlat->x1 && lonlat->y0 <= lonlat->y1) || !isfinite(lonlat->x0) ||
      !isfinite(lonlat->x1) || !isfinite(lonlat->y0) || !isfinite(lonlat->y1))
    return NULL;
  double lon0 = floor(lonlat->x0 / TM_APPROX_CELL) * TM_APPROX_CELL;
  double lat0 = floor(lonlat->y0 / TM_APPROX_CELL) * TM_APPROX_CELL;
  double wx = (lonlat->x1 - lon0) / TM_APPROX_CELL + 1;
  double wy = (lonlat->y1 - lat0) / TM_APPROX_CELL + 1;
  if (wx * wy > TM_APPROX_MAX_CELLS)
    return NULL;
  guint nx = (guint)wx, ny = (guint)wy;
  /* Nodes and checks are 8 PROJ calls a cell: with 16 points a cell the
   * grid costs about half what projecting each point would. */
  if ((gsize)nx * ny * 16 > n_points)
    return NULL;

  tm_approx_t *a = g_new0(tm_approx_t, 1);
  *a = (tm_approx_t){lon0, lat0, nx, ny, NULL, NULL};
  guint row = 2 * nx + 1, rows = 2 * ny + 1;
  gsize n_nodes = (gsize)row * rows, n_cells = (gsize)nx * ny;
  /* The nodes and the check points projected together. */
  double *xy = g_new(double, 2 * (n_nodes + 4 * n_cells));
  for (guint r = 0; r < rows; r++)
    for (guint c = 0; c < row; c++) {
      double *p = xy + 2 * ((gsize)r * row + c);
      p[0] = lon0 + c * (TM_APPROX_CELL / 2);
      p[1] = lat0 + r * (TM_APPROX_CELL / 2);
    }
  double *check = xy + 2 * n_nodes;
  for (guint j = 0; j < ny; j++)
    for (guint i = 0; i < nx; i++)
      for (guint k = 0; k < 4; k++) {
        double *p = check + 2 * (4 * ((gsize)j * nx + i) + k);
        p[0] = lon0 + (i + tm_check_uv[k][0]) * TM_APPROX_CELL;
        p[1] = lat0 + (j + tm_check_uv[k][1]) * TM_APPROX_CELL;
      }
  tm_approx_project(xy, n_nodes + 4 * n_cells, op, n_ops);
  a->node = xy;
  a->exact = g_new0(guint8, n_cells);
  for (guint j = 0; j < ny; j++)
    for (guint i = 0; i < nx; i++) {
      guint8 exact = 0;
      for (guint b = 0; b < 3 && !exact; b++)
        for (guint c = 0; c < 3 && !exact; c++)
          exact = !tm_finite_node(xy + 2 * ((gsize)(2 * j + b) * row + 2 * i + c));
      for (guint k = 0; k < 4 && !exact; k++) {
        const double *p = check + 2 * (4 * ((gsize)j * nx + i) + k);
        double got[2];
        tm_interpolate(a, i, j, tm_check_uv[k][0], tm_check_uv[k][1], got);
        exact = !tm_finite_node(p) ||
                !(hypot(got[0] - p[0], got[1] - p[1]) <= TM_APPROX_TOLERANCE);
      }
      a->exact[(gsize)j * nx + i] = exact;
    }
  /* The check points are not needed any more. */
  a->node = g_realloc(xy, 2 * n_nodes * sizeof(double));
  return a;
}

gsize tm_approx_get_n_cells(const tm_approx_t *a, gsize *n_exact)
{
  gsize n = (gsize)a->nx * a->ny, exact = 0;
  for (gsize c = 0; c < n; c++)
    exact += a->exact[c];
  if (n_exact)
    *n_exact = exact;
  return n;
}

void tm_approx_free(tm_approx_t *a)
{
  if (!a)
    return;
  g_free(a->node);
  g_free(a->exact);
  g_free(a);
}

void tm_approx_trans(const tm_approx_t *a, PJ *op, double *xy, gsize n)
{
  /* Points of exact cells (and any outside the grid) are gathered and
   * projected in one call. */
  GArray *rest = NULL;
  for (gsize k = 0; k < n; k++) {
    double *p = xy + 2 * k;
    double u = (p[0] - a->lon0) / TM_APPROX_CELL, v = (p[1] - a->lat0) / TM_APPROX_CELL;
    double fi = floor(u), fj = floor(v);
    if (fi >= 0 && fj >= 0 && fi < a->nx && fj < a->ny) {
      guint i = (guint)fi, j = (guint)fj;
      if (!a->exact[(gsize)j * a->nx + i]) {
        tm_interpolate(a, i, j, u - fi, v - fj, p);
        continue;
      }
    }
    if (!rest)
      rest = g_array_new(FALSE, FALSE, sizeof(gsize));
    g_array_append_val(rest, k);
  }
  if (!rest)
    return;
  double *tmp = g_new(double, 2 * (gsize)rest->len);
  for (guint r = 0; r < rest->len; r++)
    memcpy(tmp + 2 * r, xy + 2 * g_array_index(rest, gsize, r), 2 * sizeof(double));
  proj_trans_generic(op, PJ_FWD, tmp, 2 * sizeof(double), rest->len, tmp + 1, 2 * sizeof(double),
                     rest->len, NULL, 0, 0, NULL, 0, 0);
  for (guint r = 0; r < rest->len; r++)
    memcpy(xy + 2 * g_array_index(rest, gsize, r), tmp + 2 * r, 2 * sizeof(double));
  g_free(tmp);
  g_array_free(rest, TRUE);
}
