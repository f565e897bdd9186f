/* sim/lua/lsim_netdb.c: the network databases and address routines of primer
 * section 3 in scenarios: gethostbyname & co., getnetbyname & co.,
 * getprotobyname & co., getservbyname & co., the *ent iterators, inet_*
 * and htonl & co.; and the constructors that extend the databases:
 * hostent{}, network{}, service{}, protocol{} (and host{ aliases = }).
 * Structures are Lua tables with the C field names; addresses are
 * "a.b.c.d" strings or host-order integers. The data lives in hosts/netdb;
 * this file converts and checks. Iteration cursors are per Lua thread (a
 * process, the scenario top level). Read docs/lua-api.md, "Network
 * databases", and 4.4BSD's gethostbyname(3), getnetent(3), inet(3). */
#include "lsim_internal.h"
#include "host.h"
#include "in.h"
#include "netdb.h"
#include "socket.h"

#include <limits.h>
#include <string.h>

#define NETDB_CLASS "ipcsim.netdb"

static const char db_key = 'd';         /* registry: the netdb box */
static const char cursor_key = 'c';     /* registry: thread -> cursors */

/* ---- the database and the cursors ------------------------------------ */

static int db_gc(lua_State *L)
{
  struct netdb **box = luaL_checkudata(L, 1, NETDB_CLASS);
  netdb_free(*box);
  *box = NULL;
  return 0;
}

static struct netdb *getdb(lua_State *L)
{
  lua_rawgetp(L, LUA_REGISTRYINDEX, &db_key);
  struct netdb **box = lua_touserdata(L, -1);
  lua_pop(L, 1);
  g_assert(box && *box);
  return *box;
}

struct netdb *lsim_netdb(lua_State *L)
{
  return getdb(L);
}

/* Pushes the running thread's cursor table, creating it. */
static void push_cursors(lua_State *L)
{
  lua_rawgetp(L, LUA_REGISTRYINDEX, &cursor_key);
  lua_pushthread(L);
  if (lua_rawget(L, -2) == LUA_TNIL) {
    lua_pop(L, 1);
    lua_createtable(L, 0, 4);
    lua_pushthread(L);
    lua_pushvalue(L, -2);
    lua_rawset(L, -4);
  }
  lua_remove(L, -2);
}

static size_t get_cursor(lua_State *L, const char *kind)
{
  push_cursors(L);
  lua_getfield(L, -1, kind);
  size_t c = (size_t)lua_tointeger(L, -1);     /* nil: 0, the start */
  lua_pop(L, 2);
  return c;
}

static void set_cursor(lua_State *L, const char *kind, size_t c)
{
  push_cursors(L);
  lua_pushinteger(L, (lua_Integer)c);
  lua_setfield(L, -2, kind);
  lua_pop(L, 1);
}

/* ---- arguments ----------------------------------------------------- */

/* A string argument; unlike luaL_checkstring, numbers are refused. */
static const char *check_str(lua_State *L, int i)
{
  if (lua_type(L, i) != LUA_TSTRING)
    luaL_typeerror(L, i, "string");
  return lua_tostring(L, i);
}

static const char *opt_str(lua_State *L, int i)
{
  return lua_isnoneornil(L, i) ? NULL : check_str(L, i);
}

/* An integer argument in lo..hi. */
static lua_Integer check_range(lua_State *L, int i, lua_Integer lo,
                               lua_Integer hi)
{
  lua_Integer v = luaL_checkinteger(L, i);
  if (v < lo || v > hi)
    luaL_argerror(L, i, lua_pushfstring(L, "%I is outside %I..%I", v, lo,
                                        hi));
  return v;
}

/* An address argument: "a.b.c.d" or an integer 0..2^32-1. */
static in_addr32 check_addr(lua_State *L, int i)
{
  if (lua_type(L, i) == LUA_TNUMBER)
    return (in_addr32)check_range(L, i, 0, 0xffffffff);
  if (lua_type(L, i) != LUA_TSTRING)
    luaL_typeerror(L, i, "address (\"a.b.c.d\" or integer)");
  in_addr32 a;
  GError *err = NULL;
  if (!in_parse_addr(lua_tostring(L, i), &a, &err)) {
    lua_pushstring(L, err->message);
    g_error_free(err);
    luaL_argerror(L, i, lua_tostring(L, -1));
  }
  return a;
}

/* sethostent(stayopen) and the like: stayopen is optional, a boolean or
 * an integer, and changes nothing here (lookups never move the cursor). */
static void check_stayopen(lua_State *L)
{
  int t = lua_type(L, 1);
  if (t != LUA_TNONE && t != LUA_TNIL && t != LUA_TBOOLEAN &&
      !lua_isinteger(L, 1))
    luaL_typeerror(L, 1, "boolean or integer");
}

/* ---- results ----------------------------------------------------------- */

static void push_names(lua_State *L, const char *const *names)
{
  lua_newtable(L);
  for (int i = 0; names[i]; i++) {
    lua_pushstring(L, names[i]);
    lua_rawseti(L, -2, i + 1);
  }
}

static void push_addr(lua_State *L, in_addr32 a)
{
  char buf[IN_ADDR_STRLEN];
  lua_pushstring(L, in_format(a, buf));
}

static int push_hostent(lua_State *L, const struct netdb_host *h)
{
  lua_createtable(L, 0, 6);
  lua_pushstring(L, h->name);
  lua_setfield(L, -2, "h_name");
  push_names(L, h->aliases);
  lua_setfield(L, -2, "h_aliases");
  lua_pushinteger(L, AF_INET);
  lua_setfield(L, -2, "h_addrtype");
  lua_pushinteger(L, 4);
  lua_setfield(L, -2, "h_length");
  lua_createtable(L, h->naddrs, 0);
  for (int i = 0; i < h->naddrs; i++) {
    push_addr(L, h->addrs[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "h_addr_list");
  push_addr(L, h->addrs[0]);
  lua_setfield(L, -2, "h_addr");
  return 1;
}

static int push_netent(lua_State *L, const struct netdb_net *n)
{
  lua_createtable(L, 0, 4);
  lua_pushstring(L, n->name);
  lua_setfield(L, -2, "n_name");
  push_names(L, n->aliases);
  lua_setfield(L, -2, "n_aliases");
  lua_pushinteger(L, AF_INET);
  lua_setfield(L, -2, "n_addrtype");
  lua_pushinteger(L, n->net);
  lua_setfield(L, -2, "n_net");
  return 1;
}

static int push_servent(lua_State *L, const struct netdb_serv *s)
{
  if (!s)
    return lua_pushnil(L), 1;
  lua_createtable(L, 0, 4);
  lua_pushstring(L, s->name);
  lua_setfield(L, -2, "s_name");
  push_names(L, s->aliases);
  lua_setfield(L, -2, "s_aliases");
  lua_pushinteger(L, s->port);
  lua_setfield(L, -2, "s_port");
  lua_pushstring(L, s->proto);
  lua_setfield(L, -2, "s_proto");
  return 1;
}

static int push_protoent(lua_State *L, const struct netdb_proto *p)
{
  if (!p)
    return lua_pushnil(L), 1;
  lua_createtable(L, 0, 3);
  lua_pushstring(L, p->name);
  lua_setfield(L, -2, "p_name");
  push_names(L, p->aliases);
  lua_setfield(L, -2, "p_aliases");
  lua_pushinteger(L, p->number);
  lua_setfield(L, -2, "p_proto");
  return 1;
}

/* A host lookup's result: the hostent, or nil and the h_errno name and
 * number. */
static int host_result(lua_State *L, int herr, const struct netdb_host *h)
{
  if (herr == 0)
    return push_hostent(L, h);
  lua_pushnil(L);
  lua_pushstring(L, herr == NETDB_NO_DATA ? "NO_DATA" : "HOST_NOT_FOUND");
  lua_pushinteger(L, herr);
  return 3;
}

/* ---- hosts ------------------------------------------------------------- */

static int l_gethostbyname(lua_State *L)
{
  const char *name = check_str(L, 1);
  struct netdb_host h;
  return host_result(L, netdb_host_byname(getdb(L), name, &h), &h);
}

/* gethostbyaddr(addr [, len [, type]]): len must be 4; a type other than
 * AF_INET finds nothing (plain nil, as 4.4BSD leaves h_errno alone). */
static int l_gethostbyaddr(lua_State *L)
{
  in_addr32 a = check_addr(L, 1);
  if (!lua_isnoneornil(L, 2))
    check_range(L, 2, 4, 4);
  if (luaL_optinteger(L, 3, AF_INET) != AF_INET)
    return lua_pushnil(L), 1;
  struct netdb_host h;
  return host_result(L, netdb_host_byaddr(getdb(L), a, &h), &h);
}

static int l_sethostent(lua_State *L)
{
  check_stayopen(L);
  set_cursor(L, "host", 0);
  return 0;
}

static int l_gethostent(lua_State *L)
{
  size_t c = get_cursor(L, "host");
  struct netdb_host h;
  bool got = netdb_host_next(getdb(L), &c, &h);
  set_cursor(L, "host", c);
  return got ? push_hostent(L, &h) : (lua_pushnil(L), 1);
}

static int l_endhostent(lua_State *L)
{
  set_cursor(L, "host", 0);
  return 0;
}

/* ---- networks ----------------------------------------------------------- */

static int l_getnetbyname(lua_State *L)
{
  const char *name = check_str(L, 1);
  struct netdb_net n;
  if (!netdb_net_byname(getdb(L), name, &n))
    return lua_pushnil(L), 1;
  return push_netent(L, &n);
}

/* getnetbynumber(net [, type]) (4.4BSD: getnetbyaddr). */
static int l_getnetbynumber(lua_State *L)
{
  in_addr32 net = (in_addr32)check_range(L, 1, 0, 0xffffffff);
  struct netdb_net n;
  if (luaL_optinteger(L, 2, AF_INET) != AF_INET ||
      !netdb_net_bynumber(getdb(L), net, &n))
    return lua_pushnil(L), 1;
  return push_netent(L, &n);
}

static int l_setnetent(lua_State *L)
{
  check_stayopen(L);
  set_cursor(L, "net", 0);
  return 0;
}

static int l_getnetent(lua_State *L)
{
  size_t c = get_cursor(L, "net");
  struct netdb_net n;
  bool got = netdb_net_next(getdb(L), &c, &n);
  set_cursor(L, "net", c);
  return got ? push_netent(L, &n) : (lua_pushnil(L), 1);
}

static int l_endnetent(lua_State *L)
{
  set_cursor(L, "net", 0);
  return 0;
}

/* ---- protocols and services ---------------------------------------- */

static int l_getprotobyname(lua_State *L)
{
  return push_protoent(L, netdb_proto_byname(getdb(L), check_str(L, 1)));
}

static int l_getprotobynumber(lua_State *L)
{
  lua_Integer n = luaL_checkinteger(L, 1);
  if (n < INT_MIN || n > INT_MAX)
    return lua_pushnil(L), 1;
  return push_protoent(L, netdb_proto_bynumber(getdb(L), (int)n));
}

static int l_setprotoent(lua_State *L)
{
  check_stayopen(L);
  set_cursor(L, "proto", 0);
  return 0;
}

static int l_getprotoent(lua_State *L)
{
  size_t c = get_cursor(L, "proto");
  const struct netdb_proto *p = netdb_proto_next(getdb(L), &c);
  set_cursor(L, "proto", c);
  return push_protoent(L, p);
}

static int l_endprotoent(lua_State *L)
{
  set_cursor(L, "proto", 0);
  return 0;
}

static int l_getservbyname(lua_State *L)
{
  const char *name = check_str(L, 1);
  const char *proto = opt_str(L, 2);
  return push_servent(L, netdb_serv_byname(getdb(L), name, proto));
}

static int l_getservbyport(lua_State *L)
{
  int port = (int)check_range(L, 1, 0, 65535);
  const char *proto = opt_str(L, 2);
  return push_servent(L, netdb_serv_byport(getdb(L), port, proto));
}

static int l_setservent(lua_State *L)
{
  check_stayopen(L);
  set_cursor(L, "serv", 0);
  return 0;
}

static int l_getservent(lua_State *L)
{
  size_t c = get_cursor(L, "serv");
  const struct netdb_serv *s = netdb_serv_next(getdb(L), &c);
  set_cursor(L, "serv", c);
  return push_servent(L, s);
}

static int l_endservent(lua_State *L)
{
  set_cursor(L, "serv", 0);
  return 0;
}

/* ---- address routines ----------------------------------------------- */

static int l_inet_addr(lua_State *L)
{
  lua_pushinteger(L, netdb_inet_addr(check_str(L, 1)));
  return 1;
}

static int l_inet_aton(lua_State *L)
{
  in_addr32 a;
  if (!netdb_inet_aton(check_str(L, 1), &a))
    return lua_pushnil(L), 1;
  lua_pushinteger(L, a);
  return 1;
}

static int l_inet_ntoa(lua_State *L)
{
  push_addr(L, check_addr(L, 1));
  return 1;
}

static int l_inet_network(lua_State *L)
{
  lua_pushinteger(L, netdb_inet_network(check_str(L, 1)));
  return 1;
}

static int l_inet_makeaddr(lua_State *L)
{
  in_addr32 net = (in_addr32)check_range(L, 1, 0, 0xffffffff);
  in_addr32 lna = (in_addr32)check_range(L, 2, 0, 0xffffffff);
  lua_pushinteger(L, netdb_inet_makeaddr(net, lna));
  return 1;
}

static int l_inet_netof(lua_State *L)
{
  lua_pushinteger(L, netdb_inet_netof(check_addr(L, 1)));
  return 1;
}

static int l_inet_lnaof(lua_State *L)
{
  lua_pushinteger(L, netdb_inet_lnaof(check_addr(L, 1)));
  return 1;
}

/* htonl and ntohl: identities on 0..2^32-1 (big-endian hosts). */
static int l_htonl(lua_State *L)
{
  lua_pushinteger(L, check_range(L, 1, 0, 0xffffffff));
  return 1;
}

/* htons and ntohs: identities on 0..65535. */
static int l_htons(lua_State *L)
{
  lua_pushinteger(L, check_range(L, 1, 0, 65535));
  return 1;
}

/* ---- constructors: hostent{}, network{}, service{}, protocol{} -------- */

/* Raises "file:line: what: <err's message>" and frees err. */
static void raise_gerror(lua_State *L, const char *what, GError *err)
{
  lua_pushfstring(L, "%s: %s", what, err->message);
  g_error_free(err);
  luaL_where(L, 1);
  lua_insert(L, -2);
  lua_concat(L, 2);
  lua_error(L);
}

static void check_name(lua_State *L, const char *what, const char *field,
                       const char *s)
{
  if (!netdb_name_ok(s))
    luaL_error(L, "%s: %s: bad name '%s': use 1 to %d letters, digits, "
               "'_', '-' or '.'", what, field, s, NETDB_NAME_MAX);
}

/* The required field name of table t, checked as a name. */
static const char *field_name(lua_State *L, int t, const char *what)
{
  const char *name = lsim_field_string(L, t, what, "name");
  if (!name)
    luaL_error(L, "%s: missing field 'name'", what);
  check_name(L, what, "name", name);
  return name;
}

/* Pushes field f of t, which must be a list (keys 1..n only) of at most
 * max entries; returns n, or -1 (nothing pushed) if the field is absent. */
static int field_list(lua_State *L, int t, const char *what, const char *f,
                      int max)
{
  if (lua_getfield(L, t, f) == LUA_TNIL) {
    lua_pop(L, 1);
    return -1;
  }
  if (!lua_istable(L, -1))
    luaL_error(L, "%s: %s must be a list, not a %s", what, f,
               luaL_typename(L, -1));
  int n = (int)luaL_len(L, -1), keys = 0;
  for (lua_pushnil(L); lua_next(L, -2); lua_pop(L, 1))
    keys++;
  if (keys != n)
    luaL_error(L, "%s: %s must be a list (keys 1..n only)", what, f);
  if (n > max)
    luaL_error(L, "%s: %s has %d entries, more than %d", what, f, n, max);
  return n;
}

/* The aliases field of t, checked, as a NULL-terminated array held by a
 * userdata it leaves on the stack (pointing into t's strings). */
static const char *const *field_aliases(lua_State *L, int t,
                                        const char *what, bool is_host)
{
  int n = field_list(L, t, what, "aliases", NETDB_MAXALIASES);
  const char **v = lua_newuserdatauv(L, sizeof *v * (size_t)(MAX(n, 0) + 1), 0);
  for (int i = 0; i < n; i++) {
    if (lua_rawgeti(L, -2, i + 1) != LUA_TSTRING)
      luaL_error(L, "%s: aliases[%d] must be a string, not a %s", what,
                 i + 1, luaL_typename(L, -1));
    v[i] = lua_tostring(L, -1);
    lua_pop(L, 1);
    const char *field = lua_pushfstring(L, "aliases[%d]", i + 1);
    check_name(L, what, field, v[i]);
    if (is_host && netdb_host_numeric(v[i]))
      luaL_error(L, "%s: %s: '%s' would read as an address", what, field,
                 v[i]);
    lua_pop(L, 1);
  }
  v[MAX(n, 0)] = NULL;
  if (n >= 0)
    lua_remove(L, -2);                  /* the list; t still holds it */
  return v;
}

/* hostent{} addrs: 1..NETDB_MAXADDRS addresses into addrs. */
static int field_addrs(lua_State *L, int t, const char *what,
                       in_addr32 addrs[NETDB_MAXADDRS])
{
  int n = field_list(L, t, what, "addrs", NETDB_MAXADDRS);
  if (n < 1)
    luaL_error(L, "%s: addrs must list at least one address", what);
  for (int i = 0; i < n; i++) {
    lua_rawgeti(L, -1, i + 1);
    if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 0 &&
        lua_tointeger(L, -1) <= 0xffffffff) {
      addrs[i] = (in_addr32)lua_tointeger(L, -1);
    } else {
      GError *err = NULL;
      if (lua_type(L, -1) != LUA_TSTRING)
        luaL_error(L, "%s: addrs[%d] must be \"a.b.c.d\" or an integer "
                   "0..0xffffffff, not '%s'", what, i + 1,
                   luaL_tolstring(L, -1, NULL));
      if (!in_parse_addr(lua_tostring(L, -1), &addrs[i], &err))
        raise_gerror(L, lua_pushfstring(L, "%s: addrs[%d]", what, i + 1),
                     err);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return n;
}

/* hostent{ name = , aliases = {...}, addrs = {...} }: a host outside the
 * topology. Returns its hostent. */
static int l_hostent(lua_State *L)
{
  static const char *const fields[] = { "name", "aliases", "addrs", NULL };
  luaL_checktype(L, 1, LUA_TTABLE);
  lsim_check_fields(L, 1, "hostent", fields);
  const char *name = field_name(L, 1, "hostent");
  const char *what = lua_pushfstring(L, "hostent '%s'", name);
  if (netdb_host_numeric(name))
    luaL_error(L, "%s: the name would read as an address", what);
  struct netdb_host h = { .name = name };
  h.aliases = field_aliases(L, 1, what, true);
  h.naddrs = field_addrs(L, 1, what, h.addrs);
  lsim_claim_name(L, LSIM_RT(L), "hostent", name);
  GError *err = NULL;
  if (!netdb_add_host(getdb(L), name, h.aliases, h.addrs, h.naddrs, &err))
    raise_gerror(L, what, err);
  return push_hostent(L, &h);
}

/* network{ name = , net = "128.32" or 0x8020, aliases = {...} }. */
static int l_network(lua_State *L)
{
  static const char *const fields[] = { "name", "net", "aliases", NULL };
  luaL_checktype(L, 1, LUA_TTABLE);
  lsim_check_fields(L, 1, "network", fields);
  const char *name = field_name(L, 1, "network");
  const char *what = lua_pushfstring(L, "network '%s'", name);
  struct netdb_net n = { .name = name };
  uint64_t num = 0;
  if (lua_getfield(L, 1, "net") == LUA_TSTRING) {
    num = netdb_inet_network(lua_tostring(L, -1));
    if (num == NETDB_INADDR_NONE)
      luaL_error(L, "%s: net: bad network number '%s': want 1 to 4 dotted "
                 "parts 0..255, as \"128.32\"", what, lua_tostring(L, -1));
  } else if (!lsim_field_uint(L, 1, what, "net", 0, 0xffffffff, &num)) {
    luaL_error(L, "%s: missing field 'net'", what);
  }
  n.net = (in_addr32)num;
  n.aliases = field_aliases(L, 1, what, false);
  GError *err = NULL;
  if (!netdb_add_net(getdb(L), name, n.aliases, n.net, &err))
    raise_gerror(L, what, err);
  return push_netent(L, &n);
}

/* service{ name = , port = , proto = "tcp"|"udp", aliases = {...} }. */
static int l_service(lua_State *L)
{
  static const char *const fields[] = { "name", "port", "proto", "aliases",
                                        NULL };
  luaL_checktype(L, 1, LUA_TTABLE);
  lsim_check_fields(L, 1, "service", fields);
  const char *name = field_name(L, 1, "service");
  const char *what = lua_pushfstring(L, "service '%s'", name);
  uint64_t port = 0;
  if (!lsim_field_uint(L, 1, what, "port", 1, 65535, &port))
    luaL_error(L, "%s: missing field 'port'", what);
  const char *proto = lsim_field_string(L, 1, what, "proto");
  if (!proto)
    luaL_error(L, "%s: missing field 'proto'", what);
  if (strcmp(proto, "tcp") != 0 && strcmp(proto, "udp") != 0)
    luaL_error(L, "%s: proto must be \"tcp\" or \"udp\", not '%s'", what,
               proto);
  struct netdb_serv s = { .name = name, .port = (int)port, .proto = proto };
  s.aliases = field_aliases(L, 1, what, false);
  GError *err = NULL;
  if (!netdb_add_serv(getdb(L), name, s.aliases, s.port, proto, &err))
    raise_gerror(L, what, err);
  return push_servent(L, &s);
}

/* protocol{ name = , number = 0..255, aliases = {...} }. */
static int l_protocol(lua_State *L)
{
  static const char *const fields[] = { "name", "number", "aliases", NULL };
  luaL_checktype(L, 1, LUA_TTABLE);
  lsim_check_fields(L, 1, "protocol", fields);
  const char *name = field_name(L, 1, "protocol");
  const char *what = lua_pushfstring(L, "protocol '%s'", name);
  uint64_t num = 0;
  if (!lsim_field_uint(L, 1, what, "number", 0, 255, &num))
    luaL_error(L, "%s: missing field 'number'", what);
  struct netdb_proto p = { .name = name, .number = (int)num };
  p.aliases = field_aliases(L, 1, what, false);
  GError *err = NULL;
  if (!netdb_add_proto(getdb(L), name, p.aliases, p.number, &err))
    raise_gerror(L, what, err);
  return push_protoent(L, &p);
}

void lsim_netdb_host(lua_State *L, struct host *h, int t)
{
  t = lua_absindex(L, t);
  const char *what = lua_pushfstring(L, "host '%s'", h->name);
  const char *const *aliases = field_aliases(L, t, what, true);
  GError *err = NULL;
  if (!netdb_set_host_aliases(getdb(L), h, aliases, &err))
    raise_gerror(L, what, err);
  lua_pop(L, 2);
}

/* ---- registration ---------------------------------------------------- */

/* Sets global name to v unless the scenario runtime already has it (the
 * socket glue defines the same constants). */
static void soft_constant(lua_State *L, const char *name, lua_Integer v)
{
  if (lua_getglobal(L, name) == LUA_TNIL) {
    lua_pushinteger(L, v);
    lua_setglobal(L, name);
  }
  lua_pop(L, 1);
}

static void open_state(lua_State *L)
{
  struct netdb **box = lua_newuserdatauv(L, sizeof *box, 0);
  *box = NULL;
  luaL_newmetatable(L, NETDB_CLASS);
  lua_pushcfunction(L, db_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &db_key);
  lua_newtable(L);                         /* thread -> cursors, weak keys */
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &cursor_key);
}

void lsim_open_netdb(lua_State *L, struct lsim *rt)
{
  static const luaL_Reg funcs[] = {
    { "gethostbyname", l_gethostbyname }, { "gethostbyaddr", l_gethostbyaddr },
    { "sethostent", l_sethostent }, { "gethostent", l_gethostent },
    { "endhostent", l_endhostent },
    { "getnetbyname", l_getnetbyname }, { "getnetbynumber", l_getnetbynumber },
    { "getnetbyaddr", l_getnetbynumber }, { "setnetent", l_setnetent },
    { "getnetent", l_getnetent }, { "endnetent", l_endnetent },
    { "getprotobyname", l_getprotobyname },
    { "getprotobynumber", l_getprotobynumber },
    { "setprotoent", l_setprotoent }, { "getprotoent", l_getprotoent },
    { "endprotoent", l_endprotoent },
    { "getservbyname", l_getservbyname }, { "getservbyport", l_getservbyport },
    { "setservent", l_setservent }, { "getservent", l_getservent },
    { "endservent", l_endservent },
    { "inet_addr", l_inet_addr }, { "inet_aton", l_inet_aton },
    { "inet_ntoa", l_inet_ntoa }, { "inet_network", l_inet_network },
    { "inet_makeaddr", l_inet_makeaddr }, { "inet_netof", l_inet_netof },
    { "inet_lnaof", l_inet_lnaof },
    { "htonl", l_htonl }, { "ntohl", l_htonl },
    { "htons", l_htons }, { "ntohs", l_htons },
    { "hostent", l_hostent }, { "network", l_network },
    { "service", l_service }, { "protocol", l_protocol },
    { NULL, NULL },
  };
  open_state(L);
  lua_rawgetp(L, LUA_REGISTRYINDEX, &db_key);
  struct netdb *db = netdb_new(rt->hosts);
  *(struct netdb **)lua_touserdata(L, -1) = db;
  lua_pop(L, 1);
  static const char *const none[] = { NULL };   /* /etc/hosts' first line */
  const in_addr32 lo = IN_ADDR_LOOPBACK;
  netdb_add_host(db, "localhost", none, &lo, 1, NULL);
  lua_pushglobaltable(L);
  lsim_setfuncs(L, rt, funcs);
  lua_pop(L, 1);
  soft_constant(L, "AF_INET", AF_INET);
  soft_constant(L, "INADDR_ANY", IN_ADDR_ANY);
  soft_constant(L, "INADDR_NONE", NETDB_INADDR_NONE);
}
