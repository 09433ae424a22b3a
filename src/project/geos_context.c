/* The GEOS handle of a context.  Created on first use so that runs that
 * never dissolve or label pay nothing; its message handlers write into the
 * per-context tm_geos_t, never into shared state, so contexts on different
 * threads stay independent. */
#define TM_GEOS_INTERNAL
#include "geos_private.h"

static void tm_geos_on_error(const char *message, void *userdata)
{
  tm_geos_t *g = userdata;
  g_strlcpy(g->last_error, message ? message : "", sizeof g->last_error);
}

static void tm_geos_on_notice(const char *message, void *userdata)
{
  tm_geos_t *g = userdata;
  g_strlcpy(g->last_notice, message ? message : "", sizeof g->last_notice);
}

void tm_geos_free(tm_geos_t *g)
{
  if (!g)
    return;
  if (g->handle)
    GEOS_finish_r(g->handle);
  g_free(g);
}

tm_geos_t *tm_geos_new(void)
{
  tm_geos_t *g = g_new0(tm_geos_t, 1);
  g->handle = GEOS_init_r();
  if (!g->handle)
    g_error("terrimap: GEOS_init_r failed (out of memory)");
  GEOSContext_setErrorMessageHandler_r(g->handle, tm_geos_on_error, g);
  GEOSContext_setNoticeMessageHandler_r(g->handle, tm_geos_on_notice, g);
  return g;
}

tm_geos_t *tm_geos_get(tm_context_t *ctx)
{
  tm_geos_t *g = tm_context_get_slot(ctx, TM_SLOT_GEOS);
  if (!g) {
    g = tm_geos_new();
    tm_context_set_slot(ctx, TM_SLOT_GEOS, g, (GDestroyNotify)tm_geos_free);
  }
  return g;
}

void tm_geos_clear_error(tm_geos_t *g)
{
  g->last_error[0] = '\0';
}

void tm_geos_set_error(tm_geos_t *g, GError **error, const char *what)
{
  g_set_error(error, TM_ERROR, TM_ERROR_FORMAT, "%s: GEOS: %s", what,
              g->last_error[0] ? g->last_error : "unknown error");
}
