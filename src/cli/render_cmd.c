/* terrimap render: layer + table + style -> map files. */
#include "render.h"


int tm_cmd_render(int argc, char **argv)
{
  tm_render_args_t a = {0};
  GError *error = NULL;
  if (!tm_render_args_parse(&argc, &argv, &a, &error)) {
    tm_render_args_clear(&a);
    return tm_cli_fail(error, TM_EXIT_USAGE);
  }
  tm_render_run_t r = {0};
  r.ctx = tm_context_new();
  char *style_path = tm_render_style_path(a.style);
  r.style = tm_style_load(style_path, &error);
  g_free(style_path);
  int status = TM_EXIT_OK;
  if (!r.style)
    status = tm_cli_fail(error, TM_EXIT_ERROR);
  else if (!tm_render_args_apply(&a, r.style, &error))
    status = tm_cli_fail(error, TM_EXIT_USAGE);
  else if (!tm_render_run(&r, &a, &error))
    status = tm_cli_fail(error, TM_EXIT_ERROR);
  tm_render_run_clear(&r);
  tm_render_args_clear(&a);
  return status;
}
