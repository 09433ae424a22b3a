/* The files around a .shp: naming the companions, checking that they open,
 * reading the .prj (shapelib's file hooks are in file_hooks.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "read_private.h"

char *tm_read_base_path(const char *shp_path, GError **error)
{
  const char *name = strrchr(shp_path, '/');
  name = name ? name + 1 : shp_path;
  const char *dot = strrchr(name, '.');
  if (!dot)
    return g_strdup(shp_path);
  if (g_ascii_strcasecmp(dot, ".shp") != 0) {
    /* shapelib would silently swap any extension for .shp; a .dbf or
     * .geojson given by mistake deserves a plain answer instead. */
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "%s: not a shapefile (expected a path ending in .shp)", shp_path);
    return NULL;
  }
  return g_strndup(shp_path, (gsize)(dot - shp_path));
}

char *tm_read_companion_path(const char *base, const char *ext)
{
  char *lower = g_strconcat(base, ".", ext, NULL);
  if (g_file_test(lower, G_FILE_TEST_EXISTS))
    return lower;
  char *up_ext = g_ascii_strup(ext, -1);
  char *upper = g_strconcat(base, ".", up_ext, NULL);
  g_free(up_ext);
  if (g_file_test(upper, G_FILE_TEST_EXISTS)) {
    g_free(lower);
    return upper;
  }
  g_free(upper);
  return lower;
}

gboolean tm_read_check_readable(const char *path, GError **error)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    int saved = errno;
    g_set_error(error, TM_ERROR, TM_ERROR_IO, "%s: cannot open (%s)", path, g_strerror(saved));
    return FALSE;
  }
  fclose(f);
  return TRUE;
}

gboolean tm_read_crs(tm_layer_t *layer, const char *base, const char *src_crs, GError **error)
{
  if (src_crs && *src_crs) {
    layer->crs = g_strdup(src_crs);
    layer->crs_source = g_strdup("option");
    return TRUE;
  }
  char *prj = tm_read_companion_path(base, "prj");
  char *text = NULL;
  GError *local = NULL;
  gboolean ok = FALSE;
  if (!g_file_get_contents(prj, &text, NULL, &local)) {
    if (g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
      g_set_error(error, TM_ERROR, TM_ERROR_CRS,
                  "%s: missing; the layer's CRS is unknown (give --src-crs, e.g. --src-crs EPSG:2154)",
                  prj);
    else
      g_set_error(error, TM_ERROR, TM_ERROR_IO, "%s: cannot read (%s)", prj, local->message);
    g_clear_error(&local);
  } else if (!g_utf8_validate(text, -1, NULL) || *g_strstrip(text) == '\0') {
    /* An empty or binary .prj says no more than a missing one. */
    g_set_error(error, TM_ERROR, TM_ERROR_CRS,
                "%s: empty or not text; the layer's CRS is unknown "
                "(give --src-crs, e.g. --src-crs EPSG:2154)", prj);
  } else {
    layer->crs = g_strdup(text);
    layer->crs_source = g_strdup("prj");
    ok = TRUE;
  }
  g_free(text);
  g_free(prj);
  return ok;
}
