/* Numbers for legends.  printf follows LC_NUMERIC, which the CLI may set to
 * a French locale for Pango; g_ascii_formatd never does, so the output
 * depends only on the arguments. */
#include <math.h>
#include <string.h>

#include "classify_private.h"

/* U+202F NARROW NO-BREAK SPACE: the French thousands separator, which
 * never lets a line break split a number. */
#define TM_THOUSANDS_FR "\xe2\x80\xaf"

/* More digits than a double holds only prints noise. */
#define TM_NUMBER_MAX_DECIMALS 15

static gboolean is_negative_zero_text(const char *s)
{
  if (*s != '-')
    return FALSE;
  for (const char *p = s + 1; *p != '\0'; p++)
    if (*p != '0' && *p != '.')
      return FALSE;
  return TRUE;
}

char *tm_number_format(double value, int decimals, gboolean french)
{
  if (!isfinite(value))
    return g_strdup(isnan(value) ? "NaN" : (value > 0 ? "∞" : "-∞"));
  int d = CLAMP(decimals, 0, TM_NUMBER_MAX_DECIMALS);
  char format[16];
  g_snprintf(format, sizeof format, "%%.%df", d);
  /* 1e308 with 15 decimals: 309 digits, a point, 15 decimals and a sign. */
  char buf[G_ASCII_DTOSTR_BUF_SIZE + 340];
  g_ascii_formatd(buf, sizeof buf, format, value);
  const char *text = buf;
  /* -0.001 at 2 decimals prints "-0.00": a legend shows 0. */
  if (is_negative_zero_text(text))
    text++;
  if (!french)
    return g_strdup(text);

  GString *out = g_string_new(NULL);
  if (*text == '-')
    g_string_append_c(out, *text++);
  const char *point = strchr(text, '.');
  gsize int_len = point ? (gsize)(point - text) : strlen(text);
  for (gsize i = 0; i < int_len; i++) {
    if (i > 0 && (int_len - i) % 3 == 0)
      g_string_append(out, TM_THOUSANDS_FR);
    g_string_append_c(out, text[i]);
  }
  if (point != NULL) {
    g_string_append_c(out, ',');
    g_string_append(out, point + 1);
  }
  return g_string_free(out, FALSE);
}
