/* Outputs that cannot be written and command lines that cannot be run:
 * usage mistakes exit 2 before anything is read; write failures exit 1
 * naming the output path; neither leaves a temporary file behind. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include "cli_test.h"

static void test_output_dir_missing(cli_fixture_t *fx, gconstpointer data)
{
  char *out = g_build_filename(fx->dir, "nodir", "map.png", NULL);
  cli_result_t r;
  cli_render_no_output(&r, fx, "-o", out, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, out);
  cli_assert_stderr_has(&r, g_strerror(ENOENT));
  g_assert_false(g_file_test(out, G_FILE_TEST_EXISTS));
  cli_assert_no_temporary(fx->dir);
  cli_result_clear(&r);
  g_free(out);
}

static void test_output_is_directory(cli_fixture_t *fx, gconstpointer data)
{
  char *out = g_build_filename(fx->out_dir, "adir.png", NULL);
  g_assert_cmpint(g_mkdir(out, 0755), ==, 0);
  cli_result_t r;
  cli_render_no_output(&r, fx, "-o", out, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, out);
  g_assert_true(g_file_test(out, G_FILE_TEST_IS_DIR));
  cli_result_clear(&r);
  g_free(out);
}

static void test_output_dir_readonly(cli_fixture_t *fx, gconstpointer data)
{
  if (geteuid() == 0) {
    g_test_skip("running as root: a read-only directory is still writable");
    return;
  }
  g_assert_cmpint(g_chmod(fx->out_dir, 0555), ==, 0);
  cli_result_t r;
  cli_render(&r, fx, NULL);
  g_chmod(fx->out_dir, 0755);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, fx->out);
  cli_assert_stderr_has(&r, g_strerror(EACCES));
  cli_result_clear(&r);
}

static void test_metadata_dir_missing(cli_fixture_t *fx, gconstpointer data)
{
  char *json = g_build_filename(fx->dir, "nodir", "map.json", NULL);
  cli_result_t r;
  cli_render(&r, fx, "--metadata", json, NULL);
  cli_assert_exit(&r, CLI_EXIT_ERROR);
  cli_assert_stderr_has(&r, json);
  cli_assert_no_temporary(fx->out_dir);
  cli_assert_no_temporary(fx->dir);
  cli_result_clear(&r);
  g_free(json);
}

/* The format is known from the extension: a bad one is a usage error found
 * before any input is read or any file written. */
static void test_unknown_extension(cli_fixture_t *fx, gconstpointer data)
{
  char *jpg = g_build_filename(fx->out_dir, "map.jpg", NULL);
  cli_result_t r;
  cli_render_no_output(&r, fx, "-o", jpg, NULL);
  cli_assert_exit(&r, CLI_EXIT_USAGE);
  cli_assert_stderr_has(&r, "unknown output format");
  cli_assert_stderr_has(&r, jpg);
  cli_assert_untouched(fx);
  g_assert_false(g_file_test(jpg, G_FILE_TEST_EXISTS));
  cli_result_clear(&r);

  /* A good output before the bad one is not written either. */
  cli_render(&r, fx, "-o", jpg, NULL);
  cli_assert_exit(&r, CLI_EXIT_USAGE);
  cli_assert_stderr_has(&r, jpg);
  cli_assert_untouched(fx);
  cli_result_clear(&r);
  g_free(jpg);
}

static void test_no_extension(cli_fixture_t *fx, gconstpointer data)
{
  char *out = g_build_filename(fx->out_dir, "map", NULL);
  cli_result_t r;
  cli_render_no_output(&r, fx, "-o", out, NULL);
  cli_assert_exit(&r, CLI_EXIT_USAGE);
  cli_assert_stderr_has(&r, out);
  cli_assert_untouched(fx);
  g_assert_false(g_file_test(out, G_FILE_TEST_EXISTS));
  cli_result_clear(&r);
  g_free(out);
}

static void test_no_output(cli_fixture_t *fx, gconstpointer data)
{
  cli_result_t r;
  cli_render_no_output(&r, fx, NULL);
  cli_assert_exit(&r, CLI_EXIT_USAGE);
  cli_assert_stderr_has(&r, "no output");
  cli_assert_stderr_has(&r, "-o");
  cli_assert_untouched(fx);
  cli_result_clear(&r);
}

static void cli_check_usage(cli_fixture_t *fx, const char *option, const char *value,
                            const char *needle)
{
  cli_result_t r;
  cli_render(&r, fx, option, value, NULL);
  cli_assert_exit(&r, CLI_EXIT_USAGE);
  cli_assert_stderr_has(&r, "terrimap: error: ");
  cli_assert_stderr_has(&r, needle);
  cli_assert_untouched(fx);
  cli_result_clear(&r);
}

static void test_bad_size(cli_fixture_t *fx, gconstpointer data)
{
  cli_check_usage(fx, "--size", "400", "--size 400");
  cli_check_usage(fx, "--size", "10x10", "--size 10x10");
  cli_check_usage(fx, "--size", "400x300px", "--size 400x300px");
  cli_check_usage(fx, "--size", "99999x300", "--size 99999x300");
  cli_check_usage(fx, "--size", "-400x300", "--size -400x300");
}

static void test_bad_dpi(cli_fixture_t *fx, gconstpointer data)
{
  cli_check_usage(fx, "--dpi", "5", "--dpi 5");
  cli_check_usage(fx, "--dpi", "-300", "--dpi -300");
  cli_check_usage(fx, "--dpi", "lots", "lots");
}

static void test_unknown_option(cli_fixture_t *fx, gconstpointer data)
{
  cli_check_usage(fx, "--colour", "red", "--colour");
}

static void test_unexpected_argument(cli_fixture_t *fx, gconstpointer data)
{
  cli_check_usage(fx, "extra.csv", NULL, "unexpected argument 'extra.csv'");
}

/* Without --layer, the built-in style's layer is looked up in the data
 * directory; an empty one must give a message, not a crash. */
static void test_missing_required(cli_fixture_t *fx, gconstpointer data)
{
  cli_result_t r;
  const char *args[] = {"render", "--data", fx->out_dir, "--join", fx->csv, "--size", "400x300",
                        "-o", fx->out, NULL};
  cli_run(&r, fx->dir, args);
  cli_assert_failed(&r, fx);
  /* No --join-key and the built-in style has none. */
  cli_assert_stderr_has(&r, "no table key column");
  cli_assert_stderr_has(&r, "--join-key");
  /* Regression: the message once ended in "... in the style given". */
  g_assert_null(strstr(r.err, "in the style given"));
  cli_result_clear(&r);
}

/* A later output failing names its path, leaves no temporary file in
 * either directory and replaces none of the outputs: the first one,
 * which could be written, still holds its previous content. */
static void test_second_output_fails(cli_fixture_t *fx, gconstpointer data)
{
  char *bad = g_build_filename(fx->dir, "nodir", "map.svg", NULL);
  cli_result_t r;
  cli_render(&r, fx, "-o", bad, NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, bad);
  cli_assert_no_temporary(fx->out_dir);
  cli_assert_no_temporary(fx->dir);
  cli_result_clear(&r);
  g_free(bad);
}

/* Text sizes are in points: 400 x 300 pixels at 300 dpi leave no room. */
static void test_page_too_small(cli_fixture_t *fx, gconstpointer data)
{
  cli_result_t r;
  cli_render(&r, fx, "--dpi", "300", NULL);
  cli_assert_failed(&r, fx);
  cli_assert_stderr_has(&r, "400 x 300");
  cli_assert_stderr_has(&r, "too small");
  cli_result_clear(&r);
}

/* A relative output path is relative to the current directory. */
static void test_relative_output(cli_fixture_t *fx, gconstpointer data)
{
  cli_result_t r;
  cli_render_no_output(&r, fx, "-o", "rel.svg", NULL);
  cli_assert_exit(&r, CLI_EXIT_OK);
  char *rel = g_build_filename(fx->dir, "rel.svg", NULL);
  g_assert_true(g_file_test(rel, G_FILE_TEST_IS_REGULAR));
  cli_assert_no_temporary(fx->dir);
  g_free(rel);
  cli_result_clear(&r);
}

static void test_killed_while_writing(cli_fixture_t *fx, gconstpointer data);

void cli_add_output_cases(void)
{
  cli_add("/cli/output/dir-missing", test_output_dir_missing);
  cli_add("/cli/output/is-directory", test_output_is_directory);
  cli_add("/cli/output/dir-readonly", test_output_dir_readonly);
  cli_add("/cli/output/metadata-dir-missing", test_metadata_dir_missing);
  cli_add("/cli/output/second-output-fails", test_second_output_fails);
  cli_add("/cli/output/relative", test_relative_output);
  cli_add("/cli/output/page-too-small", test_page_too_small);
  cli_add("/cli/output/killed-while-writing", test_killed_while_writing);
  cli_add("/cli/usage/unknown-extension", test_unknown_extension);
  cli_add("/cli/usage/no-extension", test_no_extension);
  cli_add("/cli/usage/no-output", test_no_output);
  cli_add("/cli/usage/bad-size", test_bad_size);
  cli_add("/cli/usage/bad-dpi", test_bad_dpi);
  cli_add("/cli/usage/unknown-option", test_unknown_option);
  cli_add("/cli/usage/unexpected-argument", test_unexpected_argument);
  cli_add("/cli/usage/missing-join-key", test_missing_required);
}

/* ---- crash safety: SIGKILL while the output is being written ---- */

/* The name of a hidden temporary file of out_dir, or NULL. */
static char *cli_find_temporary(const char *out_dir)
{
  GDir *d = g_dir_open(out_dir, 0, NULL);
  char *found = NULL;
  const char *name;
  while (d && !found && (name = g_dir_read_name(d)))
    if (name[0] == '.' && g_str_has_suffix(name, ".tmp"))
      found = g_strdup(name);
  if (d)
    g_dir_close(d);
  return found;
}

static void test_killed_while_writing(cli_fixture_t *fx, gconstpointer data)
{
  /* A page large enough that rendering and encoding it takes a while, so
   * the process can be killed while its temporary file is open. */
  const char *argv[] = {cli_binary(), "render", "--layer", fx->layer, "--key", fx->key,
                        "--join", fx->join, "--join-key", fx->join_key, "--size", "8000x8000",
                        "--dpi", "96", "-o", fx->out, NULL};
  GPid pid;
  GError *error = NULL;
  gboolean spawned = g_spawn_async(fx->dir, (char **)argv, NULL,
                                   G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                       G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, &pid, &error);
  g_assert_no_error(error);
  g_assert_true(spawned);
  char *tmp = NULL;
  for (int i = 0; i < 12000 && !tmp; i++) {
    tmp = cli_find_temporary(fx->out_dir);
    if (!tmp)
      g_usleep(5000);
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  g_spawn_close_pid(pid);
  if (!tmp) {
    g_test_skip("the render finished before its temporary file was seen");
    return;
  }
  g_assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  /* The previous map is intact... */
  gsize len = 0;
  char *content = cli_read_file(fx->out, &len);
  g_assert_cmpstr(content, ==, CLI_OLD_OUTPUT);
  g_free(content);
  /* ...and what the killed run left is hidden and named so that no later
   * run (nor --skip-existing) takes it for a map: ".map.png.XXXXXX.tmp". */
  g_assert_true(g_str_has_prefix(tmp, ".map.png."));
  g_free(tmp);
  /* A later run succeeds and replaces the map. */
  cli_result_t r;
  cli_render(&r, fx, NULL);
  cli_assert_exit(&r, CLI_EXIT_OK);
  content = cli_read_file(fx->out, &len);
  g_assert_true(len > 8 && memcmp(content, "\x89PNG", 4) == 0);
  g_free(content);
  cli_result_clear(&r);
}
