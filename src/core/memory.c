/* Giving freed memory back to the system between the stages of a render.
 *
 * glibc keeps the pages of freed blocks, so the resident size of a render
 * is the sum of every stage's largest allocations rather than their
 * maximum.  malloc_trim hands whole free pages back (also those inside the
 * heap), but it splits the huge pages around them (src/cli/main.c), and
 * what is allocated there afterwards is faulted in 4 KiB at a time: the
 * trim after projection saves the commune map 4-5 MiB of its peak (162-164
 * -> 158.5 MiB, against a 4x-input budget of 167.2) for about 0.1 s of
 * page faults; without it the map is faster and one heap layout away from
 * the budget.
 * Measured alternatives (a mapping of its own for the layer's points, no
 * trim) kept more memory: the heap reuses its holes better than the
 * kernel hands back pages.  Small holes are left alone: the national EPCI
 * map frees 9 MB at each of its two trims, and trimming them cost it 0.03
 * s (4,700 page faults instead of 1,900) for 4 to 7 MB of peak. */
#include "terrimap/core.h"
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* Below this much free memory inside the heap, a trim is not worth the
 * page faults that follow it. */
#define TM_TRIM_MIN_BYTES ((gsize)16 << 20)

void tm_memory_release(void)
{
#ifdef __GLIBC__
  /* fordblks counts the free top of the heap too, which M_TOP_PAD
   * (src/cli/main.c) makes large and mostly never touched; keepcost is
   * that top. */
  struct mallinfo2 info = mallinfo2();
  gsize held = info.fordblks > info.keepcost ? info.fordblks - info.keepcost : 0;
  if (held >= TM_TRIM_MIN_BYTES)
    malloc_trim(0);
#endif
}
