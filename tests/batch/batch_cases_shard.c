/* Sharding and determinism: shards 0..N-1 run separately (by hand or by GNU
 * parallel) leave exactly the files of one unsharded run, and the number of
 * workers changes nothing. */
#include <string.h>
#include "batch_test.h"

/* The régions sorted by code: shard K/N renders the items i with i mod N = K. */
static const char *const tm_regions[TM_BATCH_REGIONS] = {
  "01", "02", "03", "04", "06", "11", "24", "27", "28",
  "32", "44", "52", "53", "75", "76", "84", "93", "94",
};

/* Asserts that DIR holds the PNG of exactly the régions of shard k/n. */
static void tm_batch_assert_shard_files(const char *dir, guint k, guint n)
{
  for (guint i = 0; i < TM_BATCH_REGIONS; i++) {
    char *png = g_strdup_printf("%s/region-%s.png", dir, tm_regions[i]);
    gboolean want = i % n == k;
    if (g_file_test(png, G_FILE_TEST_EXISTS) != want)
      g_printerr("%s: %s after shard %u/%u alone\n", png, want ? "missing" : "present", k, n);
    g_assert_cmpint(g_file_test(png, G_FILE_TEST_EXISTS), ==, want);
    g_free(png);
  }
}

void tm_batch_case_shard(gconstpointer data)
{
  const tm_batch_ctx_t *ctx = data;
  tm_batch_assert_reference(ctx);
  char *tmp = tm_batch_tmpdir("shard");
  char *out = g_build_filename(tmp, "atlas", NULL);
  for (guint k = 0; k < 3; k++) {
    char *shard = g_strdup_printf("%u/3", k);
    tm_batch_run_t run;
    tm_batch_run(ctx, &run, "--each", "region", "--format", TM_BATCH_FORMATS, "--shard", shard,
                 "-o", out, NULL);
    if (run.status != 0)
      g_printerr("%s", run.err);
    g_assert_cmpint(run.status, ==, 0);
    char *summary = tm_batch_summary(run.err);
    g_assert_nonnull(summary);
    g_assert_nonnull(strstr(summary, "6 map(s) rendered, 0 skipped (up to date), 0 failed, "
                                     "of 6 in this run (18 in the atlas)"));
    if (k == 0) {
      tm_batch_assert_shard_files(out, 0, 3);
      /* The index lists every map of the atlas whatever the shard. */
      const char *index[] = {"index.json", "index.html"};
      for (guint i = 0; i < G_N_ELEMENTS(index); i++) {
        char *got = g_build_filename(out, index[i], NULL);
        char *want = g_build_filename(ctx->ref_dir, index[i], NULL);
        tm_batch_assert_same_file(got, want);
        g_free(got);
        g_free(want);
      }
    }
    g_free(summary);
    g_free(shard);
    tm_batch_run_clear(&run);
  }
  tm_batch_assert_same_tree(ctx->ref_dir, out);
  tm_batch_rmtree(tmp);
  g_free(out);
  g_free(tmp);
}

/* TRUE when the bytes hold needle (a PDF holds NUL bytes: no strstr). */
static gboolean tm_bytes_contain(const char *bytes, gsize len, const char *needle)
{
  gsize n = strlen(needle);
  for (gsize i = 0; i + n <= len; i++)
    if (memcmp(bytes + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

void tm_batch_case_determinism(gconstpointer data)
{
  const tm_batch_ctx_t *ctx = data;
  tm_batch_assert_reference(ctx);
  char *tmp = tm_batch_tmpdir("determinism");
  char *out = g_build_filename(tmp, "atlas", NULL);
  tm_batch_run_t run;
  tm_batch_run(ctx, &run, "--each", "region", "--format", TM_BATCH_FORMATS, "-j", "1", "-o", out,
               NULL);
  g_assert_cmpint(run.status, ==, 0);
  char *summary = tm_batch_summary(run.err);
  g_assert_nonnull(strstr(summary, "18 map(s) rendered, 0 skipped (up to date), 0 failed"));
  g_assert_nonnull(strstr(summary, "with 1 worker(s)"));
  /* The reference ran with -j 2: same bytes, PDF dates from SOURCE_DATE_EPOCH. */
  tm_batch_assert_same_tree(ctx->ref_dir, out);
  char *pdf_path = g_build_filename(out, "region-11.pdf", NULL);
  char *pdf = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(pdf_path, &pdf, &len, NULL));
  /* SOURCE_DATE_EPOCH=1700000000 is 2023-11-14 22:13:20 UTC. */
  g_assert_true(tm_bytes_contain(pdf, len, "20231114221320"));
  g_free(pdf);
  g_free(pdf_path);
  g_free(summary);
  tm_batch_run_clear(&run);
  tm_batch_rmtree(tmp);
  g_free(out);
  g_free(tmp);
}

/* The README's recipe, run locally: GNU parallel starts the four shards
 * at once, all writing into one directory. */
void tm_batch_case_parallel(gconstpointer data)
{
  tm_batch_ctx_t *ctx = (tm_batch_ctx_t *)data;
  tm_batch_assert_reference(ctx);
  if (!tm_batch_have_tool(ctx, "parallel", "parallel"))
    return;
  char *tmp = tm_batch_tmpdir("parallel");
  char *out = g_build_filename(tmp, "atlas", NULL);
  /* parallel joins the command's words for a shell: quote the paths. */
  char *bin = g_shell_quote(ctx->bin), *style = g_shell_quote(ctx->style);
  char *qout = g_shell_quote(out);
  const char *argv[] = {"parallel", "--will-cite", "-j", "2", "--halt", "now,fail=1",
                        bin, "batch", "--style", style, "--each", "region",
                        "--format", TM_BATCH_FORMATS, "--dpi", TM_BATCH_DPI,
                        "--shard", "{}/4", "-o", qout, ":::", "0", "1", "2", "3", NULL};
  char *err = NULL;
  int status = tm_batch_spawn(argv, NULL, &err);
  if (status != 0)
    g_printerr("%s", err);
  g_assert_cmpint(status, ==, 0);
  /* Four summaries (parallel groups each job's output), 18 maps in all. */
  char **lines = g_strsplit(err, "\n", -1);
  guint summaries = 0, rendered = 0;
  for (char **l = lines; *l; l++)
    if (g_str_has_prefix(*l, "batch: ")) {
      summaries++;
      rendered += (guint)g_ascii_strtoull(*l + strlen("batch: "), NULL, 10);
      g_assert_nonnull(strstr(*l, "0 failed"));
      g_assert_nonnull(strstr(*l, "(18 in the atlas)"));
    }
  g_assert_cmpuint(summaries, ==, 4);
  g_assert_cmpuint(rendered, ==, TM_BATCH_REGIONS);
  tm_batch_assert_same_tree(ctx->ref_dir, out);
  g_strfreev(lines);
  g_free(err);
  g_free(qout);
  g_free(style);
  g_free(bin);
  tm_batch_rmtree(tmp);
  g_free(out);
  g_free(tmp);
}
