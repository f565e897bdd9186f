/* sim/lua/lsim_if.c: the interface ioctls in Lua (hosts/if_ioctl.h), and
 * their constants (SIOCGIF*, IFF_*, AF_LINK). As in C, the third argument
 * is the struct, a table the call fills in: ioctl(s, SIOCGIFCONF, ifc)
 * sets ifc.ifc_req (an array of ifreq tables) and ifc.ifc_len; the other
 * requests read ifr.ifr_name and set ifr_flags, ifr_addr, ifr_broadaddr
 * or ifr_dstaddr. The call returns 0. Read: docs/lua-api.md "Interface
 * configuration", primer section 5.5. */
#include "lsim_sys.h"
#include "host.h"
#include "if_ioctl.h"
#include "netif.h"
#include "proc.h"

#include <limits.h>
#include <string.h>

/* Sets t[field] to the AF_INET sockaddr of addr. */
static void set_inaddr(lua_State *L, int t, const char *field, in_addr32 a)
{
  struct so_addr sa = { .family = AF_INET, .addr = a };
  lsim_sys_pushaddr(L, &sa);
  lua_setfield(L, t, field);
}

/* Pushes one SIOCGIFCONF entry as { ifr_name, ifr_addr }. */
static void push_entry(lua_State *L, const struct if_req *r)
{
  lua_createtable(L, 0, 2);
  int t = lua_gettop(L);
  lua_pushstring(L, r->name);
  lua_setfield(L, t, "ifr_name");
  if (r->family == AF_INET) {
    set_inaddr(L, t, "ifr_addr", r->addr);
    return;
  }
  lua_createtable(L, 0, 2);                 /* a sockaddr_dl */
  lua_pushinteger(L, AF_LINK);
  lua_setfield(L, -2, "family");
  if (r->ifp && r->ifp->port->kind == MEDIUM_ETHERNET) {
    char mac[18];
    netif_format_mac(r->ifp->mac, mac);
    lua_pushstring(L, mac);
    lua_setfield(L, -2, "lladdr");
  }
  lua_setfield(L, t, "ifr_addr");
}

static int ifconf(lua_State *L, struct proc *p, int fd)
{
  int len = INT_MAX;
  if (lua_getfield(L, 3, "ifc_len") != LUA_TNIL) {
    if (!lua_isinteger(L, -1))
      return luaL_error(L, "ioctl: SIOCGIFCONF: ifc_len must be an "
                        "integer (bytes), not %s", luaL_typename(L, -1));
    lua_Integer v = lua_tointeger(L, -1);
    len = v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : (int)v;
  }
  lua_pop(L, 1);
  int max = IFCONF_MAX(p->host);       /* in a userdata: the GC frees it */
  struct if_req *got = lua_newuserdatauv(L, sizeof *got * (size_t)max, 0);
  int n = sys_ifconf(p, fd, &len, got, max);
  if (n < 0)
    return lsim_push_errno(L, n);
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; i++) {
    push_entry(L, &got[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, 3, "ifc_req");
  lua_pushinteger(L, len);
  lua_setfield(L, 3, "ifc_len");
  lua_pushinteger(L, 0);
  return 1;
}

/* The field of struct ifreq that request cmd fills. */
static const char *result_field(uint32_t cmd)
{
  switch (cmd) {
  case SIOCGIFBRDADDR: return "ifr_broadaddr";
  case SIOCGIFDSTADDR: return "ifr_dstaddr";
  default:             return "ifr_addr";   /* SIOCGIFADDR, NETMASK */
  }
}

static int ifreq(lua_State *L, struct proc *p, int fd, uint32_t cmd)
{
  struct if_req r = { .family = AF_UNSPEC };
  if (lua_getfield(L, 3, "ifr_name") != LUA_TSTRING)
    return luaL_error(L, "ioctl: ifr_name must be a string (\"en0\"), "
                      "not %s", luaL_typename(L, -1));
  size_t n;
  const char *name = lua_tolstring(L, -1, &n);
  lua_pop(L, 1);
  if (n < IFNAMSIZ && strlen(name) == n)    /* else no interface has it */
    memcpy(r.name, name, n + 1);
  else
    g_strlcpy(r.name, "?", sizeof r.name);
  const GPtrArray *world = LSIM_RT(L)->hosts;
  int err = sys_ifioctl(p, fd, cmd, &r, world);
  if (err)
    return lsim_push_errno(L, err);
  if (cmd == SIOCGIFFLAGS) {
    lua_pushinteger(L, r.flags);
    lua_setfield(L, 3, "ifr_flags");
  } else
    set_inaddr(L, 3, result_field(cmd), r.addr);
  lua_pushinteger(L, 0);
  return 1;
}

int lsim_if_ioctl(lua_State *L, int fd, uint32_t cmd)
{
  luaL_checktype(L, 3, LUA_TTABLE);
  struct proc *p = lsim_sys_proc(L, "ioctl");
  return cmd == SIOCGIFCONF ? ifconf(L, p, fd) : ifreq(L, p, fd, cmd);
}

void lsim_open_if(lua_State *L, struct lsim *rt)
{
  (void)rt;
  static const struct { const char *name; lua_Integer v; } c[] = {
#define C(x) { #x, (lua_Integer)(x) }
    C(SIOCGIFCONF), C(SIOCGIFFLAGS), C(SIOCGIFADDR), C(SIOCGIFDSTADDR),
    C(SIOCGIFBRDADDR), C(SIOCGIFNETMASK), C(IFF_UP), C(IFF_BROADCAST),
    C(IFF_DEBUG), C(IFF_LOOPBACK), C(IFF_POINTOPOINT), C(IFF_NOTRAILERS),
    C(IFF_RUNNING), C(IFF_NOARP), C(IFF_SIMPLEX), C(AF_LINK),
    C(IFNAMSIZ),
#undef C
  };
  for (size_t i = 0; i < G_N_ELEMENTS(c); i++) {
    lua_pushinteger(L, c[i].v);
    lua_setglobal(L, c[i].name);
  }
}
