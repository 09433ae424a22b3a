/* Locating the data directory and the files named relative to it. */
#include "cli.h"

#ifndef TM_SOURCE_DIR
#define TM_SOURCE_DIR "."
#endif

char *tm_cli_data_dir(const char *option)
{
  if (option && *option)
    return g_strdup(option);
  const char *env = g_getenv("TERRIMAP_DATA");
  if (env && *env)
    return g_strdup(env);
  const char *candidates[] = {"../shared/data", TM_SOURCE_DIR "/../shared/data"};
  for (guint i = 0; i < G_N_ELEMENTS(candidates); i++)
    if (g_file_test(candidates[i], G_FILE_TEST_IS_DIR))
      return g_canonicalize_filename(candidates[i], NULL);
  return NULL;
}

char *tm_cli_resolve(const char *path, const char *data_dir)
{
  if (!path)
    return NULL;
  if (g_path_is_absolute(path) || !data_dir || g_file_test(path, G_FILE_TEST_EXISTS))
    return g_strdup(path);
  char *in_data = g_build_filename(data_dir, path, NULL);
  if (g_file_test(in_data, G_FILE_TEST_EXISTS))
    return in_data;
  g_free(in_data);
  return g_strdup(path);
}
