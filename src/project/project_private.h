/* Shared between the files of the project stage only. */
#ifndef TM_PROJECT_PRIVATE_H
#define TM_PROJECT_PRIVATE_H

#include <proj.h>
#include "terrimap/project.h"

/* The context's PROJ context, created on first use. */
PJ_CONTEXT *tm_proj_context(tm_context_t *ctx);
/* A PROJ context of one's own (a worker thread's), silent. */
PJ_CONTEXT *tm_proj_context_new(void);

/* A CRS object from a definition; TM_ERROR_CRS naming `what` on failure. */
PJ *tm_proj_crs_new(tm_context_t *ctx, const char *definition, const char *what, GError **error);

/* A transformation between two CRS objects with x = easting/longitude on
 * both sides. */
PJ *tm_proj_transform_new(tm_context_t *ctx, PJ *from, PJ *to, const char *what, GError **error);

/* The same two in a given PROJ context. */
PJ *tm_proj_crs_new_in(PJ_CONTEXT *pc, const char *definition, const char *what, GError **error);
PJ *tm_proj_transform_new_in(PJ_CONTEXT *pc, PJ *from, PJ *to, const char *what, GError **error);

/* A frame's forward projection from longitude/latitude in degrees to
 * metres, interpolated between points PROJ projected exactly on a grid
 * over lonlat (approx.c says how close).  NULL when the frame is too large
 * for a grid or its n_points too few to pay for one.  op: an operation per
 * worker, for projecting the grid's nodes. */
typedef struct _tm_approx tm_approx_t;
tm_approx_t *tm_approx_new(const tm_extent_t *lonlat, gsize n_points, PJ *const *op, guint n_ops);
void tm_approx_free(tm_approx_t *a);
/* Its cells, and how many of them project their points exactly. */
gsize tm_approx_get_n_cells(const tm_approx_t *a, gsize *n_exact);
/* xy[0 .. n) projected in place; op projects the points of cells where
 * interpolating is not close enough. */
void tm_approx_trans(const tm_approx_t *a, PJ *op, double *xy, gsize n);

#endif
