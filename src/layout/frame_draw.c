/* One map frame, bottom to top: the classified features (context colours
 * outside the focus), the overlays (département and région borders...),
 * the outlines of the dissolved territories. */
#include "layout_private.h"

/* Classes with at least one feature in the focus (all when no focus). */
gboolean *tm_page_focused_classes(const tm_layout_input_t *in)
{
  const tm_symbology_t *sym = in->symbology;
  gboolean *on = g_new0(gboolean, sym->n_classes);
  for (guint f = 0; f < sym->n_features; f++) {
    gint c = sym->feature_class[f];
    if (c >= 0 && (!in->focus || in->focus->in_focus[f]))
      on[c] = TRUE;
  }
  return on;
}

static void tm_page_draw_overlays(tm_page_t *pg, const tm_frame_t *frame,
                                  const tm_placed_frame_t *placed)
{
  const tm_layout_input_t *in = pg->in;
  for (guint i = 0; i < in->n_overlays; i++) {
    const tm_layout_overlay_t *o = &in->overlays[i];
    const tm_frame_t *of = tm_projection_get_frame(o->projection, frame->name);
    if (!of)
      continue;
    tm_paint_t paint = {.fill_on = o->spec->fill.a > 0, .fill = o->spec->fill,
                        .stroke_on = o->spec->stroke_width_pt > 0, .stroke = o->spec->stroke,
                        .stroke_width = tm_pt(pg->style, o->spec->stroke_width_pt),
                        .even_odd = TRUE};
    gint key = o->spec->key ? tm_layer_find_field(o->layer, o->spec->key) : -1;
    tm_drawing_begin_group(pg->d, NULL, o->spec->name, NULL);
    tm_layout_draw_lines(pg->d, of, placed, &paint, o->layer, key, NULL, "overlay");
    tm_drawing_end_group(pg->d);
  }
}

static void tm_page_draw_outlines(tm_page_t *pg, const tm_frame_t *frame,
                                  const tm_placed_frame_t *placed)
{
  const tm_layout_input_t *in = pg->in;
  if (!in->territories || !pg->style->outlines)
    return;
  const tm_frame_t *tf = tm_projection_get_frame(in->territories, frame->name);
  if (!tf)
    return;
  /* Outline ids are the category values, so a web page can find a
   * territory's outline from its code. */
  const tm_symbology_t *sym = in->symbology;
  const char **ids = g_new0(const char *, sym->n_classes);
  for (guint c = 0; c < sym->n_classes; c++)
    ids[c] = sym->classes[c].value;
  /* Only the territories of the focus: the context stays quiet. */
  gboolean *on = tm_page_focused_classes(in);
  guint *kept = g_new(guint, MAX(tf->n_features, 1));
  guint n_kept = 0;
  for (guint i = 0; i < tf->n_features; i++)
    if (on[tf->features[i]])
      kept[n_kept++] = i;
  tm_frame_t shown = *tf;
  shown.geom = tm_geom_subset(tf->geom, kept, n_kept);
  shown.n_features = n_kept;
  for (guint i = 0; i < n_kept; i++)
    kept[i] = tf->features[kept[i]];
  shown.features = kept;
  tf = &shown;
  tm_paint_t paint = {.stroke_on = TRUE, .stroke = pg->style->outline_color,
                      .stroke_width = tm_pt(pg->style, pg->style->outline_width_pt)};
  tm_drawing_begin_group(pg->d, NULL, "territories", NULL);
  tm_layout_draw_lines(pg->d, tf, placed, &paint, NULL, -1, ids, "territory");
  tm_drawing_end_group(pg->d);
  g_free(ids);
  g_free(on);
  g_free(kept);
  tm_geom_free(shown.geom);
}

void tm_page_draw_frame(tm_page_t *pg, const tm_frame_t *frame, const tm_placed_frame_t *placed,
                        const char *css_class, gboolean round)
{
  if (round)
    tm_drawing_begin_round_group(pg->d, frame->name, css_class, &placed->clip);
  else
    tm_drawing_begin_group(pg->d, frame->name, css_class, &placed->clip);
  tm_layout_draw_features(pg->d, pg->in, frame, placed);
  tm_page_draw_overlays(pg, frame, placed);
  tm_page_draw_outlines(pg, frame, placed);
  tm_drawing_end_group(pg->d);
}
