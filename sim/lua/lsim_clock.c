/* sim/lua/lsim_clock.c: the simulated wall clock: time() and
 * gettimeofday(), the calls the primer's programs read the date with
 * (rwhod's sendtime, ruptime's uptimes). The clock is the run's epoch plus
 * the simulated time: every host reads the same clock (no drift, no
 * settimeofday), and it is deterministic. The epoch is LSIM_EPOCH_DEFAULT
 * (the primer draft's date) unless the first run{} sets epoch = seconds.
 * Read 4.4BSD gettimeofday(2), time(3); docs/lua-api.md "Time and
 * processes". */
#include "lsim_internal.h"

#include <stdint.h>

/* The wall clock now, in microseconds since 1970. */
static int64_t wall_us(lua_State *L)
{
  struct lsim *rt = LSIM_RT(L);
  return rt->epoch * 1000000 + sim_now(rt->sim) / 1000;
}

/* time(): whole seconds since 1970, as 4.4BSD's time(3) (no argument: a
 * Lua value cannot be stored through a pointer). */
static int l_time(lua_State *L)
{
  lua_pushinteger(L, wall_us(L) / 1000000);
  return 1;
}

/* gettimeofday() -> { tv_sec, tv_usec }, the struct timeval; the time
 * zone is not kept (4.4BSD's tz is obsolete). */
static int l_gettimeofday(lua_State *L)
{
  int64_t us = wall_us(L);
  lua_createtable(L, 0, 2);
  lua_pushinteger(L, us / 1000000);
  lua_setfield(L, -2, "tv_sec");
  lua_pushinteger(L, us % 1000000);
  lua_setfield(L, -2, "tv_usec");
  return 1;
}

void lsim_clock_epoch(lua_State *L, struct lsim *rt, int t)
{
  if (lua_getfield(L, t, "epoch") == LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0 ||
      lua_tointeger(L, -1) > INT32_MAX)
    luaL_error(L, "run: epoch must be whole seconds since 1970, 0 to "
               "2147483647 (a 4.4BSD time_t), not %s",
               luaL_tolstring(L, -1, NULL));
  int64_t e = lua_tointeger(L, -1);
  if (rt->ran && e != rt->epoch)
    luaL_error(L, "run: epoch = %I: only the first run{} may set the "
               "epoch (the clock already reads from %I)", (lua_Integer)e,
               (lua_Integer)rt->epoch);
  rt->epoch = e;
  lua_pop(L, 1);
}

void lsim_open_clock(lua_State *L, struct lsim *rt)
{
  static const luaL_Reg funcs[] = {
    { "time", l_time }, { "gettimeofday", l_gettimeofday }, { NULL, NULL },
  };
  rt->epoch = LSIM_EPOCH_DEFAULT;
  lua_pushglobaltable(L);
  lsim_setfuncs(L, rt, funcs);
  lua_pop(L, 1);
}
