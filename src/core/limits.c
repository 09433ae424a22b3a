/* Resource limits: defaults, parsing from options and the environment, the
 * process-wide copy, and the memory a layer may use. */
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "terrimap/limits.h"

typedef struct {
  const char *option, *env, *hint;
  guint64 min, max;
  const char *zero; /* what 0 means, or NULL when 0 is below min */
} tm_limit_info_t;

static const tm_limit_info_t tm_limit_info[TM_LIMIT_COUNT] = {
    [TM_LIMIT_IMAGE_SIDE] = {"--max-image-side", "TERRIMAP_MAX_IMAGE_SIDE",
                             "raise it with --max-image-side N or TERRIMAP_MAX_IMAGE_SIDE=N, "
                             "up to 32767",
                             16, TM_LIMITS_IMAGE_SIDE_CEILING, NULL},
    [TM_LIMIT_IMAGE_PIXELS] = {"--max-image-pixels", "TERRIMAP_MAX_IMAGE_PIXELS",
                               "raise it with --max-image-pixels N or TERRIMAP_MAX_IMAGE_PIXELS=N",
                               256,
                               (guint64)TM_LIMITS_IMAGE_SIDE_CEILING * TM_LIMITS_IMAGE_SIDE_CEILING,
                               NULL},
    [TM_LIMIT_FEATURES] = {"--max-features", "TERRIMAP_MAX_FEATURES",
                           "raise it with --max-features N or TERRIMAP_MAX_FEATURES=N", 0,
                           G_MAXUINT32 - 1u, "as many as memory allows"},
    [TM_LIMIT_VERTICES] = {"--max-vertices", "TERRIMAP_MAX_VERTICES",
                           "raise it with --max-vertices N or TERRIMAP_MAX_VERTICES=N", 0,
                           TM_LIMITS_VERTICES_CEILING, "as many as memory allows"},
    [TM_LIMIT_LABELS] = {"--max-labels", "TERRIMAP_MAX_LABELS",
                         "raise it with --max-labels N or TERRIMAP_MAX_LABELS=N", 0, G_MAXUINT32,
                         "no labels"},
    [TM_LIMIT_MEMORY] = {"--max-memory", "TERRIMAP_MAX_MEMORY",
                         "set another budget with --max-memory SIZE or TERRIMAP_MAX_MEMORY=SIZE",
                         0, G_MAXUINT64, "the memory available"},
};

void tm_limits_init(tm_limits_t *limits)
{
  *limits = (tm_limits_t){
      .max_image_side = TM_LIMITS_DEFAULT_IMAGE_SIDE,
      .max_image_pixels = TM_LIMITS_DEFAULT_IMAGE_PIXELS,
      .max_labels = TM_LIMITS_DEFAULT_LABELS,
  };
}

const char *tm_limit_get_option(tm_limit_t which)
{
  g_return_val_if_fail(which < TM_LIMIT_COUNT, NULL);
  return tm_limit_info[which].option;
}

const char *tm_limit_get_env(tm_limit_t which)
{
  g_return_val_if_fail(which < TM_LIMIT_COUNT, NULL);
  return tm_limit_info[which].env;
}

const char *tm_limit_get_hint(tm_limit_t which)
{
  g_return_val_if_fail(which < TM_LIMIT_COUNT, NULL);
  return tm_limit_info[which].hint;
}

/* "512M" -> 512 << 20; FALSE on overflow or an unknown suffix. */
static gboolean tm_limits_parse_size(const char *text, guint64 *out)
{
  static const char units[] = "KMGT";
  gsize len = strlen(text);
  guint shift = 0;
  const char *unit = len > 1 ? strchr(units, g_ascii_toupper(text[len - 1])) : NULL;
  if (unit && *unit)
    shift = 10 * (guint)(unit - units + 1);
  char *digits = g_strndup(text, shift ? len - 1 : len);
  guint64 v = 0;
  gboolean ok = g_ascii_string_to_unsigned(digits, 10, 0, G_MAXUINT64 >> shift, &v, NULL);
  g_free(digits);
  if (ok)
    *out = v << shift;
  return ok;
}

static void tm_limits_store(tm_limits_t *limits, tm_limit_t which, guint64 v)
{
  switch (which) {
  case TM_LIMIT_IMAGE_SIDE: limits->max_image_side = (guint)v; break;
  case TM_LIMIT_IMAGE_PIXELS: limits->max_image_pixels = v; break;
  case TM_LIMIT_FEATURES: limits->max_features = (guint)v; break;
  case TM_LIMIT_VERTICES: limits->max_vertices = (guint)v; break;
  case TM_LIMIT_LABELS: limits->max_labels = (guint)v; break;
  case TM_LIMIT_MEMORY: limits->max_memory = v; break;
  case TM_LIMIT_COUNT: g_assert_not_reached();
  }
}

gboolean tm_limits_parse(tm_limits_t *limits, tm_limit_t which, const char *text,
                         const char *origin, GError **error)
{
  g_return_val_if_fail(limits && which < TM_LIMIT_COUNT && text && origin, FALSE);
  const tm_limit_info_t *info = &tm_limit_info[which];
  guint64 v = 0;
  gboolean ok = which == TM_LIMIT_MEMORY
                    ? tm_limits_parse_size(text, &v)
                    : g_ascii_string_to_unsigned(text, 10, info->min, info->max, &v, NULL);
  if (ok) {
    tm_limits_store(limits, which, v);
    return TRUE;
  }
  /* "--max-labels x" for an option, "TERRIMAP_MAX_LABELS=x" for a variable. */
  const char *sep = origin[0] == '-' ? " " : "=";
  if (which == TM_LIMIT_MEMORY)
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "%s%s%s: expected a size in bytes, optionally followed by K, M, G or T "
                "(e.g. 512M; 0: %s)",
                origin, sep, text, info->zero);
  else if (info->zero)
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "%s%s%s: expected a whole number from 0 to %" G_GUINT64_FORMAT " (0: %s)", origin,
                sep, text, info->max, info->zero);
  else
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "%s%s%s: expected a whole number from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT,
                origin, sep, text, info->min, info->max);
  return FALSE;
}

gboolean tm_limits_apply_env(tm_limits_t *limits, GError **error)
{
  for (int i = 0; i < TM_LIMIT_COUNT; i++) {
    const char *value = g_getenv(tm_limit_info[i].env);
    if (value && *value &&
        !tm_limits_parse(limits, (tm_limit_t)i, value, tm_limit_info[i].env, error))
      return FALSE;
  }
  return TRUE;
}

/* Written once by the command line before any thread starts, read after. */
static tm_limits_t tm_limits_current;
static gsize tm_limits_ready;

const tm_limits_t *tm_limits_get(void)
{
  if (g_once_init_enter(&tm_limits_ready)) {
    tm_limits_init(&tm_limits_current);
    g_once_init_leave(&tm_limits_ready, 1);
  }
  return &tm_limits_current;
}

void tm_limits_set(const tm_limits_t *limits)
{
  g_return_if_fail(limits != NULL);
  tm_limits_get();
  tm_limits_current = *limits;
}

guint64 tm_limits_layer_bytes(guint64 n_features, guint64 n_vertices, guint64 attribute_bytes)
{
  /* Counts come from file headers: saturate rather than wrap. */
  guint64 f = n_features > G_MAXUINT64 / 4 / TM_LIMITS_BYTES_PER_FEATURE
                  ? G_MAXUINT64 / 4
                  : n_features * TM_LIMITS_BYTES_PER_FEATURE;
  guint64 v = n_vertices > G_MAXUINT64 / 4 / TM_LIMITS_BYTES_PER_VERTEX
                  ? G_MAXUINT64 / 4
                  : n_vertices * TM_LIMITS_BYTES_PER_VERTEX;
  return f + v + MIN(attribute_bytes, G_MAXUINT64 / 4);
}

guint64 tm_limits_table_bytes(guint64 text_bytes, guint64 n_lines)
{
  guint64 text = MIN(text_bytes, G_MAXUINT64 / 8);
  guint64 lines = n_lines > G_MAXUINT64 / 4 / TM_LIMITS_BYTES_PER_TABLE_LINE
                      ? G_MAXUINT64 / 4
                      : n_lines * TM_LIMITS_BYTES_PER_TABLE_LINE;
  return 2 * text + lines;
}

char *tm_limits_format_size(guint64 bytes)
{
  char *text = g_format_size_full(bytes, G_FORMAT_SIZE_IEC_UNITS);
  char **parts = g_strsplit(text, "\xc2\xa0", -1); /* GLib puts a no-break space, U+00A0 */
  char *plain = g_strjoinv(" ", parts);
  g_strfreev(parts);
  g_free(text);
  return plain;
}

/* MemAvailable from /proc/meminfo in bytes, or G_MAXUINT64 when unknown. */
static guint64 tm_limits_mem_available(void)
{
  char *text = NULL;
  guint64 bytes = G_MAXUINT64;
  if (!g_file_get_contents("/proc/meminfo", &text, NULL, NULL))
    return bytes;
  const char *line = strstr(text, "MemAvailable:");
  if (line) {
    char *end = NULL;
    guint64 kib = g_ascii_strtoull(line + strlen("MemAvailable:"), &end, 10);
    if (end && end != line + strlen("MemAvailable:") && kib < G_MAXUINT64 / 1024)
      bytes = kib * 1024;
  }
  g_free(text);
  return bytes;
}

/* What RLIMIT_AS leaves of the address space (VmSize from /proc/self/statm
 * counts against it), or G_MAXUINT64 when unlimited or unknown. */
static guint64 tm_limits_address_space_left(void)
{
  struct rlimit rl;
  if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
    return G_MAXUINT64;
  char *text = NULL;
  guint64 used = 0;
  if (g_file_get_contents("/proc/self/statm", &text, NULL, NULL))
    used = g_ascii_strtoull(text, NULL, 10) * (guint64)sysconf(_SC_PAGESIZE);
  g_free(text);
  return (guint64)rl.rlim_cur > used ? (guint64)rl.rlim_cur - used : 0;
}

guint64 tm_limits_get_memory_budget(const tm_limits_t *limits, const char **source)
{
  const char *unused;
  if (!source)
    source = &unused;
  if (limits->max_memory) {
    *source = "the --max-memory / TERRIMAP_MAX_MEMORY budget";
    return limits->max_memory;
  }
  guint64 available = tm_limits_mem_available(), left = tm_limits_address_space_left();
  if (left < available) {
    *source = "what RLIMIT_AS (ulimit -v) leaves of the address space";
    return left;
  }
  *source = "MemAvailable in /proc/meminfo";
  return available;
}

gboolean tm_limits_check_memory(guint64 need, const char *what, GError **error)
{
  const char *source = NULL;
  guint64 budget = tm_limits_get_memory_budget(tm_limits_get(), &source);
  if (need <= budget)
    return TRUE;
  char *need_text = tm_limits_format_size(need);
  char *budget_text = tm_limits_format_size(budget);
  g_set_error(error, TM_ERROR, TM_ERROR_LIMIT, "%s need about %s of memory, more than the %s of %s (%s)",
              what, need_text, budget_text, source, tm_limit_get_hint(TM_LIMIT_MEMORY));
  g_free(need_text);
  g_free(budget_text);
  return FALSE;
}
