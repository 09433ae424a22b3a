/* Ckmeans.1d.dp (Wang and Song, The R Journal 3(2), 2011; Song and Zhong,
 * Bioinformatics 36(12), 2020): optimal k-means in one dimension by dynamic
 * programming over the sorted values, the exact successor of Jenks'
 * natural breaks.
 *
 * D[q][i] is the least within-cluster sum of squares of values 0..i split
 * into q+1 clusters; the last cluster starts at J[q][i].  The optimal start
 * never moves left as i grows, so each row is filled by divide and conquer
 * over i with a shrinking range of candidate starts: O(k m log m) rather
 * than O(k m^2), which matters for 35,000 communes. */
#include "classify_private.h"

typedef struct {
  guint m;
  double *s0, *s1, *s2; /* prefix sums (m + 1) of w, w*x, w*x^2, x shifted */
  double *d;            /* k * m */
  guint *j;             /* k * m */
} tm_ckmeans_t;

/* Weighted sum of squared deviations of values a..b (inclusive). */
static double ssq(const tm_ckmeans_t *c, guint a, guint b)
{
  double w = c->s0[b + 1] - c->s0[a];
  double s = c->s1[b + 1] - c->s1[a];
  double v = c->s2[b + 1] - c->s2[a] - s * s / w;
  /* Rounding can leave a tiny negative for a cluster of equal values. */
  return v > 0 ? v : 0;
}

static void fill_row(tm_ckmeans_t *c, guint q, guint ilo, guint ihi, guint jlo, guint jhi)
{
  if (ilo > ihi)
    return;
  guint mid = ilo + (ihi - ilo) / 2;
  const double *prev = c->d + (gsize)(q - 1) * c->m;
  guint first = MAX(jlo, q), last = MIN(jhi, mid);
  guint best_j = first;
  double best = G_MAXDOUBLE;
  for (guint j = first; j <= last; j++) {
    double cost = prev[j - 1] + ssq(c, j, mid);
    if (cost < best) {
      best = cost;
      best_j = j;
    }
  }
  c->d[(gsize)q * c->m + mid] = best;
  c->j[(gsize)q * c->m + mid] = best_j;
  if (mid > ilo)
    fill_row(c, q, ilo, mid - 1, jlo, best_j);
  fill_row(c, q, mid + 1, ihi, best_j, jhi);
}

void tm_ckmeans(const double *x, const double *w, guint m, guint k, guint *starts)
{
  g_return_if_fail(k >= 1 && k <= m);
  tm_ckmeans_t c = {.m = m};
  c.s0 = g_new0(double, (gsize)m + 1);
  c.s1 = g_new0(double, (gsize)m + 1);
  c.s2 = g_new0(double, (gsize)m + 1);
  c.d = g_new(double, (gsize)k * m);
  c.j = g_new0(guint, (gsize)k * m);
  /* Shifting by the median keeps the sums small, so large values (a
   * population in millions) do not lose the variance to cancellation. */
  double shift = x[m / 2];
  for (guint i = 0; i < m; i++) {
    double v = x[i] - shift;
    c.s0[i + 1] = c.s0[i] + w[i];
    c.s1[i + 1] = c.s1[i] + w[i] * v;
    c.s2[i + 1] = c.s2[i] + w[i] * v * v;
  }
  for (guint i = 0; i < m; i++)
    c.d[i] = ssq(&c, 0, i);
  for (guint q = 1; q < k; q++)
    fill_row(&c, q, q, m - 1, q, m - 1);
  guint i = m - 1;
  for (guint q = k; q-- > 0;) {
    starts[q] = q == 0 ? 0 : c.j[(gsize)q * m + i];
    if (q > 0)
      i = starts[q] - 1;
  }
  g_free(c.s0);
  g_free(c.s1);
  g_free(c.s2);
  g_free(c.d);
  g_free(c.j);
}
