/* shapelib's file access, without a system call per record.
 *
 * shapelib seeks before every record of the .shp and the .dbf; through
 * stdio each fseek is an lseek, and on the benchmark machine (a
 * paravirtualised VM) system calls were a sixth of reading the commune
 * layer.  These hooks keep the position themselves and read through a
 * window of the file with pread: a seek is an assignment, and sequential
 * records cost one read per 256 KiB.  Read-only: terrimap never writes a
 * shapefile. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "read_private.h"

#define TM_WINDOW (256u << 10)

typedef struct {
  int fd;
  guint64 size;  /* for SEEK_END */
  guint64 pos;   /* the reader's position */
  guint64 start; /* file offset of window[0] */
  gsize len;     /* bytes in the window */
  guint8 window[TM_WINDOW];
} tm_sa_file_t;

static SAFile tm_sa_open(const char *path, const char *access)
{
  if (strchr(access, 'w') || strchr(access, 'a') || strchr(access, '+')) {
    errno = EACCES;
    return NULL;
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    return NULL;
  }
  tm_sa_file_t *f = g_new(tm_sa_file_t, 1);
  f->fd = fd;
  f->size = (guint64)st.st_size;
  f->pos = f->start = 0;
  f->len = 0;
  return (SAFile)f;
}

/* pread until n bytes or the end of the file; -1 on error. */
static gssize tm_sa_pread(int fd, guint8 *out, gsize n, guint64 offset)
{
  gsize done = 0;
  while (done < n) {
    ssize_t got = pread(fd, out + done, n - done, (off_t)(offset + done));
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0)
      return -1;
    if (got == 0)
      break;
    done += (gsize)got;
  }
  return (gssize)done;
}

static SAOffset tm_sa_read(void *p, SAOffset size, SAOffset nmemb, SAFile file)
{
  tm_sa_file_t *f = (tm_sa_file_t *)file;
  gsize want = 0;
  if (size == 0 || !g_size_checked_mul(&want, size, nmemb))
    return 0;
  guint8 *out = p;
  gsize done = 0;
  while (done < want) {
    if (f->pos >= f->start && f->pos < f->start + f->len) {
      gsize from = (gsize)(f->pos - f->start), n = MIN(want - done, f->len - from);
      memcpy(out + done, f->window + from, n);
      done += n;
      f->pos += n;
      continue;
    }
    if (want - done >= TM_WINDOW) { /* large: straight into the caller's buffer */
      gssize got = tm_sa_pread(f->fd, out + done, want - done, f->pos);
      if (got > 0) {
        done += (gsize)got;
        f->pos += (guint64)got;
      }
      break;
    }
    gssize got = tm_sa_pread(f->fd, f->window, TM_WINDOW, f->pos);
    if (got <= 0)
      break;
    f->start = f->pos;
    f->len = (gsize)got;
  }
  return done / size;
}

static SAOffset tm_sa_write(void *p, SAOffset size, SAOffset nmemb, SAFile file)
{
  return 0;
}

static SAOffset tm_sa_seek(SAFile file, SAOffset offset, int whence)
{
  tm_sa_file_t *f = (tm_sa_file_t *)file;
  guint64 base = whence == SEEK_CUR ? f->pos : whence == SEEK_END ? f->size : 0;
  f->pos = base + offset;
  return 0;
}

static SAOffset tm_sa_tell(SAFile file)
{
  return ((tm_sa_file_t *)file)->pos;
}

static int tm_sa_flush(SAFile file)
{
  return 0;
}

static int tm_sa_close(SAFile file)
{
  tm_sa_file_t *f = (tm_sa_file_t *)file;
  int r = close(f->fd);
  g_free(f);
  return r;
}

/* shapelib's default hook prints to stderr; its messages lack the file name
 * and the caller reports each failure itself. */
static void tm_sa_error(const char *message)
{
  (void)message;
}

void tm_read_setup_hooks(SAHooks *hooks)
{
  SASetupDefaultHooks(hooks); /* Atof, Remove */
  hooks->FOpen = tm_sa_open;
  hooks->FRead = tm_sa_read;
  hooks->FWrite = tm_sa_write;
  hooks->FSeek = tm_sa_seek;
  hooks->FTell = tm_sa_tell;
  hooks->FFlush = tm_sa_flush;
  hooks->FClose = tm_sa_close;
  hooks->Error = tm_sa_error;
}
