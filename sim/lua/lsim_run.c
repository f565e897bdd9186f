/* sim/lua/lsim_run.c: the scenario's view of time: run{stop=}, at(t, fn),
 * now() and print(). run{} drives the event queue in batches, so the
 * progress bar, --max-events and errors raised inside events are checked
 * between batches, not per event, and so is a livelock (--max-same-time
 * events without simulated time moving): over its last LIVELOCK_WINDOW
 * events the runtime counts which processes ran, to name them. An error
 * inside an event (a process or
 * an at() callback) is recorded; later events see it and do nothing, and
 * run{} raises it in the scenario. */
#include "lsim_internal.h"
#include "bsderr.h"
#include "host.h"
#include "ip_var.h"
#include "proc.h"
#include "record.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define BATCH (1u << 12)  /* events between progress, memory and huge-page
                            checks: heap grown meanwhile is advised before
                            much of it is touched in 4 KB pages */
#define LIVELOCK_WINDOW 10000   /* events whose processes a livelock names */

/* The one piece of process-wide state: a signal handler may only set a
 * flag of static storage, and every runtime of the process stops on it. */
static volatile sig_atomic_t interrupted;

void lsim_interrupt(int sig)
{
  interrupted = sig;
}

int lsim_interrupted(void)
{
  return interrupted;
}

const char *lsim_interrupt_text(void)
{
  switch (interrupted) {
  case 0: return NULL;
  case SIGINT: return "interrupted by SIGINT";
  case SIGTERM: return "interrupted by SIGTERM";
  default: return "interrupted by a signal";
  }
}

void lsim_set_ending(struct lsim *rt, const char *fmt, ...)
{
  if (rt->ending)
    return;
  va_list ap;
  va_start(ap, fmt);
  rt->ending = g_strdup_vprintf(fmt, ap);
  va_end(ap);
}

const char *lsim_current_label(lua_State *L)
{
  struct lproc *lp = LSIM_THREAD(L)->proc;
  return lp ? lp->p->label : NULL;
}

void lsim_event_error(struct lsim *rt, lua_State *L, int status,
                      const char *where)
{
  const char *msg;
  if (status == LUA_ERRMEM && rt->mem_hit)
    msg = "out of memory: Lua's heap reached --max-memory";
  else if (lua_type(L, -1) == LUA_TSTRING)
    msg = lua_tostring(L, -1);
  else
    msg = "(error object is not a string)";
  if (!rt->error)
    rt->error = g_strdup_printf("%s\n  in %s at %.6f s", msg, where,
                                sim_time_to_s(sim_now(rt->sim)));
  sched_stop(rt->sim->sched);   /* the clock stays at the time it died */
  lua_pop(L, 1);
}

/* The stop time of a run{} call: --stop wins, then stop=, then none.
 * Also reads autoroute= (default true) into *autoroute, and epoch=. */
static sim_time_t run_stop(lua_State *L, struct lsim *rt, bool *autoroute)
{
  static const char *const fields[] = { "stop", "autoroute", "epoch",
                                        NULL };
  sim_time_t stop = SIM_TIME_MAX;
  *autoroute = true;
  if (!lua_isnoneornil(L, 1)) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lsim_check_fields(L, 1, "run", fields);
    lsim_field_time(L, 1, "run", "stop", &stop);
    lsim_clock_epoch(L, rt, 1);
    int t = lua_getfield(L, 1, "autoroute");
    if (t != LUA_TNIL && t != LUA_TBOOLEAN)
      luaL_error(L, "run: autoroute must be true or false, not a %s",
                 lua_typename(L, t));
    *autoroute = t == LUA_TNIL || lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  return rt->opt.stop_set ? rt->opt.stop : stop;
}

/* The same-time count at which the watch starts: the window's start. */
static uint64_t watch_start(const struct lsim *rt)
{
  uint64_t max = rt->opt.max_same_time;
  return max > LIVELOCK_WINDOW ? max - LIVELOCK_WINDOW : 0;
}

/* Events the next batch may run: --max-events, and no further than the
 * next livelock threshold (the count may only reset within the batch).
 * 0: --max-events hit. */
static uint64_t batch_size(struct lsim *rt)
{
  uint64_t max = rt->opt.max_events, n = BATCH;
  uint64_t done = sched_executed(rt->sim->sched);
  if (max)
    n = done >= max ? 0 : MIN(n, max - done);
  uint64_t same = sched_same_time(rt->sim->sched);
  if (n && rt->opt.max_same_time) {
    uint64_t next = same < watch_start(rt) ? watch_start(rt)
                                           : rt->opt.max_same_time;
    n = MIN(n, MAX(next - same, 1));
  }
  return n;
}

/* A host's IP datagrams so far, received and sent. */
static uint64_t ip_count(const struct host *h)
{
  return h->inet ? h->inet->ipstat.total + h->inet->ipstat.localout : 0;
}

/* The watch begins: what ran is counted, and each host's IP traffic
 * noted, so a loop inside the protocols can be pinned on hosts. */
static void watch_begin(struct lsim *rt)
{
  rt->watch = g_hash_table_new(g_str_hash, g_str_equal);
  rt->watch_ip = g_array_sized_new(FALSE, FALSE, sizeof(uint64_t),
                                   rt->hosts->len);
  for (guint i = 0; i < rt->hosts->len; i++) {
    uint64_t n = ip_count(g_ptr_array_index(rt->hosts, i));
    g_array_append_val(rt->watch_ip, n);
  }
}

static void watch_end(struct lsim *rt)
{
  g_clear_pointer(&rt->watch, g_hash_table_destroy);
  if (rt->watch_ip)
    g_array_free(rt->watch_ip, TRUE);
  rt->watch_ip = NULL;
}

/* "; IP datagrams in that time: monet 9998, ..." (the busiest three), or
 * nothing when no host moved any. */
static void watch_ip_text(struct lsim *rt, GString *s)
{
  int top[3] = { -1, -1, -1 };
  uint64_t d[3] = { 0, 0, 0 };
  for (guint i = 0; i < rt->watch_ip->len && i < rt->hosts->len; i++) {
    uint64_t n = ip_count(g_ptr_array_index(rt->hosts, i)) -
                 g_array_index(rt->watch_ip, uint64_t, i);
    for (int k = 0; k < 3; k++) {
      if (n > d[k]) {               /* insert at k, shifting down */
        for (int j = 2; j > k; j--)
          d[j] = d[j - 1], top[j] = top[j - 1];
        d[k] = n, top[k] = (int)i;
        break;
      }
    }
  }
  for (int k = 0; k < 3 && top[k] >= 0; k++) {
    const struct host *h = g_ptr_array_index(rt->hosts, top[k]);
    g_string_append_printf(s, "%s%s %" G_GUINT64_FORMAT,
                           k ? ", " : "; IP datagrams sent and received "
                           "in that time: ", h->name, d[k]);
  }
}

static gint by_count(gconstpointer a, gconstpointer b, gpointer watch)
{
  size_t x = GPOINTER_TO_SIZE(g_hash_table_lookup(watch, *(char **)a));
  size_t y = GPOINTER_TO_SIZE(g_hash_table_lookup(watch, *(char **)b));
  return x != y ? (x < y ? 1 : -1) : strcmp(*(char **)a, *(char **)b);
}

/* "monet:echo ran 5000 times, ..." over the watch window: what looped. */
static char *watch_text(struct lsim *rt)
{
  GPtrArray *keys = g_ptr_array_new();
  GHashTableIter it;
  gpointer label;
  g_hash_table_iter_init(&it, rt->watch);
  while (g_hash_table_iter_next(&it, &label, NULL))
    g_ptr_array_add(keys, label);
  g_ptr_array_sort_with_data(keys, by_count, rt->watch);
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < keys->len && i < 5; i++) {
    const char *k = g_ptr_array_index(keys, i);
    g_string_append_printf(s, "%s%s ran %zu times", i ? ", " : "", k,
                           GPOINTER_TO_SIZE(g_hash_table_lookup(rt->watch, k)));
  }
  if (keys->len == 0)
    g_string_append(s, "no process ran: the loop is inside the protocols, "
                    "such as packets looping back to their sender (--trace "
                    "shows them)");
  watch_ip_text(rt, s);
  g_ptr_array_free(keys, TRUE);
  return g_string_free(s, FALSE);
}

/* After a batch: starts or ends the watch; true when it is a livelock. */
static bool livelock(struct lsim *rt)
{
  if (!rt->opt.max_same_time)
    return false;
  uint64_t same = sched_same_time(rt->sim->sched);
  if (same < watch_start(rt)) {
    watch_end(rt);
    return false;
  }
  if (!rt->watch)
    watch_begin(rt);
  return same >= rt->opt.max_same_time;
}

/* The livelock error: when, how many, and what ran. */
static int livelock_error(lua_State *L, struct lsim *rt)
{
  char *what = watch_text(rt);
  watch_end(rt);
  char t[32];
  snprintf(t, sizeof t, "%.9f", sim_time_to_s(sched_now(rt->sim->sched)));
  lua_pushfstring(L, "run: livelock: %I events at %s s without simulated "
                  "time moving (--max-same-time); in the last %d: %s",
                  (lua_Integer)rt->opt.max_same_time, t, LIVELOCK_WINDOW,
                  what);
  g_free(what);
  luaL_where(L, 1);
  lua_insert(L, -2);
  lua_concat(L, 2);
  return lua_error(L);
}

static int l_run(lua_State *L)
{
  struct lsim *rt = LSIM_RT(L);
  if (LSIM_THREAD(L)->proc || rt->running)
    return luaL_error(L, "run: call it from the scenario itself, not from "
                      "a process or an at() callback");
  if (rt->closed)
    return luaL_error(L, "run: the run is over and its results are "
                      "written; it cannot go on (run{} from a finalizer?)");
  bool autoroute;
  sim_time_t stop = run_stop(L, rt, &autoroute);
  lsim_place_stations(rt);
  lsim_record_topology(rt);
  lsim_set_routes(rt, autoroute);
  struct sched *q = rt->sim->sched;
  rt->running = rt->ran = true;
  uint64_t n = 0, batch = 0;
  bool looping = false;
  char *over = lsim_memory_over(rt);
  while (!over && !rt->error && (batch = batch_size(rt)) > 0) {
    n = sched_run(q, stop, batch);
    lsim_beat(rt);
    if (rt->progress)
      rt->progress->update(rt->progress->ud, sched_now(q), stop,
                      sched_executed(q));
    if ((looping = livelock(rt)) || (over = lsim_memory_over(rt)) ||
        n < batch || interrupted)
      break;
  }
  rt->running = false;
  rt->slice_ticks = 0;
  if (over && !rt->error) {
    watch_end(rt);
    lua_pushfstring(L, "run: %s, at %f s", over, sim_time_to_s(sched_now(q)));
    g_free(over);
    luaL_where(L, 1);
    lua_insert(L, -2);
    lua_concat(L, 2);
    return lua_error(L);
  }
  g_free(over);
  if (looping && !rt->error)
    return livelock_error(L, rt);
  watch_end(rt);
  if (interrupted && !rt->error) {
    lsim_set_ending(rt, "%s at %.9f s", lsim_interrupt_text(),
                    sim_time_to_s(sched_now(q)));
    return luaL_error(L, "run: %s at %f s; the results so far are written",
                      lsim_interrupt_text(), sim_time_to_s(sched_now(q)));
  }
  if (rt->error) {
    lua_pushstring(L, rt->error);
    return lua_error(L);
  }
  if (batch == 0 && sched_next_time(q) <= stop)
    return luaL_error(L, "run: stopped at the event limit, %I events at "
                      "%f s (--max-events)", (lua_Integer)rt->opt.max_events,
                      sim_time_to_s(sched_now(q)));
  bool idle = sched_next_time(q) == SIM_TIME_MAX;
  if (stop == SIM_TIME_MAX)
    lsim_set_ending(rt, "with nothing left to happen, at %.9f s",
                    sim_time_to_s(sched_now(q)));
  else
    lsim_set_ending(rt, "at its stop time, %.9f s%s",
                    sim_time_to_s(sched_now(q)),
                    idle ? " (nothing was left to happen)" : "");
  return 0;
}

static void at_event(void *a, void *b)
{
  struct lsim *rt = a;
  int ref = (int)(intptr_t)b;
  lua_State *L = rt->L;
  lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
  luaL_unref(L, LUA_REGISTRYINDEX, ref);
  if (rt->error) {
    lua_pop(L, 1);
    return;
  }
  rt->slice_ticks = 0;
  lsim_watch(rt, "an at() callback");
  lua_pushcfunction(L, lsim_msgh);
  lua_insert(L, -2);
  int st = lua_pcall(L, 0, 0, -2);
  lua_remove(L, st == LUA_OK ? -1 : -2);      /* the handler */
  if (st != LUA_OK)
    lsim_event_error(rt, L, st, "an at() callback");
}

static int l_at(lua_State *L)
{
  struct lsim *rt = LSIM_RT(L);
  sim_time_t t = lsim_checktime(L, 1);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  sim_time_t now = sim_now(rt->sim);
  if (t < now)
    return luaL_error(L, "at: time %f s is in the past (now is %f s)",
                      sim_time_to_s(t), sim_time_to_s(now));
  lua_settop(L, 2);
  int ref = luaL_ref(L, LUA_REGISTRYINDEX);
  sched_at(rt->sim->sched, t, at_event, rt, (void *)(intptr_t)ref);
  return 0;
}

static int l_now(lua_State *L)
{
  lua_pushnumber(L, sim_time_to_s(sim_now(LSIM_RT(L)->sim)));
  return 1;
}

/* events(): how many events the run has executed so far. */
static int l_events(lua_State *L)
{
  lua_pushinteger(L, (lua_Integer)sched_executed(LSIM_RT(L)->sim->sched));
  return 1;
}

/* print(...): like Lua's, prefixed with the time and host:process. */
static int l_print(lua_State *L);

/* output.csv: one row per line of what print() wrote (text, n bytes). */
static void record_printed(struct lsim *rt, const char *who, const char *text,
                           size_t n)
{
  char *copy = g_strndup(text, n);
  char **lines = g_strsplit(copy, "\n", -1);
  for (char **l = lines; *l; l++)
    record_output(rt->sim->rec, who, *l);
  g_strfreev(lines);
  g_free(copy);
}

/* The 4.4BSD message of an errno given as a number (4.4BSD's) or name,
 * or of the caller's last error when absent. */
static const char *errno_message(lua_State *L, int i)
{
  const struct bsderr *e = NULL;
  if (lua_isnoneornil(L, i)) {
    int err = *lsim_errno_slot(L);
    if (!err)
      return "Undefined error: 0";
    e = bsderr_lookup(err);
  } else if (lua_type(L, i) == LUA_TSTRING) {
    e = bsderr_by_name(lua_tostring(L, i));
  } else {
    lua_Integer n = luaL_checkinteger(L, i);
    for (const struct bsderr *t = bsderr_table(); t->name && !e; t++)
      if (t->bsd == n)
        e = t;
  }
  if (!e)
    luaL_argerror(L, i, "not an errno number or name");
  return e->message;
}

/* perror(prefix): prints "prefix: message" for the caller's last failed
 * call, as the C library does (on the output, like print). */
static int l_perror(lua_State *L)
{
  const char *prefix = luaL_optstring(L, 1, NULL);
  const char *msg = errno_message(L, 2);
  lua_settop(L, 0);
  if (prefix && *prefix)
    lua_pushfstring(L, "%s: %s", prefix, msg);
  else
    lua_pushstring(L, msg);
  return l_print(L);
}

/* strerror(n or "ENAME"): the message. */
static int l_strerror(lua_State *L)
{
  luaL_checkany(L, 1);
  lua_pushstring(L, errno_message(L, 1));
  return 1;
}

static int l_print(lua_State *L)
{
  struct lsim *rt = LSIM_RT(L);
  int n = lua_gettop(L);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  char head[64];
  const char *label = lsim_current_label(L);
  snprintf(head, sizeof head, "%12.6f %s%s", sim_time_to_s(sim_now(rt->sim)),
           label ? label : "", label ? ": " : "");
  luaL_addstring(&b, head);
  for (int i = 1; i <= n; i++) {
    if (i > 1)
      luaL_addchar(&b, '\t');
    luaL_tolstring(L, i, NULL);
    luaL_addvalue(&b);
  }
  luaL_addchar(&b, '\n');
  luaL_pushresult(&b);
  lsim_progress_clear(rt);
  size_t len;
  const char *s = lua_tolstring(L, -1, &len);
  fwrite(s, 1, len, stdout);
  if (SIM_RECORDING(rt->sim))
    record_printed(rt, label, s + strlen(head), len - strlen(head) - 1);
  return 0;
}

void lsim_open_run(lua_State *L, struct lsim *rt)
{
  static const luaL_Reg funcs[] = {
    { "run", l_run }, { "at", l_at }, { "now", l_now }, { "print", l_print },
    { "events", l_events },
    { "perror", l_perror }, { "strerror", l_strerror },
    { NULL, NULL },
  };
  lua_pushglobaltable(L);
  lsim_setfuncs(L, rt, funcs);
  lua_pop(L, 1);
}
