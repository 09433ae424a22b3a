/* Project stage: CRS handling and reprojection of a layer into the map's
 * frames (the main frame and the DROM insets).  The only includer of proj.h
 * (and, later, geos_c.h). */
#ifndef TERRIMAP_PROJECT_H
#define TERRIMAP_PROJECT_H

#include "terrimap/core.h"
#include "terrimap/read.h"
#include "terrimap/style.h"

G_BEGIN_DECLS

typedef struct {
  char *name, *title, *crs; /* copied from the frame spec */
  gboolean inset;
  guint n_features;
  guint *features;          /* layer feature index of each feature of geom */
  tm_geom_t *geom;          /* projected geometry, in the frame's CRS */
  tm_extent_t extent;       /* of geom */
  guint n_failed_points;    /* points PROJ could not transform, dropped */
  double scale_factor;      /* projection scale factor at the extent's centre
                               (ground distance = map distance / factor) */
} tm_frame_t;

typedef struct {
  guint n_frames;
  tm_frame_t *frames;       /* only the frames that received features, in spec order */
  guint n_unplaced;         /* features outside every frame's select box */
  guint n_failed_points;    /* sum over frames */
  gsize released_bytes;     /* tm_project_layer_release: the layer's points freed */
} tm_projection_t;

/* Checks that definition (WKT, "EPSG:n", PROJ string) is a usable CRS;
 * TM_ERROR_CRS naming `what` (e.g. the .prj path) otherwise. */
gboolean tm_crs_check(tm_context_t *ctx, const char *definition, const char *what,
                      GError **error);

/* "RGF93 v1 / Lambert-93 (EPSG:2154)": the CRS's name and, when PROJ can
 * identify it, its authority code; caller frees.  NULL and an error when the
 * definition is not a CRS. */
char *tm_crs_describe(tm_context_t *ctx, const char *definition, const char *what,
                      GError **error);

/* Splits the layer's features among the frames by the position of each
 * feature's representative point in longitude/latitude, then reprojects
 * each frame's features with one batch call.  Features with no geometry are
 * skipped.  Failed points are counted, warned about and dropped. */
tm_projection_t *tm_project_layer(tm_context_t *ctx, const tm_layer_t *layer,
                                  const tm_frame_spec_t *specs, guint n_specs,
                                  GError **error);
/* PROJ's part of projecting a layer into the frames (its CRS, each
 * frame's CRS and operation: 30 ms of PROJ's database) begun on another
 * core, while the layer is read: crs is the layer's definition
 * (tm_layer_t.crs), what says where it came from (tm_layer_get_crs_origin)
 * and specs must outlive the plan.  Given to tm_project_layer_release,
 * which uses what it made when it was begun for that layer's CRS and those
 * specs, and frees it.  tm_frames_plan_free waits for the other core. */
typedef struct _tm_frames_plan tm_frames_plan_t;
tm_frames_plan_t *tm_frames_plan_start(const char *crs, const char *what,
                                       const tm_frame_spec_t *specs, guint n_specs);
void tm_frames_plan_free(tm_frames_plan_t *plan, tm_context_t *ctx);

/* The same, for a caller that only draws the projected layer: its
 * polygons are taken as read, without the validity check and repairs (a
 * fifth of a render's time: an invalid ring is drawn with the even-odd
 * rule, which fills what its repair would, and the operations that need
 * valid polygons, dissolving and label anchors, repair those they use),
 * and layer->geom goes (set to NULL) as soon as the frames hold its
 * points: the frame with the most (the mainland) takes the layer's arrays,
 * projected in place; released_bytes says how much was freed instead.
 * plan: NULL, or begun for this layer (taken over, freed). */
tm_projection_t *tm_project_layer_release(tm_context_t *ctx, tm_layer_t *layer,
                                          const tm_frame_spec_t *specs, guint n_specs,
                                          tm_frames_plan_t *plan, GError **error);
void tm_projection_free(tm_projection_t *p);

/* The frame of p named name, or NULL. */
const tm_frame_t *tm_projection_get_frame(const tm_projection_t *p, const char *name);

/* ---- extents: what a regional, departmental or territory map shows ---- */
typedef struct {
  char *spec;          /* as given: "region:11" */
  char *frame;         /* name of the frame the extent lies in */
  tm_extent_t extent;  /* in that frame's CRS */
  gboolean *in_focus;  /* per layer feature: inside the extent (drawn in full colour) */
  guint n_in_focus;
} tm_focus_t;

/* Inputs a focus may need; the extent layer (départements with their
 * région code) is only read for region: and departement: extents. */
typedef struct {
  const tm_layer_t *layer;            /* the map's layer */
  const tm_projection_t *projection;  /* of that layer */
  const char *const *feature_values;  /* per feature category value (NULL entries: none);
                                         for category: extents */
  const tm_layer_t *extent_layer;     /* départements, or NULL */
  const tm_projection_t *extent_projection;
  const char *departement_key, *region_key;
  const tm_frame_spec_t *frames;      /* for bbox: extents given in another CRS */
  guint n_frames;
} tm_focus_input_t;

/* Parses spec ("region:CODE", "departement:CODE", "category:VALUE",
 * "bbox:x0,y0,x1,y1[,CRS]" with CRS EPSG:4326 by default) and finds the
 * extent and the features inside it: a feature is inside when its
 * representative point is (in a selected département, among the category's
 * features, in the box).  Errors name the spec and list what exists. */
tm_focus_t *tm_focus_new(tm_context_t *ctx, const char *spec, const tm_focus_input_t *in,
                         GError **error);
void tm_focus_free(tm_focus_t *focus);

/* ---- GEOS: dissolve, adjacency, label anchors (map units) ---- */

/* One feature per group: feature i of geom goes to group[i] (-1: none);
 * polygons of a group that share edges become one (coverage union). */
tm_geom_t *tm_geom_dissolve(tm_context_t *ctx, const tm_geom_t *geom, const gint *group,
                            guint n_groups, GError **error);
/* The same, an invalid polygon's warning naming record[i] + 1 (the layer's
 * record of feature i) rather than i: for a frame, whose features are a
 * subset of the layer's. */
tm_geom_t *tm_geom_dissolve_records(tm_context_t *ctx, const tm_geom_t *geom, const gint *group,
                                    guint n_groups, const guint *record, GError **error);
/* Dissolves each frame of p: group[f] for every layer feature f (-1:
 * none).  The result has frames of the same names; its frame->features[i]
 * is the group of dissolved feature i (empty groups are left out). */
tm_projection_t *tm_projection_dissolve(tm_context_t *ctx, const tm_projection_t *p,
                                        const gint *group, guint n_groups, GError **error);
/* Pairs (a < b) of features that share a border or touch at a point, or lie
 * closer than tolerance: a flat sorted array of 2 * *n_pairs indices. */
guint *tm_geom_adjacency(tm_context_t *ctx, const tm_geom_t *geom, double tolerance,
                         guint *n_pairs, GError **error);
/* Repairs the invalid features of *geom (self-intersecting rings...) with
 * GEOS, replacing *geom by a repaired copy when there were any.
 * *n_repaired says how many, *first the first one (-1: none) and *reason
 * (caller frees) why it was invalid.  FALSE and an error when GEOS refuses
 * a feature. */
gboolean tm_geom_make_valid(tm_context_t *ctx, tm_geom_t **geom, guint *n_repaired, gint *first,
                            char **reason, GError **error);
/* The check alone, in two halves, so that it runs on other cores while the
 * caller goes on: start checks every feature of geom (which must stay
 * unchanged until finish) on threads of its own; finish takes the
 * caller's share of the work and returns per feature 1 when it is invalid
 * or GEOS refused it (g_free it), *any telling whether there is one. */
typedef struct _tm_validity_check tm_validity_check_t;
tm_validity_check_t *tm_validity_check_start(tm_context_t *ctx, const tm_geom_t *geom);
guint8 *tm_validity_check_finish(tm_validity_check_t *check, gboolean *any);
/* How many features of geom are invalid (or refused by GEOS), with the
 * first (*first, -1: none) and why (*reason, caller frees): what terrimap
 * info reports, where a render draws polygons as read. */
guint tm_geom_count_invalid(tm_context_t *ctx, const tm_geom_t *geom, gint *first, char **reason);
/* The features flagged in invalid repaired on the side, geom left as it
 * is: *repairs holds them, feature f of geom being replaced by feature
 * (*replacement)[f] of it when that is >= 0 (g_free it); the report as
 * tm_geom_make_valid's. */
gboolean tm_geom_repair_flagged(tm_context_t *ctx, const tm_geom_t *geom, const guint8 *invalid,
                                tm_geom_t **repairs, gint **replacement, guint *n_repaired,
                                gint *first, char **reason, GError **error);
/* Centre and radius of the largest circle inside the feature's largest
 * polygon (pole of inaccessibility); FALSE for a feature with no polygon. */
gboolean tm_geom_label_anchor(tm_context_t *ctx, const tm_geom_t *geom, guint feature,
                              double tolerance, double *x, double *y, double *radius);

G_END_DECLS

#endif
