#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "terrimap/write.h"

static void tm_set_errno_error(GError **error, const char *path, const char *what, int errsv) {
  g_set_error(error, TM_ERROR, TM_ERROR_IO, "%s: %s (%s)", path, what, g_strerror(errsv));
}

/* The rename is durable only once the directory entry is; a failure here
 * cannot be undone and is not worth reporting. */
static void tm_sync_directory(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
}

/* Flushes, syncs and closes f; FALSE with errno in *errsv on the first
 * failure (f is closed either way). */
static gboolean tm_close_synced(FILE *f, int *errsv) {
  gboolean ok = TRUE;
  if (fflush(f) != 0 || ferror(f)) {
    *errsv = errno ? errno : EIO;
    ok = FALSE;
  } else if (fsync(fileno(f)) != 0) {
    *errsv = errno;
    ok = FALSE;
  }
  if (fclose(f) != 0 && ok) {
    *errsv = errno;
    ok = FALSE;
  }
  return ok;
}

struct tm_pending_file {
  char *path, *tmp_path, *dir;
};

void tm_write_abort(tm_pending_file_t *pending) {
  if (pending == NULL)
    return;
  g_unlink(pending->tmp_path);
  g_free(pending->path);
  g_free(pending->tmp_path);
  g_free(pending->dir);
  g_free(pending);
}

tm_pending_file_t *tm_write_prepare(const char *path, tm_file_writer_t writer, void *data,
                                    GError **error) {
  tm_pending_file_t *p = g_new0(tm_pending_file_t, 1);
  p->path = g_strdup(path);
  p->dir = g_path_get_dirname(path);
  char *base = g_path_get_basename(path);
  /* Hidden and in the same directory: rename() is atomic only within one
   * file system, and a half-written map should not show up in listings. */
  char *tmp_name = g_strdup_printf(".%s.XXXXXX.tmp", base);
  p->tmp_path = g_build_filename(p->dir, tmp_name, NULL);
  g_free(tmp_name);
  g_free(base);
  FILE *f = NULL;
  int errsv = 0;

  errno = 0;
  int fd = g_mkstemp_full(p->tmp_path, O_WRONLY, 0666); /* 0666 & ~umask, like fopen */
  if (fd < 0) {
    tm_set_errno_error(error, path, "cannot create file", errno);
    g_free(p->tmp_path);
    p->tmp_path = g_strdup(""); /* nothing to remove */
    goto fail;
  }
  f = fdopen(fd, "wb");
  if (f == NULL) {
    tm_set_errno_error(error, path, "cannot write", errno);
    close(fd);
    goto fail;
  }
  GError *local = NULL;
  if (!writer(f, data, &local)) {
    fclose(f);
    if (local == NULL) /* a writer that forgot its error still fails */
      g_set_error(&local, TM_ERROR, TM_ERROR_IO, "cannot write");
    /* Writers do not know the path; the error must name it. */
    g_prefix_error(&local, "%s: ", path);
    g_propagate_error(error, local);
    goto fail;
  }
  if (!tm_close_synced(f, &errsv)) {
    tm_set_errno_error(error, path, "cannot write", errsv);
    goto fail;
  }
  return p;

fail:
  tm_write_abort(p);
  return NULL;
}

gboolean tm_write_commit(tm_pending_file_t *p, GError **error) {
  gboolean ok = g_rename(p->tmp_path, p->path) == 0;
  if (!ok)
    tm_set_errno_error(error, p->path, "cannot replace file", errno);
  else
    tm_sync_directory(p->dir);
  tm_write_abort(p); /* frees; the temporary name no longer exists after a rename */
  return ok;
}

gboolean tm_write_atomic(const char *path, tm_file_writer_t writer, void *data, GError **error) {
  tm_pending_file_t *p = tm_write_prepare(path, writer, data, error);
  return p != NULL && tm_write_commit(p, error);
}
