/* One render of a style for the typical-map tests: the PNG, the SVG read
 * back as "which fill does each keyed path carry", the metadata sidecar and
 * its frames with cached PROJ transformations both ways. */
#ifndef TM_MAPS_RENDER_H
#define TM_MAPS_RENDER_H

#include <cairo.h>
#include <json-glib/json-glib.h>

typedef struct {
  char *name;
  double m[6];    /* pixel = (m0 x + m1 y + m2, m3 x + m4 y + m5) */
  double clip[4]; /* x0, y0, x1, y1 in pixels */
  gboolean inset;
  void *to_crs; /* PJ *: EPSG:4326 (lon, lat) -> frame CRS */
} tm_maps_frame_t;

typedef struct {
  double v[4]; /* x0, y0, x1, y1 in pixels */
} tm_maps_box_t;

typedef struct {
  char *style;
  char *dir, *png, *svg, *json;
  JsonParser *parser;
  JsonObject *meta;
  cairo_surface_t *image;
  int width, height;
  GHashTable *paths; /* "class key" -> fill "#rrggbb" of each keyed SVG path */
  GArray *frames;    /* tm_maps_frame_t, in sidecar order */
  GArray *tight;     /* the same with text anchors only, no line height */
  GArray
      *furniture; /* tm_maps_box_t of the legend, scale bar... over the map */
  void *proj;     /* PJ_CONTEXT * */
} tm_maps_render_t;

/* Renders styles/<style>.ini on the real data at dpi into PNG + SVG +
 * metadata in a temporary directory; extra (NULL-terminated, may be NULL)
 * are appended to the command line.  Aborts the test on failure. */
tm_maps_render_t *tm_maps_render(const char *style, int dpi,
                                 const char *const *extra);
void tm_maps_render_free(tm_maps_render_t *r);

/* The fill of the SVG path of this class ("feature", "context",
 * "territory", "overlay") and data-key, or NULL when there is none. */
const char *tm_maps_path_fill(const tm_maps_render_t *r, const char *cls,
                              const char *key);
/* How many keyed paths of this class the SVG holds. */
guint tm_maps_path_count(const tm_maps_render_t *r, const char *cls);

/* The frame whose clip holds lon/lat once projected (insets first, as they
 * are drawn over the main map); NULL when none.  px/py get the pixel. */
const tm_maps_frame_t *tm_maps_locate(const tm_maps_render_t *r, double lon,
                                      double lat, double *px, double *py);
/* The frame whose clip holds the pixel (insets first), or NULL. */
const tm_maps_frame_t *tm_maps_frame_at_pixel(const tm_maps_render_t *r,
                                              double px, double py);
/* A page pixel back to lon/lat through the frame: the inverse transform,
 * then PROJ inverse. */
void tm_maps_pixel_to_lonlat(const tm_maps_frame_t *f, double px, double py,
                             double *lon, double *lat);

/* TRUE when the pixel is under (or within 2 px of) a label box of the
 * sidecar or a piece of map furniture (legend, scale bar) of the SVG:
 * there, the PNG shows something else than the fill beneath. */
gboolean tm_maps_covered(const tm_maps_render_t *r, double x, double y);

/* "#rrggbb" -> 0xRRGGBB; aborts on anything else. */
guint32 tm_maps_hex(const char *text);
/* TRUE when every pixel of the (2 radius + 1)^2 block centred on x, y lies
 * on the page and has the same colour; *rgb gets it. */
gboolean tm_maps_uniform_block(const tm_maps_render_t *r, int x, int y,
                               int radius, guint32 *rgb);

#endif
