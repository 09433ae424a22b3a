/* Classify stage: joined layer + style -> symbology (a class per feature and
 * the legend entries).  Pure computation: no library beyond GLib. */
#ifndef TERRIMAP_CLASSIFY_H
#define TERRIMAP_CLASSIFY_H

#include "terrimap/core.h"
#include "terrimap/join.h"
#include "terrimap/style.h"

G_BEGIN_DECLS

typedef struct {
  char *label;      /* legend text */
  char *value;      /* raw category value; NULL for membership and no-data classes */
  tm_rgba_t fill;
  guint count;      /* features in this class */
  gboolean no_data; /* the class of features without a joined row / value */
  gboolean has_range; /* graduated classes: [min ; max[ (the last one closed) */
  double min, max;
} tm_class_t;

typedef struct {
  char *kind;          /* "membership", "category", "graduated" or "compare" */
  guint n_classes;
  tm_class_t *classes; /* legend order */
  guint n_features;
  gint *feature_class; /* per layer feature: index into classes */
} tm_symbology_t;

/* Two classes: members (features with a joined row) then the others. */
tm_symbology_t *tm_classify_membership(const tm_join_t *join, const tm_style_t *style);

/* One class per distinct non-empty value of table column `column` among
 * joined features, sorted by value (byte order, so "ti-0101" < "ti-0102"),
 * fills from style->palette in turn; then a no-data class (style
 * no_data_fill/label) for features without a row or with an empty value,
 * present only when at least one feature needs it.  Unknown column:
 * TM_ERROR_ARGUMENT naming the table file and listing its columns. */
tm_symbology_t *tm_classify_categories(const tm_join_t *join, const tm_table_t *table,
                                       const char *column, const char *label_column,
                                       const tm_style_t *style, GError **error);
void tm_symbology_free(tm_symbology_t *sym);
/* A deep copy (a batch map changes its counts and colours on its own copy). */
tm_symbology_t *tm_symbology_copy(const tm_symbology_t *sym);

/* ---- graduated maps ---- */
typedef enum {
  TM_BREAKS_QUANTILE,
  TM_BREAKS_EQUAL,
  TM_BREAKS_CKMEANS, /* optimal 1-D k-means (Jenks natural breaks' exact successor) */
  TM_BREAKS_MANUAL
} tm_breaks_method_t;

typedef struct {
  const char *column;        /* numeric column of the joined table, else a layer field */
  tm_breaks_method_t method;
  guint n_classes;           /* ignored for manual */
  const double *manual;      /* inner breaks B1 < B2 < ..., for manual */
  guint n_manual;
  const char *scheme;        /* ColorBrewer scheme name, e.g. "Blues", "YlOrRd", "RdBu" */
  gboolean french;           /* 1 234,5 rather than 1234.5 in labels */
  int decimals;              /* digits after the decimal point in labels; -1: automatic */
} tm_graduated_t;

/* Parses "quantile", "equal", "ckmeans", "jenks" (= ckmeans) or
 * "manual:B1,B2,..." (strictly increasing); *manual is owned by the caller. */
gboolean tm_breaks_method_parse(const char *text, tm_breaks_method_t *method, double **manual,
                                guint *n_manual, GError **error);

/* The n_classes + 1 class bounds (min, inner breaks, max) of the finite
 * values; *n_bounds receives their count (fewer classes than asked when the
 * values have fewer distinct values).  Classes are [b_i ; b_i+1[, the last
 * one closed. */
double *tm_breaks_compute(const double *values, guint n, tm_breaks_method_t method,
                          guint n_classes, const double *manual, guint n_manual, guint *n_bounds,
                          GError **error);

/* n colours of the ColorBrewer scheme (sequential, diverging or
 * qualitative) by name, case-insensitive; TM_ERROR_ARGUMENT listing the
 * known names, or when the scheme has no n-colour version. */
gboolean tm_palette_get(const char *scheme, guint n, tm_rgba_t *colours, GError **error);

/* A number for a legend: decimals digits ("%.*f"), French style when asked
 * (decimal comma, narrow no-break space U+202F between thousands). Caller frees. */
char *tm_number_format(double value, int decimals, gboolean french);

/* Classes from the values of g->column for each feature (joined table
 * column, else layer field; empty or unparsable values are no data); legend
 * labels "[a ; b[" (last "[a ; b]"); a no-data class when needed.  Numbers
 * are parsed with g_ascii_strtod, also accepting a decimal comma. */
tm_symbology_t *tm_classify_graduated(const tm_layer_t *layer, const tm_join_t *join,
                                      const tm_table_t *table, const tm_graduated_t *g,
                                      const tm_style_t *style, GError **error);

/* ---- two periods of one programme ---- */
/* Four classes in this order: kept (in both lists), entering (current
 * only), leaving (previous only), never; fills and labels from the style's
 * [compare] group; counts per class. */
tm_symbology_t *tm_classify_compare(const tm_join_t *current, const tm_join_t *previous,
                                    const tm_style_t *style);

/* ---- colours for neighbours ---- */
/* A colour index per node such that no two nodes of an edge share one
 * (DSatur greedy colouring); edges are pairs (a, b) in a flat array of
 * 2 * n_edges.  Uses at most n_colours colours when it can, more otherwise
 * (*n_used tells).  Deterministic.  Caller frees. */
guint *tm_colour_graph(guint n_nodes, const guint *edges, guint n_edges, guint n_colours,
                       guint *n_used);

G_END_DECLS

#endif
