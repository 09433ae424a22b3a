/* Record boundaries, line numbers and delimiter detection for CSV text.
 *
 * libcsv reports fields and rows but not where they come from, so errors
 * could not name a line.  The text is therefore cut into records here, with
 * the same quote rule as RFC 4180 (a quote toggles quoting; a doubled quote
 * toggles twice), and each record is handed to libcsv on its own: a row
 * that libcsv reports while parsing a record starts on that record's line.
 * For any input that libcsv accepts in strict mode the toggle agrees with
 * libcsv's own quoted state, and on the first input it rejects the two
 * agree up to the offending byte, so the line named in an error is right. */
#include "join_private.h"

/* Length of the line break at i: 2 for CRLF, 1 for LF or a lone CR (libcsv
 * ends a row on either byte), else 0. */
static gsize break_length(const char *data, gsize length, gsize i)
{
  if (data[i] == '\n')
    return 1;
  if (data[i] == '\r')
    return (i + 1 < length && data[i + 1] == '\n') ? 2 : 1;
  return 0;
}

void tm_csv_scanner_init(tm_csv_scanner_t *s, const char *data, gsize length)
{
  s->data = data;
  s->length = length;
  s->pos = 0;
  s->line = 1;
}

gboolean tm_csv_scanner_next(tm_csv_scanner_t *s, tm_csv_record_t *record)
{
  if (s->pos >= s->length)
    return FALSE;
  gboolean quoted = FALSE;
  guint line = s->line, quote_line = 0;
  gsize i = s->pos;
  while (i < s->length) {
    if (s->data[i] == '"') {
      quoted = !quoted;
      if (quoted)
        quote_line = line;
      i++;
      continue;
    }
    gsize n = break_length(s->data, s->length, i);
    if (n == 0) {
      i++;
      continue;
    }
    i += n;
    line++;
    if (!quoted)
      break;
  }
  record->start = s->pos;
  record->end = i;
  record->line = s->line;
  record->open_quote_line = quoted ? quote_line : 0;
  s->pos = i;
  s->line = line;
  return TRUE;
}

guint tm_csv_line_at(const char *data, gsize length, gsize offset)
{
  guint line = 1;
  gsize i = 0;
  while (i < offset && i < length) {
    gsize n = break_length(data, length, i);
    if (n == 0) {
      i++;
    } else {
      i += n;
      line++;
    }
  }
  return line;
}

gboolean tm_csv_record_is_blank(const char *data, const tm_csv_record_t *record)
{
  for (gsize i = record->start; i < record->end; i++) {
    char c = data[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
      return FALSE;
  }
  return TRUE;
}

char tm_csv_detect_delimiter(const char *data, const tm_csv_record_t *record)
{
  static const char candidates[] = {',', ';', '\t'};
  gsize counts[G_N_ELEMENTS(candidates)] = {0};
  gboolean quoted = FALSE;
  for (gsize i = record->start; i < record->end; i++) {
    if (data[i] == '"') {
      quoted = !quoted;
      continue;
    }
    if (quoted)
      continue;
    for (gsize k = 0; k < G_N_ELEMENTS(candidates); k++)
      if (data[i] == candidates[k])
        counts[k]++;
  }
  /* Ties go to the earlier candidate, so a header without any delimiter
   * (a single column) reads as comma-separated. */
  gsize best = 0;
  for (gsize k = 1; k < G_N_ELEMENTS(candidates); k++)
    if (counts[k] > counts[best])
      best = k;
  return candidates[best];
}
