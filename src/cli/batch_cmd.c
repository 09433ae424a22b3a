/* terrimap batch: an atlas in one command. */
#include <errno.h>
#include <stdio.h>
#include <glib/gstdio.h>
#include "batch.h"

int tm_cmd_batch(int argc, char **argv)
{
  tm_batch_args_t a = {0};
  GError *error = NULL;
  if (!tm_batch_args_parse(&argc, &argv, &a, &error)) {
    tm_batch_args_clear(&a);
    return tm_cli_fail(error, TM_EXIT_USAGE);
  }
  tm_render_run_t r = {0};
  r.ctx = tm_context_new();
  char *style_path = tm_render_style_path(a.map.style);
  r.style = tm_style_load(style_path, &error);
  g_free(style_path);
  int status = TM_EXIT_OK;
  GPtrArray *items = NULL;
  if (!r.style)
    status = tm_cli_fail(error, TM_EXIT_ERROR);
  else if (!tm_render_args_apply(&a.map, r.style, &error))
    status = tm_cli_fail(error, TM_EXIT_USAGE);
  else if (g_mkdir_with_parents(a.out_dir, 0777) != 0) {
    g_set_error(&error, TM_ERROR, TM_ERROR_IO, "%s: cannot create directory (%s)", a.out_dir,
                g_strerror(errno));
    status = tm_cli_fail(error, TM_EXIT_ERROR);
  } else {
    /* A batch's items carry their own extent; the style's is not used. */
    tm_style_set_string(&r.style->extent, NULL);
    gboolean admin = a.each && (g_str_equal(a.each, "region") || g_str_equal(a.each, "departement"));
    if (!tm_render_prepare(&r, &a.map, admin || a.manifest, &error) ||
        !(items = tm_batch_items_new(&r, &a, &error)))
      status = tm_cli_fail(error, TM_EXIT_ERROR);
  }
  if (items) {
    guint failed = tm_batch_run_items(&r, &a, items);
    if (!tm_batch_write_index(&r, &a, items, &error))
      status = tm_cli_fail(error, TM_EXIT_ERROR);
    else if (failed)
      status = TM_EXIT_ERROR;
    g_ptr_array_free(items, TRUE);
  }
  tm_render_run_clear(&r);
  tm_batch_args_clear(&a);
  return status;
}
