/* Territories: the features of each frame dissolved by group, frame by
 * frame (a territory never spans the mainland and an inset). */
#include "project_private.h"

static gboolean tm_frame_dissolve(tm_context_t *ctx, const tm_frame_t *in, const gint *group,
                                  guint n_groups, tm_frame_t *out, GError **error)
{
  gint *local = g_new(gint, MAX(in->n_features, 1));
  for (guint i = 0; i < in->n_features; i++)
    local[i] = group[in->features[i]];
  tm_geom_t *all = tm_geom_dissolve_records(ctx, in->geom, local, n_groups, in->features, error);
  g_free(local);
  if (!all)
    return FALSE;
  GArray *kept = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint g = 0; g < all->n_features; g++)
    if (all->feature_poly[g] != all->feature_poly[g + 1])
      g_array_append_val(kept, g);
  out->name = g_strdup(in->name);
  out->title = g_strdup(in->title);
  out->crs = g_strdup(in->crs);
  out->inset = in->inset;
  out->scale_factor = in->scale_factor;
  out->geom = tm_geom_subset(all, (guint *)kept->data, kept->len);
  out->extent = tm_geom_get_extent(out->geom);
  out->n_features = kept->len;
  out->features = (guint *)g_array_free(kept, FALSE);
  tm_geom_free(all);
  return TRUE;
}

tm_projection_t *tm_projection_dissolve(tm_context_t *ctx, const tm_projection_t *p,
                                        const gint *group, guint n_groups, GError **error)
{
  tm_projection_t *d = g_new0(tm_projection_t, 1);
  d->frames = g_new0(tm_frame_t, MAX(p->n_frames, 1));
  for (guint i = 0; i < p->n_frames; i++) {
    if (!tm_frame_dissolve(ctx, &p->frames[i], group, n_groups, &d->frames[d->n_frames], error)) {
      tm_projection_free(d);
      return NULL;
    }
    d->n_frames++;
  }
  return d;
}
