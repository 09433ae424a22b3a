/* Categories: one class per distinct value of a table column among the
 * joined features, in byte order of the value, so that the legend of
 * "ti-0101, ti-0102, ..." reads in code order whatever the table order. */
#include <string.h>

#include "classify_private.h"

typedef struct {
  char *value;     /* trimmed, owned */
  guint first_row; /* first table row holding the value, for the label */
  guint count;
  gint index;      /* class index once sorted */
} tm_category_t;

static void category_free(gpointer p)
{
  tm_category_t *c = p;
  g_free(c->value);
  g_free(c);
}

static int compare_categories(gconstpointer a, gconstpointer b)
{
  const tm_category_t *ca = *(tm_category_t *const *)a;
  const tm_category_t *cb = *(tm_category_t *const *)b;
  return strcmp(ca->value, cb->value);
}

static gboolean find_column(const tm_table_t *table, const char *name, gint *out,
                            GError **error)
{
  *out = name != NULL ? tm_table_find_column(table, name) : -1;
  if (*out >= 0)
    return TRUE;
  GString *cols = g_string_new(NULL);
  for (guint i = 0; i < table->n_columns; i++)
    g_string_append_printf(cols, "%s%s", i ? ", " : "", table->columns[i]);
  g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "%s: no column '%s' (columns: %s)",
              table->path ? table->path : "table", name ? name : "(none)", cols->str);
  g_string_free(cols, TRUE);
  return FALSE;
}

/* The trimmed cell, or NULL when empty; caller frees. */
static char *trimmed_cell(const tm_table_t *table, guint row, guint column)
{
  const char *cell = tm_table_get(table, row, column);
  if (cell == NULL)
    return NULL;
  char *v = g_strstrip(g_strdup(cell));
  if (*v == '\0') {
    g_free(v);
    return NULL;
  }
  return v;
}

/* Distinct values of the table column, keyed by value, first row first. */
static GHashTable *collect_values(const tm_table_t *table, guint column)
{
  GHashTable *values = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, category_free);
  for (guint row = 0; row < table->n_rows; row++) {
    char *v = trimmed_cell(table, row, column);
    if (v == NULL)
      continue;
    if (g_hash_table_contains(values, v)) {
      g_free(v);
      continue;
    }
    tm_category_t *c = g_new0(tm_category_t, 1);
    c->value = v;
    c->first_row = row;
    c->index = -1;
    g_hash_table_insert(values, c->value, c);
  }
  return values;
}

/* The category of feature i, or NULL for no data. */
static tm_category_t *feature_category(const tm_join_t *join, const tm_table_t *table,
                                       guint column, GHashTable *values, guint i)
{
  gint row = join->feature_row[i];
  if (row < 0 || (guint)row >= table->n_rows)
    return NULL;
  char *v = trimmed_cell(table, (guint)row, column);
  tm_category_t *c = v != NULL ? g_hash_table_lookup(values, v) : NULL;
  g_free(v);
  return c;
}

static void fill_class(tm_class_t *cls, const tm_category_t *c, const tm_table_t *table,
                       gint label_column, const tm_style_t *style, guint k)
{
  cls->value = g_strdup(c->value);
  char *label = label_column >= 0 ? trimmed_cell(table, c->first_row, (guint)label_column)
                                  : NULL;
  cls->label = label != NULL ? label : g_strdup(c->value);
  /* Without a palette (a style built by hand) categories fall back to the
   * no-data fill rather than reading past an empty array. */
  cls->fill = style->n_palette > 0 ? style->palette[k % style->n_palette] : style->no_data_fill;
  cls->count = c->count;
}

tm_symbology_t *tm_classify_categories(const tm_join_t *join, const tm_table_t *table,
                                       const char *column, const char *label_column,
                                       const tm_style_t *style, GError **error)
{
  g_return_val_if_fail(join != NULL && table != NULL && style != NULL, NULL);
  gint col = -1, label_col = -1;
  if (!find_column(table, column, &col, error) ||
      (label_column != NULL && !find_column(table, label_column, &label_col, error)))
    return NULL;

  GHashTable *values = collect_values(table, (guint)col);
  guint n = join->layer_features, no_data = 0;
  for (guint i = 0; i < n; i++) {
    tm_category_t *c = feature_category(join, table, (guint)col, values, i);
    if (c != NULL)
      c->count++;
    else
      no_data++;
  }

  /* Only values some feature holds make a class: the legend describes the map. */
  GPtrArray *used = g_ptr_array_new();
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init(&it, values);
  while (g_hash_table_iter_next(&it, &key, &value))
    if (((tm_category_t *)value)->count > 0)
      g_ptr_array_add(used, value);
  g_ptr_array_sort(used, compare_categories);

  tm_symbology_t *sym = tm_symbology_new("category", used->len + (no_data > 0 ? 1 : 0), n);
  for (guint k = 0; k < used->len; k++) {
    tm_category_t *c = g_ptr_array_index(used, k);
    c->index = (gint)k;
    fill_class(&sym->classes[k], c, table, label_col, style, k);
  }
  if (no_data > 0) {
    tm_class_t *nd = &sym->classes[used->len];
    nd->label = g_strdup(style->no_data_label ? style->no_data_label : "");
    nd->fill = style->no_data_fill;
    nd->count = no_data;
    nd->no_data = TRUE;
  }
  for (guint i = 0; i < n; i++) {
    tm_category_t *c = feature_category(join, table, (guint)col, values, i);
    sym->feature_class[i] = c != NULL ? c->index : (gint)used->len;
  }
  g_ptr_array_free(used, TRUE);
  g_hash_table_destroy(values);
  return sym;
}
