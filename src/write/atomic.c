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

gboolean tm_write_atomic(const char *path, tm_file_writer_t writer, void *data, GError **error) {
  char *dir = g_path_get_dirname(path);
  char *base = g_path_get_basename(path);
  /* Hidden and in the same directory: rename() is atomic only within one
   * file system, and a half-written map should not show up in listings. */
  char *tmp_name = g_strdup_printf(".%s.XXXXXX.tmp", base);
  char *tmp_path = g_build_filename(dir, tmp_name, NULL);
  gboolean ok = FALSE;
  FILE *f = NULL;
  int errsv = 0;

  errno = 0;
  int fd = g_mkstemp_full(tmp_path, O_WRONLY, 0666); /* 0666 & ~umask, like fopen */
  if (fd < 0) {
    tm_set_errno_error(error, path, "cannot create file", errno);
    goto out;
  }
  f = fdopen(fd, "wb");
  if (f == NULL) {
    tm_set_errno_error(error, path, "cannot write", errno);
    close(fd);
    goto remove_tmp;
  }

  GError *local = NULL;
  if (!writer(f, data, &local)) {
    fclose(f);
    if (local == NULL) /* a writer that forgot its error still fails */
      g_set_error(&local, TM_ERROR, TM_ERROR_IO, "cannot write");
    /* Writers do not know the path; the error must name it. */
    g_prefix_error(&local, "%s: ", path);
    g_propagate_error(error, local);
    goto remove_tmp;
  }
  if (!tm_close_synced(f, &errsv)) {
    tm_set_errno_error(error, path, "cannot write", errsv);
    goto remove_tmp;
  }
  if (g_rename(tmp_path, path) != 0) {
    tm_set_errno_error(error, path, "cannot replace file", errno);
    goto remove_tmp;
  }
  tm_sync_directory(dir);
  ok = TRUE;
  goto out;

remove_tmp:
  g_unlink(tmp_path);
out:
  g_free(tmp_path);
  g_free(tmp_name);
  g_free(base);
  g_free(dir);
  return ok;
}
