/* The legend: a title, then one swatch and label per class (with its
 * feature count when the style asks).  When there are more classes than fit
 * in the height given, the last line says how many are not listed. */
#include <string.h>
#include "layout_private.h"

typedef struct {
  char *text;
  const tm_class_t *cls; /* NULL for the "and N more" line */
  GArray *stripes;       /* tm_rgba_t: a summary swatch of several fills, or NULL */
} tm_legend_row_t;

struct tm_legend {
  const tm_style_t *style;
  tm_font_t title_font, font;
  char **title_lines;
  GArray *rows; /* tm_legend_row_t */
  double pad, swatch_w, swatch_h, gap, row_h, title_h, w, h;
  guint n_columns, rows_per_column;
  double column_w;
};

static char *tm_legend_label(const tm_style_t *style, const tm_class_t *cls)
{
  if (style->legend_counts) {
    char *n = tm_number_format(cls->count, 0, style->french_numbers);
    char *label = g_strdup_printf("%s (%s)", cls->label ? cls->label : "", n);
    g_free(n);
    return label;
  }
  return g_strdup(cls->label ? cls->label : "");
}

static double tm_legend_row_width(const tm_legend_t *lg, const tm_legend_row_t *row)
{
  return tm_text_measure(&lg->font, row->text).width + (row->cls ? lg->swatch_w + lg->gap : 0);
}

/* With neighbour-aware colours a colour means nothing by itself: one line
 * for all categories (a swatch of the colours used and their number), then
 * the no-data class. */
static void tm_legend_add_summary(tm_legend_t *lg, const tm_symbology_t *sym)
{
  const tm_style_t *style = lg->style;
  tm_legend_row_t summary = {NULL, NULL, g_array_new(FALSE, FALSE, sizeof(tm_rgba_t))};
  guint n = 0;
  for (guint i = 0; i < sym->n_classes; i++) {
    const tm_class_t *c = &sym->classes[i];
    if (c->no_data || c->count == 0)
      continue;
    n++;
    summary.cls = summary.cls ? summary.cls : c;
    gboolean seen = FALSE;
    for (guint k = 0; k < summary.stripes->len; k++)
      seen = seen || !memcmp(&g_array_index(summary.stripes, tm_rgba_t, k), &c->fill,
                             sizeof(tm_rgba_t));
    if (!seen)
      g_array_append_val(summary.stripes, c->fill);
  }
  if (n > 0) {
    char *count = tm_number_format(n, 0, style->french_numbers);
    summary.text = g_strdup_printf("%s (%s)", style->member_label ? style->member_label : "", count);
    g_free(count);
    g_array_append_val(lg->rows, summary);
  } else {
    g_array_free(summary.stripes, TRUE);
  }
  for (guint i = 0; i < sym->n_classes; i++)
    if (sym->classes[i].no_data && sym->classes[i].count > 0) {
      tm_legend_row_t row = {tm_legend_label(style, &sym->classes[i]), &sym->classes[i], NULL};
      g_array_append_val(lg->rows, row);
    }
}

tm_legend_t *tm_legend_new(const tm_layout_input_t *in, double max_height, double max_width)
{
  const tm_style_t *style = in->style;
  const tm_symbology_t *sym = in->symbology;
  tm_legend_t *lg = g_new0(tm_legend_t, 1);
  lg->style = style;
  lg->title_font = tm_layout_font(style, &style->legend_title_text);
  lg->font = tm_layout_font(style, &style->legend_text);
  lg->pad = tm_pt(style, 6);
  lg->swatch_w = tm_pt(style, 16);
  lg->swatch_h = tm_pt(style, 10);
  lg->gap = tm_pt(style, 5);
  lg->row_h = MAX(tm_layout_line_height(&lg->font), lg->swatch_h) + tm_pt(style, 3);
  lg->title_lines = tm_layout_wrap(&lg->title_font, style->legend_title, MAX(max_width, 1));
  guint n_title = g_strv_length(lg->title_lines);
  lg->title_h = n_title ? n_title * tm_layout_line_height(&lg->title_font) + tm_pt(style, 4) : 0;
  lg->rows = g_array_new(FALSE, FALSE, sizeof(tm_legend_row_t));
  double col_gap = tm_pt(style, 12);

  /* Rows per column from the height, columns from the width; classes that
   * still do not fit are summed up on a last line. */
  guint per_col = (guint)MAX(2.0, (max_height - 2 * lg->pad - lg->title_h) / lg->row_h);
  if (in->summarise_categories && g_strcmp0(sym->kind, "category") == 0) {
    tm_legend_add_summary(lg, sym);
    goto sized;
  }

  /* A category no feature of the map has (a territory outside a regional
   * map's extent) is not worth a line. */
  GArray *visible = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint i = 0; i < sym->n_classes; i++)
    if (sym->classes[i].count > 0 || g_strcmp0(sym->kind, "category") != 0)
      g_array_append_val(visible, i);
  guint n_visible = visible->len;
  double widest = 0;
  for (guint v = 0; v < n_visible; v++) {
    const tm_class_t *cls = &sym->classes[g_array_index(visible, guint, v)];
    char *label = tm_legend_label(style, cls);
    tm_legend_row_t row = {label, cls, NULL};
    widest = MAX(widest, tm_legend_row_width(lg, &row));
    g_free(label);
  }
  guint max_cols = (guint)MAX(1.0, (max_width - 2 * lg->pad + col_gap) / (widest + col_gap));
  double label_max = G_MAXDOUBLE;
  if (n_visible > per_col * max_cols) {
    /* Too many classes for full-width labels: up to four narrower columns,
     * long labels shortened (the metadata keeps every label whole). */
    max_cols = MIN(4, (n_visible + per_col - 1) / per_col);
    double col_w = (max_width - 2 * lg->pad + col_gap) / max_cols - col_gap;
    label_max = col_w - lg->swatch_w - lg->gap;
  }
  guint capacity = per_col * max_cols;
  guint shown = n_visible <= capacity ? n_visible : capacity - 1;
  for (guint v = 0; v < shown; v++) {
    const tm_class_t *cls = &sym->classes[g_array_index(visible, guint, v)];
    char *label = tm_legend_label(style, cls);
    tm_legend_row_t row = {tm_layout_ellipsize(&lg->font, label, label_max), cls, NULL};
    g_free(label);
    g_array_append_val(lg->rows, row);
  }
  if (shown < n_visible) {
    tm_legend_row_t row = {g_strdup_printf("… et %u autres", n_visible - shown), NULL, NULL};
    g_array_append_val(lg->rows, row);
  }
  g_array_free(visible, TRUE);
sized:
  lg->n_columns = (lg->rows->len + per_col - 1) / per_col;
  if (lg->n_columns == 0)
    lg->n_columns = 1;
  lg->rows_per_column = (lg->rows->len + lg->n_columns - 1) / lg->n_columns;
  lg->column_w = 0;
  for (guint i = 0; i < lg->rows->len; i++)
    lg->column_w = MAX(lg->column_w,
                       tm_legend_row_width(lg, &g_array_index(lg->rows, tm_legend_row_t, i)));
  double title_w = 0;
  for (char **t = lg->title_lines; *t; t++)
    title_w = MAX(title_w, tm_text_measure(&lg->title_font, *t).width);
  double columns_w = lg->n_columns * lg->column_w + (lg->n_columns - 1) * col_gap;
  lg->w = MAX(title_w, columns_w) + 2 * lg->pad;
  lg->h = 2 * lg->pad + lg->title_h + lg->rows_per_column * lg->row_h;
  return lg;
}

double tm_legend_get_padding(const tm_legend_t *lg)
{
  return lg->pad;
}

void tm_legend_get_size(const tm_legend_t *lg, double *w, double *h)
{
  *w = lg->w;
  *h = lg->h;
}

void tm_legend_draw(const tm_legend_t *lg, tm_drawing_t *d, double x, double y)
{
  const tm_style_t *style = lg->style;
  tm_drawing_begin_group(d, "legend", "legend", NULL);
  tm_paint_t bg = {.fill_on = TRUE, .fill = {1, 1, 1, 0.85}};
  tm_drawing_add_rect(d, x, y, lg->w, lg->h, &bg, NULL);
  double cy = y + lg->pad;
  for (char **t = lg->title_lines; *t; t++) {
    tm_text_metrics_t m = tm_text_measure(&lg->title_font, *t);
    tm_drawing_add_text(d, *t, &lg->title_font, x + lg->pad, cy + m.ascent, "legend-title");
    cy += tm_layout_line_height(&lg->title_font);
  }
  if (lg->title_h > 0)
    cy += tm_pt(style, 4);
  tm_text_metrics_t m = tm_text_measure(&lg->font, "ÉÎg");
  double top = cy, col_gap = tm_pt(style, 12);
  for (guint i = 0; i < lg->rows->len; i++) {
    const tm_legend_row_t *row = &g_array_index(lg->rows, tm_legend_row_t, i);
    guint col = i / lg->rows_per_column;
    if (i % lg->rows_per_column == 0)
      cy = top;
    double tx = x + lg->pad + col * (lg->column_w + col_gap);
    double baseline = cy + (lg->row_h + m.ascent - m.descent) / 2;
    if (row->cls) {
      double sy = cy + (lg->row_h - lg->swatch_h) / 2;
      guint n = row->stripes ? row->stripes->len : 0;
      for (guint k = 0; k < n; k++) {
        tm_paint_t stripe = {.fill_on = TRUE, .fill = g_array_index(row->stripes, tm_rgba_t, k)};
        tm_drawing_add_rect(d, tx + k * lg->swatch_w / n, sy, lg->swatch_w / n, lg->swatch_h,
                            &stripe, "legend-swatch");
      }
      tm_paint_t sw = {.fill_on = n == 0, .fill = row->cls->fill, .stroke_on = TRUE,
                       .stroke = {0.55, 0.55, 0.55, 1}, .stroke_width = tm_pt(style, 0.4)};
      tm_drawing_add_rect(d, tx, sy, lg->swatch_w, lg->swatch_h, &sw, "legend-swatch");
      tx += lg->swatch_w + lg->gap;
    }
    tm_drawing_add_text(d, row->text, &lg->font, tx, baseline, "legend-label");
    cy += lg->row_h;
  }
  tm_drawing_end_group(d);
}

void tm_legend_free(tm_legend_t *lg)
{
  if (!lg)
    return;
  for (guint i = 0; i < lg->rows->len; i++)
  {
    tm_legend_row_t *row = &g_array_index(lg->rows, tm_legend_row_t, i);
    g_free(row->text);
    if (row->stripes)
      g_array_free(row->stripes, TRUE);
  }
  g_array_free(lg->rows, TRUE);
  g_strfreev(lg->title_lines);
  g_free(lg);
}
