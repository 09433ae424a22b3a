#include <stdio.h>
#include <stdlib.h>
#include <proj.h>
#include "e2e_util.h"

const char *tm_e2e_data_dir_or_skip(void)
{
  const char *dir = g_getenv("TERRIMAP_DATA");
  if (!dir || !g_file_test(dir, G_FILE_TEST_IS_DIR)) {
    printf("SKIP: real data not found (TERRIMAP_DATA=%s); see README, section Data\n",
           dir ? dir : "(unset)");
    exit(77);
  }
  return dir;
}

int tm_e2e_run(const char *const *args, char **out, char **err)
{
  const char *bin = g_getenv("TERRIMAP_BIN");
  g_assert_nonnull(bin);
  GPtrArray *argv = g_ptr_array_new();
  g_ptr_array_add(argv, (char *)bin);
  for (const char *const *a = args; *a; a++)
    g_ptr_array_add(argv, (char *)*a);
  g_ptr_array_add(argv, NULL);
  int status = 0;
  GError *error = NULL;
  gboolean spawned = g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                  out, err, &status, &error);
  g_assert_no_error(error);
  g_assert_true(spawned);
  g_ptr_array_free(argv, TRUE);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

JsonObject *tm_e2e_frame(JsonObject *meta, const char *name)
{
  JsonArray *frames = json_object_get_array_member(meta, "frames");
  for (guint i = 0; i < json_array_get_length(frames); i++) {
    JsonObject *f = json_array_get_object_element(frames, i);
    if (g_strcmp0(json_object_get_string_member(f, "name"), name) == 0)
      return f;
  }
  return NULL;
}

void tm_e2e_lonlat_to_pixel(JsonObject *frame, double lon, double lat, double *px, double *py)
{
  PJ_CONTEXT *pc = proj_context_create();
  PJ *raw = proj_create_crs_to_crs(pc, "EPSG:4326", json_object_get_string_member(frame, "crs"),
                                   NULL);
  PJ *t = proj_normalize_for_visualization(pc, raw);
  PJ_COORD c = proj_trans(t, PJ_FWD, proj_coord(lon, lat, 0, 0));
  proj_destroy(t);
  proj_destroy(raw);
  proj_context_destroy(pc);
  JsonArray *m = json_object_get_array_member(frame, "transform");
  double a = json_array_get_double_element(m, 0), b = json_array_get_double_element(m, 1);
  double cc = json_array_get_double_element(m, 2), d = json_array_get_double_element(m, 3);
  double e = json_array_get_double_element(m, 4), f = json_array_get_double_element(m, 5);
  *px = a * c.xy.x + b * c.xy.y + cc;
  *py = d * c.xy.x + e * c.xy.y + f;
}

guint32 tm_e2e_pixel(cairo_surface_t *png, int x, int y)
{
  cairo_surface_flush(png);
  g_assert_cmpint(x, >=, 0);
  g_assert_cmpint(y, >=, 0);
  g_assert_cmpint(x, <, cairo_image_surface_get_width(png));
  g_assert_cmpint(y, <, cairo_image_surface_get_height(png));
  const unsigned char *row =
      cairo_image_surface_get_data(png) + (gsize)y * cairo_image_surface_get_stride(png);
  guint32 argb = ((const guint32 *)row)[x];
  return argb & 0xffffff; /* opaque page: premultiplied equals straight */
}

gboolean tm_e2e_colour_near(guint32 a, guint32 b, int tolerance)
{
  for (int shift = 0; shift <= 16; shift += 8)
    if (abs((int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff)) > tolerance)
      return FALSE;
  return TRUE;
}
