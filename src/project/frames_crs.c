/* The PROJ objects that projecting a layer into the map's frames needs:
 * the layer's CRS, how to reach longitude/latitude from it (to tell which
 * frame a feature is in), each frame's CRS and the operation to it.  Made
 * on the caller's thread when it needs them, or begun on another core while
 * the layer is read (tm_frames_plan_start): they are 30 ms of PROJ's
 * database lookups, which the main thread otherwise waited for. */
#include <math.h>
#include <string.h>
#include <geodesic.h>
#include "project_private.h"

tm_frames_crs_t *tm_frames_crs_new(PJ_CONTEXT *pc, guint n_specs)
{
  tm_frames_crs_t *c = g_new0(tm_frames_crs_t, 1);
  c->pc = pc;
  c->n_specs = n_specs;
  c->dst = g_new0(PJ *, MAX(n_specs, 1));
  c->op = g_new0(PJ *, MAX(n_specs, 1));
  c->factor = g_new0(double, MAX(n_specs, 1));
  c->interpolate = g_new0(gboolean, MAX(n_specs, 1));
  c->error = g_new0(GError *, MAX(n_specs, 1));
  return c;
}

void tm_frames_crs_free(tm_frames_crs_t *c, tm_context_t *ctx)
{
  if (!c)
    return;
  for (guint i = 0; i < c->n_specs; i++) {
    proj_destroy(c->dst[i]);
    proj_destroy(c->op[i]);
    g_clear_error(&c->error[i]);
  }
  g_clear_error(&c->source_error);
  proj_destroy(c->to_lonlat);
  proj_destroy(c->src);
  g_free(c->dst);
  g_free(c->op);
  g_free(c->factor);
  g_free(c->interpolate);
  g_free(c->error);
  if (c->own_pc)
    tm_proj_context_adopt(ctx, c->own_pc);
  g_free(c);
}

/* The projection's scale factor at the centre of the frame's select box
 * (lon/lat, whatever the layer's CRS): the scale bar's ground metres.
 * Across a frame it varies by a thousandth at most (Lambert-93 over the
 * mainland), well under a scale bar's drawing precision.
 *
 * proj_factors builds a geographic CRS and an operation from the database
 * on every call (8 ms, a frame's whole setup again).  When the layer is in
 * longitude/latitude, the frame's own operation gives the same number:
 * projected length over ellipsoidal length (PROJ's geodesic routines) of
 * two short steps, east and north. */
static double tm_frame_scale_factor(PJ *dst, PJ *op, gboolean lonlat_source,
                                    const tm_extent_t *select)
{
  double lon = (select->x0 + select->x1) / 2, lat = (select->y0 + select->y1) / 2;
  if (!isfinite(lon) || !isfinite(lat))
    return 1.0;
  double k = NAN;
  if (lonlat_source && fabs(lat) < 89) {
    const double step = 0.01; /* degrees: about a kilometre */
    PJ_COORD c[3] = {proj_coord(lon, lat, 0, 0), proj_coord(lon + step, lat, 0, 0),
                     proj_coord(lon, lat + step, 0, 0)};
    proj_trans_array(op, PJ_FWD, 3, c);
    proj_errno_reset(op);
    struct geod_geodesic wgs84;
    geod_init(&wgs84, 6378137, 1 / 298.257223563);
    double east = 0, north = 0;
    geod_inverse(&wgs84, lat, lon, lat, lon + step, &east, NULL, NULL);
    geod_inverse(&wgs84, lat, lon, lat + step, lon, &north, NULL, NULL);
    k = (hypot(c[1].xy.x - c[0].xy.x, c[1].xy.y - c[0].xy.y) / east +
         hypot(c[2].xy.x - c[0].xy.x, c[2].xy.y - c[0].xy.y) / north) / 2;
  } else {
    PJ_FACTORS fac = proj_factors(dst, proj_coord(proj_torad(lon), proj_torad(lat), 0, 0));
    proj_errno_reset(dst);
    k = (fac.meridional_scale + fac.parallel_scale) / 2;
  }
  return isfinite(k) && k > 0.5 && k < 2 ? k : 1.0;
}

/* TRUE when the first axis of CRS c is in units of `factor` radians or
 * metres (PROJ's unit_conv_factor). */
static gboolean tm_crs_unit_is(PJ_CONTEXT *pc, PJ *c, double factor)
{
  PJ *cs = proj_crs_get_coordinate_system(pc, c);
  double conv = 0;
  gboolean ok = cs && proj_cs_get_axis_info(pc, cs, 0, NULL, NULL, NULL, &conv, NULL, NULL, NULL) &&
                fabs(conv - factor) <= 1e-12 * factor;
  proj_destroy(cs);
  return ok;
}

gboolean tm_frames_crs_source(tm_frames_crs_t *c, const char *crs, const char *what)
{
  GError **error = &c->source_error;
  c->src = tm_proj_crs_new_in(c->pc, crs, what, error);
  if (!c->src)
    return FALSE;
  PJ *wgs84 = tm_proj_crs_new_in(c->pc, "EPSG:4326", "EPSG:4326", error);
  if (!wgs84)
    return FALSE;
  /* A layer already in longitude/latitude on WGS 84 (the x of a shapefile
   * is the longitude) needs no operation: making one is a few milliseconds
   * of PROJ's database. */
  gboolean lonlat = proj_is_equivalent_to_with_ctx(c->pc, c->src, wgs84,
                                                   PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS);
  if (!lonlat)
    c->to_lonlat = tm_proj_transform_new_in(c->pc, c->src, wgs84, what, error);
  proj_destroy(wgs84);
  PJ_TYPE type = proj_get_type(c->src);
  c->geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
  c->degrees = c->geographic && tm_crs_unit_is(c->pc, c->src, G_PI / 180);
  return lonlat || c->to_lonlat;
}

void tm_frames_crs_target(tm_frames_crs_t *c, const tm_frame_spec_t *specs, guint i,
                          const char *what)
{
  if (c->op[i] || c->error[i])
    return; /* made already */
  char *frame_what = g_strdup_printf("frame '%s'", specs[i].name);
  c->dst[i] = tm_proj_crs_new_in(c->pc, specs[i].crs, frame_what, &c->error[i]);
  if (c->dst[i])
    c->op[i] = tm_proj_transform_new_in(c->pc, c->src, c->dst[i], what, &c->error[i]);
  g_free(frame_what);
  if (!c->op[i])
    return;
  c->factor[i] = tm_frame_scale_factor(c->dst[i], c->op[i], c->geographic, &specs[i].select);
  /* Interpolated from degrees to metres only: the grid's cells and its
   * tolerance are in those units. */
  c->interpolate[i] = c->degrees && proj_get_type(c->dst[i]) == PJ_TYPE_PROJECTED_CRS &&
                      tm_crs_unit_is(c->pc, c->dst[i], 1.0);
}

/* ---- kept for the map's other layers ---- */

typedef struct {
  char *crs;                 /* the layers' CRS definition */
  tm_frame_spec_t *made_for; /* per spec, its crs and select when the objects were made */
  tm_frames_crs_t *c;           /* in a PROJ context of its own, which goes with it */
} tm_frames_crs_kept_t;

static void tm_frames_crs_kept_free(void *data)
{
  tm_frames_crs_kept_t *k = data;
  PJ_CONTEXT *pc = k->c->pc;
  for (guint i = 0; i < k->c->n_specs; i++)
    g_free(k->made_for[i].crs);
  g_free(k->made_for);
  tm_frames_crs_free(k->c, NULL);
  proj_context_destroy(pc);
  g_free(k->crs);
  g_free(k);
}

/* c's objects cloned into pc: those made, not the errors (made again, they
 * say the same), and with specs, only the frames whose spec is still the
 * one they were made for. */
static tm_frames_crs_t *tm_frames_crs_copy(const tm_frames_crs_t *c, PJ_CONTEXT *pc,
                                           const tm_frame_spec_t *made_for,
                                           const tm_frame_spec_t *specs)
{
  tm_frames_crs_t *copy = tm_frames_crs_new(pc, c->n_specs);
  copy->src = proj_clone(pc, c->src);
  copy->to_lonlat = c->to_lonlat ? proj_clone(pc, c->to_lonlat) : NULL;
  if (!copy->src || (c->to_lonlat && !copy->to_lonlat)) {
    tm_frames_crs_free(copy, NULL);
    return NULL;
  }
  copy->geographic = c->geographic;
  copy->degrees = c->degrees;
  for (guint i = 0; i < c->n_specs; i++) {
    if (!c->op[i])
      continue;
    if (specs && (g_strcmp0(specs[i].crs, made_for[i].crs) != 0 ||
                  memcmp(&specs[i].select, &made_for[i].select, sizeof specs[i].select) != 0))
      continue;
    copy->dst[i] = proj_clone(pc, c->dst[i]);
    copy->op[i] = copy->dst[i] ? proj_clone(pc, c->op[i]) : NULL;
    if (!copy->op[i]) { /* made again when needed */
      g_clear_pointer(&copy->dst[i], proj_destroy);
      continue;
    }
    copy->factor[i] = c->factor[i];
    copy->interpolate[i] = c->interpolate[i];
  }
  return copy;
}

void tm_frames_crs_keep(tm_context_t *ctx, const tm_frames_crs_t *c, const char *crs,
                        const tm_frame_spec_t *specs)
{
  if (c->source_error || !crs)
    return;
  PJ_CONTEXT *pc = tm_proj_context_new();
  tm_frames_crs_t *copy = tm_frames_crs_copy(c, pc, NULL, NULL);
  if (!copy) {
    proj_context_destroy(pc);
    return;
  }
  tm_frames_crs_kept_t *k = g_new0(tm_frames_crs_kept_t, 1);
  *k = (tm_frames_crs_kept_t){g_strdup(crs), g_new0(tm_frame_spec_t, c->n_specs), copy};
  for (guint i = 0; i < c->n_specs; i++)
    k->made_for[i] = (tm_frame_spec_t){.crs = g_strdup(specs[i].crs), .select = specs[i].select};
  tm_context_set_slot(ctx, TM_SLOT_FRAMES_CRS, k, tm_frames_crs_kept_free);
}

tm_frames_crs_t *tm_frames_crs_kept(tm_context_t *ctx, PJ_CONTEXT *pc, const char *crs,
                                    const tm_frame_spec_t *specs, guint n_specs)
{
  const tm_frames_crs_kept_t *k = tm_context_get_slot(ctx, TM_SLOT_FRAMES_CRS);
  if (!k || !crs || strcmp(k->crs, crs) != 0 || k->c->n_specs != n_specs)
    return NULL;
  return tm_frames_crs_copy(k->c, pc, k->made_for, specs);
}

/* ---- begun on another core ---- */

struct _tm_frames_plan {
  char *crs, *what;
  const tm_frame_spec_t *specs;
  guint n_specs;
  tm_frames_crs_t *made;
  tm_parallel_job_t *job;
};

/* Every frame, used or not: which are is known only once the layer is read,
 * and a map of France uses them all.  In a PROJ context of its own, which
 * the projection then adopts (with its database cache). */
static void tm_frames_plan_run(void *data)
{
  tm_frames_plan_t *plan = data;
  plan->made = tm_frames_crs_new(tm_proj_context_new(), plan->n_specs);
  plan->made->own_pc = plan->made->pc;
  gboolean ok = tm_frames_crs_source(plan->made, plan->crs, plan->what);
  for (guint i = 0; ok && i < plan->n_specs; i++)
    tm_frames_crs_target(plan->made, plan->specs, i, plan->what);
}

tm_frames_plan_t *tm_frames_plan_start(const char *crs, const char *what,
                                       const tm_frame_spec_t *specs, guint n_specs)
{
  tm_frames_plan_t *plan = g_new0(tm_frames_plan_t, 1);
  plan->crs = g_strdup(crs);
  plan->what = g_strdup(what);
  plan->specs = specs;
  plan->n_specs = n_specs;
  plan->job = tm_parallel_start_task(tm_frames_plan_run, plan);
  return plan;
}

tm_frames_crs_t *tm_frames_plan_take(tm_frames_plan_t *plan, const char *crs, const char *what,
                                     const tm_frame_spec_t *specs, guint n_specs)
{
  if (plan->job) {
    tm_parallel_finish(plan->job);
    plan->job = NULL;
  }
  if (g_strcmp0(crs, plan->crs) || g_strcmp0(what, plan->what) || specs != plan->specs ||
      n_specs != plan->n_specs)
    return NULL; /* begun for another layer or map */
  tm_frames_crs_t *made = plan->made;
  plan->made = NULL;
  return made;
}

void tm_frames_plan_free(tm_frames_plan_t *plan, tm_context_t *ctx)
{
  if (!plan)
    return;
  if (plan->job)
    tm_parallel_finish(plan->job);
  tm_frames_crs_free(plan->made, ctx);
  g_free(plan->crs);
  g_free(plan->what);
  g_free(plan);
}
