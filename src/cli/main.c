/* terrimap command line: dispatches to subcommands. */
#define _DEFAULT_SOURCE /* sbrk, madvise */
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
/* Linux 6.1: a range already touched made huge pages at once; older
 * kernels refuse it (EINVAL), which changes nothing. */
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif
#endif
#include "cli.h"

#ifdef __GLIBC__
/* A first touch of a 4 KiB page costs about 15 us on the benchmark machine
 * (a paravirtualised VM), and a national render touches some 60 MB: a
 * quarter of its CPU time went to page faults.  With transparent huge pages
 * one fault maps 2 MB (15,400 faults -> 2,100, CPU 1.12 -> 0.82 s,
 * bench/results/latest.md).  So the heap reserves its address space once
 * (M_TOP_PAD: no memory is used until touched) and that range is marked
 * for huge pages.  Worker threads share one second arena (M_ARENA_MAX 2):
 * with every thread in the main one, GEOS's validity check on one core and
 * PROJ on the other queued for its lock (the projection's steps took half
 * as long again as alone), and one arena per thread faulted in more pages;
 * two made the national map 6 % and the commune map 15 % faster (bench/
 * compare).  Where THP is off, or malloc is not glibc's (sanitizers,
 * valgrind), the heap does not grow or madvise is a no-op: nothing
 * changes. */
static void tm_heap_use_huge_pages(void)
{
  const uintptr_t huge = 2u << 20;
  mallopt(M_ARENA_MAX, 2);
  mallopt(M_TOP_PAD, 512 << 20);
  /* Libraries have already made the heap; a block larger than its free
   * top makes it grow, by the pad. */
  char *base = sbrk(0);
  uintptr_t start = ((uintptr_t)base + huge - 1) & ~(huge - 1);
  /* Grown from the next huge page's boundary: malloc takes the break moved
   * by someone else as a gap it never touches, where its first 2 MB would
   * otherwise have been filled and faulted in 4 KiB at a time (580 faults,
   * some 9 ms of every render). */
  if (start > (uintptr_t)base)
    sbrk((intptr_t)(start - (uintptr_t)base));
  void *probe = malloc(1 << 20);
  char *top = sbrk(0);
  if ((char *)probe < top && (uintptr_t)top > start + huge) {
    madvise((void *)start, (uintptr_t)top - start, MADV_HUGEPAGE);
    /* Its first 2 MB were touched before (the probe's header): made one
     * huge page now rather than 511 more faults. */
    madvise((void *)start, huge, MADV_COLLAPSE);
  }
  free(probe);
}

/* The helpers' arena is a mapping of its own: glibc's heaps for threads
 * are 64 MiB, aligned on their size, and M_TOP_PAD above makes the first
 * read-write whole.  Unmarked, its pages were faulted in 4 KiB at a time:
 * PROJ's database lookups for the frames, made on a helper while the layer
 * is read (src/project/frames_crs.c), took 47 ms there against 25 on the
 * main thread (1,500 faults against 50).  So a first thread, whose arena
 * the pool's helpers then share (M_ARENA_MAX 2), marks it for huge pages
 * too. */
#define TM_THREAD_HEAP_BYTES ((uintptr_t)64 << 20)

static gpointer tm_thread_heap_use_huge_pages(gpointer main_heap_top)
{
  char *probe = malloc(64);
  /* Above the main heap's top: in a thread heap, not the main heap. */
  if (probe && probe > (char *)main_heap_top) {
    void *heap = (void *)((uintptr_t)probe & ~(TM_THREAD_HEAP_BYTES - 1));
    madvise(heap, TM_THREAD_HEAP_BYTES, MADV_HUGEPAGE);
    madvise(heap, 2u << 20, MADV_COLLAPSE); /* as for the main heap */
  }
  free(probe);
  return NULL;
}
#endif

int main(int argc, char **argv)
{
#ifdef __GLIBC__
  /* Page-sized images and coordinate arrays come and go: keeping them in
   * the heap instead of fresh mmaps halves the kernel time of a render
   * (page faults), bench/results/profile.md. */
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  tm_heap_use_huge_pages();
  g_thread_join(g_thread_new("terrimap-arena", tm_thread_heap_use_huge_pages, sbrk(0)));
#endif
  /* GLib converts option values from the locale's charset to UTF-8; under
   * the C locale (CI, cron, containers) a title with "–" or "é" would be
   * rejected, so fall back to C.UTF-8.  Only LC_CTYPE: numbers in
   * machine-readable output keep the C locale's decimal point. */
  setlocale(LC_CTYPE, "");
  if (!g_get_charset(NULL))
    setlocale(LC_CTYPE, "C.UTF-8");
  return tm_cli_main(argc, argv);
}
