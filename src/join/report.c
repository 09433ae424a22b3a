/* The join report printed on the terminal: a few lines that say whether
 * the keys met, with a sample of those that did not. */
#include "join_private.h"

/* ": k1, k2, k3 (and N more)", or nothing when the list is empty or no
 * sample is wanted. */
static void print_sample(FILE *out, const GPtrArray *keys, guint sample)
{
  guint shown = MIN(keys->len, sample);
  for (guint i = 0; i < shown; i++)
    fprintf(out, "%s%s", i ? ", " : ": ", (const char *)g_ptr_array_index(keys, i));
  if (shown > 0 && keys->len > shown)
    fprintf(out, " (and %u more)", keys->len - shown);
}

/* "join: table: without a feature, by nature: 3 EPT, 12 COM" */
static void print_natures(FILE *out, const tm_join_t *join)
{
  if (!join->unmatched_natures || join->unmatched_natures->len == 0)
    return;
  GPtrArray *order = g_ptr_array_new();
  GHashTable *count = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < join->unmatched_natures->len; i++) {
    const char *n = g_ptr_array_index(join->unmatched_natures, i);
    guint c = GPOINTER_TO_UINT(g_hash_table_lookup(count, n));
    if (c == 0)
      g_ptr_array_add(order, (gpointer)n);
    g_hash_table_insert(count, (gpointer)n, GUINT_TO_POINTER(c + 1));
  }
  fprintf(out, "join: table: without a feature, by %s:", join->nature_column);
  for (guint i = 0; i < order->len; i++)
    fprintf(out, "%s %u %s", i ? "," : "",
            GPOINTER_TO_UINT(g_hash_table_lookup(count, g_ptr_array_index(order, i))),
            (const char *)g_ptr_array_index(order, i));
  fputc('\n', out);
  g_hash_table_destroy(count);
  g_ptr_array_free(order, TRUE);
}

void tm_join_print_report(const tm_join_t *join, FILE *out, guint sample)
{
  g_return_if_fail(join != NULL && out != NULL);
  char *table_name = g_path_get_basename(join->table_path);
  char *layer_name = g_path_get_basename(join->layer_path);
  fprintf(out, "join: %s (%s) -> %s (%s)\n", table_name, join->key_column, layer_name, join->key_field);

  fprintf(out, "join: layer: %u features, %u matched, %u without a row", join->layer_features,
          join->matched_features, join->layer_features - join->matched_features);
  if (join->null_feature_keys)
    fprintf(out, " (%u with an empty key)", join->null_feature_keys);
  print_sample(out, join->unmatched_features, sample);
  fputc('\n', out);

  guint unmatched_rows = join->table_rows - join->matched_rows;
  fprintf(out, "join: table: %u rows, %u matched, %u without a feature", join->table_rows, join->matched_rows,
          unmatched_rows);
  if (join->empty_row_keys)
    fprintf(out, " (%u with an empty key)", join->empty_row_keys);
  print_sample(out, join->unmatched_rows, sample);
  fputc('\n', out);
  print_natures(out, join);

  if (join->duplicate_keys->len > 0) {
    fprintf(out, "join: table: %u keys on more than one row", join->duplicate_keys->len);
    print_sample(out, join->duplicate_keys, sample);
    fputc('\n', out);
  }
  g_free(table_name);
  g_free(layer_name);
}
