/* Splits a layer among the map's frames (mainland and DROM insets) and
 * reprojects each frame's features with one batch call.
 *
 * Which frame a feature belongs to is decided from where it is (its
 * representative point in longitude/latitude against each frame's select
 * box), never from an attribute of a particular file, so any layer of
 * French features lands in the right inset. */
#include <math.h>
#include <string.h>
#include "project_private.h"

/* Centre of the bounding box of the exterior of the feature's largest
 * polygon: cheap, enough to tell Guadeloupe from Martinique from the
 * mainland, and (unlike tm_geom_get_representative_point, which crosses
 * holes too) not moved by a hole whose points PROJ cannot transform. */
static gboolean tm_feature_anchor(const tm_geom_t *g, guint f, double *x, double *y)
{
  gint p = tm_geom_get_largest_polygon(g, f);
  if (p < 0)
    return FALSE;
  guint r = g->poly_ring[p];
  tm_extent_t e = tm_extent_empty();
  for (guint k = g->ring_point[r]; k < g->ring_point[r + 1]; k++)
    tm_extent_add_point(&e, g->xy[2 * k], g->xy[2 * k + 1]);
  *x = (e.x0 + e.x1) / 2;
  *y = (e.y0 + e.y1) / 2;
  return TRUE;
}

static void tm_trans_points(PJ *t, PJ_DIRECTION dir, double *xy, gsize n)
{
  if (n == 0)
    return;
  proj_trans_generic(t, dir, xy, 2 * sizeof(double), n, xy + 1, 2 * sizeof(double), n, NULL, 0,
                     0, NULL, 0, 0);
}

/* Copying a frame's features out of the layer and projecting them is done
 * in chunks of features on every core; PROJ objects are not shared between
 * threads, so each worker has a clone in a PROJ context of its own. */
typedef struct {
  const tm_geom_t *src; /* the layer */
  const guint *features;
  tm_geom_t *dst;       /* the frame: offsets set, points to fill */
  PJ **op;              /* per worker */
} tm_frame_points_t;

static void tm_frame_points_chunk(guint start, guint end, guint worker, void *data)
{
  tm_frame_points_t *j = data;
  const tm_geom_t *s = j->src;
  tm_geom_t *d = j->dst;
  for (guint i = start; i < end; i++) {
    guint f = j->features[i];
    guint k0 = s->ring_point[s->poly_ring[s->feature_poly[f]]];
    guint k1 = s->ring_point[s->poly_ring[s->feature_poly[f + 1]]];
    memcpy(d->xy + 2 * (gsize)d->ring_point[d->poly_ring[d->feature_poly[i]]],
           s->xy + 2 * (gsize)k0, (gsize)(k1 - k0) * 2 * sizeof(double));
  }
  guint p0 = d->ring_point[d->poly_ring[d->feature_poly[start]]];
  guint p1 = d->ring_point[d->poly_ring[d->feature_poly[end]]];
  tm_trans_points(j->op[worker], PJ_FWD, d->xy + 2 * (gsize)p0, p1 - p0);
}

static tm_geom_t *tm_frame_points(const tm_geom_t *layer, const guint *features, guint n, PJ *op)
{
  tm_frame_points_t j = {layer, features, tm_geom_subset_shape(layer, features, n), NULL};
  const guint chunk = 64;
  guint n_workers = tm_parallel_workers(n, chunk);
  j.op = g_new0(PJ *, n_workers);
  PJ_CONTEXT **pc = g_new0(PJ_CONTEXT *, n_workers);
  j.op[0] = op;
  for (guint i = 1; i < n_workers; i++) {
    pc[i] = tm_proj_context_new();
    j.op[i] = proj_clone(pc[i], op);
    if (!j.op[i]) /* cannot clone: that worker's chunks go through the original */
      n_workers = 1;
  }
  if (n_workers == 1) {
    tm_frame_points_chunk(0, n, 0, &j);
  } else {
    tm_parallel_for(n, chunk, tm_frame_points_chunk, &j);
  }
  for (guint i = 1; i < tm_parallel_workers(n, chunk); i++) {
    proj_destroy(j.op[i]);
    if (pc[i])
      proj_context_destroy(pc[i]);
  }
  g_free(pc);
  g_free(j.op);
  return j.dst;
}

/* The frame index of each feature (-1: no geometry or outside every frame). */
static gint *tm_assign_frames(tm_context_t *ctx, const tm_layer_t *layer, PJ *src,
                              const tm_frame_spec_t *specs, guint n_specs, const char *what,
                              GError **error)
{
  PJ *wgs84 = tm_proj_crs_new(ctx, "EPSG:4326", "EPSG:4326", error);
  if (!wgs84)
    return NULL;
  PJ *to_lonlat = tm_proj_transform_new(ctx, src, wgs84, what, error);
  proj_destroy(wgs84);
  if (!to_lonlat)
    return NULL;
  const tm_geom_t *g = layer->geom;
  double *anchor = g_new(double, 2 * (gsize)g->n_features);
  gboolean *has = g_new0(gboolean, g->n_features);
  for (guint f = 0; f < g->n_features; f++)
    has[f] = tm_feature_anchor(g, f, &anchor[2 * f], &anchor[2 * f + 1]);
  tm_trans_points(to_lonlat, PJ_FWD, anchor, g->n_features);
  proj_destroy(to_lonlat);
  gint *frame_of = g_new(gint, g->n_features);
  for (guint f = 0; f < g->n_features; f++) {
    frame_of[f] = -1;
    for (guint i = 0; has[f] && i < n_specs; i++)
      if (tm_extent_contains(&specs[i].select, anchor[2 * f], anchor[2 * f + 1])) {
        frame_of[f] = (gint)i;
        break;
      }
  }
  g_free(anchor);
  g_free(has);
  return frame_of;
}

/* Rebuilds g without non-finite points; rings left with fewer than four
 * points go too, and polygons whose exterior went lose their holes. */
static tm_geom_t *tm_geom_drop_failed(const tm_geom_t *g)
{
  tm_geom_builder_t *b = tm_geom_builder_new();
  GArray *ring = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint f = 0; f < g->n_features; f++) {
    tm_geom_builder_begin_feature(b);
    for (guint p = g->feature_poly[f]; p < g->feature_poly[f + 1]; p++) {
      gboolean have_exterior = FALSE;
      for (guint r = g->poly_ring[p]; r < g->poly_ring[p + 1]; r++) {
        g_array_set_size(ring, 0);
        for (guint k = g->ring_point[r]; k < g->ring_point[r + 1]; k++)
          if (isfinite(g->xy[2 * k]) && isfinite(g->xy[2 * k + 1]))
            g_array_append_vals(ring, g->xy + 2 * k, 2);
        if (ring->len < 8) {
          if (r == g->poly_ring[p])
            break; /* no exterior: drop the whole polygon */
          continue;
        }
        if (!have_exterior) {
          tm_geom_builder_begin_polygon(b);
          have_exterior = TRUE;
        }
        tm_geom_builder_add_ring(b, (double *)ring->data, ring->len / 2);
      }
    }
  }
  g_array_free(ring, TRUE);
  return tm_geom_builder_finish(b);
}

/* The projection's scale factor at the centre of the frame's select box
 * (lon/lat, whatever the layer's CRS): the scale bar's ground metres.
 * Across a frame it varies by a thousandth at most (Lambert-93 over the
 * mainland), well under a scale bar's drawing precision. */
static double tm_frame_scale_factor(PJ *dst, const tm_extent_t *select)
{
  double lon = (select->x0 + select->x1) / 2, lat = (select->y0 + select->y1) / 2;
  if (!isfinite(lon) || !isfinite(lat))
    return 1.0;
  PJ_FACTORS fac = proj_factors(dst, proj_coord(proj_torad(lon), proj_torad(lat), 0, 0));
  proj_errno_reset(dst);
  double k = (fac.meridional_scale + fac.parallel_scale) / 2;
  return isfinite(k) && k > 0.5 && k < 2 ? k : 1.0;
}

/* Finding the operation to a DROM's CRS is a few database queries, a
 * hundred milliseconds for the five of them: the frames' CRS and
 * operations are made on every core, each worker in a PROJ context of its
 * own, then cloned into the caller's. */
typedef struct {
  const char *layer_crs, *what;
  const tm_frame_spec_t *specs;
  const gboolean *used; /* per frame: has features */
  PJ_CONTEXT **pc;      /* per worker; [0] the caller's */
  PJ **dst, **op;       /* per frame, in its worker's context */
  double *factor;       /* per frame: tm_frame_scale_factor */
  guint *worker;        /* per frame */
  GError **errors;      /* per frame */
} tm_frame_setup_t;

static void tm_frame_setup_one(guint i, guint end, guint worker, void *data)
{
  tm_frame_setup_t *s = data;
  if (!s->used[i])
    return;
  PJ_CONTEXT *pc = s->pc[worker];
  char *frame_what = g_strdup_printf("frame '%s'", s->specs[i].name);
  PJ *src = tm_proj_crs_new_in(pc, s->layer_crs, s->what, &s->errors[i]);
  s->dst[i] = src ? tm_proj_crs_new_in(pc, s->specs[i].crs, frame_what, &s->errors[i]) : NULL;
  s->op[i] = s->dst[i] ? tm_proj_transform_new_in(pc, src, s->dst[i], s->what, &s->errors[i])
                       : NULL;
  s->worker[i] = worker;
  if (s->dst[i])
    s->factor[i] = tm_frame_scale_factor(s->dst[i], &s->specs[i].select);
  proj_destroy(src);
  g_free(frame_what);
}

/* dst[i], op[i] (in the context's PROJ context) and factor[i] for every
 * used frame;
 * FALSE and the first frame's error when one cannot be made. */
static gboolean tm_frames_setup(tm_context_t *ctx, const char *layer_crs, const char *what,
                                const tm_frame_spec_t *specs, const gboolean *used,
                                guint n_specs, PJ **dst, PJ **op, double *factor, GError **error)
{
  guint n_workers = tm_parallel_workers(n_specs, 1);
  tm_frame_setup_t s = {layer_crs,    what,   specs,
                        used,         g_new0(PJ_CONTEXT *, n_workers),
                        dst,          op,     factor,
                        g_new0(guint, MAX(n_specs, 1)),
                        g_new0(GError *, MAX(n_specs, 1))};
  s.pc[0] = tm_proj_context(ctx);
  for (guint w = 1; w < n_workers; w++)
    s.pc[w] = tm_proj_context_new();
  tm_parallel_for(n_specs, 1, tm_frame_setup_one, &s);
  gboolean ok = TRUE;
  for (guint i = 0; i < n_specs; i++) {
    if (ok && s.errors[i]) {
      g_propagate_error(error, s.errors[i]);
      s.errors[i] = NULL;
      ok = FALSE;
    }
    g_clear_error(&s.errors[i]);
    if (s.worker[i] == 0)
      continue;
    PJ *d = dst[i], *o = op[i];
    dst[i] = d ? proj_clone(s.pc[0], d) : NULL;
    op[i] = o ? proj_clone(s.pc[0], o) : NULL;
    proj_destroy(d);
    proj_destroy(o);
    if (ok && used[i] && (!dst[i] || !op[i])) {
      g_set_error(error, TM_ERROR, TM_ERROR_CRS, "%s: frame '%s': cannot copy its projection",
                  what, specs[i].name);
      ok = FALSE;
    }
  }
  for (guint w = 1; w < n_workers; w++)
    proj_context_destroy(s.pc[w]);
  g_free(s.pc);
  g_free(s.worker);
  g_free(s.errors);
  return ok;
}

/* Projects the frame's features with dst and to_dst (taken over). */
/* First half of a frame: its features' points copied out of the layer and
 * projected with to_dst (taken over, like dst); points PROJ could not
 * transform are dropped and counted. */
static void tm_frame_project_points(tm_frame_t *frame, const tm_frame_spec_t *spec,
                                    const tm_layer_t *layer, PJ *dst, PJ *to_dst, GArray *members)
{
  frame->name = g_strdup(spec->name);
  frame->title = g_strdup(spec->title ? spec->title : spec->name);
  frame->crs = g_strdup(spec->crs);
  frame->inset = spec->inset;
  frame->n_features = members->len;
  frame->features = g_memdup2(members->data, members->len * sizeof(guint));
  tm_geom_t *g = tm_frame_points(layer->geom, frame->features, frame->n_features, to_dst);
  tm_timing_mark("  project: copy + transform");
  for (guint k = 0; k < g->n_points; k++)
    if (!isfinite(g->xy[2 * k]) || !isfinite(g->xy[2 * k + 1]) || fabs(g->xy[2 * k]) > 1e15 ||
        fabs(g->xy[2 * k + 1]) > 1e15)
      frame->n_failed_points++, g->xy[2 * k] = NAN;
  if (frame->n_failed_points) {
    tm_geom_t *kept = tm_geom_drop_failed(g);
    tm_geom_free(g);
    g = kept;
  }
  frame->geom = g;
  proj_destroy(to_dst);
  proj_destroy(dst);
}

/* Second half: invalid polygons repaired (and reported), the extent. */
static gboolean tm_frame_make_valid(tm_context_t *ctx, tm_frame_t *frame, const char *path,
                                    GError **error)
{
  guint n_repaired = 0;
  gint first = -1;
  char *reason = NULL;
  gboolean valid = tm_geom_make_valid(ctx, &frame->geom, &n_repaired, &first, &reason, error);
  if (valid && n_repaired) {
    tm_warn(ctx, "%s: %u invalid polygon(s) repaired (first: record %u: %s)", path, n_repaired,
            frame->features[first] + 1, reason);
  }
  g_free(reason);
  tm_timing_mark("  project: validity");
  frame->extent = tm_geom_get_extent(frame->geom);
  return valid;
}

static tm_projection_t *tm_project_layer_points(tm_context_t *ctx, tm_layer_t *layer,
                                                const tm_frame_spec_t *specs, guint n_specs,
                                                gboolean release_points, GError **error);

tm_projection_t *tm_project_layer(tm_context_t *ctx, const tm_layer_t *layer,
                                  const tm_frame_spec_t *specs, guint n_specs, GError **error)
{
  return tm_project_layer_points(ctx, (tm_layer_t *)layer, specs, n_specs, FALSE, error);
}

tm_projection_t *tm_project_layer_release(tm_context_t *ctx, tm_layer_t *layer,
                                          const tm_frame_spec_t *specs, guint n_specs,
                                          GError **error)
{
  return tm_project_layer_points(ctx, layer, specs, n_specs, TRUE, error);
}

/* Without release_points the layer is only read (the cast in
 * tm_project_layer is safe). */
static tm_projection_t *tm_project_layer_points(tm_context_t *ctx, tm_layer_t *layer,
                                                const tm_frame_spec_t *specs, guint n_specs,
                                                gboolean release_points, GError **error)
{
  char *what = tm_layer_get_crs_origin(layer);
  PJ *src = tm_proj_crs_new(ctx, layer->crs, what, error);
  gint *frame_of = src ? tm_assign_frames(ctx, layer, src, specs, n_specs, what, error) : NULL;
  tm_timing_mark("  project: frame of each feature");
  if (!frame_of) {
    proj_destroy(src);
    g_free(what);
    return NULL;
  }
  tm_projection_t *p = g_new0(tm_projection_t, 1);
  p->frames = g_new0(tm_frame_t, n_specs ? n_specs : 1);
  GArray *members = g_array_new(FALSE, FALSE, sizeof(guint));
  guint first_unplaced = G_MAXUINT;
  for (guint f = 0; f < layer->geom->n_features; f++)
    if (frame_of[f] < 0 && layer->geom->feature_poly[f] != layer->geom->feature_poly[f + 1]) {
      p->n_unplaced++;
      first_unplaced = MIN(first_unplaced, f);
    }
  gboolean *used = g_new0(gboolean, MAX(n_specs, 1));
  for (guint f = 0; f < layer->geom->n_features; f++)
    if (frame_of[f] >= 0)
      used[frame_of[f]] = TRUE;
  PJ **dst = g_new0(PJ *, MAX(n_specs, 1)), **op = g_new0(PJ *, MAX(n_specs, 1));
  double *factor = g_new0(double, MAX(n_specs, 1));
  gboolean ok =
      tm_frames_setup(ctx, layer->crs, what, specs, used, n_specs, dst, op, factor, error);
  tm_timing_mark("  project: CRS and operations");
  for (guint i = 0; ok && i < n_specs; i++) {
    if (!used[i])
      continue;
    g_array_set_size(members, 0);
    for (guint f = 0; f < layer->geom->n_features; f++)
      if (frame_of[f] == (gint)i)
        g_array_append_val(members, f);
    tm_frame_t *frame = &p->frames[p->n_frames++];
    frame->scale_factor = factor[i];
    tm_frame_project_points(frame, &specs[i], layer, dst[i], op[i], members);
    dst[i] = op[i] = NULL; /* taken over */
    p->n_failed_points += frame->n_failed_points;
  }
  if (ok && release_points) {
    /* The frames hold every point now: the layer's copy, as large, goes
     * before validity may need room for a repaired copy of a frame. */
    tm_geom_free(layer->geom);
    layer->geom = NULL;
  }
  for (guint i = 0; ok && i < p->n_frames; i++)
    ok = tm_frame_make_valid(ctx, &p->frames[i], layer->path, error);
  for (guint i = 0; i < n_specs; i++) {
    proj_destroy(dst[i]);
    proj_destroy(op[i]);
  }
  g_free(dst);
  g_free(op);
  g_free(factor);
  g_free(used);
  g_array_free(members, TRUE);
  g_free(frame_of);
  proj_destroy(src);
  if (ok && p->n_unplaced)
    tm_warn(ctx, "%s: %u feature(s) lie outside every map frame and are not drawn (first: record %u)",
            layer->path, p->n_unplaced, first_unplaced + 1);
  if (ok && p->n_failed_points)
    tm_warn(ctx, "%s: %u point(s) could not be projected and were dropped", layer->path,
            p->n_failed_points);
  g_free(what);
  if (!ok) {
    tm_projection_free(p);
    return NULL;
  }
  return p;
}

void tm_projection_free(tm_projection_t *p)
{
  if (!p)
    return;
  for (guint i = 0; i < p->n_frames; i++) {
    tm_frame_t *f = &p->frames[i];
    g_free(f->name);
    g_free(f->title);
    g_free(f->crs);
    g_free(f->features);
    tm_geom_free(f->geom);
  }
  g_free(p->frames);
  g_free(p);
}
