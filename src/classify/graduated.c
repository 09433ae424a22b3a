/* Graduated maps: a number per feature, class bounds from tm_breaks_compute,
 * a ColorBrewer fill per class and legend labels of left-closed intervals. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "classify_private.h"

/* Digits tried when the style leaves the choice to us: beyond 4, distinct
 * bounds that still print alike are noise, not information. */
#define TM_AUTO_MAX_DECIMALS 4

/* "12.5", " 12,5 " -> 12.5; NAN for empty or unparsable text (no data). */
static double parse_value(const char *text)
{
  if (text == NULL)
    return NAN;
  char *t = g_strstrip(g_strdup(text));
  /* French tables write a decimal comma; "1,234.5" stays ambiguous. */
  if (strchr(t, '.') == NULL) {
    char *comma = strchr(t, ',');
    if (comma != NULL && strchr(comma + 1, ',') == NULL)
      *comma = '.';
  }
  double v = NAN;
  if (*t != '\0') {
    char *end = NULL;
    errno = 0;
    double d = g_ascii_strtod(t, &end);
    if (end != t && *end == '\0' && errno != ERANGE && isfinite(d))
      v = d;
  }
  g_free(t);
  return v;
}

static char *list_columns(const tm_table_t *table)
{
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < table->n_columns; i++)
    g_string_append_printf(s, "%s%s", i ? ", " : "", table->columns[i]);
  return g_string_free(s, FALSE);
}

static void set_unknown_column(const tm_layer_t *layer, const tm_table_t *table,
                               const char *column, GError **error)
{
  char *columns = table ? list_columns(table) : NULL;
  char *fields = layer ? tm_layer_list_fields(layer) : NULL;
  GString *msg = g_string_new(NULL);
  g_string_append_printf(msg, "value '%s': ", column ? column : "");
  if (table != NULL)
    g_string_append_printf(msg, "no column of %s (columns: %s)%s",
                           table->path ? table->path : "table", columns,
                           layer ? " and " : "");
  if (layer != NULL)
    g_string_append_printf(msg, "no field of %s (fields: %s)",
                           layer->path ? layer->path : "layer", fields);
  g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "%s", msg->str);
  g_string_free(msg, TRUE);
  g_free(columns);
  g_free(fields);
}

/* The value of every feature (NAN: no data), from the joined table column
 * when the table has it, else from the layer field. */
static double *feature_values(const tm_layer_t *layer, const tm_join_t *join,
                              const tm_table_t *table, const char *column, guint *n,
                              char **source, GError **error)
{
  gint col = (table != NULL && join != NULL && column != NULL)
                 ? tm_table_find_column(table, column)
                 : -1;
  gint field = (col < 0 && layer != NULL && column != NULL) ? tm_layer_find_field(layer, column)
                                                             : -1;
  if (col < 0 && field < 0) {
    set_unknown_column(layer, join ? table : NULL, column, error);
    return NULL;
  }
  if (col >= 0) {
    *n = join->layer_features;
    double *v = g_new(double, MAX(*n, 1));
    for (guint i = 0; i < *n; i++) {
      gint row = join->feature_row[i];
      v[i] = (row >= 0 && (guint)row < table->n_rows)
                 ? parse_value(tm_table_get(table, (guint)row, (guint)col))
                 : NAN;
    }
    *source = g_strdup(table->path ? table->path : "table");
    return v;
  }
  *n = layer->n_features;
  double *v = g_new(double, MAX(*n, 1));
  for (guint i = 0; i < *n; i++)
    v[i] = parse_value(tm_layer_get_value(layer, i, (guint)field));
  *source = g_strdup(layer->path ? layer->path : "layer");
  return v;
}

/* The fewest digits (0..4) that print every distinct bound differently. */
static int auto_decimals(const double *bounds, guint n_bounds, gboolean french)
{
  for (int d = 0; d < TM_AUTO_MAX_DECIMALS; d++) {
    gboolean distinct = TRUE;
    char *prev = tm_number_format(bounds[0], d, french);
    for (guint i = 1; distinct && i < n_bounds; i++) {
      char *cur = tm_number_format(bounds[i], d, french);
      distinct = bounds[i] == bounds[i - 1] || strcmp(cur, prev) != 0;
      g_free(prev);
      prev = cur;
    }
    g_free(prev);
    if (distinct)
      return d;
  }
  return TM_AUTO_MAX_DECIMALS;
}

static char *interval_label(double a, double b, gboolean last, int decimals, gboolean french)
{
  char *sa = tm_number_format(a, decimals, french);
  /* A class of one value (an outlier ckmeans isolates at the maximum)
   * reads better as that value than as [x ; x]. */
  if (a == b)
    return sa;
  char *sb = tm_number_format(b, decimals, french);
  char *label = g_strdup_printf("[%s ; %s%s", sa, sb, last ? "]" : "[");
  g_free(sa);
  g_free(sb);
  return label;
}

/* The class of v: the last i with bounds[i] <= v, so that a value equal to
 * an inner break goes to the upper class and the maximum to the last. */
static guint class_of(const double *bounds, guint n_classes, double v)
{
  guint lo = 0, hi = n_classes - 1;
  while (lo < hi) {
    guint mid = lo + (hi - lo + 1) / 2;
    if (bounds[mid] <= v)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

static tm_symbology_t *build(const double *values, guint n, const double *bounds,
                             guint n_bounds, const tm_rgba_t *fills, const tm_graduated_t *g,
                             const tm_style_t *style)
{
  guint n_classes = n_bounds - 1, no_data = 0;
  for (guint i = 0; i < n; i++)
    no_data += !isfinite(values[i]);
  tm_symbology_t *sym = tm_symbology_new("graduated", n_classes + (no_data > 0), n);
  int decimals = g->decimals >= 0 ? g->decimals : auto_decimals(bounds, n_bounds, g->french);
  for (guint k = 0; k < n_classes; k++) {
    tm_class_t *c = &sym->classes[k];
    c->label = interval_label(bounds[k], bounds[k + 1], k + 1 == n_classes, decimals, g->french);
    c->fill = fills[k];
    c->has_range = TRUE;
    c->min = bounds[k];
    c->max = bounds[k + 1];
  }
  if (no_data > 0) {
    tm_class_t *nd = &sym->classes[n_classes];
    nd->label = g_strdup(style->no_data_label ? style->no_data_label : "");
    nd->fill = style->no_data_fill;
    nd->no_data = TRUE;
  }
  for (guint i = 0; i < n; i++) {
    guint k = isfinite(values[i]) ? class_of(bounds, n_classes, values[i]) : n_classes;
    sym->feature_class[i] = (gint)k;
    sym->classes[k].count++;
  }
  return sym;
}

tm_symbology_t *tm_classify_graduated(const tm_layer_t *layer, const tm_join_t *join,
                                      const tm_table_t *table, const tm_graduated_t *g,
                                      const tm_style_t *style, GError **error)
{
  g_return_val_if_fail(g != NULL && style != NULL && (layer != NULL || join != NULL), NULL);
  guint n = 0;
  char *source = NULL;
  double *values = feature_values(layer, join, table, g->column, &n, &source, error);
  if (values == NULL)
    return NULL;
  GError *local = NULL;
  guint n_bounds = 0;
  double *bounds = tm_breaks_compute(values, n, g->method, g->n_classes, g->manual, g->n_manual,
                                     &n_bounds, &local);
  tm_rgba_t *fills = NULL;
  if (bounds != NULL) {
    fills = g_new(tm_rgba_t, n_bounds - 1);
    if (!tm_palette_get(g->scheme, n_bounds - 1, fills, &local))
      g_clear_pointer(&bounds, g_free);
  }
  tm_symbology_t *sym = NULL;
  if (bounds != NULL)
    sym = build(values, n, bounds, n_bounds, fills, g, style);
  else
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "%s: value '%s': %s", source, g->column,
                local->message);
  g_clear_error(&local);
  g_free(fills);
  g_free(bounds);
  g_free(values);
  g_free(source);
  return sym;
}
