/* What part of the map to show ([data] extent), where région and
 * département extents are looked up ([extent]), and how the rest of the
 * country is drawn around it ([context]).  The extent is only checked for
 * its form here: whether région 84 exists is known once the layer is read. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "style_private.h"

#define TM_EXTENT_FORMS                                                                       \
  "region:CODE, departement:CODE, category:VALUE, bbox:x0,y0,x1,y1 or bbox:x0,y0,x1,y1,CRS"

static char *bbox_problem(const char *text, const char *box)
{
  char **parts = g_strsplit(box, ",", -1);
  guint n = g_strv_length(parts);
  double v[4] = {0};
  char *problem = NULL;
  gboolean ok = n == 4 || n == 5;
  for (guint i = 0; ok && i < 4; i++)
    ok = tm_parse_double(g_strstrip(parts[i]), &v[i]);
  if (ok && n == 5)
    ok = *g_strstrip(parts[4]) != '\0';
  if (!ok)
    problem = g_strdup_printf("'%s' is not a box (expected bbox:x0,y0,x1,y1 or "
                              "bbox:x0,y0,x1,y1,CRS with numbers such as 2.25)",
                              text);
  else if (!(v[0] < v[2] && v[1] < v[3]))
    problem = g_strdup_printf("'%s' is an empty box (expected x0 < x1 and y0 < y1)", text);
  g_strfreev(parts);
  return problem;
}

char *tm_style_extent_problem(const char *text)
{
  static const char *const coded[] = {"region", "departement", "category"};
  const char *colon = text ? strchr(text, ':') : NULL;
  if (colon != NULL) {
    gsize len = (gsize)(colon - text);
    char *rest = g_strstrip(g_strdup(colon + 1));
    char *problem = NULL;
    gboolean known = FALSE;
    for (gsize i = 0; !known && i < G_N_ELEMENTS(coded); i++)
      known = strlen(coded[i]) == len && strncmp(text, coded[i], len) == 0;
    if (known && *rest == '\0')
      problem = g_strdup_printf("'%s' names no code (expected %s)", text, TM_EXTENT_FORMS);
    else if (!known && len == 4 && strncmp(text, "bbox", 4) == 0)
      problem = bbox_problem(text, rest);
    else if (!known)
      problem = g_strdup_printf("'%s' is not an extent (expected %s)", text, TM_EXTENT_FORMS);
    g_free(rest);
    return problem;
  }
  return g_strdup_printf("'%s' is not an extent (expected %s)", text ? text : "",
                         TM_EXTENT_FORMS);
}

static gboolean read_data_extent(const tm_style_reader_t *r, tm_style_t *s, GError **error)
{
  if (!tm_style_read_string(r, "data", "extent", TRUE, &s->extent, error))
    return FALSE;
  char *problem = s->extent ? tm_style_extent_problem(s->extent) : NULL;
  if (problem != NULL) {
    tm_style_reader_fail(r, error, "data", "extent", "%s", problem);
    g_free(problem);
    return FALSE;
  }
  return TRUE;
}

gboolean tm_style_read_extent(const tm_style_reader_t *r, tm_style_t *s, GError **error)
{
  return read_data_extent(r, s, error) &&
         tm_style_read_string(r, "extent", "layer", TRUE, &s->extent_layer, error) &&
         tm_style_read_string(r, "extent", "departement_key", TRUE, &s->extent_departement_key,
                              error) &&
         tm_style_read_string(r, "extent", "region_key", TRUE, &s->extent_region_key, error) &&
         tm_style_read_string(r, "extent", "name", TRUE, &s->extent_name_field, error) &&
         tm_style_read_string(r, "extent", "regions", TRUE, &s->extent_regions_layer, error) &&
         tm_style_read_color(r, "context", "fill", &s->context_fill, error) &&
         tm_style_read_color(r, "context", "stroke", &s->context_stroke, error);
}
