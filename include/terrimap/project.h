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
void tm_projection_free(tm_projection_t *p);

G_END_DECLS

#endif
