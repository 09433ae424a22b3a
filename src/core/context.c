/* The per-thread context: log callback, warning count and the slots where
 * the project stage keeps its PROJ context and GEOS handle. */
#include <stdarg.h>
#include <stdio.h>
#include "terrimap/core.h"

struct tm_context {
  tm_log_func_t log_func;
  void *log_data;
  guint n_warnings;
  void *slot[TM_SLOT_COUNT];
  GDestroyNotify slot_destroy[TM_SLOT_COUNT];
};

G_DEFINE_QUARK(terrimap-error-quark, tm_error)

static void tm_log_to_stderr(const char *message, void *user_data)
{
  fprintf(stderr, "terrimap: warning: %s\n", message);
}

tm_context_t *tm_context_new(void)
{
  tm_context_t *ctx = g_new0(tm_context_t, 1);
  ctx->log_func = tm_log_to_stderr;
  return ctx;
}

void tm_context_free(tm_context_t *ctx)
{
  if (!ctx)
    return;
  for (int i = 0; i < TM_SLOT_COUNT; i++)
    if (ctx->slot[i] && ctx->slot_destroy[i])
      ctx->slot_destroy[i](ctx->slot[i]);
  g_free(ctx);
}

void tm_context_set_log_func(tm_context_t *ctx, tm_log_func_t func, void *user_data)
{
  ctx->log_func = func ? func : tm_log_to_stderr;
  ctx->log_data = user_data;
}

void tm_warn(tm_context_t *ctx, const char *format, ...)
{
  va_list ap;
  va_start(ap, format);
  char *message = g_strdup_vprintf(format, ap);
  va_end(ap);
  ctx->n_warnings++;
  ctx->log_func(message, ctx->log_data);
  g_free(message);
}

guint tm_context_get_warning_count(const tm_context_t *ctx)
{
  return ctx->n_warnings;
}

void *tm_context_get_slot(const tm_context_t *ctx, tm_slot_t slot)
{
  g_return_val_if_fail(slot < TM_SLOT_COUNT, NULL);
  return ctx->slot[slot];
}

void tm_context_set_slot(tm_context_t *ctx, tm_slot_t slot, void *value, GDestroyNotify destroy)
{
  g_return_if_fail(slot < TM_SLOT_COUNT);
  if (ctx->slot[slot] && ctx->slot_destroy[slot])
    ctx->slot_destroy[slot](ctx->slot[slot]);
  ctx->slot[slot] = value;
  ctx->slot_destroy[slot] = destroy;
}
