/* Resource limits: how large a page, a layer and a label set terrimap
 * accepts before it refuses with a TM_ERROR_LIMIT that says how to raise
 * the limit, rather than exhausting memory part-way through a map.
 *
 * The limits are process-wide: the command line fills them once, from the
 * environment (TERRIMAP_MAX_*) and then its options (--max-*), before any
 * work starts; every stage and thread then only reads them.  A program that
 * never sets them gets the built-in defaults. */
#ifndef TERRIMAP_LIMITS_H
#define TERRIMAP_LIMITS_H

#include "terrimap/core.h"

G_BEGIN_DECLS

typedef struct {
  guint max_image_side;     /* pixels a side of the page */
  guint64 max_image_pixels; /* width x height of the page */
  guint max_features;       /* per layer read; 0: as many as the memory budget allows */
  guint max_vertices;       /* per layer read; 0: as many as the memory budget allows */
  guint max_labels;         /* labels placed on one map; the others are dropped */
  guint64 max_memory;       /* bytes one layer or table may need; 0: what the system has
                               available */
} tm_limits_t;

typedef enum {
  TM_LIMIT_IMAGE_SIDE,
  TM_LIMIT_IMAGE_PIXELS,
  TM_LIMIT_FEATURES,
  TM_LIMIT_VERTICES,
  TM_LIMIT_LABELS,
  TM_LIMIT_MEMORY,
  TM_LIMIT_COUNT
} tm_limit_t;

/* 30000 px a side: far above any printed map (A0 at 600 dpi is
 * 19866 x 28087).  400 million pixels: 1.6 GB of ARGB pixels, A0 at
 * 500 dpi. */
#define TM_LIMITS_DEFAULT_IMAGE_SIDE 30000u
#define TM_LIMITS_DEFAULT_IMAGE_PIXELS G_GUINT64_CONSTANT(400000000)
#define TM_LIMITS_DEFAULT_LABELS 10000u
/* cairo refuses image surfaces larger than 32767 pixels a side, whatever
 * the limit says. */
#define TM_LIMITS_IMAGE_SIDE_CEILING 32767u
/* Geometry arrays count interleaved coordinates in a guint: 2 doubles a
 * vertex, plus the closing vertex the reader may add to a ring (at most one
 * per 4), must stay below 2^32, whatever the limit says. */
#define TM_LIMITS_VERTICES_CEILING (G_MAXUINT32 / 4u)

/* What one feature and one vertex cost at the peak of a render (read,
 * join, projection, dissolved outlines, drawing, PNG + SVG + PDF), from the
 * peak RSS of terrimap on layers that differ in one count only:
 *   vertex:  43 to 49 B on the EPCI and commune layers of ../shared/data,
 *            160 B on synthetic polygons of 10,000 vertices with outlines;
 *   feature: 2.3 KB (200,000 five-vertex squares against 100 squares of
 *            10,000 vertices, both 1 million vertices).
 * Rounded up so that the estimate errs towards refusing early rather than
 * being killed late; the attribute table (.dbf size) is added on top. */
#define TM_LIMITS_BYTES_PER_VERTEX 96u
#define TM_LIMITS_BYTES_PER_FEATURE 2560u

/* What a table (CSV) costs: its text twice (the file read, then the cells)
 * and per line the cell pointers, key copies and join tables: 225 B a row
 * from the peak RSS of joins of 2 million rows (77 and 189 MB of text). */
#define TM_LIMITS_BYTES_PER_TABLE_LINE 256u

/* The built-in defaults (no environment). */
void tm_limits_init(tm_limits_t *limits);

/* Sets one limit from text ("20000"; sizes of memory may end in K, M, G or
 * T, powers of 1024).  origin names where the text came from in the error
 * ("--max-vertices", "TERRIMAP_MAX_VERTICES"). */
gboolean tm_limits_parse(tm_limits_t *limits, tm_limit_t which, const char *text,
                         const char *origin, GError **error);

/* Applies every TERRIMAP_MAX_* variable that is set and not empty:
 * TERRIMAP_MAX_IMAGE_SIDE, TERRIMAP_MAX_IMAGE_PIXELS, TERRIMAP_MAX_FEATURES,
 * TERRIMAP_MAX_VERTICES, TERRIMAP_MAX_LABELS, TERRIMAP_MAX_MEMORY. */
gboolean tm_limits_apply_env(tm_limits_t *limits, GError **error);

/* "--max-vertices", "TERRIMAP_MAX_VERTICES" and, for messages, "raise it
 * with --max-vertices N or TERRIMAP_MAX_VERTICES=N".  Static strings. */
const char *tm_limit_get_option(tm_limit_t which);
const char *tm_limit_get_env(tm_limit_t which);
const char *tm_limit_get_hint(tm_limit_t which);

/* The process-wide limits.  tm_limits_set copies *limits and must be called
 * before any other thread starts; tm_limits_get may be called from any
 * thread (the defaults until tm_limits_set).  Borrowed. */
const tm_limits_t *tm_limits_get(void);
void tm_limits_set(const tm_limits_t *limits);

/* Bytes a layer needs, estimated from its counts and its .dbf size. */
guint64 tm_limits_layer_bytes(guint64 n_features, guint64 n_vertices, guint64 attribute_bytes);

/* "6.0 GiB": g_format_size in powers of 1024 (the unit of the K, M, G
 * suffixes), with a plain space, so messages read the same in every
 * terminal and log.  Caller frees. */
char *tm_limits_format_size(guint64 bytes);

/* Bytes a table of text_bytes in n_lines lines needs, estimated. */
guint64 tm_limits_table_bytes(guint64 text_bytes, guint64 n_lines);

/* The memory a layer or a table may use: max_memory when set, else the
 * smaller of MemAvailable (/proc/meminfo) and what RLIMIT_AS leaves of the
 * address space; G_MAXUINT64 when none is known.  *source (static) says
 * which. */
guint64 tm_limits_get_memory_budget(const tm_limits_t *limits, const char **source);

/* TRUE when need bytes fit the memory budget; else a TM_ERROR_LIMIT
 * "<what> need about <need> of memory, more than the <budget> of <source>
 * (<how to raise it>)". */
gboolean tm_limits_check_memory(guint64 need, const char *what, GError **error);

G_END_DECLS

#endif
