/* Checks shared by the typical-map tests: what a reader verifies on a
 * published map, given what the data says it should show. */
#ifndef TM_MAPS_CHECKS_H
#define TM_MAPS_CHECKS_H

#include "maps_data.h"
#include "maps_render.h"

/* A place, and what the map must show there. */
typedef struct {
  const char *place;
  double lon, lat;
  const char *siren; /* the EPCI the source layer says holds the place */
  const char *cls;   /* "feature" (full colour) or "context" */
} tm_maps_probe_t;

/* Every "feature" path of the SVG is one of expected (SIREN -> "#rrggbb")
 * with that fill, and every expected SIREN has its path. */
void tm_maps_check_feature_fills(const tm_maps_render_t *r,
                                 GHashTable *expected);

/* For every SIREN of expected, the PNG at its EPCI's representative point
 * shows the expected fill wherever a 5x5 block there is uniform (so not
 * on a border, outline or label); at least min_share of them are checked. */
void tm_maps_check_pixels(const tm_maps_render_t *r, const tm_maps_epci_t *epci,
                          GHashTable *expected, double min_share);

/* Each probe is inside its EPCI in the source layer; the SVG path of that
 * EPCI has the probe's class and fill (expected for "feature", context_fill
 * for "context") and so has the PNG pixel at the probe. */
void tm_maps_check_probes(const tm_maps_render_t *r, const tm_maps_epci_t *epci,
                          const tm_maps_probe_t *probes, guint n,
                          GHashTable *expected, const char *context_fill);

/* The sidecar labels: none dropped, one per value of names (value ->
 * expected text), no two boxes overlapping, all on the page, each anchor in
 * its box and, back in lon/lat, inside one of owners[value] (GArray of
 * guint feature indices). */
void tm_maps_check_labels(const tm_maps_render_t *r, const tm_maps_epci_t *epci,
                          GHashTable *names, GHashTable *owners);

/* Pairs of territories (id_ti of member, SIREN -> id_ti) whose member EPCI
 * share a vertex of the source lon/lat layer (rounded to 1e-6 degree): a
 * common border or a single common point.  Keys are "idA|idB" with
 * idA < idB. */
GHashTable *tm_maps_territory_adjacency(const tm_maps_epci_t *epci,
                                        GHashTable *member);

/* The legend entry whose "value" is value, or NULL. */
JsonObject *tm_maps_legend_entry(const tm_maps_render_t *r, const char *value);
/* The legend entry marked no_data, or NULL. */
JsonObject *tm_maps_legend_no_data(const tm_maps_render_t *r);

#endif
