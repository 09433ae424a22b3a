/* The fixture: a temporary directory with a tiny valid layer (three squares
 * in mainland France, Lambert-93), a membership table naming two of them,
 * and an output file that already exists. */
#include <string.h>
#include <glib/gstdio.h>
#include <shapefil.h>
#include "cli_test.h"

/* ESRI-style WKT of Lambert-93, as IGN and QGIS write it: no EPSG code, so
 * terrimap has to recognise it. */
static const char cli_lambert93_wkt[] =
    "PROJCS[\"RGF_1993_Lambert_93\",GEOGCS[\"GCS_RGF_1993\",DATUM[\"D_RGF_1993\","
    "SPHEROID[\"GRS_1980\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
    "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Lambert_Conformal_Conic\"],"
    "PARAMETER[\"False_Easting\",700000.0],PARAMETER[\"False_Northing\",6600000.0],"
    "PARAMETER[\"Central_Meridian\",3.0],PARAMETER[\"Standard_Parallel_1\",49.0],"
    "PARAMETER[\"Standard_Parallel_2\",44.0],PARAMETER[\"Latitude_Of_Origin\",46.5],"
    "UNIT[\"Meter\",1.0]]";

void cli_write_text(const char *path, const char *text)
{
  GError *error = NULL;
  g_file_set_contents(path, text, -1, &error);
  g_assert_no_error(error);
}

char *cli_read_file(const char *path, gsize *length)
{
  char *data = NULL;
  if (!g_file_get_contents(path, &data, length, NULL))
    return NULL;
  return data;
}

static void cli_write_shapes(const char *base)
{
  SHPHandle shp = SHPCreate(base, SHPT_POLYGON);
  g_assert_nonnull(shp);
  for (int i = 0; i < 3; i++) {
    double x0 = 650000 + 16000.0 * i, x1 = x0 + 15000, y0 = 6800000, y1 = 6815000;
    /* Clockwise: an exterior ring in the shapefile convention. */
    double x[] = {x0, x0, x1, x1, x0};
    double y[] = {y0, y1, y1, y0, y0};
    SHPObject *o = SHPCreateSimpleObject(SHPT_POLYGON, 5, x, y, NULL);
    g_assert_cmpint(SHPWriteObject(shp, -1, o), ==, i);
    SHPDestroyObject(o);
  }
  SHPClose(shp);
}

static void cli_write_attributes(const char *base, int n_records)
{
  static const char *const codes[] = {"001", "002", "003"};
  /* Accented, so a wrong decoding would show. */
  static const char *const names[] = {"Alpha", "Bêta", "Gamma"};
  DBFHandle dbf = DBFCreateEx(base, "UTF-8");
  g_assert_nonnull(dbf);
  g_assert_cmpint(DBFAddField(dbf, "CODE", FTString, 9, 0), ==, 0);
  g_assert_cmpint(DBFAddField(dbf, "NOM", FTString, 40, 0), ==, 1);
  for (int i = 0; i < n_records && i < 3; i++) {
    g_assert_true(DBFWriteStringAttribute(dbf, i, 0, codes[i]));
    g_assert_true(DBFWriteStringAttribute(dbf, i, 1, names[i]));
  }
  DBFClose(dbf);
}

char *cli_write_shapefile(const char *dir, const char *name, int n_dbf_records)
{
  char *base = g_build_filename(dir, name, NULL);
  cli_write_shapes(base);
  cli_write_attributes(base, n_dbf_records);
  char *prj = g_strconcat(base, ".prj", NULL);
  char *cpg = g_strconcat(base, ".cpg", NULL);
  cli_write_text(prj, cli_lambert93_wkt);
  cli_write_text(cpg, "UTF-8");
  g_free(prj);
  g_free(cpg);
  char *shp = g_strconcat(base, ".shp", NULL);
  g_free(base);
  return shp;
}

void cli_fixture_setup(cli_fixture_t *fx, gconstpointer data)
{
  GError *error = NULL;
  fx->dir = g_dir_make_tmp("terrimap-cli-XXXXXX", &error);
  g_assert_no_error(error);
  fx->shp = cli_write_shapefile(fx->dir, "L", 3);
  fx->shx = g_build_filename(fx->dir, "L.shx", NULL);
  fx->dbf = g_build_filename(fx->dir, "L.dbf", NULL);
  fx->prj = g_build_filename(fx->dir, "L.prj", NULL);
  fx->cpg = g_build_filename(fx->dir, "L.cpg", NULL);
  fx->csv = g_build_filename(fx->dir, "m.csv", NULL);
  cli_write_text(fx->csv, "code,nom\n001,A\n003,C\n");
  fx->out_dir = g_build_filename(fx->dir, "out", NULL);
  g_assert_cmpint(g_mkdir(fx->out_dir, 0755), ==, 0);
  fx->out = g_build_filename(fx->out_dir, "map.png", NULL);
  cli_write_text(fx->out, CLI_OLD_OUTPUT);
  fx->layer = fx->shp;
  fx->key = "CODE";
  fx->join = fx->csv;
  fx->join_key = "code";
}

/* Removes path and, for a directory, everything below it.  Permissions are
 * restored first: some cases make a directory read-only. */
static void cli_remove_tree(const char *path)
{
  if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
    g_chmod(path, 0755);
    GDir *d = g_dir_open(path, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
      char *child = g_build_filename(path, name, NULL);
      cli_remove_tree(child);
      g_free(child);
    }
    if (d)
      g_dir_close(d);
    g_rmdir(path);
  } else {
    g_unlink(path);
  }
}

void cli_fixture_teardown(cli_fixture_t *fx, gconstpointer data)
{
  cli_remove_tree(fx->dir);
  char **paths[] = {&fx->dir, &fx->shp, &fx->shx, &fx->dbf, &fx->prj,
                    &fx->cpg, &fx->csv, &fx->out_dir, &fx->out};
  for (guint i = 0; i < G_N_ELEMENTS(paths); i++)
    g_clear_pointer(paths[i], g_free);
}
