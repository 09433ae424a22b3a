/* The real data as the typical-map tests read it, independently of the
 * join and classify stages: the membership CSV files (libcsv) and the EPCI
 * layer (read stage) indexed by SIREN. */
#ifndef TM_MAPS_DATA_H
#define TM_MAPS_DATA_H

#include "terrimap/read.h"
#include <glib.h>

typedef struct {
  char *path;
  GPtrArray *header; /* char * */
  GPtrArray *rows;   /* GPtrArray of char *, one per data line */
} tm_maps_csv_t;

/* Reads <TERRIMAP_DATA>/relpath (RFC 4180, UTF-8, first line = header). */
tm_maps_csv_t *tm_maps_csv_read(const char *relpath);
void tm_maps_csv_free(tm_maps_csv_t *csv);
/* The value of column (aborts when the file has no such column). */
const char *tm_maps_csv_get(const tm_maps_csv_t *csv, guint row,
                            const char *column);

typedef struct {
  tm_layer_t *layer;
  GHashTable *index; /* CODE_SIREN -> feature + 1 */
  guint key;
} tm_maps_epci_t;

/* epci/epci_2025_generalise_4326.shp, the layer every typical map draws. */
tm_maps_epci_t *tm_maps_epci_load(void);
void tm_maps_epci_free(tm_maps_epci_t *e);
/* The feature with this CODE_SIREN, or -1. */
gint tm_maps_epci_find(const tm_maps_epci_t *e, const char *siren);
/* The feature containing lon/lat, or -1. */
gint tm_maps_epci_at(const tm_maps_epci_t *e, double lon, double lat);
const char *tm_maps_epci_siren(const tm_maps_epci_t *e, guint feature);

#endif
