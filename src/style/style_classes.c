/* [classes] (graduated maps) and [compare] (two periods).  The method and
 * the scheme are checked here with the classify stage's own parsers, so a
 * style that names a scheme without enough colours fails at load, on its
 * line, rather than after the shapefiles have been read. */
#include "terrimap/classify.h"

#include "style_private.h"

#define TM_STYLE_MIN_CLASSES 2
#define TM_STYLE_MAX_CLASSES 12

/* Re-raises a classify-stage error as a style error at group/key. */
static void fail_from(const tm_style_reader_t *r, GError **error, const char *key,
                      GError *local)
{
  tm_style_reader_fail(r, error, "classes", key, "%s", local->message);
  g_error_free(local);
}

static gboolean read_method(const tm_style_reader_t *r, tm_style_t *s, guint *n_manual,
                            GError **error)
{
  if (!tm_style_read_string(r, "classes", "method", FALSE, &s->classes, error))
    return FALSE;
  tm_breaks_method_t method;
  double *manual = NULL;
  GError *local = NULL;
  if (!tm_breaks_method_parse(s->classes, &method, &manual, n_manual, &local)) {
    fail_from(r, error, "method", local);
    return FALSE;
  }
  g_free(manual);
  if (method != TM_BREAKS_MANUAL)
    *n_manual = 0;
  return TRUE;
}

static gboolean read_scheme(const tm_style_reader_t *r, tm_style_t *s, guint n_manual,
                            GError **error)
{
  if (!tm_style_read_string(r, "classes", "scheme", FALSE, &s->scheme, error))
    return FALSE;
  /* Manual breaks make n + 1 classes whatever count says. */
  guint n = n_manual > 0 ? n_manual + 1 : s->n_classes;
  tm_rgba_t colours[TM_STYLE_MAX_CLASSES + 1];
  GError *local = NULL;
  if (n > G_N_ELEMENTS(colours) || !tm_palette_get(s->scheme, n, colours, &local)) {
    if (local == NULL)
      g_set_error(&local, TM_ERROR, TM_ERROR_ARGUMENT, "%u classes (expected at most %d)", n,
                  TM_STYLE_MAX_CLASSES);
    fail_from(r, error, "scheme", local);
    return FALSE;
  }
  return TRUE;
}

static gboolean read_compare(const tm_style_reader_t *r, tm_style_t *s, GError **error)
{
  return tm_style_read_color(r, "compare", "kept_fill", &s->kept_fill, error) &&
         tm_style_read_string(r, "compare", "kept_label", FALSE, &s->kept_label, error) &&
         tm_style_read_color(r, "compare", "entering_fill", &s->entering_fill, error) &&
         tm_style_read_string(r, "compare", "entering_label", FALSE, &s->entering_label,
                              error) &&
         tm_style_read_color(r, "compare", "leaving_fill", &s->leaving_fill, error) &&
         tm_style_read_string(r, "compare", "leaving_label", FALSE, &s->leaving_label,
                              error) &&
         tm_style_read_color(r, "compare", "never_fill", &s->never_fill, error) &&
         tm_style_read_string(r, "compare", "never_label", FALSE, &s->never_label, error);
}

gboolean tm_style_read_classes(const tm_style_reader_t *r, tm_style_t *s, GError **error)
{
  guint n_manual = 0;
  int count = 0;
  if (!read_method(r, s, &n_manual, error) ||
      !tm_style_read_int(r, "classes", "count", TM_STYLE_MIN_CLASSES, TM_STYLE_MAX_CLASSES,
                         &count, error))
    return FALSE;
  s->n_classes = (guint)count;
  return read_scheme(r, s, n_manual, error) &&
         tm_style_read_bool(r, "classes", "french_numbers", TRUE, &s->french_numbers, error) &&
         tm_style_read_int(r, "classes", "decimals", -1, 6, &s->decimals, error) &&
         read_compare(r, s, error);
}
