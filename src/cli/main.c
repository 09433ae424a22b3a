/* terrimap command line: dispatches to subcommands. */
#include <stdio.h>
#include <string.h>
#include "cli.h"

int main(int argc, char **argv)
{
  return tm_cli_main(argc, argv);
}
