/* Style stage: a style file (GLib key file in styles/) -> tm_style_t.
 *
 * A style is plain data.  tm_style_load() starts from the built-in defaults
 * (styles/default.ini compiled in) and applies the file over them, so a
 * style names only what it changes.  Unknown groups or keys, bad colours and
 * absurd sizes are errors naming file:line. */
#ifndef TERRIMAP_STYLE_H
#define TERRIMAP_STYLE_H

#include "terrimap/core.h"

G_BEGIN_DECLS

typedef struct {
  char *family;   /* e.g. "Lato" */
  double size_pt; /* points */
  gboolean bold, italic;
  tm_rgba_t color;
} tm_text_style_t;

/* Where the features of one frame come from and how it is projected. */
typedef struct {
  char *name;           /* "metropole", "guadeloupe", ... */
  char *title;          /* shown on insets: "Guadeloupe" */
  char *crs;            /* "EPSG:2154" */
  tm_extent_t select;   /* lon/lat box: a feature belongs to the first frame
                           whose box holds its representative point */
  gboolean inset;       /* FALSE for the main frame */
} tm_frame_spec_t;

typedef struct {
  char *path; /* NULL for the built-in defaults */

  /* [page] */
  char *paper;          /* "A4", "A3" */
  gboolean landscape;
  double dpi;
  int width_px, height_px; /* 0: from paper and dpi */
  double margin_mm;
  tm_rgba_t background;

  /* [text] */
  char *title, *subtitle, *credits; /* credits may hold "{year}", replaced by the year at load time */
  char *legend_title;
  tm_text_style_t title_text, subtitle_text, legend_title_text, legend_text,
      credits_text, inset_title_text, scalebar_text;

  /* [data]: paths relative to the data directory unless absolute */
  char *layer, *key, *join, *join_key, *category;
  char *encoding, *src_crs; /* NULL unless set */

  /* [membership] */
  tm_rgba_t member_fill, other_fill;
  char *member_label, *other_label;

  /* [categories] */
  tm_rgba_t *palette;
  guint n_palette;
  tm_rgba_t no_data_fill;
  char *no_data_label;

  /* [features] */
  tm_rgba_t stroke;
  double stroke_width_pt;

  /* [insets] */
  tm_rgba_t inset_frame_color;
  double inset_frame_width_pt;
  char *inset_note; /* e.g. "Départements et régions d'outre-mer : échelles différentes" */

  /* [scalebar] */
  gboolean scalebar;

  /* [legend] */
  gboolean legend_counts; /* show "(N)" after each label */

  /* [frame NAME] groups, in file order; the first non-inset is the main frame */
  guint n_frames;
  tm_frame_spec_t *frames;
} tm_style_t;

/* path NULL: the built-in defaults alone. */
tm_style_t *tm_style_load(const char *path, GError **error);
void tm_style_free(tm_style_t *style);

/* Replaces *field with a copy of value (command-line overrides). */
void tm_style_set_string(char **field, const char *value);

/* Page size in pixels from paper, orientation and dpi (or width/height_px). */
void tm_style_get_page_size(const tm_style_t *style, int *width_px, int *height_px);

G_END_DECLS

#endif
