/* Join stage: CSV parsing (libcsv), the key join and its report. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "terrimap/join.h"

/* ---- helpers ---- */

static tm_table_t *parse(const char *text, gsize length, GError **error)
{
  tm_context_t *ctx = tm_context_new();
  tm_table_t *t = tm_table_parse(ctx, text, length, "t.csv", error);
  tm_context_free(ctx);
  return t;
}

static tm_table_t *parse_ok(const char *text)
{
  GError *error = NULL;
  tm_table_t *t = parse(text, strlen(text), &error);
  g_assert_no_error(error);
  g_assert_nonnull(t);
  return t;
}

/* Asserts that text fails with a TM_ERROR_FORMAT whose message holds part. */
static void assert_parse_error(const char *text, gsize length, const char *part)
{
  GError *error = NULL;
  tm_table_t *t = parse(text, length, &error);
  g_assert_null(t);
  g_assert_error(error, TM_ERROR, TM_ERROR_FORMAT);
  if (!strstr(error->message, part))
    g_error("message \"%s\" lacks \"%s\"", error->message, part);
  g_error_free(error);
}

#define CELL(t, r, c) tm_table_get((t), (r), (c))

/* A layer built by hand: only what the join reads (no geometry). */
static tm_layer_t *make_layer(const char *path, const char *const *names, guint n_fields,
                              const char *const *values, guint n_features)
{
  tm_layer_t *layer = g_new0(tm_layer_t, 1);
  layer->path = g_strdup(path);
  layer->n_fields = n_fields;
  layer->fields = g_new0(tm_field_t, n_fields);
  for (guint f = 0; f < n_fields; f++) {
    layer->fields[f].name = g_strdup(names[f]);
    layer->fields[f].type = TM_FIELD_STRING;
    layer->fields[f].width = 20;
  }
  layer->n_features = n_features;
  layer->values = g_new0(char *, (gsize)n_features * n_fields);
  for (gsize i = 0; i < (gsize)n_features * n_fields; i++)
    layer->values[i] = g_strdup(values[i]);
  return layer;
}

static void free_layer(tm_layer_t *layer)
{
  for (gsize i = 0; i < (gsize)layer->n_features * layer->n_fields; i++)
    g_free(layer->values[i]);
  g_free(layer->values);
  for (guint f = 0; f < layer->n_fields; f++)
    g_free(layer->fields[f].name);
  g_free(layer->fields);
  g_free(layer->path);
  g_free(layer);
}

static char *print_report(const tm_join_t *join, guint sample)
{
  char *text = NULL;
  size_t size = 0;
  FILE *out = open_memstream(&text, &size);
  g_assert_nonnull(out);
  tm_join_print_report(join, out, sample);
  fclose(out);
  return text;
}

/* ---- delimiters ---- */

static void test_comma(void)
{
  tm_table_t *t = parse_ok("a,b,c\n1,2,3\n4,5,6\n");
  g_assert_cmpint(t->delimiter, ==, ',');
  g_assert_cmpuint(t->n_columns, ==, 3);
  g_assert_cmpuint(t->n_rows, ==, 2);
  g_assert_cmpstr(t->columns[2], ==, "c");
  g_assert_cmpstr(CELL(t, 1, 2), ==, "6");
  g_assert_cmpuint(t->line[0], ==, 2);
  g_assert_cmpuint(t->line[1], ==, 3);
  tm_table_free(t);
}

static void test_semicolon(void)
{
  /* French CSV: ';' separates, ',' is the decimal mark inside values. */
  tm_table_t *t = parse_ok("code;nom;taux\n01;Ain;1,5\n2A;Corse-du-Sud;2,25\n007;X;3\n");
  g_assert_cmpint(t->delimiter, ==, ';');
  g_assert_cmpuint(t->n_columns, ==, 3);
  g_assert_cmpuint(t->n_rows, ==, 3);
  g_assert_cmpstr(CELL(t, 0, 0), ==, "01");
  g_assert_cmpstr(CELL(t, 0, 2), ==, "1,5");
  g_assert_cmpstr(CELL(t, 1, 0), ==, "2A");
  g_assert_cmpstr(CELL(t, 1, 1), ==, "Corse-du-Sud");
  g_assert_cmpstr(CELL(t, 2, 0), ==, "007");
  tm_table_free(t);
}

static void test_tab(void)
{
  /* An empty first field: the tab delimiter must not be eaten as a blank. */
  tm_table_t *t = parse_ok("code\tnom\tn\n007\tSaint Jean, le Haut\t1\n\tsans code\t2\n");
  g_assert_cmpint(t->delimiter, ==, '\t');
  g_assert_cmpuint(t->n_columns, ==, 3);
  g_assert_cmpuint(t->n_rows, ==, 2);
  g_assert_cmpstr(CELL(t, 0, 0), ==, "007");
  g_assert_cmpstr(CELL(t, 0, 1), ==, "Saint Jean, le Haut");
  g_assert_cmpstr(CELL(t, 1, 0), ==, "");
  g_assert_cmpstr(CELL(t, 1, 1), ==, "sans code");
  g_assert_cmpstr(CELL(t, 1, 2), ==, "2");
  tm_table_free(t);
}

static void test_delimiter_in_quoted_header(void)
{
  /* Commas inside a quoted header name do not count. */
  tm_table_t *t = parse_ok("\"a,b,c\";d\n1;2\n");
  g_assert_cmpint(t->delimiter, ==, ';');
  g_assert_cmpuint(t->n_columns, ==, 2);
  g_assert_cmpstr(t->columns[0], ==, "a,b,c");
  tm_table_free(t);
}

static void test_single_column(void)
{
  tm_table_t *t = parse_ok("siren\n200000172\n");
  g_assert_cmpint(t->delimiter, ==, ',');
  g_assert_cmpuint(t->n_columns, ==, 1);
  g_assert_cmpuint(t->n_rows, ==, 1);
  g_assert_cmpstr(CELL(t, 0, 0), ==, "200000172");
  tm_table_free(t);
}

/* ---- text details ---- */

static void test_bom_crlf_blank_lines(void)
{
  tm_table_t *t = parse_ok("\xEF\xBB\xBFsiren,nom\r\n200,A\r\n\r\n   \r\n300,B\r\n");
  g_assert_cmpstr(t->columns[0], ==, "siren");
  g_assert_cmpuint(t->n_rows, ==, 2);
  g_assert_cmpstr(CELL(t, 0, 1), ==, "A");
  g_assert_cmpstr(CELL(t, 1, 0), ==, "300");
  g_assert_cmpstr(CELL(t, 1, 1), ==, "B");
  g_assert_cmpuint(t->line[0], ==, 2);
  g_assert_cmpuint(t->line[1], ==, 5);
  g_assert_cmpint(tm_table_find_column(t, "siren"), ==, 0);
  tm_table_free(t);
}

static void test_quoted_fields(void)
{
  tm_table_t *t = parse_ok("id,text,n\n"
                           "1,\"a,b\",x\n"
                           "2,\"say \"\"hi\"\"\",y\n"
                           "3,\"line1\nline2\r\nline3\",z\n"
                           "4,plain,w\n"
                           "\n"
                           "5,\"\",v\n");
  g_assert_cmpuint(t->n_rows, ==, 5);
  g_assert_cmpstr(CELL(t, 0, 1), ==, "a,b");
  g_assert_cmpstr(CELL(t, 1, 1), ==, "say \"hi\"");
  g_assert_cmpstr(CELL(t, 2, 1), ==, "line1\nline2\r\nline3");
  g_assert_cmpstr(CELL(t, 2, 2), ==, "z");
  g_assert_cmpstr(CELL(t, 3, 1), ==, "plain");
  g_assert_cmpstr(CELL(t, 4, 1), ==, "");
  g_assert_cmpuint(t->line[0], ==, 2);
  g_assert_cmpuint(t->line[1], ==, 3);
  g_assert_cmpuint(t->line[2], ==, 4);
  g_assert_cmpuint(t->line[3], ==, 7);
  g_assert_cmpuint(t->line[4], ==, 9);
  tm_table_free(t);
}

static void test_header_names(void)
{
  /* Names are trimmed, duplicates allowed (the first wins), and lookups fall
   * back to a case-insensitive match, accents included. */
  tm_table_t *t = parse_ok("\" code \",Libellé,code,\"ÉTAT\"\n1,a,2,b\n");
  g_assert_cmpuint(t->n_columns, ==, 4);
  g_assert_cmpstr(t->columns[0], ==, "code");
  g_assert_cmpint(tm_table_find_column(t, "code"), ==, 0);
  g_assert_cmpint(tm_table_find_column(t, "LIBELLÉ"), ==, 1);
  g_assert_cmpint(tm_table_find_column(t, "état"), ==, 3);
  g_assert_cmpint(tm_table_find_column(t, "nom"), ==, -1);
  tm_table_free(t);
}

static void test_short_rows_padded(void)
{
  tm_table_t *t = parse_ok("a,b,c\n1\n2,3\n4,5,6");
  g_assert_cmpuint(t->n_rows, ==, 3);
  g_assert_cmpstr(CELL(t, 0, 0), ==, "1");
  g_assert_cmpstr(CELL(t, 0, 1), ==, "");
  g_assert_cmpstr(CELL(t, 0, 2), ==, "");
  g_assert_cmpstr(CELL(t, 1, 1), ==, "3");
  g_assert_cmpstr(CELL(t, 1, 2), ==, "");
  /* The last line has no line break. */
  g_assert_cmpstr(CELL(t, 2, 2), ==, "6");
  g_assert_cmpuint(t->line[2], ==, 4);
  tm_table_free(t);
}

static void test_header_only_and_empty(void)
{
  tm_table_t *t = parse_ok("a;b\r\n");
  g_assert_cmpuint(t->n_columns, ==, 2);
  g_assert_cmpuint(t->n_rows, ==, 0);
  g_assert_nonnull(t->cells);
  tm_table_free(t);

  assert_parse_error("", 0, "t.csv: no header line");
  assert_parse_error("\xEF\xBB\xBF", 3, "t.csv: no header line");
  assert_parse_error("\n\r\n  \n", 6, "t.csv: no header line");
}

/* ---- errors ---- */

static void test_long_row(void)
{
  const char *text = "a,b\n1,2\n\n\"x\ny\",2\n3,4,5\n";
  assert_parse_error(text, strlen(text), "t.csv: line 6: 3 fields, the header has 2");
}

static void test_unterminated_quote(void)
{
  const char *text = "a,b\n1,2\n3,\"open\n4,5\n6,7\n";
  assert_parse_error(text, strlen(text),
                     "t.csv: line 3: unterminated quoted field (the quote opened on line 3 is never closed)");
  const char *header = "\"a,b\n1,2\n";
  assert_parse_error(header, strlen(header), "t.csv: line 1: unterminated quoted field");
}

static void test_misplaced_quote(void)
{
  const char *inside = "a,b\n1,2\n3,x\"y\n";
  assert_parse_error(inside, strlen(inside), "t.csv: line 3: misplaced quote");
  const char *after = "a,b\n\"multi\nline\",2\n\"x\"y,4\n";
  assert_parse_error(after, strlen(after), "t.csv: line 4: misplaced quote");
}

static void test_nul_byte(void)
{
  static const char text[] = "a,b\n1,2\n3,x\0y\n";
  assert_parse_error(text, sizeof text - 1, "t.csv: line 3: NUL byte");
  /* UTF-16 is the usual source of NUL bytes. */
  static const char utf16[] = "\xFF\xFE" "a\0,\0b\0";
  assert_parse_error(utf16, sizeof utf16 - 1, "t.csv: line 1:");
}

static void test_invalid_utf8(void)
{
  const char *text = "a,b\r\n1,2\r\n3,caf\xE9\r\n";
  assert_parse_error(text, strlen(text), "t.csv: line 3: invalid UTF-8");
}

static void test_read_file(void)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp("test_join_XXXXXX", &error);
  g_assert_no_error(error);
  char *path = g_build_filename(dir, "membres.csv", NULL);
  g_assert_true(g_file_set_contents(path, "siren;nom\n200000172;CC A\n", -1, &error));
  g_assert_no_error(error);

  tm_context_t *ctx = tm_context_new();
  tm_table_t *t = tm_table_read(ctx, path, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(t->path, ==, path);
  g_assert_cmpuint(t->n_rows, ==, 1);
  g_assert_cmpstr(CELL(t, 0, 1), ==, "CC A");
  tm_table_free(t);

  char *missing = g_build_filename(dir, "absent.csv", NULL);
  t = tm_table_read(ctx, missing, &error);
  g_assert_null(t);
  g_assert_error(error, TM_ERROR, TM_ERROR_IO);
  char *expected = g_strdup_printf("%s: cannot open (%s)", missing, g_strerror(ENOENT));
  g_assert_cmpstr(error->message, ==, expected);
  g_clear_error(&error);

  /* A directory opens but does not read. */
  t = tm_table_read(ctx, dir, &error);
  g_assert_null(t);
  g_assert_error(error, TM_ERROR, TM_ERROR_IO);
  g_assert_true(g_str_has_prefix(error->message, dir));
  g_clear_error(&error);

  tm_context_free(ctx);
  g_unlink(path);
  g_rmdir(dir);
  g_free(expected);
  g_free(missing);
  g_free(path);
  g_free(dir);
}

/* ---- the join ---- */

static const char *const join_fields[] = {"CODE", "NOM"};
/* "200" is a multi-record EPCI; " 400 " needs trimming; two null keys. */
static const char *const join_values[] = {
  "100", "A", "200", "B1", "200", "B2", "300", "C", " 400 ", "D", NULL, "E", "", "F",
};
static const char *const join_csv = "key;val\n"
                                    "100;x\n"
                                    "200;y\n"
                                    "500;z\n"
                                    "100;x again\n"
                                    ";no key\n"
                                    "\" 400 \";w\n"
                                    "600;v\n"
                                    "500;z again\n";

static void test_join_counts(void)
{
  tm_layer_t *layer = make_layer("data/epci.shp", join_fields, 2, join_values, 7);
  tm_table_t *t = parse_ok(join_csv);
  GError *error = NULL;
  tm_join_t *j = tm_join_new(NULL, layer, "CODE", t, "key", &error);
  g_assert_no_error(error);
  g_assert_nonnull(j);

  g_assert_cmpuint(j->layer_features, ==, 7);
  g_assert_cmpuint(j->table_rows, ==, 8);
  static const gint expected_rows[] = {0, 1, 1, -1, 5, -1, -1};
  for (guint i = 0; i < 7; i++)
    g_assert_cmpint(j->feature_row[i], ==, expected_rows[i]);
  g_assert_cmpuint(j->matched_features, ==, 4);
  g_assert_cmpuint(j->null_feature_keys, ==, 2);
  g_assert_cmpuint(j->unmatched_features->len, ==, 1);
  g_assert_cmpstr(g_ptr_array_index(j->unmatched_features, 0), ==, "300");

  /* Rows 100, 200, 100 (duplicate) and " 400 ". */
  g_assert_cmpuint(j->matched_rows, ==, 4);
  g_assert_cmpuint(j->empty_row_keys, ==, 1);
  g_assert_cmpuint(j->unmatched_rows->len, ==, 2);
  g_assert_cmpstr(g_ptr_array_index(j->unmatched_rows, 0), ==, "500");
  g_assert_cmpstr(g_ptr_array_index(j->unmatched_rows, 1), ==, "600");
  g_assert_cmpuint(j->duplicate_keys->len, ==, 2);
  g_assert_cmpstr(g_ptr_array_index(j->duplicate_keys, 0), ==, "100");
  g_assert_cmpstr(g_ptr_array_index(j->duplicate_keys, 1), ==, "500");
  g_assert_cmpstr(j->key_field, ==, "CODE");
  g_assert_cmpstr(j->key_column, ==, "key");

  tm_join_free(j);
  tm_table_free(t);
  free_layer(layer);
}

static void test_join_keys_are_strings(void)
{
  /* "01" and "1" are different keys: leading zeros are part of the code. */
  static const char *const values[] = {"01", "2A", "1"};
  static const char *const fields[] = {"DEP"};
  tm_layer_t *layer = make_layer("dep.shp", fields, 1, values, 3);
  tm_table_t *t = parse_ok("dep\n01\n2a\n");
  tm_join_t *j = tm_join_new(NULL, layer, "dep", t, "DEP", NULL);
  g_assert_nonnull(j);
  g_assert_cmpint(j->feature_row[0], ==, 0);
  g_assert_cmpint(j->feature_row[1], ==, -1);
  g_assert_cmpint(j->feature_row[2], ==, -1);
  g_assert_cmpuint(j->matched_rows, ==, 1);
  g_assert_cmpstr(g_ptr_array_index(j->unmatched_rows, 0), ==, "2a");
  /* Names as found, not as asked. */
  g_assert_cmpstr(j->key_field, ==, "DEP");
  g_assert_cmpstr(j->key_column, ==, "dep");
  tm_join_free(j);
  tm_table_free(t);
  free_layer(layer);
}

static void test_join_unknown_names(void)
{
  tm_layer_t *layer = make_layer("layer.shp", join_fields, 2, join_values, 7);
  tm_table_t *t = parse_ok(join_csv);
  GError *error = NULL;

  g_assert_null(tm_join_new(NULL, layer, "SIREN", t, "key", &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_ARGUMENT);
  g_assert_cmpstr(error->message, ==, "layer.shp: no field 'SIREN' (fields: CODE, NOM)");
  g_clear_error(&error);

  g_assert_null(tm_join_new(NULL, layer, "CODE", t, "siren", &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_ARGUMENT);
  g_assert_cmpstr(error->message, ==, "t.csv: no column 'siren' (columns: key, val)");
  g_clear_error(&error);

  tm_table_free(t);
  free_layer(layer);
}

static void test_join_report(void)
{
  tm_layer_t *layer = make_layer("data/epci/epci.shp", join_fields, 2, join_values, 7);
  tm_table_t *t = parse_ok(join_csv);
  tm_join_t *j = tm_join_new(NULL, layer, "CODE", t, "key", NULL);
  g_assert_nonnull(j);

  char *text = print_report(j, 1);
  g_assert_cmpstr(text, ==,
                  "join: t.csv (key) -> epci.shp (CODE)\n"
                  "join: layer: 7 features, 4 matched, 3 without a row (2 with an empty key): 300\n"
                  "join: table: 8 rows, 4 matched, 4 without a feature (1 with an empty key): 500 (and 1 more)\n"
                  "join: table: 2 keys on more than one row: 100 (and 1 more)\n");
  g_free(text);

  text = print_report(j, 10);
  g_assert_nonnull(strstr(text, "without a feature (1 with an empty key): 500, 600\n"));
  g_assert_nonnull(strstr(text, "more than one row: 100, 500\n"));
  g_assert_null(strstr(text, "more)"));
  g_free(text);

  text = print_report(j, 0);
  g_assert_nonnull(strstr(text, "3 without a row (2 with an empty key)\n"));
  g_free(text);

  tm_join_free(j);
  tm_table_free(t);
  free_layer(layer);
}

/* ---- real data (TERRIMAP_DATA) ---- */

static void test_real_ti_epci(void)
{
  const char *root = g_getenv("TERRIMAP_DATA");
  char *path = root ? g_build_filename(root, "labels", "ti_2023_2027_epci.csv", NULL) : NULL;
  if (!path || !g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
    g_test_skip("TERRIMAP_DATA/labels/ti_2023_2027_epci.csv is absent");
    g_free(path);
    return;
  }
  GError *error = NULL;
  tm_table_t *t = tm_table_read(NULL, path, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(t->n_rows, ==, 641);
  g_assert_cmpuint(t->n_columns, ==, 6);
  gint siren = tm_table_find_column(t, "siren_epci");
  gint lib = tm_table_find_column(t, "lib_ti");
  g_assert_cmpint(siren, ==, 2);
  g_assert_cmpint(lib, ==, 1);
  g_assert_cmpstr(CELL(t, 0, (guint)siren), ==, "249710062");
  gboolean found = FALSE;
  for (guint r = 0; r < t->n_rows; r++) {
    if (strcmp(CELL(t, r, (guint)siren), "200044691") == 0) {
      g_assert_cmpstr(CELL(t, r, (guint)lib), ==, "Terres de Cannes et Industries d\u2019Avenir");
      g_assert_cmpuint(t->line[r], ==, r + 2);
      found = TRUE;
    }
  }
  g_assert_true(found);
  tm_table_free(t);
  g_free(path);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/join/table/comma", test_comma);
  g_test_add_func("/join/table/semicolon", test_semicolon);
  g_test_add_func("/join/table/tab", test_tab);
  g_test_add_func("/join/table/delimiter-in-quoted-header", test_delimiter_in_quoted_header);
  g_test_add_func("/join/table/single-column", test_single_column);
  g_test_add_func("/join/table/bom-crlf-blank-lines", test_bom_crlf_blank_lines);
  g_test_add_func("/join/table/quoted-fields", test_quoted_fields);
  g_test_add_func("/join/table/header-names", test_header_names);
  g_test_add_func("/join/table/short-rows-padded", test_short_rows_padded);
  g_test_add_func("/join/table/header-only-and-empty", test_header_only_and_empty);
  g_test_add_func("/join/table/long-row", test_long_row);
  g_test_add_func("/join/table/unterminated-quote", test_unterminated_quote);
  g_test_add_func("/join/table/misplaced-quote", test_misplaced_quote);
  g_test_add_func("/join/table/nul-byte", test_nul_byte);
  g_test_add_func("/join/table/invalid-utf8", test_invalid_utf8);
  g_test_add_func("/join/table/read-file", test_read_file);
  g_test_add_func("/join/join/counts", test_join_counts);
  g_test_add_func("/join/join/keys-are-strings", test_join_keys_are_strings);
  g_test_add_func("/join/join/unknown-names", test_join_unknown_names);
  g_test_add_func("/join/join/report", test_join_report);
  g_test_add_func("/join/real/ti-2023-2027-epci", test_real_ti_epci);
  return g_test_run();
}
