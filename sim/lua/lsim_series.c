/* sim/lua/lsim_series.c: a scenario's own data series and plots.
 * series{name=, columns={...}} opens <out>/<name>.csv and returns a
 * handle whose :add(v1, v2, ...) appends one row; plot{name=, x=, y={...},
 * ...} asks for a plot of a series, drawn at the end of a successful run
 * (lsim_series_finish) with scripts/xy.gp into <out>/<name>.png. The
 * state (every series and plot) is one userdata in the registry, freed
 * with the Lua state; handles only point into it. See docs/lua-api.md,
 * "Series and plots", and docs/results.md. */
#include "lsim_internal.h"
#include "csv.h"
#include "plot.h"
#include "results.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define STATE_CLASS "ipcsim.series_state"    /* the metatable */
#define STATE_KEY "ipcsim.series_state.ud"    /* the userdata, kept alive */
#define SERIES_CLASS "ipcsim.series"
#define MAX_COLUMNS 32

struct series {
  char *name;                 /* file <out>/<name>.csv */
  char **cols;                /* column names (NULL-ended) */
  int ncol;                   /* how many */
  FILE *f;                    /* open while the run goes on, else NULL */
  char *path;                 /* the file, for messages */
};

struct uplot {
  char *name;                 /* files <out>/<name>.gp, .dat, .png */
  struct series *s;           /* the series drawn */
  char *title, *xlabel, *ylabel;  /* texts */
  int x;                      /* column index of x */
  GArray *y;                  /* int column indexes of the y lines */
};

struct sstate {
  GPtrArray *series;          /* struct series * (owned) */
  GPtrArray *plots;           /* struct uplot * (owned) */
};

static void series_free(gpointer p)
{
  struct series *s = p;
  if (s->f)
    fclose(s->f);
  g_free(s->name), g_strfreev(s->cols), g_free(s->path);
  g_free(s);
}

static void uplot_free(gpointer p)
{
  struct uplot *u = p;
  g_free(u->name), g_free(u->title), g_free(u->xlabel), g_free(u->ylabel);
  g_array_free(u->y, TRUE);
  g_free(u);
}

static int state_gc(lua_State *L)
{
  struct sstate *st = luaL_checkudata(L, 1, STATE_CLASS);
  if (st->plots)
    g_ptr_array_free(st->plots, TRUE), st->plots = NULL;
  if (st->series)
    g_ptr_array_free(st->series, TRUE), st->series = NULL;
  return 0;
}

static struct sstate *get_state(lua_State *L)
{
  lua_getfield(L, LUA_REGISTRYINDEX, STATE_KEY);
  struct sstate *st = lua_touserdata(L, -1);
  lua_pop(L, 1);
  return st;
}

/* Letters, digits, _ and -, not empty (file names and column names). */
static bool plain(const char *s)
{
  if (!*s)
    return false;
  for (; *s; s++)
    if (!g_ascii_isalnum(*s) && *s != '_' && *s != '-')
      return false;
  return true;
}

static struct series *find_series(struct sstate *st, const char *name)
{
  for (guint i = 0; i < st->series->len; i++) {
    struct series *s = st->series->pdata[i];
    if (!strcmp(s->name, name))
      return s;
  }
  return NULL;
}

/* The names in the array field f of the table at t (non-empty, plain,
 * distinct). NULL-ended, newly allocated. */
static char **name_list(lua_State *L, int t, const char *what, const char *f)
{
  if (lua_getfield(L, t, f) != LUA_TTABLE)
    luaL_error(L, "%s: %s must be a list of names, not a %s", what, f,
               luaL_typename(L, -1));
  int n = (int)luaL_len(L, -1);
  if (n < 1 || n > MAX_COLUMNS)
    luaL_error(L, "%s: %s must list 1 to %d names, not %d", what, f,
               MAX_COLUMNS, n);
  for (int i = 1; i <= n; i++) {
    lua_rawgeti(L, -1, i);
    bool str = lua_type(L, -1) == LUA_TSTRING;  /* before tostring */
    const char *v = str ? lua_tostring(L, -1) : NULL;
    if (!str || !plain(v))
      luaL_error(L, "%s: %s[%d] = %s is not a name (letters, digits, _, -)",
                 what, f, i, luaL_tolstring(L, -1, NULL));
    for (int j = 1; j < i; j++) {
      lua_rawgeti(L, -2, j);
      if (!strcmp(lua_tostring(L, -1), v))
        luaL_error(L, "%s: %s: '%s' is listed twice", what, f, v);
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  char **out = g_new0(char *, n + 1);
  for (int i = 1; i <= n; i++, lua_pop(L, 1))
    lua_rawgeti(L, -1, i), out[i - 1] = g_strdup(lua_tostring(L, -1));
  lua_pop(L, 1);
  return out;
}

/* A required plain name field. */
static const char *need_name(lua_State *L, int t, const char *what,
                             const char *f)
{
  const char *v = lsim_field_string(L, t, what, f);
  if (!v)
    luaL_error(L, "%s: %s is missing", what, f);
  if (!plain(v))
    luaL_error(L, "%s: %s = '%s' is not a name (letters, digits, _, -)",
               what, f, v);
  return v;
}

/* Opens <out>/<name>.csv with its header. */
static void open_file(lua_State *L, struct lsim *rt, struct series *s)
{
  const char *dir = rt->opt.out_dir ? rt->opt.out_dir : ".";
  s->path = g_strdup_printf("%s/%s.csv", dir, s->name);
  if (g_mkdir_with_parents(dir, 0777) != 0 || !(s->f = fopen(s->path, "w")))
    luaL_error(L, "series: cannot create %s: %s", s->path, g_strerror(errno));
  char *head = g_strjoinv(",", s->cols);
  fprintf(s->f, "%s\n", head);
  g_free(head);
}

/* series{ name = "backlog", columns = { "t", "queued" } } */
static int l_series(lua_State *L)
{
  static const char *const allowed[] = { "name", "columns", NULL };
  struct lsim *rt = LSIM_RT(L);
  struct sstate *st = get_state(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lsim_check_fields(L, 1, "series", allowed);
  const char *name = need_name(L, 1, "series", "name");
  if (find_series(st, name))
    luaL_error(L, "series: name '%s' is already a series", name);
  char *file = g_strdup_printf("%s.csv", name);
  bool taken = results_is_run_file(file);
  g_free(file);
  if (taken)
    luaL_error(L, "series: name '%s' would overwrite the run's own %s.csv "
               "(docs/results.md); choose another", name, name);
  char **cols = name_list(L, 1, "series", "columns");
  struct series *s = g_new0(struct series, 1);
  s->name = g_strdup(name), s->cols = cols;
  s->ncol = (int)g_strv_length(cols);
  g_ptr_array_add(st->series, s);       /* owned now, even if open fails */
  open_file(L, rt, s);
  lsim_pushhandle(L, SERIES_CLASS, s);
  return 1;
}

/* s:add(v1, v2, ...): one row, one finite number per column. */
static int l_add(lua_State *L)
{
  struct series *s = lsim_checkhandle(L, 1, SERIES_CLASS);
  int n = lua_gettop(L) - 1;
  if (n != s->ncol) {
    char *cols = g_strjoinv(", ", s->cols);
    luaL_where(L, 1);
    lua_pushfstring(L, "series '%s': add: %d values for %d columns (%s)",
                    s->name, n, s->ncol, cols);
    g_free(cols);
    lua_concat(L, 2);
    return lua_error(L);
  }
  for (int i = 2; i <= n + 1; i++)
    if (lua_type(L, i) != LUA_TNUMBER || !isfinite(lua_tonumber(L, i)))
      return luaL_error(L, "series '%s': add: %s = %s is not a finite "
                        "number", s->name, s->cols[i - 2],
                        luaL_tolstring(L, i, NULL));
  GString *row = g_string_new(NULL);
  for (int i = 2; i <= n + 1; i++) {
    if (i > 2)
      g_string_append_c(row, ',');
    csv_append_number(row, lua_tonumber(L, i));
  }
  if (s->f)
    fprintf(s->f, "%s\n", row->str);
  g_string_free(row, TRUE);
  return 0;
}

static int series_tostring(lua_State *L)
{
  struct series *s = lsim_checkhandle(L, 1, SERIES_CLASS);
  lua_pushfstring(L, "series %s", s->name);
  return 1;
}

/* The index of column v of s; errors naming the field otherwise. */
static int column_of(lua_State *L, struct series *s, const char *f,
                     const char *v)
{
  for (int i = 0; i < s->ncol; i++)
    if (!strcmp(s->cols[i], v))
      return i;
  char *cols = g_strjoinv(", ", s->cols);
  luaL_where(L, 1);
  lua_pushfstring(L, "plot: %s: '%s' is not a column of series '%s' (%s)",
                  f, v, s->name, cols);
  g_free(cols);
  lua_concat(L, 2);
  return lua_error(L);
}

/* Errors unless every string in plot{}'s y list is a column of s (before
 * anything is allocated, so an error leaks nothing). */
static void check_y(lua_State *L, struct series *s)
{
  if (lua_getfield(L, 1, "y") == LUA_TTABLE)
    for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
      if (lua_type(L, -1) == LUA_TSTRING)
        column_of(L, s, "y", lua_tostring(L, -1));
      lua_pop(L, 1);
    }
  lua_settop(L, 1);
}

static char *text_or(lua_State *L, const char *f, const char *dflt)
{
  const char *v = lsim_field_string(L, 1, "plot", f);
  return g_strdup(v ? v : dflt);
}

/* plot{ name=, series=, title=, x=, y={...}, xlabel=, ylabel= } */
static int l_plot(lua_State *L)
{
  static const char *const allowed[] = { "name", "series", "title", "x", "y",
                                         "xlabel", "ylabel", NULL };
  struct sstate *st = get_state(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lsim_check_fields(L, 1, "plot", allowed);
  const char *name = need_name(L, 1, "plot", "name");
  const char *sname = lsim_field_string(L, 1, "plot", "series");
  struct series *s = find_series(st, sname ? sname : name);
  if (!s)
    return luaL_error(L, "plot: %s: no series '%s' (make it with series{} "
                      "first)", sname ? "series" : "name", sname ? sname : name);
  for (guint i = 0; i < st->plots->len; i++)
    if (!strcmp(((struct uplot *)st->plots->pdata[i])->name, name))
      return luaL_error(L, "plot: name '%s' is already a plot", name);
  int x = column_of(L, s, "x", need_name(L, 1, "plot", "x"));
  check_y(L, s);
  char **y = name_list(L, 1, "plot", "y");
  GArray *yi = g_array_new(FALSE, FALSE, sizeof(int));
  for (int i = 0; y[i]; i++)
    for (int k = 0; k < s->ncol; k++)
      if (!strcmp(s->cols[k], y[i]))
        g_array_append_val(yi, k);
  struct uplot *u = g_new0(struct uplot, 1);
  u->name = g_strdup(name), u->s = s, u->x = x, u->y = yi;
  u->title = text_or(L, "title", name);
  u->xlabel = text_or(L, "xlabel", s->cols[x]);
  u->ylabel = text_or(L, "ylabel", y[1] ? "value" : y[0]);
  g_strfreev(y);
  g_ptr_array_add(st->plots, u);
  return 0;
}

void lsim_open_series(lua_State *L, struct lsim *rt)
{
  static const luaL_Reg funcs[] = {
    { "series", l_series }, { "plot", l_plot }, { NULL, NULL },
  };
  static const luaL_Reg methods[] = { { "add", l_add }, { NULL, NULL } };
  struct sstate *st = lua_newuserdatauv(L, sizeof *st, 0);
  st->series = g_ptr_array_new_with_free_func(series_free);
  st->plots = g_ptr_array_new_with_free_func(uplot_free);
  luaL_newmetatable(L, STATE_CLASS);
  lua_pushcfunction(L, state_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  lua_setfield(L, LUA_REGISTRYINDEX, STATE_KEY);
  lsim_newclass(L, rt, SERIES_CLASS, methods, series_tostring);
  lua_pushglobaltable(L);
  lsim_setfuncs(L, rt, funcs);
  lua_pop(L, 1);
}

/* <out>/<name>.dat: "x y1 y2 ..." from the series' CSV. */
static bool write_dat(const char *dir, const struct uplot *u, GError **err)
{
  struct results_table *t = plot_read(dir, strrchr(u->s->path, '/') + 1, err);
  if (!t)
    return false;
  GString *out = g_string_new(NULL);
  for (guint r = 0; r < t->rows->len; r++) {
    g_string_append(out, results_str(t, r, u->x));
    for (guint i = 0; i < u->y->len; i++)
      g_string_append_printf(out, " %s",
                             results_str(t, r, g_array_index(u->y, int, i)));
    g_string_append_c(out, '\n');
  }
  char *path = g_strdup_printf("%s/%s.dat", dir, u->name);
  bool ok = g_file_set_contents(path, out->str, (gssize)out->len, NULL);
  if (!ok)
    g_set_error(err, PLOT_ERROR, PLOT_ERROR_IO, "cannot write %s", path);
  g_free(path);
  g_string_free(out, TRUE);
  results_table_free(t);
  return ok;
}

/* Draws one plot{}; false after printing why. */
static bool draw(const char *dir, const struct uplot *u)
{
  GString *names = g_string_new(NULL);
  for (guint i = 0; i < u->y->len; i++)
    g_string_append_printf(names, "%s%s", i ? " " : "",
                           u->s->cols[g_array_index(u->y, int, i)]);
  char *data = g_strdup_printf("%s.dat", u->name);
  char *ny = g_strdup_printf("%u", u->y->len);
  const struct plot_var vars[] = {
    { "TITLE", u->title }, { "XLABEL", u->xlabel }, { "YLABEL", u->ylabel },
    { "DATA", data }, { "NY", ny }, { "YNAMES", names->str }, { NULL, NULL },
  };
  struct plot_spec spec = { .kind = "xy", .name = u->name, .dir = dir,
                            .format = PLOT_PNG, .vars = vars };
  GError *err = NULL;
  bool ok = write_dat(dir, u, &err) && plot_render(&spec, &err);
  if (!ok)
    fprintf(stderr, "ipcsim: plot '%s': %s\n", u->name, err->message);
  g_clear_error(&err);
  g_free(data), g_free(ny);
  g_string_free(names, TRUE);
  return ok;
}

bool lsim_series_finish(struct lsim *rt, bool succeeded)
{
  struct sstate *st = get_state(rt->L);
  bool ok = true;
  for (guint i = 0; st && i < st->series->len; i++) {
    struct series *s = st->series->pdata[i];
    if (s->f && (ferror(s->f) | fclose(s->f)) != 0) {
      fprintf(stderr, "ipcsim: series: writing %s failed\n", s->path);
      ok = false;
    }
    s->f = NULL;
  }
  const char *dir = rt->opt.out_dir ? rt->opt.out_dir : ".";
  for (guint i = 0; st && ok && succeeded && i < st->plots->len; i++)
    ok = draw(dir, st->plots->pdata[i]) && ok;
  return ok;
}
