/* A main() for the fuzz targets without libFuzzer: runs
 * LLVMFuzzerTestOneInput on every file named on the command line, or on
 * every file of a named directory (sorted, so runs are repeatable).  This is
 * how ctest replays the corpora in every build, gcc included, so a crash
 * found once stays fixed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_util.h"

static int replay_file(const char *path)
{
  char *data = NULL;
  gsize length = 0;
  GError *error = NULL;
  if (!g_file_get_contents(path, &data, &length, &error)) {
    fprintf(stderr, "replay: %s\n", error->message);
    g_error_free(error);
    return 1;
  }
  /* A copy of exactly length bytes, so ASan sees a read past the input
   * (g_file_get_contents adds a NUL that would hide it). */
  uint8_t *copy = g_memdup2(data, length);
  g_free(data);
  LLVMFuzzerTestOneInput(copy, length);
  g_free(copy);
  return 0;
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_directory(const char *dir, guint *count)
{
  GError *error = NULL;
  GDir *d = g_dir_open(dir, 0, &error);
  if (!d) {
    fprintf(stderr, "replay: %s\n", error->message);
    g_error_free(error);
    return 1;
  }
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  while ((name = g_dir_read_name(d)))
    if (name[0] != '.')
      g_ptr_array_add(names, g_build_filename(dir, name, NULL));
  g_dir_close(d);
  g_ptr_array_sort(names, compare_names);
  int failures = 0;
  for (guint i = 0; i < names->len; i++) {
    const char *path = g_ptr_array_index(names, i);
    if (g_getenv("REPLAY_VERBOSE"))
      fprintf(stderr, "replay: %s\n", path);
    failures += replay_file(path);
    (*count)++;
  }
  g_ptr_array_free(names, TRUE);
  return failures;
}

int main(int argc, char **argv)
{
  if (argc < 2) {
    fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
    return 2;
  }
  int failures = 0;
  guint count = 0;
  for (int i = 1; i < argc; i++) {
    if (g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
      failures += replay_directory(argv[i], &count);
    } else {
      failures += replay_file(argv[i]);
      count++;
    }
  }
  printf("replayed %u input%s, %d unreadable\n", count, count == 1 ? "" : "s", failures);
  /* An empty corpus would make the test pass while checking nothing. */
  return failures || count == 0 ? 1 : 0;
}
