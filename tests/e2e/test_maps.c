/* The typical maps of docs/CARTOGRAPHY.md (styles ti-national, ti-region,
 * ti-departement, ti-territoire, ti-comparaison, epci-population) on the
 * real data: one render per style, and what a reader checks on it, against
 * expectations computed here from the source files, not by the stages.
 * ctest runs one style per process (-p /maps/<style>); a style is rendered
 * on first use. */
#include "e2e_util.h"
#include "maps_suite.h"
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#define TI_OLD "labels/ti_2019_2022_membres.csv"
#define REFERENCE "labels/epci_2025_reference.csv"

/* ---- 1. ti-national: every territory, neighbours in different colours ---- */

static const tm_maps_probe_t national_probes[] = {
    {"Montceau-les-Mines", 4.3650, 46.6670, "247100290", "feature"},
    {"Rouen", 1.0993, 49.4431, "200023414", "feature"},
    {"Bordeaux", -0.5792, 44.8378, "243300316", "feature"},
    {"Dunkerque", 2.3768, 51.0343, "245900428", "feature"},
    {"Rennes", -1.6778, 48.1173, "243500139", "feature"},
    {"Toulouse", 1.4442, 43.6047, "243100518", "feature"},
    {"Saint-André (La Réunion)", 55.6503, -20.9633, "249740093", "feature"},
    {"Dembeni (Mayotte)", 45.1800, -12.8200, "200060457", "feature"},
    {"Le Lamentin (Martinique)", -60.9989, 14.6100, "249720061", "feature"},
};

static void test_national_legend(gconstpointer data) {
  tm_maps_suite_t *s = (tm_maps_suite_t *)data;
  tm_maps_render_t *r = tm_maps_get(s, "ti-national");
  GHashTable *expected = tm_maps_expected_categories(s, r, NULL);
  g_assert_cmpuint(g_hash_table_size(expected), ==, 1255);
  tm_maps_check_category_legend(s, r, expected);
  g_assert_cmpint(
      json_object_get_int_member(tm_maps_legend_no_data(r), "count"), ==,
      1255 - 626);
  g_hash_table_destroy(expected);
}

static void test_national_fills(gconstpointer data) {
  tm_maps_suite_t *s = (tm_maps_suite_t *)data;
  tm_maps_render_t *r = tm_maps_get(s, "ti-national");
  GHashTable *expected = tm_maps_expected_categories(s, r, NULL);
  tm_maps_check_feature_fills(r, expected);
  tm_maps_check_probes(r, s->epci, national_probes,
                       G_N_ELEMENTS(national_probes), expected,
                       TM_MAPS_CONTEXT_FILL);
  /* Non-members are grey, members are not. */
  g_assert_cmpstr(g_hash_table_lookup(expected, "243500139"), ==, "#e3e3e3");
  g_assert_cmpstr(g_hash_table_lookup(expected, "247100290"), !=, "#e3e3e3");
  tm_maps_check_pixels(r, s->epci, expected, 0.5);
  g_hash_table_destroy(expected);
}

static void test_national_adjacent_fills(gconstpointer data) {
  tm_maps_suite_t *s = (tm_maps_suite_t *)data;
  tm_maps_render_t *r = tm_maps_get(s, "ti-national");
  tm_maps_check_adjacent_fills(s, r);
  /* One outline per territory drawn. */
  JsonArray *legend = json_object_get_array_member(r->meta, "legend");
  g_assert_cmpuint(tm_maps_path_count(r, "territory"), ==,
                   json_array_get_length(legend) - 1);
}

/* ---- 2. ti-region: Île-de-France, territories named ---- */

static const char *const idf[] = {"75", "77", "78", "91", "92",
                                  "93", "94", "95", NULL};

static const tm_maps_probe_t region_probes[] = {
    {"Meaux", 2.8785, 48.9601, "200072130", "feature"},
    {"Mantes-la-Jolie", 1.7173, 48.9908, "200059889", "feature"},
    {"Paris", 2.3488, 48.8534, "200054781", "feature"},
    {"Provins", 3.2990, 48.5599, "200037133", "feature"},
    {"Rambouillet", 1.8320, 48.6440, "200073344", "feature"},
    {"Beauvais", 2.0810, 49.4295, "200067999", "context"},
    {"Chartres", 1.4890, 48.4469, "200033181", "context"},
};

static void test_region_legend_and_fills(gconstpointer data) {
  tm_maps_suite_t *s = (tm_maps_suite_t *)data;
  tm_maps_render_t *r = tm_maps_get(s, "ti-region");
  g_assert_cmpuint(r->frames->len, ==, 1);
  GHashTable *expected = tm_maps_expected_categories(s, r, idf);
  tm_maps_check_category_legend(s, r, expected);
  tm_maps_check_feature_fills(r, expected);
  tm_maps_check_context(s, r, idf);
  tm_maps_check_probes(r, s->epci, region_probes, G_N_ELEMENTS(region_probes),
                       expected, TM_MAPS_CONTEXT_FILL);
  tm_maps_check_pixels(r, s->epci, expected, 0.7);
  g_hash_table_destroy(expected);
}

static void test_region_adjacent_fills(gconstpointer data) {
  tm_maps_suite_t *s = (tm_maps_suite_t *)data;
  tm_maps_check_adjacent_fills(s, tm_maps_get(s, "ti-region"));
}

static void test_region_labels(gconstpointer data) {
  tm_maps_suite_t *s = (tm_maps_suite_t *)data;
  tm_maps_check_territory_labels(s, tm_maps_get(s, "ti-region"));
}

/* ---- 3. ti-departement: Seine-et-Marne ---- */

static const char *const seine_et_marne[] = {"77", NULL};

static const tm_maps_probe_t departement_probes[] = {
    {"Meaux", 2.8785, 48.9601, "200072130", "feature"},
    {"Provins", 3.2990, 48.5599, "200037133", "feature"},
    {"Nemours", 2.6970, 48.2670, "200023240", "feature"},
    {"Coulommiers", 3.0833, 48.8128, "200090504", "feature"},
    {"Paris", 2.3488, 48.8534, "200054781", "context"},
    {"Créteil", 2.4555, 48.7904, "200054781", "context"},
    {"Évry (Essonne)", 2.4417, 48.6289, "200059228", "context"},
    {"Sens (Yonne)", 3.2836, 48.1975, "248900334", "context"},
};

static void test_departement_single_frame(gconstpointer data) {
  tm_maps_suite_t *s = (tm_maps_suite_t *)data;
  tm_maps_render_t *r = tm_maps_get(s, "ti-departement");
  /* No DROM in the extent: no inset. */
  g_assert_cmpuint(r->frames->len, ==, 1);
  g_assert_false(g_array_index(r->frames, tm_maps_frame_t, 0).inset);
}

/* What the page cannot show is left out of the SVG: Aix-Marseille, 600 km
 * from the 77, is not there (it was, with every EPCI of France: 4.8 MB);
 * Paris, next to it, is, in the context colours. */
static void test_departement_only_what_shows(gconstpointer data) {
  tm_maps_suite_t *s = (tm_maps_suite_t *)data;
  tm_maps_render_t *r = tm_maps_get(s, "ti-departement");
  g_assert_nonnull(g_hash_table_lookup(r->paths, "context 200054781"));
  g_assert_null(g_hash_table_lookup(r->paths, "context 200054807"));
  g_assert_null(g_hash_table_lookup(r->paths, "feature 200054807"));
  g_assert_cmpuint(g_hash_table_size(r->paths), <, 200);
  GStatBuf st;
  g_assert_cmpint(g_stat(r->svg, &st), ==, 0);
  g_assert_cmpint(st.st_size, <, 1 << 20);
}

static void test_departement_legend(gconstpointer data) {
  tm_maps_suite_t *s = (tm_maps_suite_t *)data;
  tm_maps_render_t *r = tm_maps_get(s, "ti-departement");
  GHashTable *expected = tm_maps_expected_categories(s, r, seine_et_marne);
  tm_maps_check_category_legend(s, r, expected);
  /* The four territories of the 77, as the programme names them. */
  const char *const territories[][2] = {{"ti-1106", "Marne et Brie Industries"},
                                        {"ti-1107", "Melun – Villaroche"},
                                        {"ti-1108", "Nord Est 77 – Meaux"},
                                        {"ti-1110", "Sud Seine et Marne"}};
  JsonArray *legend = json_object_get_array_member(r->meta, "legend");
  g_assert_cmpuint(json_array_get_length(legend), ==,
                   G_N_ELEMENTS(territories) + 1);
  for (guint i = 0; i < G_N_ELEMENTS(territories); i++) {
    JsonObject *e = tm_maps_legend_entry(r, territories[i][0]);
    g_assert_nonnull(e);
    g_assert_cmpstr(json_object_get_string_member(e, "label"), ==,
                    territories[i][1]);
  }
  g_hash_table_destroy(expected);
}

static void test_departement_fills(gconstpointer data) {
  tm_maps_suite_t *s = (tm_maps_suite_t *)data;
  tm_maps_render_t *r = tm_maps_get(s, "ti-departement");
  GHashTable *expected = tm_maps_expected_categories(s, r, seine_et_marne);
  tm_maps_check_feature_fills(r, expected);
  tm_maps_check_context(s, r, seine_et_marne);
  tm_maps_check_probes(r, s->epci, departement_probes,
                       G_N_ELEMENTS(departement_probes), expected,
                       TM_MAPS_CONTEXT_FILL);
  /* Full colour inside, muted outside: the two never coincide. */
  for (guint i = 0; i < G_N_ELEMENTS(departement_probes); i++)
    if (strcmp(departement_probes[i].cls, "feature") == 0)
      g_assert_cmpstr(
          g_hash_table_lookup(expected, departement_probes[i].siren), !=,
          TM_MAPS_CONTEXT_FILL);
  tm_maps_check_pixels(r, s->epci, expected, 0.7);
  g_hash_table_destroy(expected);
}

static void test_departement_labels(gconstpointer data) {
  tm_maps_suite_t *s = (tm_maps_suite_t *)data;
  tm_maps_check_territory_labels(s, tm_maps_get(s, "ti-departement"));
}

/* ---- 4. ti-territoire: Seine Aval (ti-1109) and its member EPCI ---- */

static const tm_maps_probe_t territoire_probes[] = {
    {"Mantes-la-Jolie", 1.7173, 48.9908, "200059889", "feature"},
    {"Saint-Germain-en-Laye", 2.0934, 48.8989, "200058519", "feature"},
    {"Cergy", 2.0630, 49.0364, "249500109", "context"},
    {"Versailles", 2.1301, 48.8049, "247800584", "context"},
};

static GHashTable *tm_maps_seine_aval(tm_maps_suite_t *s, const char *fill) {
  GHashTable *expected = g_hash_table_new(g_str_hash, g_str_equal);
  GHashTableIter it;
  gpointer siren, id;
  g_hash_table_iter_init(&it, s->member);
  while (g_hash_table_iter_next(&it, &siren, &id))
    if (strcmp(id, "ti-1109") == 0)
      g_hash_table_insert(expected, siren, (char *)fill);
  return expected;
}

static void test_territoire_fills(gconstpointer data) {
  tm_maps_suite_t *s = (tm_maps_suite_t *)data;
  tm_maps_render_t *r = tm_maps_get(s, "ti-territoire");
  JsonArray *legend = json_object_get_array_member(r->meta, "legend");
  g_assert_cmpuint(json_array_get_length(legend), >=, 1);
  JsonObject *entry = tm_maps_legend_entry(r, "ti-1109");
  g_assert_nonnull(entry);
  g_assert_cmpstr(json_object_get_string_member(entry, "label"), ==,
                  "Seine Aval");
  GHashTable *expected =
      tm_maps_seine_aval(s, json_object_get_string_member(entry, "fill"));
  g_assert_cmpuint(g_hash_table_size(expected), ==, 4);
  g_assert_cmpint(json_object_get_int_member(entry, "count"), ==, 4);
  tm_maps_check_feature_fills(r, expected);
  tm_maps_check_context(s, r, NULL);
  tm_maps_check_probes(r, s->epci, territoire_probes,
                       G_N_ELEMENTS(territoire_probes), expected,
                       TM_MAPS_CONTEXT_FILL);
  tm_maps_check_pixels(r, s->epci, expected, 0.7);
  g_assert_cmpuint(tm_maps_path_count(r, "territory"), ==, 1);
  g_assert_nonnull(tm_maps_path_fill(r, "territory", "ti-1109"));
  g_hash_table_destroy(expected);
}

static void test_territoire_labels(gconstpointer data) {
  tm_maps_suite_t *s = (tm_maps_suite_t *)data;
  tm_maps_render_t *r = tm_maps_get(s, "ti-territoire");
  /* Per-EPCI labels: value = SIREN, text = lib_epci of the list. */
  GHashTable *names = g_hash_table_new(g_str_hash, g_str_equal);
  GHashTable *owners = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify)g_array_unref);
  for (guint i = 0; i < s->ti->rows->len; i++) {
    if (strcmp(tm_maps_csv_get(s->ti, i, "id_ti"), "ti-1109") != 0)
      continue;
    const char *siren = tm_maps_csv_get(s->ti, i, "siren_epci");
    gint f = tm_maps_epci_find(s->epci, siren);
    g_assert_cmpint(f, >=, 0);
    GArray *owner = g_array_new(FALSE, FALSE, sizeof(guint));
    guint feature = (guint)f;
    g_array_append_val(owner, feature);
    g_hash_table_insert(names, (char *)siren,
                        (char *)tm_maps_csv_get(s->ti, i, "lib_epci"));
    g_hash_table_insert(owners, (char *)siren, owner);
  }
  g_assert_cmpuint(g_hash_table_size(names), ==, 4);
  tm_maps_check_labels(r, s->epci, names, owners);
  g_hash_table_destroy(names);
  g_hash_table_destroy(owners);
}

/* ---- 5. ti-comparaison: 2019-2022 vs 2023-2027 ---- */

enum { KEPT, ENTERING, LEAVING, NEVER, N_CHANGES };

/* SIREN -> change class, from the two lists against the layer's keys. */
static GHashTable *tm_maps_changes(tm_maps_suite_t *s,
                                   guint counts[N_CHANGES]) {
  tm_maps_csv_t *old = tm_maps_csv_read(TI_OLD);
  GHashTable *before =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GHashTable *after =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < old->rows->len; i++)
    g_hash_table_add(before, g_strdup(tm_maps_csv_get(old, i, "siren")));
  for (guint i = 0; i < s->ti->rows->len; i++)
    g_hash_table_add(after, g_strdup(tm_maps_csv_get(s->ti, i, "siren_epci")));
  GHashTable *changes = g_hash_table_new(g_str_hash, g_str_equal);
  memset(counts, 0, N_CHANGES * sizeof(guint));
  for (guint f = 0; f < s->epci->layer->n_features; f++) {
    const char *siren = tm_maps_epci_siren(s->epci, f);
    gboolean b = g_hash_table_contains(before, siren),
             a = g_hash_table_contains(after, siren);
    guint c = a && b ? KEPT : a ? ENTERING : b ? LEAVING : NEVER;
    counts[c]++;
    g_hash_table_insert(changes, (char *)siren, GUINT_TO_POINTER(c));
  }
  g_hash_table_destroy(before);
  g_hash_table_destroy(after);
  tm_maps_csv_free(old);
  return changes;
}

static void test_comparaison_counts(gconstpointer data) {
  tm_maps_suite_t *s = (tm_maps_suite_t *)data;
  tm_maps_render_t *r = tm_maps_get(s, "ti-comparaison");
  guint counts[N_CHANGES];
  GHashTable *changes = tm_maps_changes(s, counts);
  g_test_message("kept %u, entering %u, leaving %u, never %u", counts[KEPT],
                 counts[ENTERING], counts[LEAVING], counts[NEVER]);
  JsonArray *legend = json_object_get_array_member(r->meta, "legend");
  g_assert_cmpuint(json_array_get_length(legend), ==, N_CHANGES);
  const char *labels[N_CHANGES] = {"Dans les deux périodes", "Nouvel entrant",
                                   "Sorti du programme", "Jamais membre"};
  gint64 sum = 0;
  for (guint c = 0; c < N_CHANGES; c++) {
    JsonObject *e = json_array_get_object_element(legend, c);
    g_assert_cmpstr(json_object_get_string_member(e, "label"), ==, labels[c]);
    g_assert_cmpint(json_object_get_int_member(e, "count"), ==, counts[c]);
    sum += json_object_get_int_member(e, "count");
  }
  g_assert_cmpint(sum, ==, 1255);
  g_assert_cmpuint(counts[KEPT] + counts[ENTERING], ==, 626);
  g_hash_table_destroy(changes);
}

static const tm_maps_probe_t comparaison_probes[] = {
    {"Montceau-les-Mines", 4.3650, 46.6670, "247100290", "feature"},
    {"Rouen", 1.0993, 49.4431, "200023414", "feature"},
    {"Rennes", -1.6778, 48.1173, "243500139", "feature"},
    {"Guéret", 1.8717, 46.1716, "200034825", "feature"},
    {"Aurillac", 2.4446, 44.9264, "241500230", "feature"},
    {"Reims", 4.0317, 49.2583, "200067213", "feature"},
    {"Dembeni (Mayotte)", 45.1800, -12.8200, "200060457", "feature"},
};

static void test_comparaison_fills(gconstpointer data) {
  tm_maps_suite_t *s = (tm_maps_suite_t *)data;
  tm_maps_render_t *r = tm_maps_get(s, "ti-comparaison");
  guint counts[N_CHANGES];
  GHashTable *changes = tm_maps_changes(s, counts);
  JsonArray *legend = json_object_get_array_member(r->meta, "legend");
  g_assert_cmpuint(json_array_get_length(legend), ==, N_CHANGES);
  GHashTable *expected = g_hash_table_new(g_str_hash, g_str_equal);
  GHashTableIter it;
  gpointer siren, c;
  g_hash_table_iter_init(&it, changes);
  while (g_hash_table_iter_next(&it, &siren, &c)) {
    JsonObject *e = json_array_get_object_element(legend, GPOINTER_TO_UINT(c));
    g_hash_table_insert(expected, siren,
                        (char *)json_object_get_string_member(e, "fill"));
  }
  tm_maps_check_feature_fills(r, expected);
  tm_maps_check_probes(r, s->epci, comparaison_probes,
                       G_N_ELEMENTS(comparaison_probes), expected,
                       TM_MAPS_CONTEXT_FILL);
  tm_maps_check_pixels(r, s->epci, expected, 0.5);
  g_hash_table_destroy(expected);
  g_hash_table_destroy(changes);
}

/* ---- 6. epci-population: graduated, ckmeans, YlOrRd ---- */

/* The index of the legend class holding v: [min ; max[, the last closed. */
static gint tm_maps_class_of(JsonArray *classes, double v) {
  guint n = json_array_get_length(classes);
  for (guint i = 0; i < n; i++) {
    JsonObject *e = json_array_get_object_element(classes, i);
    double lo = json_object_get_double_member(e, "min"),
           hi = json_object_get_double_member(e, "max");
    if (v >= lo && (v < hi || (i == n - 1 && v <= hi)))
      return (gint)i;
  }
  return -1;
}

/* SIREN -> population_municipale of the reference list. */
static GHashTable *tm_maps_population(tm_maps_csv_t **csv) {
  *csv = tm_maps_csv_read(REFERENCE);
  GHashTable *pop =
      g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
  for (guint i = 0; i < (*csv)->rows->len; i++) {
    char *end = NULL;
    const char *text = tm_maps_csv_get(*csv, i, "population_municipale");
    double v = g_ascii_strtod(text, &end);
    g_assert_true(end != text && *end == '\0');
    g_hash_table_insert(pop, (char *)tm_maps_csv_get(*csv, i, "siren_epci"),
                        g_memdup2(&v, sizeof v));
  }
  return pop;
}

static void test_population_classes(gconstpointer data) {
  tm_maps_suite_t *s = (tm_maps_suite_t *)data;
  tm_maps_render_t *r = tm_maps_get(s, "epci-population");
  JsonArray *classes = json_object_get_array_member(r->meta, "legend");
  guint n = json_array_get_length(classes);
  g_assert_cmpuint(n, ==, 6); /* count=6 in the style, no EPCI without value */
  tm_maps_csv_t *csv = NULL;
  GHashTable *pop = tm_maps_population(&csv);
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  GHashTableIter it;
  gpointer siren, v;
  g_hash_table_iter_init(&it, pop);
  while (g_hash_table_iter_next(&it, &siren, &v)) {
    lo = MIN(lo, *(double *)v);
    hi = MAX(hi, *(double *)v);
  }
  /* Classes cover the values without gap: each max is the next min. */
  for (guint i = 0; i < n; i++) {
    JsonObject *e = json_array_get_object_element(classes, i);
    g_assert_false(json_object_get_boolean_member(e, "no_data"));
    if (i + 1 < n)
      g_assert_cmpfloat(
          json_object_get_double_member(e, "max"), ==,
          json_object_get_double_member(
              json_array_get_object_element(classes, i + 1), "min"));
  }
  g_assert_cmpfloat(json_object_get_double_member(
                        json_array_get_object_element(classes, 0), "min"),
                    ==, lo);
  g_assert_cmpfloat(json_object_get_double_member(
                        json_array_get_object_element(classes, n - 1), "max"),
                    ==, hi);
  /* Each EPCI path is filled as its value's class; the counts agree. */
  guint counts[16] = {0};
  GHashTable *expected = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint f = 0; f < s->epci->layer->n_features; f++) {
    const char *key = tm_maps_epci_siren(s->epci, f);
    double *value = g_hash_table_lookup(pop, key);
    g_assert_nonnull(value);
    gint c = tm_maps_class_of(classes, *value);
    g_assert_cmpint(c, >=, 0);
    counts[c]++;
    JsonObject *e = json_array_get_object_element(classes, (guint)c);
    g_hash_table_insert(expected, (char *)key,
                        (char *)json_object_get_string_member(e, "fill"));
  }
  for (guint i = 0; i < n; i++)
    g_assert_cmpint(json_object_get_int_member(
                        json_array_get_object_element(classes, i), "count"),
                    ==, counts[i]);
  tm_maps_check_feature_fills(r, expected);
  /* Paris is alone in the top class. */
  g_assert_cmpstr(g_hash_table_lookup(expected, "200054781"), ==,
                  json_object_get_string_member(
                      json_array_get_object_element(classes, n - 1), "fill"));
  g_hash_table_destroy(expected);
  g_hash_table_destroy(pop);
  tm_maps_csv_free(csv);
}

static const tm_maps_probe_t population_probes[] = {
    {"Paris", 2.3488, 48.8534, "200054781", "feature"},
    {"Lyon", 4.8357, 45.7640, "200046977", "feature"},
    {"Guéret", 1.8717, 46.1716, "200034825", "feature"},
    {"Provins", 3.2990, 48.5599, "200037133", "feature"},
    {"Nantes", -1.5536, 47.2184, "244400404", "feature"},
    {"Saint-André (La Réunion)", 55.6503, -20.9633, "249740093", "feature"},
};

static void test_population_pixels(gconstpointer data) {
  tm_maps_suite_t *s = (tm_maps_suite_t *)data;
  tm_maps_render_t *r = tm_maps_get(s, "epci-population");
  /* The expected fills are the SVG's, checked against the classes above;
   * here the PNG must agree with them. */
  GHashTable *expected = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint f = 0; f < s->epci->layer->n_features; f++) {
    const char *key = tm_maps_epci_siren(s->epci, f);
    const char *fill = tm_maps_path_fill(r, "feature", key);
    g_assert_nonnull(fill);
    g_hash_table_insert(expected, (char *)key, (char *)fill);
  }
  tm_maps_check_probes(r, s->epci, population_probes,
                       G_N_ELEMENTS(population_probes), expected,
                       TM_MAPS_CONTEXT_FILL);
  tm_maps_check_pixels(r, s->epci, expected, 0.5);
  g_hash_table_destroy(expected);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  tm_e2e_data_dir_or_skip();
  tm_maps_suite_t suite = {0};
  tm_maps_suite_load(&suite);
  const struct {
    const char *path;
    GTestDataFunc func;
  } tests[] = {
      {"/maps/ti-national/legend", test_national_legend},
      {"/maps/ti-national/fills", test_national_fills},
      {"/maps/ti-national/adjacent-territories-differ",
       test_national_adjacent_fills},
      {"/maps/ti-region/legend-and-fills", test_region_legend_and_fills},
      {"/maps/ti-region/adjacent-territories-differ",
       test_region_adjacent_fills},
      {"/maps/ti-region/labels", test_region_labels},
      {"/maps/ti-departement/single-frame", test_departement_single_frame},
      {"/maps/ti-departement/only-what-shows", test_departement_only_what_shows},
      {"/maps/ti-departement/legend", test_departement_legend},
      {"/maps/ti-departement/fills", test_departement_fills},
      {"/maps/ti-departement/labels", test_departement_labels},
      {"/maps/ti-territoire/fills", test_territoire_fills},
      {"/maps/ti-territoire/labels", test_territoire_labels},
      {"/maps/ti-comparaison/counts", test_comparaison_counts},
      {"/maps/ti-comparaison/fills", test_comparaison_fills},
      {"/maps/epci-population/classes", test_population_classes},
      {"/maps/epci-population/pixels", test_population_pixels},
  };
  for (guint i = 0; i < G_N_ELEMENTS(tests); i++)
    g_test_add_data_func(tests[i].path, &suite, tests[i].func);
  int status = g_test_run();
  tm_maps_suite_free(&suite);
  return status;
}
