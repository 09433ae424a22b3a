/* Class bounds of a graduated map.
 *
 * Bounds are min, inner breaks, max; class i is [b_i ; b_i+1[ and the last
 * one is closed.  Inner breaks are strictly increasing and strictly above
 * the minimum.  One inner break may equal the maximum: the last class is
 * then [max ; max], which is what ckmeans (an outlier in a class of its
 * own) and quantiles (the top fifth of the features share the maximum)
 * legitimately produce; dropping it would fold those features into the
 * class below and hide them.
 *
 * Manual breaks keep only those strictly inside (min, max): a break
 * outside the data would add a legend entry that no feature fills (or an
 * inverted interval such as [12 ; 10[), and the legend is read as a
 * description of the map. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "classify_private.h"

/* More breaks than this makes more classes than any palette has colours. */
#define TM_BREAKS_MAX_MANUAL 11

static gboolean parse_manual(const char *list, double **manual, guint *n_manual,
                             GError **error)
{
  char **parts = g_strsplit(list, ",", -1);
  guint n = g_strv_length(parts);
  gboolean ok = TRUE;
  if (n == 0 || n > TM_BREAKS_MAX_MANUAL) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "manual:%s: %u breaks (expected 1 to %d breaks: manual:B1,B2,...)", list, n,
                TM_BREAKS_MAX_MANUAL);
    ok = FALSE;
  }
  double *v = ok ? g_new(double, n) : NULL;
  for (guint i = 0; ok && i < n; i++) {
    g_strstrip(parts[i]);
    if (!tm_parse_double(parts[i], &v[i])) {
      g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                  "manual:%s: break %u '%s' is not a number (expected manual:B1,B2,... with "
                  "'.' as the decimal point)",
                  list, i + 1, parts[i]);
      ok = FALSE;
    } else if (i > 0 && v[i] <= v[i - 1]) {
      g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                  "manual:%s: break %u (%s) is not above the one before (expected strictly "
                  "increasing breaks)",
                  list, i + 1, parts[i]);
      ok = FALSE;
    }
  }
  g_strfreev(parts);
  if (!ok) {
    g_free(v);
    return FALSE;
  }
  *manual = v;
  *n_manual = n;
  return TRUE;
}

gboolean tm_breaks_method_parse(const char *text, tm_breaks_method_t *method, double **manual,
                                guint *n_manual, GError **error)
{
  g_return_val_if_fail(method != NULL && manual != NULL && n_manual != NULL, FALSE);
  *manual = NULL;
  *n_manual = 0;
  char *t = g_strstrip(g_strdup(text ? text : ""));
  gboolean ok = TRUE;
  if (g_ascii_strcasecmp(t, "quantile") == 0)
    *method = TM_BREAKS_QUANTILE;
  else if (g_ascii_strcasecmp(t, "equal") == 0)
    *method = TM_BREAKS_EQUAL;
  else if (g_ascii_strcasecmp(t, "ckmeans") == 0 || g_ascii_strcasecmp(t, "jenks") == 0)
    *method = TM_BREAKS_CKMEANS;
  else if (g_ascii_strncasecmp(t, "manual:", 7) == 0) {
    *method = TM_BREAKS_MANUAL;
    ok = parse_manual(t + 7, manual, n_manual, error);
  } else {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "'%s' is not a classification method (expected quantile, equal, ckmeans, "
                "jenks or manual:B1,B2,...)",
                t);
    ok = FALSE;
  }
  g_free(t);
  return ok;
}

static int compare_doubles(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Appends candidate inner breaks to bounds under the rules at the top. */
static void add_inner(GArray *bounds, double candidate, double max)
{
  double last = g_array_index(bounds, double, bounds->len - 1);
  if (candidate <= last || candidate > max || last == max)
    return;
  g_array_append_val(bounds, candidate);
}

static void quantile_breaks(const double *sorted, guint m, guint k, GArray *bounds)
{
  /* The j-th break is the first value past j/k of the features, so the
   * first j classes hold (about) j/k of them. */
  for (guint j = 1; j < k; j++) {
    guint64 idx = (guint64)j * m / k;
    add_inner(bounds, sorted[idx], sorted[m - 1]);
  }
}

static void equal_breaks(double min, double max, guint k, GArray *bounds)
{
  for (guint j = 1; j < k; j++)
    add_inner(bounds, min + (max - min) * j / k, max);
}

static void ckmeans_breaks(const double *sorted, guint m, guint k, GArray *bounds)
{
  /* Equal values always share a class: cluster the distinct values,
   * weighted by how often they occur. */
  double *x = g_new(double, m), *w = g_new(double, m);
  guint d = 0;
  for (guint i = 0; i < m; i++) {
    if (d > 0 && sorted[i] == x[d - 1]) {
      w[d - 1] += 1;
    } else {
      x[d] = sorted[i];
      w[d++] = 1;
    }
  }
  guint kk = MIN(k, d);
  guint *starts = g_new(guint, kk);
  tm_ckmeans(x, w, d, kk, starts);
  for (guint j = 1; j < kk; j++)
    add_inner(bounds, x[starts[j]], sorted[m - 1]);
  g_free(starts);
  g_free(x);
  g_free(w);
}

double *tm_breaks_compute(const double *values, guint n, tm_breaks_method_t method,
                          guint n_classes, const double *manual, guint n_manual, guint *n_bounds,
                          GError **error)
{
  g_return_val_if_fail(n_bounds != NULL && (values != NULL || n == 0), NULL);
  *n_bounds = 0;
  if (method != TM_BREAKS_MANUAL && n_classes < 1) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "0 classes asked (expected at least 1)");
    return NULL;
  }
  if (method == TM_BREAKS_MANUAL) {
    for (guint i = 1; i < n_manual; i++) {
      if (!(manual[i] > manual[i - 1])) {
        g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                    "manual break %u (%g) is not above the one before (%g) (expected strictly "
                    "increasing breaks)",
                    i + 1, manual[i], manual[i - 1]);
        return NULL;
      }
    }
  }
  double *sorted = g_new(double, MAX(n, 1));
  guint m = 0;
  for (guint i = 0; i < n; i++)
    if (isfinite(values[i]))
      sorted[m++] = values[i];
  if (m == 0) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "no numeric value among %u values (expected at least one)", n);
    g_free(sorted);
    return NULL;
  }
  qsort(sorted, m, sizeof(double), compare_doubles);
  double min = sorted[0], max = sorted[m - 1];
  GArray *bounds = g_array_new(FALSE, FALSE, sizeof(double));
  g_array_append_val(bounds, min);
  switch (method) {
  case TM_BREAKS_QUANTILE:
    quantile_breaks(sorted, m, n_classes, bounds);
    break;
  case TM_BREAKS_EQUAL:
    equal_breaks(min, max, n_classes, bounds);
    break;
  case TM_BREAKS_CKMEANS:
    ckmeans_breaks(sorted, m, n_classes, bounds);
    break;
  case TM_BREAKS_MANUAL:
    for (guint i = 0; i < n_manual; i++)
      if (manual[i] < max)
        add_inner(bounds, manual[i], max);
    break;
  }
  g_array_append_val(bounds, max);
  g_free(sorted);
  *n_bounds = bounds->len;
  return (double *)g_array_free(bounds, FALSE);
}
