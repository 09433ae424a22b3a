/* Fuzz target: the input is a style file, loaded with tm_style_load. */
#include <stdlib.h>
#include "fuzz_util.h"
#include "terrimap/style.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  fuzz_init();
  char *path = fuzz_write_file("style.ini", data, size);
  GError *error = NULL;
  tm_style_t *style = tm_style_load(path, &error);
  if (style) {
    int w = 0, h = 0;
    tm_style_get_page_size(style, &w, &h);
    if (w <= 0 || h <= 0)
      abort(); /* a loaded style must give a drawable page */
    tm_style_free(style);
  } else if (!error || error->domain != TM_ERROR || !*error->message) {
    abort();
  }
  fuzz_report(&error);
  g_free(path);
  return 0;
}
