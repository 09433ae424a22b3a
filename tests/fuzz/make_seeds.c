/* Writes the seed inputs of fuzz_shapefile and fuzz_render from real data:
 *   make_seeds SHAPEFILE.shp OUT_DIR
 * takes the records with the fewest points of SHAPEFILE (the EPCI layer
 * has a few small ones) and writes 1-, 2- and 3-feature shapefiles with
 * shapelib, each packed in fuzz_shapefile's input format, plus synthetic
 * ones for what real data lacks (a hole, PolygonZ, a null shape, a CP1252
 * DBF with a language byte).  Not part of the build: the seeds are
 * committed, this says where they came from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <shapefil.h>

static void put_u16(GByteArray *out, gsize n)
{
  guint8 b[2] = {(guint8)(n & 0xff), (guint8)(n >> 8)};
  g_byte_array_append(out, b, 2);
}

static void append_file(GByteArray *out, const char *path, gboolean prefixed)
{
  char *data = NULL;
  gsize n = 0;
  if (!g_file_get_contents(path, &data, &n, NULL))
    n = 0;
  if (prefixed) {
    if (n > 0xffff) {
      fprintf(stderr, "%s: %zu bytes, too large for a seed\n", path, (size_t)n);
      exit(1);
    }
    put_u16(out, n);
  }
  g_byte_array_append(out, (const guint8 *)data, (guint)n);
  g_free(data);
}

/* base.{shp,shx,dbf,cpg} -> out_dir/name */
static void pack(const char *base, const char *out_dir, const char *name)
{
  GByteArray *out = g_byte_array_new();
  const char *exts[] = {"shp", "shx", "dbf", "cpg"};
  for (int i = 0; i < 4; i++) {
    char *p = g_strconcat(base, ".", exts[i], NULL);
    append_file(out, p, i < 3);
    g_unlink(p);
    g_free(p);
  }
  char *path = g_build_filename(out_dir, name, NULL);
  g_file_set_contents(path, (const char *)out->data, out->len, NULL);
  g_free(path);
  g_byte_array_free(out, TRUE);
}

typedef struct {
  int index, n;
} rec_t;

static int by_points(const void *a, const void *b)
{
  return ((const rec_t *)a)->n - ((const rec_t *)b)->n;
}

static void from_real(const char *src, const char *tmp, const char *out_dir)
{
  SHPHandle in = SHPOpen(src, "rb");
  char *dbf_path = g_strdup(src);
  memcpy(dbf_path + strlen(dbf_path) - 3, "dbf", 3);
  DBFHandle din = DBFOpen(dbf_path, "rb");
  g_free(dbf_path);
  if (!in || !din) {
    fprintf(stderr, "%s: cannot open\n", src);
    exit(1);
  }
  int n = 0;
  SHPGetInfo(in, &n, NULL, NULL, NULL);
  rec_t *recs = g_new(rec_t, n);
  for (int i = 0; i < n; i++) {
    SHPObject *o = SHPReadObject(in, i);
    recs[i] = (rec_t){i, o ? o->nVertices : 1 << 30};
    SHPDestroyObject(o);
  }
  qsort(recs, (size_t)n, sizeof *recs, by_points);
  for (int count = 1; count <= 3; count++) {
    char *base = g_build_filename(tmp, "seed", NULL);
    SHPHandle out = SHPCreate(base, SHPT_POLYGON);
    DBFHandle dout = DBFCreateEx(base, "UTF-8");
    DBFAddField(dout, "CODE_SIREN", FTString, 9, 0);
    DBFAddField(dout, "NOM", FTString, 40, 0);
    DBFAddField(dout, "NB_COM", FTInteger, 6, 0);
    for (int k = 0; k < count; k++) {
      /* count 3 takes a larger record, with several parts when there is one. */
      int r = recs[k + (count == 3 ? 20 : 0)].index;
      SHPObject *o = SHPReadObject(in, r);
      SHPWriteObject(out, -1, o);
      SHPDestroyObject(o);
      DBFWriteStringAttribute(dout, k, 0, DBFReadStringAttribute(din, r, 0));
      DBFWriteStringAttribute(dout, k, 1, DBFReadStringAttribute(din, r, 1));
      DBFWriteIntegerAttribute(dout, k, 2, DBFReadIntegerAttribute(din, r, 3));
    }
    SHPClose(out);
    DBFClose(dout);
    char *cpg = g_strconcat(base, ".cpg", NULL);
    g_file_set_contents(cpg, "UTF-8", -1, NULL);
    g_free(cpg);
    char name[32];
    snprintf(name, sizeof name, "real_%d_features", count);
    pack(base, out_dir, name);
    g_free(base);
  }
  g_free(recs);
  SHPClose(in);
  DBFClose(din);
}

/* A square with a square hole, a PolygonZ triangle-ish ring and a null
 * shape, with CP1252 names announced by the DBF language byte only. */
static void synthetic(const char *tmp, const char *out_dir, int type, const char *name)
{
  char *base = g_build_filename(tmp, "syn", NULL);
  SHPHandle out = SHPCreate(base, type);
  DBFHandle dout = DBFCreateEx(base, "LDID/87");
  DBFAddField(dout, "CODE", FTString, 5, 0);
  DBFAddField(dout, "NOM", FTString, 12, 0);
  DBFAddField(dout, "SURF", FTDouble, 10, 3);
  double x[] = {0, 0, 10, 10, 0, 2, 8, 8, 2, 2};
  double y[] = {0, 10, 10, 0, 0, 2, 2, 8, 8, 2};
  double z[10] = {0};
  int starts[] = {0, 5};
  SHPObject *o = SHPCreateObject(type, -1, 2, starts, NULL, 10, x, y, z, NULL);
  SHPWriteObject(out, -1, o);
  SHPDestroyObject(o);
  o = SHPCreateObject(SHPT_NULL, -1, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL);
  SHPWriteObject(out, -1, o);
  SHPDestroyObject(o);
  DBFWriteStringAttribute(dout, 0, 0, "001");
  DBFWriteStringAttribute(dout, 0, 1, "B\xeata");
  DBFWriteDoubleAttribute(dout, 0, 2, 96.0);
  DBFWriteStringAttribute(dout, 1, 0, "002");
  DBFWriteNULLAttribute(dout, 1, 1);
  DBFWriteNULLAttribute(dout, 1, 2);
  SHPClose(out);
  DBFClose(dout);
  pack(base, out_dir, name);
  g_free(base);
}

int main(int argc, char **argv)
{
  if (argc != 3) {
    fprintf(stderr, "usage: make_seeds SHAPEFILE.shp OUT_DIR\n");
    return 2;
  }
  char *tmp = g_dir_make_tmp("seeds-XXXXXX", NULL);
  g_mkdir_with_parents(argv[2], 0755);
  from_real(argv[1], tmp, argv[2]);
  synthetic(tmp, argv[2], SHPT_POLYGON, "synthetic_hole_cp1252");
  synthetic(tmp, argv[2], SHPT_POLYGONZ, "synthetic_polygonz");
  g_rmdir(tmp);
  g_free(tmp);
  return 0;
}
