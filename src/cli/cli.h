/* The command line: thin wrappers that turn options into calls of the
 * stages and errors into messages and exit codes. */
#ifndef TERRIMAP_CLI_H
#define TERRIMAP_CLI_H

#include <glib.h>

/* Exit codes: 0 success, 1 an error in the data or the run, 2 bad usage. */
enum { TM_EXIT_OK = 0, TM_EXIT_ERROR = 1, TM_EXIT_USAGE = 2 };

int tm_cli_main(int argc, char **argv);
int tm_cmd_render(int argc, char **argv);
int tm_cmd_info(int argc, char **argv);

/* Parses the options, frees oc, and refuses a stray argument. */
gboolean tm_cli_parse(GOptionContext *oc, int *argc, char ***argv, GError **error);

/* Prints "terrimap: error: MESSAGE" on stderr and frees the error. */
int tm_cli_fail(GError *error, int code);

/* The data directory: --data, else $TERRIMAP_DATA, else ../shared/data
 * (from the current directory, then from the source tree) when it exists;
 * NULL when none. */
char *tm_cli_data_dir(const char *option);
/* A path as the user or the style wrote it: used as is when absolute or
 * when it exists from the current directory, else looked up in data_dir. */
char *tm_cli_resolve(const char *path, const char *data_dir);

#endif
