/* DBF text encodings: the many spellings found in .cpg files, the language
 * driver byte of the DBF header, and decoding to UTF-8 with g_convert. */
#include <string.h>
#include "read_private.h"

/* DBF language driver ids (header byte 29) as ESRI documents them; the
 * table GDAL uses, limited to code pages iconv knows. */
static const struct {
  int ldid;
  const char *encoding;
} tm_ldid_table[] = {
  {0x01, "CP437"},  {0x02, "CP850"},  {0x03, "CP1252"}, {0x08, "CP865"},
  {0x09, "CP437"},  {0x0A, "CP850"},  {0x0B, "CP437"},  {0x0D, "CP437"},
  {0x0E, "CP850"},  {0x0F, "CP437"},  {0x10, "CP850"},  {0x11, "CP437"},
  {0x12, "CP850"},  {0x13, "CP932"},  {0x14, "CP850"},  {0x15, "CP437"},
  {0x16, "CP850"},  {0x17, "CP865"},  {0x18, "CP437"},  {0x19, "CP437"},
  {0x1A, "CP850"},  {0x1B, "CP437"},  {0x1C, "CP863"},  {0x1D, "CP850"},
  {0x1F, "CP852"},  {0x22, "CP852"},  {0x23, "CP852"},  {0x24, "CP860"},
  {0x25, "CP850"},  {0x26, "CP866"},  {0x37, "CP850"},  {0x40, "CP852"},
  {0x4D, "CP936"},  {0x4E, "CP949"},  {0x4F, "CP950"},  {0x50, "CP874"},
  {0x57, "CP1252"}, {0x58, "CP1252"}, {0x59, "CP1252"}, {0x64, "CP852"},
  {0x65, "CP866"},  {0x66, "CP865"},  {0x67, "CP861"},  {0x6A, "CP737"},
  {0x6B, "CP857"},  {0x78, "CP950"},  {0x79, "CP949"},  {0x7A, "CP936"},
  {0x7B, "CP932"},  {0x7C, "CP874"},  {0x7D, "CP1255"}, {0x7E, "CP1256"},
  {0x86, "CP737"},  {0x87, "CP852"},  {0x88, "CP857"},  {0xC8, "CP1250"},
  {0xC9, "CP1251"}, {0xCA, "CP1254"}, {0xCB, "CP1253"}, {0xCC, "CP1257"},
};

const char *tm_encoding_from_ldid(int ldid)
{
  for (gsize i = 0; i < G_N_ELEMENTS(tm_ldid_table); i++)
    if (tm_ldid_table[i].ldid == ldid)
      return tm_ldid_table[i].encoding;
  return NULL;
}

static gboolean tm_is_digits(const char *s)
{
  if (!*s)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit(*s))
      return FALSE;
  return TRUE;
}

static const char *tm_skip_prefix(const char *s, const char *prefix)
{
  gsize n = strlen(prefix);
  return strncmp(s, prefix, n) == 0 ? s + n : s;
}

/* The canonical spelling of name, or a copy of it when no rule applies. */
static char *tm_encoding_canonical(const char *name)
{
  char *up = g_ascii_strup(name, -1);
  g_strstrip(up);
  char *result = NULL;
  if (!strcmp(up, "UTF-8") || !strcmp(up, "UTF8") || !strcmp(up, "65001")) {
    result = g_strdup("UTF-8");
  } else if (!strcmp(up, "LATIN1") || !strcmp(up, "LATIN-1")) {
    result = g_strdup("ISO-8859-1");
  } else if (!strcmp(up, "LATIN9") || !strcmp(up, "LATIN-9")) {
    result = g_strdup("ISO-8859-15");
  } else if (g_str_has_prefix(up, "ISO") || g_str_has_prefix(up, "8859")) {
    /* ISO-8859-1, ISO8859_1, ISO 8859-15, 88591, 8859-15 ... */
    const char *p = strstr(up, "8859");
    if (p) {
      p += 4;
      while (*p == '-' || *p == '_' || *p == ' ')
        p++;
      if (tm_is_digits(p))
        result = g_strdup_printf("ISO-8859-%s", p);
    }
  } else {
    /* "1252", "CP1252", "WINDOWS-1252", "ANSI 1252", "CP 850", "IBM850"... */
    const char *p = up;
    p = tm_skip_prefix(p, "ANSI");
    p = tm_skip_prefix(p, "WINDOWS");
    p = tm_skip_prefix(p, "CP");
    p = tm_skip_prefix(p, "IBM");
    p = tm_skip_prefix(p, "OEM");
    while (*p == '-' || *p == '_' || *p == ' ')
      p++;
    if (tm_is_digits(p))
      result = g_strdup_printf("CP%s", p);
  }
  if (!result)
    result = g_strdup(up);
  g_free(up);
  return result;
}

char *tm_encoding_normalize(const char *name)
{
  if (!name || !*name)
    return NULL;
  char *canonical = tm_encoding_canonical(name);
  GIConv cd = g_iconv_open("UTF-8", canonical);
  if (cd == (GIConv)-1) {
    g_free(canonical);
    return NULL;
  }
  g_iconv_close(cd);
  return canonical;
}

char *tm_encoding_decode(const char *raw, const char *encoding)
{
  /* Codes and most names are ASCII, the same in every DBF code page: no
   * converter needs to be opened for them. */
  if (g_str_is_ascii(raw))
    return g_strdup(raw);
  if (!g_ascii_strcasecmp(encoding, "UTF-8"))
    return g_utf8_validate(raw, -1, NULL) ? g_strdup(raw) : NULL;
  char *out = g_convert(raw, -1, "UTF-8", encoding, NULL, NULL, NULL);
  /* iconv's output should be UTF-8; a broken converter must not let
   * invalid text reach Pango. */
  if (out && !g_utf8_validate(out, -1, NULL)) {
    g_free(out);
    out = NULL;
  }
  return out;
}
