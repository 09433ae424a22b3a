/* Colours as written in style files: #rgb, #rrggbb, #rrggbbaa, or none. */
#include <string.h>
#include "terrimap/core.h"

static int tm_hex_digit(char c)
{
  return g_ascii_xdigit_value(c);
}

gboolean tm_rgba_parse(const char *text, tm_rgba_t *out)
{
  if (!text)
    return FALSE;
  while (g_ascii_isspace(*text))
    text++;
  size_t len = strlen(text);
  while (len > 0 && g_ascii_isspace(text[len - 1]))
    len--;
  if (len == 4 && g_ascii_strncasecmp(text, "none", 4) == 0) {
    *out = (tm_rgba_t){0, 0, 0, 0};
    return TRUE;
  }
  if (text[0] != '#' || (len != 4 && len != 7 && len != 9))
    return FALSE;
  for (size_t i = 1; i < len; i++)
    if (tm_hex_digit(text[i]) < 0)
      return FALSE;
  int v[4] = {0, 0, 0, 255};
  if (len == 4) {
    for (int i = 0; i < 3; i++)
      v[i] = tm_hex_digit(text[1 + i]) * 17;
  } else {
    int n = (int)(len - 1) / 2;
    for (int i = 0; i < n; i++)
      v[i] = tm_hex_digit(text[1 + 2 * i]) * 16 + tm_hex_digit(text[2 + 2 * i]);
  }
  *out = (tm_rgba_t){v[0] / 255.0, v[1] / 255.0, v[2] / 255.0, v[3] / 255.0};
  return TRUE;
}

static int tm_channel_byte(double v)
{
  if (!(v > 0))
    return 0;
  if (v >= 1)
    return 255;
  return (int)(v * 255.0 + 0.5);
}

void tm_rgba_to_hex(const tm_rgba_t *c, char buf[8])
{
  g_snprintf(buf, 8, "#%02x%02x%02x", tm_channel_byte(c->r), tm_channel_byte(c->g),
             tm_channel_byte(c->b));
}
