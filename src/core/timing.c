/* Stage timings for profiling a render: with TERRIMAP_TIMINGS set in the
 * environment, each tm_timing_mark() prints the wall and CPU time spent
 * since the previous mark on this thread.  Costs one getenv when unset. */
#include <stdio.h>
#include <time.h>
#include "terrimap/core.h"

static double tm_clock(clockid_t id)
{
  struct timespec ts;
  clock_gettime(id, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

void tm_timing_mark(const char *stage)
{
  static int enabled = -1;
  static _Thread_local double last_wall, last_cpu;
  if (enabled < 0)
    enabled = g_getenv("TERRIMAP_TIMINGS") != NULL;
  if (!enabled)
    return;
  double wall = tm_clock(CLOCK_MONOTONIC), cpu = tm_clock(CLOCK_THREAD_CPUTIME_ID);
  if (stage && last_wall > 0)
    fprintf(stderr, "terrimap: time: %-24s %7.1f ms wall %7.1f ms cpu\n", stage,
            (wall - last_wall) * 1e3, (cpu - last_cpu) * 1e3);
  last_wall = wall;
  last_cpu = cpu;
}
