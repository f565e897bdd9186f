/* sim/lua/lsim_host.c: hosts, processes and interfaces in scenarios:
 * host{ name=, iface= }, h:spawn(name, fn, opts), sleep(t), and the raw frame
 * calls iface:send{} / iface:recv{} that show the media working.
 * A process is a coroutine. A blocking call puts the process to sleep on a
 * wait channel (proc_tsleep) and yields with a continuation; the wakeup
 * resumes the coroutine from an event, and the continuation re-checks.
 * Call order: event -> proc run -> lproc_resume -> lua_resume -> ...
 * Signals, fork, wait and exit are in lsim_proc.c. */
#include "in_proto.h"
#include "heap_thp.h"
#include "lsim_internal.h"
#include "host.h"
#include "in.h"
#include "ip_var.h"
#include "tcp_var.h"
#include "netif.h"
#include "proc.h"
#include "cons.h"
#include "fdtab.h"
#include "tty.h"
#include "rawlink.h"
#include "record.h"

#include <errno.h>
#include <string.h>

/* ---- processes ----------------------------------------------------- */

static void lproc_finish(struct lsim *rt, struct lproc *lp)
{
  proc_exit(lp->p);               /* no-op after exit() or a signal */
  luaL_unref(rt->L, LUA_REGISTRYINDEX, lp->ref);
  luaL_unref(rt->L, LUA_REGISTRYINDEX, lp->sigref);
  lp->ref = lp->sigref = LUA_NOREF;
}

/* A signal that terminates p (even in a sleep a caught signal could not
 * break) ends it before it runs again, as 4.4BSD's issig would. */
static bool lproc_killed(struct lsim *rt, struct lproc *lp)
{
  int sig = sig_fatal(lp->p);
  uint32_t restore;
  if (!sig)
    return false;
  sig_postsig(lp->p, sig, &restore);
  lproc_finish(rt, lp);
  return true;
}

/* Runs the process's coroutine until it blocks, ends or fails. */
static void lproc_resume(struct proc *p, void *ctx)
{
  struct lproc *lp = ctx;
  struct lsim *rt = lp->th.rt;
  if (rt->error || lproc_killed(rt, lp))
    return;
  int nres;
  rt->slice_ticks = 0;
  lsim_watch(rt, p->label);
  int st = lua_resume(lp->co, rt->L, 0, &nres);
  if (st == LUA_YIELD) {
    if (nres)                   /* system calls yield none */
      lua_pop(lp->co, nres);
    if (p->state == PROC_EXITED) {          /* exit(), or killed */
      lproc_finish(rt, lp);
      return;
    }
    if (p->state == PROC_RUNNABLE && !p->run_ev) {
      lua_pushstring(lp->co, "process yielded outside a blocking call "
                     "(coroutine.yield at the top of a process?)");
      lsim_event_error(rt, lp->co, LUA_ERRRUN, p->label);
    }
    return;
  }
  if (st != LUA_OK) {
    if (st == LUA_ERRRUN)
      lsim_where_fix(lp->co, lp->co, 0);     /* its stack is kept */
    char *where = g_strdup_printf("process %s", p->label);
    lsim_event_error(rt, lp->co, st, where);
    g_free(where);
  }
  lproc_finish(rt, lp);
}

static struct host *check_host(lua_State *L, int i)
{
  return lsim_checkhandle(L, i, LSIM_HOST);
}

struct lproc *lsim_start_proc(lua_State *L, struct lsim *rt, struct host *h,
                              const char *name, int fn, struct proc *parent)
{
  fn = lua_absindex(L, fn);
  struct lproc *lp = g_new0(struct lproc, 1);
  lp->th.rt = rt;
  lp->th.proc = lp;
  lp->sigref = LUA_NOREF;
  lp->co = lua_newthread(L);
  LSIM_THREAD(lp->co) = &lp->th;
  lp->ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pushvalue(L, fn);
  lua_xmove(L, lp->co, 1);
  lp->p = parent ? proc_fork(parent, lproc_resume, lp)
                 : proc_new(h, name, lproc_resume, lp);
  if (!parent)
    cons_stdio(lp->p);          /* 0 reads EOF, 1 and 2 the output */
  g_ptr_array_add(rt->lprocs, lp);
  return lp;
}

/* Descriptors 0, 1 and 2 on the terminal tp, which becomes the
 * controlling terminal with p's group in the foreground (as login). */
static void spawn_on_tty(struct proc *p, struct tty *tp)
{
  for (int fd = 0; fd < 3; fd++)
    fdtab_close(p->fd, fd);
  struct file *fp = tty_file(tp);
  fdtab_install(p->fd, fp);
  fdtab_install(p->fd, file_ref(fp));
  fdtab_install(p->fd, file_ref(fp));
  tty_setctty(p, tp);
}

/* h:spawn(name, fn, { uid = n, pgrp = n, tty = term }): starts a process running fn
 * now, as uid (default 0, root) in group pgrp (default its own pid).
 * Returns its pid. */
static int host_spawn(lua_State *L)
{
  static const char *const fields[] = { "uid", "pgrp", "tty", NULL };
  struct lsim *rt = LSIM_RT(L);
  struct host *h = check_host(L, 1);
  const char *name = luaL_checkstring(L, 2);
  luaL_checktype(L, 3, LUA_TFUNCTION);
  if (h->down)
    return luaL_error(L, "spawn: host '%s' is down (h:up() first)", h->name);
  uint64_t uid = 0, pgrp = 0;
  struct tty *tp = NULL;
  if (!lua_isnoneornil(L, 4)) {
    luaL_checktype(L, 4, LUA_TTABLE);
    lsim_check_fields(L, 4, "spawn", fields);
    lsim_field_uint(L, 4, "spawn", "uid", 0, INT32_MAX, &uid);
    lsim_field_uint(L, 4, "spawn", "pgrp", 1, INT32_MAX, &pgrp);
    if (lua_getfield(L, 4, "tty") != LUA_TNIL)
      tp = lsim_check_terminal(L, -1);
    lua_pop(L, 1);
    if (tp && tp->host != h)
      return luaL_error(L, "spawn: tty %s is not on host '%s'", tp->name,
                        h->name);
  }
  if (proc_fork_check(h, (int)uid))
    return luaL_error(L, "spawn: host '%s' has %d processes, its limit "
                      "(4.4BSD's maxproc %d; %d per user but root)", h->name,
                      h->nprocs, PROC_MAXPROC, PROC_MAXUPRC);
  struct lproc *lp = lsim_start_proc(L, rt, h, name, 3, NULL);
  lp->p->uid = (int)uid;
  if (pgrp)
    lp->p->pgrp = (int)pgrp;
  if (tp)
    spawn_on_tty(lp->p, tp);
  lua_pushinteger(L, lp->p->pid);
  return 1;
}

/* The calling process; errors if the caller is not one. */
static struct lproc *check_proc(lua_State *L, const char *fn)
{
  struct lproc *lp = LSIM_THREAD(L)->proc;
  if (!lp || lp->co != L)
    luaL_error(L, "%s: only a process can block (use host:spawn); this "
               "is %s", fn, lp ? "a coroutine inside a process"
                               : "the scenario itself or an at() callback");
  return lp;
}

/* After sleep: 0, or the time left when a signal ended it early. */
static int sleep_done(lua_State *L, int status, lua_KContext ctx)
{
  struct lproc *lp = LSIM_THREAD(L)->proc;
  sim_time_t left = 0;
  if (lp->p->wake == PROC_WAKE_SIGNAL)
    left = (sim_time_t)ctx - sim_now(lp->p->host->sim);
  lua_pushnumber(L, sim_time_to_s(left));
  return 1;
}

/* sleep(t): blocks the process for t (seconds, or "5ms"). A caught signal
 * ends it early; it returns the seconds left (0 after a full sleep). */
static int l_sleep(lua_State *L)
{
  sim_time_t t = lsim_checktime(L, 1);
  struct lproc *lp = check_proc(L, "sleep");
  G_STATIC_ASSERT(sizeof(lua_KContext) >= sizeof(sim_time_t));
  if (t == 0)
    proc_yield(lp->p);
  else
    proc_tsleep_intr(lp->p, NULL, t);
  return lua_yieldk(L, 0, (lua_KContext)(sim_now(lp->p->host->sim) + t),
                    sleep_done);
}

/* ---- hosts ----------------------------------------------------------- */

/* events.csv's "addr" row: names the address for explain.c. */
static void record_addr(struct host *h, in_addr32 addr, int len)
{
  char *d = g_strdup_printf("%u.%u.%u.%u/%d", addr >> 24, (addr >> 16) & 255,
                            (addr >> 8) & 255, addr & 255, len);
  record_event(h->sim->rec, "addr", h->name, d);
  g_free(d);
}

/* Attaches one iface spec at index spec to h. */
static void add_iface(lua_State *L, struct lsim *rt, struct host *h,
                      int spec, const char *hname)
{
  const char *what = lua_pushfstring(L, "host '%s': iface %d", hname,
                                     h->ifs->len + 1);
  struct netif *ifp = lsim_attach(L, rt, h, spec, what);
  if (lua_rawgeti(L, spec, 2) != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TSTRING)
      luaL_error(L, "%s: the address must be a string like \"a.b.c.d/len\","
                 " not a %s", what, luaL_typename(L, -1));
    const char *a = lua_tostring(L, -1);
    in_addr32 addr;
    int len;
    GError *err = NULL;
    if (!in_parse_ifaddr(a, &addr, &len, &err)) {
      luaL_where(L, 1);
      lua_pushfstring(L, "%s: %s", what, err->message);
      g_error_free(err);
      lua_concat(L, 2);
      lua_error(L);
    }
    ifp->addr = g_strdup(a);
    in_ifaddr_set(ifp, addr, len);
    if (SIM_RECORDING(h->sim))
      record_addr(h, addr, len);
  }
  lua_pop(L, 2);
}

/* iface = { medium, "addr", ... } or { {medium, ...}, {medium, ...} }. */
static void add_ifaces(lua_State *L, struct lsim *rt, struct host *h,
                       const char *hname)
{
  if (lua_getfield(L, 1, "iface") == LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  int t = lua_gettop(L);
  if (!lua_istable(L, t))
    luaL_error(L, "host '%s': iface must be a table", hname);
  lua_rawgeti(L, t, 1);
  bool list = lua_istable(L, -1) && !lua_getmetatable(L, -1);
  lua_settop(L, t);
  if (!list) {
    add_iface(L, rt, h, t, hname);
  } else {
    for (int i = 1; lua_rawgeti(L, t, i) == LUA_TTABLE; i++) {
      add_iface(L, rt, h, lua_gettop(L), hname);
      lua_pop(L, 1);
    }
  }
  lua_settop(L, t - 1);
}

/* tcp = "4.2bsd" | "tahoe" | "4.4bsd" (default, Reno) | "newreno". */
static int tcp_profile(lua_State *L, const char *what)
{
  static const char *const names[] = { "4.2bsd", "tahoe", "4.4bsd",
                                       "newreno", NULL };
  static const int values[] = { TCP_PROFILE_42BSD, TCP_PROFILE_TAHOE,
                                TCP_PROFILE_RENO, TCP_PROFILE_NEWRENO };
  const char *s = lsim_field_string(L, 1, what, "tcp");
  if (!s)
    return TCP_PROFILE_RENO;
  for (int i = 0; names[i]; i++)
    if (strcmp(s, names[i]) == 0)
      return values[i];
  return luaL_error(L, "%s: tcp must be \"4.2bsd\", \"tahoe\", "
                    "\"4.4bsd\" or \"newreno\", not '%s'", what, s);
}

/* boot = TIME in [0, 1 s): the phase of the host's clock (host.h). By
 * default uniform over [0, 1 s) in whole nanoseconds, drawn from the
 * stream "host/<name>/boot": 1 s is the least common multiple of the
 * 200 ms and 500 ms ticks, so both phases come out uniform. */
static sim_time_t host_boot(lua_State *L, struct lsim *rt, const char *what,
                            const char *name)
{
  sim_time_t boot;
  if (lsim_field_time(L, 1, what, "boot", &boot)) {
    if (boot >= SIM_S)
      luaL_error(L, "%s: boot must be less than 1s (it is the phase of the "
                 "host's clock; for a host that starts later, h:down() it "
                 "and h:up() it then)", what);
    return boot;
  }
  struct rng r;
  sim_rng_stream(rt->sim, &r, "host/%s/boot", name);
  return (sim_time_t)rng_below(&r, SIM_S);
}

/* sb_max = SIZE: the most a socket buffer may hold (4.4BSD's sb_max, the
 * sysctl kern.ipc.maxsockbuf), 256 KB by default. */
static void set_sb_max(lua_State *L, struct host *h, const char *what)
{
  uint64_t v;
  if (!lsim_field_size(L, 1, what, "sb_max", &v))
    return;
  if (v < 2048 || v > UINT32_MAX / 2)
    luaL_error(L, "%s: sb_max must be between 2KB and 2GB, not %I bytes",
               what, (lua_Integer)v);
  h->sb_max = (uint32_t)v;
}

int lsim_new_host(lua_State *L, const char *what, bool forwarding)
{
  static const char *const fields[] = { "name", "iface", "aliases", "tcp",
                                        "boot", "sb_max", NULL };
  struct lsim *rt = LSIM_RT(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lsim_check_fields(L, 1, what, fields);
  const char *name = lsim_field_string(L, 1, what, "name");
  lsim_claim_name(L, rt, what, name);
  int profile = tcp_profile(L, what);
  sim_time_t boot = host_boot(L, rt, what, name);
  struct host *h = host_new(rt->sim, name, in_proto_domains);
  h->boot = boot;
  lsim_stdio_hook(rt, h);
  h->inet->forwarding = forwarding;
  h->inet->tcp_profile = profile;
  set_sb_max(L, h, what);
  g_ptr_array_add(rt->hosts, h);
  add_ifaces(L, rt, h, name);
  lsim_netdb_host(L, h, 1);
  lsim_pushhandle(L, LSIM_HOST, h);
  heap_thp_advise();            /* a host is KBs of C heap: advised soon */
  return 1;
}

static int l_host(lua_State *L)
{
  return lsim_new_host(L, "host", false);
}

/* h:iface(i) or h:iface("en0"). */
static int host_iface(lua_State *L)
{
  struct host *h = check_host(L, 1);
  struct netif *ifp = NULL;
  if (lua_type(L, 2) == LUA_TSTRING)
    ifp = host_find_if(h, lua_tostring(L, 2));
  else {
    lua_Integer i = luaL_optinteger(L, 2, 1);
    if (i >= 1 && i <= (lua_Integer)h->ifs->len)
      ifp = g_ptr_array_index(h->ifs, i - 1);
  }
  if (!ifp)
    return luaL_error(L, "host '%s' has no interface %s", h->name,
                      luaL_tolstring(L, 2, NULL));
  lsim_pushhandle(L, LSIM_IFACE, ifp);
  return 1;
}

static int host_name(lua_State *L)
{
  lua_pushstring(L, check_host(L, 1)->name);
  return 1;
}

static int host_tostring(lua_State *L)
{
  lua_pushfstring(L, "host '%s'", check_host(L, 1)->name);
  return 1;
}

/* ---- interfaces -------------------------------------------------------- */

static struct netif *check_iface(lua_State *L, int i)
{
  return lsim_checkhandle(L, i, LSIM_IFACE);
}

/* The destination MAC from to= : an iface, a host (its first Ethernet
 * interface), "broadcast", or "aa:bb:cc:dd:ee:ff". */
static void dest_mac(lua_State *L, int t, uint8_t mac[ETHER_ADDR_LEN])
{
  lua_getfield(L, t, "to");
  struct netif *to = luaL_testudata(L, -1, LSIM_IFACE)
                       ? *(struct netif **)lua_touserdata(L, -1) : NULL;
  struct host *h = luaL_testudata(L, -1, LSIM_HOST)
                     ? *(struct host **)lua_touserdata(L, -1) : NULL;
  for (guint i = 0; h && !to && i < h->ifs->len; i++) {
    struct netif *c = g_ptr_array_index(h->ifs, i);
    if (c->port->kind == MEDIUM_ETHERNET)
      to = c;
  }
  const char *s = lua_tostring(L, -1);
  if (to)
    memcpy(mac, to->mac, ETHER_ADDR_LEN);
  else if (s && strcmp(s, "broadcast") == 0)
    memset(mac, 0xff, ETHER_ADDR_LEN);
  else if (!s || !netif_parse_mac(s, mac))
    luaL_error(L, "send: to must be an iface, a host with an Ethernet "
               "interface, \"broadcast\" or a MAC, not '%s'",
               luaL_tolstring(L, -1, NULL));
  lua_pop(L, 1);
}

/* iface:send{ to = ..., size = 100, seq = n }: one raw frame. Returns
 * true, or nil, "ENOBUFS", 55 when the queue was full. */
static int iface_send(lua_State *L)
{
  static const char *const fields[] = { "to", "size", "seq", NULL };
  struct netif *ifp = check_iface(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  lsim_check_fields(L, 2, "send", fields);
  uint8_t mac[ETHER_ADDR_LEN] = { 0 };
  if (ifp->port->kind == MEDIUM_ETHERNET)
    dest_mac(L, 2, mac);
  uint64_t size = 46, seq = 0;
  lsim_field_size(L, 2, "send", "size", &size);
  lsim_field_uint(L, 2, "send", "seq", 0, UINT32_MAX, &seq);
  if (size < RAWLINK_MIN_DATA || size > ifp->port->mtu)
    return luaL_error(L, "send: size %I is outside %d..%d bytes for %s",
                      (lua_Integer)size, RAWLINK_MIN_DATA, ifp->port->mtu,
                      ifp->label);
  int err = rawlink_send(ifp, mac, (uint32_t)size, (uint32_t)seq);
  if (err)
    return lsim_push_errno(L, err);
  lua_pushboolean(L, 1);
  return 1;
}

static void push_frame(lua_State *L, const struct rawlink_frame *f,
                       enum medium_kind kind)
{
  char mac[18];
  lua_createtable(L, 0, 5);
  lua_pushinteger(L, f->seq);
  lua_setfield(L, -2, "seq");
  lua_pushinteger(L, f->data_len);
  lua_setfield(L, -2, "size");
  lua_pushinteger(L, f->frame_len);
  lua_setfield(L, -2, "frame_len");
  if (kind == MEDIUM_ETHERNET) {
    netif_format_mac(f->src, mac);
    lua_pushstring(L, mac);
    lua_setfield(L, -2, "src");
    netif_format_mac(f->dst, mac);
    lua_pushstring(L, mac);
    lua_setfield(L, -2, "dst");
  }
}

static int recv_cont(lua_State *L, int status, lua_KContext ctx);

/* Takes a frame if one is queued; else sleeps (unless the timeout has
 * passed) and yields to recv_cont. */
static int recv_try(lua_State *L, struct netif *ifp, bool timed_out)
{
  struct rawlink_frame f;
  if (rawlink_recv(ifp, &f)) {
    push_frame(L, &f, ifp->port->kind);
    return 1;
  }
  if (timed_out)
    return lsim_push_errno(L, -EWOULDBLOCK);
  struct lproc *lp = check_proc(L, "recv");
  sim_time_t timeout = 0;
  if (lua_istable(L, 2))
    lsim_field_time(L, 2, "recv", "timeout", &timeout);
  proc_tsleep(lp->p, &ifp->rawq, timeout);
  return lua_yieldk(L, 0, 0, recv_cont);
}

static int recv_cont(lua_State *L, int status, lua_KContext ctx)
{
  struct lproc *lp = LSIM_THREAD(L)->proc;
  return recv_try(L, check_iface(L, 1), lp->p->wake == PROC_WAKE_TIMEOUT);
}

/* iface:recv{ timeout = t }: the next raw frame as a table, blocking;
 * nil, "EWOULDBLOCK", 35 after the timeout. */
static int iface_recv(lua_State *L)
{
  static const char *const fields[] = { "timeout", NULL };
  struct netif *ifp = check_iface(L, 1);
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    lsim_check_fields(L, 2, "recv", fields);
  }
  lua_settop(L, 2);
  return recv_try(L, ifp, false);
}

static int iface_stats(lua_State *L)
{
  struct netif *ifp = check_iface(L, 1);
  const struct netif_stats *st = &ifp->stats;
  lua_createtable(L, 0, 7);
#define F(x) (lua_pushinteger(L, (lua_Integer)st->x), lua_setfield(L, -2, #x))
  F(tx_frames), F(tx_bytes), F(tx_errors), F(tx_qdrops), F(rx_frames);
  F(rx_bytes), F(rx_unknown), F(rx_overflow), F(rx_badframe), F(rx_down);
#undef F
  return 1;
}

static int iface_info(lua_State *L)
{
  struct netif *ifp = check_iface(L, 1);
  char mac[18];
  lua_createtable(L, 0, 5);
  lua_pushstring(L, ifp->name);
  lua_setfield(L, -2, "name");
  lua_pushstring(L, ifp->host->name);
  lua_setfield(L, -2, "host");
  lua_pushstring(L, ifp->port->medium_name);
  lua_setfield(L, -2, "medium");
  lua_pushinteger(L, ifp->port->mtu);
  lua_setfield(L, -2, "mtu");
  if (ifp->port->kind == MEDIUM_ETHERNET) {
    netif_format_mac(ifp->mac, mac);
    lua_pushstring(L, mac);
    lua_setfield(L, -2, "mac");
  }
  if (ifp->addr) {
    lua_pushstring(L, ifp->addr);
    lua_setfield(L, -2, "addr");
  }
  return 1;
}

static int iface_tostring(lua_State *L)
{
  lua_pushstring(L, check_iface(L, 1)->label);
  return 1;
}

void lsim_open_host(lua_State *L, struct lsim *rt)
{
  static const luaL_Reg host_methods[] = {
    { "spawn", host_spawn }, { "iface", host_iface }, { "name", host_name },
    { NULL, NULL },
  };
  static const luaL_Reg iface_methods[] = {
    { "send", iface_send }, { "recv", iface_recv }, { "stats", iface_stats },
    { "info", iface_info }, { NULL, NULL },
  };
  static const luaL_Reg funcs[] = {
    { "host", l_host }, { NULL, NULL },
  };
  static const luaL_Reg syscalls[] = {
    { "sleep", l_sleep }, { NULL, NULL },
  };
  lsim_newclass(L, rt, LSIM_HOST, host_methods, host_tostring);
  lsim_newclass(L, rt, LSIM_IFACE, iface_methods, iface_tostring);
  lua_pushglobaltable(L);
  lsim_setfuncs(L, rt, funcs);
  lsim_register_syscalls(L, rt, syscalls);
  lua_pop(L, 1);
}
