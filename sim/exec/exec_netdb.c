/* sim/exec/exec_netdb.c: a real program's gethostbyname, gethostbyaddr,
 * getservbyname, getservbyport and getnetbyname, answered from the scenario's
 * databases (hosts/netdb.h), as Lua's are (sim/lua/lsim_netdb.c). A
 * failure answers -1 with h_errno's value in b[0]. */
#include "exec_internal.h"
#include "netdb.h"

#include <errno.h>
#include <string.h>

static int host_reply(struct xproc *x, int r, const struct netdb_host *h)
{
  if (r != 0) {
    x->rep.b[0] = r;
    return exec_reply(x, -ENOENT);
  }
  struct chan_host c;
  memset(&c, 0, sizeof c);
  g_strlcpy(c.name, h->name, sizeof c.name);
  c.naddrs = MIN(h->naddrs, CHAN_MAXADDRS);
  for (int i = 0; i < c.naddrs; i++)
    c.addrs[i] = h->addrs[i];
  g_byte_array_append(x->out_data, (const guint8 *)&c, sizeof c);
  return exec_reply(x, 0);
}

/* The payload's i-th NUL-terminated string ("" when missing). */
static const char *payload_str(struct xproc *x, int i)
{
  g_byte_array_append(x->data, (const guint8 *)"\0", 2);
  const char *s = (const char *)x->data->data;
  for (; i > 0 && (const guint8 *)s < x->data->data + x->data->len - 2; i--)
    s += strlen(s) + 1;
  return s;
}

int exec_netdb_hostbyname(struct xproc *x)
{
  struct netdb_host h;
  int r = netdb_host_byname(x->w->db, payload_str(x, 0), &h);
  return host_reply(x, r, &h);
}

int exec_netdb_hostbyaddr(struct xproc *x)
{
  struct netdb_host h;
  int r = netdb_host_byaddr(x->w->db, (in_addr32)x->req.a[0], &h);
  return host_reply(x, r, &h);
}

static int serv_reply(struct xproc *x, const struct netdb_serv *s)
{
  if (!s)
    return exec_reply(x, -ENOENT);
  struct chan_serv c;
  memset(&c, 0, sizeof c);
  g_strlcpy(c.name, s->name, sizeof c.name);
  g_strlcpy(c.proto, s->proto, sizeof c.proto);
  c.port = s->port;
  g_byte_array_append(x->out_data, (const guint8 *)&c, sizeof c);
  return exec_reply(x, 0);
}

int exec_netdb_servbyname(struct xproc *x)
{
  const char *name = payload_str(x, 0), *proto = payload_str(x, 1);
  return serv_reply(x, netdb_serv_byname(x->w->db, name,
                                         *proto ? proto : NULL));
}

int exec_netdb_servbyport(struct xproc *x)
{
  const char *proto = payload_str(x, 0);
  return serv_reply(x, netdb_serv_byport(x->w->db, (int)x->req.a[0],
                                         *proto ? proto : NULL));
}

int exec_netdb_netbyname(struct xproc *x)
{
  struct netdb_net n;
  if (!netdb_net_byname(x->w->db, payload_str(x, 0), &n))
    return exec_reply(x, -ENOENT);
  x->rep.b[0] = n.net;
  return exec_reply(x, 0);
}
