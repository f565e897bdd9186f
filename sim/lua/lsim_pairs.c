/* sim/lua/lsim_pairs.c: next() and pairs() in an order that is the same
 * in every run. Lua 5.4 seeds its string hash from the time and from
 * addresses (lstate.c, luai_makeseed), so its own next() visits string
 * keys in a different order each run, and a scenario that starts
 * processes in pairs() order would write different results for the same
 * seed. Here a traversal visits numbers (ascending), then strings (byte
 * order), then false and true, then the runtime's own objects (hosts,
 * links, ...: in creation order, lsim_handle_serial), then any other key
 * (tables, functions) in Lua's order, which no scenario should rely on.
 * Each next(t, nil) takes a sorted snapshot of t's keys, kept in a
 * weak-keyed cache until the next traversal of t; keys removed during the
 * traversal are skipped, keys added are not seen (Lua leaves that
 * undefined). pairs() still honours __pairs. */
#include "lsim_internal.h"

#include <string.h>

/* Order of key types in a traversal. */
static int rank(lua_State *L, int i)
{
  switch (lua_type(L, i)) {
  case LUA_TNUMBER: return 0;
  case LUA_TSTRING: return 1;
  case LUA_TBOOLEAN: return 2;
  case LUA_TUSERDATA: return lsim_handle_serial(L, i) ? 3 : 4;
  default: return 4;
  }
}

/* One key of a snapshot: its place in Lua's order (for stability) and
 * what it sorts by. */
struct key {
  int pos;                    /* index in the snapshot list (1-based) */
  int rank;                   /* rank() */
  lua_Number num;             /* numbers */
  lua_Integer inum;           /* integers (exact) */
  bool isint;                 /* num or inum */
  const char *str;            /* strings (kept by the snapshot) */
  size_t len;                 /* their length */
  uint64_t serial;            /* runtime objects; booleans: 0/1 */
};

static int cmp_num(const struct key *a, const struct key *b)
{
  if (a->isint && b->isint)
    return a->inum < b->inum ? -1 : a->inum > b->inum;
  lua_Number x = a->isint ? (lua_Number)a->inum : a->num;
  lua_Number y = b->isint ? (lua_Number)b->inum : b->num;
  return x < y ? -1 : x > y;
}

static int cmp_key(const void *pa, const void *pb)
{
  const struct key *a = pa, *b = pb;
  if (a->rank != b->rank)
    return a->rank - b->rank;
  int c = 0;
  if (a->rank == 0)
    c = cmp_num(a, b);
  else if (a->rank == 1) {
    c = memcmp(a->str, b->str, MIN(a->len, b->len));
    if (!c)
      c = a->len < b->len ? -1 : a->len > b->len;
  } else if (a->rank == 2 || a->rank == 3)
    c = a->serial < b->serial ? -1 : a->serial > b->serial;
  return c ? c : a->pos - b->pos;
}

/* Describes the key at index i into *k. */
static void describe(lua_State *L, int i, int pos, struct key *k)
{
  memset(k, 0, sizeof *k);
  k->pos = pos;
  k->rank = rank(L, i);
  if (k->rank == 0) {
    k->isint = lua_isinteger(L, i);
    if (k->isint)
      k->inum = lua_tointeger(L, i);
    else
      k->num = lua_tonumber(L, i);
  } else if (k->rank == 1) {
    k->str = lua_tolstring(L, i, &k->len);
  } else if (k->rank == 2) {
    k->serial = (uint64_t)lua_toboolean(L, i);
  } else if (k->rank == 3) {
    k->serial = lsim_handle_serial(L, i);
  }
}

/* Pushes the snapshot of table t: { [1..n] = keys in order, index = {
 * [key] = position } }. */
static void push_snapshot(lua_State *L, int t)
{
  lua_newtable(L);                        /* raw: keys in Lua's order */
  int raw = lua_gettop(L), n = 0;
  for (lua_pushnil(L); lua_next(L, t); ) {
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_rawseti(L, raw, ++n);
  }
  struct key *keys = g_new(struct key, n ? n : 1);
  for (int i = 0; i < n; i++) {
    lua_rawgeti(L, raw, i + 1);
    describe(L, -1, i + 1, &keys[i]);     /* strings stay alive in raw */
    lua_pop(L, 1);
  }
  qsort(keys, (size_t)n, sizeof *keys, cmp_key);
  lua_createtable(L, n, 1);               /* the snapshot */
  lua_createtable(L, 0, n);               /* its index */
  for (int i = 0; i < n; i++) {
    lua_rawgeti(L, raw, keys[i].pos);
    lua_pushvalue(L, -1);
    lua_rawseti(L, -4, i + 1);
    lua_pushinteger(L, i + 1);
    lua_rawset(L, -3);
  }
  g_free(keys);
  lua_setfield(L, -2, "index");
  lua_remove(L, raw);
}

/* The snapshot cache: registry table, weak keys (the traversed tables). */
static void push_cache(lua_State *L)
{
  if (lua_getfield(L, LUA_REGISTRYINDEX, "lsim.pairs") == LUA_TTABLE)
    return;
  lua_pop(L, 1);
  lua_newtable(L);
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, "lsim.pairs");
}

/* Pushes key position `pos` of snapshot s onward: the first key still in
 * t, and its value; returns 2, or pushes nil and returns 1 at the end. */
static int push_from(lua_State *L, int t, int s, lua_Integer pos)
{
  for (;; pos++) {
    if (lua_rawgeti(L, s, pos) == LUA_TNIL)
      return 1;                           /* the end: nil */
    lua_pushvalue(L, -1);
    if (lua_rawget(L, t) != LUA_TNIL)
      return 2;                           /* key, value */
    lua_pop(L, 2);                        /* removed meanwhile */
  }
}

/* next(t [, k]) in the fixed order. */
static int det_next(lua_State *L)
{
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  push_cache(L);                                    /* 3 */
  if (lua_isnil(L, 2)) {
    push_snapshot(L, 1);                            /* 4 */
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 4);
    lua_rawset(L, 3);
    return push_from(L, 1, 4, 1);
  }
  lua_pushvalue(L, 1);
  if (lua_rawget(L, 3) != LUA_TTABLE) {             /* 4: no snapshot */
    lua_pop(L, 1);
    push_snapshot(L, 1);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 4);
    lua_rawset(L, 3);
  }
  lua_getfield(L, 4, "index");                      /* 5 */
  lua_pushvalue(L, 2);
  if (lua_rawget(L, 5) != LUA_TNUMBER)
    return luaL_error(L, "invalid key to 'next'");
  lua_Integer pos = lua_tointeger(L, -1);
  return push_from(L, 1, 4, pos + 1);
}

/* pairs(t): __pairs if any, else next, t, nil. */
static int det_pairs(lua_State *L)
{
  luaL_checkany(L, 1);
  if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
    lua_pushvalue(L, 1);
    lua_call(L, 1, 3);
    return 3;
  }
  lua_pushcfunction(L, det_next);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

void lsim_open_pairs(lua_State *L, struct lsim *rt)
{
  (void)rt;
  lua_pushcfunction(L, det_next);
  lua_setglobal(L, "next");
  lua_pushcfunction(L, det_pairs);
  lua_setglobal(L, "pairs");
}
