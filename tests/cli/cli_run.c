/* Running the binary and checking what it did.  Every failure message
 * carries the command line and both output streams: a CLI test that only
 * says "exit 1 != 0" sends the reader off to reproduce it by hand. */
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>
#include "cli_test.h"

const char *cli_binary(void)
{
  const char *bin = g_getenv("TERRIMAP_BIN");
  return bin && *bin ? bin : NULL;
}

void cli_result_clear(cli_result_t *res)
{
  g_clear_pointer(&res->out, g_free);
  g_clear_pointer(&res->err, g_free);
  g_clear_pointer(&res->command, g_free);
}

void cli_run(cli_result_t *res, const char *cwd, const char *const *args)
{
  cli_run_env(res, cwd, args, NULL);
}

void cli_run_env(cli_result_t *res, const char *cwd, const char *const *args,
                 const char *const *env)
{
  memset(res, 0, sizeof *res);
  GPtrArray *argv = g_ptr_array_new();
  g_ptr_array_add(argv, (char *)cli_binary());
  for (const char *const *a = args; *a; a++)
    g_ptr_array_add(argv, (char *)*a);
  g_ptr_array_add(argv, NULL);
  res->command = g_strjoinv(" ", (char **)argv->pdata);
  int status = 0;
  GError *error = NULL;
  /* System messages (strerror, GLib's) in the C locale, the one the tests
   * compare against (main() sets it too). */
  char **envp = g_environ_setenv(g_get_environ(), "LC_ALL", "C", TRUE);
  for (const char *const *e = env; e && *e; e++) {
    char **name_value = g_strsplit(*e, "=", 2);
    envp = g_environ_setenv(envp, name_value[0], name_value[1] ? name_value[1] : "", TRUE);
    g_strfreev(name_value);
    char *command = g_strconcat(*e, " ", res->command, NULL);
    g_free(res->command);
    res->command = command;
  }
  /* No shell: arguments reach the binary exactly as written here. */
  gboolean spawned = g_spawn_sync(cwd, (char **)argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                                  &res->out, &res->err, &status, &error);
  g_assert_no_error(error);
  g_assert_true(spawned);
  g_strfreev(envp);
  g_ptr_array_free(argv, TRUE);
  res->exited = WIFEXITED(status);
  res->code = res->exited ? WEXITSTATUS(status) : -1;
  res->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  if (g_test_verbose())
    g_test_message("$ %s\n-> %d\nstdout:\n%sstderr:\n%s", res->command, res->code, res->out,
                   res->err);
}

/* render with the fixture's inputs; outputs and extra options from ap. */
static void cli_render_va(cli_result_t *res, const cli_fixture_t *fx, gboolean with_output,
                          va_list ap)
{
  GPtrArray *args = g_ptr_array_new();
  const char *fixed[] = {"render", "--layer", fx->layer, "--key", fx->key,
                         "--join", fx->join, "--join-key", fx->join_key,
                         "--size", "400x300", "--dpi", "96"};
  for (guint i = 0; i < G_N_ELEMENTS(fixed); i++)
    g_ptr_array_add(args, (char *)fixed[i]);
  if (with_output) {
    g_ptr_array_add(args, (char *)"-o");
    g_ptr_array_add(args, fx->out);
  }
  const char *extra;
  while ((extra = va_arg(ap, const char *)))
    g_ptr_array_add(args, (char *)extra);
  g_ptr_array_add(args, NULL);
  cli_run(res, fx->dir, (const char *const *)args->pdata);
  g_ptr_array_free(args, TRUE);
}

void cli_render(cli_result_t *res, const cli_fixture_t *fx, ...)
{
  va_list ap;
  va_start(ap, fx);
  cli_render_va(res, fx, TRUE, ap);
  va_end(ap);
}

void cli_render_no_output(cli_result_t *res, const cli_fixture_t *fx, ...)
{
  va_list ap;
  va_start(ap, fx);
  cli_render_va(res, fx, FALSE, ap);
  va_end(ap);
}

static void cli_fail(const cli_result_t *res, const char *file, int line, const char *func,
                     const char *what)
{
  char *msg = g_strdup_printf("%s\n  command: %s\n  exit: %d%s\n  stdout:\n%s\n  stderr:\n%s",
                              what, res->command, res->code,
                              res->exited ? "" : " (killed by a signal)", res->out, res->err);
  g_assertion_message(G_LOG_DOMAIN, file, line, func, msg);
  g_free(msg);
}

void cli_check_exit(const cli_result_t *res, int expected, const char *file, int line,
                    const char *func)
{
  if (!res->exited) {
    char *what = g_strdup_printf("terrimap died of signal %d (expected exit %d)", res->signal,
                                 expected);
    cli_fail(res, file, line, func, what);
    g_free(what);
  } else if (res->code != expected) {
    char *what = g_strdup_printf("terrimap exited %d (expected %d)", res->code, expected);
    cli_fail(res, file, line, func, what);
    g_free(what);
  }
}

void cli_check_has(const cli_result_t *res, const char *stream_name, const char *text,
                   const char *needle, const char *file, int line, const char *func)
{
  if (text && strstr(text, needle))
    return;
  char *what = g_strdup_printf("%s does not contain \"%s\"", stream_name, needle);
  cli_fail(res, file, line, func, what);
  g_free(what);
}

void cli_check_no_temporary(const char *dir, const char *file, int line, const char *func)
{
  GDir *d = g_dir_open(dir, 0, NULL);
  g_assert_nonnull(d);
  const char *name;
  while ((name = g_dir_read_name(d))) {
    /* The writer's temporaries are ".BASENAME.XXXXXX.tmp" (src/write/atomic.c). */
    if (name[0] == '.' && g_str_has_suffix(name, ".tmp")) {
      char *msg = g_strdup_printf("temporary file %s/%s left behind", dir, name);
      g_assertion_message(G_LOG_DOMAIN, file, line, func, msg);
      g_free(msg);
    }
  }
  g_dir_close(d);
}

void cli_check_untouched(const cli_fixture_t *fx, const char *file, int line, const char *func)
{
  gsize length = 0;
  char *data = cli_read_file(fx->out, &length);
  if (!data || length != strlen(CLI_OLD_OUTPUT) || memcmp(data, CLI_OLD_OUTPUT, length) != 0) {
    char *msg = g_strdup_printf("%s: %s by a failed run", fx->out,
                                data ? "changed" : "removed");
    g_assertion_message(G_LOG_DOMAIN, file, line, func, msg);
    g_free(msg);
  }
  g_free(data);
  cli_check_no_temporary(fx->out_dir, file, line, func);
}
