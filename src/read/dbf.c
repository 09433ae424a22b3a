/* DBF attributes: field descriptions and every value as trimmed text,
 * decoded to UTF-8.  Values stay strings (codes such as "01" keep their
 * leading zeros); numbers are parsed later by whoever needs a number. */
#include <stdlib.h>
#include <string.h>
#include "read_private.h"

static tm_field_type_t tm_field_type_from_dbf(DBFFieldType t)
{
  switch (t) {
  case FTInteger: return TM_FIELD_INTEGER;
  case FTDouble: return TM_FIELD_DOUBLE;
  case FTLogical: return TM_FIELD_LOGICAL;
  case FTDate: return TM_FIELD_DATE;
  default: return TM_FIELD_STRING; /* C, and types shapelib does not know (memo...) */
  }
}

/* bytes[0..size) cut at the first NUL and trimmed of blanks on both
 * sides: *start and the length. */
static gsize tm_dbf_trim(const char *bytes, gsize size, const char **start)
{
  const char *nul = memchr(bytes, '\0', size);
  if (nul)
    size = (gsize)(nul - bytes);
  gsize a = 0, b = size;
  while (a < b && (bytes[a] == ' ' || bytes[a] == '\t'))
    a++;
  while (b > a && (bytes[b - 1] == ' ' || bytes[b - 1] == '\t'))
    b--;
  *start = bytes + a;
  return b - a;
}

/* The same as a copy, or NULL when nothing is left. */
static char *tm_dbf_trimmed_copy(const char *bytes, gsize size)
{
  const char *start;
  gsize n = tm_dbf_trim(bytes, size, &start);
  return n ? g_strndup(start, n) : NULL;
}

/* dBase writers (shapelib among them) fill a null number with asterisks. */
static gboolean tm_dbf_is_null_number(tm_field_type_t type, const char *value)
{
  if (type != TM_FIELD_INTEGER && type != TM_FIELD_DOUBLE)
    return FALSE;
  return value[strspn(value, "*")] == '\0';
}

static gboolean tm_dbf_read_fields(DBFHandle dbf, const char *dbf_path, tm_layer_t *layer,
                                   GError **error)
{
  int n = DBFGetFieldCount(dbf);
  layer->n_fields = n > 0 ? (guint)n : 0;
  layer->fields = g_new0(tm_field_t, layer->n_fields);
  for (guint f = 0; f < layer->n_fields; f++) {
    char name[XBASE_FLDNAME_LEN_READ + 1] = {0};
    int width = 0, decimals = 0;
    DBFFieldType t = DBFGetFieldInfo(dbf, (int)f, name, &width, &decimals);
    int offset = dbf->panFieldOffset[f];
    /* shapelib slices records with these; a hostile header must not make
     * it (or us) read past the record buffer. */
    if (offset < 0 || width < 0 || offset > dbf->nRecordLength ||
        width > dbf->nRecordLength - offset) {
      g_set_error(error, TM_ERROR, TM_ERROR_FORMAT,
                  "%s: field %u: width %d at offset %d exceeds the record length %d "
                  "(corrupt header)", dbf_path, f + 1, width, offset, dbf->nRecordLength);
      return FALSE;
    }
    char *trimmed = tm_dbf_trimmed_copy(name, strlen(name));
    layer->fields[f].name = trimmed ? trimmed : g_strdup("");
    layer->fields[f].type = tm_field_type_from_dbf(t);
    layer->fields[f].width = width;
    layer->fields[f].decimals = decimals;
  }
  return TRUE;
}

static gboolean tm_dbf_read_values(DBFHandle dbf, const char *dbf_path, tm_layer_t *layer,
                                   GError **error)
{
  gsize n_values;
  if (!g_size_checked_mul(&n_values, layer->n_features, layer->n_fields) ||
      n_values > G_MAXSIZE / sizeof(char *)) {
    g_set_error(error, TM_ERROR, TM_ERROR_LIMIT, "%s: %u records of %u fields: too many values",
                dbf_path, layer->n_features, layer->n_fields);
    return FALSE;
  }
  layer->values = g_new0(char *, n_values);
  if (layer->n_fields == 0)
    return TRUE;
  /* The values in blocks of a megabyte at most rather than one allocation
   * each: a commune layer has 280,000 of them, which took 11 MB one by one
   * and 4 in a chunk. */
  layer->strings = g_string_chunk_new(
      (gsize)CLAMP((guint64)layer->n_features * (guint64)dbf->nRecordLength, 1024, 1 << 20));
  for (guint r = 0; r < layer->n_features; r++) {
    const char *tuple = DBFReadTuple(dbf, (int)r);
    if (!tuple) {
      g_set_error(error, TM_ERROR, TM_ERROR_FORMAT,
                  "%s: record %u: cannot be read (truncated .dbf)", dbf_path, r + 1);
      return FALSE;
    }
    char **row = layer->values + (gsize)r * layer->n_fields;
    for (guint f = 0; f < layer->n_fields; f++) {
      const char *start;
      gsize n = tm_dbf_trim(tuple + dbf->panFieldOffset[f], (gsize)dbf->panFieldSize[f], &start);
      row[f] = n ? g_string_chunk_insert_len(layer->strings, start, (gssize)n) : NULL;
      if (row[f] && tm_dbf_is_null_number(layer->fields[f].type, row[f]))
        row[f] = NULL; /* its bytes stay in the chunk, unused */
    }
  }
  return TRUE;
}

static gboolean tm_dbf_all_utf8(const tm_layer_t *layer)
{
  for (guint f = 0; f < layer->n_fields; f++)
    if (!g_utf8_validate(layer->fields[f].name, -1, NULL))
      return FALSE;
  gsize n = (gsize)layer->n_features * layer->n_fields;
  for (gsize i = 0; i < n; i++)
    if (layer->values[i] && !g_utf8_validate(layer->values[i], -1, NULL))
      return FALSE;
  return TRUE;
}

/* Sets layer->encoding and encoding_source. */
static gboolean tm_dbf_choose_encoding(tm_context_t *ctx, DBFHandle dbf, const char *dbf_path,
                                       const char *cpg_path, const tm_read_options_t *options,
                                       tm_layer_t *layer, GError **error)
{
  if (options && options->encoding) {
    layer->encoding = tm_encoding_normalize(options->encoding);
    if (!layer->encoding) {
      g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                  "unknown encoding \"%s\" (expected e.g. UTF-8, CP1252, ISO-8859-1)",
                  options->encoding);
      return FALSE;
    }
    layer->encoding_source = g_strdup("option");
    return TRUE;
  }
  /* shapelib gives the .cpg text, else "LDID/n" from the header byte. */
  const char *code_page = DBFGetCodePage(dbf);
  if (code_page && g_str_has_prefix(code_page, "LDID/")) {
    int ldid = atoi(code_page + 5);
    const char *enc = tm_encoding_from_ldid(ldid);
    /* LDID 87 means "the writer's ANSI code page", which many tools write
     * in front of UTF-8 text; valid UTF-8 with accents is almost never
     * genuine CP1252, so detection decides there. */
    if (enc && !(ldid == 0x57 && tm_dbf_all_utf8(layer))) {
      layer->encoding = g_strdup(enc);
      layer->encoding_source = g_strdup("ldid");
      return TRUE;
    }
  } else if (code_page && *code_page) {
    layer->encoding = tm_encoding_normalize(code_page);
    if (!layer->encoding) {
      g_set_error(error, TM_ERROR, TM_ERROR_FORMAT,
                  "%s: unknown encoding \"%s\" (expected e.g. UTF-8, 1252, ISO-8859-1; "
                  "give --encoding)", cpg_path, code_page);
      return FALSE;
    }
    layer->encoding_source = g_strdup("cpg");
    return TRUE;
  }
  layer->encoding_source = g_strdup("detected");
  if (tm_dbf_all_utf8(layer)) {
    layer->encoding = g_strdup("UTF-8");
  } else {
    layer->encoding = g_strdup("CP1252");
    tm_warn(ctx, "%s: no .cpg and the text is not UTF-8; decoding it as CP1252 "
            "(give --encoding if that is wrong)", dbf_path);
  }
  return TRUE;
}

static const char *tm_dbf_encoding_origin(const tm_layer_t *layer, const char *cpg_path)
{
  const char *s = layer->encoding_source;
  if (!strcmp(s, "cpg"))
    return cpg_path;
  if (!strcmp(s, "ldid"))
    return "the DBF language byte";
  if (!strcmp(s, "option"))
    return "the encoding option";
  return "detection";
}

static gboolean tm_dbf_decode(const char *dbf_path, const char *cpg_path, tm_layer_t *layer,
                              GError **error)
{
  const char *enc = layer->encoding;
  for (guint f = 0; f < layer->n_fields; f++) {
    char *utf8 = tm_encoding_decode(layer->fields[f].name, enc);
    if (!utf8) {
      g_set_error(error, TM_ERROR, TM_ERROR_FORMAT,
                  "%s: field %u: name is not valid %s text (encoding from %s; give --encoding)",
                  dbf_path, f + 1, enc, tm_dbf_encoding_origin(layer, cpg_path));
      return FALSE;
    }
    g_free(layer->fields[f].name);
    layer->fields[f].name = utf8;
  }
  /* Without fields there are no values (layer->values is then NULL, and
   * even NULL + 0 is undefined). */
  if (layer->n_fields == 0)
    return TRUE;
  for (guint r = 0; r < layer->n_features; r++) {
    char **row = layer->values + (gsize)r * layer->n_fields;
    for (guint f = 0; f < layer->n_fields; f++) {
      /* ASCII (codes, most names) is already what it decodes to. */
      if (!row[f] || g_str_is_ascii(row[f]))
        continue;
      char *utf8 = tm_encoding_decode(row[f], enc);
      if (!utf8) {
        g_set_error(error, TM_ERROR, TM_ERROR_FORMAT,
                    "%s: record %u: field %s: invalid %s text (encoding from %s; give --encoding)",
                    dbf_path, r + 1, layer->fields[f].name, enc,
                    tm_dbf_encoding_origin(layer, cpg_path));
        return FALSE;
      }
      row[f] = g_string_chunk_insert(layer->strings, utf8); /* the raw bytes stay, unused */
      g_free(utf8);
    }
  }
  return TRUE;
}

gboolean tm_dbf_read(tm_context_t *ctx, DBFHandle dbf, const char *dbf_path,
                     const char *cpg_path, const tm_read_options_t *options,
                     tm_layer_t *layer, GError **error)
{
  return tm_dbf_read_fields(dbf, dbf_path, layer, error) &&
         tm_dbf_read_values(dbf, dbf_path, layer, error) &&
         tm_dbf_choose_encoding(ctx, dbf, dbf_path, cpg_path, options, layer, error) &&
         tm_dbf_decode(dbf_path, cpg_path, layer, error);
}
