/* sim/lua/lsim_util.c: helpers shared by the Lua glue: classes and handles,
 * checking constructor tables (unknown fields, bad values, with the value
 * quoted), units, names, output files, and errno at the Lua edge. */
#include "lsim_internal.h"
#include "bsderr.h"
#include "capture.h"
#include "units.h"

#include <errno.h>
#include <math.h>
#include <string.h>

void *lsim_scratch(struct lsim *rt, size_t len)
{
  if (!rt->scratch)
    rt->scratch = g_byte_array_new();
  if (rt->scratch->len < len)
    g_byte_array_set_size(rt->scratch, (guint)len);
  return rt->scratch->data;
}

void lsim_setfuncs(lua_State *L, struct lsim *rt, const luaL_Reg *funcs)
{
  for (; funcs->name; funcs++) {
    lua_pushlightuserdata(L, rt);
    lua_pushcclosure(L, funcs->func, 1);
    lua_setfield(L, -2, funcs->name);
    lsim_results_note_func(rt, funcs->func, funcs->name);
  }
}

void lsim_newclass(lua_State *L, struct lsim *rt, const char *tname,
                   const luaL_Reg *methods, lua_CFunction tostring)
{
  luaL_newmetatable(L, tname);
  lua_newtable(L);
  lsim_setfuncs(L, rt, methods);
  lua_setfield(L, -2, "__index");
  lua_pushlightuserdata(L, rt);
  lua_pushcclosure(L, tostring, 1);
  lua_setfield(L, -2, "__tostring");
  lua_pop(L, 1);
}

void lsim_pushhandle(lua_State *L, const char *tname, void *ptr)
{
  struct lsim *rt = LSIM_THREAD(L)->rt;
  void **ud = lua_newuserdatauv(L, sizeof *ud, 1);
  *ud = ptr;
  lua_pushinteger(L, (lua_Integer)++rt->handles);   /* creation order */
  lua_setiuservalue(L, -2, 1);
  luaL_setmetatable(L, tname);
}

uint64_t lsim_handle_serial(lua_State *L, int i)
{
  if (lua_type(L, i) != LUA_TUSERDATA)
    return 0;
  uint64_t n = 0;
  if (lua_getiuservalue(L, i, 1) == LUA_TNUMBER)
    n = (uint64_t)lua_tointeger(L, -1);
  lua_pop(L, 1);
  return n;
}

void *lsim_checkhandle(lua_State *L, int i, const char *tname)
{
  return *(void **)luaL_checkudata(L, i, tname);
}

/* Edit distance, for "did you mean". Short strings only. */
static unsigned distance(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);
  if (la > 32 || lb > 32)
    return 99;
  unsigned row[33];
  for (size_t j = 0; j <= lb; j++)
    row[j] = (unsigned)j;
  for (size_t i = 1; i <= la; i++) {
    unsigned diag = row[0];
    row[0] = (unsigned)i;
    for (size_t j = 1; j <= lb; j++) {
      unsigned up = row[j];
      unsigned sub = diag + (a[i - 1] != b[j - 1]);
      row[j] = MIN(MIN(row[j - 1] + 1, up + 1), sub);
      diag = up;
    }
  }
  return row[lb];
}

static void unknown_field(lua_State *L, const char *what, const char *key,
                          const char *const allowed[])
{
  const char *best = NULL;
  unsigned best_d = 3;
  GString *all = g_string_new(NULL);
  for (int i = 0; allowed[i]; i++) {
    g_string_append_printf(all, "%s%s", i ? ", " : "", allowed[i]);
    unsigned d = distance(key, allowed[i]);
    if (d < best_d)
      best_d = d, best = allowed[i];
  }
  lua_pushfstring(L, "%s: unknown field '%s'", what, key);
  if (best)
    lua_pushfstring(L, " (did you mean '%s'?)", best);
  else
    lua_pushfstring(L, " (fields: %s)", all->str);
  g_string_free(all, TRUE);
  lua_concat(L, 2);
  luaL_where(L, 1);
  lua_insert(L, -2);
  lua_concat(L, 2);
  lua_error(L);
}

/* Whether key is one of allowed (NULL ended). */
static bool is_allowed(const char *key, const char *const allowed[])
{
  for (int i = 0; allowed[i]; i++)
    if (strcmp(allowed[i], key) == 0)
      return true;
  return false;
}

/* Names the first unknown key in byte order, not in the table's order:
 * that depends on Lua's per-run string hash seed, and the same scenario
 * must get the same message every run. */
void lsim_check_fields(lua_State *L, int t, const char *what,
                       const char *const allowed[])
{
  t = lua_absindex(L, t);
  const char *first = NULL;   /* kept alive by the table */
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TSTRING) {
      if (lua_isinteger(L, -1))
        continue;                 /* positional entries: checked by caller */
      luaL_error(L, "%s: field names must be strings", what);
    }
    const char *key = lua_tostring(L, -1);
    if (!is_allowed(key, allowed) && (!first || strcmp(key, first) < 0))
      first = key;
  }
  if (first)
    unknown_field(L, what, first, allowed);
}

/* Pushes field f of table t; returns false (and pushes nothing) if nil. */
static bool get_field(lua_State *L, int t, const char *f)
{
  if (lua_getfield(L, t, f) == LUA_TNIL) {
    lua_pop(L, 1);
    return false;
  }
  return true;
}

enum unit_kind { U_TIME, U_RATE, U_SIZE, U_LENGTH };

static const char *const kind_names[] = { "time", "rate", "size", "length" };
static const char *const kind_base[] = { "seconds", "bits per second",
                                         "bytes", "metres" };

/* A plain number in the kind's base unit. False if out of range. */
static bool from_number(enum unit_kind k, double v, void *out)
{
  if (!isfinite(v) || v < 0)
    return false;
  switch (k) {
  case U_TIME:
    if (v * 1e9 >= 0x1p63)          /* the largest sim_time_t, 9.2e18 ns */
      return false;
    *(sim_time_t *)out = (sim_time_t)llround(v * 1e9);
    return true;
  case U_SIZE:
    if (v >= 0x1p63)                /* llround's range */
      return false;
    *(uint64_t *)out = (uint64_t)llround(v);
    return true;
  default:
    *(double *)out = v;
    return true;
  }
}

/* A string with a unit (or a plain number written as a string). */
static bool from_string(enum unit_kind k, const char *s, void *out,
                        GError **err)
{
  switch (k) {
  case U_TIME: return units_parse_time(s, out, err);
  case U_RATE: return units_parse_rate(s, out, err);
  case U_SIZE: return units_parse_size(s, out, err);
  default: return units_parse_length(s, out, err);
  }
}

/* Converts the value at index i. On error pushes the message and returns
 * false. */
static bool convert_unit(lua_State *L, int i, enum unit_kind k, void *out)
{
  if (lua_type(L, i) == LUA_TNUMBER) {
    if (from_number(k, lua_tonumber(L, i), out))
      return true;
    double v = lua_tonumber(L, i);
    if (isfinite(v) && v >= 0)      /* what from_number refuses then */
      lua_pushfstring(L, "bad %s %s: too large (at most %s %s)",
                      kind_names[k], luaL_tolstring(L, i, NULL),
                      k == U_TIME ? "9223372036.854775807" :
                      "9223372036854775807", kind_base[k]);
    else
      lua_pushfstring(L, "bad %s %s: want a finite number of %s, not "
                      "negative", kind_names[k], luaL_tolstring(L, i, NULL),
                      kind_base[k]);
    lua_remove(L, -2);
    return false;
  }
  if (lua_type(L, i) != LUA_TSTRING) {
    lua_pushfstring(L, "a %s must be a number or a string with a unit, not "
                    "a %s", kind_names[k], luaL_typename(L, i));
    return false;
  }
  GError *err = NULL;
  if (from_string(k, lua_tostring(L, i), out, &err))
    return true;
  lua_pushstring(L, err->message);
  g_error_free(err);
  return false;
}

/* Reads field f of table t as a value of kind k. */
static bool unit_field(lua_State *L, int t, const char *what, const char *f,
                       enum unit_kind k, void *out)
{
  if (!get_field(L, t, f))
    return false;
  if (!convert_unit(L, lua_gettop(L), k, out)) {
    lua_pushfstring(L, "%s: %s: %s", what, f, lua_tostring(L, -1));
    luaL_where(L, 1);
    lua_insert(L, -2);
    lua_concat(L, 2);
    lua_error(L);
  }
  lua_pop(L, 1);
  return true;
}

bool lsim_field_time(lua_State *L, int t, const char *what, const char *f,
                     sim_time_t *out)
{
  return unit_field(L, t, what, f, U_TIME, out);
}

bool lsim_field_rate(lua_State *L, int t, const char *what, const char *f,
                     double *out)
{
  bool got = unit_field(L, t, what, f, U_RATE, out);
  if (got && !(*out > 0))
    luaL_error(L, "%s: %s must be more than 0", what, f);
  /* Below 1 b/s a frame's time overflows the 292-year clock. */
  if (got && *out < 1)
    luaL_error(L, "%s: %s must be at least 1bps (got %f bps)", what, f, *out);
  return got;
}

bool lsim_field_size(lua_State *L, int t, const char *what, const char *f,
                     uint64_t *out)
{
  return unit_field(L, t, what, f, U_SIZE, out);
}

bool lsim_field_length(lua_State *L, int t, const char *what, const char *f,
                       double *out)
{
  return unit_field(L, t, what, f, U_LENGTH, out);
}

bool lsim_field_prob(lua_State *L, int t, const char *what, const char *f,
                     double *out)
{
  if (!get_field(L, t, f))
    return false;
  int isnum;
  double v = lua_tonumberx(L, -1, &isnum);
  if (!isnum || lua_type(L, -1) != LUA_TNUMBER || !(v >= 0 && v <= 1))
    luaL_error(L, "%s: %s must be a probability between 0 and 1, not '%s'",
               what, f, luaL_tolstring(L, -1, NULL));
  *out = v;
  lua_pop(L, 1);
  return true;
}

bool lsim_field_uint(lua_State *L, int t, const char *what, const char *f,
                     uint64_t lo, uint64_t hi, uint64_t *out)
{
  if (!get_field(L, t, f))
    return false;
  if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < (lua_Integer)lo ||
      (uint64_t)lua_tointeger(L, -1) > hi)
    luaL_error(L, "%s: %s must be a whole number from %I to %I, not '%s'",
               what, f, (lua_Integer)lo, (lua_Integer)hi,
               luaL_tolstring(L, -1, NULL));
  *out = (uint64_t)lua_tointeger(L, -1);
  lua_pop(L, 1);
  return true;
}

const char *lsim_field_string(lua_State *L, int t, const char *what,
                              const char *f)
{
  if (!get_field(L, t, f))
    return NULL;
  if (lua_type(L, -1) != LUA_TSTRING)
    luaL_error(L, "%s: %s must be a string, not a %s", what, f,
               luaL_typename(L, -1));
  const char *s = lua_tostring(L, -1);
  lua_pop(L, 1);        /* the table still holds the string */
  return s;
}

sim_time_t lsim_checktime(lua_State *L, int i)
{
  sim_time_t v = 0;
  if (!convert_unit(L, i, U_TIME, &v))
    luaL_argerror(L, i, lua_tostring(L, -1));
  return v;
}

void lsim_claim_name(lua_State *L, struct lsim *rt, const char *what,
                     const char *name)
{
  if (!name)
    luaL_error(L, "%s: missing field 'name'", what);
  bool ok = *name != '\0' && strlen(name) <= 64;
  for (const char *c = name; ok && *c; c++)
    ok = g_ascii_isalnum(*c) || *c == '_' || *c == '-' || *c == '.';
  if (!ok)
    luaL_error(L, "%s: bad name '%s': use 1 to 64 letters, digits, '_', "
               "'-' or '.'", what, name);
  const char *kind = g_hash_table_lookup(rt->names, name);
  if (kind)
    luaL_error(L, "%s: name '%s' is already used by a %s", what, name, kind);
  g_hash_table_insert(rt->names, g_strdup(name), (void *)what);
}

/* Creates the output directory. False and *err set on failure. */
static bool ensure_out_dir(struct lsim *rt, GError **err)
{
  if (g_mkdir_with_parents(rt->opt.out_dir, 0755) == 0)
    return true;
  g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno),
              "cannot create output directory %s: %s", rt->opt.out_dir,
              g_strerror(errno));
  return false;
}

struct capture *lsim_open_capture(lua_State *L, struct lsim *rt,
                                  const char *name, uint32_t linktype)
{
  if (!rt->opt.pcap)
    return NULL;
  GError *err = NULL;
  char *path = g_strdup_printf("%s/%s.pcap", rt->opt.out_dir, name);
  struct capture *c = ensure_out_dir(rt, &err)
                        ? capture_open(path, linktype, &err) : NULL;
  g_free(path);
  if (!c) {
    lua_pushstring(L, err->message);
    g_error_free(err);
    lua_error(L);
  }
  g_ptr_array_add(rt->caps, c);
  return c;
}

bool lsim_open_trace(struct lsim *rt)
{
  if (!rt->opt.trace)
    return true;
  GError *err = NULL;
  char *path = g_strdup_printf("%s/trace.txt", rt->opt.out_dir);
  if (ensure_out_dir(rt, &err))
    rt->sim->trace = trace_open(path, &err);
  g_free(path);
  if (rt->sim->trace)
    return true;
  fprintf(stderr, "ipcsim: %s\n", err->message);
  g_error_free(err);
  return false;
}

int *lsim_errno_slot(lua_State *L)
{
  struct lsim_thread *th = LSIM_THREAD(L);
  return th->proc ? &th->proc->last_errno : &th->rt->last_errno;
}

/* nil, name, number of err; sets errno. */
static int push_errno(lua_State *L, int err)
{
  const struct bsderr *e = bsderr_lookup(err);
  *lsim_errno_slot(L) = err;
  lua_pushnil(L);
  lua_pushstring(L, e ? e->name : "EUNKNOWN");
  lua_pushinteger(L, e ? e->bsd : -err);
  return 3;
}

int lsim_push_errno(lua_State *L, int err)
{
  lsim_results_call_error(L, err);
  return push_errno(L, err);
}

int lsim_push_intr(lua_State *L, bool restart)
{
  /* Not recorded: the wrapper (lsim_proc.c) restarts the call or
   * delivers EINTR with lsim_push_errno, which records what the program
   * saw. */
  push_errno(L, -EINTR);
  lua_pushboolean(L, restart);
  return LSIM_INTR_NRES;
}
