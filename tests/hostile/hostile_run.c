/* Running the binary and checking what it did, with the whole command and
 * output in every failure message. */
#include <string.h>
#include <sys/wait.h>
#include "hostile.h"

void hostile_result_clear(hostile_result_t *res)
{
  g_clear_pointer(&res->out, g_free);
  g_clear_pointer(&res->err, g_free);
  g_clear_pointer(&res->command, g_free);
}

void hostile_render(hostile_result_t *res, const hostile_fixture_t *fx, gboolean with_style,
                    const char *const *extra)
{
  hostile_render_env(res, fx, with_style, extra, NULL, NULL);
}

void hostile_render_env(hostile_result_t *res, const hostile_fixture_t *fx, gboolean with_style,
                        const char *const *extra, const char *const *env,
                        GSpawnChildSetupFunc child_setup)
{
  memset(res, 0, sizeof *res);
  GPtrArray *argv = g_ptr_array_new();
  const char *fixed[] = {g_getenv("TERRIMAP_BIN"), "render", "--layer", fx->shp, "--key", "CODE",
                         "--join", fx->csv, "--join-key", "code", "--size", "400x300",
                         "--dpi", "96", "-o", fx->out};
  for (guint i = 0; i < G_N_ELEMENTS(fixed); i++)
    g_ptr_array_add(argv, (char *)fixed[i]);
  if (with_style) {
    g_ptr_array_add(argv, (char *)"--style");
    g_ptr_array_add(argv, fx->style);
  }
  for (const char *const *a = extra; a && *a; a++)
    g_ptr_array_add(argv, (char *)*a);
  g_ptr_array_add(argv, NULL);
  res->command = g_strjoinv(" ", (char **)argv->pdata);
  char **envp = g_environ_setenv(g_get_environ(), "LC_ALL", "C", TRUE);
  for (const char *const *e = env; e && *e; e++) {
    char **name_value = g_strsplit(*e, "=", 2);
    envp = g_environ_setenv(envp, name_value[0], name_value[1] ? name_value[1] : "", TRUE);
    g_strfreev(name_value);
  }
  if (env) {
    char *shown = g_strjoinv(" ", (char **)env);
    char *command = g_strconcat(shown, " ", res->command, NULL);
    g_free(res->command);
    res->command = command;
    g_free(shown);
  }
  int status = 0;
  GError *error = NULL;
  gboolean spawned = g_spawn_sync(fx->dir, (char **)argv->pdata, envp, G_SPAWN_DEFAULT,
                                  child_setup, NULL, &res->out, &res->err, &status, &error);
  /* Not a finding about terrimap but a broken test setup: stop here. */
  if (!spawned)
    g_error("cannot run %s: %s", res->command, error->message);
  g_strfreev(envp);
  g_ptr_array_free(argv, TRUE);
  res->exited = WIFEXITED(status);
  res->code = res->exited ? WEXITSTATUS(status) : -1;
  res->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  if (g_test_verbose())
    g_test_message("$ %s\n-> %d\nstderr:\n%s", res->command, res->code, res->err);
}

static void hostile_fail(const hostile_result_t *res, const char *file, int line, const char *what)
{
  char *msg = g_strdup_printf("%s\n  command: %s\n  exit: %d%s\n  stdout:\n%s\n  stderr:\n%s",
                              what, res->command, res->code,
                              res->exited ? "" : " (killed by a signal)", res->out, res->err);
  g_assertion_message(G_LOG_DOMAIN, file, line, G_STRFUNC, msg);
  g_free(msg);
}

void hostile_check(const hostile_result_t *res, int expected_exit, const char *const *needles,
                   const char *file, int line)
{
  if (!res->exited || res->code != expected_exit) {
    char *what = res->exited
                     ? g_strdup_printf("terrimap exited %d (expected %d)", res->code, expected_exit)
                     : g_strdup_printf("terrimap died of signal %d (expected exit %d)",
                                       res->signal, expected_exit);
    hostile_fail(res, file, line, what);
    g_free(what);
  }
  /* A sanitizer report is a failure even when the exit code is right. */
  if (res->err && (strstr(res->err, "runtime error:") || strstr(res->err, "Sanitizer")))
    hostile_fail(res, file, line, "sanitizer report on stderr");
  for (const char *const *n = needles; *n; n++) {
    if (!res->err || !strstr(res->err, *n)) {
      char *what = g_strdup_printf("stderr does not contain \"%s\"", *n);
      hostile_fail(res, file, line, what);
      g_free(what);
    }
  }
}
