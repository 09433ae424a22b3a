/* Internals of the join stage, shared by its .c files only. */
#ifndef TERRIMAP_JOIN_PRIVATE_H
#define TERRIMAP_JOIN_PRIVATE_H

#include "terrimap/join.h"

G_BEGIN_DECLS

/* ---- csv_scan.c: the byte-level view of a CSV text that libcsv does not
 * give (it reports fields and rows, never where they are). ---- */

/* One record: the bytes of one CSV row (or of a blank line), terminator
 * included.  A quoted field may hold line breaks, so a record can span
 * several lines. */
typedef struct {
  gsize start, end;     /* [start, end) in the scanned text */
  guint line;           /* 1-based line where the record starts */
  guint open_quote_line; /* line of a quote left open at the end of the text, else 0 */
} tm_csv_record_t;

typedef struct {
  const char *data;
  gsize length;
  gsize pos;   /* start of the next record */
  guint line;  /* line at pos */
} tm_csv_scanner_t;

void tm_csv_scanner_init(tm_csv_scanner_t *s, const char *data, gsize length);
/* The next record, or FALSE at the end of the text. */
gboolean tm_csv_scanner_next(tm_csv_scanner_t *s, tm_csv_record_t *record);
/* 1-based line holding byte offset of data (CRLF, LF and a lone CR each end
 * a line, as libcsv sees them). */
guint tm_csv_line_at(const char *data, gsize length, gsize offset);
/* TRUE when the record holds nothing but blanks and line breaks. */
gboolean tm_csv_record_is_blank(const char *data, const tm_csv_record_t *record);
/* ',', ';' or '\t': the most frequent outside quotes in the record, ','
 * when none occurs (a one-column file). */
char tm_csv_detect_delimiter(const char *data, const tm_csv_record_t *record);

/* ---- table.c ---- */

/* A table and the string store its cells and column names point into:
 * one GStringChunk instead of a malloc per cell (the commune tables have
 * ~35,000 rows).  The public struct comes first so tm_table_free can cast
 * back. */
typedef struct {
  tm_table_t table;
  GStringChunk *strings;
} tm_table_store_t;

G_END_DECLS

#endif
