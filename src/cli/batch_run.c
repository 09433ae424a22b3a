/* Rendering the items of an atlas with a GLib thread pool.  The run's data
 * are shared read-only; each task has its own context (PROJ, GEOS) and its
 * own copy of what it changes, so memory grows with the workers, not with
 * the maps. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "batch.h"
#include "terrimap/write.h"

typedef struct {
  const tm_render_run_t *r;
  const tm_batch_args_t *a;
  GMutex lock;
  guint done, total_to_render, failed;
  gint64 start;
  gboolean tty;
  time_t newest_input;
} tm_batch_state_t;

/* The newest modification time of the maps' inputs and style. */
static time_t tm_batch_newest_input(const tm_render_run_t *r)
{
  time_t newest = 0;
  for (char **p = r->inputs; p && *p; p++) {
    GStatBuf st;
    if (g_stat(*p, &st) == 0 && st.st_mtime > newest)
      newest = st.st_mtime;
    /* A shapefile is three files at least. */
    if (g_str_has_suffix(*p, ".shp")) {
      char *dbf = g_strdup(*p);
      memcpy(dbf + strlen(dbf) - 3, "dbf", 3);
      if (g_stat(dbf, &st) == 0 && st.st_mtime > newest)
        newest = st.st_mtime;
      g_free(dbf);
    }
  }
  return newest;
}

/* Every file of the item exists and is at least as new as every input. */
static gboolean tm_batch_up_to_date(const tm_batch_state_t *s, const tm_batch_item_t *item)
{
  /* The map's formats and, written after them, its sidecar and thumbnail:
   * a run interrupted between the two must render the map again. */
  GPtrArray *exts = g_ptr_array_new();
  for (char **e = s->a->exts; *e; e++)
    g_ptr_array_add(exts, *e);
  g_ptr_array_add(exts, "json");
  g_ptr_array_add(exts, "thumb.png");
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < exts->len; i++) {
    char *path = tm_batch_item_path(s->a, item, g_ptr_array_index(exts, i));
    GStatBuf st;
    ok = g_stat(path, &st) == 0 && st.st_mtime >= s->newest_input;
    g_free(path);
  }
  g_ptr_array_free(exts, TRUE);
  return ok;
}

static void tm_batch_progress(tm_batch_state_t *s, const tm_batch_item_t *item)
{
  double elapsed = (g_get_monotonic_time() - s->start) / 1e6;
  if (s->tty) {
    double left = s->done ? elapsed / s->done * (s->total_to_render - s->done) : 0;
    fprintf(stderr, "\r\033[K[%u/%u] %s %s — %s — %02d:%02d elapsed, ~%02d:%02d left", s->done,
            s->total_to_render, item->kind, item->code, item->name, (int)elapsed / 60,
            (int)elapsed % 60, (int)left / 60, (int)left % 60);
    if (!item->ok)
      fprintf(stderr, "\nFAILED %s %s: %s\n", item->kind, item->code, item->error);
    fflush(stderr);
  } else if (!s->a->map.quiet || !item->ok) {
    fprintf(stderr, "%s [%u/%u] %s %s (%s): %.2f s%s%s\n",
            item->ok ? (item->skipped ? "skipped" : "ok") : "FAILED", s->done, s->total_to_render,
            item->kind, item->code, item->name, item->seconds, item->ok ? "" : ": ",
            item->ok ? "" : item->error);
  }
}

/* Focus and counts for every item (index.json lists them all, whichever
 * shard a run renders); layout and files for those of this shard. */
static void tm_batch_task(gpointer data, gpointer user_data)
{
  tm_batch_item_t *item = data;
  tm_batch_state_t *s = user_data;
  gint64 t0 = g_get_monotonic_time();
  tm_context_t *ctx = tm_context_new();
  tm_render_item_t ri = {.extent = g_strdup(item->extent),
                         .title = g_strdup(item->title),
                         .subtitle = g_strdup(item->subtitle)};
  GError *error = NULL;
  gboolean distinct;
  gboolean render = item->in_shard && !(s->a->skip_existing && tm_batch_up_to_date(s, item));
  item->skipped = item->in_shard && !render;
  item->ok = render ? tm_render_item_build(ctx, s->r, &ri, &error)
                    : tm_render_item_focus(ctx, s->r, &ri, &distinct, &error);
  if (item->ok) {
    item->n_in_focus = ri.focus ? ri.focus->n_in_focus : s->r->layer->n_features;
    item->class_counts = g_new(guint, ri.sym->n_classes);
    for (guint c = 0; c < ri.sym->n_classes; c++)
      item->class_counts[c] = ri.sym->classes[c].count;
  }
  if (item->ok && render) {
    GPtrArray *outputs = g_ptr_array_new_with_free_func(g_free);
    for (char **e = s->a->exts; *e; e++)
      g_ptr_array_add(outputs, tm_batch_item_path(s->a, item, *e));
    g_ptr_array_add(outputs, NULL);
    char *meta = tm_batch_item_path(s->a, item, "json");
    char *thumb = tm_batch_item_path(s->a, item, "thumb.png");
    tm_pending_file_t *t = NULL;
    item->ok = tm_render_item_write(s->r, &ri, (char *const *)outputs->pdata, meta, &error) &&
               (t = tm_write_thumbnail_prepare(ri.map->drawing, thumb, 320, &error)) &&
               tm_write_commit(t, &error);
    item->rendered = item->ok;
    g_free(meta);
    g_free(thumb);
    g_ptr_array_free(outputs, TRUE);
  }
  if (!item->ok)
    item->error = g_strdup(error ? error->message : "failed");
  g_clear_error(&error);
  tm_render_item_clear(&ri);
  tm_context_free(ctx);
  item->seconds = (g_get_monotonic_time() - t0) / 1e6;
  if (item->in_shard) {
    g_mutex_lock(&s->lock);
    s->done++;
    s->failed += !item->ok;
    tm_batch_progress(s, item);
    g_mutex_unlock(&s->lock);
  }
}

guint tm_batch_run_items(const tm_render_run_t *r, const tm_batch_args_t *a, GPtrArray *items)
{
  tm_batch_state_t s = {.r = r, .a = a, .start = g_get_monotonic_time()};
  g_mutex_init(&s.lock);
  s.tty = isatty(fileno(stderr)) && !a->map.quiet;
  s.newest_input = tm_batch_newest_input(r);
  for (guint i = 0; i < items->len; i++)
    s.total_to_render += ((tm_batch_item_t *)g_ptr_array_index(items, i))->in_shard;
  char *thumbs = g_build_filename(a->out_dir, "thumbs", NULL);
  if (g_mkdir_with_parents(thumbs, 0777) != 0)
    fprintf(stderr, "terrimap: error: %s: cannot create directory (%s)\n", thumbs,
            g_strerror(errno));
  g_free(thumbs);
  int jobs = a->jobs > 0 ? a->jobs : (int)g_get_num_processors();
  /* Maps rendered side by side share the cores their bands are drawn on. */
  tm_threads_set((guint)MAX(1, (int)g_get_num_processors() / jobs));
  GThreadPool *pool = g_thread_pool_new(tm_batch_task, &s, jobs, TRUE, NULL);
  for (guint i = 0; i < items->len; i++)
    g_thread_pool_push(pool, g_ptr_array_index(items, i), NULL);
  g_thread_pool_free(pool, FALSE, TRUE); /* waits for every task */
  if (s.tty)
    fputc('\n', stderr);
  double elapsed = (g_get_monotonic_time() - s.start) / 1e6;
  guint rendered = 0, skipped = 0;
  for (guint i = 0; i < items->len; i++) {
    const tm_batch_item_t *item = g_ptr_array_index(items, i);
    rendered += item->rendered;
    skipped += item->in_shard && item->skipped && item->ok;
  }
  fprintf(stderr, "batch: %u map(s) rendered, %u skipped (up to date), %u failed, of %u in this "
                  "run (%u in the atlas), in %.1f s with %d worker(s)\n",
          rendered, skipped, s.failed, s.total_to_render, items->len, elapsed, jobs);
  g_mutex_clear(&s.lock);
  return s.failed;
}
