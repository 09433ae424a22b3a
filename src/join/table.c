/* tm_table_t: reading a CSV file, freeing, lookups.  Parsing is in
 * table_parse.c. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "join_private.h"
#include "terrimap/limits.h"

/* A table that would need more memory than it may use is refused once its
 * text is read, before the cells, keys and join tables are built. */
static gboolean tm_table_check_budget(const char *path, const GByteArray *bytes, GError **error)
{
  const guint8 *p = bytes->data, *end = bytes->data + bytes->len;
  guint64 lines = bytes->len && end[-1] != '\n'; /* a last line without its line break */
  while (p && p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
    lines++;
    p++;
  }
  char *what = g_strdup_printf("%s: %" G_GUINT64_FORMAT " lines", path, lines);
  gboolean ok = tm_limits_check_memory(tm_limits_table_bytes(bytes->len, lines), what, error);
  g_free(what);
  return ok;
}

tm_table_t *tm_table_read(tm_context_t *ctx, const char *path, GError **error)
{
  g_return_val_if_fail(path != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);

  FILE *f = fopen(path, "rb");
  if (!f) {
    int saved = errno;
    g_set_error(error, TM_ERROR, TM_ERROR_IO, "%s: cannot open (%s)", path, g_strerror(saved));
    return NULL;
  }
  GByteArray *bytes = g_byte_array_new();
  guint8 buffer[65536];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, f)) > 0) {
    /* GByteArray counts in guint: refuse rather than abort past 4 GiB. */
    if (n > G_MAXUINT - bytes->len) {
      g_set_error(error, TM_ERROR, TM_ERROR_LIMIT, "%s: larger than 4 GiB (expected a table file)", path);
      fclose(f);
      g_byte_array_free(bytes, TRUE);
      return NULL;
    }
    g_byte_array_append(bytes, buffer, (guint)n);
  }
  /* fread on a directory opens fine and fails here with EISDIR. */
  int failed = ferror(f), saved = errno;
  fclose(f);
  if (failed) {
    g_set_error(error, TM_ERROR, TM_ERROR_IO, "%s: cannot read (%s)", path, g_strerror(saved));
    g_byte_array_free(bytes, TRUE);
    return NULL;
  }
  tm_table_t *table = tm_table_check_budget(path, bytes, error)
                          ? tm_table_parse(ctx, (const char *)bytes->data, bytes->len, path, error)
                          : NULL;
  g_byte_array_free(bytes, TRUE);
  return table;
}

void tm_table_free(tm_table_t *table)
{
  if (!table)
    return;
  tm_table_store_t *store = (tm_table_store_t *)table;
  g_free(table->path);
  g_free(table->columns);
  g_free(table->cells);
  g_free(table->line);
  if (store->strings)
    g_string_chunk_free(store->strings);
  g_free(store);
}

gint tm_table_find_column(const tm_table_t *table, const char *name)
{
  g_return_val_if_fail(table != NULL && name != NULL, -1);
  for (guint c = 0; c < table->n_columns; c++)
    if (strcmp(table->columns[c], name) == 0)
      return (gint)c;
  /* Column names are UTF-8 ("Libellé"), so fold case the Unicode way. */
  char *wanted = g_utf8_casefold(name, -1);
  gint found = -1;
  for (guint c = 0; c < table->n_columns && found < 0; c++) {
    char *folded = g_utf8_casefold(table->columns[c], -1);
    if (strcmp(folded, wanted) == 0)
      found = (gint)c;
    g_free(folded);
  }
  g_free(wanted);
  return found;
}

const char *tm_table_get(const tm_table_t *table, guint row, guint column)
{
  g_return_val_if_fail(table != NULL, "");
  g_return_val_if_fail(row < table->n_rows && column < table->n_columns, "");
  return table->cells[(gsize)row * table->n_columns + column];
}
