/* terrimap batch: options. */
#include <stdio.h>
#include <string.h>
#include "batch.h"

void tm_batch_args_clear(tm_batch_args_t *a)
{
  tm_render_args_clear(&a->map);
  char **strings[] = {&a->each,          &a->manifest,       &a->formats,
                      &a->out_dir,       &a->name_template,  &a->title_template,
                      &a->subtitle_template, &a->shard};
  for (guint i = 0; i < G_N_ELEMENTS(strings); i++)
    g_clear_pointer(strings[i], g_free);
  g_strfreev(a->exts);
}

static gboolean tm_batch_parse_shard(tm_batch_args_t *a, GError **error)
{
  a->shard_k = 0;
  a->shard_n = 1;
  if (!a->shard)
    return TRUE;
  unsigned k = 0, n = 0;
  char tail = 0;
  if (sscanf(a->shard, "%u/%u%c", &k, &n, &tail) != 2 || n == 0 || k >= n || n > 100000) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "--shard %s: expected K/N with 0 <= K < N (e.g. 0/4 ... 3/4)", a->shard);
    return FALSE;
  }
  a->shard_k = k;
  a->shard_n = n;
  return TRUE;
}

static gboolean tm_batch_parse_formats(tm_batch_args_t *a, GError **error)
{
  a->exts = g_strsplit(a->formats ? a->formats : "png", ",", -1);
  guint n = 0;
  for (char **e = a->exts; *e; e++, n++) {
    g_strstrip(*e);
    char *lower = g_ascii_strdown(*e, -1);
    g_free(*e);
    *e = lower;
    if (strcmp(*e, "png") && strcmp(*e, "svg") && strcmp(*e, "pdf")) {
      g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                  "--format %s: '%s' is not a format (expected png, svg and/or pdf, comma-separated)",
                  a->formats, *e);
      return FALSE;
    }
  }
  if (n == 0) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "--format: no format given");
    return FALSE;
  }
  return TRUE;
}

gboolean tm_batch_args_parse(int *argc, char ***argv, tm_batch_args_t *a, GError **error)
{
  const GOptionEntry entries[] = {
      {"each", 'e', 0, G_OPTION_ARG_STRING, &a->each,
       "One map per region, departement or category (territory)", "KIND"},
      {"manifest", 0, 0, G_OPTION_ARG_FILENAME, &a->manifest,
       "Key file listing the maps: one [group] per map with extent=, and optionally title=, "
       "subtitle=, name=, file=",
       "FILE"},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &a->out_dir, "Output directory", "DIR"},
      {"format", 'f', 0, G_OPTION_ARG_STRING, &a->formats,
       "Formats, comma-separated: png,svg,pdf (default png)", "LIST"},
      {"name", 0, 0, G_OPTION_ARG_STRING, &a->name_template,
       "File name template (default {kind}-{code}); {kind}, {code}, {name}", "TEMPLATE"},
      {"title-template", 0, 0, G_OPTION_ARG_STRING, &a->title_template,
       "Title of each map (default: the style's title, then ' — {name}')", "TEMPLATE"},
      {"subtitle-template", 0, 0, G_OPTION_ARG_STRING, &a->subtitle_template,
       "Subtitle of each map; {kind}, {code}, {name}", "TEMPLATE"},
      {"jobs", 'j', 0, G_OPTION_ARG_INT, &a->jobs,
       "Maps rendered at once (default: the number of cores)", "N"},
      {"shard", 0, 0, G_OPTION_ARG_STRING, &a->shard,
       "Render only the items i with i mod N = K (items sorted by code)", "K/N"},
      {"skip-existing", 0, 0, G_OPTION_ARG_NONE, &a->skip_existing,
       "Do not render a map whose files are newer than its inputs and style", NULL},
      {NULL}};
  GOptionGroup *group = tm_render_option_group(&a->map);
  g_option_group_add_entries(group, entries);
  GOptionContext *oc = g_option_context_new("- render one map per région, département or territory");
  g_option_context_set_summary(
      oc, "Reads, joins, projects and dissolves once, then renders every map of the atlas in\n"
          "parallel, with DIR/index.json and an offline gallery DIR/index.html.\n\n"
          "Examples:\n"
          "  terrimap batch --style ti-region --each region --format png,pdf -o atlas/\n"
          "  terrimap batch --style ti-departement --each departement --shard 0/4 -o atlas/");
  g_option_context_set_main_group(oc, group);
  gboolean ok = tm_cli_parse(oc, argc, argv, error);
  if (ok && !a->out_dir) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "no output directory: give -o DIR");
    return FALSE;
  }
  if (ok && !a->manifest && !a->each) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "nothing to render: give --each region|departement|category or --manifest FILE");
    return FALSE;
  }
  if (ok && a->each && strcmp(a->each, "region") && strcmp(a->each, "departement") &&
      strcmp(a->each, "category")) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "--each %s: expected region, departement or category", a->each);
    return FALSE;
  }
  if (ok && (a->jobs < 0 || a->jobs > 256)) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "--jobs %d: expected 1 to 256", a->jobs);
    return FALSE;
  }
  /* Before any worker thread starts: they only read the limits. */
  return ok && tm_batch_parse_shard(a, error) && tm_batch_parse_formats(a, error) &&
         tm_render_args_set_limits(&a->map, error);
}
