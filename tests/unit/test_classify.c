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

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/classify/membership", test_membership);
  g_test_add_func("/classify/categories", test_categories);
  g_test_add_func("/classify/palette_cycles", test_palette_cycles);
  g_test_add_func("/classify/unknown_column", test_unknown_column);
  return g_test_run();
}
