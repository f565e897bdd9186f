/* hosts/fdtab.c: descriptor tables (see fdtab.h). A table is an array of
 * limit slots, NULL when free; finding the lowest free slot is a scan,
 * which is cheap at 64 slots and keeps the table a plain array. */
#include "fdtab.h"

#include <errno.h>
#include <glib.h>
#include <string.h>

struct fdtab {
  struct file **fds;          /* limit slots; NULL = not open */
  int limit;                  /* number of slots */
  int count;                  /* slots in use */
  uint8_t *cloexec;           /* limit close-on-exec flags (F_SETFD) */
};

struct fdtab *fdtab_new(int limit)
{
  g_return_val_if_fail(limit > 0 && limit <= 65536, NULL);
  struct fdtab *t = g_new0(struct fdtab, 1);
  t->fds = g_new0(struct file *, limit);
  t->cloexec = g_new0(uint8_t, limit);
  t->limit = limit;
  return t;
}

struct fdtab *fdtab_copy(const struct fdtab *t)
{
  struct fdtab *c = fdtab_new(t->limit);
  for (int fd = 0; fd < t->limit; fd++)
    if (t->fds[fd])
      c->fds[fd] = file_ref(t->fds[fd]);
  memcpy(c->cloexec, t->cloexec, (size_t)t->limit);
  c->count = t->count;
  return c;
}

void fdtab_free(struct fdtab *t)
{
  if (!t)
    return;
  for (int fd = 0; fd < t->limit; fd++)
    if (t->fds[fd])
      file_unref(t->fds[fd]);
  g_free(t->fds);
  g_free(t->cloexec);
  g_free(t);
}

/* The lowest free descriptor at or above min, or -1 when none. */
static int free_from(const struct fdtab *t, int min)
{
  for (int fd = min; fd < t->limit; fd++)
    if (!t->fds[fd])
      return fd;
  return -1;
}

static int lowest_free(const struct fdtab *t)
{
  return free_from(t, 0);
}

int fdtab_install(struct fdtab *t, struct file *fp)
{
  int fd = lowest_free(t);
  if (fd < 0) {
    file_unref(fp);
    return -EMFILE;
  }
  t->fds[fd] = fp;
  t->cloexec[fd] = 0;
  t->count++;
  return fd;
}

struct file *fdtab_get(const struct fdtab *t, int fd)
{
  return fd >= 0 && fd < t->limit ? t->fds[fd] : NULL;
}

int fdtab_close(struct fdtab *t, int fd)
{
  struct file *fp = fdtab_get(t, fd);
  if (!fp)
    return -EBADF;
  t->fds[fd] = NULL;
  t->count--;
  return file_unref(fp);
}

int fdtab_dup(struct fdtab *t, int fd)
{
  struct file *fp = fdtab_get(t, fd);
  if (!fp)
    return -EBADF;
  if (t->count == t->limit)
    return -EMFILE;
  return fdtab_install(t, file_ref(fp));
}

int fdtab_dup2(struct fdtab *t, int fd, int fd2)
{
  struct file *fp = fdtab_get(t, fd);
  if (!fp || fd2 < 0 || fd2 >= t->limit)
    return -EBADF;
  if (fd == fd2)
    return fd2;
  if (t->fds[fd2])
    fdtab_close(t, fd2);          /* as in 4.4BSD, its error is not reported */
  t->fds[fd2] = file_ref(fp);
  t->cloexec[fd2] = 0;
  t->count++;
  return fd2;
}

int fdtab_dupfrom(struct fdtab *t, int fd, int min)
{
  struct file *fp = fdtab_get(t, fd);
  if (!fp)
    return -EBADF;
  if (min < 0 || min >= t->limit)
    return -EINVAL;
  int nfd = free_from(t, min);
  if (nfd < 0)
    return -EMFILE;
  t->fds[nfd] = file_ref(fp);
  t->cloexec[nfd] = 0;
  t->count++;
  return nfd;
}

int fdtab_getfd(const struct fdtab *t, int fd)
{
  return fdtab_get(t, fd) ? t->cloexec[fd] : -EBADF;
}

int fdtab_setfd(struct fdtab *t, int fd, int flag)
{
  if (!fdtab_get(t, fd))
    return -EBADF;
  t->cloexec[fd] = (flag & 1) != 0;
  return 0;
}

int fdtab_count(const struct fdtab *t)
{
  return t->count;
}

int fdtab_limit(const struct fdtab *t)
{
  return t->limit;
}
