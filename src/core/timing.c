/* Stage timings for profiling a render: with TERRIMAP_TIMINGS set in the
 * environment, each tm_timing_mark() prints the wall and CPU time spent
 * since the previous mark on this thread, the CPU time of all threads over
 * the same span (more than the wall where a stage uses both cores), and the
 * process's peak resident memory so far (to find the stage that sets it).
 * Costs one getenv when unset. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "terrimap/core.h"

static double tm_clock(clockid_t id)
{
  struct timespec ts;
  clock_gettime(id, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A field of /proc/self/status in MB (VmHWM: the peak, VmRSS: now); 0
 * where there is no /proc. */
static double tm_status_mb(const char *status, const char *field)
{
  const char *at = status ? strstr(status, field) : NULL;
  return at ? g_ascii_strtod(at + strlen(field), NULL) / 1024.0 : 0.0;
}

void tm_timing_mark(const char *stage)
{
  static int enabled = -1;
  static _Thread_local double last_wall, last_cpu, last_all;
  if (enabled < 0)
    enabled = g_getenv("TERRIMAP_TIMINGS") != NULL;
  if (!enabled)
    return;
  double wall = tm_clock(CLOCK_MONOTONIC), cpu = tm_clock(CLOCK_THREAD_CPUTIME_ID);
  double all = tm_clock(CLOCK_PROCESS_CPUTIME_ID);
  if (stage && last_wall > 0) {
    char *status = NULL;
    g_file_get_contents("/proc/self/status", &status, NULL, NULL);
    fprintf(stderr,
            "terrimap: time: %-24s %7.1f ms wall %7.1f ms cpu %7.1f ms all threads"
            " %6.1f MB now %6.1f MB peak\n",
            stage, (wall - last_wall) * 1e3, (cpu - last_cpu) * 1e3, (all - last_all) * 1e3,
            tm_status_mb(status, "VmRSS:"), tm_status_mb(status, "VmHWM:"));
    g_free(status);
    /* Reading /proc is not the next stage's time. */
    wall = tm_clock(CLOCK_MONOTONIC);
    cpu = tm_clock(CLOCK_THREAD_CPUTIME_ID);
    all = tm_clock(CLOCK_PROCESS_CPUTIME_ID);
  }
  last_wall = wall;
  last_cpu = cpu;
  last_all = all;
}
