/* Symbology: a class per feature and the legend entries, from the join
 * (which features have a row) and, for categories, a table column. */
#include <string.h>

#include "classify_private.h"

tm_symbology_t *tm_symbology_new(const char *kind, guint n_classes, guint n_features)
{
  tm_symbology_t *sym = g_new0(tm_symbology_t, 1);
  sym->kind = g_strdup(kind);
  sym->n_classes = n_classes;
  sym->classes = g_new0(tm_class_t, n_classes);
  sym->n_features = n_features;
  sym->feature_class = g_new0(gint, n_features);
  return sym;
}

void tm_symbology_free(tm_symbology_t *sym)
{
  if (sym == NULL)
    return;
  for (guint i = 0; i < sym->n_classes; i++) {
    g_free(sym->classes[i].label);
    g_free(sym->classes[i].value);
  }
  g_free(sym->classes);
  g_free(sym->feature_class);
  g_free(sym->kind);
  g_free(sym);
}

tm_symbology_t *tm_symbology_copy(const tm_symbology_t *sym)
{
  tm_symbology_t *c = tm_symbology_new(sym->kind, sym->n_classes, sym->n_features);
  for (guint i = 0; i < sym->n_classes; i++) {
    c->classes[i] = sym->classes[i];
    c->classes[i].label = g_strdup(sym->classes[i].label);
    c->classes[i].value = g_strdup(sym->classes[i].value);
  }
  memcpy(c->feature_class, sym->feature_class, sym->n_features * sizeof(gint));
  return c;
}

tm_symbology_t *tm_classify_membership(const tm_join_t *join, const tm_style_t *style)
{
  g_return_val_if_fail(join != NULL && style != NULL, NULL);
  guint n = join->layer_features;
  tm_symbology_t *sym = tm_symbology_new("membership", 2, n);
  sym->classes[0].label = g_strdup(style->member_label ? style->member_label : "");
  sym->classes[0].fill = style->member_fill;
  sym->classes[1].label = g_strdup(style->other_label ? style->other_label : "");
  sym->classes[1].fill = style->other_fill;
  for (guint i = 0; i < n; i++) {
    gint c = join->feature_row[i] >= 0 ? 0 : 1;
    sym->feature_class[i] = c;
    sym->classes[c].count++;
  }
  return sym;
}
