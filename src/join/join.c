/* The key join: table rows -> layer features on one key each side. */
#include "join_private.h"

/* "A, B, C" for error messages. */
static char *list_names(char *const *names, guint n)
{
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf(s, "%s%s", i ? ", " : "", names[i]);
  return g_string_free(s, FALSE);
}

static char *list_layer_fields(const tm_layer_t *layer)
{
  char **names = g_new0(char *, layer->n_fields + 1);
  for (guint i = 0; i < layer->n_fields; i++)
    names[i] = layer->fields[i].name;
  char *text = list_names(names, layer->n_fields);
  g_free(names);
  return text;
}

/* Keys are compared after trimming blanks; "" means no key. */
static char *trimmed_key(const char *value)
{
  return g_strstrip(g_strdup(value ? value : ""));
}

/* Appends key to list once; seen owns nothing and points into list. */
static void add_unique(GPtrArray *list, GHashTable *seen, const char *key)
{
  if (g_hash_table_contains(seen, key))
    return;
  char *copy = g_strdup(key);
  g_ptr_array_add(list, copy);
  g_hash_table_add(seen, copy);
}

typedef struct {
  char **row_keys;     /* trimmed key per row */
  GHashTable *first;   /* key -> first row index + 1 (borrowed keys) */
} row_index_t;

static void index_rows(tm_join_t *join, const tm_table_t *table, guint column, row_index_t *ix)
{
  ix->row_keys = g_new0(char *, (gsize)table->n_rows + 1);
  ix->first = g_hash_table_new(g_str_hash, g_str_equal);
  GHashTable *dup_seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint r = 0; r < table->n_rows; r++) {
    char *key = ix->row_keys[r] = trimmed_key(tm_table_get(table, r, column));
    if (*key == '\0')
      join->empty_row_keys++;
    else if (g_hash_table_contains(ix->first, key))
      add_unique(join->duplicate_keys, dup_seen, key);
    else
      g_hash_table_insert(ix->first, key, GUINT_TO_POINTER(r + 1));
  }
  g_hash_table_destroy(dup_seen);
}

static void match_features(tm_join_t *join, const tm_layer_t *layer, guint field, const row_index_t *ix,
                           GHashTable *matched_keys)
{
  GHashTable *unmatched_seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < layer->n_features; i++) {
    join->feature_row[i] = -1;
    char *key = trimmed_key(layer->values[(gsize)i * layer->n_fields + field]);
    if (*key == '\0') {
      join->null_feature_keys++;
      g_free(key);
      continue;
    }
    gpointer found = NULL;
    char *row_key = NULL;
    if (g_hash_table_lookup_extended(ix->first, key, (gpointer *)&row_key, &found)) {
      join->feature_row[i] = (gint)(GPOINTER_TO_UINT(found) - 1);
      join->matched_features++;
      g_hash_table_add(matched_keys, row_key);
    } else {
      add_unique(join->unmatched_features, unmatched_seen, key);
    }
    g_free(key);
  }
  g_hash_table_destroy(unmatched_seen);
}

/* Every row whose key met a feature counts as matched, duplicates
 * included: they are the same territory listed twice, not missing data. */
static void count_rows(tm_join_t *join, const tm_table_t *table, const row_index_t *ix, GHashTable *matched_keys)
{
  GHashTable *unmatched_seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint r = 0; r < table->n_rows; r++) {
    const char *key = ix->row_keys[r];
    if (*key == '\0')
      continue;
    if (g_hash_table_contains(matched_keys, key))
      join->matched_rows++;
    else
      add_unique(join->unmatched_rows, unmatched_seen, key);
  }
  g_hash_table_destroy(unmatched_seen);
}

tm_join_t *tm_join_new(tm_context_t *ctx, const tm_layer_t *layer, const char *key_field,
                       const tm_table_t *table, const char *key_column, GError **error)
{
  g_return_val_if_fail(layer != NULL && table != NULL, NULL);
  g_return_val_if_fail(key_field != NULL && key_column != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  (void)ctx;
  const char *layer_path = layer->path ? layer->path : "(layer)";
  const char *table_path = table->path ? table->path : "(table)";

  gint field = tm_layer_find_field(layer, key_field);
  if (field < 0) {
    char *names = list_layer_fields(layer);
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "%s: no field '%s' (fields: %s)", layer_path, key_field, names);
    g_free(names);
    return NULL;
  }
  gint column = tm_table_find_column(table, key_column);
  if (column < 0) {
    char *names = list_names(table->columns, table->n_columns);
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "%s: no column '%s' (columns: %s)", table_path, key_column,
                names);
    g_free(names);
    return NULL;
  }

  tm_join_t *join = g_new0(tm_join_t, 1);
  join->layer_path = g_strdup(layer_path);
  /* The names as found, which may differ in case from what was asked. */
  join->key_field = g_strdup(layer->fields[field].name);
  join->table_path = g_strdup(table_path);
  join->key_column = g_strdup(table->columns[column]);
  join->layer_features = layer->n_features;
  join->table_rows = table->n_rows;
  join->feature_row = g_new(gint, (gsize)layer->n_features + 1);
  join->unmatched_features = g_ptr_array_new_with_free_func(g_free);
  join->unmatched_rows = g_ptr_array_new_with_free_func(g_free);
  join->duplicate_keys = g_ptr_array_new_with_free_func(g_free);

  row_index_t ix;
  index_rows(join, table, (guint)column, &ix);
  GHashTable *matched_keys = g_hash_table_new(g_str_hash, g_str_equal);
  match_features(join, layer, (guint)field, &ix, matched_keys);
  count_rows(join, table, &ix, matched_keys);
  g_hash_table_destroy(matched_keys);
  g_hash_table_destroy(ix.first);
  g_strfreev(ix.row_keys);
  return join;
}

void tm_join_free(tm_join_t *join)
{
  if (!join)
    return;
  g_free(join->layer_path);
  g_free(join->key_field);
  g_free(join->table_path);
  g_free(join->key_column);
  g_free(join->feature_row);
  g_ptr_array_free(join->unmatched_features, TRUE);
  if (join->unmatched_natures)
    g_ptr_array_free(join->unmatched_natures, TRUE);
  g_free(join->nature_column);
  g_ptr_array_free(join->unmatched_rows, TRUE);
  g_ptr_array_free(join->duplicate_keys, TRUE);
  g_free(join);
}
