/* Subcommand dispatch, --version and the top-level help. */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "render.h"
#include "terrimap/core.h"
#include "terrimap/limits.h"

static const char tm_usage[] =
    "Usage: terrimap COMMAND [OPTIONS]\n"
    "\n"
    "Thematic maps of French territories from boundary shapefiles and membership lists.\n"
    "\n"
    "Commands:\n"
    "  render   draw a membership, categorical, graduated or comparison map to PNG, SVG, PDF\n"
    "  batch    render one map per région, département or territory (an atlas), in parallel\n"
    "  info     describe a shapefile: CRS, encoding, features, fields, extent\n"
    "\n"
    "Run 'terrimap COMMAND --help' for the options of a command.\n"
    "Options: --help, --version\n";

gboolean tm_cli_parse(GOptionContext *oc, int *argc, char ***argv, GError **error)
{
  gboolean ok = g_option_context_parse(oc, argc, argv, error);
  g_option_context_free(oc);
  if (ok && *argc > 1) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "unexpected argument '%s'", (*argv)[1]);
    return FALSE;
  }
  return ok;
}

int tm_cli_fail(GError *error, int code)
{
  fprintf(stderr, "terrimap: error: %s\n", error ? error->message : "unknown error");
  g_clear_error(&error);
  return code;
}

/* The TERRIMAP_MAX_* variables, for every command that reads or draws;
 * its --max-* options are applied over them. */
static gboolean tm_cli_limits_from_env(GError **error)
{
  tm_limits_t limits;
  tm_limits_init(&limits);
  if (!tm_limits_apply_env(&limits, error))
    return FALSE;
  tm_limits_set(&limits);
  return TRUE;
}

int tm_cli_main(int argc, char **argv)
{
  if (argc < 2) {
    fputs(tm_usage, stderr);
    return TM_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    fputs(tm_usage, stdout);
    return TM_EXIT_OK;
  }
  if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
    printf("terrimap %s\n", TM_VERSION);
    return TM_EXIT_OK;
  }
  GError *error = NULL;
  gboolean known = !strcmp(cmd, "render") || !strcmp(cmd, "batch") || !strcmp(cmd, "info");
  if (known && !tm_cli_limits_from_env(&error))
    return tm_cli_fail(error, TM_EXIT_USAGE);
  if (strcmp(cmd, "render") == 0)
    return tm_cmd_render(argc - 1, argv + 1);
  if (strcmp(cmd, "batch") == 0)
    return tm_cmd_batch(argc - 1, argv + 1);
  if (strcmp(cmd, "info") == 0)
    return tm_cmd_info(argc - 1, argv + 1);
  fprintf(stderr, "terrimap: error: unknown command '%s'\n\n%s", cmd, tm_usage);
  return TM_EXIT_USAGE;
}
