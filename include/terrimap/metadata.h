/* The metadata sidecar (JSON): image size, frames with their pixel
 * transforms, legend classes with counts, and the full join report.  It is
 * what lets a web page or a checker use the map without parsing it. */
#ifndef TERRIMAP_METADATA_H
#define TERRIMAP_METADATA_H

#include "terrimap/classify.h"
#include "terrimap/join.h"
#include "terrimap/layout.h"

G_BEGIN_DECLS

/* join may be NULL.  Written atomically. */
gboolean tm_metadata_write(const char *path, const tm_map_t *map, const tm_symbology_t *sym,
                           const tm_join_t *join, GError **error);
/* Prepared (written to a temporary file) but not yet renamed; see write.h. */
struct tm_pending_file *tm_metadata_prepare(const char *path, const tm_map_t *map,
                                            const tm_symbology_t *sym, const tm_join_t *join,
                                            GError **error);
/* The same document as a string; caller frees. */
char *tm_metadata_to_json(const tm_map_t *map, const tm_symbology_t *sym, const tm_join_t *join);

G_END_DECLS

#endif
