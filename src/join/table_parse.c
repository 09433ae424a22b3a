/* CSV text -> tm_table_t with libcsv (the only includer of csv.h).
 *
 * libcsv does the RFC 4180 work (quotes, doubled quotes, delimiters and
 * line breaks inside quotes, CRLF); csv_scan.c cuts the text into records
 * so that rows and errors carry their line number. */
#include <csv.h>
#include <string.h>

#include "join_private.h"

#define UTF8_BOM "\xEF\xBB\xBF"

/* Parser state, passed to the libcsv callbacks. */
typedef struct {
  const char *name;
  GStringChunk *strings;
  GPtrArray *fields;   /* char *: the record being read, in strings */
  GPtrArray *header;   /* char *: column names, once the header is read */
  GPtrArray *cells;    /* char *: data cells, n_rows * n_columns */
  GArray *lines;       /* guint: line of each data row */
  guint record_line;   /* line of the record being parsed */
  GError *error;       /* the first error; later callbacks do nothing */
} parse_state_t;

static void on_field(void *field, size_t length, void *data)
{
  parse_state_t *st = data;
  if (st->error)
    return;
  /* CSV_APPEND_NULL terminates every field; NUL bytes were rejected
   * before parsing, so the length is the string length. */
  const char *text = field ? (const char *)field : "";
  g_ptr_array_add(st->fields, g_string_chunk_insert_const(st->strings, text));
  (void)length;
}

static void take_header(parse_state_t *st)
{
  st->header = g_ptr_array_new();
  for (guint i = 0; i < st->fields->len; i++) {
    char *name = g_strstrip(g_strdup(g_ptr_array_index(st->fields, i)));
    g_ptr_array_add(st->header, g_string_chunk_insert_const(st->strings, name));
    g_free(name);
  }
}

static void on_row(int terminator, void *data)
{
  parse_state_t *st = data;
  (void)terminator;
  if (st->error)
    return;
  if (!st->header) {
    take_header(st);
    g_ptr_array_set_size(st->fields, 0);
    return;
  }
  guint n_columns = st->header->len;
  if (st->fields->len > n_columns) {
    g_set_error(&st->error, TM_ERROR, TM_ERROR_FORMAT, "%s: line %u: %u fields, the header has %u",
                st->name, st->record_line, st->fields->len, n_columns);
    return;
  }
  /* tm_table_t counts cells in guint through n_rows * n_columns. */
  if ((gsize)st->lines->len + 1 > G_MAXUINT / n_columns) {
    g_set_error(&st->error, TM_ERROR, TM_ERROR_LIMIT, "%s: line %u: more than %u cells (too large a table)",
                st->name, st->record_line, G_MAXUINT);
    return;
  }
  for (guint i = 0; i < n_columns; i++)
    g_ptr_array_add(st->cells, i < st->fields->len ? g_ptr_array_index(st->fields, i)
                                                   : (gpointer)g_string_chunk_insert_const(st->strings, ""));
  g_array_append_val(st->lines, st->record_line);
  g_ptr_array_set_size(st->fields, 0);
}

/* NUL bytes and invalid UTF-8, with the line of the first one.  CSV has no
 * encoding declaration, so nothing is guessed: the user converts. */
static gboolean check_text(const char *text, gsize length, const char *name, GError **error)
{
  const char *end = NULL;
  if (g_utf8_validate_len(text, length, &end))
    return TRUE;
  gsize offset = (gsize)(end - text);
  guint line = tm_csv_line_at(text, length, offset);
  if (*end == '\0')
    g_set_error(error, TM_ERROR, TM_ERROR_FORMAT,
                "%s: line %u: NUL byte (expected UTF-8 text; is this a UTF-16 or binary file?)", name, line);
  else
    g_set_error(error, TM_ERROR, TM_ERROR_FORMAT,
                "%s: line %u: invalid UTF-8 (expected UTF-8 text; convert the file, e.g. iconv -f CP1252 -t UTF-8)",
                name, line);
  return FALSE;
}

/* Feeds records from the header on to libcsv; FALSE with st->error set on
 * the first problem. */
static gboolean parse_records(parse_state_t *st, tm_csv_scanner_t *scanner, const tm_csv_record_t *header,
                              char delimiter)
{
  struct csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI) != 0) {
    g_set_error(&st->error, TM_ERROR, TM_ERROR_LIMIT, "%s: out of memory starting the CSV parser", st->name);
    return FALSE;
  }
  csv_set_delim(&parser, (unsigned char)delimiter);
  /* libcsv grows its field buffer by a fixed block (128 bytes by default),
   * so a 10 MB field cost 80,000 reallocs copying 400 GB in all wherever
   * realloc cannot grow in place (under ASan: minutes).  A block of a
   * sixteenth of the text bounds it to 16 reallocs per field. */
  csv_set_blk_size(&parser, CLAMP(scanner->length / 16, 128, 64 * 1024 * 1024));
  tm_csv_record_t record = *header;
  gboolean more = TRUE;
  while (more && !st->error) {
    const char *bytes = scanner->data + record.start;
    gsize length = record.end - record.start;
    st->record_line = record.line;
    gsize used = csv_parse(&parser, bytes, length, on_field, on_row, st);
    if (st->error)
      break;
    if (used < length) {
      guint line = record.line + tm_csv_line_at(bytes, length, used) - 1;
      if (csv_error(&parser) == CSV_EPARSE)
        g_set_error(&st->error, TM_ERROR, TM_ERROR_FORMAT,
                    "%s: line %u: misplaced quote (expected quotes only around a whole field, "
                    "and \"\" for a quote inside one)", st->name, line);
      else
        g_set_error(&st->error, TM_ERROR, TM_ERROR_LIMIT, "%s: line %u: %s", st->name, line,
                    csv_strerror(csv_error(&parser)));
      break;
    }
    more = tm_csv_scanner_next(scanner, &record);
  }
  if (!st->error && csv_fini(&parser, on_field, on_row, st) != 0 && !st->error) {
    if (csv_error(&parser) == CSV_EPARSE)
      g_set_error(&st->error, TM_ERROR, TM_ERROR_FORMAT,
                  "%s: line %u: unterminated quoted field (the quote opened on line %u is never closed)",
                  st->name, record.line, record.open_quote_line ? record.open_quote_line : record.line);
    else
      g_set_error(&st->error, TM_ERROR, TM_ERROR_LIMIT, "%s: line %u: %s", st->name, record.line,
                  csv_strerror(csv_error(&parser)));
  }
  csv_free(&parser);
  return st->error == NULL;
}

static tm_table_t *build_table(parse_state_t *st, const char *name, char delimiter)
{
  tm_table_store_t *store = g_new0(tm_table_store_t, 1);
  tm_table_t *t = &store->table;
  store->strings = st->strings;
  st->strings = NULL;
  t->path = g_strdup(name);
  t->delimiter = delimiter;
  t->n_columns = st->header->len;
  t->columns = (char **)g_ptr_array_free(st->header, FALSE);
  st->header = NULL;
  t->n_rows = st->lines->len;
  /* Never NULL, even without rows, so callers can index without a check. */
  g_ptr_array_add(st->cells, NULL);
  t->cells = (char **)g_ptr_array_free(st->cells, FALSE);
  st->cells = NULL;
  t->line = (guint *)g_array_free(st->lines, FALSE);
  st->lines = NULL;
  return t;
}

static void clear_state(parse_state_t *st)
{
  if (st->strings)
    g_string_chunk_free(st->strings);
  g_ptr_array_free(st->fields, TRUE);
  if (st->header)
    g_ptr_array_free(st->header, TRUE);
  if (st->cells)
    g_ptr_array_free(st->cells, TRUE);
  if (st->lines)
    g_array_free(st->lines, TRUE);
}

tm_table_t *tm_table_parse(tm_context_t *ctx, const char *data, gsize length, const char *name,
                           GError **error)
{
  g_return_val_if_fail(data != NULL || length == 0, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  (void)ctx;
  if (!name)
    name = "(table)";
  if (length >= 3 && memcmp(data, UTF8_BOM, 3) == 0) {
    data += 3;
    length -= 3;
  }
  if (!check_text(data, length, name, error))
    return NULL;

  tm_csv_scanner_t scanner;
  tm_csv_record_t header;
  tm_csv_scanner_init(&scanner, data, length);
  gboolean found = FALSE;
  while (!found && tm_csv_scanner_next(&scanner, &header))
    found = !tm_csv_record_is_blank(data, &header);
  if (!found) {
    g_set_error(error, TM_ERROR, TM_ERROR_FORMAT, "%s: no header line (the file is empty; expected column names)",
                name);
    return NULL;
  }
  char delimiter = tm_csv_detect_delimiter(data, &header);

  parse_state_t st = {
    .name = name,
    .strings = g_string_chunk_new(64 * 1024),
    .fields = g_ptr_array_new(),
    .cells = g_ptr_array_new(),
    .lines = g_array_new(FALSE, FALSE, sizeof(guint)),
  };
  tm_table_t *table = NULL;
  if (!parse_records(&st, &scanner, &header, delimiter))
    g_propagate_error(error, st.error);
  else if (!st.header)
    g_set_error(error, TM_ERROR, TM_ERROR_FORMAT, "%s: no header line (expected column names)", name);
  else
    table = build_table(&st, name, delimiter);
  clear_state(&st);
  return table;
}
