/* hosts/netdb.c: the network databases (see netdb.h). The built-in
 * services and protocols are 4.4BSD's etc/services (5.10, 1992) and
 * etc/protocols (5.3) in file order, plus ftp-data 20/tcp (RFC 959),
 * which that file lacks. Hosts and networks are computed from the
 * topology at each lookup, then the entries a scenario added. The first
 * match in that order wins, as with the 4.4BSD files; host names and
 * addresses are found through a hash index (netdb_index.c) that gives
 * the same first match. Not here: the address routines (netdb_inet.c),
 * Lua (sim/lua/lsim_netdb.c). */
#include "netdb.h"
#include "netdb_index.h"
#include "host.h"
#include "netif.h"

#include <string.h>

#define A(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NOA    ((const char *const[]){ NULL })

static const char *const no_aliases[] = { NULL };

static const struct netdb_serv services[] = {
  { "tcpmux", NOA, 1, "tcp" },
  { "echo", NOA, 7, "tcp" },
  { "echo", NOA, 7, "udp" },
  { "discard", A("sink", "null"), 9, "tcp" },
  { "discard", A("sink", "null"), 9, "udp" },
  { "systat", A("users"), 11, "tcp" },
  { "daytime", NOA, 13, "tcp" },
  { "daytime", NOA, 13, "udp" },
  { "netstat", NOA, 15, "tcp" },
  { "qotd", A("quote"), 17, "tcp" },
  { "chargen", A("ttytst", "source"), 19, "tcp" },
  { "chargen", A("ttytst", "source"), 19, "udp" },
  { "ftp-data", NOA, 20, "tcp" },
  { "ftp", NOA, 21, "tcp" },
  { "telnet", NOA, 23, "tcp" },
  { "smtp", A("mail"), 25, "tcp" },
  { "time", A("timserver"), 37, "tcp" },
  { "time", A("timserver"), 37, "udp" },
  { "rlp", A("resource"), 39, "udp" },
  { "nameserver", A("name"), 42, "tcp" },
  { "whois", A("nicname"), 43, "tcp" },
  { "domain", A("nameserver"), 53, "tcp" },
  { "domain", A("nameserver"), 53, "udp" },
  { "mtp", NOA, 57, "tcp" },
  { "bootp", NOA, 67, "udp" },
  { "tftp", NOA, 69, "udp" },
  { "rje", A("netrjs"), 77, "tcp" },
  { "finger", NOA, 79, "tcp" },
  { "link", A("ttylink"), 87, "tcp" },
  { "supdup", NOA, 95, "tcp" },
  { "hostnames", A("hostname"), 101, "tcp" },
  { "tsap", NOA, 102, "tcp" },
  { "pop", A("postoffice"), 109, "tcp" },
  { "sunrpc", NOA, 111, "tcp" },
  { "sunrpc", NOA, 111, "udp" },
  { "auth", A("authentication"), 113, "tcp" },
  { "sftp", NOA, 115, "tcp" },
  { "uucp-path", NOA, 117, "tcp" },
  { "nntp", A("readnews", "untp"), 119, "tcp" },
  { "ntp", NOA, 123, "udp" },
  { "snmp", NOA, 161, "udp" },
  { "snmp-trap", NOA, 162, "udp" },
  { "exec", NOA, 512, "tcp" },
  { "biff", A("comsat"), 512, "udp" },
  { "login", NOA, 513, "tcp" },
  { "who", A("whod"), 513, "udp" },
  { "shell", A("cmd"), 514, "tcp" },
  { "syslog", NOA, 514, "udp" },
  { "printer", A("spooler"), 515, "tcp" },
  { "talk", NOA, 517, "udp" },
  { "ntalk", NOA, 518, "udp" },
  { "route", A("router", "routed"), 520, "udp" },
  { "timed", A("timeserver"), 525, "udp" },
  { "tempo", A("newdate"), 526, "tcp" },
  { "courier", A("rpc"), 530, "tcp" },
  { "conference", A("chat"), 531, "tcp" },
  { "netnews", A("readnews"), 532, "tcp" },
  { "netwall", NOA, 533, "udp" },
  { "uucp", A("uucpd"), 540, "tcp" },
  { "rdist", A("rdistd"), 541, "tcp" },
  { "remotefs", A("rfs_server", "rfs"), 556, "tcp" },
  { "ingreslock", NOA, 1524, "tcp" },
  { "kerberos", A("kdc"), 750, "udp" },
  { "kerberos", A("kdc"), 750, "tcp" },
  { "krbupdate", A("kreg"), 760, "tcp" },
  { "kpasswd", A("kpwd"), 761, "tcp" },
  { "klogin", NOA, 543, "tcp" },
  { "eklogin", NOA, 2105, "tcp" },
  { "kshell", A("krcmd"), 544, "tcp" },
};

static const struct netdb_proto protocols[] = {
  { "ip", A("IP"), 0 },
  { "icmp", A("ICMP"), 1 },
  { "igmp", A("IGMP"), 2 },
  { "ggp", A("GGP"), 3 },
  { "tcp", A("TCP"), 6 },
  { "egp", A("EGP"), 8 },
  { "pup", A("PUP"), 12 },
  { "udp", A("UDP"), 17 },
  { "hmp", A("HMP"), 20 },
  { "xns-idp", A("XNS-IDP"), 22 },
  { "rdp", A("RDP"), 27 },
  { "iso-tp4", A("ISO-TP4"), 29 },
  { "iso-ip", A("ISO-IP"), 80 },
  { "encap", A("ENCAP"), 98 },
};

#define N_SERVICES  G_N_ELEMENTS(services)
#define N_PROTOCOLS G_N_ELEMENTS(protocols)

/* A host added by a scenario (not in the topology). */
struct added_host {
  char *name;                 /* official name */
  char **aliases;             /* NULL-terminated */
  int naddrs;                 /* addresses in addrs */
  in_addr32 addrs[NETDB_MAXADDRS]; /* in the order given */
};

struct netdb {
  const GPtrArray *topo;      /* struct host * of the run, or NULL */
  GHashTable *host_aliases;   /* struct host * -> char ** (NULL-terminated) */
  struct netdb_index *ix;     /* host names and addresses -> entries */
  guint indexed;              /* topology hosts recorded in ix */
  bool ix_stale;              /* ix must be rebuilt (aliases replaced) */
  GPtrArray *hosts;           /* struct added_host * (owned) */
  GPtrArray *nets;            /* struct netdb_net * declared (owned) */
  GPtrArray *servs;           /* struct netdb_serv * added (owned) */
  GPtrArray *protos;          /* struct netdb_proto * added (owned) */
};

/* ---- names --------------------------------------------------------- */

bool netdb_name_ok(const char *s)
{
  size_t n = s ? strlen(s) : 0;
  if (n == 0 || n > NETDB_NAME_MAX)
    return false;
  for (; *s; s++)
    if (!g_ascii_isalnum(*s) && *s != '_' && *s != '-' && *s != '.')
      return false;
  return true;
}

static bool same(const char *a, const char *b, bool icase)
{
  return icase ? g_ascii_strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

/* Whether name is the official name or one of the aliases. */
static bool named(const char *official, const char *const *aliases,
                  const char *name, bool icase)
{
  if (same(official, name, icase))
    return true;
  for (; *aliases; aliases++)
    if (same(*aliases, name, icase))
      return true;
  return false;
}

/* Which of name and aliases (NULL-terminated) an entry called official
 * with other_aliases also has; NULL if none. */
static const char *clash(const char *name, const char *const *aliases,
                         const char *official,
                         const char *const *other_aliases, bool icase)
{
  if (named(official, other_aliases, name, icase))
    return name;
  for (; *aliases; aliases++)
    if (named(official, other_aliases, *aliases, icase))
      return *aliases;
  return NULL;
}

G_GNUC_PRINTF(2, 3)
static bool fail(GError **err, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_set_error_literal(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, msg);
  g_free(msg);
  return false;
}

static const char *const *cv(char **v)
{
  return (const char *const *)v;
}

/* ---- the database ----------------------------------------------------- */

static void free_added_host(struct added_host *h)
{
  g_free(h->name);
  g_strfreev(h->aliases);
  g_free(h);
}

static void free_net(struct netdb_net *n)
{
  g_free((char *)n->name);
  g_strfreev((char **)n->aliases);
  g_free(n);
}

static void free_serv(struct netdb_serv *s)
{
  g_free((char *)s->name);
  g_strfreev((char **)s->aliases);
  g_free((char *)s->proto);
  g_free(s);
}

static void free_proto(struct netdb_proto *p)
{
  g_free((char *)p->name);
  g_strfreev((char **)p->aliases);
  g_free(p);
}

struct netdb *netdb_new(const GPtrArray *hosts)
{
  struct netdb *db = g_new0(struct netdb, 1);
  db->topo = hosts;
  db->host_aliases = g_hash_table_new_full(g_direct_hash, g_direct_equal,
                                           NULL, (GDestroyNotify)g_strfreev);
  db->hosts = g_ptr_array_new_with_free_func((GDestroyNotify)free_added_host);
  db->ix = netdb_index_new();
  db->nets = g_ptr_array_new_with_free_func((GDestroyNotify)free_net);
  db->servs = g_ptr_array_new_with_free_func((GDestroyNotify)free_serv);
  db->protos = g_ptr_array_new_with_free_func((GDestroyNotify)free_proto);
  return db;
}

void netdb_free(struct netdb *db)
{
  if (!db)
    return;
  g_hash_table_destroy(db->host_aliases);
  netdb_index_free(db->ix);
  g_ptr_array_free(db->hosts, TRUE);
  g_ptr_array_free(db->nets, TRUE);
  g_ptr_array_free(db->servs, TRUE);
  g_ptr_array_free(db->protos, TRUE);
  g_free(db);
}

/* ---- hosts ------------------------------------------------------------- */

static size_t n_topo(const struct netdb *db)
{
  return db && db->topo ? db->topo->len : 0;
}

static size_t n_hosts(const struct netdb *db)
{
  return n_topo(db) + (db ? db->hosts->len : 0);
}

/* Entry i of the hosts database (topology, then added), with all its
 * addresses; naddrs may be 0 for a topology host. */
static void host_at(const struct netdb *db, size_t i, struct netdb_host *out)
{
  out->naddrs = 0;
  if (i < n_topo(db)) {
    const struct host *h = g_ptr_array_index(db->topo, i);
    char **al = g_hash_table_lookup(db->host_aliases, h);
    out->name = h->name;
    out->aliases = al ? cv(al) : no_aliases;
    for (guint j = 0; j < h->ifs->len && out->naddrs < NETDB_MAXADDRS; j++) {
      const struct netif *ifp = g_ptr_array_index(h->ifs, j);
      int len;
      if (ifp->addr && in_parse_cidr(ifp->addr, &out->addrs[out->naddrs],
                                     &len, NULL))
        out->naddrs++;
    }
    return;
  }
  const struct added_host *a = g_ptr_array_index(db->hosts, i - n_topo(db));
  out->name = a->name;
  out->aliases = cv(a->aliases);
  out->naddrs = a->naddrs;
  memcpy(out->addrs, a->addrs, sizeof a->addrs);
}

/* Entry numbers of the index, in database order (netdb_index.h):
 * topology host i is i, added host j is ADDED + j. */
#define ADDED ((uint64_t)1 << 32)

static size_t entry_pos(const struct netdb *db, uint64_t e)
{
  return e < ADDED ? (size_t)e : n_topo(db) + (size_t)(e - ADDED);
}

/* Records entry e's names and addresses as host_at gives them. */
static void index_entry(struct netdb *db, uint64_t e)
{
  struct netdb_host h;
  host_at(db, entry_pos(db, e), &h);
  netdb_index_add_name(db->ix, h.name, e);
  for (const char *const *a = h.aliases; *a; a++)
    netdb_index_add_name(db->ix, *a, e);
  for (int i = 0; i < h.naddrs; i++)
    netdb_index_add_addr(db->ix, h.addrs[i], e);
}

/* The index, brought up to date: topology hosts added since the last
 * call are recorded (a host is first looked at after host{} built it, so
 * its interfaces are complete), or everything when aliases were
 * replaced. The index is a cache, so a lookup on a const db updates it
 * (db is never allocated const). */
static const struct netdb_index *synced(const struct netdb *cdb)
{
  struct netdb *db = (struct netdb *)cdb;
  if (db->ix_stale) {
    netdb_index_clear(db->ix);
    db->indexed = 0;
    for (guint j = 0; j < db->hosts->len; j++)
      index_entry(db, ADDED + j);
    db->ix_stale = false;
  }
  for (; db->indexed < n_topo(db); db->indexed++)
    index_entry(db, db->indexed);
  return db->ix;
}

bool netdb_host_numeric(const char *name)
{
  if (!g_ascii_isdigit(name[0]) || name[strlen(name) - 1] == '.')
    return false;
  for (const char *c = name; *c; c++)
    if (!g_ascii_isdigit(*c) && *c != '.')
      return false;
  return true;
}

int netdb_host_byname(const struct netdb *db, const char *name,
                      struct netdb_host *out)
{
  g_return_val_if_fail(name && out, NETDB_HOST_NOT_FOUND);
  if (netdb_host_numeric(name)) {
    if (!netdb_inet_aton(name, &out->addrs[0]))
      return NETDB_HOST_NOT_FOUND;
    out->name = name;
    out->aliases = no_aliases;
    out->naddrs = 1;
    return 0;
  }
  uint64_t e;
  if (!db || !netdb_index_name(synced(db), name, &e))
    return NETDB_HOST_NOT_FOUND;
  host_at(db, entry_pos(db, e), out);
  return out->naddrs ? 0 : NETDB_NO_DATA;
}

int netdb_host_byaddr(const struct netdb *db, in_addr32 addr,
                      struct netdb_host *out)
{
  g_return_val_if_fail(out, NETDB_HOST_NOT_FOUND);
  uint64_t e;
  if (!db || !netdb_index_addr(synced(db), addr, &e))
    return NETDB_HOST_NOT_FOUND;
  host_at(db, entry_pos(db, e), out);
  out->addrs[0] = addr;
  out->naddrs = 1;
  return 0;
}

/* gethostent's cursor: entry e's k-th address is at e * NETDB_MAXADDRS
 * + k, so each address is a line of its own, as in /etc/hosts. */
bool netdb_host_next(const struct netdb *db, size_t *cursor,
                     struct netdb_host *out)
{
  g_return_val_if_fail(cursor && out, false);
  for (;;) {
    size_t e = *cursor / NETDB_MAXADDRS, k = *cursor % NETDB_MAXADDRS;
    if (e >= n_hosts(db))
      return false;
    host_at(db, e, out);
    if (k < (size_t)out->naddrs) {
      out->addrs[0] = out->addrs[k];
      out->naddrs = 1;
      (*cursor)++;
      return true;
    }
    *cursor = (e + 1) * NETDB_MAXADDRS;
  }
}

/* Which of name and aliases another host (not self) already has: the
 * first such host in database order, and the first of the names it has.
 * A scan of every host; index_clash is the fast way to the same answer. */
static const char *scan_clash(const struct netdb *db, const void *self,
                              const char *name, const char *const *aliases,
                              const char **owner)
{
  struct netdb_host e;
  for (size_t i = 0; i < n_hosts(db); i++) {
    if (i < n_topo(db) && g_ptr_array_index(db->topo, i) == self)
      continue;
    host_at(db, i, &e);
    const char *c = clash(name, aliases, e.name, e.aliases, true);
    if (c) {
      *owner = e.name;
      return c;
    }
  }
  return NULL;
}

/* Whether entry e is the topology host self. */
static bool is_self(const struct netdb *db, uint64_t e, const void *self)
{
  return self && e < ADDED && g_ptr_array_index(db->topo, e) == self;
}

/* scan_clash's answer from the index. False when the index cannot tell
 * (a name that two entries share, possible only after a host{} whose
 * name check failed was caught with pcall): then scan. */
static bool index_clash(const struct netdb *db, const void *self,
                        const char *name, const char *const *aliases,
                        const char **c)
{
  const struct netdb_index *ix = synced(db);
  uint64_t best = UINT64_MAX;
  *c = NULL;
  for (int i = -1; i < 0 || aliases[i]; i++) {
    const char *s = i < 0 ? name : aliases[i];
    uint64_t e;
    guint n = netdb_index_name(ix, s, &e);
    if (n > 1)
      return false;
    if (n == 1 && !is_self(db, e, self) && e < best) {
      best = e;
      *c = s;
    }
  }
  return true;
}

static const char *host_clash(const struct netdb *db, const void *self,
                              const char *name, const char *const *aliases,
                              const char **owner)
{
  const char *c;
  if (!index_clash(db, self, name, aliases, &c))
    return scan_clash(db, self, name, aliases, owner);
  if (c) {
    uint64_t e;
    netdb_index_name(db->ix, c, &e);
    struct netdb_host h;
    host_at(db, entry_pos(db, e), &h);
    *owner = h.name;
  }
  return c;
}

bool netdb_set_host_aliases(struct netdb *db, const struct host *h,
                            const char *const *aliases, GError **err)
{
  g_return_val_if_fail(db && h && aliases, false);
  const char *owner;
  const char *c = host_clash(db, h, h->name, aliases, &owner);
  if (c)
    return fail(err, "'%s' is already a name of host '%s'", c, owner);
  bool had = !g_hash_table_replace(db->host_aliases, (void *)h,
                                   g_strdupv((char **)aliases));
  guint i = db->topo ? db->topo->len : 0;   /* h is most often the last */
  while (i > 0 && g_ptr_array_index(db->topo, i - 1) != h)
    i--;
  if (had)
    db->ix_stale = true;              /* old aliases must leave the index */
  else if (i > 0 && i <= db->indexed)
    for (; *aliases && !db->ix_stale; aliases++)
      netdb_index_add_name(db->ix, *aliases, i - 1);
  return true;
}

bool netdb_add_host(struct netdb *db, const char *name,
                    const char *const *aliases, const in_addr32 *addrs,
                    int n, GError **err)
{
  g_return_val_if_fail(db && name && aliases && addrs, false);
  g_return_val_if_fail(n >= 1 && n <= NETDB_MAXADDRS, false);
  const char *owner;
  const char *c = host_clash(db, NULL, name, aliases, &owner);
  if (c)
    return fail(err, "'%s' is already a name of host '%s'", c, owner);
  struct added_host *a = g_new0(struct added_host, 1);
  a->name = g_strdup(name);
  a->aliases = g_strdupv((char **)aliases);
  a->naddrs = n;
  memcpy(a->addrs, addrs, (size_t)n * sizeof *addrs);
  g_ptr_array_add(db->hosts, a);
  if (!db->ix_stale)
    index_entry(db, ADDED + db->hosts->len - 1);
  return true;
}

/* ---- networks --------------------------------------------------------- */

in_addr32 netdb_ifnet(in_addr32 addr, int len)
{
  g_return_val_if_fail(len >= 0 && len <= 32, 0);
  int shift = (32 - len) / 8 * 8;
  return shift >= 32 ? 0 : (addr & in_netmask(len)) >> shift;
}

/* Interface k of the topology (hosts in order, interfaces in order), or
 * NULL past the last. */
static const struct netif *iface_at(const struct netdb *db, size_t k)
{
  for (size_t i = 0; i < n_topo(db); i++) {
    const struct host *h = g_ptr_array_index(db->topo, i);
    if (k < h->ifs->len)
      return g_ptr_array_index(h->ifs, k);
    k -= h->ifs->len;
  }
  return NULL;
}

/* The network number of ifp's address; false if it has none. */
static bool iface_net(const struct netif *ifp, in_addr32 *net)
{
  in_addr32 a;
  int len;
  if (!ifp->addr || !in_parse_cidr(ifp->addr, &a, &len, NULL))
    return false;
  *net = netdb_ifnet(a, len);
  return true;
}

static const struct netdb_net *declared_net(const struct netdb *db,
                                            in_addr32 net)
{
  for (guint i = 0; db && i < db->nets->len; i++) {
    const struct netdb_net *n = g_ptr_array_index(db->nets, i);
    if (n->net == net)
      return n;
  }
  return NULL;
}

/* Whether interface k gives a network entry: it has an address whose
 * network is neither declared nor given by an earlier interface. */
static bool iface_entry(const struct netdb *db, size_t k,
                        const struct netif *ifp, struct netdb_net *out)
{
  in_addr32 net, other;
  if (!iface_net(ifp, &net) || declared_net(db, net))
    return false;
  for (size_t j = 0; j < k; j++)
    if (iface_net(iface_at(db, j), &other) && other == net)
      return false;
  out->name = ifp->port->medium_name;
  out->aliases = no_aliases;
  out->net = net;
  return true;
}

bool netdb_net_next(const struct netdb *db, size_t *cursor,
                    struct netdb_net *out)
{
  g_return_val_if_fail(cursor && out, false);
  size_t nd = db ? db->nets->len : 0;
  if (*cursor < nd) {
    *out = *(const struct netdb_net *)g_ptr_array_index(db->nets, (*cursor)++);
    return true;
  }
  const struct netif *ifp;
  while ((ifp = iface_at(db, *cursor - nd))) {
    size_t k = (*cursor)++ - nd;
    if (iface_entry(db, k, ifp, out))
      return true;
  }
  return false;
}

bool netdb_net_byname(const struct netdb *db, const char *name,
                      struct netdb_net *out)
{
  g_return_val_if_fail(name && out, false);
  size_t cursor = 0;
  while (netdb_net_next(db, &cursor, out))
    if (named(out->name, out->aliases, name, false))
      return true;
  return false;
}

bool netdb_net_bynumber(const struct netdb *db, in_addr32 net,
                        struct netdb_net *out)
{
  g_return_val_if_fail(out, false);
  size_t cursor = 0;
  while (netdb_net_next(db, &cursor, out))
    if (out->net == net)
      return true;
  return false;
}

bool netdb_add_net(struct netdb *db, const char *name,
                   const char *const *aliases, in_addr32 net, GError **err)
{
  g_return_val_if_fail(db && name && aliases, false);
  for (guint i = 0; i < db->nets->len; i++) {
    const struct netdb_net *n = g_ptr_array_index(db->nets, i);
    const char *c = clash(name, aliases, n->name, n->aliases, false);
    if (c)
      return fail(err, "'%s' is already a name of network '%s'", c, n->name);
  }
  const struct netdb_net *same_net = declared_net(db, net);
  if (same_net)
    return fail(err, "network number 0x%x is already network '%s'", net,
                same_net->name);
  struct netdb_net *n = g_new0(struct netdb_net, 1);
  n->name = g_strdup(name);
  n->aliases = cv(g_strdupv((char **)aliases));
  n->net = net;
  g_ptr_array_add(db->nets, n);
  return true;
}

/* ---- services and protocols ---------------------------------------- */

const struct netdb_serv *netdb_serv_next(const struct netdb *db,
                                         size_t *cursor)
{
  g_return_val_if_fail(cursor, NULL);
  size_t i = *cursor;
  if (i < N_SERVICES) {
    (*cursor)++;
    return &services[i];
  }
  if (!db || i - N_SERVICES >= db->servs->len)
    return NULL;
  (*cursor)++;
  return g_ptr_array_index(db->servs, i - N_SERVICES);
}

static bool proto_ok(const struct netdb_serv *s, const char *proto)
{
  return !proto || strcmp(s->proto, proto) == 0;
}

const struct netdb_serv *netdb_serv_byname(const struct netdb *db,
                                           const char *name,
                                           const char *proto)
{
  g_return_val_if_fail(name, NULL);
  size_t cursor = 0;
  const struct netdb_serv *s;
  while ((s = netdb_serv_next(db, &cursor)))
    if (named(s->name, s->aliases, name, false) && proto_ok(s, proto))
      return s;
  return NULL;
}

const struct netdb_serv *netdb_serv_byport(const struct netdb *db, int port,
                                           const char *proto)
{
  size_t cursor = 0;
  const struct netdb_serv *s;
  while ((s = netdb_serv_next(db, &cursor)))
    if (s->port == port && proto_ok(s, proto))
      return s;
  return NULL;
}

bool netdb_add_serv(struct netdb *db, const char *name,
                    const char *const *aliases, int port, const char *proto,
                    GError **err)
{
  g_return_val_if_fail(db && name && aliases && proto, false);
  size_t cursor = 0;
  const struct netdb_serv *s;
  while ((s = netdb_serv_next(db, &cursor))) {
    if (!proto_ok(s, proto))
      continue;
    const char *c = clash(name, aliases, s->name, s->aliases, false);
    if (c)
      return fail(err, "'%s' is already a name of the service '%s' %d/%s",
                  c, s->name, s->port, proto);
    if (s->port == port)
      return fail(err, "%d/%s is already the service '%s'", port, proto,
                  s->name);
  }
  struct netdb_serv *n = g_new0(struct netdb_serv, 1);
  n->name = g_strdup(name);
  n->aliases = cv(g_strdupv((char **)aliases));
  n->port = port;
  n->proto = g_strdup(proto);
  g_ptr_array_add(db->servs, n);
  return true;
}

const struct netdb_proto *netdb_proto_next(const struct netdb *db,
                                           size_t *cursor)
{
  g_return_val_if_fail(cursor, NULL);
  size_t i = *cursor;
  if (i < N_PROTOCOLS) {
    (*cursor)++;
    return &protocols[i];
  }
  if (!db || i - N_PROTOCOLS >= db->protos->len)
    return NULL;
  (*cursor)++;
  return g_ptr_array_index(db->protos, i - N_PROTOCOLS);
}

const struct netdb_proto *netdb_proto_byname(const struct netdb *db,
                                             const char *name)
{
  g_return_val_if_fail(name, NULL);
  size_t cursor = 0;
  const struct netdb_proto *p;
  while ((p = netdb_proto_next(db, &cursor)))
    if (named(p->name, p->aliases, name, false))
      return p;
  return NULL;
}

const struct netdb_proto *netdb_proto_bynumber(const struct netdb *db,
                                               int number)
{
  size_t cursor = 0;
  const struct netdb_proto *p;
  while ((p = netdb_proto_next(db, &cursor)))
    if (p->number == number)
      return p;
  return NULL;
}

bool netdb_add_proto(struct netdb *db, const char *name,
                     const char *const *aliases, int number, GError **err)
{
  g_return_val_if_fail(db && name && aliases, false);
  size_t cursor = 0;
  const struct netdb_proto *p;
  while ((p = netdb_proto_next(db, &cursor))) {
    const char *c = clash(name, aliases, p->name, p->aliases, false);
    if (c)
      return fail(err, "'%s' is already a name of protocol '%s' (%d)", c,
                  p->name, p->number);
    if (p->number == number)
      return fail(err, "number %d is already the protocol '%s'", number,
                  p->name);
  }
  struct netdb_proto *n = g_new0(struct netdb_proto, 1);
  n->name = g_strdup(name);
  n->aliases = cv(g_strdupv((char **)aliases));
  n->number = number;
  g_ptr_array_add(db->protos, n);
  return true;
}
