/* Numbers as written in styles, options and extents: C-locale, finite,
 * nothing after them. */
#include <errno.h>
#include <math.h>
#include "terrimap/core.h"

gboolean tm_parse_double(const char *text, double *out)
{
  if (!text || *text == '\0')
    return FALSE;
  char *end = NULL;
  errno = 0;
  double d = g_ascii_strtod(text, &end);
  if (end == text || *end != '\0' || errno == ERANGE || !isfinite(d))
    return FALSE;
  *out = d;
  return TRUE;
}
