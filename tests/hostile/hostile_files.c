/* The fixture and the byte patches that break it. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <shapefil.h>
#include "hostile.h"

static const char hostile_lambert93_wkt[] =
    "PROJCS[\"RGF_1993_Lambert_93\",GEOGCS[\"GCS_RGF_1993\",DATUM[\"D_RGF_1993\","
    "SPHEROID[\"GRS_1980\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
    "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Lambert_Conformal_Conic\"],"
    "PARAMETER[\"False_Easting\",700000.0],PARAMETER[\"False_Northing\",6600000.0],"
    "PARAMETER[\"Central_Meridian\",3.0],PARAMETER[\"Standard_Parallel_1\",49.0],"
    "PARAMETER[\"Standard_Parallel_2\",44.0],PARAMETER[\"Latitude_Of_Origin\",46.5],"
    "UNIT[\"Meter\",1.0]]";

void hostile_write_bytes(const char *path, const void *data, gsize length)
{
  GError *error = NULL;
  g_file_set_contents(path, data, (gssize)length, &error);
  g_assert_no_error(error);
}

void hostile_write_text(const char *path, const char *text)
{
  hostile_write_bytes(path, text, strlen(text));
}

gsize hostile_file_size(const char *path)
{
  GStatBuf st;
  g_assert_cmpint(g_stat(path, &st), ==, 0);
  return (gsize)st.st_size;
}

void hostile_patch_bytes(const char *path, gsize offset, const void *bytes, gsize n)
{
  FILE *f = fopen(path, "r+b");
  g_assert_nonnull(f);
  g_assert_cmpint(fseek(f, (long)offset, SEEK_SET), ==, 0);
  g_assert_cmpuint(fwrite(bytes, 1, n, f), ==, n);
  g_assert_cmpint(fclose(f), ==, 0);
}

void hostile_patch_le32(const char *path, gsize offset, guint32 value)
{
  guint32 le = GUINT32_TO_LE(value);
  hostile_patch_bytes(path, offset, &le, 4);
}

void hostile_patch_be32(const char *path, gsize offset, guint32 value)
{
  guint32 be = GUINT32_TO_BE(value);
  hostile_patch_bytes(path, offset, &be, 4);
}

void hostile_patch_le16(const char *path, gsize offset, guint16 value)
{
  guint16 le = GUINT16_TO_LE(value);
  hostile_patch_bytes(path, offset, &le, 2);
}

void hostile_patch_double(const char *path, gsize offset, double value)
{
  guint64 bits;
  memcpy(&bits, &value, 8);
  bits = GUINT64_TO_LE(bits);
  hostile_patch_bytes(path, offset, &bits, 8);
}

void hostile_truncate(const char *path, gsize length)
{
  gsize size = 0;
  char *data = NULL;
  g_assert_true(g_file_get_contents(path, &data, &size, NULL));
  g_assert_cmpuint(length, <=, size);
  hostile_write_bytes(path, data, length);
  g_free(data);
}

void hostile_extend_sparse(const char *path, guint64 length)
{
  g_assert_cmpuint(hostile_file_size(path), <=, length);
  g_assert_cmpint(truncate(path, (off_t)length), ==, 0);
}

void hostile_write_layer(hostile_fixture_t *fx, guint n_features, const guint *n,
                         const double *const *xy)
{
  char *base = g_strndup(fx->shp, strlen(fx->shp) - 4);
  SHPHandle shp = SHPCreate(base, SHPT_POLYGON);
  g_assert_nonnull(shp);
  for (guint i = 0; i < n_features; i++) {
    double *x = g_new(double, n[i] + 1), *y = g_new(double, n[i] + 1);
    for (guint k = 0; k < n[i]; k++) {
      x[k] = xy[i][2 * k];
      y[k] = xy[i][2 * k + 1];
    }
    SHPObject *o = SHPCreateSimpleObject(SHPT_POLYGON, (int)n[i], x, y, NULL);
    g_assert_cmpint(SHPWriteObject(shp, -1, o), ==, (int)i);
    SHPDestroyObject(o);
    g_free(x);
    g_free(y);
  }
  SHPClose(shp);
  DBFHandle dbf = DBFCreateEx(base, "UTF-8");
  g_assert_nonnull(dbf);
  g_assert_cmpint(DBFAddField(dbf, "CODE", FTString, 9, 0), ==, 0);
  g_assert_cmpint(DBFAddField(dbf, "NOM", FTString, 40, 0), ==, 1);
  for (guint i = 0; i < n_features; i++) {
    char code[8];
    g_snprintf(code, sizeof code, "%03u", i + 1);
    g_assert_true(DBFWriteStringAttribute(dbf, (int)i, 0, code));
    g_assert_true(DBFWriteStringAttribute(dbf, (int)i, 1, i == 1 ? "Bêta" : "Alpha"));
  }
  DBFClose(dbf);
  g_free(base);
}

/* Three clockwise 15 km squares side by side around (660 km, 6 807 km). */
static void hostile_write_squares(hostile_fixture_t *fx)
{
  double rings[3][10];
  const double *xy[3];
  guint n[3] = {5, 5, 5};
  for (int i = 0; i < 3; i++) {
    double x0 = 650000 + 16000.0 * i, x1 = x0 + 15000, y0 = 6800000, y1 = 6815000;
    double r[] = {x0, y0, x0, y1, x1, y1, x1, y0, x0, y0};
    memcpy(rings[i], r, sizeof r);
    xy[i] = rings[i];
  }
  hostile_write_layer(fx, 3, n, xy);
}

void hostile_fixture_init(hostile_fixture_t *fx, gconstpointer data)
{
  GError *error = NULL;
  memset(fx, 0, sizeof *fx);
  fx->dir = g_dir_make_tmp("terrimap-hostile-XXXXXX", &error);
  g_assert_no_error(error);
  fx->shp = g_build_filename(fx->dir, "layer.shp", NULL);
  fx->shx = g_build_filename(fx->dir, "layer.shx", NULL);
  fx->dbf = g_build_filename(fx->dir, "layer.dbf", NULL);
  fx->prj = g_build_filename(fx->dir, "layer.prj", NULL);
  fx->cpg = g_build_filename(fx->dir, "layer.cpg", NULL);
  fx->csv = g_build_filename(fx->dir, "members.csv", NULL);
  fx->style = g_build_filename(fx->dir, "style.ini", NULL);
  char *out_dir = g_build_filename(fx->dir, "out", NULL);
  g_assert_cmpint(g_mkdir(out_dir, 0755), ==, 0);
  fx->out = g_build_filename(out_dir, "map.png", NULL);
  g_free(out_dir);
  hostile_write_squares(fx);
  hostile_write_text(fx->prj, hostile_lambert93_wkt);
  hostile_write_text(fx->cpg, "UTF-8");
  hostile_write_text(fx->csv, "code,nom\n001,Alpha\n002,Bêta\n");
}

static void hostile_remove_tree(const char *dir)
{
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    char *path = g_build_filename(dir, name, NULL);
    if (g_file_test(path, G_FILE_TEST_IS_DIR))
      hostile_remove_tree(path);
    else
      g_unlink(path);
    g_free(path);
  }
  if (d)
    g_dir_close(d);
  g_rmdir(dir);
}

void hostile_fixture_clear(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_remove_tree(fx->dir);
  char **paths[] = {&fx->dir, &fx->shp, &fx->shx, &fx->dbf, &fx->prj,
                    &fx->cpg, &fx->csv, &fx->style, &fx->out};
  for (guint i = 0; i < G_N_ELEMENTS(paths); i++)
    g_clear_pointer(paths[i], g_free);
}
