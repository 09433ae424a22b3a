/* `terrimap batch` on the real data, one ctest test per case (-p /batch/NAME).
 * /batch/reference renders the unsharded atlas of the 18 régions once (a
 * ctest fixture); the cases that compare with it read it and never change
 * it.  Exits 77 (skipped) when the data is absent, or when a case skipped
 * because a tool (chromium, parallel) is missing and nothing failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include "batch_test.h"

void tm_batch_case_reference(gconstpointer data)
{
  const tm_batch_ctx_t *ctx = data;
  char *parent = g_path_get_dirname(ctx->ref_dir);
  if (g_file_test(parent, G_FILE_TEST_EXISTS))
    tm_batch_rmtree(parent);
  g_assert_cmpint(g_mkdir_with_parents(parent, 0755), ==, 0);
  tm_batch_run_t run;
  tm_batch_run(ctx, &run, "--each", "region", "--format", TM_BATCH_FORMATS, "-j", "2", "-o",
               ctx->ref_dir, NULL);
  if (run.status != 0)
    g_printerr("%s", run.err);
  g_assert_cmpint(run.status, ==, 0);
  char *summary = tm_batch_summary(run.err);
  g_assert_nonnull(summary);
  g_assert_nonnull(strstr(summary, "batch: 18 map(s) rendered, 0 skipped (up to date), 0 failed"));
  g_assert_cmpuint(tm_batch_count_files(ctx->ref_dir), ==, TM_BATCH_REF_FILES);
  GError *error = NULL;
  g_file_set_contents(ctx->ref_stderr, run.err, -1, &error);
  g_assert_no_error(error);
  g_free(summary);
  g_free(parent);
  tm_batch_run_clear(&run);
}

static char *tm_batch_env_path(const char *name, const char *fallback)
{
  const char *v = g_getenv(name);
  if (v && *v)
    return g_strdup(v);
  return g_strdup(fallback);
}

int main(int argc, char **argv)
{
  /* Before any thread: the children inherit it, so PDFs are reproducible. */
  g_setenv("SOURCE_DATE_EPOCH", "1700000000", TRUE);
  g_test_init(&argc, &argv, NULL);
  const char *data = g_getenv("TERRIMAP_DATA");
  if (!data || !g_file_test(data, G_FILE_TEST_IS_DIR)) {
    printf("SKIP: real data not found (TERRIMAP_DATA=%s); see README, section Data\n",
           data ? data : "(unset)");
    return 77;
  }
  char *bin = tm_batch_env_path("TERRIMAP_BIN", "terrimap");
  char *styles = tm_batch_env_path("TERRIMAP_STYLES", "styles");
  char *readme = tm_batch_env_path("TERRIMAP_README", "README.md");
  char *ref_root = tm_batch_env_path("TM_BATCH_REF", "terrimap-batch-ref");
  char *style = g_build_filename(styles, "ti-region.ini", NULL);
  tm_batch_ctx_t ctx = {
    .bin = bin,
    .style = style,
    .readme = readme,
    .ref_dir = g_build_filename(ref_root, "atlas", NULL),
    .ref_stderr = g_build_filename(ref_root, "stderr.txt", NULL),
  };
  struct {
    const char *path;
    GTestDataFunc fn;
  } cases[] = {
    {"/batch/reference", tm_batch_case_reference},
    {"/batch/shard", tm_batch_case_shard},
    {"/batch/determinism", tm_batch_case_determinism},
    {"/batch/parallel", tm_batch_case_parallel},
    {"/batch/skip-existing", tm_batch_case_skip_existing},
    {"/batch/failure", tm_batch_case_failure},
    {"/batch/progress", tm_batch_case_progress},
    {"/batch/index", tm_batch_case_index},
    {"/batch/gallery", tm_batch_case_gallery},
    {"/batch/readme", tm_batch_case_readme},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
    g_test_add_data_func(cases[i].path, &ctx, cases[i].fn);
  int status = g_test_run();
  g_free(ctx.ref_dir);
  g_free(ctx.ref_stderr);
  g_free(style);
  g_free(ref_root);
  g_free(readme);
  g_free(styles);
  g_free(bin);
  return status == 0 && ctx.skipped ? 77 : status;
}
