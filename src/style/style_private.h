/* Internals of the style stage, shared by its .c files only. */
#ifndef TERRIMAP_STYLE_PRIVATE_H
#define TERRIMAP_STYLE_PRIVATE_H

#include "terrimap/style.h"

G_BEGIN_DECLS

/* The built-in styles/default.ini, compiled in by CMake. */
extern const char tm_default_style_text[];

/* Everything a value reader needs to point at the line a bad value came
 * from: values are read from the merged key file, but only the user's file
 * has lines worth naming. */
typedef struct {
  GKeyFile *merged;     /* defaults with the user's keys applied */
  GKeyFile *user;       /* NULL for the defaults alone */
  const char *path;     /* user file, or NULL */
  const char *text;     /* user file text, NUL-terminated, or NULL */
} tm_style_reader_t;

/* ---- style_lines.c ---- */
/* 1-based line of "key=" inside [group] (the last one, as GKeyFile keeps the
 * last), or of the [group] header when key is NULL; 0 when absent. */
guint tm_style_find_line(const char *text, const char *group, const char *key);
/* The first line GKeyFile would refuse (neither blank, comment, [group]
 * nor key=value under a group), or 0: GLib's parse errors carry no line. */
guint tm_style_find_syntax_line(const char *text);
/* "path:LINE" when the user file holds group/key (or at least the group),
 * else "built-in style".  Caller frees. */
char *tm_style_reader_where(const tm_style_reader_t *r, const char *group, const char *key);
/* Sets a TM_ERROR_STYLE "WHERE: [group] key: MESSAGE" error. */
void tm_style_reader_fail(const tm_style_reader_t *r, GError **error, const char *group,
                          const char *key, const char *format, ...) G_GNUC_PRINTF(5, 6);

/* ---- style_schema.c ---- */
/* Rejects unknown groups and keys of the user's file, naming its line. */
gboolean tm_style_check_schema(const tm_style_reader_t *r, GError **error);
/* TRUE for "frame NAME" groups; *name (borrowed) gets NAME. */
gboolean tm_style_group_is_frame(const char *group, const char **name);
/* TRUE for "overlay NAME" groups; *name (borrowed) gets NAME. */
gboolean tm_style_group_is_overlay(const char *group, const char **name);

/* ---- style_values.c: typed readers of merged values, errors at file:line ---- */
gboolean tm_style_read_string(const tm_style_reader_t *r, const char *group, const char *key,
                              gboolean empty_is_null, char **out, GError **error);
gboolean tm_style_read_double(const tm_style_reader_t *r, const char *group, const char *key,
                              double min, double max, double *out, GError **error);
/* A size in points: more than 0, at most max. */
gboolean tm_style_read_size(const tm_style_reader_t *r, const char *group, const char *key,
                            double max, double *out, GError **error);
gboolean tm_style_read_int(const tm_style_reader_t *r, const char *group, const char *key,
                           int min, int max, int *out, GError **error);
gboolean tm_style_read_bool(const tm_style_reader_t *r, const char *group, const char *key,
                            gboolean fallback, gboolean *out, GError **error);
gboolean tm_style_read_color(const tm_style_reader_t *r, const char *group, const char *key,
                             tm_rgba_t *out, GError **error);
gboolean tm_style_read_palette(const tm_style_reader_t *r, const char *group, const char *key,
                               tm_rgba_t **out, guint *n_out, GError **error);
gboolean tm_style_read_paper(const tm_style_reader_t *r, const char *group, const char *key,
                             char **out, GError **error);
/* One of choices (NULL-terminated, compared case-insensitively): *out gets
 * its index. */
gboolean tm_style_read_choice(const tm_style_reader_t *r, const char *group, const char *key,
                              const char *const *choices, int *out, GError **error);

/* ---- style_frames.c ---- */
/* The [frame NAME] groups: the user's when it has any, else the defaults'. */
gboolean tm_style_read_frames(const tm_style_reader_t *r, tm_style_t *style, GError **error);
void tm_frame_spec_clear(tm_frame_spec_t *frame);

/* ---- style_overlays.c ---- */
/* The [overlay NAME] groups of the merged file, in order: the defaults'
 * then the user's (a user overlay named like a default one changes it). */
gboolean tm_style_read_overlays(const tm_style_reader_t *r, tm_style_t *style, GError **error);
void tm_overlay_spec_clear(tm_overlay_spec_t *overlay);

/* ---- style_classes.c: [classes] and [compare] ---- */
gboolean tm_style_read_classes(const tm_style_reader_t *r, tm_style_t *style, GError **error);

/* ---- style_extent.c: [data] extent, [extent] and [context] ---- */
/* NULL when text is a valid extent ("region:CODE", "departement:CODE",
 * "category:VALUE", "bbox:x0,y0,x1,y1[,CRS]"), else what is wrong with it
 * and the accepted forms; caller frees. */
char *tm_style_extent_problem(const char *text);
gboolean tm_style_read_extent(const tm_style_reader_t *r, tm_style_t *style, GError **error);

/* ---- style_map.c: [categories] colouring, [territories], [labels],
 * [insets] shape, [northarrow] ---- */
gboolean tm_style_read_map(const tm_style_reader_t *r, tm_style_t *style, GError **error);

/* ---- style_text.c ---- */
gboolean tm_style_read_text(const tm_style_reader_t *r, tm_style_t *style, GError **error);
/* Replaces "{year}" (and "{date}") by the current year, or SOURCE_DATE_EPOCH's
 * year when that is set, so reproducible builds get stable output. */
char *tm_style_expand_year(const char *text);

G_END_DECLS

#endif
