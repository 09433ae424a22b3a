/* A drawing: the list of drawing operations that layout produces and the
 * backends replay (cairo for PNG and PDF, terrimap's own writer for SVG, so
 * that SVG keeps real <text> and a key attribute on every feature path).
 *
 * Units are page pixels (origin top-left, y down).  PDF replays them scaled
 * by 72/dpi, so the same numbers give the same page at any format. */
#ifndef TERRIMAP_DRAWING_H
#define TERRIMAP_DRAWING_H

#include "terrimap/core.h"

G_BEGIN_DECLS

typedef enum {
  TM_OP_PATH,
  TM_OP_TEXT,
  TM_OP_GROUP_BEGIN,
  TM_OP_GROUP_END
} tm_op_kind_t;

typedef struct {
  gboolean fill_on;
  tm_rgba_t fill;
  gboolean stroke_on;
  tm_rgba_t stroke;
  double stroke_width; /* pixels */
  gboolean even_odd;   /* fill rule; TRUE for polygons with holes */
  /* Pixels: the layout strokes every edge of this fill later with an opaque
   * line this wide (the features under their borders); 0 when it does not.
   * A raster may then draw the fill without antialiasing (replay.c). */
  float edge_cover;
} tm_paint_t;

typedef struct {
  const char *family;  /* fontconfig family, e.g. "Lato" */
  double size;         /* pixels (em size) */
  gboolean bold;
  gboolean italic;
  tm_rgba_t color;
  double halo_width;   /* pixels; 0 for none */
  tm_rgba_t halo_color;
} tm_font_t;

/* Outputs a path is for.  A line two outlines share (départements,
 * territories) is stroked once on a page, where drawing it twice makes it
 * darker than the others, while an SVG keeps every feature's whole outline
 * under its key: the layout makes both, each for its outputs. */
typedef enum {
  TM_OUTPUT_ALL = 0,
  TM_OUTPUT_SVG, /* SVG only */
  TM_OUTPUT_PAGE /* PNG and PDF (cairo) only */
} tm_output_t;

/* The fields of each kind share their storage (a commune map has 70,000
 * path ops): read only those of op->kind. */
typedef struct {
  tm_op_kind_t kind;
  guint8 output;         /* tm_output_t: TM_OP_PATH's outputs */
  const char *id;        /* TM_OP_PATH: the feature key (SVG data-key); groups: SVG id; may be NULL */
  const char *css_class; /* SVG class attribute; may be NULL */
  union {
    struct { /* TM_OP_PATH */
      guint ring_first, n_rings; /* rings ring_first .. ring_first+n_rings of the drawing */
      tm_paint_t paint;
    };
    struct { /* TM_OP_TEXT: one line, x at its left (or per align), y at its baseline */
      const char *text;
      tm_font_t font;
      double x, y;
    };
    struct { /* TM_OP_GROUP_BEGIN */
      gboolean clip_on;
      tm_extent_t clip;    /* pixel rectangle x0,y0,x1,y1 */
      gboolean clip_round; /* clip to the ellipse inscribed in clip instead (round insets) */
    };
  };
} tm_op_t;

typedef struct {
  double width, height; /* pixels */
  double dpi;
  tm_rgba_t background;
  char *title; /* document title (PDF/SVG metadata) */
  tm_vec_t ops;       /* tm_op_t */
  GArray *ring_point; /* guint32, n_rings + 1: ring r spans points ring_point[r] .. ring_point[r+1] */
  GArray *ring_closed; /* guint8 per ring: 1 when the ring is a closed polygon ring */
  tm_vec_t xy;        /* float, interleaved pixel coordinates (drawing.c says why) */
  GStringChunk *strings; /* storage for every string referenced by ops */
  guint path_first_ring; /* first ring of the path being built */
  tm_output_t output;    /* of the paths ended from now on */
} tm_drawing_t;

tm_drawing_t *tm_drawing_new(double width, double height, double dpi, const tm_rgba_t *background);
void tm_drawing_free(tm_drawing_t *d);
void tm_drawing_set_title(tm_drawing_t *d, const char *title);

void tm_drawing_begin_group(tm_drawing_t *d, const char *id, const char *css_class,
                            const tm_extent_t *clip /* nullable */);
/* The same, clipped to the ellipse (a circle for a square) inscribed in clip. */
void tm_drawing_begin_round_group(tm_drawing_t *d, const char *id, const char *css_class,
                                  const tm_extent_t *clip);
void tm_drawing_end_group(tm_drawing_t *d);
/* A closed ellipse path inscribed in the box (round inset frames). */
void tm_drawing_add_ellipse(tm_drawing_t *d, const tm_extent_t *box, const tm_paint_t *paint,
                            const char *css_class);

/* Room for n_points more points in n_rings more rings and n_ops more ops
 * (a frame's paths): allocated once, not doubled as they grow. */
void tm_drawing_reserve(tm_drawing_t *d, guint n_points, guint n_rings, guint n_ops);

/* A path is built ring by ring between begin_path and end_path. */
/* The outputs of the paths ended from now on (TM_OUTPUT_ALL at first). */
void tm_drawing_set_output(tm_drawing_t *d, tm_output_t output);
void tm_drawing_begin_path(tm_drawing_t *d);
void tm_drawing_add_ring(tm_drawing_t *d, const double *xy, guint n, gboolean closed);
/* Adds the polyline xy (n points) to the path: as more of its last ring
 * when that ring is open and ends where the polyline starts or ends (walked
 * from that end; the ring is closed if it comes back to its start), as a
 * ring of its own otherwise.  Borders that meet are then stroked with a
 * join where two round caps overlapped: the same pixels, 5 % less of a
 * commune map's raster time (cairo builds each cap's polygon). */
void tm_drawing_add_line_joined(tm_drawing_t *d, const double *xy, guint n);
/* Adds the path op; a path without rings adds nothing. */
void tm_drawing_end_path(tm_drawing_t *d, const tm_paint_t *paint, const char *id,
                         const char *css_class);

void tm_drawing_add_rect(tm_drawing_t *d, double x, double y, double w, double h,
                         const tm_paint_t *paint, const char *css_class);
void tm_drawing_add_line(tm_drawing_t *d, double x0, double y0, double x1, double y1,
                         const tm_rgba_t *color, double width, const char *css_class);
/* font strings are copied into the drawing. */
void tm_drawing_add_text(tm_drawing_t *d, const char *text, const tm_font_t *font,
                         double x, double baseline_y, const char *css_class);

/* Ring r of the drawing: its points and whether it is closed. */
const float *tm_drawing_get_ring(const tm_drawing_t *d, guint r, guint *n_points,
                                  gboolean *closed);
guint tm_drawing_get_n_ops(const tm_drawing_t *d);
const tm_op_t *tm_drawing_get_op(const tm_drawing_t *d, guint i);

G_END_DECLS

#endif
