/* sim/lua/lsim_exec.c: h:exec(path, argv, opts) in scenarios: a real
 * compiled program as a process of a simulated host (sim/exec/ runs it;
 * docs/programs.md says what it may call). The program's output lines
 * are printed as print() prints a process's (time, host:program), and a
 * request the simulator cannot answer stops the run like a Lua error in
 * a process does. */
#include "lsim_internal.h"
#include "exec.h"
#include "host.h"
#include "proc.h"

#include <stdio.h>
#include <string.h>

static void on_output(void *ctx, struct proc *p, const char *line)
{
  struct lsim *rt = ctx;
  lsim_progress_clear(rt);
  fprintf(stdout, "%12.6f %s: %s\n", sim_time_to_s(sim_now(rt->sim)),
          p->label, line);
}

static void on_fail(void *ctx, struct proc *p, const char *msg)
{
  struct lsim *rt = ctx;
  if (!rt->error)
    rt->error = g_strdup_printf("%s\n  in process %s at %.6f s", msg,
                                p->label, sim_time_to_s(sim_now(rt->sim)));
}

static struct exec_world *world(lua_State *L, struct lsim *rt)
{
  if (!rt->exec) {
    rt->exec = exec_world_new(lsim_netdb(L), NULL);
    rt->exec->output = on_output;
    rt->exec->fail = on_fail;
    rt->exec->ctx = rt;
    rt->exec->hosts = rt->hosts;
  }
  return rt->exec;
}

/* argv from the table at i (strings), or { path } when absent. */
static char **check_argv(lua_State *L, int i, const char *path)
{
  if (lua_isnoneornil(L, i)) {
    char **v = g_new0(char *, 2);
    v[0] = g_strdup(path);
    return v;
  }
  luaL_checktype(L, i, LUA_TTABLE);
  lua_Integer n = luaL_len(L, i);
  if (n < 1 || n > 256)
    luaL_argerror(L, i, "argv must hold 1 to 256 strings, argv[1] first");
  char **v = g_new0(char *, (gsize)n + 1);
  for (lua_Integer k = 1; k <= n; k++) {
    if (lua_rawgeti(L, i, k) != LUA_TSTRING) {
      g_strfreev(v);
      luaL_argerror(L, i, "argv must hold only strings");
    }
    v[k - 1] = g_strdup(lua_tostring(L, -1));
    lua_pop(L, 1);
  }
  return v;
}

/* h:exec(path, argv, { limit = 10, netns = true, uid = 0, input = "",
 * epoch = 0 }) -> pid. limit: wall seconds the program may compute
 * between calls; epoch: the seconds its clocks read at simulated 0. */
static int host_exec(lua_State *L)
{
  static const char *const fields[] = { "limit", "netns", "uid", "input",
                                        "epoch", NULL };
  struct lsim *rt = LSIM_RT(L);
  struct host *h = lsim_checkhandle(L, 1, LSIM_HOST);
  const char *path = luaL_checkstring(L, 2);
  struct exec_opts o = { .path = path, .netns = true };
  if (!lua_isnoneornil(L, 4)) {
    luaL_checktype(L, 4, LUA_TTABLE);
    lsim_check_fields(L, 4, "exec", fields);
    sim_time_t limit = 0;
    if (lsim_field_time(L, 4, "exec", "limit", &limit))
      o.limit = sim_time_to_s(limit);
    if (lua_getfield(L, 4, "netns") != LUA_TNIL)
      o.netns = lua_toboolean(L, -1);
    uint64_t uid = 0;
    lsim_field_uint(L, 4, "exec", "uid", 0, INT32_MAX, &uid);
    o.uid = (int)uid;
    o.input = lsim_field_string(L, 4, "exec", "input");
    uint64_t epoch = 0;
    if (lsim_field_uint(L, 4, "exec", "epoch", 0, INT64_MAX / SIM_S, &epoch))
      o.epoch = (sim_time_t)epoch * SIM_S;
  }
  if (h->down)
    return luaL_error(L, "exec: host '%s' is down (h:up() first)", h->name);
  char **argv = check_argv(L, 3, path);
  o.argv = argv;
  GError *err = NULL;
  struct proc *p = exec_start(world(L, rt), h, &o, &err);
  g_strfreev(argv);
  if (!p) {
    lua_pushfstring(L, "exec: %s", err->message);
    g_error_free(err);
    return lua_error(L);
  }
  lua_pushinteger(L, p->pid);
  return 1;
}

void lsim_open_exec(lua_State *L, struct lsim *rt)
{
  static const luaL_Reg methods[] = { { "exec", host_exec }, { NULL, NULL } };
  luaL_getmetatable(L, LSIM_HOST);
  lua_getfield(L, -1, "__index");
  lsim_setfuncs(L, rt, methods);
  lua_pop(L, 2);
}

void lsim_exec_close(struct lsim *rt)
{
  exec_world_free(rt->exec);
  rt->exec = NULL;
}
