/* The README's recipes for running an atlas across machines.  Slurm and
 * Kubernetes cannot run here: check that each passes its engine's index as
 * the shard, with as many shards as tasks. */
#include <stdlib.h>
#include <string.h>
#include "batch_test.h"

/* The README's "## Atlases across machines" section with its shell line
 * continuations joined (caller frees). */
static char *tm_batch_readme_section(const char *readme)
{
  char *text = NULL;
  g_assert_true(g_file_get_contents(readme, &text, NULL, NULL));
  const char *start = strstr(text, "\n## Atlases across machines\n");
  g_assert_nonnull(start);
  const char *end = strstr(start + 1, "\n## ");
  char *section = end ? g_strndup(start, (gsize)(end - start)) : g_strdup(start);
  GRegex *cont = g_regex_new("\\\\\\n\\s*", 0, 0, NULL);
  char *joined = g_regex_replace_literal(cont, section, -1, 0, " ", 0, NULL);
  g_regex_unref(cont);
  g_free(section);
  g_free(text);
  return joined;
}

/* The first group of the first match of pattern (caller frees), or fails. */
static char *tm_batch_match(const char *text, const char *pattern)
{
  GRegex *re = g_regex_new(pattern, G_REGEX_MULTILINE, 0, NULL);
  g_assert_nonnull(re);
  GMatchInfo *mi = NULL;
  gboolean found = g_regex_match(re, text, 0, &mi);
  if (!found)
    g_printerr("README, \"Atlases across machines\": nothing matches /%s/\n", pattern);
  g_assert_true(found);
  char *group = g_match_info_fetch(mi, 1);
  g_match_info_free(mi);
  g_regex_unref(re);
  return group;
}

static void tm_batch_expect_shards(const char *text, const char *count_pattern, int offset,
                                   const char *shard_pattern)
{
  char *count = tm_batch_match(text, count_pattern), *n = tm_batch_match(text, shard_pattern);
  g_assert_cmpint(atoi(count) + offset, ==, atoi(n));
  g_assert_cmpint(atoi(n), >, 1);
  g_free(count);
  g_free(n);
}

void tm_batch_case_readme(gconstpointer data)
{
  const tm_batch_ctx_t *ctx = data;
  char *s = tm_batch_readme_section(ctx->readme);
  const char *options[] = {"terrimap batch", "-j N", "--shard K/N", "--skip-existing",
                           "index.html", "index.json"};
  for (guint i = 0; i < G_N_ELEMENTS(options); i++) {
    if (!strstr(s, options[i]))
      g_printerr("README, \"Atlases across machines\": no mention of %s\n", options[i]);
    g_assert_nonnull(strstr(s, options[i]));
  }
  /* GNU parallel, locally (as test /batch/parallel runs it) and over ssh. */
  char *local = tm_batch_match(s, "^parallel -j \\d+ terrimap batch .*--shard \\{\\}/(\\d+) .*"
                                  "::: 0 1 2 3$");
  g_assert_cmpstr(local, ==, "4");
  char *ssh = tm_batch_match(s, "^parallel (--sshlogin \\S+) .*terrimap batch .*"
                                "--shard \\{\\}/\\d+ .*:::");
  g_free(ssh);
  tm_batch_expect_shards(s, "^parallel --sshlogin .*--shard \\{\\}/\\d+ .*::: \\$\\(seq 0 (\\d+)\\)$",
                         1, "^parallel --sshlogin .*--shard \\{\\}/(\\d+) ");
  /* Slurm: one array task per shard. */
  tm_batch_expect_shards(s, "^#SBATCH --array=0-(\\d+)$", 1,
                         "terrimap batch .*--shard \\$\\{?SLURM_ARRAY_TASK_ID\\}?/(\\d+)");
  /* Kubernetes: an Indexed Job, one completion per shard. */
  g_free(tm_batch_match(s, "^\\s*(completionMode: Indexed)$"));
  g_free(tm_batch_match(s, "^\\s*parallelism: (\\d+)$"));
  tm_batch_expect_shards(s, "^\\s*completions: (\\d+)$", 0,
                         "--shard \\$\\(?\\{?JOB_COMPLETION_INDEX\\}?\\)?/(\\d+)");
  g_free(local);
  g_free(s);
}
