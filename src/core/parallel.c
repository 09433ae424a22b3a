/* Work split over the machine's cores: the national map's half million
 * vertices are checked, projected and simplified in parallel pieces. */
#include "terrimap/core.h"

static gint tm_threads; /* 0: one per processor */

void tm_threads_set(guint n)
{
  g_atomic_int_set(&tm_threads, (gint)n);
}

/* TERRIMAP_THREADS in the environment caps the default (to measure, or to
 * leave cores to other work). */
guint tm_threads_get(void)
{
  gint n = g_atomic_int_get(&tm_threads);
  if (n > 0)
    return (guint)n;
  guint cores = MAX(1u, g_get_num_processors());
  const char *env = g_getenv("TERRIMAP_THREADS");
  guint64 wanted = 0;
  if (env && g_ascii_string_to_unsigned(env, 10, 1, 1024, &wanted, NULL))
    return (guint)wanted;
  return cores;
}

typedef struct {
  tm_parallel_func_t func;
  void *data;
  guint n_items, chunk;
  gint next; /* next item to hand out, atomically */
} tm_parallel_t;

static void tm_parallel_run(tm_parallel_t *p, guint worker)
{
  for (;;) {
    guint start = (guint)g_atomic_int_add(&p->next, (gint)p->chunk);
    if (start >= p->n_items)
      break;
    p->func(start, MIN(start + p->chunk, p->n_items), worker, p->data);
  }
}

typedef struct {
  tm_parallel_t *p;
  guint worker;
} tm_parallel_worker_t;

static gpointer tm_parallel_thread(gpointer data)
{
  tm_parallel_worker_t *w = data;
  tm_parallel_run(w->p, w->worker);
  return NULL;
}

guint tm_parallel_workers(guint n_items, guint chunk)
{
  chunk = MAX(chunk, 1u);
  guint n_chunks = n_items / chunk + (n_items % chunk != 0);
  return MAX(1u, MIN(tm_threads_get(), n_chunks));
}

/* Work handed to other threads while the caller does something else. */
struct _tm_parallel_job {
  tm_parallel_t p;
  guint n_workers;
  tm_parallel_worker_t *w;
  GThread **threads;
};

tm_parallel_job_t *tm_parallel_start(guint n_items, guint chunk, tm_parallel_func_t func,
                                     void *data)
{
  tm_parallel_job_t *job = g_new0(tm_parallel_job_t, 1);
  job->p = (tm_parallel_t){func, data, n_items, MAX(chunk, 1u), 0};
  /* Chunks are handed out from a shared counter, so a worker that drew
   * cheap items takes more of them. */
  if (n_items > G_MAXINT - job->p.chunk) {
    g_critical("tm_parallel_start: %u items is too many", n_items);
    job->p.n_items = 0;
  }
  job->n_workers = tm_parallel_workers(job->p.n_items, chunk);
  job->w = g_new(tm_parallel_worker_t, job->n_workers);
  job->threads = g_new(GThread *, job->n_workers);
  for (guint i = 1; i < job->n_workers; i++) {
    job->w[i] = (tm_parallel_worker_t){&job->p, i};
    job->threads[i] = g_thread_new("terrimap-worker", tm_parallel_thread, &job->w[i]);
  }
  return job;
}

guint tm_parallel_finish(tm_parallel_job_t *job)
{
  tm_parallel_run(&job->p, 0); /* the caller takes what is left, as worker 0 */
  for (guint i = 1; i < job->n_workers; i++)
    g_thread_join(job->threads[i]);
  guint n_workers = job->n_workers;
  g_free(job->threads);
  g_free(job->w);
  g_free(job);
  return n_workers;
}

guint tm_parallel_for(guint n_items, guint chunk, tm_parallel_func_t func, void *data)
{
  return tm_parallel_finish(tm_parallel_start(n_items, chunk, func, data));
}
