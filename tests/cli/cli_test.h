/* Shared pieces of the command-line tests: a fixture directory holding a
 * tiny valid shapefile and membership table, a way to run the real binary
 * and assertions on what it printed and left on disk. */
#ifndef TERRIMAP_CLI_TEST_H
#define TERRIMAP_CLI_TEST_H

#include <glib.h>

/* The bytes of the output file that exists before every run: error cases
 * check that it is left exactly as it was. */
#define CLI_OLD_OUTPUT "previous map, must survive a failed run\n"

/* Exit codes of terrimap (src/cli/cli.h). */
enum { CLI_EXIT_OK = 0, CLI_EXIT_ERROR = 1, CLI_EXIT_USAGE = 2 };

typedef struct {
  char *dir;                  /* temporary directory, removed at teardown */
  char *shp, *shx, *dbf, *prj, *cpg, *csv;
  char *out_dir;              /* dir/out: only the output lives here */
  char *out;                  /* out_dir/map.png, holds CLI_OLD_OUTPUT */
  /* What render is given; cases change them before cli_render(). */
  const char *layer, *key, *join, *join_key;
} cli_fixture_t;

typedef struct {
  char *out, *err;            /* everything the process printed */
  gboolean exited;            /* FALSE: killed by a signal (a crash) */
  int code;                   /* exit code when exited */
  int signal;                 /* signal number when not exited */
  char *command;              /* for failure messages */
} cli_result_t;

/* ---- cli_fixture.c ---- */

void cli_fixture_setup(cli_fixture_t *fx, gconstpointer data);
void cli_fixture_teardown(cli_fixture_t *fx, gconstpointer data);
/* dir/name.shp (+ .shx, .dbf, .prj, .cpg) with three 15 km squares in
 * Lambert-93 around (660 km, 6 807 km) and n_dbf_records DBF records
 * (CODE "001".., NOM); 3 for a consistent file.  Returns the .shp path. */
char *cli_write_shapefile(const char *dir, const char *name, int n_dbf_records);
void cli_write_text(const char *path, const char *text);
/* The whole file, or NULL when it cannot be read; *length set. */
char *cli_read_file(const char *path, gsize *length);

/* ---- cli_run.c ---- */

/* The binary under test ($TERRIMAP_BIN), or NULL. */
const char *cli_binary(void);
/* Runs terrimap with args (NULL-terminated, without argv[0]) in cwd. */
void cli_run(cli_result_t *res, const char *cwd, const char *const *args);
/* Same, with environment variables ("NAME=VALUE", NULL-terminated, may be
 * NULL) over the test's own. */
void cli_run_env(cli_result_t *res, const char *cwd, const char *const *args,
                 const char *const *env);
/* Runs "terrimap render" with the fixture's layer, key, join, join key,
 * --size 400x300 --dpi 96 (at the default 300 dpi such a page is too small
 * for the text) and -o fx->out, then the NULL-terminated extra arguments. */
void cli_render(cli_result_t *res, const cli_fixture_t *fx, ...) G_GNUC_NULL_TERMINATED;
/* Same with the outputs given by the caller (no -o added). */
void cli_render_no_output(cli_result_t *res, const cli_fixture_t *fx, ...) G_GNUC_NULL_TERMINATED;
void cli_result_clear(cli_result_t *res);

void cli_check_exit(const cli_result_t *res, int expected, const char *file, int line,
                    const char *func);
void cli_check_has(const cli_result_t *res, const char *stream_name, const char *text,
                   const char *needle, const char *file, int line, const char *func);
void cli_check_untouched(const cli_fixture_t *fx, const char *file, int line, const char *func);
void cli_check_no_temporary(const char *dir, const char *file, int line, const char *func);

/* Exit code, with the command and its output in the message on failure. */
#define cli_assert_exit(res, expected) \
  cli_check_exit((res), (expected), __FILE__, __LINE__, G_STRFUNC)
#define cli_assert_stderr_has(res, needle) \
  cli_check_has((res), "stderr", (res)->err, (needle), __FILE__, __LINE__, G_STRFUNC)
#define cli_assert_stdout_has(res, needle) \
  cli_check_has((res), "stdout", (res)->out, (needle), __FILE__, __LINE__, G_STRFUNC)
/* fx->out still holds CLI_OLD_OUTPUT and no ".NAME.XXXXXX.tmp" is left. */
#define cli_assert_untouched(fx) cli_check_untouched((fx), __FILE__, __LINE__, G_STRFUNC)
#define cli_assert_no_temporary(dir) cli_check_no_temporary((dir), __FILE__, __LINE__, G_STRFUNC)

/* An error run: exit 1, "terrimap: error: " on stderr, output untouched. */
#define cli_assert_failed(res, fx)                   \
  do {                                               \
    cli_assert_exit((res), CLI_EXIT_ERROR);          \
    cli_assert_stderr_has((res), "terrimap: error: "); \
    cli_assert_untouched(fx);                        \
  } while (0)

/* ---- case registration (one function per file of cases) ---- */

void cli_add_input_cases(void);
void cli_add_output_cases(void);
void cli_add_limit_cases(void);
void cli_add_title_cases(void);

#define cli_add(name, func) \
  g_test_add(name, cli_fixture_t, NULL, cli_fixture_setup, func, cli_fixture_teardown)

#endif
