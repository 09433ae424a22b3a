/* Resource limits through the real binary: a layer with more features or
 * vertices than allowed, or needing more memory than it may use, is
 * refused before it is read (a table before it is parsed), with a message
 * naming the file, the numbers and how to raise the limit; a layer within
 * the limits renders. */
#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include "hostile.h"

#define LIMITS_ADD(name, func) \
  HOSTILE_TEST_ADD("/hostile/limits/" name, func)

/* Runs render with extra options and environment; checks the exit code,
 * the needles on stderr, and that a map exists only after a success. */
static void expect_limit(const hostile_fixture_t *fx, const char *const *options,
                         const char *const *env, int code, const char *const *needles,
                         const char *file, int line)
{
  g_remove(fx->out);
  hostile_result_t r;
  hostile_render_env(&r, fx, FALSE, options, env, NULL);
  hostile_check(&r, code, needles, file, line);
  if (g_file_test(fx->out, G_FILE_TEST_EXISTS) != (code == HOSTILE_EXIT_OK)) {
    char *msg = g_strdup_printf("%s: %s (exit %d)\n%s", fx->out,
                                code ? "written by a failed run" : "not written", r.code, r.err);
    g_assertion_message(G_LOG_DOMAIN, file, line, G_STRFUNC, msg);
    g_free(msg);
  }
  hostile_result_clear(&r);
}
#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define EXPECT_LIMIT(fx, options, env, code, ...) \
  expect_limit((fx), (options), (env), (code), ARGS(__VA_ARGS__), __FILE__, __LINE__)

/* n_features closed rings of n_points (the last repeats the first), one
 * per 1 km cell of a grid 30 cells wide: every vertex is known exactly. */
static void write_polygons(hostile_fixture_t *fx, guint n_features, guint n_points)
{
  double **rings = g_new(double *, n_features);
  guint *n = g_new(guint, n_features);
  for (guint i = 0; i < n_features; i++) {
    double cx = 650000 + 1000.0 * (i % 30), cy = 6800000 + 1000.0 * (i / 30);
    rings[i] = g_new(double, 2 * n_points);
    n[i] = n_points;
    /* Clockwise, as shapefile exteriors are. */
    for (guint k = 0; k + 1 < n_points; k++) {
      double a = -2 * G_PI * k / (n_points - 1);
      rings[i][2 * k] = cx + 400 * cos(a);
      rings[i][2 * k + 1] = cy + 400 * sin(a);
    }
    rings[i][2 * (n_points - 1)] = rings[i][0];
    rings[i][2 * (n_points - 1) + 1] = rings[i][1];
  }
  hostile_write_layer(fx, n_features, n, (const double *const *)rings);
  for (guint i = 0; i < n_features; i++)
    g_free(rings[i]);
  g_free(rings);
  g_free(n);
}

static void test_max_vertices(hostile_fixture_t *fx, gconstpointer data)
{
  /* 300 rings of 41 points: 12,300 vertices, which the record lengths of
   * a single-ring polygon layer give exactly. */
  write_polygons(fx, 300, 41);
  EXPECT_LIMIT(fx, ARGS("--max-vertices", "12299"), NULL, HOSTILE_EXIT_ERROR,
               "terrimap: error: ", "layer.shp: up to 12300 vertices",
               "more than the limit of 12299",
               "raise it with --max-vertices N or TERRIMAP_MAX_VERTICES=N");
  EXPECT_LIMIT(fx, ARGS("--max-vertices", "12300"), NULL, HOSTILE_EXIT_OK, "");
  EXPECT_LIMIT(fx, NULL, ARGS("TERRIMAP_MAX_VERTICES=1000"), HOSTILE_EXIT_ERROR,
               "layer.shp: up to 12300 vertices", "more than the limit of 1000");
}

static void test_max_features(hostile_fixture_t *fx, gconstpointer data)
{
  EXPECT_LIMIT(fx, ARGS("--max-features", "2"), NULL, HOSTILE_EXIT_ERROR, "terrimap: error: ",
               "layer.shp: 3 features, more than the limit of 2",
               "raise it with --max-features N or TERRIMAP_MAX_FEATURES=N");
  EXPECT_LIMIT(fx, NULL, ARGS("TERRIMAP_MAX_FEATURES=2"), HOSTILE_EXIT_ERROR,
               "layer.shp: 3 features, more than the limit of 2");
  /* The option wins over the environment. */
  EXPECT_LIMIT(fx, ARGS("--max-features", "3"), ARGS("TERRIMAP_MAX_FEATURES=2"), HOSTILE_EXIT_OK,
               "");
}

static void test_memory_budget(hostile_fixture_t *fx, gconstpointer data)
{
  /* 3 features and 15 vertices: about 9 KiB by terrimap's estimate. */
  EXPECT_LIMIT(fx, NULL, ARGS("TERRIMAP_MAX_MEMORY=4K"), HOSTILE_EXIT_ERROR, "terrimap: error: ",
               "layer.shp: 3 features and up to 15 vertices need about ",
               "more than the 4.0 KiB of the --max-memory / TERRIMAP_MAX_MEMORY budget",
               "set another budget with --max-memory SIZE or TERRIMAP_MAX_MEMORY=SIZE");
  EXPECT_LIMIT(fx, NULL, ARGS("TERRIMAP_MAX_MEMORY=1M"), HOSTILE_EXIT_OK, "");
  EXPECT_LIMIT(fx, ARGS("--max-memory", "4K"), NULL, HOSTILE_EXIT_ERROR,
               "more than the 4.0 KiB of the --max-memory / TERRIMAP_MAX_MEMORY budget");
}

static void test_table_memory_budget(hostile_fixture_t *fx, gconstpointer data)
{
  /* 10 MiB of text in 3 lines: its text twice and 256 B a line. */
  gsize big = 10 * 1024 * 1024;
  GString *s = g_string_new("code,nom\n001,\"");
  for (gsize i = 0; i < big; i++)
    g_string_append_c(s, (char)('a' + i % 26));
  g_string_append(s, "\"\n002,Beta\n");
  hostile_write_bytes(fx->csv, s->str, s->len);
  g_string_free(s, TRUE);
  EXPECT_LIMIT(fx, NULL, ARGS("TERRIMAP_MAX_MEMORY=16M"), HOSTILE_EXIT_ERROR,
               "terrimap: error: ", "members.csv: 3 lines need about 20.0 MiB of memory",
               "more than the 16.0 MiB of the --max-memory / TERRIMAP_MAX_MEMORY budget");
  EXPECT_LIMIT(fx, NULL, ARGS("TERRIMAP_MAX_MEMORY=24M"), HOSTILE_EXIT_OK, "");
}

/* Record 1 said (by the .shx) to be 1 GiB long, in an 8 GiB .shp that is
 * one hole: up to (2^30 - 48) / 16 + 5 + 5 vertices. */
static void make_huge_claim(hostile_fixture_t *fx)
{
  hostile_patch_be32(fx->shx, SHP_HEADER + 4, (1u << 30) / 2);
  hostile_extend_sparse(fx->shp, G_GUINT64_CONSTANT(8) << 30);
}

static void test_huge_record_claim(hostile_fixture_t *fx, gconstpointer data)
{
  make_huge_claim(fx);
  /* Refused from the .shx alone: reading record 1 would first allocate
   * and read its whole claimed gigabyte. */
  EXPECT_LIMIT(fx, NULL, ARGS("TERRIMAP_MAX_MEMORY=1G"), HOSTILE_EXIT_ERROR,
               "layer.shp: 3 features and up to 67108871 vertices need about 6.0 GiB of memory",
               "more than the 1.0 GiB of the --max-memory / TERRIMAP_MAX_MEMORY budget");
}

#if defined(__SANITIZE_ADDRESS__)
static void test_address_space_limit(hostile_fixture_t *fx, gconstpointer data)
{
  /* AddressSanitizer reserves terabytes of shadow memory at start-up. */
  g_test_skip("RLIMIT_AS cannot be lowered under AddressSanitizer");
}
#else
/* In the child, between fork and exec: 4 GiB of address space. */
static void limit_address_space(gpointer data)
{
  struct rlimit rl = {(rlim_t)4 << 30, (rlim_t)4 << 30};
  setrlimit(RLIMIT_AS, &rl);
}

static void test_address_space_limit(hostile_fixture_t *fx, gconstpointer data)
{
  make_huge_claim(fx);
  hostile_result_t r;
  hostile_render_env(&r, fx, FALSE, NULL, NULL, limit_address_space);
  hostile_check(&r, HOSTILE_EXIT_ERROR,
                ARGS("layer.shp: 3 features and up to 67108871 vertices need about 6.0 GiB"),
                __FILE__, __LINE__);
  /* The budget is what ulimit -v leaves, unless the machine itself has
   * less available. */
  if (!strstr(r.err, "RLIMIT_AS (ulimit -v)") && !strstr(r.err, "MemAvailable"))
    g_test_fail_printf("the message does not say where the budget comes from:\n%s", r.err);
  hostile_result_clear(&r);
}
#endif

void hostile_add_limit_cases(void)
{
  LIMITS_ADD("max-vertices", test_max_vertices);
  LIMITS_ADD("max-features", test_max_features);
  LIMITS_ADD("memory-budget", test_memory_budget);
  LIMITS_ADD("table-memory-budget", test_table_memory_budget);
  LIMITS_ADD("huge-record-claim", test_huge_record_claim);
  LIMITS_ADD("address-space-limit", test_address_space_limit);
}
