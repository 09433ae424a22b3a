/* Tests of `terrimap batch` on the real data: the binary is a black box,
 * run with SOURCE_DATE_EPOCH fixed, its atlases compared byte for byte. */
#ifndef TM_BATCH_TEST_H
#define TM_BATCH_TEST_H

#include <glib.h>

/* Low resolution: the tests check files and bytes, not the drawing. */
#define TM_BATCH_DPI "30"
#define TM_BATCH_FORMATS "png,svg,pdf"
#define TM_BATCH_REGIONS 18
/* Per région: PNG, SVG, PDF, JSON sidecar and thumbnail; plus the index. */
#define TM_BATCH_REF_FILES (TM_BATCH_REGIONS * 5 + 2)

/* What every case needs, set up once by main (no global state). */
typedef struct {
  const char *bin;    /* the terrimap binary */
  const char *style;  /* styles/ti-region.ini */
  const char *readme; /* README.md of the source tree */
  char *ref_dir;      /* the reference atlas: one unsharded run, -j 2 */
  char *ref_stderr;   /* that run's stderr, saved beside it */
  gboolean skipped;   /* a case skipped: main exits 77 when nothing failed */
} tm_batch_ctx_t;

/* One run of the binary. */
typedef struct {
  int status; /* exit status, or 128 + signal */
  char *out;
  char *err;
} tm_batch_run_t;

/* Runs `terrimap batch --style STYLE --dpi 30 ARGS...` (NULL-terminated)
 * and returns its status and output; free with tm_batch_run_clear. */
void tm_batch_run(const tm_batch_ctx_t *ctx, tm_batch_run_t *run, ...) G_GNUC_NULL_TERMINATED;
/* Same with a vector of arguments after `terrimap`. */
void tm_batch_run_argv(const tm_batch_ctx_t *ctx, tm_batch_run_t *run, const char *const *args);
void tm_batch_run_clear(tm_batch_run_t *run);
/* Runs any program; returns the exit status, fills out/err when not NULL. */
int tm_batch_spawn(const char *const *argv, char **out, char **err);

/* A fresh temporary directory (caller frees; remove with tm_batch_rmtree). */
char *tm_batch_tmpdir(const char *what);
void tm_batch_rmtree(const char *path);
/* Number of regular files under dir, recursively. */
guint tm_batch_count_files(const char *dir);
/* Asserts that `diff -r a b` finds nothing, and prints what differs if not. */
void tm_batch_assert_same_tree(const char *a, const char *b);
/* Asserts that two files hold the same bytes. */
void tm_batch_assert_same_file(const char *a, const char *b);
/* Copies the tree at from to to (cp -a, keeping times). */
void tm_batch_copy_tree(const char *from, const char *to);
/* Modification time in nanoseconds, or -1 when the file is missing. */
gint64 tm_batch_mtime_ns(const char *path);
/* The summary line "batch: ..." of a run's stderr (caller frees), or NULL. */
char *tm_batch_summary(const char *err);
/* Fails the case with a hint when the reference atlas was not rendered. */
void tm_batch_assert_reference(const tm_batch_ctx_t *ctx);
/* Skips the current case when program is not on PATH (with a message). */
gboolean tm_batch_have_tool(tm_batch_ctx_t *ctx, const char *program, const char *package);
/* Number of pixels of a PNG that are not near white, and its pixel count. */
guint tm_batch_png_nonwhite(const char *path, guint *total);

/* The cases, in batch_cases_*.c. */
void tm_batch_case_reference(gconstpointer data);
void tm_batch_case_shard(gconstpointer data);
void tm_batch_case_determinism(gconstpointer data);
void tm_batch_case_parallel(gconstpointer data);
void tm_batch_case_skip_existing(gconstpointer data);
void tm_batch_case_failure(gconstpointer data);
void tm_batch_case_progress(gconstpointer data);
void tm_batch_case_index(gconstpointer data);
void tm_batch_case_gallery(gconstpointer data);
void tm_batch_case_readme(gconstpointer data);

#endif
