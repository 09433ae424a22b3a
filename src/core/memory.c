/* Giving freed memory back to the system between the stages of a render.
 *
 * glibc keeps the pages of freed blocks, so the resident size of a render
 * is the sum of every stage's largest allocations rather than their
 * maximum.  malloc_trim hands whole free pages back (also those inside the
 * heap), but it splits the huge pages around them (src/cli/main.c), and
 * what is allocated there afterwards is faulted in 4 KiB at a time.  A
 * render trims after projection only when the layer's points were freed
 * (render_run.c): since the mainland frame takes them over instead
 * (tm_project_layer_release), a trim there freed nothing and cost the
 * commune map a tenth of its time in page faults.  When the points are
 * copied, the trim kept that map's peak at 141 MiB (150 at most, against a
 * 4x-input budget of 167.2) where it would be 145 (156) without, for 3 %
 * of its time (bench/compare, 8 runs each).
 * Measured alternatives (a mapping of its own for the layer's points, no
 * trim) kept more memory: the heap reuses its holes better than the
 * kernel hands back pages.  Small holes are left alone: the national EPCI
 * map frees 9 MB at each of its two trims, and trimming them cost it 0.03
 * s (4,700 page faults instead of 1,900) for 4 to 7 MB of peak. */
#include "terrimap/core.h"
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* Below this much just freed, a trim is not worth the page faults that
 * follow it. */
#define TM_TRIM_MIN_BYTES ((gsize)16 << 20)

/* The caller says how much it freed rather than mallinfo2 telling how much
 * is free: mallinfo2 counts the free top of the threads' arena
 * (src/cli/main.c) as free memory, and a trim there split huge pages for
 * nothing (the national map lost the 6 % that arena brought it). */
void tm_memory_release(gsize freed)
{
#ifdef __GLIBC__
  if (freed >= TM_TRIM_MIN_BYTES)
    malloc_trim(0);
#else
  (void)freed;
#endif
}
