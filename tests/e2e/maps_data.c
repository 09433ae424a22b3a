#include "maps_data.h"
#include "e2e_util.h"
#include <csv.h>
#include <string.h>

typedef struct {
  GPtrArray *fields; /* of the line being parsed */
  tm_maps_csv_t *csv;
} tm_maps_csv_state_t;

static void tm_maps_csv_field(void *text, size_t len, void *data) {
  tm_maps_csv_state_t *s = data;
  g_ptr_array_add(s->fields, g_strndup(text, len));
}

static void tm_maps_csv_line(int terminator, void *data) {
  (void)terminator;
  tm_maps_csv_state_t *s = data;
  if (!s->csv->header)
    s->csv->header = s->fields;
  else
    g_ptr_array_add(s->csv->rows, s->fields);
  s->fields = g_ptr_array_new_with_free_func(g_free);
}

tm_maps_csv_t *tm_maps_csv_read(const char *relpath) {
  tm_maps_csv_t *csv = g_new0(tm_maps_csv_t, 1);
  csv->path = g_build_filename(tm_e2e_data_dir_or_skip(), relpath, NULL);
  csv->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  char *text = NULL;
  gsize len = 0;
  GError *error = NULL;
  g_file_get_contents(csv->path, &text, &len, &error);
  g_assert_no_error(error);
  const char *start = text;
  if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
    start += 3;
    len -= 3;
  }
  struct csv_parser p;
  g_assert_cmpint(csv_init(&p, CSV_STRICT | CSV_APPEND_NULL), ==, 0);
  tm_maps_csv_state_t s = {g_ptr_array_new_with_free_func(g_free), csv};
  if (csv_parse(&p, start, len, tm_maps_csv_field, tm_maps_csv_line, &s) != len)
    g_error("%s: %s", csv->path, csv_strerror(csv_error(&p)));
  csv_fini(&p, tm_maps_csv_field, tm_maps_csv_line, &s);
  csv_free(&p);
  g_ptr_array_unref(s.fields);
  g_free(text);
  g_assert_nonnull(csv->header);
  return csv;
}

void tm_maps_csv_free(tm_maps_csv_t *csv) {
  if (!csv)
    return;
  if (csv->header)
    g_ptr_array_unref(csv->header);
  g_ptr_array_unref(csv->rows);
  g_free(csv->path);
  g_free(csv);
}

const char *tm_maps_csv_get(const tm_maps_csv_t *csv, guint row,
                            const char *column) {
  for (guint c = 0; c < csv->header->len; c++)
    if (strcmp(g_ptr_array_index(csv->header, c), column) == 0) {
      GPtrArray *fields = g_ptr_array_index(csv->rows, row);
      g_assert_cmpuint(c, <, fields->len);
      return g_ptr_array_index(fields, c);
    }
  g_error("%s: no column %s", csv->path, column);
  return NULL;
}

tm_maps_epci_t *tm_maps_epci_load(void) {
  tm_maps_epci_t *e = g_new0(tm_maps_epci_t, 1);
  char *shp = g_build_filename(tm_e2e_data_dir_or_skip(), "epci",
                               "epci_2025_generalise_4326.shp", NULL);
  tm_context_t *ctx = tm_context_new();
  GError *error = NULL;
  e->layer = tm_layer_read(ctx, shp, NULL, &error);
  g_assert_no_error(error);
  tm_context_free(ctx);
  g_free(shp);
  gint key = tm_layer_find_field(e->layer, "CODE_SIREN");
  g_assert_cmpint(key, >=, 0);
  e->key = (guint)key;
  e->index = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint f = 0; f < e->layer->n_features; f++) {
    const char *siren = tm_layer_get_value(e->layer, f, e->key);
    g_assert_nonnull(siren);
    g_hash_table_insert(e->index, (char *)siren, GUINT_TO_POINTER(f + 1));
  }
  g_assert_cmpuint(g_hash_table_size(e->index), ==, e->layer->n_features);
  return e;
}

void tm_maps_epci_free(tm_maps_epci_t *e) {
  if (!e)
    return;
  g_hash_table_destroy(e->index);
  tm_layer_free(e->layer);
  g_free(e);
}

gint tm_maps_epci_find(const tm_maps_epci_t *e, const char *siren) {
  return (gint)GPOINTER_TO_UINT(g_hash_table_lookup(e->index, siren)) - 1;
}

gint tm_maps_epci_at(const tm_maps_epci_t *e, double lon, double lat) {
  for (guint f = 0; f < e->layer->n_features; f++)
    if (tm_geom_feature_contains(e->layer->geom, f, lon, lat))
      return (gint)f;
  return -1;
}

const char *tm_maps_epci_siren(const tm_maps_epci_t *e, guint feature) {
  return tm_layer_get_value(e->layer, feature, e->key);
}
