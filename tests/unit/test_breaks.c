/* Classify stage, the pure parts: class breaks, ColorBrewer palettes,
 * legend numbers and graph colouring. */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "terrimap/classify.h"

static void assert_bounds(const double *values, guint n, tm_breaks_method_t method, guint k,
                          const double *manual, guint n_manual, const double *want,
                          guint n_want)
{
  GError *error = NULL;
  guint n_bounds = 0;
  double *b = tm_breaks_compute(values, n, method, k, manual, n_manual, &n_bounds, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(n_bounds, ==, n_want);
  for (guint i = 0; i < n_want; i++)
    g_assert_cmpfloat_with_epsilon(b[i], want[i], 1e-12);
  g_free(b);
}

static void test_quantile(void)
{
  const double v[] = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  assert_bounds(v, 10, TM_BREAKS_QUANTILE, 5, NULL, 0, (double[]){1, 3, 5, 7, 9, 10}, 6);
  /* Repeated values: a break equal to the one before is dropped, so every
   * class holds a value; fewer classes than asked. */
  const double r[] = {1, 1, 1, 1, 1, 1, 2, 3};
  assert_bounds(r, 8, TM_BREAKS_QUANTILE, 4, NULL, 0, (double[]){1, 2, 3}, 3);
  /* Most values at the maximum: the last class is [5 ; 5]. */
  const double top[] = {1, 2, 3, 4, 5, 5, 5, 5, 5, 5};
  assert_bounds(top, 10, TM_BREAKS_QUANTILE, 2, NULL, 0, (double[]){1, 5, 5}, 3);
  /* Non-finite values are not data. */
  const double nf[] = {NAN, 4, INFINITY, 2, -INFINITY, 1, 3};
  assert_bounds(nf, 7, TM_BREAKS_QUANTILE, 2, NULL, 0, (double[]){1, 3, 4}, 3);
  /* One distinct value: one class [v ; v]. */
  assert_bounds((double[]){7, 7, 7}, 3, TM_BREAKS_QUANTILE, 5, NULL, 0, (double[]){7, 7}, 2);
}

static void test_equal(void)
{
  const double v[] = {10, 0, 3};
  assert_bounds(v, 3, TM_BREAKS_EQUAL, 4, NULL, 0, (double[]){0, 2.5, 5, 7.5, 10}, 5);
  assert_bounds(v, 3, TM_BREAKS_EQUAL, 1, NULL, 0, (double[]){0, 10}, 2);
  assert_bounds((double[]){3, 3}, 2, TM_BREAKS_EQUAL, 5, NULL, 0, (double[]){3, 3}, 2);
}

static void test_ckmeans_known(void)
{
  const double v[] = {21, 1, 12, 2, 20, 3, 10, 22, 11};
  assert_bounds(v, 9, TM_BREAKS_CKMEANS, 3, NULL, 0, (double[]){1, 10, 20, 22}, 4);
  /* Fewer distinct values than classes: one class per value. */
  assert_bounds((double[]){5, 7, 5, 5}, 4, TM_BREAKS_CKMEANS, 4, NULL, 0, (double[]){5, 7, 7},
                3);
  /* An outlier gets a class of its own. */
  assert_bounds((double[]){1, 2, 3, 1000}, 4, TM_BREAKS_CKMEANS, 2, NULL, 0,
                (double[]){1, 1000, 1000}, 3);
  /* Large values: the variance must not vanish in cancellation. */
  assert_bounds((double[]){1e9, 1e9 + 1, 1e9 + 2, 1e9 + 10, 1e9 + 11}, 5, TM_BREAKS_CKMEANS, 2,
                NULL, 0, (double[]){1e9, 1e9 + 10, 1e9 + 11}, 3);
}

/* Within-class sum of squares of sorted x split at the given bounds. */
static double total_ssq(const double *x, guint n, const double *b, guint n_bounds)
{
  double total = 0;
  guint i = 0;
  for (guint k = 0; k + 1 < n_bounds; k++) {
    gboolean last = k + 2 == n_bounds;
    double sum = 0;
    guint start = i, count = 0;
    for (; i < n && (x[i] < b[k + 1] || last); i++, count++)
      sum += x[i];
    double mean = count ? sum / count : 0;
    for (guint t = start; t < i; t++)
      total += (x[t] - mean) * (x[t] - mean);
  }
  return total;
}

/* The textbook O(k n^2) dynamic programme: the least sum of squares. */
static double best_ssq(const double *x, guint n, guint k)
{
  double *d = g_new(double, (gsize)k * n);
  for (guint q = 0; q < k; q++) {
    for (guint i = 0; i < n; i++) {
      double best = G_MAXDOUBLE, sum = 0, sum2 = 0;
      for (guint j = i + 1; j-- > (q == 0 ? 0 : q);) {
        sum += x[j];
        sum2 += x[j] * x[j];
        guint c = i - j + 1;
        double ssq = sum2 - sum * sum / c;
        double prev = q == 0 ? (j == 0 ? 0 : G_MAXDOUBLE) : d[(gsize)(q - 1) * n + j - 1];
        if (prev < G_MAXDOUBLE && prev + ssq < best)
          best = prev + ssq;
      }
      d[(gsize)q * n + i] = best;
    }
  }
  double r = d[(gsize)(k - 1) * n + n - 1];
  g_free(d);
  return r;
}

static int compare_doubles(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The divide-and-conquer fill must find the same optimum as the plain one. */
static void test_ckmeans_optimal(void)
{
  GRand *rand = g_rand_new_with_seed(42);
  for (guint trial = 0; trial < 20; trial++) {
    guint n = 30 + g_rand_int_range(rand, 0, 200);
    guint k = 2 + g_rand_int_range(rand, 0, 7);
    double *x = g_new(double, n);
    for (guint i = 0; i < n; i++) /* skewed, like populations */
      x[i] = floor(exp(g_rand_double_range(rand, 0, 8)));
    qsort(x, n, sizeof(double), compare_doubles);
    guint distinct = 1;
    for (guint i = 1; i < n; i++)
      distinct += x[i] != x[i - 1];
    if (distinct < k) {
      g_free(x);
      continue;
    }
    GError *error = NULL;
    guint n_bounds = 0;
    double *b = tm_breaks_compute(x, n, TM_BREAKS_CKMEANS, k, NULL, 0, &n_bounds, &error);
    g_assert_no_error(error);
    double got = total_ssq(x, n, b, n_bounds);
    double want = best_ssq(x, n, k);
    g_assert_cmpfloat(fabs(got - want), <=, 1e-6 * MAX(1.0, want));
    g_free(b);
    g_free(x);
  }
  g_rand_free(rand);
}

static void test_ckmeans_large(void)
{
  /* 40,000 values, 12 classes: must finish quickly (O(k n log n)). */
  enum { N = 40000 };
  double *x = g_new(double, N);
  GRand *rand = g_rand_new_with_seed(7);
  for (guint i = 0; i < N; i++)
    x[i] = g_rand_double_range(rand, 0, 1e6);
  g_rand_free(rand);
  gint64 t0 = g_get_monotonic_time();
  GError *error = NULL;
  guint n_bounds = 0;
  double *b = tm_breaks_compute(x, N, TM_BREAKS_CKMEANS, 12, NULL, 0, &n_bounds, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(n_bounds, ==, 13);
  for (guint i = 1; i < n_bounds; i++)
    g_assert_cmpfloat(b[i], >, b[i - 1]);
  g_assert_cmpint(g_get_monotonic_time() - t0, <, 10 * G_USEC_PER_SEC);
  g_free(b);
  g_free(x);
}

static void test_manual(void)
{
  const double v[] = {0, 25, 12, 3};
  /* Breaks outside the data (-5, 30) and at its ends (0, 25) are dropped. */
  assert_bounds(v, 4, TM_BREAKS_MANUAL, 0, (double[]){-5, 0, 10, 20, 25, 30}, 6,
                (double[]){0, 10, 20, 25}, 4);
  assert_bounds(v, 4, TM_BREAKS_MANUAL, 0, (double[]){100}, 1, (double[]){0, 25}, 2);
}

static void test_breaks_errors(void)
{
  GError *error = NULL;
  guint n_bounds = 9;
  g_assert_null(tm_breaks_compute(NULL, 0, TM_BREAKS_QUANTILE, 5, NULL, 0, &n_bounds, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_ARGUMENT);
  g_assert_cmpstr(error->message, ==, "no numeric value among 0 values (expected at least one)");
  g_assert_cmpuint(n_bounds, ==, 0);
  g_clear_error(&error);
  const double nan2[] = {NAN, NAN};
  g_assert_null(tm_breaks_compute(nan2, 2, TM_BREAKS_EQUAL, 5, NULL, 0, &n_bounds, &error));
  g_assert_cmpstr(error->message, ==, "no numeric value among 2 values (expected at least one)");
  g_clear_error(&error);
  const double v[] = {1, 2, 3};
  g_assert_null(tm_breaks_compute(v, 3, TM_BREAKS_CKMEANS, 0, NULL, 0, &n_bounds, &error));
  g_assert_cmpstr(error->message, ==, "0 classes asked (expected at least 1)");
  g_clear_error(&error);
  g_assert_null(tm_breaks_compute(v, 3, TM_BREAKS_MANUAL, 0, (double[]){2, 2}, 2, &n_bounds,
                                  &error));
  g_assert_cmpstr(error->message, ==,
                  "manual break 2 (2) is not above the one before (2) (expected strictly "
                  "increasing breaks)");
  g_clear_error(&error);
}

static void test_method_parse(void)
{
  tm_breaks_method_t m = TM_BREAKS_MANUAL;
  double *manual = NULL;
  guint n = 7;
  GError *error = NULL;
  g_assert_true(tm_breaks_method_parse("quantile", &m, &manual, &n, &error));
  g_assert_cmpint(m, ==, TM_BREAKS_QUANTILE);
  g_assert_null(manual);
  g_assert_cmpuint(n, ==, 0);
  g_assert_true(tm_breaks_method_parse(" Equal ", &m, &manual, &n, &error));
  g_assert_cmpint(m, ==, TM_BREAKS_EQUAL);
  g_assert_true(tm_breaks_method_parse("jenks", &m, &manual, &n, &error));
  g_assert_cmpint(m, ==, TM_BREAKS_CKMEANS);
  g_assert_true(tm_breaks_method_parse("ckmeans", &m, &manual, &n, &error));
  g_assert_cmpint(m, ==, TM_BREAKS_CKMEANS);
  g_assert_true(tm_breaks_method_parse("manual:1, 2.5 ,-10e-1x", &m, &manual, &n, &error) ==
                FALSE);
  g_assert_cmpstr(error->message, ==,
                  "manual:1, 2.5 ,-10e-1x: break 3 '-10e-1x' is not a number (expected "
                  "manual:B1,B2,... with '.' as the decimal point)");
  g_clear_error(&error);
  g_assert_null(manual);
  g_assert_true(tm_breaks_method_parse("manual:1, 2.5 ,1e2", &m, &manual, &n, &error));
  g_assert_no_error(error);
  g_assert_cmpint(m, ==, TM_BREAKS_MANUAL);
  g_assert_cmpuint(n, ==, 3);
  g_assert_cmpfloat(manual[0], ==, 1);
  g_assert_cmpfloat(manual[1], ==, 2.5);
  g_assert_cmpfloat(manual[2], ==, 100);
  g_free(manual);

  struct {
    const char *text, *message;
  } bad[] = {
      {"kmeans", "'kmeans' is not a classification method (expected quantile, equal, ckmeans, "
                 "jenks or manual:B1,B2,...)"},
      {"", "'' is not a classification method (expected quantile, equal, ckmeans, jenks or "
           "manual:B1,B2,...)"},
      {"manual:", "manual:: 0 breaks (expected 1 to 11 breaks: manual:B1,B2,...)"},
      {"manual:1,,2", "manual:1,,2: break 2 '' is not a number (expected manual:B1,B2,... "
                      "with '.' as the decimal point)"},
      {"manual:3,3", "manual:3,3: break 2 (3) is not above the one before (expected strictly "
                     "increasing breaks)"},
      {"manual:1,2,3,4,5,6,7,8,9,10,11,12",
       "manual:1,2,3,4,5,6,7,8,9,10,11,12: 12 breaks (expected 1 to 11 breaks: "
       "manual:B1,B2,...)"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_assert_false(tm_breaks_method_parse(bad[i].text, &m, &manual, &n, &error));
    g_assert_error(error, TM_ERROR, TM_ERROR_ARGUMENT);
    g_assert_cmpstr(error->message, ==, bad[i].message);
    g_assert_null(manual);
    g_clear_error(&error);
  }
}

static void assert_hex(const tm_rgba_t *c, const char *hex)
{
  char buf[8];
  tm_rgba_to_hex(c, buf);
  g_assert_cmpstr(buf, ==, hex);
  g_assert_cmpfloat(c->a, ==, 1.0);
}

static void test_palettes(void)
{
  tm_rgba_t c[12];
  GError *error = NULL;
  g_assert_true(tm_palette_get("Blues", 5, c, &error));
  const char *const blues5[] = {"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"};
  for (guint i = 0; i < 5; i++)
    assert_hex(&c[i], blues5[i]);
  g_assert_true(tm_palette_get("ylorrd", 9, c, &error));
  assert_hex(&c[0], "#ffffcc");
  assert_hex(&c[8], "#800026");
  g_assert_true(tm_palette_get("RdYlBu", 11, c, &error));
  assert_hex(&c[0], "#a50026");
  assert_hex(&c[5], "#ffffbf");
  assert_hex(&c[10], "#313695");
  g_assert_true(tm_palette_get("Paired", 12, c, &error));
  assert_hex(&c[0], "#a6cee3");
  assert_hex(&c[11], "#b15928");
  g_assert_true(tm_palette_get("Set2", 3, c, &error));
  assert_hex(&c[2], "#8da0cb");
  /* Below 3: the ends (2) or the middle (1) of the 3-colour table. */
  g_assert_true(tm_palette_get("Blues", 2, c, &error));
  assert_hex(&c[0], "#deebf7");
  assert_hex(&c[1], "#3182bd");
  g_assert_true(tm_palette_get("Blues", 1, c, &error));
  assert_hex(&c[0], "#9ecae1");
  g_assert_true(tm_palette_get("Set1", 2, c, &error));
  assert_hex(&c[0], "#e41a1c");
  assert_hex(&c[1], "#377eb8");

  /* Every scheme at every size it has, and not one more. */
  const struct {
    const char *name;
    guint max;
  } sizes[] = {{"Blues", 9},   {"BuGn", 9},    {"BuPu", 9},     {"GnBu", 9},   {"Greens", 9},
               {"Greys", 9},   {"Oranges", 9}, {"OrRd", 9},     {"PuBu", 9},   {"PuBuGn", 9},
               {"PuRd", 9},    {"Purples", 9}, {"RdPu", 9},     {"Reds", 9},   {"YlGn", 9},
               {"YlGnBu", 9},  {"YlOrBr", 9},  {"YlOrRd", 9},   {"BrBG", 11},  {"PiYG", 11},
               {"PRGn", 11},   {"PuOr", 11},   {"RdBu", 11},    {"RdGy", 11},  {"RdYlBu", 11},
               {"RdYlGn", 11}, {"Spectral", 11}, {"Set1", 9},   {"Set2", 8},   {"Set3", 12},
               {"Pastel1", 9}, {"Pastel2", 8}, {"Dark2", 8},    {"Accent", 8}, {"Paired", 12}};
  for (gsize s = 0; s < G_N_ELEMENTS(sizes); s++) {
    for (guint n = 1; n <= sizes[s].max; n++) {
      g_assert_true(tm_palette_get(sizes[s].name, n, c, &error));
      g_assert_no_error(error);
    }
    tm_rgba_t big[13];
    g_assert_false(tm_palette_get(sizes[s].name, sizes[s].max + 1, big, &error));
    char *want = g_strdup_printf("colour scheme %s has no %u-colour version (expected 1 to %u "
                                 "colours)",
                                 sizes[s].name, sizes[s].max + 1, sizes[s].max);
    g_assert_cmpstr(error->message, ==, want);
    g_free(want);
    g_clear_error(&error);
  }

  g_assert_false(tm_palette_get("Blues", 0, c, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_ARGUMENT);
  g_clear_error(&error);
  g_assert_false(tm_palette_get("Viridis", 5, c, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_ARGUMENT);
  g_assert_true(g_str_has_prefix(error->message, "unknown colour scheme 'Viridis' (expected a "
                                                 "ColorBrewer scheme: Blues, BuGn, BuPu,"));
  g_assert_nonnull(strstr(error->message, ", Spectral, Accent, "));
  g_clear_error(&error);
}

static void assert_number(double v, int decimals, gboolean french, const char *want)
{
  char *s = tm_number_format(v, decimals, french);
  g_assert_cmpstr(s, ==, want);
  g_free(s);
}

static void test_numbers(void)
{
  assert_number(1234.5, 1, TRUE, "1\u202f234,5");
  assert_number(1234567.5, 1, TRUE, "1\u202f234\u202f567,5");
  assert_number(1234567.5, 1, FALSE, "1234567.5");
  assert_number(-1234.25, 2, TRUE, "-1\u202f234,25");
  assert_number(999, 0, TRUE, "999");
  assert_number(1000, 0, TRUE, "1\u202f000");
  assert_number(100000, 0, TRUE, "100\u202f000");
  assert_number(0.5, 3, TRUE, "0,500");
  assert_number(2.75, 1, FALSE, "2.8");
  assert_number(-0.0, 0, TRUE, "0");
  assert_number(-0.001, 2, FALSE, "0.00");
  assert_number(-0.4, 0, TRUE, "0");
  assert_number(-0.6, 0, TRUE, "-1");
  assert_number(12, -1, FALSE, "12");
  /* The C library's locale never leaks in. */
  if (setlocale(LC_NUMERIC, "C.utf8") != NULL) {
    assert_number(1234.5, 1, FALSE, "1234.5");
    setlocale(LC_NUMERIC, "C");
  }
}

/* ---- graph colouring ---- */

static void assert_proper(const guint *colour, const guint *edges, guint n_edges)
{
  for (guint e = 0; e < n_edges; e++)
    if (edges[2 * e] != edges[2 * e + 1])
      g_assert_cmpuint(colour[edges[2 * e]], !=, colour[edges[2 * e + 1]]);
}

static void test_colour_small(void)
{
  guint used = 0;
  const guint k4[] = {0, 1, 0, 2, 0, 3, 1, 2, 1, 3, 2, 3};
  guint *c = tm_colour_graph(4, k4, 6, 6, &used);
  g_assert_cmpuint(used, ==, 4);
  assert_proper(c, k4, 6);
  g_free(c);

  /* Wheel: hub 0 and a rim of 6 (even: 3 colours) or 5 (odd: 4 colours). */
  for (guint rim = 5; rim <= 6; rim++) {
    GArray *e = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint i = 1; i <= rim; i++) {
      guint next = i % rim + 1, zero = 0;
      g_array_append_val(e, zero);
      g_array_append_val(e, i);
      g_array_append_val(e, i);
      g_array_append_val(e, next);
    }
    c = tm_colour_graph(rim + 1, (guint *)e->data, e->len / 2, 6, &used);
    g_assert_cmpuint(used, ==, rim % 2 ? 4 : 3);
    assert_proper(c, (guint *)e->data, e->len / 2);
    g_free(c);
    g_array_free(e, TRUE);
  }

  /* Duplicates, reversed pairs, self-loops and out-of-range nodes are
   * harmless; isolated nodes take colour 0. */
  const guint messy[] = {0, 1, 1, 0, 0, 1, 2, 2, 1, 9};
  c = tm_colour_graph(4, messy, 5, 6, &used);
  g_assert_cmpuint(used, ==, 2);
  g_assert_cmpuint(c[0], !=, c[1]);
  g_assert_cmpuint(c[2], ==, 0);
  g_assert_cmpuint(c[3], ==, 0);
  g_free(c);

  used = 5;
  g_assert_null(tm_colour_graph(0, NULL, 0, 6, &used));
  g_assert_cmpuint(used, ==, 0);
}

/* A triangulated grid with random diagonals, plus random chords that keep
 * it sparse: the kind of graph neighbouring territories make. */
static guint *grid_edges(guint side, guint *n_edges, guint32 seed)
{
  GArray *e = g_array_new(FALSE, FALSE, sizeof(guint));
  GRand *rand = g_rand_new_with_seed(seed);
#define EDGE(a, b)                                                                             \
  do {                                                                                         \
    guint a_ = (a), b_ = (b);                                                                  \
    g_array_append_val(e, a_);                                                                 \
    g_array_append_val(e, b_);                                                                 \
  } while (0)
  for (guint y = 0; y < side; y++) {
    for (guint x = 0; x < side; x++) {
      guint v = y * side + x;
      if (x + 1 < side)
        EDGE(v, v + 1);
      if (y + 1 < side)
        EDGE(v, v + side);
      if (x + 1 < side && y + 1 < side) {
        if (g_rand_boolean(rand))
          EDGE(v, v + side + 1);
        else
          EDGE(v + 1, v + side);
      }
    }
  }
#undef EDGE
  g_rand_free(rand);
  *n_edges = e->len / 2;
  return (guint *)g_array_free(e, FALSE);
}

static void test_colour_large(void)
{
  guint n_edges = 0, used = 0, used2 = 0;
  const guint side = 150; /* 22,500 nodes */
  guint *edges = grid_edges(side, &n_edges, 3);
  guint *c = tm_colour_graph(side * side, edges, n_edges, 6, &used);
  assert_proper(c, edges, n_edges);
  g_assert_cmpuint(used, <=, 6);
  g_assert_cmpuint(used, >=, 3);
  /* Deterministic. */
  guint *again = tm_colour_graph(side * side, edges, n_edges, 6, &used2);
  g_assert_cmpuint(used2, ==, used);
  g_assert_cmpmem(c, sizeof(guint) * side * side, again, sizeof(guint) * side * side);
  g_free(again);
  g_free(c);
  g_free(edges);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/breaks/quantile", test_quantile);
  g_test_add_func("/breaks/equal", test_equal);
  g_test_add_func("/breaks/ckmeans_known", test_ckmeans_known);
  g_test_add_func("/breaks/ckmeans_optimal", test_ckmeans_optimal);
  g_test_add_func("/breaks/ckmeans_large", test_ckmeans_large);
  g_test_add_func("/breaks/manual", test_manual);
  g_test_add_func("/breaks/errors", test_breaks_errors);
  g_test_add_func("/breaks/method_parse", test_method_parse);
  g_test_add_func("/breaks/palettes", test_palettes);
  g_test_add_func("/breaks/numbers", test_numbers);
  g_test_add_func("/breaks/colour_small", test_colour_small);
  g_test_add_func("/breaks/colour_large", test_colour_large);
  return g_test_run();
}
