/* Shared between the files of the layout stage only. */
#ifndef TM_LAYOUT_PRIVATE_H
#define TM_LAYOUT_PRIVATE_H

#include "terrimap/layout.h"
#include "terrimap/render.h"

/* A box on the page, in pixels (x, y top-left). */
typedef struct {
  double x, y, w, h;
} tm_box_t;

/* Pixels per point at the drawing's resolution. */
static inline double tm_pt(const tm_style_t *style, double points)
{
  return points * style->dpi / 72.0;
}

tm_font_t tm_layout_font(const tm_style_t *style, const tm_text_style_t *text);
/* Greedy word wrap to max_width; returns a NULL-terminated vector. */
char **tm_layout_wrap(const tm_font_t *font, const char *text, double max_width);
/* text, shortened with "…" to fit max_width; caller frees. */
char *tm_layout_ellipsize(const tm_font_t *font, const char *text, double max_width);
/* Height of one line of text in this font (ascent + descent + leading). */
double tm_layout_line_height(const tm_font_t *font);

/* The page being laid out: input, drawing and the body box between the
 * header and the credits. */
typedef struct {
  tm_context_t *ctx;
  const tm_layout_input_t *in;
  const tm_style_t *style;
  tm_drawing_t *d;
  tm_box_t body;
  double gap;
  GArray *obstacles; /* tm_extent_t: boxes labels must avoid */
} tm_page_t;

/* Wrapped text from top y; returns the y below the last line. */
double tm_page_text_block(tm_page_t *pg, const char *text, const tm_text_style_t *ts, double x,
                          double y, double max_w, const char *css_class);
double tm_page_text_height(const tm_style_t *style, const char *text, const tm_text_style_t *ts,
                           double max_w);
void tm_page_add_obstacle(tm_page_t *pg, double x, double y, double w, double h);

/* Draws one frame: features (context fill outside the focus), overlays,
 * territory outlines, all clipped to the frame. */
void tm_page_draw_frame(tm_page_t *pg, const tm_frame_t *frame, const tm_placed_frame_t *placed,
                        const char *css_class, gboolean round);

/* Per class: TRUE when some feature of the class is in the focus (all
 * classes with features when there is no focus); caller frees. */
gboolean *tm_page_focused_classes(const tm_layout_input_t *in);

/* Places and draws the labels of every frame; fills map->labels. */
void tm_page_draw_labels(tm_page_t *pg, tm_map_t *map);

/* How far (page pixels) a simplified border may stray from the data: half
 * a pixel, below what print or screen can show. */
#define TM_LAYOUT_TOLERANCE 0.5

/* One border of a frame: a chain of the simplified geometry between two
 * nodes, and the one or two features whose rings walk it. */
typedef struct {
  guint first_point, n_points; /* in tm_borders_t.xy, open polyline */
  guint feature, other;        /* features of the frame; other G_MAXUINT when alone */
} tm_border_t;

/* Every border of a frame once: stroking these instead of each feature's
 * rings draws a shared border once instead of twice. */
typedef struct {
  GArray *xy;      /* double, page pixels */
  GArray *borders; /* tm_border_t, by first feature */
} tm_borders_t;

void tm_borders_free(tm_borders_t *b);

/* A frame's geometry on the page, in the parts the simplifier's workers
 * made: features [k * chunk, (k + 1) * chunk) are parts[k]'s.  Joining the
 * parts into one geometry copied the whole frame once more (29 ms and 9 MB
 * of the commune map) only for the drawing to copy it again. */
typedef struct {
  tm_geom_t **parts;
  guint n_parts, chunk;
  guint n_points, n_rings; /* over all parts (what a drawing reserves) */
} tm_page_geom_t;

/* The part holding feature i of the frame, and i's index in it. */
static inline const tm_geom_t *tm_page_geom_feature(const tm_page_geom_t *page, guint i,
                                                    guint *local)
{
  *local = i % page->chunk;
  return page->parts[i / page->chunk];
}

void tm_page_geom_free(tm_page_geom_t *page);

/* The frame's geometry in page pixels through transform t, simplified
 * within tolerance pixels with shared borders kept shared (see simplify.c);
 * with borders, also its borders, each once.  With shown (a page box), a
 * feature wholly outside it is left out (no polygon).  With release_xy (g->xy,
 * given up by a caller that reads g's points no more) the points' block
 * holds what the simplifier derives from them once they are snapped, and
 * goes with it; *release_xy is set to NULL. */
tm_page_geom_t *tm_layout_page_geometry(const tm_geom_t *g, const double *t, double tolerance,
                                        const tm_extent_t *shown, tm_borders_t **borders,
                                        double **release_xy);

/* Fits extent into box (keeping aspect, centred) and fills the frame's
 * transform and clip. */
void tm_layout_fit_frame(tm_placed_frame_t *placed, const tm_extent_t *extent, const tm_box_t *box);
/* Draws the frame's features with their class fills, clipped to the frame. */
void tm_layout_draw_features(tm_drawing_t *d, const tm_layout_input_t *in, const tm_frame_t *frame,
                             const tm_placed_frame_t *placed);

/* Strokes (and optionally fills) every feature of a frame: overlays and
 * territory outlines.  The SVG id of feature i is ids[frame->features[i]]
 * when ids is given, else the layer's key_field value. */
void tm_layout_draw_lines(tm_drawing_t *d, const tm_frame_t *frame, const tm_placed_frame_t *placed,
                          const tm_paint_t *paint, const tm_layer_t *layer, gint key_field,
                          const char *const *ids, const char *css_class);

/* A frame's features with their extents, found once for the coverage of
 * the several boxes a page tries (each pass over a commune map's points
 * took 3 ms). */
typedef struct {
  const tm_frame_t *frame;
  tm_extent_t *extent; /* per feature of the frame */
} tm_coverage_t;
void tm_coverage_init(tm_coverage_t *c, const tm_frame_t *frame);
void tm_coverage_clear(tm_coverage_t *c);
/* Fraction (0..1) of box covered by the frame's features (only those
 * marked in `counted`, a per-layer-feature mask, when not NULL). */
double tm_layout_coverage(const tm_coverage_t *c, const tm_placed_frame_t *placed,
                          const tm_box_t *box, const gboolean *counted);

/* Legend: size it needs, then draw it at a position. */
typedef struct tm_legend tm_legend_t;
/* Columns are added when the classes do not fit in max_height. */
tm_legend_t *tm_legend_new(const tm_layout_input_t *in, double max_height, double max_width);
/* Inner padding: a legend placed in the open aligns its text, not its box. */
double tm_legend_get_padding(const tm_legend_t *legend);
void tm_legend_get_size(const tm_legend_t *legend, double *w, double *h);
void tm_legend_draw(const tm_legend_t *legend, tm_drawing_t *d, double x, double y);
void tm_legend_free(tm_legend_t *legend);

/* Scale bar for a frame: size, then draw. */
typedef struct {
  double km;           /* round length shown */
  double bar_px;       /* its length on the page */
  double w, h;         /* box */
} tm_scalebar_t;
gboolean tm_scalebar_plan(const tm_style_t *style, const tm_frame_t *frame,
                          const tm_placed_frame_t *placed, double max_px, tm_scalebar_t *out);
void tm_scalebar_draw(const tm_style_t *style, const tm_scalebar_t *bar, tm_drawing_t *d,
                      double x, double y);

#endif
