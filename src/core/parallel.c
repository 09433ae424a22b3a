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
  /* Counted once: g_get_num_processors reads /sys each time, and a
   * national map asks some 350 times. */
  static gsize counted = 0;
  static guint cores = 1;
  if (g_once_init_enter(&counted)) {
    cores = MAX(1u, g_get_num_processors());
    g_once_init_leave(&counted, 1);
  }
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

guint tm_parallel_workers(guint n_items, guint chunk)
{
  chunk = MAX(chunk, 1u);
  guint n_chunks = n_items / chunk + (n_items % chunk != 0);
  return MAX(1u, MIN(tm_threads_get(), n_chunks));
}

/* Work handed to other threads while the caller does something else. */
struct _tm_parallel_job {
  tm_parallel_t p;
  tm_task_func_t task; /* tm_parallel_start_task's */
  void *task_data;
  guint n_workers;
  guint next_worker; /* the index the next helper takes (under the pool's lock) */
  guint active;      /* helpers working on it */
  gboolean queued;   /* still open to helpers */
  GCond done;        /* active fell to 0 */
};

/* Helper threads live as long as the process and take jobs from a queue:
 * a national map runs some forty parallel steps, and a thread made and
 * joined for each cost about a hundred microseconds of the step's start
 * and end, and faults in a fresh stack each time.  A job no helper is free
 * for is done by its caller alone, so concurrent jobs (a batch rendering
 * two maps at once, work started beside other work) never wait for one
 * another.  A zeroed static GMutex and GCond need no initialisation. */
static struct {
  GMutex lock;
  GCond work; /* a job was queued */
  GQueue jobs;
  guint n_threads;
} tm_pool;

static gpointer tm_pool_thread(gpointer unused)
{
  g_mutex_lock(&tm_pool.lock);
  for (;;) {
    tm_parallel_job_t *job = g_queue_peek_head(&tm_pool.jobs);
    if (!job) {
      g_cond_wait(&tm_pool.work, &tm_pool.lock);
      continue;
    }
    guint worker = job->next_worker++;
    if (job->next_worker >= job->n_workers) {
      g_queue_pop_head(&tm_pool.jobs);
      job->queued = FALSE;
    }
    job->active++;
    g_mutex_unlock(&tm_pool.lock);
    tm_parallel_run(&job->p, worker);
    g_mutex_lock(&tm_pool.lock);
    if (--job->active == 0)
      g_cond_broadcast(&job->done);
  }
  return NULL;
}

static tm_parallel_job_t *tm_parallel_job_new(guint n_items, guint chunk, tm_parallel_func_t func,
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
  job->next_worker = 1;
  g_cond_init(&job->done);
  return job;
}

/* Offered to the helpers, when it has work for more than the caller. */
static tm_parallel_job_t *tm_parallel_job_queue(tm_parallel_job_t *job)
{
  if (job->n_workers > 1) {
    g_mutex_lock(&tm_pool.lock);
    for (; tm_pool.n_threads < job->n_workers - 1; tm_pool.n_threads++)
      g_thread_unref(g_thread_new("terrimap-worker", tm_pool_thread, NULL));
    g_queue_push_tail(&tm_pool.jobs, job);
    job->queued = TRUE;
    g_cond_broadcast(&tm_pool.work);
    g_mutex_unlock(&tm_pool.lock);
  }
  return job;
}

tm_parallel_job_t *tm_parallel_start(guint n_items, guint chunk, tm_parallel_func_t func,
                                     void *data)
{
  return tm_parallel_job_queue(tm_parallel_job_new(n_items, chunk, func, data));
}

/* A task as a job of two items (so that a helper is asked), only the first
 * doing it: whichever thread draws it first, a helper or the caller in
 * tm_parallel_finish, runs the task; the other finds nothing to do. */
static void tm_parallel_run_task(guint start, guint end, guint worker, void *data)
{
  tm_parallel_job_t *job = data;
  if (start == 0)
    job->task(job->task_data);
}

tm_parallel_job_t *tm_parallel_start_task(tm_task_func_t func, void *data)
{
  tm_parallel_job_t *job = tm_parallel_job_new(2, 1, tm_parallel_run_task, NULL);
  job->p.data = job;
  job->task = func;
  job->task_data = data;
  return tm_parallel_job_queue(job);
}

guint tm_parallel_finish(tm_parallel_job_t *job)
{
  tm_parallel_run(&job->p, 0); /* the caller takes what is left, as worker 0 */
  g_mutex_lock(&tm_pool.lock);
  if (job->queued) /* helpers that have not come by now would find nothing */
    g_queue_remove(&tm_pool.jobs, job);
  while (job->active)
    g_cond_wait(&job->done, &tm_pool.lock);
  g_mutex_unlock(&tm_pool.lock);
  guint n_workers = job->n_workers;
  g_cond_clear(&job->done);
  g_free(job);
  return n_workers;
}

guint tm_parallel_for(guint n_items, guint chunk, tm_parallel_func_t func, void *data)
{
  return tm_parallel_finish(tm_parallel_start(n_items, chunk, func, data));
}
