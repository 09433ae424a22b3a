/* Giving freed memory back to the system between the stages of a render.
 *
 * glibc keeps the pages of freed blocks, so the resident size of a render
 * is the sum of every stage's largest allocations rather than their
 * maximum.  malloc_trim hands whole free pages back (also those inside the
 * heap); a later allocation faults them in again, which with the huge-page
 * heap (src/cli/main.c) costs a few milliseconds per 50 MB. */
#include "terrimap/core.h"
#ifdef __GLIBC__
#include <malloc.h>
#endif

void tm_memory_release(void)
{
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}
