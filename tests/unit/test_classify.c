/* Classify stage: membership and category symbologies over a join and a
 * table built by hand, so the test does not depend on the CSV reader. */
#include <string.h>

#include "terrimap/classify.h"

/* A table of n_rows rows given as a flat array of n_rows * n_columns cells. */
static tm_table_t *make_table(guint n_columns, const char *const *columns, guint n_rows,
                              const char *const *cells)
{
  tm_table_t *t = g_new0(tm_table_t, 1);
  t->path = g_strdup("table.csv");
  t->delimiter = ',';
  t->n_columns = n_columns;
  t->columns = g_new0(char *, n_columns);
  for (guint c = 0; c < n_columns; c++)
    t->columns[c] = g_strdup(columns[c]);
  t->n_rows = n_rows;
  t->cells = g_new0(char *, (gsize)n_rows * n_columns);
  t->line = g_new0(guint, n_rows);
  for (guint i = 0; i < n_rows * n_columns; i++)
    t->cells[i] = g_strdup(cells[i]);
  for (guint r = 0; r < n_rows; r++)
    t->line[r] = r + 2;
  return t;
}

static void free_table(tm_table_t *t)
{
  for (guint c = 0; c < t->n_columns; c++)
    g_free(t->columns[c]);
  for (guint i = 0; i < t->n_rows * t->n_columns; i++)
    g_free(t->cells[i]);
  g_free(t->columns);
  g_free(t->cells);
  g_free(t->line);
  g_free(t->path);
  g_free(t);
}

static tm_join_t *make_join(guint n_features, const gint *feature_row)
{
  tm_join_t *j = g_new0(tm_join_t, 1);
  j->layer_features = n_features;
  j->feature_row = g_memdup2(feature_row, sizeof(gint) * n_features);
  return j;
}

static void free_join(tm_join_t *j)
{
  g_free(j->feature_row);
  g_free(j);
}

static tm_style_t *make_style(guint n_palette)
{
  tm_style_t *s = g_new0(tm_style_t, 1);
  s->member_label = g_strdup("Membre");
  s->other_label = g_strdup("Non membre");
  s->member_fill = (tm_rgba_t){1, 0, 0, 1};
  s->other_fill = (tm_rgba_t){0.5, 0.5, 0.5, 1};
  s->no_data_label = g_strdup("Sans donnée");
  s->no_data_fill = (tm_rgba_t){0.9, 0.9, 0.9, 1};
  s->n_palette = n_palette;
  s->palette = g_new0(tm_rgba_t, n_palette);
  for (guint i = 0; i < n_palette; i++)
    s->palette[i] = (tm_rgba_t){i / 100.0, 0, 0, 1};
  return s;
}

static void free_style(tm_style_t *s)
{
  g_free(s->member_label);
  g_free(s->other_label);
  g_free(s->no_data_label);
  g_free(s->palette);
  g_free(s);
}

static void test_membership(void)
{
  const gint rows[] = {0, -1, 2, 2, -1, 1};
  tm_join_t *j = make_join(G_N_ELEMENTS(rows), rows);
  tm_style_t *s = make_style(1);
  tm_symbology_t *sym = tm_classify_membership(j, s);
  g_assert_cmpstr(sym->kind, ==, "membership");
  g_assert_cmpuint(sym->n_classes, ==, 2);
  g_assert_cmpstr(sym->classes[0].label, ==, "Membre");
  g_assert_cmpuint(sym->classes[0].count, ==, 4);
  g_assert_cmpfloat(sym->classes[0].fill.r, ==, 1.0);
  g_assert_null(sym->classes[0].value);
  g_assert_false(sym->classes[0].no_data);
  g_assert_cmpstr(sym->classes[1].label, ==, "Non membre");
  g_assert_cmpuint(sym->classes[1].count, ==, 2);
  g_assert_cmpfloat(sym->classes[1].fill.r, ==, 0.5);
  g_assert_false(sym->classes[1].no_data);
  g_assert_cmpuint(sym->n_features, ==, 6);
  const gint want[] = {0, 1, 0, 0, 1, 0};
  for (guint i = 0; i < 6; i++)
    g_assert_cmpint(sym->feature_class[i], ==, want[i]);
  tm_symbology_free(sym);
  tm_symbology_free(NULL);
  free_style(s);
  free_join(j);
}

static const char *const columns[] = {"siren", "ti", "nom_ti"};

static void test_categories(void)
{
  const char *const cells[] = {
      "200000001", "ti-0102", "Vallée B",  /* row 0 */
      "200000002", " ti-0101 ", "Vallée A", /* row 1: blanks trimmed */
      "200000003", "ti-0102", "ignored",   /* row 2: label from row 0 */
      "200000004", "", "",                 /* row 3: empty value */
      "200000005", "ti-0200", "",          /* row 4: empty label -> value */
      "200000006", "ti-0999", "Unused",    /* row 5: no feature joins it */
  };
  tm_table_t *t = make_table(3, columns, 6, cells);
  const gint rows[] = {2, 1, 0, 4, 1, 0};
  tm_join_t *j = make_join(G_N_ELEMENTS(rows), rows);
  tm_style_t *s = make_style(12);
  GError *error = NULL;
  tm_symbology_t *sym = tm_classify_categories(j, t, "TI", "nom_ti", s, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(sym->kind, ==, "category");
  g_assert_cmpuint(sym->n_classes, ==, 3); /* no no-data class: nobody needs it */
  g_assert_cmpstr(sym->classes[0].value, ==, "ti-0101");
  g_assert_cmpstr(sym->classes[0].label, ==, "Vallée A");
  g_assert_cmpuint(sym->classes[0].count, ==, 2);
  g_assert_cmpstr(sym->classes[1].value, ==, "ti-0102");
  g_assert_cmpstr(sym->classes[1].label, ==, "Vallée B");
  g_assert_cmpuint(sym->classes[1].count, ==, 3);
  g_assert_cmpstr(sym->classes[2].value, ==, "ti-0200");
  g_assert_cmpstr(sym->classes[2].label, ==, "ti-0200");
  g_assert_cmpuint(sym->classes[2].count, ==, 1);
  for (guint k = 0; k < 3; k++) {
    g_assert_false(sym->classes[k].no_data);
    g_assert_cmpfloat(sym->classes[k].fill.r, ==, k / 100.0);
  }
  const gint want[] = {1, 0, 1, 2, 0, 1};
  for (guint i = 0; i < 6; i++)
    g_assert_cmpint(sym->feature_class[i], ==, want[i]);
  tm_symbology_free(sym);

  /* Without a label column the label is the value. */
  sym = tm_classify_categories(j, t, "ti", NULL, s, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(sym->classes[1].label, ==, "ti-0102");
  tm_symbology_free(sym);

  /* An unjoined feature and an empty value make the no-data class, last. */
  const gint rows2[] = {-1, 3, 0};
  tm_join_t *j2 = make_join(3, rows2);
  sym = tm_classify_categories(j2, t, "ti", "nom_ti", s, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(sym->n_classes, ==, 2);
  g_assert_cmpstr(sym->classes[0].value, ==, "ti-0102");
  g_assert_cmpuint(sym->classes[0].count, ==, 1);
  g_assert_true(sym->classes[1].no_data);
  g_assert_null(sym->classes[1].value);
  g_assert_cmpstr(sym->classes[1].label, ==, "Sans donnée");
  g_assert_cmpfloat(sym->classes[1].fill.r, ==, 0.9);
  g_assert_cmpuint(sym->classes[1].count, ==, 2);
  g_assert_cmpint(sym->feature_class[0], ==, 1);
  g_assert_cmpint(sym->feature_class[1], ==, 1);
  g_assert_cmpint(sym->feature_class[2], ==, 0);
  tm_symbology_free(sym);
  free_join(j2);

  free_style(s);
  free_join(j);
  free_table(t);
}

static void test_palette_cycles(void)
{
  enum { N = 15 };
  const char *const cols[] = {"k", "v"};
  const char *cells[2 * N];
  char *owned[2 * N];
  gint rows[N];
  for (guint i = 0; i < N; i++) {
    /* Reverse order in the table: classes must still come out sorted. */
    owned[2 * i] = g_strdup_printf("%u", i);
    owned[2 * i + 1] = g_strdup_printf("c%02u", N - 1 - i);
    cells[2 * i] = owned[2 * i];
    cells[2 * i + 1] = owned[2 * i + 1];
    rows[i] = (gint)i;
  }
  tm_table_t *t = make_table(2, cols, N, cells);
  tm_join_t *j = make_join(N, rows);
  tm_style_t *s = make_style(12);
  GError *error = NULL;
  tm_symbology_t *sym = tm_classify_categories(j, t, "v", NULL, s, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(sym->n_classes, ==, N);
  for (guint k = 0; k < N; k++) {
    char *want = g_strdup_printf("c%02u", k);
    g_assert_cmpstr(sym->classes[k].value, ==, want);
    g_free(want);
    g_assert_cmpuint(sym->classes[k].count, ==, 1);
    g_assert_cmpfloat(sym->classes[k].fill.r, ==, (k % 12) / 100.0);
  }
  g_assert_cmpint(sym->feature_class[0], ==, N - 1);
  tm_symbology_free(sym);
  free_style(s);
  free_join(j);
  free_table(t);
  for (guint i = 0; i < 2 * N; i++)
    g_free(owned[i]);
}

static void test_unknown_column(void)
{
  const char *const cells[] = {"1", "ti-1", "A"};
  tm_table_t *t = make_table(3, columns, 1, cells);
  const gint rows[] = {0};
  tm_join_t *j = make_join(1, rows);
  tm_style_t *s = make_style(3);
  GError *error = NULL;
  g_assert_null(tm_classify_categories(j, t, "x", NULL, s, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_ARGUMENT);
  g_assert_cmpstr(error->message, ==, "table.csv: no column 'x' (columns: siren, ti, nom_ti)");
  g_clear_error(&error);
  g_assert_null(tm_classify_categories(j, t, "ti", "label", s, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_ARGUMENT);
  g_assert_cmpstr(error->message, ==,
                  "table.csv: no column 'label' (columns: siren, ti, nom_ti)");
  g_clear_error(&error);
  free_style(s);
  free_join(j);
  free_table(t);
}

/* ---- graduated maps ---- */

/* A layer with only attributes: classify never looks at geometry. */
static tm_layer_t *make_layer(guint n_fields, const char *const *names, guint n_features,
                              const char *const *values)
{
  tm_layer_t *l = g_new0(tm_layer_t, 1);
  l->path = g_strdup("epci.shp");
  l->n_fields = n_fields;
  l->fields = g_new0(tm_field_t, n_fields);
  for (guint f = 0; f < n_fields; f++)
    l->fields[f].name = g_strdup(names[f]);
  l->n_features = n_features;
  l->values = g_new0(char *, (gsize)n_features * n_fields);
  for (guint i = 0; i < n_features * n_fields; i++)
    l->values[i] = g_strdup(values[i]);
  return l;
}

static void free_layer(tm_layer_t *l)
{
  for (guint f = 0; f < l->n_fields; f++)
    g_free(l->fields[f].name);
  for (guint i = 0; i < l->n_features * l->n_fields; i++)
    g_free(l->values[i]);
  g_free(l->fields);
  g_free(l->values);
  g_free(l->path);
  g_free(l);
}

static void assert_hex(const tm_rgba_t *c, const char *hex)
{
  char buf[8];
  tm_rgba_to_hex(c, buf);
  g_assert_cmpstr(buf, ==, hex);
}

static void test_graduated_table(void)
{
  const char *const cols[] = {"siren", "pop"};
  const char *const cells[] = {
      "1", "10",      /* row 0 */
      "2", " 20,5 ",  /* row 1: decimal comma, blanks */
      "3", "30",      /* row 2: equal to an inner break -> upper class */
      "4", "",        /* row 3: no data */
      "5", "n/a",     /* row 4: no data */
      "6", "40",      /* row 5: the maximum -> last class */
  };
  tm_table_t *t = make_table(2, cols, 6, cells);
  const gint rows[] = {0, 1, 2, 3, 4, 5, -1, 2};
  tm_join_t *j = make_join(G_N_ELEMENTS(rows), rows);
  tm_style_t *s = make_style(1);
  const double manual[] = {5, 20, 30, 40, 50};
  tm_graduated_t g = {.column = "pop", .method = TM_BREAKS_MANUAL, .manual = manual,
                      .n_manual = G_N_ELEMENTS(manual), .scheme = "Blues", .french = TRUE,
                      .decimals = -1};
  GError *error = NULL;
  tm_symbology_t *sym = tm_classify_graduated(NULL, j, t, &g, s, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(sym->kind, ==, "graduated");
  g_assert_cmpuint(sym->n_classes, ==, 4);
  const char *const labels[] = {"[10 ; 20[", "[20 ; 30[", "[30 ; 40]", "Sans donnée"};
  const guint counts[] = {1, 1, 3, 3};
  const double mins[] = {10, 20, 30}, maxs[] = {20, 30, 40};
  /* Breaks 5 and 50 lie outside the data and are dropped: 3 classes, Blues 3. */
  const char *const fills[] = {"#deebf7", "#9ecae1", "#3182bd"};
  for (guint k = 0; k < 4; k++) {
    g_assert_cmpstr(sym->classes[k].label, ==, labels[k]);
    g_assert_cmpuint(sym->classes[k].count, ==, counts[k]);
    g_assert_null(sym->classes[k].value);
    if (k < 3) {
      g_assert_true(sym->classes[k].has_range);
      g_assert_false(sym->classes[k].no_data);
      g_assert_cmpfloat(sym->classes[k].min, ==, mins[k]);
      g_assert_cmpfloat(sym->classes[k].max, ==, maxs[k]);
      assert_hex(&sym->classes[k].fill, fills[k]);
    }
  }
  g_assert_true(sym->classes[3].no_data);
  g_assert_false(sym->classes[3].has_range);
  g_assert_cmpfloat(sym->classes[3].fill.r, ==, 0.9);
  const gint want[] = {0, 1, 2, 3, 3, 2, 3, 2};
  for (guint i = 0; i < G_N_ELEMENTS(want); i++)
    g_assert_cmpint(sym->feature_class[i], ==, want[i]);
  tm_symbology_free(sym);

  /* Quantiles over 10, 20.5, 30, 40, 30 in 2 classes: the break is the
   * third value (30), so 30 goes up; no no-data class is made when every
   * feature has a value. */
  const gint all_rows[] = {0, 1, 2, 5, 2};
  tm_join_t *j2 = make_join(G_N_ELEMENTS(all_rows), all_rows);
  g = (tm_graduated_t){.column = "POP", .method = TM_BREAKS_QUANTILE, .n_classes = 2,
                       .scheme = "RdBu", .french = FALSE, .decimals = 1};
  sym = tm_classify_graduated(NULL, j2, t, &g, s, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(sym->n_classes, ==, 2);
  g_assert_cmpstr(sym->classes[0].label, ==, "[10.0 ; 30.0[");
  g_assert_cmpstr(sym->classes[1].label, ==, "[30.0 ; 40.0]");
  g_assert_cmpuint(sym->classes[0].count, ==, 2);
  g_assert_cmpuint(sym->classes[1].count, ==, 3);
  /* Two classes of a diverging scheme: the ends of its 3-colour table. */
  assert_hex(&sym->classes[0].fill, "#ef8a62");
  assert_hex(&sym->classes[1].fill, "#67a9cf");
  tm_symbology_free(sym);
  free_join(j2);

  free_style(s);
  free_join(j);
  free_table(t);
}

static void test_graduated_layer(void)
{
  const char *const fields[] = {"CODE", "DENS"};
  const char *const values[] = {"a", "0.5", "b", "2.5", "c", NULL, "d", "1.5", "e", "1.6"};
  tm_layer_t *l = make_layer(2, fields, 5, values);
  tm_style_t *s = make_style(1);
  /* No join: the value comes from the layer.  Bounds 0.5, 1.5, 2.5 print
   * alike at 0 decimals (0, 2, 2), so 1 decimal is chosen. */
  tm_graduated_t g = {.column = "DENS", .method = TM_BREAKS_EQUAL, .n_classes = 2,
                      .scheme = "Greens", .french = TRUE, .decimals = -1};
  GError *error = NULL;
  tm_symbology_t *sym = tm_classify_graduated(l, NULL, NULL, &g, s, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(sym->n_classes, ==, 3);
  g_assert_cmpstr(sym->classes[0].label, ==, "[0,5 ; 1,5[");
  g_assert_cmpstr(sym->classes[1].label, ==, "[1,5 ; 2,5]");
  g_assert_true(sym->classes[2].no_data);
  const gint want[] = {0, 1, 2, 1, 1};
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint(sym->feature_class[i], ==, want[i]);
  g_assert_cmpuint(sym->classes[1].count, ==, 3);
  tm_symbology_free(sym);

  /* A table without the column: the layer field serves. */
  const char *const cols[] = {"siren", "pop"};
  const char *const cells[] = {"1", "10"};
  tm_table_t *t = make_table(2, cols, 1, cells);
  const gint rows[] = {0, -1, -1, -1, -1};
  tm_join_t *j = make_join(5, rows);
  sym = tm_classify_graduated(l, j, t, &g, s, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(sym->classes[0].count, ==, 1);
  tm_symbology_free(sym);

  /* Neither has it. */
  g.column = "revenu";
  g_assert_null(tm_classify_graduated(l, j, t, &g, s, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_ARGUMENT);
  g_assert_cmpstr(error->message, ==,
                  "value 'revenu': no column of table.csv (columns: siren, pop) and no field "
                  "of epci.shp (fields: CODE, DENS)");
  g_clear_error(&error);

  /* A column without a single number. */
  g.column = "CODE";
  g_assert_null(tm_classify_graduated(l, NULL, NULL, &g, s, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_ARGUMENT);
  g_assert_cmpstr(error->message, ==,
                  "epci.shp: value 'CODE': no numeric value among 5 values (expected at "
                  "least one)");
  g_clear_error(&error);

  /* A scheme too short for the classes. */
  g.column = "DENS";
  g.scheme = "Greens";
  g.method = TM_BREAKS_EQUAL;
  g.n_classes = 12;
  g_assert_null(tm_classify_graduated(l, NULL, NULL, &g, s, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_ARGUMENT);
  g_assert_cmpstr(error->message, ==,
                  "epci.shp: value 'DENS': colour scheme Greens has no 12-colour version "
                  "(expected 1 to 9 colours)");
  g_clear_error(&error);

  free_join(j);
  free_table(t);
  free_style(s);
  free_layer(l);
}

/* ckmeans isolates an outlier at the maximum: its class is [max ; max],
 * labelled by the value alone, and holds the maximum. */
static void test_graduated_outlier(void)
{
  const char *const fields[] = {"V"};
  const char *const values[] = {"1", "2", "3", "1000"};
  tm_layer_t *l = make_layer(1, fields, 4, values);
  tm_style_t *s = make_style(1);
  tm_graduated_t g = {.column = "V", .method = TM_BREAKS_CKMEANS, .n_classes = 2,
                      .scheme = "Reds", .french = TRUE, .decimals = -1};
  GError *error = NULL;
  tm_symbology_t *sym = tm_classify_graduated(l, NULL, NULL, &g, s, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(sym->n_classes, ==, 2);
  g_assert_cmpstr(sym->classes[0].label, ==, "[1 ; 1\u202f000[");
  g_assert_cmpstr(sym->classes[1].label, ==, "1\u202f000");
  g_assert_cmpuint(sym->classes[0].count, ==, 3);
  g_assert_cmpuint(sym->classes[1].count, ==, 1);
  g_assert_cmpint(sym->feature_class[3], ==, 1);
  tm_symbology_free(sym);
  free_style(s);
  free_layer(l);
}

static void test_compare(void)
{
  const gint now[] = {0, -1, 1, -1, 2, 0};
  const gint before[] = {3, 0, -1, -1, -1, 1};
  tm_join_t *cur = make_join(G_N_ELEMENTS(now), now);
  tm_join_t *prev = make_join(G_N_ELEMENTS(before), before);
  tm_style_t *s = make_style(1);
  s->kept_label = g_strdup("Gardé");
  s->entering_label = g_strdup("Entrant");
  s->leaving_label = g_strdup("Sortant");
  s->never_label = g_strdup("Jamais");
  s->kept_fill = (tm_rgba_t){0.1, 0, 0, 1};
  s->entering_fill = (tm_rgba_t){0.2, 0, 0, 1};
  s->leaving_fill = (tm_rgba_t){0.3, 0, 0, 1};
  s->never_fill = (tm_rgba_t){0.4, 0, 0, 1};
  tm_symbology_t *sym = tm_classify_compare(cur, prev, s);
  g_assert_cmpstr(sym->kind, ==, "compare");
  g_assert_cmpuint(sym->n_classes, ==, 4);
  const char *const labels[] = {"Gardé", "Entrant", "Sortant", "Jamais"};
  const guint counts[] = {2, 2, 1, 1};
  for (guint k = 0; k < 4; k++) {
    g_assert_cmpstr(sym->classes[k].label, ==, labels[k]);
    g_assert_cmpuint(sym->classes[k].count, ==, counts[k]);
    g_assert_cmpfloat_with_epsilon(sym->classes[k].fill.r, 0.1 * (k + 1), 1e-12);
    g_assert_false(sym->classes[k].no_data);
  }
  const gint want[] = {0, 2, 1, 3, 1, 0};
  for (guint i = 0; i < G_N_ELEMENTS(want); i++)
    g_assert_cmpint(sym->feature_class[i], ==, want[i]);
  tm_symbology_free(sym);
  g_free(s->kept_label);
  g_free(s->entering_label);
  g_free(s->leaving_label);
  g_free(s->never_label);
  free_style(s);
  free_join(cur);
  free_join(prev);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/classify/membership", test_membership);
  g_test_add_func("/classify/categories", test_categories);
  g_test_add_func("/classify/palette_cycles", test_palette_cycles);
  g_test_add_func("/classify/unknown_column", test_unknown_column);
  g_test_add_func("/classify/graduated_table", test_graduated_table);
  g_test_add_func("/classify/graduated_layer", test_graduated_layer);
  g_test_add_func("/classify/graduated_outlier", test_graduated_outlier);
  g_test_add_func("/classify/compare", test_compare);
  return g_test_run();
}
