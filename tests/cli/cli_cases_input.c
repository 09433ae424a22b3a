/* Bad inputs: every one must end in exit 1 with a message naming the file
 * (and the record or line), and must leave the existing output alone. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <shapefil.h>
#include "cli_test.h"

static void test_missing_layer(cli_fixture_t *fx, gconstpointer data)
{
  char *none = g_build_filename(fx->dir, "none.shp", NULL);
  fx->layer = none;
  cli_result_t r;
  cli_render(&r, fx, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, none);
  cli_assert_stderr_has(&r, "cannot open");
  cli_result_clear(&r);
  g_free(none);
}

/* A path naming a companion (.dbf) rather than the .shp. */
static void test_layer_not_shp(cli_fixture_t *fx, gconstpointer data)
{
  fx->layer = fx->dbf;
  cli_result_t r;
  cli_render(&r, fx, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, fx->dbf);
  cli_assert_stderr_has(&r, "not a shapefile");
  cli_result_clear(&r);
}

static void cli_check_missing_companion(cli_fixture_t *fx, const char *companion)
{
  g_assert_cmpint(g_unlink(companion), ==, 0);
  cli_result_t r;
  cli_render(&r, fx, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, companion);
  cli_assert_stderr_has(&r, "cannot open");
  cli_result_clear(&r);
}

static void test_missing_dbf(cli_fixture_t *fx, gconstpointer data)
{
  cli_check_missing_companion(fx, fx->dbf);
}

static void test_missing_shx(cli_fixture_t *fx, gconstpointer data)
{
  cli_check_missing_companion(fx, fx->shx);
}

/* Cuts the .shp at several places: inside the header, right after it,
 * inside the first record and inside the last.  A cut inside a record
 * must name that record. */
static void test_truncated_shp(cli_fixture_t *fx, gconstpointer data)
{
  gsize length = 0;
  char *whole = cli_read_file(fx->shp, &length);
  g_assert_nonnull(whole);
  /* 100-byte header, then 3 records of 8 + 128 bytes (5-point rings). */
  g_assert_cmpuint(length, ==, 100 + 3 * 136);
  const struct {
    gsize size;
    const char *record; /* NULL: the header itself is cut */
  } cuts[] = {{50, NULL}, {100, "record 1"}, {150, "record 1"}, {length - 10, "record 3"}};
  for (guint i = 0; i < G_N_ELEMENTS(cuts); i++) {
    GError *error = NULL;
    g_file_set_contents(fx->shp, whole, (gssize)cuts[i].size, &error);
    g_assert_no_error(error);
    g_test_message("shp truncated to %" G_GSIZE_FORMAT " bytes", cuts[i].size);
    cli_result_t r;
    cli_render(&r, fx, NULL);
    cli_assert_failed(&r, fx);
    cli_assert_stderr_has(&r, fx->shp);
    if (cuts[i].record)
      cli_assert_stderr_has(&r, cuts[i].record);
    cli_result_clear(&r);
  }
  g_free(whole);
}

static void cli_put_be32(char *p, guint32 v)
{
  p[0] = (char)(v >> 24);
  p[1] = (char)(v >> 16);
  p[2] = (char)(v >> 8);
  p[3] = (char)v;
}

/* Index entry 2 (offset at 100 + 8*1, size at +4, both big-endian in
 * 16-bit words) points past the end of the .shp, or claims a huge record.
 * shapelib 1.5 rejects a huge size when it opens the index, without a
 * record number reaching terrimap (its error hook has no user data), so
 * that case must name the .shx instead. */
static void test_shx_beyond_shp(cli_fixture_t *fx, gconstpointer data)
{
  gsize shx_length = 0;
  char *shx = cli_read_file(fx->shx, &shx_length);
  g_assert_nonnull(shx);
  g_assert_cmpuint(shx_length, ==, 100 + 3 * 8);
  const struct {
    gsize at;
    guint32 words;
    const char *needle;
  } patches[] = {
      {100 + 8 * 1, (100 + 3 * 136) / 2 + 100, "record 2"}, /* offset past the end */
      {100 + 8 * 1, 0x7fffffff, "record 2"},                 /* offset at 4 GiB */
      {100 + 8 * 1 + 4, 0x7fffffff, fx->shx},                /* record length of 4 GiB */
  };
  for (guint i = 0; i < G_N_ELEMENTS(patches); i++) {
    char *patched = g_memdup2(shx, shx_length);
    cli_put_be32(patched + patches[i].at, patches[i].words);
    GError *error = NULL;
    g_file_set_contents(fx->shx, patched, (gssize)shx_length, &error);
    g_assert_no_error(error);
    g_free(patched);
    g_test_message("shx patch %u", i);
    cli_result_t r;
    cli_render(&r, fx, NULL);
    cli_assert_failed(&r, fx);
    cli_assert_stderr_has(&r, fx->shp);
    cli_assert_stderr_has(&r, patches[i].needle);
    cli_result_clear(&r);
  }
  g_free(shx);
}

static void test_dbf_fewer_records(cli_fixture_t *fx, gconstpointer data)
{
  char *sub = g_build_filename(fx->dir, "short", NULL);
  g_assert_cmpint(g_mkdir(sub, 0755), ==, 0);
  char *shp = cli_write_shapefile(sub, "L", 2);
  char *dbf = g_build_filename(sub, "L.dbf", NULL);
  fx->layer = shp;
  cli_result_t r;
  cli_render(&r, fx, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, dbf);
  cli_assert_stderr_has(&r, "2 records");
  cli_assert_stderr_has(&r, "has 3");
  cli_result_clear(&r);
  g_free(dbf);
  g_free(shp);
  g_free(sub);
}

static void test_csv_unterminated_quote(cli_fixture_t *fx, gconstpointer data)
{
  cli_write_text(fx->csv, "code,nom\n001,A\n\"003,C\n004,D\n");
  cli_result_t r;
  cli_render(&r, fx, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, fx->csv);
  cli_assert_stderr_has(&r, "line 3");
  cli_assert_stderr_has(&r, "unterminated");
  cli_result_clear(&r);
}

static void test_csv_ragged_line(cli_fixture_t *fx, gconstpointer data)
{
  cli_write_text(fx->csv, "code,nom\n001,A\n003,C,extra\n");
  cli_result_t r;
  cli_render(&r, fx, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, fx->csv);
  cli_assert_stderr_has(&r, "line 3");
  cli_result_clear(&r);
}

static void test_csv_missing(cli_fixture_t *fx, gconstpointer data)
{
  g_assert_cmpint(g_unlink(fx->csv), ==, 0);
  cli_result_t r;
  cli_render(&r, fx, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, fx->csv);
  cli_assert_stderr_has(&r, "cannot open");
  cli_result_clear(&r);
}

static void test_csv_empty(cli_fixture_t *fx, gconstpointer data)
{
  cli_write_text(fx->csv, "");
  cli_result_t r;
  cli_render(&r, fx, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, fx->csv);
  cli_assert_stderr_has(&r, "no header line");
  cli_result_clear(&r);
}

/* A Latin-1 name in a DBF whose .cpg says UTF-8: the message names the
 * record and field, and --encoding is the way out. */
static void test_dbf_wrong_encoding(cli_fixture_t *fx, gconstpointer data)
{
  DBFHandle dbf = DBFOpen(fx->dbf, "rb+");
  g_assert_nonnull(dbf);
  g_assert_true(DBFWriteStringAttribute(dbf, 1, 1, "B\xeata"));
  DBFClose(dbf);
  cli_result_t r;
  cli_render(&r, fx, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, fx->dbf);
  cli_assert_stderr_has(&r, "record 2");
  cli_assert_stderr_has(&r, "NOM");
  cli_assert_stderr_has(&r, "--encoding");
  cli_result_clear(&r);

  cli_render(&r, fx, "--encoding", "NO-SUCH-CHARSET", NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, "NO-SUCH-CHARSET");
  cli_result_clear(&r);

  const char *args[] = {"info", "--encoding", "ISO-8859-1", fx->shp, NULL};
  cli_run(&r, fx->dir, args);
  cli_assert_exit(&r, CLI_EXIT_OK);
  cli_assert_stdout_has(&r, "encoding:  ISO-8859-1");
  cli_result_clear(&r);

  cli_render(&r, fx, "--encoding", "ISO-8859-1", NULL);
  cli_assert_exit(&r, CLI_EXIT_OK);
  cli_result_clear(&r);
}

static void test_unknown_join_key(cli_fixture_t *fx, gconstpointer data)
{
  fx->join_key = "siren";
  cli_result_t r;
  cli_render(&r, fx, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, fx->csv);
  cli_assert_stderr_has(&r, "no column 'siren'");
  cli_assert_stderr_has(&r, "code, nom");
  cli_result_clear(&r);
}

static void test_unknown_key(cli_fixture_t *fx, gconstpointer data)
{
  fx->key = "SIREN";
  cli_result_t r;
  cli_render(&r, fx, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, fx->shp);
  cli_assert_stderr_has(&r, "no field 'SIREN'");
  cli_assert_stderr_has(&r, "CODE, NOM");
  cli_result_clear(&r);
}

static void test_prj_garbage(cli_fixture_t *fx, gconstpointer data)
{
  cli_write_text(fx->prj, "NOT A CRS");
  cli_result_t r;
  cli_render(&r, fx, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, fx->prj);
  cli_assert_stderr_has(&r, "CRS");
  cli_assert_stderr_has(&r, "NOT A CRS");
  cli_result_clear(&r);
}

/* info reports the same file as render does: the .prj the CRS came from. */
static void test_info_prj_garbage(cli_fixture_t *fx, gconstpointer data)
{
  cli_write_text(fx->prj, "NOT A CRS");
  cli_result_t r;
  const char *args[] = {"info", fx->shp, NULL};
  cli_run(&r, fx->dir, args);
  cli_assert_exit(&r, CLI_EXIT_ERROR);
  cli_assert_stderr_has(&r, "CRS");
  cli_assert_stderr_has(&r, "NOT A CRS");
  /* Regression: info once named the .shp instead of the .prj. */
  g_assert_nonnull(strstr(r.err, fx->prj));
  cli_result_clear(&r);
}

static void test_prj_missing(cli_fixture_t *fx, gconstpointer data)
{
  g_assert_cmpint(g_unlink(fx->prj), ==, 0);
  cli_result_t r;
  cli_render(&r, fx, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, fx->prj);
  cli_assert_stderr_has(&r, "--src-crs");
  cli_result_clear(&r);

  cli_render(&r, fx, "--src-crs", "EPSG:2154", NULL);
  cli_assert_exit(&r, CLI_EXIT_OK);
  gsize length = 0;
  char *png = cli_read_file(fx->out, &length);
  g_assert_true(png && length > 8 && memcmp(png, "\x89PNG", 4) == 0);
  g_free(png);
  cli_result_clear(&r);
}

static void test_src_crs_garbage(cli_fixture_t *fx, gconstpointer data)
{
  cli_result_t r;
  cli_render(&r, fx, "--src-crs", "EPSG:999999", NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, "--src-crs");
  cli_assert_stderr_has(&r, "EPSG:999999");
  cli_result_clear(&r);
}

/* A valid CRS that puts the features outside every frame (in UTM 18N the
 * squares lie in northern Quebec). */
static void test_layer_outside_frames(cli_fixture_t *fx, gconstpointer data)
{
  cli_result_t r;
  cli_render(&r, fx, "--src-crs", "EPSG:32618", NULL);
  if (r.exited && r.code == CLI_EXIT_ERROR) {
    cli_assert_untouched(fx);
    cli_assert_stderr_has(&r, fx->shp);
  } else {
    /* Drawing an empty map is acceptable too; crashing is not. */
    cli_assert_exit(&r, CLI_EXIT_OK);
  }
  cli_result_clear(&r);
}

static void cli_check_style_error(cli_fixture_t *fx, const char *text, const char *line,
                                  const char *what)
{
  char *style = g_build_filename(fx->dir, "bad.ini", NULL);
  cli_write_text(style, text);
  cli_result_t r;
  cli_render(&r, fx, "--style", style, NULL);
  cli_assert_failed(&r, fx);
  char *where = g_strconcat(style, ":", line, ":", NULL);
  cli_assert_stderr_has(&r, where);
  cli_assert_stderr_has(&r, what);
  g_free(where);
  cli_result_clear(&r);
  g_free(style);
}

static void test_style_unknown_key(cli_fixture_t *fx, gconstpointer data)
{
  cli_check_style_error(fx, "# comment\n[page]\ndpi=150\nbogus=1\n", "4", "unknown key 'bogus'");
}

static void test_style_bad_colour(cli_fixture_t *fx, gconstpointer data)
{
  cli_check_style_error(fx, "[membership]\nmember_label=Oui\nmember_fill=#12345z\n", "3",
                        "#12345z");
}

static void test_style_syntax(cli_fixture_t *fx, gconstpointer data)
{
  cli_check_style_error(fx, "[page]\ndpi=150\nthis line has no equals sign\n", "3", "");
}

static void test_style_missing(cli_fixture_t *fx, gconstpointer data)
{
  char *style = g_build_filename(fx->dir, "none.ini", NULL);
  cli_result_t r;
  cli_render(&r, fx, "--style", style, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, style);
  cli_result_clear(&r);
  g_free(style);
}

/* As root every file is readable: these cases only mean something for a
 * normal user. */
static gboolean cli_skip_as_root(void)
{
  if (geteuid() != 0)
    return FALSE;
  g_test_skip("running as root: permissions are not enforced");
  return TRUE;
}

static void test_dbf_unreadable(cli_fixture_t *fx, gconstpointer data)
{
  if (cli_skip_as_root())
    return;
  g_assert_cmpint(g_chmod(fx->dbf, 0), ==, 0);
  cli_result_t r;
  cli_render(&r, fx, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, fx->dbf);
  cli_assert_stderr_has(&r, g_strerror(EACCES));
  cli_result_clear(&r);
}

static void test_csv_unreadable(cli_fixture_t *fx, gconstpointer data)
{
  if (cli_skip_as_root())
    return;
  g_assert_cmpint(g_chmod(fx->csv, 0), ==, 0);
  cli_result_t r;
  cli_render(&r, fx, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, fx->csv);
  cli_assert_stderr_has(&r, g_strerror(EACCES));
  cli_result_clear(&r);
}

void cli_add_input_cases(void)
{
  cli_add("/cli/input/missing-layer", test_missing_layer);
  cli_add("/cli/input/layer-not-shp", test_layer_not_shp);
  cli_add("/cli/input/missing-dbf", test_missing_dbf);
  cli_add("/cli/input/missing-shx", test_missing_shx);
  cli_add("/cli/input/truncated-shp", test_truncated_shp);
  cli_add("/cli/input/shx-beyond-shp", test_shx_beyond_shp);
  cli_add("/cli/input/dbf-fewer-records", test_dbf_fewer_records);
  cli_add("/cli/input/dbf-unreadable", test_dbf_unreadable);
  cli_add("/cli/input/csv-unterminated-quote", test_csv_unterminated_quote);
  cli_add("/cli/input/csv-ragged-line", test_csv_ragged_line);
  cli_add("/cli/input/csv-missing", test_csv_missing);
  cli_add("/cli/input/csv-empty", test_csv_empty);
  cli_add("/cli/input/dbf-wrong-encoding", test_dbf_wrong_encoding);
  cli_add("/cli/input/csv-unreadable", test_csv_unreadable);
  cli_add("/cli/input/unknown-join-key", test_unknown_join_key);
  cli_add("/cli/input/unknown-key", test_unknown_key);
  cli_add("/cli/input/prj-garbage", test_prj_garbage);
  cli_add("/cli/input/info-prj-garbage", test_info_prj_garbage);
  cli_add("/cli/input/prj-missing", test_prj_missing);
  cli_add("/cli/input/src-crs-garbage", test_src_crs_garbage);
  cli_add("/cli/input/layer-outside-frames", test_layer_outside_frames);
  cli_add("/cli/style/unknown-key", test_style_unknown_key);
  cli_add("/cli/style/bad-colour", test_style_bad_colour);
  cli_add("/cli/style/syntax-error", test_style_syntax);
  cli_add("/cli/style/missing", test_style_missing);
}
