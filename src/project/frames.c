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

/* A coordinate PROJ transformed (it gives infinities, or absurd values for
 * some points outside a projection's domain). */
static inline gboolean tm_projected(double v)
{
  return isfinite(v) && fabs(v) <= 1e15;
}

/* The warning for the invalid polygons a layer or a frame had repaired. */
static void tm_report_repairs(tm_context_t *ctx, const char *path, guint n_repaired,
                              guint first_record, const char *reason)
{
  if (n_repaired)
    tm_warn(ctx, "%s: %u invalid polygon(s) repaired (first: record %u: %s)", path, n_repaired,
            first_record, reason);
}

static void tm_trans_points(PJ *t, PJ_DIRECTION dir, double *xy, gsize n)
{
  if (n == 0)
    return;
  proj_trans_generic(t, dir, xy, 2 * sizeof(double), n, xy + 1, 2 * sizeof(double), n, NULL, 0,
                     0, NULL, 0, 0);
}

/* A layer's features as the frames read them: feature f of layer, or
 * feature replacement[f] of repairs when that is >= 0 (its invalid
 * features repaired on the side, so that the layer is not copied). */
typedef struct {
  const tm_geom_t *layer;
  tm_geom_t *repairs;  /* NULL: no repairs */
  gint *replacement;
} tm_layer_source_t;

/* Copying a frame's features out of the layer and projecting them is done
 * in chunks of features on every core; PROJ objects are not shared between
 * threads, so each worker has a clone in a PROJ context of its own. */
typedef struct {
  const tm_geom_t *sources[2]; /* the layer, its repairs */
  const guint *source_of, *feature_of; /* per frame feature */
  tm_geom_t *dst;       /* the frame: offsets set, points to fill */
  PJ **op;              /* per worker */
  tm_approx_t *approx;  /* NULL: every point through PROJ */
} tm_frame_points_t;

static void tm_frame_points_chunk(guint start, guint end, guint worker, void *data)
{
  tm_frame_points_t *j = data;
  tm_geom_t *d = j->dst;
  /* A frame that holds the layer's own points has nothing to copy. */
  for (guint i = start; j->sources[0] != d && i < end; i++) {
    const tm_geom_t *s = j->sources[j->source_of[i]];
    guint f = j->feature_of[i];
    guint k0 = s->ring_point[s->poly_ring[s->feature_poly[f]]];
    guint k1 = s->ring_point[s->poly_ring[s->feature_poly[f + 1]]];
    memcpy(d->xy + 2 * (gsize)d->ring_point[d->poly_ring[d->feature_poly[i]]],
           s->xy + 2 * (gsize)k0, (gsize)(k1 - k0) * 2 * sizeof(double));
  }
  guint p0 = d->ring_point[d->poly_ring[d->feature_poly[start]]];
  guint p1 = d->ring_point[d->poly_ring[d->feature_poly[end]]];
  if (j->approx)
    tm_approx_trans(j->approx, j->op[worker], d->xy + 2 * (gsize)p0, p1 - p0);
  else
    tm_trans_points(j->op[worker], PJ_FWD, d->xy + 2 * (gsize)p0, p1 - p0);
}

/* The extent of the frame's features in the layer's coordinates, per
 * chunk of them (the frame's own points are not copied yet). */
typedef struct {
  const tm_frame_points_t *j;
  tm_extent_t *part; /* per chunk */
  guint chunk;
} tm_frame_extent_t;

static void tm_frame_extent_chunk(guint start, guint end, guint worker, void *data)
{
  tm_frame_extent_t *e = data;
  tm_extent_t x = tm_extent_empty();
  for (guint i = start; i < end; i++) {
    const tm_geom_t *s = e->j->sources[e->j->source_of[i]];
    guint f = e->j->feature_of[i];
    guint k0 = s->ring_point[s->poly_ring[s->feature_poly[f]]];
    guint k1 = s->ring_point[s->poly_ring[s->feature_poly[f + 1]]];
    for (guint k = k0; k < k1; k++)
      tm_extent_add_point(&x, s->xy[2 * k], s->xy[2 * k + 1]);
  }
  e->part[start / e->chunk] = x;
}

static tm_extent_t tm_frame_source_extent(const tm_frame_points_t *j, guint n)
{
  const guint chunk = 256;
  guint n_parts = n / chunk + 1;
  tm_frame_extent_t e = {j, g_new(tm_extent_t, n_parts), chunk};
  for (guint i = 0; i < n_parts; i++)
    e.part[i] = tm_extent_empty();
  tm_parallel_for(n, chunk, tm_frame_extent_chunk, &e);
  tm_extent_t all = tm_extent_empty();
  for (guint i = 0; i < n_parts; i++)
    tm_extent_add_extent(&all, &e.part[i]);
  g_free(e.part);
  return all;
}

/* interpolate: the layer is in longitude/latitude and the frame in metres
 * (approx.c).  With take_layer (src's layer, without repairs) the frame is
 * the layer itself, cut down to its features in place. */
static tm_geom_t *tm_frame_points(const tm_layer_source_t *src, tm_geom_t *take_layer,
                                  const guint *features, guint n, PJ *op, gboolean interpolate)
{
  guint *source_of = g_new0(guint, MAX(n, 1)), *feature_of = g_new(guint, MAX(n, 1));
  for (guint i = 0; i < n; i++) {
    gint r = src->replacement ? src->replacement[features[i]] : -1;
    source_of[i] = r >= 0;
    feature_of[i] = r >= 0 ? (guint)r : take_layer ? i : features[i];
  }
  tm_frame_points_t j = {{src->layer, src->repairs}, source_of, feature_of, NULL, NULL, NULL};
  if (take_layer) {
    tm_geom_keep_in_place(take_layer, features, n);
    j.sources[0] = j.dst = take_layer;
  } else {
    j.dst = tm_geom_gather(j.sources, source_of, feature_of, n, FALSE);
  }
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
  if (interpolate) {
    tm_extent_t lonlat = tm_frame_source_extent(&j, n);
    j.approx = tm_approx_new(&lonlat, j.dst->n_points, j.op, n_workers);
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
  tm_approx_free(j.approx);
  g_free(pc);
  g_free(j.op);
  g_free(source_of);
  g_free(feature_of);
  return j.dst;
}

/* The frame index of each feature (-1: no geometry or outside every frame). */
static gint *tm_assign_frames(const tm_layer_t *layer, const tm_frames_crs_t *c,
                              const tm_frame_spec_t *specs, guint n_specs)
{
  const tm_geom_t *g = layer->geom;
  double *anchor = g_new(double, 2 * (gsize)g->n_features);
  gboolean *has = g_new0(gboolean, g->n_features);
  for (guint f = 0; f < g->n_features; f++)
    has[f] = tm_feature_anchor(g, f, &anchor[2 * f], &anchor[2 * f + 1]);
  if (c->to_lonlat)
    tm_trans_points(c->to_lonlat, PJ_FWD, anchor, g->n_features);
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

/* First half of a frame: its features' points copied out of the layer (or
 * the layer's own, take_layer) and projected with to_dst (taken over, like
 * dst); points PROJ could not transform are dropped and counted. */
static void tm_frame_project_points(tm_frame_t *frame, const tm_frame_spec_t *spec,
                                    const tm_layer_source_t *source, tm_geom_t *take_layer,
                                    PJ *dst, PJ *to_dst, gboolean interpolate, GArray *members)
{
  frame->name = g_strdup(spec->name);
  frame->title = g_strdup(spec->title ? spec->title : spec->name);
  frame->crs = g_strdup(spec->crs);
  frame->inset = spec->inset;
  frame->n_features = members->len;
  frame->features = g_memdup2(members->data, members->len * sizeof(guint));
  tm_geom_t *g = tm_frame_points(source, take_layer, frame->features, frame->n_features, to_dst,
                                 interpolate);
  tm_timing_mark("  project: copy + transform");
  for (guint k = 0; k < g->n_points; k++)
    if (!tm_projected(g->xy[2 * k]) || !tm_projected(g->xy[2 * k + 1]))
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

/* TRUE when PROJ transforms every point of feature f with op. */
static gboolean tm_feature_projects(const tm_geom_t *g, guint f, PJ *op)
{
  guint k0 = g->ring_point[g->poly_ring[g->feature_poly[f]]];
  guint k1 = g->ring_point[g->poly_ring[g->feature_poly[f + 1]]];
  double *xy = g_memdup2(g->xy + 2 * (gsize)k0, (gsize)(k1 - k0) * 2 * sizeof(double));
  tm_trans_points(op, PJ_FWD, xy, k1 - k0);
  gboolean ok = TRUE;
  for (guint k = 0; ok && k < 2 * (k1 - k0); k++)
    ok = tm_projected(xy[k]);
  g_free(xy);
  return ok;
}

/* The invalid features of the layer are repaired in its own coordinates,
 * into source->repairs, before the frames are cut: repairs on the side,
 * not a repaired copy of the layer (a commune map has one invalid feature
 * among 35,000).  A feature with points PROJ cannot transform is left to
 * its frame, which loses those points and is checked whole once projected
 * (tm_frame_make_valid). */
static gboolean tm_layer_repair(tm_context_t *ctx, const tm_layer_t *layer, guint8 *invalid,
                                const gint *frame_of, PJ **op, tm_layer_source_t *source,
                                GError **error)
{
  const tm_geom_t *g = layer->geom;
  gboolean any = FALSE;
  for (guint f = 0; f < g->n_features; f++) {
    invalid[f] = invalid[f] && frame_of[f] >= 0 && tm_feature_projects(g, f, op[frame_of[f]]);
    any |= invalid[f];
  }
  if (!any)
    return TRUE;
  guint n_repaired = 0;
  gint first = -1;
  char *reason = NULL;
  gboolean ok = tm_geom_repair_flagged(ctx, g, invalid, &source->repairs, &source->replacement,
                                       &n_repaired, &first, &reason, error);
  if (ok)
    tm_report_repairs(ctx, layer->path, n_repaired, (guint)first + 1, reason);
  g_free(reason);
  return ok;
}

/* A frame that lost points PROJ could not transform may have lost or
 * gained validity with them: checked whole, in its own coordinates. */
static gboolean tm_frame_make_valid(tm_context_t *ctx, tm_frame_t *frame, const char *path,
                                    GError **error)
{
  guint n_repaired = 0;
  gint first = -1;
  char *reason = NULL;
  gboolean valid = tm_geom_make_valid(ctx, &frame->geom, &n_repaired, &first, &reason, error);
  if (valid && n_repaired)
    tm_report_repairs(ctx, path, n_repaired, frame->features[first] + 1, reason);
  g_free(reason);
  return valid;
}

static tm_projection_t *tm_project_layer_points(tm_context_t *ctx, tm_layer_t *layer,
                                                const tm_frame_spec_t *specs, guint n_specs,
                                                gboolean release_points, tm_frames_plan_t *plan,
                                                GError **error);

/* The frame whose features hold the most points. */
static gint tm_largest_frame(const tm_geom_t *g, const gint *frame_of, guint n_specs)
{
  guint64 *points = g_new0(guint64, MAX(n_specs, 1));
  for (guint f = 0; f < g->n_features; f++)
    if (frame_of[f] >= 0)
      points[frame_of[f]] += g->ring_point[g->poly_ring[g->feature_poly[f + 1]]] -
                             g->ring_point[g->poly_ring[g->feature_poly[f]]];
  gint best = -1;
  for (guint i = 0; i < n_specs; i++)
    if (points[i] && (best < 0 || points[i] > points[best]))
      best = (gint)i;
  g_free(points);
  return best;
}

tm_projection_t *tm_project_layer(tm_context_t *ctx, const tm_layer_t *layer,
                                  const tm_frame_spec_t *specs, guint n_specs, GError **error)
{
  return tm_project_layer_points(ctx, (tm_layer_t *)layer, specs, n_specs, FALSE, NULL, error);
}

tm_projection_t *tm_project_layer_release(tm_context_t *ctx, tm_layer_t *layer,
                                          const tm_frame_spec_t *specs, guint n_specs,
                                          tm_frames_plan_t *plan, GError **error)
{
  return tm_project_layer_points(ctx, layer, specs, n_specs, TRUE, plan, error);
}

/* Validity is checked on the layer's own coordinates (a projection does
 * not make rings cross), on other cores while this one decides the frames
 * and makes the CRS operations (tm_layer_repair says where repairs go);
 * with release_points it is not (tm_project_layer_release says why).
 * Without release_points the layer is only read (the cast in
 * tm_project_layer is safe). */
static tm_projection_t *tm_project_layer_points(tm_context_t *ctx, tm_layer_t *layer,
                                                const tm_frame_spec_t *specs, guint n_specs,
                                                gboolean release_points, tm_frames_plan_t *plan,
                                                GError **error)
{
  tm_validity_check_t *check = release_points ? NULL : tm_validity_check_start(ctx, layer->geom);
  char *what = tm_layer_get_crs_origin(layer);
  tm_frames_crs_t *c = plan ? tm_frames_plan_take(plan, layer->crs, what, specs, n_specs) : NULL;
  tm_frames_plan_free(plan, ctx);
  /* The overlays and the extent layer of a map are mostly in the map
   * layer's CRS: its objects, kept, spare them PROJ's lookups. */
  gboolean kept = FALSE;
  if (!c)
    kept = (c = tm_frames_crs_kept(ctx, tm_proj_context(ctx), layer->crs, specs, n_specs)) != NULL;
  if (!c) {
    /* One PROJ context for all: its database cache makes the DROM frames a
     * few milliseconds each. */
    c = tm_frames_crs_new(tm_proj_context(ctx), n_specs);
    tm_frames_crs_source(c, layer->crs, what);
  }
  gboolean ok = c->source_error == NULL;
  if (!ok)
    g_propagate_error(error, g_error_copy(c->source_error));
  gint *frame_of = ok ? tm_assign_frames(layer, c, specs, n_specs) : NULL;
  tm_timing_mark("  project: frame of each feature");
  tm_projection_t *p = g_new0(tm_projection_t, 1);
  p->frames = g_new0(tm_frame_t, n_specs ? n_specs : 1);
  GArray *members = g_array_new(FALSE, FALSE, sizeof(guint));
  gboolean *used = g_new0(gboolean, MAX(n_specs, 1));
  guint first_unplaced = G_MAXUINT;
  for (guint f = 0; ok && f < layer->geom->n_features; f++) {
    if (frame_of[f] >= 0)
      used[frame_of[f]] = TRUE;
    else if (layer->geom->feature_poly[f] != layer->geom->feature_poly[f + 1]) {
      p->n_unplaced++;
      first_unplaced = MIN(first_unplaced, f);
    }
  }
  /* The used frames' objects (a plan made them all), the first error. */
  for (guint i = 0; ok && i < n_specs; i++) {
    if (!used[i])
      continue;
    tm_frames_crs_target(c, specs, i, what);
    if (c->error[i]) {
      g_propagate_error(error, g_error_copy(c->error[i]));
      ok = FALSE;
    }
  }
  if (ok && !kept)
    tm_frames_crs_keep(ctx, c, layer->crs, specs);
  tm_timing_mark("  project: CRS and operations");

  /* Finished whatever happened above: its threads read the layer. */
  tm_layer_source_t source = {layer->geom, NULL, NULL};
  if (check) {
    gboolean any_invalid = FALSE;
    guint8 *layer_invalid = tm_validity_check_finish(check, &any_invalid);
    if (ok && any_invalid)
      ok = tm_layer_repair(ctx, layer, layer_invalid, frame_of, c->op, &source, error);
    g_free(layer_invalid);
    tm_timing_mark("  project: validity");
  }

  /* Released, the layer's points become those of the frame with the most
   * (the mainland), cut last, after the others were copied out (there are
   * no repairs then). */
  gint take = ok && release_points ? tm_largest_frame(layer->geom, frame_of, n_specs) : -1;
  guint n_features = layer->geom->n_features, *slot = g_new(guint, MAX(n_specs, 1));
  for (guint i = 0, n = 0; i < n_specs; i++)
    slot[i] = used[i] ? n++ : 0;
  for (guint step = 0; ok && step < n_specs; step++) {
    /* Spec order, the taken frame moved to the end. */
    guint i = take < 0 ? step : (step + (guint)take + 1) % n_specs;
    if (!used[i])
      continue;
    g_array_set_size(members, 0);
    for (guint f = 0; f < n_features; f++)
      if (frame_of[f] == (gint)i)
        g_array_append_val(members, f);
    tm_frame_t *frame = &p->frames[slot[i]];
    p->n_frames++;
    frame->scale_factor = c->factor[i];
    tm_geom_t *take_layer = (gint)i == take ? layer->geom : NULL;
    if (take_layer)
      layer->geom = NULL; /* now the frame's */
    tm_frame_project_points(frame, &specs[i], &source, take_layer, c->dst[i], c->op[i],
                            c->interpolate[i], members);
    c->dst[i] = c->op[i] = NULL; /* taken over */
    p->n_failed_points += frame->n_failed_points;
  }
  g_free(slot);
  /* The frames hold every point now: the layer's copy, as large, goes
   * before a frame that lost points may be copied to be repaired. */
  tm_geom_free(source.repairs);
  g_free(source.replacement);
  if (ok && release_points && layer->geom) {
    p->released_bytes = (gsize)layer->geom->n_points * 2 * sizeof(double);
    tm_geom_free(layer->geom);
    layer->geom = NULL;
  }
  for (guint i = 0; ok && i < p->n_frames; i++) {
    tm_frame_t *frame = &p->frames[i];
    if (frame->n_failed_points)
      ok = tm_frame_make_valid(ctx, frame, layer->path, error);
    frame->extent = tm_geom_get_extent(frame->geom);
  }
  tm_frames_crs_free(c, ctx);
  g_free(used);
  g_array_free(members, TRUE);
  g_free(frame_of);
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
