/* What every typical-map test shares: the EPCI layer, the 2023-2027
 * membership list, the renders made so far, and the checks of a
 * categorical (territory) map. */
#ifndef TM_MAPS_SUITE_H
#define TM_MAPS_SUITE_H

#include "maps_checks.h"

#define TM_MAPS_DPI 150
#define TM_MAPS_CONTEXT_FILL                                                   \
  "#f7f7f7" /* [context] fill of styles/default.ini */

typedef struct {
  tm_maps_epci_t *epci;
  tm_maps_csv_t *ti;    /* the 2023-2027 membership list */
  GHashTable *member;   /* SIREN (of the layer) -> id_ti */
  GHashTable *ti_names; /* id_ti -> lib_ti */
  GHashTable *dep;     /* SIREN -> INSEE_DEP holding its representative point */
  GHashTable *renders; /* style -> tm_maps_render_t */
} tm_maps_suite_t;

void tm_maps_suite_load(tm_maps_suite_t *s);
void tm_maps_suite_free(tm_maps_suite_t *s);
/* The render of styles/<style>.ini at TM_MAPS_DPI, made on first use. */
tm_maps_render_t *tm_maps_get(tm_maps_suite_t *s, const char *style);
/* SIREN -> INSEE_DEP of the département holding the EPCI's
 * representative point (the admin layer has the EPCI's own borders). */
GHashTable *tm_maps_get_dep(tm_maps_suite_t *s);
gboolean tm_maps_dep_in(const char *dep, const char *const *deps);
/* SIREN -> fill of a categorical map: its territory's legend fill, or the
 * no-data fill; only EPCI of the départements deps (NULL: all). */
GHashTable *tm_maps_expected_categories(tm_maps_suite_t *s,
                                        const tm_maps_render_t *r,
                                        const char *const *deps);
/* The legend lists exactly the territories of the EPCI in expected, by
 * name, each with its count of member EPCI, then the no-data class. */
void tm_maps_check_category_legend(tm_maps_suite_t *s,
                                   const tm_maps_render_t *r,
                                   GHashTable *expected);
/* No two territories sharing a border or a point carry one fill. */
void tm_maps_check_adjacent_fills(tm_maps_suite_t *s,
                                  const tm_maps_render_t *r);
/* One label per territory of the legend, named by lib_ti, anchored in one
 * of its member EPCI; none overlapping, all on the page. */
void tm_maps_check_territory_labels(tm_maps_suite_t *s,
                                    const tm_maps_render_t *r);
/* Every "context" path carries the context fill and lies outside deps. */
void tm_maps_check_context(tm_maps_suite_t *s, const tm_maps_render_t *r,
                           const char *const *deps);

#endif
