/* Typed readers of style values.  Each one names file:line, the key and the
 * accepted form or range, so a bad style is fixed from the message alone. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "style_private.h"

/* The raw value, blanks trimmed; NULL (with an error) when the key is absent,
 * which only a broken built-in style or an incomplete [frame] can cause. */
static char *raw_value(const tm_style_reader_t *r, const char *group, const char *key,
                       GError **error)
{
  char *v = g_key_file_get_value(r->merged, group, key, NULL);
  if (v == NULL) {
    tm_style_reader_fail(r, error, group, key, "missing");
    return NULL;
  }
  return g_strstrip(v);
}

gboolean tm_style_read_string(const tm_style_reader_t *r, const char *group, const char *key,
                              gboolean empty_is_null, char **out, GError **error)
{
  GError *local = NULL;
  /* g_key_file_get_string handles the escapes (\n, \s, \\) a user expects. */
  char *v = g_key_file_get_string(r->merged, group, key, &local);
  if (v == NULL) {
    if (g_error_matches(local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND) ||
        g_error_matches(local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND)) {
      g_clear_error(&local);
      if (empty_is_null) {
        *out = NULL;
        return TRUE;
      }
      tm_style_reader_fail(r, error, group, key, "missing");
      return FALSE;
    }
    tm_style_reader_fail(r, error, group, key, "%s", local->message);
    g_clear_error(&local);
    return FALSE;
  }
  g_strstrip(v);
  if (empty_is_null && *v == '\0') {
    g_free(v);
    v = NULL;
  }
  *out = v;
  return TRUE;
}

/* min_exclusive: sizes must be > 0, yet 0.01 pt is allowed. */
static gboolean read_number(const tm_style_reader_t *r, const char *group, const char *key,
                            double min, gboolean min_exclusive, double max,
                            const char *expected, double *out, GError **error)
{
  char *v = raw_value(r, group, key, error);
  if (v == NULL)
    return FALSE;
  double d = 0;
  gboolean ok = FALSE;
  if (!tm_parse_double(v, &d))
    tm_style_reader_fail(r, error, group, key, "'%s' is not a number (expected %s)", v,
                         expected);
  else if (d < min || (min_exclusive && d == min) || d > max)
    tm_style_reader_fail(r, error, group, key, "%s is out of range (expected %s)", v, expected);
  else {
    *out = d;
    ok = TRUE;
  }
  g_free(v);
  return ok;
}

gboolean tm_style_read_double(const tm_style_reader_t *r, const char *group, const char *key,
                              double min, double max, double *out, GError **error)
{
  char expected[96];
  g_snprintf(expected, sizeof expected, "%g to %g", min, max);
  return read_number(r, group, key, min, FALSE, max, expected, out, error);
}

gboolean tm_style_read_size(const tm_style_reader_t *r, const char *group, const char *key,
                            double max, double *out, GError **error)
{
  char expected[96];
  g_snprintf(expected, sizeof expected, "more than 0 and at most %g points", max);
  return read_number(r, group, key, 0.0, TRUE, max, expected, out, error);
}

gboolean tm_style_read_int(const tm_style_reader_t *r, const char *group, const char *key,
                           int min, int max, int *out, GError **error)
{
  char *v = raw_value(r, group, key, error);
  if (v == NULL)
    return FALSE;
  gint64 n = 0;
  GError *local = NULL;
  gboolean ok = FALSE;
  if (!g_ascii_string_to_signed(v, 10, G_MININT64, G_MAXINT64, &n, &local))
    tm_style_reader_fail(r, error, group, key, "'%s' is not an integer (expected %d to %d)", v,
                         min, max);
  else if (n < min || n > max)
    tm_style_reader_fail(r, error, group, key, "%s is out of range (expected %d to %d)", v,
                         min, max);
  else {
    *out = (int)n;
    ok = TRUE;
  }
  g_clear_error(&local);
  g_free(v);
  return ok;
}

gboolean tm_style_read_bool(const tm_style_reader_t *r, const char *group, const char *key,
                            gboolean fallback, gboolean *out, GError **error)
{
  if (!g_key_file_has_key(r->merged, group, key, NULL)) {
    *out = fallback;
    return TRUE;
  }
  char *v = raw_value(r, group, key, error);
  if (v == NULL)
    return FALSE;
  gboolean ok = TRUE;
  if (g_ascii_strcasecmp(v, "true") == 0 || g_ascii_strcasecmp(v, "yes") == 0 ||
      strcmp(v, "1") == 0)
    *out = TRUE;
  else if (g_ascii_strcasecmp(v, "false") == 0 || g_ascii_strcasecmp(v, "no") == 0 ||
           strcmp(v, "0") == 0)
    *out = FALSE;
  else {
    tm_style_reader_fail(r, error, group, key, "'%s' is not a boolean (expected true or false)",
                         v);
    ok = FALSE;
  }
  g_free(v);
  return ok;
}

gboolean tm_style_read_color(const tm_style_reader_t *r, const char *group, const char *key,
                             tm_rgba_t *out, GError **error)
{
  char *v = raw_value(r, group, key, error);
  if (v == NULL)
    return FALSE;
  gboolean ok = tm_rgba_parse(v, out);
  if (!ok)
    tm_style_reader_fail(r, error, group, key, "'%s' is not a colour (expected #rrggbb)", v);
  g_free(v);
  return ok;
}

/* More colours than this is a mistake, not a palette. */
#define TM_STYLE_MAX_PALETTE 1024

gboolean tm_style_read_palette(const tm_style_reader_t *r, const char *group, const char *key,
                               tm_rgba_t **out, guint *n_out, GError **error)
{
  char *v = raw_value(r, group, key, error);
  if (v == NULL)
    return FALSE;
  char **parts = g_strsplit(v, ",", -1);
  guint n = g_strv_length(parts);
  gboolean ok = TRUE;
  if (*v == '\0' || n > TM_STYLE_MAX_PALETTE) {
    tm_style_reader_fail(r, error, group, key,
                         "%u colours (expected a comma-separated list of 1 to %d colours)",
                         *v == '\0' ? 0 : n, TM_STYLE_MAX_PALETTE);
    ok = FALSE;
  }
  tm_rgba_t *colours = ok ? g_new0(tm_rgba_t, n) : NULL;
  for (guint i = 0; ok && i < n; i++) {
    g_strstrip(parts[i]);
    if (!tm_rgba_parse(parts[i], &colours[i])) {
      tm_style_reader_fail(r, error, group, key,
                           "colour %u: '%s' is not a colour (expected #rrggbb)", i + 1,
                           parts[i]);
      ok = FALSE;
    }
  }
  if (ok) {
    *out = colours;
    *n_out = n;
  } else {
    g_free(colours);
  }
  g_strfreev(parts);
  g_free(v);
  return ok;
}

gboolean tm_style_read_paper(const tm_style_reader_t *r, const char *group, const char *key,
                             char **out, GError **error)
{
  static const char *const papers[] = {"A0", "A1", "A2", "A3", "A4", "A5", "letter"};
  char *v = raw_value(r, group, key, error);
  if (v == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS(papers); i++) {
    if (g_ascii_strcasecmp(v, papers[i]) == 0) {
      *out = g_strdup(papers[i]);
      g_free(v);
      return TRUE;
    }
  }
  tm_style_reader_fail(r, error, group, key,
                       "'%s' is not a paper size (expected A0, A1, A2, A3, A4, A5 or letter)", v);
  g_free(v);
  return FALSE;
}

gboolean tm_style_read_choice(const tm_style_reader_t *r, const char *group, const char *key,
                              const char *const *choices, int *out, GError **error)
{
  char *v = raw_value(r, group, key, error);
  if (v == NULL)
    return FALSE;
  for (int i = 0; choices[i] != NULL; i++) {
    if (g_ascii_strcasecmp(v, choices[i]) == 0) {
      *out = i;
      g_free(v);
      return TRUE;
    }
  }
  GString *expected = g_string_new(NULL);
  for (int i = 0; choices[i] != NULL; i++)
    g_string_append_printf(expected, "%s%s", i == 0 ? "" : choices[i + 1] ? ", " : " or ",
                           choices[i]);
  tm_style_reader_fail(r, error, group, key, "unknown value '%s' (expected %s)", v,
                       expected->str);
  g_string_free(expected, TRUE);
  g_free(v);
  return FALSE;
}
