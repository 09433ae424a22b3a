/* Shared between the files of the project stage only. */
#ifndef TM_PROJECT_PRIVATE_H
#define TM_PROJECT_PRIVATE_H

#include <proj.h>
#include "terrimap/project.h"

/* The context's PROJ context, created on first use. */
PJ_CONTEXT *tm_proj_context(tm_context_t *ctx);
/* A PROJ context of one's own (a worker thread's), silent. */
PJ_CONTEXT *tm_proj_context_new(void);

/* A CRS object from a definition; TM_ERROR_CRS naming `what` on failure. */
PJ *tm_proj_crs_new(tm_context_t *ctx, const char *definition, const char *what, GError **error);

/* A transformation between two CRS objects with x = easting/longitude on
 * both sides. */
PJ *tm_proj_transform_new(tm_context_t *ctx, PJ *from, PJ *to, const char *what, GError **error);

/* The same two in a given PROJ context. */
PJ *tm_proj_crs_new_in(PJ_CONTEXT *pc, const char *definition, const char *what, GError **error);
PJ *tm_proj_transform_new_in(PJ_CONTEXT *pc, PJ *from, PJ *to, const char *what, GError **error);

#endif
