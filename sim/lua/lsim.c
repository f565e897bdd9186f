/* sim/lua/lsim.c: the Lua runtime's core: the state and its sandbox, the
 * memory cap (through the allocator, lsim_alloc.c), the runaway hook
 * (instruction count per uninterrupted slice), require from
 * scenarios/lib/, loading and running the scenario file, and error
 * reporting as "file:line: message".
 * The libraries it opens are two tables, as in Lua's linit.c: the
 * standard ones a sandboxed scenario gets (safe_libs[]) and the scenario
 * API, one lsim_<name>.c per entry (lsim_libs[]). */
#include "lua_config.h"
#include "lsim_internal.h"
#include "bus.h"
#include "capture.h"
#include "heap_thp.h"
#include "host.h"
#include "link.h"
#include "memuse.h"

#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *lsim_memory_over(struct lsim *rt)
{
  heap_thp_advise();            /* called often enough for this too */
  if (!rt->opt.max_memory || !rt->mem_armed)
    return NULL;
  size_t mapped = memuse_mapped();      /* >= the heap, and cheap */
  if (mapped != SIZE_MAX && (mapped <= rt->mem_base ||
                             mapped - rt->mem_base <= rt->opt.max_memory))
    return NULL;
  size_t heap = memuse_heap();
  size_t held = heap > rt->mem_base ? heap - rt->mem_base : 0;
  if (held <= rt->opt.max_memory)
    return NULL;
  size_t c = held > rt->mem_used ? held - rt->mem_used : 0;
  char *all = g_format_size_full(held, G_FORMAT_SIZE_IEC_UNITS);
  char *cap = g_format_size_full(rt->opt.max_memory, G_FORMAT_SIZE_IEC_UNITS);
  char *lua = g_format_size_full(rt->mem_used, G_FORMAT_SIZE_IEC_UNITS);
  char *sim = g_format_size_full(c, G_FORMAT_SIZE_IEC_UNITS);
  char *msg = g_strdup_printf("out of memory: the run holds %s, more than "
                              "--max-memory %s (Lua's heap %s, the "
                              "simulator's hosts, sockets and packets %s)",
                              all, cap, lua, sim);
  g_free(all), g_free(cap), g_free(lua), g_free(sim);
  return msg;
}

/* Last resort: a Lua error outside any protected call (an allocation
 * refused under --max-memory in C glue). Says so and exits 1 rather
 * than letting Lua abort without a word. */
static int on_panic(lua_State *L)
{
  const char *msg = lua_tostring(L, -1);
  fprintf(stderr, "ipcsim: Lua error outside a protected call: %s\n",
          msg ? msg : "(no message)");
  exit(1);
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
  struct lsim *rt = LSIM_THREAD(L)->rt;
  uint64_t max = rt->opt.max_instructions;
  lsim_beat(rt);
  if (G_UNLIKELY(lsim_interrupted())) {     /* even in an endless loop */
    luaL_where(L, 0);
    lua_pushstring(L, lsim_interrupt_text());
    lua_concat(L, 2);
    lua_error(L);
  }
  if (++rt->mem_ticks >= LSIM_MEM_TICKS) {
    rt->mem_ticks = 0;
    char *over = lsim_memory_over(rt);
    if (G_UNLIKELY(over)) {
      luaL_where(L, 0);
      lua_pushstring(L, over);
      g_free(over);
      lua_concat(L, 2);
      lua_error(L);
    }
  }
  if (!max || ++rt->slice_ticks * LSIM_HOOK_PERIOD <= max)
    return;
  luaL_where(L, 0);              /* in a hook, level 0 is the running code */
  lua_pushfstring(L, "runaway scenario: more than %I Lua instructions "
                  "without blocking (--max-instructions)", (lua_Integer)max);
  lua_concat(L, 2);
  lua_error(L);
}

/* load() that only takes text chunks: binary chunks can crash Lua. */
static int safe_load(lua_State *L)
{
  int n = lua_gettop(L);
  int nargs = n >= 4 ? 4 : 3;          /* an absent env must stay absent */
  lua_settop(L, 4);
  lua_pushvalue(L, lua_upvalueindex(1));     /* the real load */
  lua_pushvalue(L, 1);
  lua_pushvalue(L, 2);
  lua_pushliteral(L, "t");
  if (nargs == 4)
    lua_pushvalue(L, 4);
  lua_call(L, nargs, LUA_MULTRET);
  return lua_gettop(L) - 4;
}

/* Whether name is a module name: words of [A-Za-z0-9_] joined by dots. */
static bool module_name_ok(const char *name)
{
  if (!*name || *name == '.')
    return false;
  for (const char *c = name; *c; c++)
    if (!(g_ascii_isalnum(*c) || *c == '_' || (*c == '.' && c[1] && c[1] != '.')))
      return false;
  return true;
}

/* The file for module name: <scenario dir>/lib/ first, then the source
 * tree's scenarios/lib/. Newly allocated, or NULL. */
static char *find_module(struct lsim *rt, const char *name)
{
  char *base = g_strdelimit(g_strdup(name), ".", '/');
  char *rel = g_strconcat(base, ".lua", NULL);
  g_free(base);
  char *local = g_build_filename(rt->script_dir, "lib", rel, NULL);
  char *found = NULL;
  if (g_file_test(local, G_FILE_TEST_IS_REGULAR))
    found = g_steal_pointer(&local);
  else {
    char *global = g_build_filename(IPCSIM_SCENARIO_LIB, rel, NULL);
    if (g_file_test(global, G_FILE_TEST_IS_REGULAR))
      found = g_steal_pointer(&global);
    g_free(global);
  }
  g_free(local);
  g_free(rel);
  return found;
}

/* require(name): only modules from scenarios/lib, text only, cached. */
static int safe_require(lua_State *L)
{
  struct lsim *rt = LSIM_RT(L);
  const char *name = luaL_checkstring(L, 1);
  if (!module_name_ok(name))
    return luaL_error(L, "require: bad module name '%s'", name);
  lua_getfield(L, LUA_REGISTRYINDEX, "ipcsim.loaded");
  if (lua_getfield(L, -1, name) != LUA_TNIL)
    return 1;
  lua_pop(L, 1);
  char *path = find_module(rt, name);
  if (!path)
    return luaL_error(L, "require: no module '%s' in %s/lib or %s", name,
                      rt->script_dir, IPCSIM_SCENARIO_LIB);
  int st = luaL_loadfilex(L, path, "t");
  g_free(path);
  if (st != LUA_OK)
    return lua_error(L);
  lua_pushstring(L, name);
  lua_call(L, 1, 1);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushboolean(L, 1);
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, name);
  return 1;
}

/* The standard libraries a sandboxed scenario gets, as Lua's linit.c
 * lists all of them in loadedlibs[] (--unsafe opens those): no io, os,
 * package or debug. */
static const luaL_Reg safe_libs[] = {
  { LUA_GNAME, luaopen_base }, { LUA_COLIBNAME, luaopen_coroutine },
  { LUA_TABLIBNAME, luaopen_table }, { LUA_STRLIBNAME, luaopen_string },
  { LUA_MATHLIBNAME, luaopen_math }, { LUA_UTF8LIBNAME, luaopen_utf8 },
  { NULL, NULL },
};

/* The scenario API: one module per file (lsim_<name>.c), each opened by
 * its lsim_open_<name>, in this order, after the standard libraries
 * (lsim_open_rng replaces math.random). */
static const struct lsim_lib {
  const char *name;                            /* lsim_<name>.c */
  void (*open)(lua_State *L, struct lsim *rt); /* registers its globals */
} lsim_libs[] = {
  { "rng", lsim_open_rng },         /* rng, math.random */
  { "run", lsim_open_run },         /* run, at, now, print */
  { "clock", lsim_open_clock },     /* time, gettimeofday */
  { "topo", lsim_open_topo },       /* ethernet, link */
  { "host", lsim_open_host },       /* host, spawn, sleep */
  { "inet", lsim_open_inet },       /* gateway, route */
  { "netdb", lsim_open_netdb },     /* gethostbyname, ... */
  { "sock", lsim_open_sock },       /* socket calls, AF_* */
  { "fd", lsim_open_fd },           /* close, dup, ioctl */
  { "buf", lsim_open_buf },         /* buffer */
  { "if", lsim_open_if },           /* SIOCGIF*, IFF_* */
  { "fs", lsim_open_fs },           /* open, stat, O_* */
  { "proc", lsim_open_proc },       /* fork, kill, ... */
  { "report", lsim_open_report },   /* param, report, seed */
  { "results", lsim_open_results }, /* tcp_info */
  { "series", lsim_open_series },   /* series, plot */
  { "tty", lsim_open_tty },         /* terminals, tcsetattr, setsid */
  { "exec", lsim_open_exec },       /* host:exec */
  { "pairs", lsim_open_pairs },     /* next, pairs: the same order every run */
  { NULL, NULL },
};

static void open_safe_libs(lua_State *L, struct lsim *rt)
{
  for (const luaL_Reg *l = safe_libs; l->func; l++) {
    luaL_requiref(L, l->name, l->func, 1);
    lua_pop(L, 1);
  }
  lua_pushnil(L), lua_setglobal(L, "dofile");
  lua_pushnil(L), lua_setglobal(L, "loadfile");
  lua_getglobal(L, "load");
  lua_pushcclosure(L, safe_load, 1);
  lua_setglobal(L, "load");
  lua_getglobal(L, "string");
  lua_pushnil(L), lua_setfield(L, -2, "dump");
  lua_pop(L, 1);
  lua_newtable(L);
  lua_setfield(L, LUA_REGISTRYINDEX, "ipcsim.loaded");
  lua_pushlightuserdata(L, rt);
  lua_pushcclosure(L, safe_require, 1);
  lua_setglobal(L, "require");
}

/* --unsafe: every standard library, with scenarios/lib on package.path. */
static void open_all_libs(lua_State *L, struct lsim *rt)
{
  luaL_openlibs(L);
  lua_getglobal(L, "package");
  lua_pushfstring(L, "%s/lib/?.lua;%s/?.lua;", rt->script_dir,
                  IPCSIM_SCENARIO_LIB);
  lua_getfield(L, -2, "path");
  lua_concat(L, 2);
  lua_setfield(L, -2, "path");
  lua_pop(L, 1);
}

struct lsim *lsim_new(const struct lsim_options *opt)
{
  heap_thp_start();
  struct lsim *rt = g_new0(struct lsim, 1);
  rt->opt = *opt;
  rt->sim = sim_new(opt->seed);
  rt->hosts = g_ptr_array_new_with_free_func((GDestroyNotify)host_free);
  rt->links = g_ptr_array_new();    /* free funcs set by lsim_open_topo */
  rt->buses = g_ptr_array_new();
  rt->caps = g_ptr_array_new();
  rt->lprocs = g_ptr_array_new_with_free_func(g_free);
  rt->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  rt->progress = opt->progress;
  lua_State *L = lua_newstate(lsim_alloc, rt);
  g_assert(L);                /* the cap is not armed yet */
  lua_atpanic(L, on_panic);
  rt->L = L;
  rt->main.rt = rt;
  LSIM_THREAD(L) = &rt->main;
  lua_sethook(L, count_hook, LUA_MASKCOUNT, LSIM_HOOK_PERIOD);
  /* Generational: most garbage is young (the strings reads return, one
   * per segment), and a minor collection does not re-mark the libraries
   * and the scenario's tables each time as an incremental cycle does.
   * Its parameters: lsim_internal.h. */
  lua_gc(L, LUA_GCGEN, LSIM_GC_MINORMUL, LSIM_GC_MAJORMUL);
  return rt;
}

static void push_args(lua_State *L, struct lsim *rt)
{
  lua_createtable(L, rt->opt.nargs, 1);
  lua_pushstring(L, rt->script);
  lua_rawseti(L, -2, 0);
  for (int i = 0; i < rt->opt.nargs; i++) {
    lua_pushstring(L, rt->opt.args[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setglobal(L, "arg");
}

static void open_everything(lua_State *L, struct lsim *rt)
{
  if (rt->opt.unsafe)
    open_all_libs(L, rt);
  else
    open_safe_libs(L, rt);
  for (const struct lsim_lib *lib = lsim_libs; lib->open; lib++)
    lib->open(L, rt);
  push_args(L, rt);
}

/* Prints the error at the top of L as "file:line: message". */
static void report(struct lsim *rt, lua_State *L, int status)
{
  lsim_progress_clear(rt);
  const char *msg = lua_isstring(L, -1) ? lua_tostring(L, -1) : NULL;
  char *first = g_strndup(msg ? msg : "", msg ? strcspn(msg, "\n") : 0);
  if (lsim_interrupted())
    lsim_set_ending(rt, "%s at %.9f s", lsim_interrupt_text(),
                    sim_time_to_s(sim_now(rt->sim)));
  lsim_set_ending(rt, "with an error at %.9f s: %s",
                  sim_time_to_s(sim_now(rt->sim)),
                  status == LUA_ERRMEM && rt->mem_hit ? "out of memory "
                  "(--max-memory)" : first);
  g_free(first);
  if (status == LUA_ERRMEM && rt->mem_hit)
    fprintf(stderr, "%s: out of memory: Lua's heap reached --max-memory "
            "(%llu bytes)\n", rt->script,
            (unsigned long long)rt->opt.max_memory);
  else
    fprintf(stderr, "%s\n", lua_isstring(L, -1) ? lua_tostring(L, -1)
                                                : "(error object is not a string)");
  fflush(stderr);
}

/* Runs the chunk on top of L; if the scenario never called run{}, runs
 * the simulation as run{} would. */
static int run_chunk(struct lsim *rt, lua_State *L)
{
  rt->slice_ticks = 0;
  lua_pushcfunction(L, lsim_msgh);
  lua_insert(L, -2);
  int st = lua_pcall(L, 0, 0, -2);
  lua_remove(L, st == LUA_OK ? -1 : -2);      /* the handler */
  if (st == LUA_OK && !rt->ran) {
    lua_getglobal(L, "run");
    st = lua_pcall(L, 0, 0, 0);
    const char *msg = st == LUA_ERRRUN ? lua_tostring(L, -1) : NULL;
    if (msg && !g_str_has_prefix(msg, rt->script)) {  /* name the file */
      lua_pushfstring(L, "%s: at its end (the run{} it did not call): %s",
                      rt->script, msg);
      lua_remove(L, -2);
    }
  }
  return st;
}

struct load_arg {
  const char *path;           /* the scenario file */
  const char *mode;           /* "t", or NULL for text and binary */
  int status;                 /* luaL_loadfilex's */
};

/* luaL_loadfilex in protected mode: it pushes strings, and under
 * --max-memory a failed allocation outside a pcall would panic. */
static int load_protected(lua_State *L)
{
  struct load_arg *a = lua_touserdata(L, 1);
  a->status = luaL_loadfilex(L, a->path, a->mode);
  const char *msg = lua_tostring(L, -1);
  if (a->status != LUA_OK && msg && !g_str_has_prefix(msg, a->path))
    lua_pushfstring(L, "%s: %s", a->path, msg);   /* "binary chunk" */
  return 1;                   /* the chunk, or the error message */
}

/* Loads the file onto L's stack: the chunk, or an error message. */
static int load_file(lua_State *L, const char *path, bool unsafe)
{
  struct load_arg a = { path, unsafe ? NULL : "t", LUA_OK };
  lua_pushcfunction(L, load_protected);
  lua_pushlightuserdata(L, &a);
  int st = lua_pcall(L, 1, 1, 0);
  return st != LUA_OK ? st : a.status;
}

int lsim_run_file(struct lsim *rt, const char *path)
{
  lua_State *L = rt->L;
  rt->script = g_strdup(path);
  rt->script_dir = g_path_get_dirname(path);
  open_everything(L, rt);
  if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
    fprintf(stderr, "%s: %s\n", path,
            !g_file_test(path, G_FILE_TEST_EXISTS) ? "no such scenario file"
            : g_file_test(path, G_FILE_TEST_IS_DIR) ? "is a directory, not "
              "a scenario file" : "not a regular file (a scenario is a Lua "
              "text file)");
    return 1;
  }
  if (!lsim_open_trace(rt) || !lsim_results_start(rt))
    return 1;
  rt->mem_armed = true;       /* --max-memory counts from here */
  rt->mem_base = memuse_heap();
  int st = load_file(L, path, rt->opt.unsafe);
  if (st == LUA_OK)
    st = run_chunk(rt, L);
  if (st != LUA_OK) {
    report(rt, L, st);
    return 1;
  }
  return 0;
}

void lsim_counts(const struct lsim *rt, uint64_t *events, sim_time_t *now)
{
  *events = sched_executed(rt->sim->sched);
  *now = sim_now(rt->sim);
}

/* Closes every capture file; false if one failed. */
static bool close_captures(struct lsim *rt)
{
  bool ok = true;
  for (guint i = 0; i < rt->caps->len; i++) {
    GError *err = NULL;
    if (!capture_close(g_ptr_array_index(rt->caps, i), &err)) {
      fprintf(stderr, "ipcsim: %s\n", err->message);
      g_error_free(err);
      ok = false;
    }
  }
  g_ptr_array_set_size(rt->caps, 0);
  return ok;
}

bool lsim_free(struct lsim *rt)
{
  if (!rt)
    return true;
  lsim_progress_clear(rt);
  rt->closed = true;          /* a finalizer's run{} may not go on */
  lsim_exec_close(rt);
  bool rec_ok = lsim_results_finish(rt);
  lsim_lend_close(rt);        /* socket buffers outlive the Lua strings */
  lua_close(rt->L);
  lsim_alloc_drain(rt);
  g_ptr_array_free(rt->lprocs, TRUE);
  lsim_stdio_close(rt);
  /* Hosts go first: their interfaces detach from the media's ports. */
  g_ptr_array_free(rt->hosts, TRUE);
  g_ptr_array_free(rt->links, TRUE);
  g_ptr_array_free(rt->buses, TRUE);
  bool ok = close_captures(rt) && rec_ok;
  g_ptr_array_free(rt->caps, TRUE);
  GError *err = NULL;
  if (!trace_close(rt->sim->trace, &err)) {
    fprintf(stderr, "ipcsim: %s\n", err->message);
    g_error_free(err);
    ok = false;
  }
  sim_free(rt->sim);
  g_hash_table_destroy(rt->names);
  if (rt->scratch)
    g_byte_array_free(rt->scratch, TRUE);
  if (rt->fnames)
    g_hash_table_destroy(rt->fnames);
  g_free(rt->error);
  g_free(rt->script);
  g_free(rt->ending);
  g_free(rt->script_dir);
  g_free(rt);
  return ok;
}
