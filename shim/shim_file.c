/* shim/shim_file.c: the simulated host's file system (hosts/fs.c, as Lua
 * processes see it): open, open64, creat, and directories (opendir,
 * readdir, closedir). read, write and close of the descriptors are the
 * plain ones (shim_sock.c). The C library's own file access (fopen, the
 * loader, locales) uses its internal calls and stays real. */
#define _GNU_SOURCE
#undef _FILE_OFFSET_BITS   /* open and open64 are two symbols here */
#include "shim.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define X SHIM_EXPORT

static int bsd_flags(int f)
{
  int b = (f & O_ACCMODE) == O_WRONLY ? CHAN_O_WRONLY
        : (f & O_ACCMODE) == O_RDWR ? CHAN_O_RDWR : 0;
  if (f & O_NONBLOCK) b |= CHAN_O_NONBLOCK;
  if (f & O_APPEND) b |= CHAN_O_APPEND;
  if (f & O_CREAT) b |= CHAN_O_CREAT;
  if (f & O_TRUNC) b |= CHAN_O_TRUNC;
  if (f & O_EXCL) b |= CHAN_O_EXCL;
  return b;
}

static int sim_open(const char *path, int flags, int mode)
{
  struct chan_req r = { .op = CHAN_OPEN, .a = { bsd_flags(flags), mode } };
  struct chan_rep rep;
  return (int)shim_call(&r, path, strlen(path) + 1, &rep, NULL, 0);
}

X int open(const char *path, int flags, ...)
{
  va_list ap;
  va_start(ap, flags);
  int mode = flags & O_CREAT ? va_arg(ap, int) : 0;
  va_end(ap);
  return sim_open(path, flags, mode);
}

X int open64(const char *path, int flags, ...)
{
  va_list ap;
  va_start(ap, flags);
  int mode = flags & O_CREAT ? va_arg(ap, int) : 0;
  va_end(ap);
  return sim_open(path, flags, mode);
}

X int creat(const char *path, mode_t mode)
{
  return sim_open(path, O_WRONLY | O_CREAT | O_TRUNC, (int)mode);
}

X int mkdir(const char *path, mode_t mode)
{
  struct chan_req r = { .op = CHAN_MKDIR, .a = { (int64_t)mode } };
  struct chan_rep rep;
  return (int)shim_call(&r, path, strlen(path) + 1, &rep, NULL, 0);
}

/* A directory stream: the names, read once at opendir. */
struct __dirstream {
  char *names;                        /* NUL-separated */
  size_t len, at;                     /* bytes, and where readdir is */
  struct dirent ent;                  /* what readdir returns */
};

X DIR *opendir(const char *path)
{
  char *buf = malloc(CHAN_MAX);
  struct chan_req r = { .op = CHAN_LISTDIR };
  struct chan_rep rep;
  if (!buf || shim_call(&r, path, strlen(path) + 1, &rep, buf,
                        CHAN_MAX) < 0) {
    free(buf);
    return NULL;
  }
  DIR *d = calloc(1, sizeof *d);
  d->names = buf;
  d->len = rep.len < CHAN_MAX ? rep.len : CHAN_MAX;
  return d;
}

X struct dirent *readdir(DIR *d)
{
  if (d->at >= d->len)
    return NULL;
  const char *name = d->names + d->at;
  d->at += strlen(name) + 1;
  memset(&d->ent, 0, sizeof d->ent);
  d->ent.d_ino = 1;
  d->ent.d_type = DT_UNKNOWN;
  strncpy(d->ent.d_name, name, sizeof d->ent.d_name - 1);
  return &d->ent;
}

X struct dirent64 *readdir64(DIR *d)
{
  return (struct dirent64 *)(void *)readdir(d);
}

X int closedir(DIR *d)
{
  free(d->names);
  free(d);
  return 0;
}
