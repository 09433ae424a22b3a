/* The typical maps of docs/CARTOGRAPHY.md (styles ti-national, ti-region,
 * ti-departement, ti-territoire, ti-comparaison, epci-population) on the
 * real data: one render per style, and what a reader checks on it, against
 * expectations computed here from the source files, not by the stages.
 * ctest runs one style per process (-p /maps/<style>); a style is rendered
 * on first use. */
#include <math.h>
#include <string.h>
#include "e2e_util.h"
#include "maps_suite.h"

#define DPI 150
#define CONTEXT_FILL "#f7f7f7" /* [context] fill of styles/default.ini */
#define TI_NEW "labels/ti_2023_2027_epci.csv"
#define TI_OLD "labels/ti_2019_2022_membres.csv"
#define REFERENCE "labels/epci_2025_reference.csv"

/* TESTS */

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  tm_e2e_data_dir_or_skip();
  tm_maps_suite_t suite = {0};
  tm_maps_suite_load(&suite);
  tm_maps_add_ti_tests(&suite);
  tm_maps_add_stats_tests(&suite);
  int status = g_test_run();
  tm_maps_suite_free(&suite);
  return status;
}
