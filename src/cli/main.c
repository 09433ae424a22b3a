/* terrimap command line: dispatches to subcommands. */
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include "cli.h"

int main(int argc, char **argv)
{
#ifdef __GLIBC__
  /* Page-sized images and coordinate arrays come and go: keeping them in
   * the heap instead of fresh mmaps halves the kernel time of a render
   * (page faults), bench/results/profile.md. */
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
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
