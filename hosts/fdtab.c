/* hosts/fdtab.c: descriptor tables (see fdtab.h). A table is an array of
 * limit slots, NULL when free; finding the lowest free slot is a scan,
 * which is cheap at 64 slots and keeps the table a plain array. */
#include "fdtab.h"

#include <errno.h>
#include <glib.h>

struct fdtab {
  struct file **fds;          /* limit slots; NULL = not open */
  int limit;                  /* number of slots */
  int count;                  /* slots in use */
};

struct fdtab *fdtab_new(int limit)
{
  g_return_val_if_fail(limit > 0 && limit <= 65536, NULL);
  struct fdtab *t = g_new0(struct fdtab, 1);
  t->fds = g_new0(struct file *, limit);
  t->limit = limit;
  return t;
}

struct fdtab *fdtab_copy(const struct fdtab *t)
{
  struct fdtab *c = fdtab_new(t->limit);
  for (int fd = 0; fd < t->limit; fd++)
    if (t->fds[fd])
      c->fds[fd] = file_ref(t->fds[fd]);
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
  g_free(t);
}

/* The lowest free descriptor, or -1 when full. */
static int lowest_free(const struct fdtab *t)
{
  for (int fd = 0; fd < t->limit; fd++)
    if (!t->fds[fd])
      return fd;
  return -1;
}

int fdtab_install(struct fdtab *t, struct file *fp)
{
  int fd = lowest_free(t);
  if (fd < 0) {
    file_unref(fp);
    return -EMFILE;
  }
  t->fds[fd] = fp;
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
  t->count++;
  return fd2;
}

int fdtab_count(const struct fdtab *t)
{
  return t->count;
}

int fdtab_limit(const struct fdtab *t)
{
  return t->limit;
}
