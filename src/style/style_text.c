/* [text]: the strings of the page and one text style per role, all sharing
 * the family named by font=. */
#include <string.h>

#include "style_private.h"

/* Text larger than this is a typo (a page is a few hundred points high). */
#define TM_STYLE_MAX_TEXT_PT 500.0

static gboolean read_text_style(const tm_style_reader_t *r, const char *family,
                                const char *size_key, const char *color_key, gboolean bold,
                                gboolean italic, tm_text_style_t *out, GError **error)
{
  out->family = g_strdup(family);
  out->bold = bold;
  out->italic = italic;
  if (!tm_style_read_size(r, "text", size_key, TM_STYLE_MAX_TEXT_PT, &out->size_pt, error))
    return FALSE;
  return tm_style_read_color(r, "text", color_key, &out->color, error);
}

static char *year_now(void)
{
  const char *epoch = g_getenv("SOURCE_DATE_EPOCH");
  GDateTime *dt = NULL;
  if (epoch != NULL && *epoch != '\0') {
    gint64 seconds = 0;
    if (g_ascii_string_to_signed(epoch, 10, 0, G_MAXINT64, &seconds, NULL))
      dt = g_date_time_new_from_unix_utc(seconds);
  }
  /* An unusable SOURCE_DATE_EPOCH falls back to now: a credit line is not
   * worth failing a map for. */
  if (dt == NULL)
    dt = g_date_time_new_now_local();
  char *year = g_strdup_printf("%d", g_date_time_get_year(dt));
  g_date_time_unref(dt);
  return year;
}

static char *replace_all(const char *text, const char *token, const char *by)
{
  char **parts = g_strsplit(text, token, -1);
  char *out = g_strjoinv(by, parts);
  g_strfreev(parts);
  return out;
}

char *tm_style_expand_year(const char *text)
{
  if (text == NULL)
    return NULL;
  if (strstr(text, "{year}") == NULL && strstr(text, "{date}") == NULL)
    return g_strdup(text);
  char *year = year_now();
  char *a = replace_all(text, "{year}", year);
  /* style.h documents "{date}" as the year too. */
  char *b = replace_all(a, "{date}", year);
  g_free(a);
  g_free(year);
  return b;
}

gboolean tm_style_read_text(const tm_style_reader_t *r, tm_style_t *s, GError **error)
{
  char *credits = NULL, *font = NULL;
  gboolean ok =
      tm_style_read_string(r, "text", "title", TRUE, &s->title, error) &&
      tm_style_read_string(r, "text", "subtitle", TRUE, &s->subtitle, error) &&
      tm_style_read_string(r, "text", "credits", TRUE, &credits, error) &&
      tm_style_read_string(r, "text", "legend_title", TRUE, &s->legend_title, error) &&
      tm_style_read_string(r, "text", "font", FALSE, &font, error);
  if (ok && *font == '\0') {
    tm_style_reader_fail(r, error, "text", "font", "empty (expected a font family such as Lato)");
    ok = FALSE;
  }
  ok = ok &&
       read_text_style(r, font, "title_size", "title_color", TRUE, FALSE, &s->title_text,
                       error) &&
       read_text_style(r, font, "subtitle_size", "subtitle_color", FALSE, FALSE,
                       &s->subtitle_text, error) &&
       read_text_style(r, font, "legend_title_size", "legend_color", TRUE, FALSE,
                       &s->legend_title_text, error) &&
       read_text_style(r, font, "legend_size", "legend_color", FALSE, FALSE, &s->legend_text,
                       error) &&
       read_text_style(r, font, "credits_size", "credits_color", FALSE, TRUE, &s->credits_text,
                       error) &&
       read_text_style(r, font, "inset_title_size", "legend_color", FALSE, FALSE,
                       &s->inset_title_text, error) &&
       read_text_style(r, font, "scalebar_size", "legend_color", FALSE, FALSE,
                       &s->scalebar_text, error);
  if (ok)
    s->credits = tm_style_expand_year(credits);
  g_free(credits);
  g_free(font);
  return ok;
}
