/* Shared between the files of the project stage only. */
#ifndef TM_PROJECT_PRIVATE_H
#define TM_PROJECT_PRIVATE_H

#include <proj.h>
#include "terrimap/project.h"

/* The context's PROJ context, created on first use. */
PJ_CONTEXT *tm_proj_context(tm_context_t *ctx);
/* A PROJ context of one's own (a worker thread's), silent. */
PJ_CONTEXT *tm_proj_context_new(void);
/* pc (made on another thread, now idle) becomes the context's PROJ context
 * when it has none yet, with its database cache; destroyed otherwise. */
void tm_proj_context_adopt(tm_context_t *ctx, PJ_CONTEXT *pc);

/* A CRS object from a definition; TM_ERROR_CRS naming `what` on failure. */
PJ *tm_proj_crs_new(tm_context_t *ctx, const char *definition, const char *what, GError **error);

/* A transformation between two CRS objects with x = easting/longitude on
 * both sides. */
PJ *tm_proj_transform_new(tm_context_t *ctx, PJ *from, PJ *to, const char *what, GError **error);

/* The same two in a given PROJ context. */
PJ *tm_proj_crs_new_in(PJ_CONTEXT *pc, const char *definition, const char *what, GError **error);
PJ *tm_proj_transform_new_in(PJ_CONTEXT *pc, PJ *from, PJ *to, const char *what, GError **error);

/* What projecting a layer into the frames needs from PROJ (frames_crs.c),
 * every object in context pc. */
typedef struct {
  PJ_CONTEXT *pc;
  PJ_CONTEXT *own_pc;    /* pc when made for these objects (on another core), else NULL */
  PJ *src;               /* the layer's CRS */
  gboolean geographic;   /* src is a longitude/latitude CRS */
  gboolean degrees;      /* ... in degrees (approx.c's grid is in degrees) */
  PJ *to_lonlat;         /* src to longitude/latitude on WGS 84, NULL when src is that */
  GError *source_error;  /* why src or to_lonlat could not be made */
  guint n_specs;
  /* Per frame spec, once tm_frames_crs_target made them: its CRS, the
   * operation to it, its scale factor (the scale bar's), whether its points
   * may be interpolated from degrees (approx.c); or why they could not be. */
  PJ **dst, **op;
  double *factor;
  gboolean *interpolate;
  GError **error;
} tm_frames_crs_t;

tm_frames_crs_t *tm_frames_crs_new(PJ_CONTEXT *pc, guint n_specs);
/* Destroys the objects left; own_pc goes to ctx (tm_proj_context_adopt). */
void tm_frames_crs_free(tm_frames_crs_t *c, tm_context_t *ctx);
/* src and to_lonlat from the layer's CRS definition; FALSE and
 * source_error, naming `what`, when one cannot be made. */
gboolean tm_frames_crs_source(tm_frames_crs_t *c, const char *crs, const char *what);
/* dst[i], op[i], factor[i] and interpolate[i], or error[i]; nothing when
 * made already.  src must be made. */
void tm_frames_crs_target(tm_frames_crs_t *c, const tm_frame_spec_t *specs, guint i,
                          const char *what);
/* Kept in ctx for the map's other layers (overlays, the extent layer): a
 * copy of the objects c made, when c has no source error; one layer's at a
 * time, by its CRS definition and each frame's CRS and select box. */
void tm_frames_crs_keep(tm_context_t *ctx, const tm_frames_crs_t *c, const char *crs,
                        const tm_frame_spec_t *specs);
/* What an earlier layer of this CRS kept for these specs, cloned into pc
 * (0.1 ms an object where making it is 10 ms of PROJ's database); NULL
 * when nothing was kept for them. */
tm_frames_crs_t *tm_frames_crs_kept(tm_context_t *ctx, PJ_CONTEXT *pc, const char *crs,
                                    const tm_frame_spec_t *specs, guint n_specs);
/* The objects a plan made, once it is done, when it was begun for this
 * CRS, origin and specs; NULL otherwise (they are made again then). */
tm_frames_crs_t *tm_frames_plan_take(tm_frames_plan_t *plan, const char *crs, const char *what,
                                     const tm_frame_spec_t *specs, guint n_specs);

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
