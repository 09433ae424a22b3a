/* Hostile files through the real binary: every one ends with a clear
 * message (file, record or line, what was wrong) and exit 1, or with a
 * warning and a map where the data can still be drawn.  The output file
 * must not exist after a failure (no half-written map is left). */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <shapefil.h>
#include "hostile.h"

#define HOSTILE_ADD(name, func) \
  HOSTILE_TEST_ADD("/hostile/" name, func)

/* Runs render and checks: exit code, the needles, and whether a map was written. */
static void expect(const hostile_fixture_t *fx, gboolean with_style, int code,
                   const char *const *needles, const char *file, int line)
{
  hostile_result_t r;
  hostile_render(&r, fx, with_style, NULL);
  hostile_check(&r, code, needles, file, line);
  gboolean written = g_file_test(fx->out, G_FILE_TEST_EXISTS);
  if (written != (code == HOSTILE_EXIT_OK)) {
    char *msg = g_strdup_printf("%s: %s (exit %d)\n%s", fx->out,
                                written ? "written by a failed run" : "not written", r.code, r.err);
    g_assertion_message(G_LOG_DOMAIN, file, line, G_STRFUNC, msg);
    g_free(msg);
  }
  hostile_result_clear(&r);
}
#define EXPECT(fx, code, ...) \
  expect((fx), FALSE, (code), (const char *const[]){__VA_ARGS__, NULL}, __FILE__, __LINE__)
#define EXPECT_STYLE(fx, code, ...) \
  expect((fx), TRUE, (code), (const char *const[]){__VA_ARGS__, NULL}, __FILE__, __LINE__)

static gsize record_at(guint i)
{
  return SHP_HEADER + (gsize)i * SHP_RECORD;
}

/* ---- .shp / .shx ---- */

static void test_valid_fixture(hostile_fixture_t *fx, gconstpointer data)
{
  /* The control: the untouched fixture renders. */
  EXPECT(fx, HOSTILE_EXIT_OK, "");
}

static void test_shp_truncated(hostile_fixture_t *fx, gconstpointer data)
{
  /* Inside the header, after the header, inside a record header, inside
   * the points of the last record. */
  const gsize offsets[] = {60, 100, 104, record_at(2) + SHP_POINTS + 20};
  char *pristine = NULL;
  gsize size = 0;
  g_assert_true(g_file_get_contents(fx->shp, &pristine, &size, NULL));
  for (guint i = 0; i < G_N_ELEMENTS(offsets); i++) {
    hostile_write_bytes(fx->shp, pristine, size);
    hostile_truncate(fx->shp, offsets[i]);
    EXPECT(fx, HOSTILE_EXIT_ERROR, "terrimap: error: ", "layer.shp");
  }
  g_free(pristine);
}

static void test_shx_offset_beyond_file(hostile_fixture_t *fx, gconstpointer data)
{
  /* Record 2 said to start 1 GB into a 508-byte .shp (offsets in words). */
  hostile_patch_be32(fx->shx, SHP_HEADER + SHX_RECORD * 1, 500000000);
  EXPECT(fx, HOSTILE_EXIT_ERROR, "layer.shp: record 2");
}

static void test_shx_length_lies(hostile_fixture_t *fx, gconstpointer data)
{
  /* Record 1's content said to be 64 KB long. */
  hostile_patch_be32(fx->shx, SHP_HEADER + 4, 32768);
  EXPECT(fx, HOSTILE_EXIT_ERROR, "layer.shp: record 1");
}

static void test_shp_record_length_lies(hostile_fixture_t *fx, gconstpointer data)
{
  /* The record header's own length, shorter than the points it holds.
   * shapelib takes the length from the .shx and checks the record number
   * only, so this lie is harmless: the record is read as the .shx says. */
  hostile_patch_be32(fx->shp, record_at(0) + 4, 10);
  EXPECT(fx, HOSTILE_EXIT_OK, "");
}

static void test_part_count_near_2_31(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_patch_le32(fx->shp, record_at(1) + SHP_NPARTS, 0x7ffffff0u);
  EXPECT(fx, HOSTILE_EXIT_ERROR, "layer.shp: record 2");
}

static void test_point_count_near_2_31(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_patch_le32(fx->shp, record_at(1) + SHP_NPOINTS, 0x7ffffff0u);
  EXPECT(fx, HOSTILE_EXIT_ERROR, "layer.shp: record 2");
}

static void test_negative_counts(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_patch_le32(fx->shp, record_at(0) + SHP_NPOINTS, 0xffffffffu);
  EXPECT(fx, HOSTILE_EXIT_ERROR, "layer.shp: record 1");
}

static void test_part_index_out_of_range(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_patch_le32(fx->shp, record_at(2) + SHP_PART0, 1000);
  /* shapelib 1.5 refuses the record itself; the reader's own check
   * ("part 1 starts at point 1000") backs it up for other versions. */
  EXPECT(fx, HOSTILE_EXIT_ERROR, "layer.shp: record 3: cannot be read", "part index");
}

static void test_part_index_negative(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_patch_le32(fx->shp, record_at(2) + SHP_PART0, (guint32)-5);
  EXPECT(fx, HOSTILE_EXIT_ERROR, "layer.shp: record 3");
}

static void test_shape_type_not_polygon(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_patch_le32(fx->shp, record_at(1) + 8, 1 /* Point */);
  EXPECT(fx, HOSTILE_EXIT_ERROR, "layer.shp: record 2", "expected Polygon");
}

static void test_nan_and_infinite_coordinates(hostile_fixture_t *fx, gconstpointer data)
{
  /* Feature 1 loses its only ring; the others are drawn. */
  hostile_patch_double(fx->shp, record_at(0) + SHP_POINTS + 16, NAN);
  hostile_patch_double(fx->shp, record_at(0) + SHP_POINTS + 40, INFINITY);
  EXPECT(fx, HOSTILE_EXIT_OK, "warning", "layer.shp: 1 ring skipped", "non-finite",
         "record 1");
}

static void test_ring_of_three_points(hostile_fixture_t *fx, gconstpointer data)
{
  const double square[] = {650000, 6800000, 650000, 6815000, 665000, 6815000, 665000, 6800000,
                           650000, 6800000};
  const double tiny[] = {670000, 6800000, 670000, 6815000, 670000, 6800000};
  const double *xy[] = {square, tiny, square};
  const guint n[] = {5, 3, 5};
  hostile_write_layer(fx, 3, n, xy);
  EXPECT(fx, HOSTILE_EXIT_OK, "warning", "1 ring skipped", "fewer than 4 points", "record 2");
}

static void test_self_intersecting_ring(hostile_fixture_t *fx, gconstpointer data)
{
  /* A bow tie: the ring crosses itself in its middle. */
  const double square[] = {650000, 6800000, 650000, 6815000, 665000, 6815000, 665000, 6800000,
                           650000, 6800000};
  const double bowtie[] = {670000, 6800000, 685000, 6815000, 685000, 6800000, 670000, 6815000,
                           670000, 6800000};
  const double *xy[] = {square, bowtie, square};
  const guint n[] = {5, 5, 5};
  hostile_write_layer(fx, 3, n, xy);
  /* Drawn as read (its even-odd fill is the two triangles GEOS would
   * repair it into): a map, not a failure, and no repair on the way. */
  hostile_result_t r;
  hostile_render(&r, fx, FALSE, NULL);
  hostile_assert(&r, HOSTILE_EXIT_OK, "");
  g_assert_true(g_file_test(fx->out, G_FILE_TEST_EXISTS));
  g_assert_null(strstr(r.err, "invalid"));
  hostile_result_clear(&r);
  /* info is where the layer's invalid polygon is reported, with its record. */
  const char *argv[] = {g_getenv("TERRIMAP_BIN"), "info", fx->shp, NULL};
  char *out = NULL, *err = NULL;
  int status = -1;
  g_assert_true(g_spawn_sync(fx->dir, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                             &err, &status, NULL));
  g_assert_true(g_spawn_check_wait_status(status, NULL));
  if (!strstr(out, "validity:  1 feature with an invalid polygon (first: record 2: ") ||
      !strstr(out, "Self-intersection"))
    g_error("terrimap info %s:\n%s%s", fx->shp, out, err);
  g_free(out);
  g_free(err);
}

static void test_many_rings_in_one_record(hostile_fixture_t *fx, gconstpointer data)
{
  /* 30,000 rings in one record: a clockwise 100 m square followed by its
   * counter-clockwise hole, 15,000 times.  Nesting checks are quadratic,
   * so past a limit the order decides, with a warning, in linear time. */
  const int n_pairs = 15000;
  int n_parts = 2 * n_pairs, n_points = 5 * n_parts;
  int *starts = g_new(int, n_parts);
  double *x = g_new(double, n_points), *y = g_new(double, n_points);
  for (int p = 0; p < n_pairs; p++) {
    double x0 = 650000 + 200.0 * (p % 75), y0 = 6800000 + 200.0 * (p / 75);
    double ox[] = {x0, x0, x0 + 100, x0 + 100, x0}, oy[] = {y0, y0 + 100, y0 + 100, y0, y0};
    double hx[] = {x0 + 25, x0 + 75, x0 + 75, x0 + 25, x0 + 25};
    double hy[] = {y0 + 25, y0 + 25, y0 + 75, y0 + 75, y0 + 25};
    for (int k = 0; k < 5; k++) {
      x[10 * p + k] = ox[k];
      y[10 * p + k] = oy[k];
      x[10 * p + 5 + k] = hx[k];
      y[10 * p + 5 + k] = hy[k];
    }
    starts[2 * p] = 10 * p;
    starts[2 * p + 1] = 10 * p + 5;
  }
  char *base = g_strndup(fx->shp, strlen(fx->shp) - 4);
  SHPHandle shp = SHPCreate(base, SHPT_POLYGON);
  SHPObject *o = SHPCreateObject(SHPT_POLYGON, -1, n_parts, starts, NULL, n_points, x, y, NULL,
                                 NULL);
  g_assert_cmpint(SHPWriteObject(shp, -1, o), ==, 0);
  SHPDestroyObject(o);
  for (int i = 1; i < 3; i++) {
    double sx[] = {660000, 660000, 661000, 661000, 660000};
    double sy[] = {6790000 - 2000.0 * i, 6791000 - 2000.0 * i, 6791000 - 2000.0 * i,
                   6790000 - 2000.0 * i, 6790000 - 2000.0 * i};
    o = SHPCreateSimpleObject(SHPT_POLYGON, 5, sx, sy, NULL);
    g_assert_cmpint(SHPWriteObject(shp, -1, o), ==, i);
    SHPDestroyObject(o);
  }
  SHPClose(shp);
  g_free(base);
  g_free(starts);
  g_free(x);
  g_free(y);
  /* The warning proves the linear path was taken (quadratic nesting took
   * minutes here); a hang would be ctest's timeout, not a clock in the test. */
  EXPECT(fx, HOSTILE_EXIT_OK, "warning", "layer.shp: record 1: more than 1024 rings");
}

/* ---- .dbf ---- */

static void test_dbf_header_length_lies(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_patch_le16(fx->dbf, DBF_HEADER_LENGTH, 60000);
  EXPECT(fx, HOSTILE_EXIT_ERROR, "layer.dbf");
}

static void test_dbf_header_length_too_short(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_patch_le16(fx->dbf, DBF_HEADER_LENGTH, 20);
  EXPECT(fx, HOSTILE_EXIT_ERROR, "layer.dbf");
}

static void test_dbf_record_length_lies(hostile_fixture_t *fx, gconstpointer data)
{
  /* Shorter than its two fields (1 + 9 + 40 bytes). */
  hostile_patch_le16(fx->dbf, DBF_RECORD_LENGTH, 12);
  EXPECT(fx, HOSTILE_EXIT_ERROR, "layer.dbf");
}

static void test_dbf_field_width_lies(hostile_fixture_t *fx, gconstpointer data)
{
  /* 255 bytes for CODE in 50-byte records: shapelib rejects the header. */
  hostile_patch_bytes(fx->dbf, DBF_FIELD1_LENGTH, "\xff", 1);
  EXPECT(fx, HOSTILE_EXIT_ERROR, "layer.dbf: cannot be read as a DBF file (bad header)");
}

static void test_dbf_zero_fields(hostile_fixture_t *fx, gconstpointer data)
{
  /* A header without field descriptors and three 1-byte records (the
   * deletion flag only): shapelib writes no records without a field. */
  static const guint8 dbf[] = {0x03, 125, 1, 1, 3, 0, 0, 0, 33, 0, 1, 0, 0, 0, 0, 0, 0,
                               0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0d, ' ',
                               ' ', ' ', 0x1a};
  hostile_write_bytes(fx->dbf, dbf, sizeof dbf);
  EXPECT(fx, HOSTILE_EXIT_ERROR, "layer.shp: no field 'CODE'");
}

static void test_dbf_record_count_beyond_file(hostile_fixture_t *fx, gconstpointer data)
{
  /* The .shp agrees, the .dbf claims 3 records but holds 1 and a half. */
  hostile_truncate(fx->dbf, 97 + 50 + 25);
  EXPECT(fx, HOSTILE_EXIT_ERROR, "layer.dbf", "record 2");
}

static void test_dbf_record_count_mismatch(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_patch_le32(fx->dbf, DBF_NRECORDS, 0x7fffffff);
  EXPECT(fx, HOSTILE_EXIT_ERROR, "layer.dbf");
}

static void test_dbf_invalid_utf8(hostile_fixture_t *fx, gconstpointer data)
{
  /* Record 3's NOM, declared UTF-8 by the .cpg. */
  hostile_patch_bytes(fx->dbf, 97 + 2 * 50 + 1 + 9, "Ab\xe9\xff", 4);
  EXPECT(fx, HOSTILE_EXIT_ERROR, "layer.dbf: record 3: field NOM", "UTF-8");
}

static void test_dbf_mixed_encodings(hostile_fixture_t *fx, gconstpointer data)
{
  /* No .cpg, UTF-8 in record 2 ("Bêta") and CP1252 in record 3: not UTF-8,
   * so CP1252 with a warning (record 2 then reads "BÃªta"). */
  g_unlink(fx->cpg);
  hostile_patch_bytes(fx->dbf, 29, "\0", 1); /* no language byte either */
  hostile_patch_bytes(fx->dbf, 97 + 2 * 50 + 1 + 9, "Ab\xe9", 3);
  EXPECT(fx, HOSTILE_EXIT_OK, "warning", "layer.dbf", "CP1252");
}

static void test_cpg_unknown_encoding(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_write_text(fx->cpg, "KLINGON-42");
  EXPECT(fx, HOSTILE_EXIT_ERROR, "layer.cpg", "KLINGON-42");
}

/* ---- CSV ---- */

static void test_csv_nul_byte(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_write_bytes(fx->csv, "code,nom\n001,Al\0pha\n", 20);
  EXPECT(fx, HOSTILE_EXIT_ERROR, "members.csv: line 2", "NUL");
}

static void test_csv_invalid_utf8(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_write_text(fx->csv, "code,nom\n001,Alpha\n002,B\xeata\n");
  EXPECT(fx, HOSTILE_EXIT_ERROR, "members.csv: line 3", "invalid UTF-8");
}

static void test_csv_10mb_field(hostile_fixture_t *fx, gconstpointer data)
{
  gsize big = 10 * 1024 * 1024;
  GString *s = g_string_new("code,nom\n001,\"");
  for (gsize i = 0; i < big; i++)
    g_string_append_c(s, (char)('a' + i % 26));
  g_string_append(s, "\"\n002,Beta\n");
  hostile_write_bytes(fx->csv, s->str, s->len);
  g_string_free(s, TRUE);
  /* Large but well-formed: joined like any other row. */
  EXPECT(fx, HOSTILE_EXIT_OK, "");
}

static void test_csv_unbalanced_quote(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_write_text(fx->csv, "code,nom\n001,Alpha\n002,\"Beta\n003,Gamma\n");
  EXPECT(fx, HOSTILE_EXIT_ERROR, "members.csv", "line 3", "unterminated");
}

static void test_csv_misplaced_quote(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_write_text(fx->csv, "code,nom\n001,Al\"pha\"\n");
  EXPECT(fx, HOSTILE_EXIT_ERROR, "members.csv: line 2", "quote");
}

static void test_csv_duplicate_and_empty_keys(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_write_text(fx->csv, "code,nom\n001,Alpha\n001,Again\n,Nobody\n  ,Blank\n002,Beta\n");
  EXPECT(fx, HOSTILE_EXIT_OK, "2 with an empty key", "on more than one row: 001");
}

static void test_csv_too_many_fields(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_write_text(fx->csv, "code,nom\n001,Alpha,extra\n");
  EXPECT(fx, HOSTILE_EXIT_ERROR, "members.csv: line 2", "3 fields");
}

static void test_csv_empty(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_write_text(fx->csv, "");
  EXPECT(fx, HOSTILE_EXIT_ERROR, "members.csv", "no header");
}

/* ---- style ---- */

static void test_style_unknown_key(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_write_text(fx->style, "[page]\ndpi=96\nbackgroud=#ffffff\n");
  EXPECT_STYLE(fx, HOSTILE_EXIT_ERROR, "style.ini:3", "backgroud");
}

static void test_style_unknown_group(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_write_text(fx->style, "[pgae]\ndpi=96\n");
  EXPECT_STYLE(fx, HOSTILE_EXIT_ERROR, "style.ini:1", "pgae");
}

static void test_style_bad_colour(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_write_text(fx->style, "[membership]\nmember_fill=#12345g\n");
  EXPECT_STYLE(fx, HOSTILE_EXIT_ERROR, "style.ini:2", "#12345g");
}

static void test_style_absurd_dpi(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_write_text(fx->style, "[page]\ndpi=1e300\n");
  EXPECT_STYLE(fx, HOSTILE_EXIT_ERROR, "style.ini:2", "dpi");
}

static void test_style_absurd_page(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_write_text(fx->style, "[page]\nwidth_px=2000000000\nheight_px=2000000000\n");
  EXPECT_STYLE(fx, HOSTILE_EXIT_ERROR, "style.ini:2", "width_px");
}

static void test_style_absurd_text_size(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_write_text(fx->style, "[text]\ntitle_size=-4\n");
  EXPECT_STYLE(fx, HOSTILE_EXIT_ERROR, "style.ini:2", "title_size");
}

static void test_style_nan_size(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_write_text(fx->style, "[features]\nstroke_width=nan\n");
  EXPECT_STYLE(fx, HOSTILE_EXIT_ERROR, "style.ini:2", "stroke_width");
}

static void test_style_binary(hostile_fixture_t *fx, gconstpointer data)
{
  hostile_write_bytes(fx->style, "[page]\n\xff\xfe\0dpi=3\n", 14);
  EXPECT_STYLE(fx, HOSTILE_EXIT_ERROR, "style.ini");
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  /* One case checks several things: report them all. */
  g_test_set_nonfatal_assertions();
  if (!g_getenv("TERRIMAP_BIN")) {
    g_printerr("TERRIMAP_BIN is not set (ctest sets it)\n");
    return 77;
  }
  HOSTILE_ADD("valid-fixture", test_valid_fixture);
  HOSTILE_ADD("shp/truncated", test_shp_truncated);
  HOSTILE_ADD("shp/shx-offset-beyond-file", test_shx_offset_beyond_file);
  HOSTILE_ADD("shp/shx-length-lies", test_shx_length_lies);
  HOSTILE_ADD("shp/record-length-lies", test_shp_record_length_lies);
  HOSTILE_ADD("shp/part-count-near-2^31", test_part_count_near_2_31);
  HOSTILE_ADD("shp/point-count-near-2^31", test_point_count_near_2_31);
  HOSTILE_ADD("shp/negative-point-count", test_negative_counts);
  HOSTILE_ADD("shp/part-index-out-of-range", test_part_index_out_of_range);
  HOSTILE_ADD("shp/part-index-negative", test_part_index_negative);
  HOSTILE_ADD("shp/shape-type-not-polygon", test_shape_type_not_polygon);
  HOSTILE_ADD("shp/nan-and-infinite-coordinates", test_nan_and_infinite_coordinates);
  HOSTILE_ADD("shp/ring-of-three-points", test_ring_of_three_points);
  HOSTILE_ADD("shp/self-intersecting-ring", test_self_intersecting_ring);
  HOSTILE_ADD("shp/many-rings-in-one-record", test_many_rings_in_one_record);
  HOSTILE_ADD("dbf/header-length-lies", test_dbf_header_length_lies);
  HOSTILE_ADD("dbf/header-length-too-short", test_dbf_header_length_too_short);
  HOSTILE_ADD("dbf/record-length-lies", test_dbf_record_length_lies);
  HOSTILE_ADD("dbf/field-width-lies", test_dbf_field_width_lies);
  HOSTILE_ADD("dbf/zero-fields", test_dbf_zero_fields);
  HOSTILE_ADD("dbf/record-count-beyond-file", test_dbf_record_count_beyond_file);
  HOSTILE_ADD("dbf/record-count-mismatch", test_dbf_record_count_mismatch);
  HOSTILE_ADD("dbf/invalid-utf8", test_dbf_invalid_utf8);
  HOSTILE_ADD("dbf/mixed-encodings", test_dbf_mixed_encodings);
  HOSTILE_ADD("dbf/cpg-unknown-encoding", test_cpg_unknown_encoding);
  HOSTILE_ADD("csv/nul-byte", test_csv_nul_byte);
  HOSTILE_ADD("csv/invalid-utf8", test_csv_invalid_utf8);
  HOSTILE_ADD("csv/10mb-field", test_csv_10mb_field);
  HOSTILE_ADD("csv/unbalanced-quote", test_csv_unbalanced_quote);
  HOSTILE_ADD("csv/misplaced-quote", test_csv_misplaced_quote);
  HOSTILE_ADD("csv/duplicate-and-empty-keys", test_csv_duplicate_and_empty_keys);
  HOSTILE_ADD("csv/too-many-fields", test_csv_too_many_fields);
  HOSTILE_ADD("csv/empty", test_csv_empty);
  HOSTILE_ADD("style/unknown-key", test_style_unknown_key);
  HOSTILE_ADD("style/unknown-group", test_style_unknown_group);
  HOSTILE_ADD("style/bad-colour", test_style_bad_colour);
  HOSTILE_ADD("style/absurd-dpi", test_style_absurd_dpi);
  HOSTILE_ADD("style/absurd-page", test_style_absurd_page);
  HOSTILE_ADD("style/absurd-text-size", test_style_absurd_text_size);
  HOSTILE_ADD("style/nan-size", test_style_nan_size);
  HOSTILE_ADD("style/binary", test_style_binary);
  hostile_add_limit_cases();
  return g_test_run();
}
