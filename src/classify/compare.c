/* Two periods of one programme: each feature is kept, entering, leaving or
 * never a member, from whether the current and the previous membership
 * lists join it. */
#include "classify_private.h"

enum { TM_KEPT, TM_ENTERING, TM_LEAVING, TM_NEVER };

static gboolean joined(const tm_join_t *join, guint i)
{
  return i < join->layer_features && join->feature_row[i] >= 0;
}

static void set_class(tm_class_t *c, const char *label, tm_rgba_t fill)
{
  c->label = g_strdup(label ? label : "");
  c->fill = fill;
}

tm_symbology_t *tm_classify_compare(const tm_join_t *current, const tm_join_t *previous,
                                    const tm_style_t *style)
{
  g_return_val_if_fail(current != NULL && previous != NULL && style != NULL, NULL);
  /* Both joins are made on the same layer; should they differ, a feature
   * missing from one is simply not in that list. */
  guint n = current->layer_features;
  tm_symbology_t *sym = tm_symbology_new("compare", 4, n);
  set_class(&sym->classes[TM_KEPT], style->kept_label, style->kept_fill);
  set_class(&sym->classes[TM_ENTERING], style->entering_label, style->entering_fill);
  set_class(&sym->classes[TM_LEAVING], style->leaving_label, style->leaving_fill);
  set_class(&sym->classes[TM_NEVER], style->never_label, style->never_fill);
  for (guint i = 0; i < n; i++) {
    gboolean now = joined(current, i), before = joined(previous, i);
    gint k = now ? (before ? TM_KEPT : TM_ENTERING) : (before ? TM_LEAVING : TM_NEVER);
    sym->feature_class[i] = k;
    sym->classes[k].count++;
  }
  return sym;
}
