/* Hostile inputs for the real binary: each case builds a valid fixture
 * (three 15 km squares in Lambert-93, a membership table, a style), breaks
 * one thing by writing bad values with shapelib or patching bytes, runs
 * "terrimap render" and checks the exit status and what it said. */
#ifndef TERRIMAP_HOSTILE_H
#define TERRIMAP_HOSTILE_H

#include <glib.h>

enum { HOSTILE_EXIT_OK = 0, HOSTILE_EXIT_ERROR = 1, HOSTILE_EXIT_USAGE = 2 };

/* Byte layout of the fixture, for patching (shapefile and dBase specs). */
enum {
  SHP_HEADER = 100,
  SHP_RECORD = 136,         /* 8-byte header + 128-byte content: 1 part, 5 points */
  SHP_NPARTS = 44,          /* offsets inside a record, from its header */
  SHP_NPOINTS = 48,
  SHP_PART0 = 52,
  SHP_POINTS = 56,
  SHX_RECORD = 8,
  DBF_NRECORDS = 4,
  DBF_HEADER_LENGTH = 8,
  DBF_RECORD_LENGTH = 10,
  DBF_FIELD1_LENGTH = 32 + 16,
};

typedef struct {
  char *dir;
  char *shp, *shx, *dbf, *prj, *cpg, *csv, *style; /* style: dir/style.ini, not written */
  char *out;                                        /* dir/out/map.png */
} hostile_fixture_t;

typedef struct {
  char *out, *err;
  gboolean exited;
  int code, signal;
  char *command;
} hostile_result_t;

/* ---- hostile_files.c ---- */
/* The fixture's setup and teardown, as g_test_add wants them. */
void hostile_fixture_init(hostile_fixture_t *fx, gconstpointer data);
void hostile_fixture_clear(hostile_fixture_t *fx, gconstpointer data);
#define HOSTILE_TEST_ADD(path, func)                                                       \
  g_test_add(path, hostile_fixture_t, NULL, hostile_fixture_init, func, hostile_fixture_clear)
/* Rewrites the layer with shapelib: one polygon per feature, n[i] points of
 * xy (interleaved); n_features DBF records with codes 001.. */
void hostile_write_layer(hostile_fixture_t *fx, guint n_features, const guint *n,
                         const double *const *xy);
void hostile_write_text(const char *path, const char *text);
void hostile_write_bytes(const char *path, const void *data, gsize length);
/* Patches: little- and big-endian 32-bit, 16-bit LE, a double LE, truncation. */
void hostile_patch_le32(const char *path, gsize offset, guint32 value);
void hostile_patch_be32(const char *path, gsize offset, guint32 value);
void hostile_patch_le16(const char *path, gsize offset, guint16 value);
void hostile_patch_double(const char *path, gsize offset, double value);
void hostile_patch_bytes(const char *path, gsize offset, const void *bytes, gsize n);
void hostile_truncate(const char *path, gsize length);
/* Grows the file to length bytes with a hole (no disk space used). */
void hostile_extend_sparse(const char *path, guint64 length);
gsize hostile_file_size(const char *path);

/* ---- hostile_limits.c: resource limits (--max-*, TERRIMAP_MAX_*) ---- */
void hostile_add_limit_cases(void);

/* ---- hostile_run.c ---- */
/* Runs terrimap render on the fixture (layer, key CODE, table, join key
 * code, --size 400x300 --dpi 96, -o fx->out) plus extra (NULL-terminated
 * array, may be NULL); style when with_style. */
void hostile_render(hostile_result_t *res, const hostile_fixture_t *fx, gboolean with_style,
                    const char *const *extra);
/* Same, with environment variables ("NAME=VALUE", NULL-terminated, may be
 * NULL) over the test's own, and child_setup (may be NULL) run in the child
 * before exec (e.g. to lower a resource limit). */
void hostile_render_env(hostile_result_t *res, const hostile_fixture_t *fx, gboolean with_style,
                        const char *const *extra, const char *const *env,
                        GSpawnChildSetupFunc child_setup);
void hostile_result_clear(hostile_result_t *res);
void hostile_check(const hostile_result_t *res, int expected_exit, const char *const *needles,
                   const char *file, int line);
#define hostile_assert(res, code, ...) \
  hostile_check((res), (code), (const char *const[]){__VA_ARGS__, NULL}, __FILE__, __LINE__)

#endif
