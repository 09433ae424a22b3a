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

static double tm_frame_scale_factor(tm_context_t *ctx, PJ *dst, PJ *to_dst, const tm_extent_t *e)
{
  if (tm_extent_is_empty(e))
    return 1.0;
  PJ_COORD c = proj_coord((e->x0 + e->x1) / 2, (e->y0 + e->y1) / 2, 0, 0);
  PJ_COORD geo = proj_trans(to_dst, PJ_INV, c); /* normalised: lon, lat in degrees */
  if (!isfinite(geo.xy.x) || !isfinite(geo.xy.y))
    return 1.0;
  PJ_COORD lp = proj_coord(proj_torad(geo.xy.x), proj_torad(geo.xy.y), 0, 0);
  PJ_FACTORS fac = proj_factors(dst, lp);
  proj_errno_reset(dst);
  double k = (fac.meridional_scale + fac.parallel_scale) / 2;
  return isfinite(k) && k > 0.5 && k < 2 ? k : 1.0;
}

static gboolean tm_frame_project(tm_context_t *ctx, tm_frame_t *frame, const tm_frame_spec_t *spec,
                                 const tm_layer_t *layer, PJ *src, GArray *members,
                                 const char *what, GError **error)
{
  frame->name = g_strdup(spec->name);
  frame->title = g_strdup(spec->title ? spec->title : spec->name);
  frame->crs = g_strdup(spec->crs);
  frame->inset = spec->inset;
  frame->n_features = members->len;
  frame->features = g_memdup2(members->data, members->len * sizeof(guint));
  char *frame_what = g_strdup_printf("frame '%s'", spec->name);
  PJ *dst = tm_proj_crs_new(ctx, spec->crs, frame_what, error);
  g_free(frame_what);
  if (!dst)
    return FALSE;
  PJ *to_dst = tm_proj_transform_new(ctx, src, dst, what, error);
  if (!to_dst) {
    proj_destroy(dst);
    return FALSE;
  }
  tm_geom_t *g = tm_geom_subset(layer->geom, frame->features, frame->n_features);
  tm_trans_points(to_dst, PJ_FWD, g->xy, g->n_points);
  for (guint k = 0; k < g->n_points; k++)
    if (!isfinite(g->xy[2 * k]) || !isfinite(g->xy[2 * k + 1]) || fabs(g->xy[2 * k]) > 1e15 ||
        fabs(g->xy[2 * k + 1]) > 1e15)
      frame->n_failed_points++, g->xy[2 * k] = NAN;
  if (frame->n_failed_points) {
    tm_geom_t *kept = tm_geom_drop_failed(g);
    tm_geom_free(g);
    g = kept;
  }
  guint n_repaired = 0;
  gint first = -1;
  char *reason = NULL;
  tm_geom_t *valid = tm_geom_make_valid(ctx, g, &n_repaired, &first, &reason, error);
  if (valid && n_repaired) {
    tm_warn(ctx, "%s: %u invalid polygon(s) repaired (first: record %u: %s)", layer->path,
            n_repaired, frame->features[first] + 1, reason);
  }
  g_free(reason);
  tm_geom_free(g);
  if (!valid) {
    proj_destroy(to_dst);
    proj_destroy(dst);
    return FALSE;
  }
  g = valid;
  frame->geom = g;
  frame->extent = tm_geom_get_extent(g);
  frame->scale_factor = tm_frame_scale_factor(ctx, dst, to_dst, &frame->extent);
  proj_destroy(to_dst);
  proj_destroy(dst);
  return TRUE;
}

tm_projection_t *tm_project_layer(tm_context_t *ctx, const tm_layer_t *layer,
                                  const tm_frame_spec_t *specs, guint n_specs, GError **error)
{
  char *what = tm_layer_get_crs_origin(layer);
  PJ *src = tm_proj_crs_new(ctx, layer->crs, what, error);
  gint *frame_of = src ? tm_assign_frames(ctx, layer, src, specs, n_specs, what, error) : NULL;
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
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < n_specs; i++) {
    g_array_set_size(members, 0);
    for (guint f = 0; f < layer->geom->n_features; f++)
      if (frame_of[f] == (gint)i)
        g_array_append_val(members, f);
    if (members->len == 0)
      continue;
    tm_frame_t *frame = &p->frames[p->n_frames++];
    ok = tm_frame_project(ctx, frame, &specs[i], layer, src, members, what, error);
    p->n_failed_points += frame->n_failed_points;
  }
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
