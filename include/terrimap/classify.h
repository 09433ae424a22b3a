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
} tm_class_t;

typedef struct {
  char *kind;          /* "membership" or "category" */
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

G_END_DECLS

#endif
