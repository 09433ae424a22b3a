/* ColorBrewer schemes by name and size.  The published tables start at 3
 * colours; a graduated map whose values allow only 1 or 2 classes still
 * needs fills, so those are taken from the 3-colour table: its ends for 2
 * (the strongest contrast the scheme offers), its middle for 1.  Qualitative
 * tables are prefixes of one another, so their first colours serve. */
#include <string.h>

#include "classify_private.h"

static tm_rgba_t rgba_from_hex(guint32 hex)
{
  return (tm_rgba_t){((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0,
                     (hex & 0xff) / 255.0, 1.0};
}

static char *known_names(const tm_scheme_t *schemes, guint n)
{
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf(s, "%s%s", i ? ", " : "", schemes[i].name);
  return g_string_free(s, FALSE);
}

static const tm_scheme_t *find_scheme(const char *name)
{
  guint n = 0;
  const tm_scheme_t *schemes = tm_scheme_table(&n);
  for (guint i = 0; name != NULL && i < n; i++)
    if (g_ascii_strcasecmp(schemes[i].name, name) == 0)
      return &schemes[i];
  return NULL;
}

gboolean tm_palette_get(const char *scheme, guint n, tm_rgba_t *colours, GError **error)
{
  const tm_scheme_t *s = find_scheme(scheme);
  if (s == NULL) {
    guint n_schemes = 0;
    const tm_scheme_t *schemes = tm_scheme_table(&n_schemes);
    char *known = known_names(schemes, n_schemes);
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "unknown colour scheme '%s' (expected a ColorBrewer scheme: %s)",
                scheme ? scheme : "", known);
    g_free(known);
    return FALSE;
  }
  if (n == 0 || n > s->max) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "colour scheme %s has no %u-colour version (expected 1 to %u colours)",
                s->name, n, s->max);
    return FALSE;
  }
  const guint32 *three = s->colours[0];
  if (n >= 3) {
    const guint32 *table = s->colours[n - 3];
    for (guint i = 0; i < n; i++)
      colours[i] = rgba_from_hex(table[i]);
  } else if (s->kind == TM_SCHEME_QUALITATIVE) {
    for (guint i = 0; i < n; i++)
      colours[i] = rgba_from_hex(three[i]);
  } else if (n == 2) {
    colours[0] = rgba_from_hex(three[0]);
    colours[1] = rgba_from_hex(three[2]);
  } else {
    colours[0] = rgba_from_hex(three[1]);
  }
  return TRUE;
}
