/* Join stage: CSV -> tm_table_t (libcsv), key join with a layer, join report.
 * The only includer of csv.h.  Keys are strings, compared exactly after
 * trimming surrounding blanks: "01" and "1" are different keys. */
#ifndef TERRIMAP_JOIN_H
#define TERRIMAP_JOIN_H

#include <stdio.h>
#include "terrimap/core.h"
#include "terrimap/read.h"

G_BEGIN_DECLS

typedef struct {
  char *path;        /* as given (or a name for in-memory data) */
  char delimiter;    /* detected: ',', ';' or '\t' */
  guint n_columns;
  char **columns;    /* header names, UTF-8, BOM removed */
  guint n_rows;      /* data rows (header excluded, blank lines skipped) */
  char **cells;      /* n_rows * n_columns, never NULL ("" for empty or missing) */
  guint *line;       /* 1-based line number where each row starts */
} tm_table_t;

/* Reads a CSV file: delimiter detected from the header line, optional UTF-8
 * BOM, RFC 4180 quoting, CRLF or LF.  Invalid UTF-8, an unterminated quote,
 * NUL bytes: errors naming the file and line. */
tm_table_t *tm_table_read(tm_context_t *ctx, const char *path, GError **error);
/* Same from memory; name is used in messages. */
tm_table_t *tm_table_parse(tm_context_t *ctx, const char *data, gsize length,
                           const char *name, GError **error);
void tm_table_free(tm_table_t *table);
/* Column index (exact, then case-insensitive), or -1. */
gint tm_table_find_column(const tm_table_t *table, const char *name);
const char *tm_table_get(const tm_table_t *table, guint row, guint column);

typedef struct {
  char *layer_path, *key_field;
  char *table_path, *key_column;
  guint layer_features;     /* features in the layer */
  guint table_rows;         /* rows in the table */
  guint matched_features;   /* features whose key is in the table */
  guint matched_rows;       /* rows whose key matches at least one feature */
  gint *feature_row;        /* per feature: the first matching row, or -1 */
  GPtrArray *unmatched_features; /* char*: keys of unmatched features, layer order, unique; null or empty keys are only counted in null_feature_keys */
  GPtrArray *unmatched_rows;     /* char*: keys of unmatched rows, table order, unique */
  GPtrArray *duplicate_keys;     /* char*: table keys found on more than one row */
  GPtrArray *unmatched_natures;  /* char*: per unmatched_rows entry, its row's value in the
                                    nature column (tm_join_add_natures), else NULL */
  char *nature_column;
  guint null_feature_keys;  /* features whose key is null or empty */
  guint empty_row_keys;     /* rows whose key is empty */
} tm_join_t;

/* Joins table rows to layer features on layer field key_field = table
 * column key_column.  A row matching several features (a multi-record
 * EPCI) joins all of them.  Unknown field or column: TM_ERROR_ARGUMENT
 * naming the file and listing what exists. */
tm_join_t *tm_join_new(tm_context_t *ctx, const tm_layer_t *layer, const char *key_field,
                       const tm_table_t *table, const char *key_column, GError **error);
void tm_join_free(tm_join_t *join);
/* A mixed-level list (EPCI, EPT, communes...) says what each member is in
 * a column such as "nature": records, for each unmatched row key, its
 * nature, so the report can say "3 EPT, 12 COM" rather than "15 keys".
 * FALSE (and nothing recorded) when the table has no such column. */
gboolean tm_join_add_natures(tm_join_t *join, const tm_table_t *table, const char *column);
/* The report for a terminal: counts and at most sample unmatched keys per side. */
void tm_join_print_report(const tm_join_t *join, FILE *out, guint sample);

G_END_DECLS

#endif
