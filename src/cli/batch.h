/* terrimap batch, shared between its files. */
#ifndef TM_CLI_BATCH_H
#define TM_CLI_BATCH_H

#include "render.h"

typedef struct {
  tm_render_args_t map;       /* the options shared with render */
  char *each, *manifest, *formats, *out_dir, *name_template, *title_template;
  char *subtitle_template, *shard;
  int jobs;
  gboolean skip_existing;
  char **exts;                /* "png", "svg", "pdf" */
  guint shard_k, shard_n;     /* this run renders items i with i % n == k */
} tm_batch_args_t;

/* One map of the atlas. */
typedef struct {
  char *kind, *code, *name;   /* "departement", "2A", "Corse-du-Sud" */
  char *extent;               /* "departement:2A" */
  char *title, *subtitle;     /* final texts */
  char *base;                 /* file name without extension */
  gboolean in_shard;
  /* Results, filled by the worker. */
  gboolean ok, skipped, rendered;
  char *error;
  guint n_in_focus;
  guint *class_counts;        /* per class of the run's symbology */
  double seconds;
} tm_batch_item_t;

gboolean tm_batch_args_parse(int *argc, char ***argv, tm_batch_args_t *a, GError **error);
void tm_batch_args_clear(tm_batch_args_t *a);

/* The items of --each or of the manifest, sorted, with their texts and
 * file names; shard membership set. */
GPtrArray *tm_batch_items_new(const tm_render_run_t *r, const tm_batch_args_t *a, GError **error);
void tm_batch_item_free(tm_batch_item_t *item);

/* Renders (or skips, or only counts) every item with a thread pool. */
guint tm_batch_run_items(const tm_render_run_t *r, const tm_batch_args_t *a, GPtrArray *items);

/* DIR/index.json and DIR/index.html (gallery of thumbnails). */
gboolean tm_batch_write_index(const tm_render_run_t *r, const tm_batch_args_t *a,
                              const GPtrArray *items, GError **error);

/* Output path of an item for an extension ("png", "json", "thumb.png"). */
char *tm_batch_item_path(const tm_batch_args_t *a, const tm_batch_item_t *item, const char *ext);

#endif
