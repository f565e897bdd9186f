/* sim/lua/lsim_buf.c: buffer(n), a reusable byte buffer for read, recv and
 * recvfrom: the primer's `cc = read(s, buf, sizeof (buf))`. A read into
 * it copies each byte once, from the socket buffer (or pipe, file,
 * terminal) into the userdata, and allocates nothing; #buf is what the
 * last read left there, buf:string() gives it back as a Lua string. The
 * reads themselves are in lsim_fd.c and lsim_sock.c; this file is the
 * class. Read: docs/lua-api.md "Any descriptor". */
#include "lsim_sys.h"

#include <string.h>

/* The buffer at i, or NULL for any other value: the metatable compared
 * by address (no registry lookup), as the direct read path asks it once
 * per read. A light userdata has no metatable of its own (only the
 * debug library of --unsafe could give the type one, and it could as
 * well give a full userdata this one, which luaL_checkudata trusts). */
struct lsim_buf *lsim_buf_test(lua_State *L, int i)
{
  struct lsim_buf *b = lua_touserdata(L, i);
  if (!b || !lua_getmetatable(L, i))
    return NULL;
  bool ok = lua_topointer(L, -1) == LSIM_THREAD(L)->rt->buf_mt;
  lua_pop(L, 1);
  return ok ? b : NULL;
}

static struct lsim_buf *check_buf(lua_State *L, int i)
{
  return luaL_checkudata(L, i, LSIM_BUF);
}

struct lsim_buf *lsim_buf_or_count(lua_State *L, int i)
{
  struct lsim_buf *b = lsim_buf_test(L, i);
  if (!b && !lua_isnumber(L, i))
    luaL_typeerror(L, i, "number or buffer");
  return b;
}

int lsim_buf_count(lua_State *L, int i, const struct lsim_buf *b)
{
  if (lua_isnoneornil(L, i))
    return (int)b->cap;
  int n = lsim_sys_checkint(L, i, 0, INT32_MAX);
  if ((size_t)n > b->cap)
    luaL_argerror(L, i, lua_pushfstring(L, "%d is over the buffer's "
                                        "capacity, %d bytes", n,
                                        (int)b->cap));
  return n;
}

/* buffer(n) -> a buffer of capacity n bytes, holding none. */
static int l_buffer(lua_State *L)
{
  int n = lsim_sys_checkint(L, 1, 1, LSIM_BUF_MAX);
  struct lsim_buf *b = lua_newuserdatauv(L, sizeof *b + (size_t)n, 0);
  b->cap = (size_t)n;
  b->len = 0;
  luaL_setmetatable(L, LSIM_BUF);
  return 1;
}

/* A position as string.sub takes it, in 1..len + 1 (start) or 0..len. */
static size_t start_pos(lua_Integer i, size_t len)
{
  if (i > 0)
    return (size_t)i;
  if (i == 0 || i < -(lua_Integer)len)
    return 1;
  return len + (size_t)(i + 1);
}

static size_t end_pos(lua_Integer j, size_t len)
{
  if (j > (lua_Integer)len)
    return len;
  if (j >= 0)
    return (size_t)j;
  if (j < -(lua_Integer)len)
    return 0;
  return len + (size_t)(j + 1);
}

/* buf:string([i [, j]]) -> the bytes held, or string.sub's i..j of them. */
static int buf_string(lua_State *L)
{
  struct lsim_buf *b = check_buf(L, 1);
  size_t from = start_pos(luaL_optinteger(L, 2, 1), b->len);
  size_t to = end_pos(luaL_optinteger(L, 3, -1), b->len);
  if (from > to)
    lua_pushliteral(L, "");
  else
    lua_pushlstring(L, (const char *)b->data + from - 1, to - from + 1);
  return 1;
}

/* buf:capacity() -> the most one read puts in it. */
static int buf_capacity(lua_State *L)
{
  lua_pushinteger(L, (lua_Integer)check_buf(L, 1)->cap);
  return 1;
}

/* #buf -> the bytes the last read left. */
static int buf_len(lua_State *L)
{
  lua_pushinteger(L, (lua_Integer)check_buf(L, 1)->len);
  return 1;
}

static int buf_tostring(lua_State *L)
{
  struct lsim_buf *b = check_buf(L, 1);
  lua_pushfstring(L, "buffer (%d of %d bytes)", (int)b->len, (int)b->cap);
  return 1;
}

void lsim_open_buf(lua_State *L, struct lsim *rt)
{
  static const luaL_Reg methods[] = {
    { "string", buf_string }, { "capacity", buf_capacity }, { NULL, NULL },
  };
  static const luaL_Reg funcs[] = {
    { "buffer", l_buffer }, { NULL, NULL },
  };
  lsim_newclass(L, rt, LSIM_BUF, methods, buf_tostring);
  luaL_getmetatable(L, LSIM_BUF);
  lua_pushlightuserdata(L, rt);
  lua_pushcclosure(L, buf_len, 1);
  lua_setfield(L, -2, "__len");
  rt->buf_mt = lua_topointer(L, -1);      /* the registry keeps it */
  lua_pop(L, 1);
  lua_pushglobaltable(L);
  lsim_setfuncs(L, rt, funcs);
  lua_pop(L, 1);
}
