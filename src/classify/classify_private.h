/* Internals of the classify stage. */
#ifndef TERRIMAP_CLASSIFY_PRIVATE_H
#define TERRIMAP_CLASSIFY_PRIVATE_H

#include "terrimap/classify.h"

/* A symbology with n_classes zeroed classes and n_features zeroed entries. */
tm_symbology_t *tm_symbology_new(const char *kind, guint n_classes, guint n_features);

/* ---- ckmeans.c ---- */
/* Optimal 1-D k-means of sorted, distinct values x[0..m-1] weighted by
 * w[0..m-1] (how often each occurs), 1 <= k <= m.  Writes the index of the
 * first value of each of the k clusters into starts[0..k-1]. */
void tm_ckmeans(const double *x, const double *w, guint m, guint k, guint *starts);

/* ---- palette_tables.c ---- */
typedef enum {
  TM_SCHEME_SEQUENTIAL,
  TM_SCHEME_DIVERGING,
  TM_SCHEME_QUALITATIVE
} tm_scheme_kind_t;

typedef struct {
  const char *name;
  tm_scheme_kind_t kind;
  guint max;                  /* largest published size */
  const guint32 *colours[10]; /* 0xrrggbb tables of sizes 3..12; NULL past max */
} tm_scheme_t;

const tm_scheme_t *tm_scheme_table(guint *n_schemes);

#endif
