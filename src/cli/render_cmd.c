/* terrimap render: layer + table + style -> map files. */
#include <stdio.h>
#include "render.h"


static void tm_render_report(const tm_render_item_t *item, const tm_render_args_t *a)
{
  const tm_drawing_t *d = item->map->drawing;
  for (char **o = a->outputs; *o; o++)
    printf("wrote %s (%.0f x %.0f px, %g dpi)\n", *o, d->width, d->height, d->dpi);
  if (a->metadata)
    printf("wrote %s\n", a->metadata);
  if (item->map->n_dropped_labels)
    fprintf(stderr, "labels: %u placed, %u dropped (no room without overlap)\n",
            item->map->n_labels, item->map->n_dropped_labels);
}

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
  /* Before --extent replaces it: the style's title names this one. */
  char *style_extent = r.style ? g_strdup(r.style->extent) : NULL;
  if (!r.style)
    status = tm_cli_fail(error, TM_EXIT_ERROR);
  else if (!tm_render_args_apply(&a, r.style, &error))
    status = tm_cli_fail(error, TM_EXIT_USAGE);
  else if (!tm_render_prepare(&r, &a, FALSE, &error))
    status = tm_cli_fail(error, TM_EXIT_ERROR);
  if (status == TM_EXIT_OK) {
    /* What the layout frees (its tables, the frames' points) is not
     * trimmed: the output's buffers reuse it, and the peak is behind. */
    tm_render_item_t item = {.extent = g_strdup(r.style->extent), .last_map = TRUE};
    tm_render_item_name(&r, &item, style_extent, a.title, a.subtitle);
    gboolean built = tm_render_item_build(r.ctx, &r, &item, &error);
    if (!built || !tm_render_item_write(&r, &item, a.outputs, a.metadata, &error))
      status = tm_cli_fail(error, TM_EXIT_ERROR);
    else if (!a.quiet)
      tm_render_report(&item, &a);
    tm_render_item_clear(&item);
  }
  g_free(style_extent);
  tm_render_run_clear(&r);
  tm_render_args_clear(&a);
  return status;
}
