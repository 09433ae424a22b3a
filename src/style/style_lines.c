/* Finding the line of a group or key in a style file.  GKeyFile keeps no
 * line numbers, yet an error that names the line saves the user a search;
 * so the text is scanned again with GKeyFile's own rules (leading blanks
 * ignored, key ends at '=' with trailing blanks dropped). */
#include <string.h>

#include "style_private.h"

/* The group a header line opens, or NULL when the line is not a header. */
static char *header_group(const char *line, gsize len)
{
  if (len < 2 || line[0] != '[')
    return NULL;
  const char *close = NULL;
  for (gsize i = len; i > 1; i--) {
    if (line[i - 1] == ']') {
      close = line + i - 1;
      break;
    }
  }
  if (close == NULL)
    return NULL;
  return g_strndup(line + 1, (gsize)(close - line - 1));
}

static gboolean line_has_key(const char *line, gsize len, const char *key)
{
  const char *eq = memchr(line, '=', len);
  if (eq == NULL)
    return FALSE;
  gsize klen = (gsize)(eq - line);
  while (klen > 0 && g_ascii_isspace(line[klen - 1]))
    klen--;
  return klen == strlen(key) && memcmp(line, key, klen) == 0;
}

guint tm_style_find_line(const char *text, const char *group, const char *key)
{
  if (text == NULL)
    return 0;
  guint found = 0, lineno = 0;
  gboolean in_group = FALSE;
  const char *p = text;
  while (*p != '\0') {
    const char *end = strchr(p, '\n');
    gsize len = end ? (gsize)(end - p) : strlen(p);
    lineno++;
    const char *line = p;
    while (len > 0 && g_ascii_isspace(*line)) {
      line++;
      len--;
    }
    while (len > 0 && g_ascii_isspace(line[len - 1]))
      len--;
    if (len > 0 && line[0] != '#') {
      char *g = header_group(line, len);
      if (g != NULL) {
        in_group = strcmp(g, group) == 0;
        if (in_group && key == NULL && found == 0)
          found = lineno;
        g_free(g);
      } else if (in_group && key != NULL && line_has_key(line, len, key)) {
        found = lineno;
      }
    }
    if (end == NULL)
      break;
    p = end + 1;
  }
  return found;
}

char *tm_style_reader_where(const tm_style_reader_t *r, const char *group, const char *key)
{
  if (r->user != NULL && g_key_file_has_group(r->user, group)) {
    guint line = 0;
    if (key != NULL && g_key_file_has_key(r->user, group, key, NULL))
      line = tm_style_find_line(r->text, group, key);
    if (line == 0)
      line = tm_style_find_line(r->text, group, NULL);
    if (line > 0)
      return g_strdup_printf("%s:%u", r->path, line);
    return g_strdup(r->path);
  }
  return g_strdup("built-in style");
}

void tm_style_reader_fail(const tm_style_reader_t *r, GError **error, const char *group,
                          const char *key, const char *format, ...)
{
  va_list ap;
  va_start(ap, format);
  char *what = g_strdup_vprintf(format, ap);
  va_end(ap);
  char *where = tm_style_reader_where(r, group, key);
  if (key != NULL)
    g_set_error(error, TM_ERROR, TM_ERROR_STYLE, "%s: [%s] %s: %s", where, group, key, what);
  else
    g_set_error(error, TM_ERROR, TM_ERROR_STYLE, "%s: [%s]: %s", where, group, what);
  g_free(where);
  g_free(what);
}

guint tm_style_find_syntax_line(const char *text)
{
  guint lineno = 0;
  gboolean seen_group = FALSE;
  const char *p = text;
  while (p != NULL && *p != '\0') {
    const char *end = strchr(p, '\n');
    gsize len = end ? (gsize)(end - p) : strlen(p);
    lineno++;
    const char *line = p;
    while (len > 0 && g_ascii_isspace(*line)) {
      line++;
      len--;
    }
    if (len > 0 && line[0] != '#') {
      char *g = header_group(line, len);
      if (g != NULL)
        seen_group = TRUE;
      else if (!seen_group || memchr(line, '=', len) == NULL)
        return lineno;
      g_free(g);
    }
    p = end ? end + 1 : NULL;
  }
  return 0;
}
