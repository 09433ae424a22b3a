#include "maps_suite.h"
#include "e2e_util.h"
#include <string.h>

#define TI_NEW "labels/ti_2023_2027_epci.csv"

tm_maps_render_t *tm_maps_get(tm_maps_suite_t *s, const char *style) {
  tm_maps_render_t *r = g_hash_table_lookup(s->renders, style);
  if (!r) {
    r = tm_maps_render(style, TM_MAPS_DPI, NULL);
    g_hash_table_insert(s->renders, g_strdup(style), r);
  }
  return r;
}

/* Which département holds each EPCI: the admin layer has exactly the
 * EPCI's borders (same communes), so the representative point decides. */
GHashTable *tm_maps_get_dep(tm_maps_suite_t *s) {
  if (s->dep)
    return s->dep;
  char *shp = g_build_filename(tm_e2e_data_dir_or_skip(), "admin",
                               "departement_2025_detail_4326.shp", NULL);
  tm_context_t *ctx = tm_context_new();
  GError *error = NULL;
  tm_layer_t *deps = tm_layer_read(ctx, shp, NULL, &error);
  g_assert_no_error(error);
  gint code = tm_layer_find_field(deps, "INSEE_DEP");
  g_assert_cmpint(code, >=, 0);
  s->dep = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
  const tm_layer_t *l = s->epci->layer;
  for (guint f = 0; f < l->n_features; f++) {
    double lon, lat;
    g_assert_true(tm_geom_get_representative_point(l->geom, f, &lon, &lat));
    for (guint d = 0; d < deps->n_features; d++) {
      tm_extent_t e = tm_geom_get_feature_extent(deps->geom, d);
      if (tm_extent_contains(&e, lon, lat) &&
          tm_geom_feature_contains(deps->geom, d, lon, lat)) {
        g_hash_table_insert(s->dep, (char *)tm_maps_epci_siren(s->epci, f),
                            g_strdup(tm_layer_get_value(deps, d, (guint)code)));
        break;
      }
    }
  }
  g_assert_cmpuint(g_hash_table_size(s->dep), ==, l->n_features);
  tm_layer_free(deps);
  tm_context_free(ctx);
  g_free(shp);
  return s->dep;
}

gboolean tm_maps_dep_in(const char *dep, const char *const *deps) {
  for (const char *const *d = deps; *d; d++)
    if (strcmp(dep, *d) == 0)
      return TRUE;
  return FALSE;
}

/* SIREN -> fill of a categorical map: its territory's legend fill, or the
 * no-data fill; only EPCI of the départements deps (NULL: all). */
GHashTable *tm_maps_expected_categories(tm_maps_suite_t *s,
                                        const tm_maps_render_t *r,
                                        const char *const *deps) {
  GHashTable *expected = g_hash_table_new(g_str_hash, g_str_equal);
  const char *no_data =
      json_object_get_string_member(tm_maps_legend_no_data(r), "fill");
  for (guint f = 0; f < s->epci->layer->n_features; f++) {
    const char *siren = tm_maps_epci_siren(s->epci, f);
    if (deps &&
        !tm_maps_dep_in(g_hash_table_lookup(tm_maps_get_dep(s), siren), deps))
      continue;
    const char *id = g_hash_table_lookup(s->member, siren);
    JsonObject *entry = id ? tm_maps_legend_entry(r, id) : NULL;
    if (id && !entry)
      g_error("%s: territory %s (of EPCI %s) is not in the legend", r->style,
              id, siren);
    g_hash_table_insert(
        expected, (char *)siren,
        (char *)(id ? json_object_get_string_member(entry, "fill") : no_data));
  }
  return expected;
}

/* The legend of a categorical map lists exactly the territories of the
 * EPCI in expected, by name, each with its count of member EPCI, then the
 * no-data class with the others. */
void tm_maps_check_category_legend(tm_maps_suite_t *s,
                                   const tm_maps_render_t *r,
                                   GHashTable *expected) {
  GHashTable *counts = g_hash_table_new(g_str_hash, g_str_equal);
  guint others = 0;
  GHashTableIter it;
  gpointer siren;
  g_hash_table_iter_init(&it, expected);
  while (g_hash_table_iter_next(&it, &siren, NULL)) {
    const char *id = g_hash_table_lookup(s->member, siren);
    if (!id) {
      others++;
      continue;
    }
    guint n = GPOINTER_TO_UINT(g_hash_table_lookup(counts, id));
    g_hash_table_insert(counts, (char *)id, GUINT_TO_POINTER(n + 1));
  }
  JsonArray *legend = json_object_get_array_member(r->meta, "legend");
  g_assert_cmpuint(json_array_get_length(legend), ==,
                   g_hash_table_size(counts) + 1);
  JsonObject *no_data = tm_maps_legend_no_data(r);
  g_assert_nonnull(no_data);
  g_assert_cmpint(json_object_get_int_member(no_data, "count"), ==, others);
  gpointer id, n;
  g_hash_table_iter_init(&it, counts);
  while (g_hash_table_iter_next(&it, &id, &n)) {
    JsonObject *e = tm_maps_legend_entry(r, id);
    g_assert_nonnull(e);
    g_assert_cmpstr(json_object_get_string_member(e, "label"), ==,
                    g_hash_table_lookup(s->ti_names, id));
    g_assert_cmpint(json_object_get_int_member(e, "count"), ==,
                    GPOINTER_TO_UINT(n));
    g_assert_cmpstr(json_object_get_string_member(e, "fill"), !=,
                    json_object_get_string_member(no_data, "fill"));
  }
  g_hash_table_destroy(counts);
}

/* No two territories that share a border or a point carry one fill. */
void tm_maps_check_adjacent_fills(tm_maps_suite_t *s,
                                  const tm_maps_render_t *r) {
  GHashTable *pairs = tm_maps_territory_adjacency(s->epci, s->member);
  guint checked = 0;
  GHashTableIter it;
  gpointer pair;
  g_hash_table_iter_init(&it, pairs);
  while (g_hash_table_iter_next(&it, &pair, NULL)) {
    char **ids = g_strsplit(pair, "|", 2);
    JsonObject *a = tm_maps_legend_entry(r, ids[0]),
               *b = tm_maps_legend_entry(r, ids[1]);
    if (a && b) {
      const char *fa = json_object_get_string_member(a, "fill");
      if (g_ascii_strcasecmp(fa, json_object_get_string_member(b, "fill")) == 0)
        g_error("%s: neighbouring territories %s (%s) and %s (%s) are both "
                "filled %s",
                r->style, ids[0],
                (char *)g_hash_table_lookup(s->ti_names, ids[0]), ids[1],
                (char *)g_hash_table_lookup(s->ti_names, ids[1]), fa);
      checked++;
    }
    g_strfreev(ids);
  }
  g_test_message(
      "%s: %u pairs of neighbouring territories have different fills", r->style,
      checked);
  g_assert_cmpuint(checked, >, 0);
  g_hash_table_destroy(pairs);
}

/* Labels of a categorical map: one per territory of the legend, named by
 * lib_ti, anchored in one of its member EPCI. */
void tm_maps_check_territory_labels(tm_maps_suite_t *s,
                                    const tm_maps_render_t *r) {
  GHashTable *names = g_hash_table_new(g_str_hash, g_str_equal);
  GHashTable *owners = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify)g_array_unref);
  JsonArray *legend = json_object_get_array_member(r->meta, "legend");
  for (guint i = 0; i < json_array_get_length(legend); i++) {
    JsonObject *e = json_array_get_object_element(legend, i);
    if (json_object_get_boolean_member(e, "no_data"))
      continue;
    const char *id = json_object_get_string_member(e, "value");
    g_hash_table_insert(names, (char *)id,
                        g_hash_table_lookup(s->ti_names, id));
    g_hash_table_insert(owners, (char *)id,
                        g_array_new(FALSE, FALSE, sizeof(guint)));
  }
  for (guint f = 0; f < s->epci->layer->n_features; f++) {
    const char *id =
        g_hash_table_lookup(s->member, tm_maps_epci_siren(s->epci, f));
    GArray *owner = id ? g_hash_table_lookup(owners, id) : NULL;
    if (owner)
      g_array_append_val(owner, f);
  }
  tm_maps_check_labels(r, s->epci, names, owners);
  g_hash_table_destroy(names);
  g_hash_table_destroy(owners);
}

/* Every "context" path carries the context fill and lies outside deps. */
void tm_maps_check_context(tm_maps_suite_t *s, const tm_maps_render_t *r,
                           const char *const *deps) {
  guint n = 0;
  for (guint f = 0; f < s->epci->layer->n_features; f++) {
    const char *siren = tm_maps_epci_siren(s->epci, f);
    const char *fill = tm_maps_path_fill(r, "context", siren);
    if (!fill)
      continue;
    n++;
    g_assert_cmpstr(fill, ==, TM_MAPS_CONTEXT_FILL);
    if (deps)
      g_assert_false(
          tm_maps_dep_in(g_hash_table_lookup(tm_maps_get_dep(s), siren), deps));
  }
  g_assert_cmpuint(n, ==, tm_maps_path_count(r, "context"));
  g_assert_cmpuint(n, >, 0);
}

void tm_maps_suite_load(tm_maps_suite_t *s) {
  s->epci = tm_maps_epci_load();
  s->ti = tm_maps_csv_read(TI_NEW);
  s->member = g_hash_table_new(g_str_hash, g_str_equal);
  s->ti_names = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < s->ti->rows->len; i++) {
    const char *siren = tm_maps_csv_get(s->ti, i, "siren_epci");
    const char *id = tm_maps_csv_get(s->ti, i, "id_ti");
    g_hash_table_insert(s->ti_names, (char *)id,
                        (char *)tm_maps_csv_get(s->ti, i, "lib_ti"));
    gint f = tm_maps_epci_find(s->epci, siren);
    if (f >= 0) /* EPT and communes of the list are not in the EPCI layer */
      g_hash_table_insert(
          s->member, (char *)tm_maps_epci_siren(s->epci, (guint)f), (char *)id);
  }
  /* The programme's own figures (data README): 626 EPCI of the layer. */
  g_assert_cmpuint(g_hash_table_size(s->member), ==, 626);
  s->renders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify)tm_maps_render_free);
}

void tm_maps_suite_free(tm_maps_suite_t *s) {
  g_hash_table_destroy(s->renders);
  if (s->dep)
    g_hash_table_destroy(s->dep);
  g_hash_table_destroy(s->ti_names);
  g_hash_table_destroy(s->member);
  tm_maps_csv_free(s->ti);
  tm_maps_epci_free(s->epci);
}
