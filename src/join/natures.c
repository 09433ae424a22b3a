/* What the unmatched rows of a mixed-level list are (EPT, communes...):
 * the usual reason an EPCI layer cannot draw them. */
#include "join_private.h"

gboolean tm_join_add_natures(tm_join_t *join, const tm_table_t *table, const char *column)
{
  gint nature = tm_table_find_column(table, column);
  gint key = tm_table_find_column(table, join->key_column);
  if (nature < 0 || key < 0)
    return FALSE;
  GHashTable *of_key = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint row = 0; row < table->n_rows; row++) {
    char *k = g_strstrip(g_strdup(tm_table_get(table, row, (guint)key)));
    if (!g_hash_table_contains(of_key, k))
      g_hash_table_insert(of_key, k, (gpointer)tm_table_get(table, row, (guint)nature));
    else
      g_free(k);
  }
  if (join->unmatched_natures)
    g_ptr_array_free(join->unmatched_natures, TRUE);
  join->unmatched_natures = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < join->unmatched_rows->len; i++) {
    const char *n = g_hash_table_lookup(of_key, g_ptr_array_index(join->unmatched_rows, i));
    g_ptr_array_add(join->unmatched_natures, g_strdup(n && *n ? n : "?"));
  }
  g_free(join->nature_column);
  join->nature_column = g_strdup(table->columns[nature]);
  GList *keys = g_hash_table_get_keys(of_key);
  g_list_free_full(keys, g_free);
  g_hash_table_destroy(of_key);
  return TRUE;
}
