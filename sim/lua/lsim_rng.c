/* sim/lua/lsim_rng.c: random numbers for scenarios. rng("name") gives a named
 * stream ("lua/<name>") seeded from the run seed, like every stream in the
 * simulator; math.random is replaced by one such stream ("lua/math.random")
 * so that scenarios are deterministic even when they use it. */
#include "lsim_internal.h"

#include <math.h>

static struct rng *check_rng(lua_State *L, int i)
{
  return luaL_checkudata(L, i, LSIM_RNG);
}

static struct rng *new_rng(lua_State *L, struct lsim *rt,
                           const char *name)
{
  struct rng *r = lua_newuserdatauv(L, sizeof *r, 0);
  sim_rng_stream(rt->sim, r, "lua/%s", name);
  luaL_setmetatable(L, LSIM_RNG);
  return r;
}

static int l_rng(lua_State *L)
{
  new_rng(L, LSIM_RT(L), luaL_checkstring(L, 1));
  return 1;
}

static int rng_uniform_m(lua_State *L)
{
  struct rng *r = check_rng(L, 1);
  double lo = luaL_optnumber(L, 2, 0), hi = luaL_optnumber(L, 3, 1);
  luaL_argcheck(L, lo <= hi, 3, "upper bound below lower bound");
  lua_pushnumber(L, lo + (hi - lo) * rng_uniform(r));
  return 1;
}

static int rng_exp_m(lua_State *L)
{
  struct rng *r = check_rng(L, 1);
  double mean = luaL_checknumber(L, 2);
  luaL_argcheck(L, mean > 0 && isfinite(mean), 2, "mean must be above 0");
  lua_pushnumber(L, rng_exp(r, mean));
  return 1;
}

static int rng_bernoulli_m(lua_State *L)
{
  struct rng *r = check_rng(L, 1);
  double p = luaL_checknumber(L, 2);
  luaL_argcheck(L, p >= 0 && p <= 1, 2, "probability must be in [0, 1]");
  lua_pushboolean(L, rng_bernoulli(r, p));
  return 1;
}

/* r:int(m, n): uniform integer in [m, n]; r:int(n): in [1, n]. */
static lua_Integer draw_int(lua_State *L, struct rng *r, int first)
{
  lua_Integer lo = 1, hi;
  if (lua_isnoneornil(L, first + 1))
    hi = luaL_checkinteger(L, first);
  else
    lo = luaL_checkinteger(L, first), hi = luaL_checkinteger(L, first + 1);
  luaL_argcheck(L, lo <= hi, first, "interval is empty");
  uint64_t span = (uint64_t)hi - (uint64_t)lo + 1;
  uint64_t x = span ? rng_below(r, span) : rng_u64(r);
  return (lua_Integer)((uint64_t)lo + x);
}

static int rng_int_m(lua_State *L)
{
  lua_pushinteger(L, draw_int(L, check_rng(L, 1), 2));
  return 1;
}

static int rng_tostring(lua_State *L)
{
  lua_pushliteral(L, "rng");
  return 1;
}

/* math.random with Lua's own argument conventions, on a named stream. */
static int l_math_random(lua_State *L)
{
  struct rng *r = lua_touserdata(L, lua_upvalueindex(2));
  if (lua_gettop(L) == 0)
    lua_pushnumber(L, rng_uniform(r));
  else
    lua_pushinteger(L, draw_int(L, r, 1));
  return 1;
}

/* math.randomseed(n): restarts the stream from (run seed, n). */
static int l_math_randomseed(lua_State *L)
{
  struct lsim *rt = LSIM_RT(L);
  struct rng *r = lua_touserdata(L, lua_upvalueindex(2));
  lua_Integer n = luaL_optinteger(L, 1, 0);
  sim_rng_stream(rt->sim, r, "lua/math.random/%lld", (long long)n);
  return 0;
}

void lsim_open_rng(lua_State *L, struct lsim *rt)
{
  static const luaL_Reg methods[] = {
    { "uniform", rng_uniform_m }, { "exp", rng_exp_m },
    { "bernoulli", rng_bernoulli_m }, { "int", rng_int_m }, { NULL, NULL },
  };
  lsim_newclass(L, rt, LSIM_RNG, methods, rng_tostring);
  lua_pushglobaltable(L);
  lua_pushlightuserdata(L, rt);
  lua_pushcclosure(L, l_rng, 1);
  lua_setfield(L, -2, "rng");
  lua_getfield(L, -1, "math");
  new_rng(L, rt, "math.random");            /* shared by both closures */
  lua_pushlightuserdata(L, rt);
  lua_pushvalue(L, -2);
  lua_pushcclosure(L, l_math_random, 2);
  lua_setfield(L, -3, "random");
  lua_pushlightuserdata(L, rt);
  lua_pushvalue(L, -2);
  lua_pushcclosure(L, l_math_randomseed, 2);
  lua_setfield(L, -3, "randomseed");
  lua_pop(L, 3);
}
