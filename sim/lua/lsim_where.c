/* sim/lua/lsim_where.c: every error names a file and line of the
 * scenario. Lua leaves some messages without a place ("C stack overflow"
 * raised inside a C function such as tostring, an error() with level 0)
 * and names code made by load() after the string it came from
 * ([string "..."]:1:, (load):2:). lsim_where_fix() gives the first the
 * place of the innermost Lua code running, and adds to both the line of
 * the scenario file that called into the loaded code. It reads the
 * erring thread's stack: from a message handler (the stack not yet
 * unwound) or from a coroutine that died (its stack is kept). */
#include "lsim_internal.h"

#include <string.h>

/* Whether msg starts with "source:line:". */
static bool has_place(const char *msg)
{
  const char *c = msg;
  while (*c && *c != ':' && *c != '\n')
    c++;
  if (*c != ':' || c == msg || !g_ascii_isdigit(c[1]))
    return false;
  for (c++; g_ascii_isdigit(*c); c++)
    ;
  return *c == ':';
}

/* Whether a frame's source is a file (a chunk name "@path"). */
static bool from_file(const lua_Debug *ar)
{
  return ar->source && ar->source[0] == '@';
}

/* The first frame from level on with a line, in file-only mode or not;
 * false if none. */
static bool find_frame(lua_State *co, int level, bool file_only,
                       lua_Debug *ar)
{
  for (int l = level; lua_getstack(co, l, ar); l++) {
    if (!lua_getinfo(co, "Sl", ar))
      continue;
    if (ar->currentline > 0 && (!file_only || from_file(ar)))
      return true;
  }
  return false;
}

void lsim_where_fix(lua_State *L, lua_State *co, int level)
{
  const char *msg = lua_tostring(L, -1);
  if (!msg || lua_type(L, -1) != LUA_TSTRING)
    return;
  lua_Debug ar, file;
  bool placed = has_place(msg);
  bool inner = find_frame(co, level, false, &ar);
  if (!placed && !inner)
    return;
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  if (!placed)
    lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline),
      luaL_addvalue(&b);
  lua_pushvalue(L, -2);
  luaL_addvalue(&b);
  /* Loaded code: say where the scenario called into it. */
  if (inner && !from_file(&ar) && find_frame(co, level, true, &file))
    lua_pushfstring(L, "\n  (in code made by load(), called at %s:%d)",
                    file.short_src, file.currentline),
      luaL_addvalue(&b);
  luaL_pushresult(&b);
  lua_remove(L, -2);
}

int lsim_msgh(lua_State *L)
{
  lsim_where_fix(L, L, 1);
  return 1;
}
