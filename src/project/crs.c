/* CRS parsing and transformations: thin wrappers that turn PROJ's error
 * numbers into messages naming the file the CRS came from. */
#include <string.h>
#include "project_private.h"

static void tm_proj_context_destroy(void *p)
{
  proj_context_destroy(p);
}

PJ_CONTEXT *tm_proj_context_new(void)
{
  PJ_CONTEXT *pc = proj_context_create();
  /* PROJ logs to stderr by default; terrimap reports errors itself. */
  proj_log_level(pc, PJ_LOG_NONE);
  return pc;
}

PJ_CONTEXT *tm_proj_context(tm_context_t *ctx)
{
  PJ_CONTEXT *pc = tm_context_get_slot(ctx, TM_SLOT_PROJ);
  if (!pc) {
    pc = tm_proj_context_new();
    tm_context_set_slot(ctx, TM_SLOT_PROJ, pc, tm_proj_context_destroy);
  }
  return pc;
}

void tm_proj_context_adopt(tm_context_t *ctx, PJ_CONTEXT *pc)
{
  if (tm_context_get_slot(ctx, TM_SLOT_PROJ))
    proj_context_destroy(pc);
  else
    tm_context_set_slot(ctx, TM_SLOT_PROJ, pc, tm_proj_context_destroy);
}

PJ *tm_proj_crs_new(tm_context_t *ctx, const char *definition, const char *what, GError **error)
{
  return tm_proj_crs_new_in(tm_proj_context(ctx), definition, what, error);
}

PJ *tm_proj_crs_new_in(PJ_CONTEXT *pc, const char *definition, const char *what, GError **error)
{
  PJ *crs = definition && *definition ? proj_create(pc, definition) : NULL;
  if (!crs || !proj_is_crs(crs)) {
    int err = proj_context_errno(pc);
    char *shown = g_strndup(definition ? definition : "", 80);
    g_set_error(error, TM_ERROR, TM_ERROR_CRS,
                "%s: unknown or unusable CRS '%s%s'%s%s (expected WKT, an EPSG code such as "
                "EPSG:2154, or a PROJ string)",
                what, shown, definition && strlen(definition) > 80 ? "…" : "",
                err ? ": " : "", err ? proj_context_errno_string(pc, err) : "");
    g_free(shown);
    proj_destroy(crs);
    return NULL;
  }
  return crs;
}

/* The best operation between two CRS, chosen without intermediate CRS and
 * without operations whose grids are missing: the same operation
 * proj_create_crs_to_crs would pick for France and its DROM, found in a few
 * milliseconds instead of half a second of database queries. */
static PJ *tm_proj_first_operation(PJ_CONTEXT *pc, PJ *from, PJ *to)
{
  PJ_OPERATION_FACTORY_CONTEXT *fc = proj_create_operation_factory_context(pc, NULL);
  if (!fc)
    return NULL;
  proj_operation_factory_context_set_allow_use_intermediate_crs(pc, fc,
                                                                PROJ_INTERMEDIATE_CRS_USE_NEVER);
  proj_operation_factory_context_set_grid_availability_use(
      pc, fc, PROJ_GRID_AVAILABILITY_DISCARD_OPERATION_IF_MISSING_GRID);
  PJ_OBJ_LIST *ops = proj_create_operations(pc, from, to, fc);
  PJ *op = ops && proj_list_get_count(ops) > 0 ? proj_list_get(pc, ops, 0) : NULL;
  proj_list_destroy(ops);
  proj_operation_factory_context_destroy(fc);
  return op;
}

PJ *tm_proj_transform_new(tm_context_t *ctx, PJ *from, PJ *to, const char *what, GError **error)
{
  return tm_proj_transform_new_in(tm_proj_context(ctx), from, to, what, error);
}

PJ *tm_proj_transform_new_in(PJ_CONTEXT *pc, PJ *from, PJ *to, const char *what, GError **error)
{
  PJ *raw = tm_proj_first_operation(pc, from, to);
  if (!raw) /* none without intermediates: let PROJ search them all */
    raw = proj_create_crs_to_crs_from_pj(pc, from, to, NULL, NULL);
  PJ *norm = raw ? proj_normalize_for_visualization(pc, raw) : NULL;
  proj_destroy(raw);
  if (!norm) {
    int err = proj_context_errno(pc);
    g_set_error(error, TM_ERROR, TM_ERROR_CRS, "%s: no transformation from %s to %s%s%s", what,
                proj_get_name(from), proj_get_name(to), err ? ": " : "",
                err ? proj_context_errno_string(pc, err) : "");
    return NULL;
  }
  return norm;
}

gboolean tm_crs_check(tm_context_t *ctx, const char *definition, const char *what, GError **error)
{
  PJ *crs = tm_proj_crs_new(ctx, definition, what, error);
  proj_destroy(crs);
  return crs != NULL;
}

char *tm_crs_describe(tm_context_t *ctx, const char *definition, const char *what, GError **error)
{
  PJ *crs = tm_proj_crs_new(ctx, definition, what, error);
  if (!crs)
    return NULL;
  PJ_CONTEXT *pc = tm_proj_context(ctx);
  char *code = NULL;
  const char *auth = proj_get_id_auth_name(crs, 0);
  if (auth) {
    code = g_strdup_printf("%s:%s", auth, proj_get_id_code(crs, 0));
  } else {
    /* An ESRI .prj carries no code: ask PROJ which EPSG CRS it matches. */
    int *confidence = NULL;
    PJ_OBJ_LIST *list = proj_identify(pc, crs, "EPSG", NULL, &confidence);
    if (list && proj_list_get_count(list) > 0 && confidence[0] >= 70) {
      PJ *best = proj_list_get(pc, list, 0);
      code = g_strdup_printf("EPSG:%s", proj_get_id_code(best, 0));
      proj_destroy(best);
    }
    proj_int_list_destroy(confidence);
    proj_list_destroy(list);
  }
  char *text = code ? g_strdup_printf("%s (%s)", proj_get_name(crs), code)
                    : g_strdup(proj_get_name(crs));
  g_free(code);
  proj_destroy(crs);
  return text;
}
