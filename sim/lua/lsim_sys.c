/* sim/lua/lsim_sys.c: helpers of the system-call glue (see lsim_sys.h): the
 * calling process, blocking with a continuation (the pattern of
 * lsim_host.c's recv: sleep on the channel, yield, retry when woken),
 * results, and socket addresses as Lua tables. Addresses follow the Lua
 * conventions of docs/lua-api.md: an IPv4 address is "a.b.c.d" or an
 * integer 0..2^32-1 in host order; calls return strings. */
#include "lsim_sys.h"
#include "in.h"
#include "proc.h"
#include "socketvar.h"
#include "syscalls.h"

#include <limits.h>
#include <string.h>

struct proc *lsim_sys_proc(lua_State *L, const char *fn)
{
  struct lproc *lp = LSIM_THREAD(L)->proc;
  if (!lp || lp->co != L)
    luaL_error(L, "%s: only a process can make system calls (use "
               "host:spawn); this is %s", fn,
               lp ? "a coroutine inside a process"
                  : "the scenario itself or an at() callback");
  if (lp->p->state == PROC_EXITED)   /* its host went down under it */
    luaL_error(L, "%s: the process has ended (its host went down)", fn);
  return lp->p;
}

int lsim_sys_block(lua_State *L, const void *wchan, sim_time_t timeout,
                   lua_KContext ctx, lua_KFunction k)
{
  struct lproc *lp = LSIM_THREAD(L)->proc;
  proc_tsleep_intr(lp->p, wchan, timeout);
  return lsim_sys_yield(L, ctx, k);
}

int lsim_sys_block_fd(lua_State *L, int fd, const void *wchan,
                      lua_KContext ctx, lua_KFunction k)
{
  struct socket *so;
  struct proc *p = LSIM_THREAD(L)->proc->p;
  sim_time_t t = sys_getsock(p, fd, &so) == 0 ? so_sleep_timeo(so, wchan)
                                              : 0;
  return lsim_sys_block(L, wchan, t, ctx, k);
}

bool lsim_sys_signalled(lua_State *L)
{
  return LSIM_THREAD(L)->proc->p->wake == PROC_WAKE_SIGNAL;
}

bool lsim_sys_timed_out(lua_State *L)
{
  return LSIM_THREAD(L)->proc->p->wake == PROC_WAKE_TIMEOUT;
}

int lsim_sys_result(lua_State *L, long r)
{
  if (r < 0)
    return lsim_push_errno(L, (int)r);
  lua_pushinteger(L, r);
  return 1;
}

int lsim_sys_checkint(lua_State *L, int i, lua_Integer lo, lua_Integer hi)
{
  int ok;
  lua_Integer v = lua_tointegerx(L, i, &ok);
  if (!ok)
    v = luaL_checkinteger(L, i);        /* raises luaL's own error */
  if (v < lo || v > hi)
    luaL_argerror(L, i, lua_pushfstring(L, "%I is outside %I..%I", v, lo,
                                        hi));
  return (int)v;
}

int lsim_sys_optint(lua_State *L, int i, int dflt)
{
  return lua_isnoneornil(L, i) ? dflt : lsim_sys_checkint(L, i, INT_MIN,
                                                          INT_MAX);
}

/* addr = "a.b.c.d" or an integer, at the top of the stack. */
static in_addr32 check_inaddr(lua_State *L, int i)
{
  if (lua_isinteger(L, -1)) {
    lua_Integer v = lua_tointeger(L, -1);
    if (v < 0 || v > (lua_Integer)UINT32_MAX)
      luaL_argerror(L, i, lua_pushfstring(L, "addr %I is outside "
                                          "0..4294967295", v));
    return (in_addr32)v;
  }
  if (lua_type(L, -1) != LUA_TSTRING)
    luaL_argerror(L, i, lua_pushfstring(L, "addr must be \"a.b.c.d\" or an "
                                        "integer, not a %s",
                                        luaL_typename(L, -1)));
  in_addr32 a;
  GError *err = NULL;
  if (!in_parse_addr(lua_tostring(L, -1), &a, &err)) {
    lua_pushstring(L, err->message);
    g_error_free(err);
    luaL_argerror(L, i, lua_tostring(L, -1));
  }
  return a;
}

static void check_inet(lua_State *L, int i, struct so_addr *a)
{
  if (lua_getfield(L, i, "addr") != LUA_TNIL)
    a->addr = check_inaddr(L, i);
  lua_pop(L, 1);
  if (lua_getfield(L, i, "port") != LUA_TNIL) {
    if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0 ||
        lua_tointeger(L, -1) > 65535)
      luaL_argerror(L, i, lua_pushfstring(L, "port must be an integer "
                                          "0..65535, not %s",
                                          luaL_tolstring(L, -1, NULL)));
    a->port = (uint16_t)lua_tointeger(L, -1);
  }
  lua_pop(L, 1);
}

static void check_unix(lua_State *L, int i, struct so_addr *a)
{
  if (lua_getfield(L, i, "path") != LUA_TSTRING)
    luaL_argerror(L, i, lua_pushfstring(L, "an AF_UNIX address needs "
                                        "path = \"/a/name\", not %s",
                                        luaL_typename(L, -1)));
  size_t len;
  const char *path = lua_tolstring(L, -1, &len);
  if (len >= SO_PATH_MAX || strlen(path) != len)
    luaL_argerror(L, i, lua_pushfstring(L, "path must be under %d bytes "
                                        "without NULs", SO_PATH_MAX));
  memcpy(a->path, path, len + 1);
  lua_pop(L, 1);
}

void lsim_sys_checkaddr(lua_State *L, int i, const char *fn,
                        struct so_addr *a)
{
  static const char *const fields[] = { "family", "addr", "port", "path",
                                        NULL };
  i = lua_absindex(L, i);
  luaL_checktype(L, i, LUA_TTABLE);
  lsim_check_fields(L, i, fn, fields);
  memset(a, 0, sizeof *a);
  lua_getfield(L, i, "family");
  a->family = lua_isinteger(L, -1) ? (int)lua_tointeger(L, -1) : -1;
  if (a->family != AF_UNSPEC && a->family != AF_UNIX &&
      a->family != AF_INET)
    luaL_argerror(L, i, lua_pushfstring(L, "family must be AF_INET, "
                                        "AF_UNIX or AF_UNSPEC, not %s",
                                        luaL_tolstring(L, -1, NULL)));
  lua_pop(L, 1);
  if (a->family == AF_INET)
    check_inet(L, i, a);
  else if (a->family == AF_UNIX)
    check_unix(L, i, a);
}

void lsim_sys_pushaddr(lua_State *L, const struct so_addr *a)
{
  if (a->family == AF_UNSPEC) {
    lua_pushnil(L);
    return;
  }
  lua_createtable(L, 0, 3);
  lua_pushinteger(L, a->family);
  lua_setfield(L, -2, "family");
  if (a->family == AF_UNIX) {
    lua_pushstring(L, a->path);
    lua_setfield(L, -2, "path");
    return;
  }
  char buf[IN_ADDR_STRLEN];
  lua_pushstring(L, in_format(a->addr, buf));
  lua_setfield(L, -2, "addr");
  lua_pushinteger(L, a->port);
  lua_setfield(L, -2, "port");
}
