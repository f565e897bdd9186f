/* hosts/uipc_rights.c: access rights in flight (uipc_rights.h). */
#include "uipc_rights.h"

#include <errno.h>
#include <glib.h>

int rights_internalize(const struct fdtab *t, const int *fds, unsigned n,
                       struct so_rights **out)
{
  for (unsigned i = 0; i < n; i++)
    if (!fdtab_get(t, fds[i]))
      return -EBADF;
  struct so_rights *r = g_malloc(sizeof *r + n * sizeof r->fp[0]);
  r->n = n;
  for (unsigned i = 0; i < n; i++)
    r->fp[i] = file_ref(fdtab_get(t, fds[i]));
  *out = r;
  return 0;
}

int rights_externalize(struct fdtab *t, struct so_rights *r, int *fds)
{
  if ((unsigned)(fdtab_limit(t) - fdtab_count(t)) < r->n) {
    rights_dispose(r);
    return -EMSGSIZE;
  }
  for (unsigned i = 0; i < r->n; i++)
    fds[i] = fdtab_install(t, r->fp[i]);
  g_free(r);
  return 0;
}

bool rights_truncate(struct so_rights **rp, unsigned room)
{
  struct so_rights *r = *rp;
  if (!r || r->n <= room)
    return false;
  for (unsigned i = room; i < r->n; i++)
    file_unref(r->fp[i]);
  r->n = room;
  if (room == 0) {
    g_free(r);
    *rp = NULL;
  }
  return true;
}

void rights_dispose(struct so_rights *r)
{
  if (!r)
    return;
  for (unsigned i = 0; i < r->n; i++)
    file_unref(r->fp[i]);
  g_free(r);
}
