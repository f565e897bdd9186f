/* sim/lua/lsim_report.c: a run's inputs and outputs for sweeps. param(name,
 * default) reads --param name=value; seed() gives the run seed; report{}
 * records named numbers, written at the end as <out>/report.csv
 * (lsim_report_finish). The sweep (sweep.c) reads those files back; this
 * file knows nothing of grids. The state is a userdata in the registry,
 * freed with the Lua state. See docs/lua-api.md, "Parameters and reports".
 * The results files of a run (packets.csv, ...) are lsim_results.c's. */
#include "lsim_internal.h"
#include "csv.h"
#include "results.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define REPORT_CLASS "ipcsim.report"          /* the metatable */
#define REPORT_KEY "ipcsim.report.state"      /* the userdata, kept alive */

struct lsim_report {
  struct lsim *rt;            /* its runtime (rt->report points back) */
  GHashTable *asked;          /* names param() was asked for (a set) */
  GPtrArray *keys;            /* reported names, in order of first report */
  GArray *values;             /* double per key, the latest reported */
  bool reported;              /* report{} was called */
};

static int report_gc(lua_State *L)
{
  struct lsim_report *r = luaL_checkudata(L, 1, REPORT_CLASS);
  if (r->rt && r->rt->report == r)
    r->rt->report = NULL;
  g_clear_pointer(&r->asked, g_hash_table_destroy);
  if (r->keys)
    g_ptr_array_free(r->keys, TRUE), r->keys = NULL;
  if (r->values)
    g_array_free(r->values, TRUE), r->values = NULL;
  return 0;
}

/* A name is letters, digits and _, not starting with a digit. */
static bool is_name(const char *s)
{
  if (!g_ascii_isalpha(*s) && *s != '_')
    return false;
  for (; *s; s++)
    if (!g_ascii_isalnum(*s) && *s != '_')
      return false;
  return true;
}

/* The value of --param name=..., or NULL. */
static const char *given(const struct lsim *rt, const char *name)
{
  size_t n = strlen(name);
  for (int i = 0; i < rt->opt.nparams; i++) {
    const char *p = rt->opt.params[i];
    if (strncmp(p, name, n) == 0 && p[n] == '=')
      return p + n + 1;
  }
  return NULL;
}

/* param(name [, default]): --param's value (a number when it reads as
 * one), else the default. */
static int l_param(lua_State *L)
{
  struct lsim *rt = LSIM_RT(L);
  const char *name = luaL_checkstring(L, 1);
  if (!is_name(name))
    return luaL_argerror(L, 1, lua_pushfstring(L, "'%s' is not a parameter "
                         "name (letters, digits and _)", name));
  int t = lua_type(L, 2);
  if (t != LUA_TNONE && t != LUA_TNIL && t != LUA_TNUMBER && t != LUA_TSTRING)
    return luaL_argerror(L, 2, lua_pushfstring(L, "default of '%s' must be "
                         "a number or a string, not a %s", name,
                         lua_typename(L, t)));
  g_hash_table_add(rt->report->asked, g_strdup(name));
  const char *v = given(rt, name);
  if (v) {
    if (lua_stringtonumber(L, v) == 0)
      lua_pushstring(L, v);
  } else if (t == LUA_TNONE || t == LUA_TNIL) {
    return luaL_error(L, "param: '%s' was not given (--param %s=VALUE) and "
                      "has no default", name, name);
  } else {
    lua_pushvalue(L, 2);
  }
  return 1;
}

static int l_seed(lua_State *L)
{
  lua_pushinteger(L, (lua_Integer)LSIM_RT(L)->opt.seed);
  return 1;
}

/* Records one reported value, replacing an earlier one of the same name. */
static void record(struct lsim_report *r, const char *key, double v)
{
  for (guint i = 0; i < r->keys->len; i++)
    if (strcmp(g_ptr_array_index(r->keys, i), key) == 0) {
      g_array_index(r->values, double, i) = v;
      return;
    }
  g_ptr_array_add(r->keys, g_strdup(key));
  g_array_append_val(r->values, v);
}

/* Errors unless every key of the table at 1 is a name and every value a
 * finite number. Allocates nothing, so an error leaks nothing. */
static void check_table(lua_State *L)
{
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    if (lua_type(L, -2) != LUA_TSTRING || !is_name(lua_tostring(L, -2)))
      luaL_error(L, "report: key %s is not a name (letters, digits and _)",
                 luaL_tolstring(L, -2, NULL));
    const char *key = lua_tostring(L, -2);
    if (lua_type(L, -1) != LUA_TNUMBER || !isfinite(lua_tonumber(L, -1))) {
      const char *type = luaL_typename(L, -1);
      luaL_error(L, "report: %s = %s is not a finite number (a %s)", key,
                 luaL_tolstring(L, -1, NULL), type);
    }
    lua_pop(L, 1);
  }
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* report{ name = number, ... }: merges into the run's report, new names
 * in sorted order so that columns come in the same order in every run. */
static int l_report(lua_State *L)
{
  struct lsim_report *r = LSIM_RT(L)->report;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  check_table(L);
  GPtrArray *keys = g_ptr_array_new();
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    g_ptr_array_add(keys, (void *)lua_tostring(L, -2));  /* kept by the table */
    lua_pop(L, 1);
  }
  g_ptr_array_sort(keys, compare_names);
  for (guint i = 0; i < keys->len; i++) {
    const char *k = g_ptr_array_index(keys, i);
    lua_getfield(L, 1, k);
    record(r, k, lua_tonumber(L, -1));
    lua_pop(L, 1);
  }
  g_ptr_array_free(keys, TRUE);
  r->reported = true;
  return 0;
}

void lsim_open_report(lua_State *L, struct lsim *rt)
{
  static const luaL_Reg funcs[] = {
    { "param", l_param }, { "report", l_report }, { "seed", l_seed },
    { NULL, NULL },
  };
  struct lsim_report *r = lua_newuserdatauv(L, sizeof *r, 0);
  *r = (struct lsim_report){ .rt = rt };
  r->asked = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  r->keys = g_ptr_array_new_with_free_func(g_free);
  r->values = g_array_new(FALSE, FALSE, sizeof(double));
  luaL_newmetatable(L, REPORT_CLASS);
  lua_pushcfunction(L, report_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  lua_setfield(L, LUA_REGISTRYINDEX, REPORT_KEY);
  rt->report = r;
  lua_pushglobaltable(L);
  lsim_setfuncs(L, rt, funcs);
  lua_pop(L, 1);
}

/* "a, b, c": the names param() was asked for, sorted. Newly allocated. */
static char *asked_list(struct lsim_report *r)
{
  GPtrArray *asked = g_ptr_array_new();
  GHashTableIter it;
  gpointer key;
  g_hash_table_iter_init(&it, r->asked);
  while (g_hash_table_iter_next(&it, &key, NULL))
    g_ptr_array_add(asked, key);
  g_ptr_array_sort(asked, compare_names);
  g_ptr_array_add(asked, NULL);
  char *list = g_strjoinv(", ", (char **)asked->pdata);
  g_ptr_array_free(asked, TRUE);
  return list;
}

/* Warns about each --param the scenario never asked for (a typo?). */
static void warn_unasked(struct lsim *rt)
{
  for (int i = 0; i < rt->opt.nparams; i++) {
    const char *p = rt->opt.params[i];
    char *name = g_strndup(p, strcspn(p, "="));
    if (!g_hash_table_contains(rt->report->asked, name)) {
      char *list = asked_list(rt->report);
      fprintf(stderr, "ipcsim: warning: --param %s: the scenario never "
              "asked for '%s' (it asked for: %s)\n", p, name,
              *list ? list : "nothing");
      g_free(list);
    }
    g_free(name);
  }
}

/* report.csv's two lines. */
static char *report_csv(struct lsim *rt)
{
  struct lsim_report *r = rt->report;
  GString *head = g_string_new(RESULTS_REPORT_SEED);
  GString *row = g_string_new(NULL);
  g_string_append_printf(row, "%llu", (unsigned long long)rt->opt.seed);
  for (int i = 0; i < rt->opt.nparams; i++) {
    const char *p = rt->opt.params[i];
    size_t n = strcspn(p, "=");
    g_string_append_c(head, ','), g_string_append_len(head, p, (gssize)n);
    g_string_append_c(row, ','), csv_append_field(row, p + n + 1);
  }
  for (guint i = 0; i < r->keys->len; i++) {
    g_string_append_c(head, ',');
    g_string_append(head, g_ptr_array_index(r->keys, i));
    g_string_append_c(row, ',');
    csv_append_number(row, g_array_index(r->values, double, i));
  }
  g_string_append_c(head, '\n'), g_string_append_c(row, '\n');
  g_string_append(head, row->str);
  g_string_free(row, TRUE);
  return g_string_free(head, FALSE);
}

/* "ipcsim: report: goodput=812.3 rexmit=4" on stderr. */
static void print_report(struct lsim *rt)
{
  struct lsim_report *r = rt->report;
  GString *s = g_string_new("ipcsim: report:");
  for (guint i = 0; i < r->keys->len; i++) {
    g_string_append_printf(s, " %s=", (char *)g_ptr_array_index(r->keys, i));
    csv_append_number(s, g_array_index(r->values, double, i));
  }
  lsim_progress_clear(rt);
  fprintf(stderr, "%s\n", s->str);
  g_string_free(s, TRUE);
}

bool lsim_report_finish(struct lsim *rt, bool succeeded, bool quiet)
{
  if (!rt->report)
    return true;
  warn_unasked(rt);
  if (!succeeded || !rt->report->reported)
    return true;
  char *text = report_csv(rt);
  char *path = g_build_filename(rt->opt.out_dir, RESULTS_REPORT_CSV, NULL);
  GError *err = NULL;
  bool ok = g_mkdir_with_parents(rt->opt.out_dir, 0755) == 0;
  if (!ok)
    fprintf(stderr, "ipcsim: cannot create output directory %s: %s\n",
            rt->opt.out_dir, g_strerror(errno));
  else if (!(ok = g_file_set_contents(path, text, -1, &err))) {
    fprintf(stderr, "ipcsim: %s\n", err->message);
    g_error_free(err);
  }
  if (ok && !quiet)
    print_report(rt);
  g_free(path);
  g_free(text);
  return ok;
}
