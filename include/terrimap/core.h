/* terrimap core: context, errors, colours, polygon geometry arrays.
 *
 * Ownership: *_new / *_read / *_load return objects the caller owns and frees
 * with the matching *_free, which accepts NULL.  *_get_* return borrowed
 * pointers.  No stage modifies its input; each returns a new value. */
#ifndef TERRIMAP_CORE_H
#define TERRIMAP_CORE_H

#include <glib.h>

G_BEGIN_DECLS

#define TM_VERSION "0.1.0"

/* ---- errors: every failure is a GError in the TM_ERROR domain whose message
 * names the file, the record or line, and what was expected. ---- */
#define TM_ERROR (tm_error_quark())
GQuark tm_error_quark(void);

typedef enum {
  TM_ERROR_IO,        /* missing, unreadable or unwritable file */
  TM_ERROR_FORMAT,    /* a file whose content is not what its format says */
  TM_ERROR_CRS,       /* unknown or unusable coordinate reference system */
  TM_ERROR_ARGUMENT,  /* a bad option, field or column name */
  TM_ERROR_STYLE,     /* a bad style file */
  TM_ERROR_LIMIT,     /* a size beyond what terrimap accepts */
  TM_ERROR_RENDER     /* cairo or the writer failed */
} tm_error_code_t;

/* ---- context: one per thread.  Owns the log callback and the library
 * handles (PROJ context, GEOS handle) that the project stage stores in its
 * slots; never shared between threads. ---- */
typedef struct tm_context tm_context_t;

typedef void (*tm_log_func_t)(const char *message, void *user_data);

typedef enum {
  TM_SLOT_PROJ,   /* PJ_CONTEXT *, set by src/project */
  TM_SLOT_GEOS,   /* tm_geos_t * (GEOS handle + last message), set by src/project */
  TM_SLOT_FRAMES_CRS, /* the frames' PROJ objects kept for other layers, src/project */
  TM_SLOT_COUNT
} tm_slot_t;

tm_context_t *tm_context_new(void);
void tm_context_free(tm_context_t *ctx);
/* Warnings go to func (default: "terrimap: warning: ..." on stderr). */
void tm_context_set_log_func(tm_context_t *ctx, tm_log_func_t func, void *user_data);
void tm_warn(tm_context_t *ctx, const char *format, ...) G_GNUC_PRINTF(2, 3);
guint tm_context_get_warning_count(const tm_context_t *ctx);
void *tm_context_get_slot(const tm_context_t *ctx, tm_slot_t slot);
/* Takes ownership of value; destroy runs when the context is freed. */
void tm_context_set_slot(tm_context_t *ctx, tm_slot_t slot, void *value, GDestroyNotify destroy);

/* ---- colours ---- */
typedef struct {
  double r, g, b, a; /* 0..1, not premultiplied */
} tm_rgba_t;

/* Parses "#rgb", "#rrggbb", "#rrggbbaa" or "none" (fully transparent). */
gboolean tm_rgba_parse(const char *text, tm_rgba_t *out);
/* Writes "#rrggbb" (alpha ignored) into buf[8]. */
void tm_rgba_to_hex(const tm_rgba_t *c, char buf[8]);

/* A finite number in C notation with nothing after it ("1.5", "-3e2"),
 * whatever the locale; FALSE (and *out untouched) otherwise. */
gboolean tm_parse_double(const char *text, double *out);

/* With TERRIMAP_TIMINGS in the environment, print the time spent since the
 * previous mark on this thread under the name of the stage just finished. */
void tm_timing_mark(const char *stage);

/* Gives the pages of freed memory back to the system, once a stage has
 * freed its large working tables and before the next allocates its own;
 * freed is about how many bytes it freed (nothing is done below 16 MB). */
void tm_memory_release(gsize freed);

/* Threads for parallel work (0: one per processor, the default); a batch
 * rendering several maps at once asks for fewer per map. */
void tm_threads_set(guint n);
guint tm_threads_get(void);

/* Calls func(start, end, worker, data) over items [0, n_items) in chunks of
 * chunk items, on up to tm_threads_get() threads including the caller's;
 * worker (0 .. returned count - 1) tells a call which worker's scratch
 * state to use.  Returns once every chunk is done. */
typedef void (*tm_parallel_func_t)(guint start, guint end, guint worker, void *data);
guint tm_parallel_workers(guint n_items, guint chunk);
guint tm_parallel_for(guint n_items, guint chunk, tm_parallel_func_t func, void *data);
/* The same in two halves, for work that can go on beside the caller's:
 * start sets workers 1 .. n - 1 going on threads of their own; finish has
 * the caller do what is left as worker 0 and returns, with the worker
 * count, once every chunk is done.  Each start is finished exactly once. */
typedef struct _tm_parallel_job tm_parallel_job_t;
tm_parallel_job_t *tm_parallel_start(guint n_items, guint chunk, tm_parallel_func_t func,
                                     void *data);
guint tm_parallel_finish(tm_parallel_job_t *job);
/* One task for another core while the caller goes on (reading the
 * attributes beside the shapes, loading fonts): tm_parallel_finish waits
 * for it, or runs it on the caller when no helper was free to take it. */
typedef void (*tm_task_func_t)(void *data);
tm_parallel_job_t *tm_parallel_start_task(tm_task_func_t func, void *data);

/* ---- extents ---- */
typedef struct {
  double x0, y0, x1, y1; /* empty when x0 > x1 */
} tm_extent_t;

tm_extent_t tm_extent_empty(void);
gboolean tm_extent_is_empty(const tm_extent_t *e);
/* Inline: called for every point of a layer (reading, frames, extents). */
static inline void tm_extent_add_point(tm_extent_t *e, double x, double y)
{
  if (x < e->x0) e->x0 = x;
  if (x > e->x1) e->x1 = x;
  if (y < e->y0) e->y0 = y;
  if (y > e->y1) e->y1 = y;
}
void tm_extent_add_extent(tm_extent_t *e, const tm_extent_t *other);
gboolean tm_extent_contains(const tm_extent_t *e, double x, double y);
/* The box holding e's corners through the affine transform t (x' = t0 x +
 * t1 y + t2, y' = t3 x + t4 y + t5): exact for a north-up map's, larger
 * when t rotates.  Empty for an empty e. */
tm_extent_t tm_extent_transform(const tm_extent_t *e, const double *t);
/* Whether a and b share a point (edges included). */
gboolean tm_extent_overlaps(const tm_extent_t *a, const tm_extent_t *b);

/* ---- polygon geometry, stored as flat arrays for whole-layer operations
 * (one proj_trans_generic call transforms every point of a layer).
 *
 *   feature i   -> polygons poly_first = feature_poly[i] .. feature_poly[i+1]
 *   polygon p   -> rings ring_point index poly_ring[p] .. poly_ring[p+1];
 *                  the first ring of a polygon is its exterior, the rest holes
 *   ring r      -> points ring_point[r] .. ring_point[r+1], closed (the last
 *                  point repeats the first)
 *   point k     -> xy[2k], xy[2k+1]  (x = easting / longitude)
 *
 * A feature with no polygon (null shape) is allowed. ---- */
typedef struct {
  guint n_features, n_polys, n_rings, n_points;
  guint32 *feature_poly; /* n_features + 1 */
  guint32 *poly_ring;    /* n_polys + 1 */
  guint32 *ring_point;   /* n_rings + 1 */
  double *xy;            /* 2 * n_points */
} tm_geom_t;

/* A growable array allocated exactly at the size reserved (vec.c says
 * why), growing by half past it. */
typedef struct {
  void *data;
  gsize len, cap; /* elements */
  gsize size;     /* bytes per element */
} tm_vec_t;

void tm_vec_init(tm_vec_t *v, gsize element_size);
void tm_vec_clear(tm_vec_t *v);
/* Room for extra more elements, allocated at once. */
void tm_vec_reserve(tm_vec_t *v, gsize extra);
/* n more elements, uninitialised: where they start. */
void *tm_vec_push(tm_vec_t *v, gsize n);
/* The elements in a block of their size (the caller g_frees it); v is left
 * empty. */
void *tm_vec_steal(tm_vec_t *v);
#define tm_vec_index(v, type, i) (((type *)(v)->data)[i])

typedef struct tm_geom_builder tm_geom_builder_t;

tm_geom_builder_t *tm_geom_builder_new(void);
/* Room for extra more elements in a, allocated at once (still rounded to a
 * power of two by GArray). */
void tm_array_reserve(GArray *a, guint extra);

/* Room for that many more features, rings (and polygons) and points, when
 * the caller knows them or a bound (a reader from the file's size). */
void tm_geom_builder_reserve(tm_geom_builder_t *b, guint n_features, guint n_rings,
                             guint n_points);
void tm_geom_builder_begin_feature(tm_geom_builder_t *b);
void tm_geom_builder_begin_polygon(tm_geom_builder_t *b);
/* Copies n interleaved points; the first ring after begin_polygon is the
 * exterior.  A ring is stored closed (the first point is appended when the
 * last differs). */
void tm_geom_builder_add_ring(tm_geom_builder_t *b, const double *xy, guint n);
/* Frees the builder and returns the geometry. */
tm_geom_t *tm_geom_builder_finish(tm_geom_builder_t *b);
void tm_geom_builder_free(tm_geom_builder_t *b);

void tm_geom_free(tm_geom_t *g);
tm_geom_t *tm_geom_copy(const tm_geom_t *g);
/* A new geometry holding features[0..n) of g, in that order. */
tm_geom_t *tm_geom_subset(const tm_geom_t *g, const guint *features, guint n);
/* A copy of g in which feature f is replaced by feature replacement[f] of r
 * when replacement[f] >= 0: a few repaired features without copying the
 * layer through a builder. */
tm_geom_t *tm_geom_splice(const tm_geom_t *g, const gint *replacement, const tm_geom_t *r);
/* The subset in g's own arrays, which shrink to fit rather than be
 * copied: g keeps features[0..n) only, given in increasing order. */
void tm_geom_keep_in_place(tm_geom_t *g, const guint *features, guint n);
/* The general form of subset, splice and concat: output feature i is
 * feature feature_of[i] of sources[source_of[i]] (of sources[0] when
 * source_of is NULL); without copy_points only the offsets are set and the
 * points are left for the caller to fill (copying and projecting in one
 * pass). */
tm_geom_t *tm_geom_gather(const tm_geom_t *const *sources, const guint *source_of,
                          const guint *feature_of, guint n, gboolean copy_points);
tm_extent_t tm_geom_get_extent(const tm_geom_t *g);
tm_extent_t tm_geom_get_feature_extent(const tm_geom_t *g, guint feature);
/* The polygon of the feature with the largest exterior area, or -1. */
gint tm_geom_get_largest_polygon(const tm_geom_t *g, guint feature);
/* A point inside the feature's largest polygon: the middle of the widest
 * inside run of the horizontal line through that polygon's bounding-box
 * centre (cheap, and unlike the centroid never outside a concave shape).
 * FALSE for a feature without polygon. */
gboolean tm_geom_get_representative_point(const tm_geom_t *g, guint feature, double *x,
                                          double *y);
/* Shoelace area; positive when counter-clockwise (x right, y up). */
double tm_ring_signed_area(const double *xy, guint n);
/* Even-odd point-in-polygon over all rings of the feature. */
gboolean tm_geom_feature_contains(const tm_geom_t *g, guint feature, double x, double y);

G_END_DECLS

#endif
