/* sim/lua/lsim_results.c: the results recorder in a Lua run
 * (sim/record/record.h, docs/results.md): opens it into the output
 * directory unless --no-record, gives it the frame decoder of the
 * protocols, records every failed system call of a process
 * (lsim_push_errno is the one place errors reach Lua) with its host, pid,
 * call name, fd and the socket's addresses, and provides tcp_info(s). It
 * writes no rows itself besides calls.csv; the media and TCP report
 * theirs. Not report{} (lsim_report.c). */
#include "lsim_internal.h"
#include "lsim_sys.h"
#include "bsderr.h"
#include "explain.h"
#include "host.h"
#include "inet_describe.h"
#include "proc.h"
#include "record.h"
#include "socketvar.h"
#include "syscalls.h"
#include "tcp_var.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

bool lsim_results_start(struct lsim *rt)
{
  if (!rt->opt.record)
    return true;
  GError *err = NULL;
  struct recorder *rec = record_open(rt->sim, rt->opt.out_dir, &err);
  if (!rec) {
    fprintf(stderr, "ipcsim: %s\n", err->message);
    g_error_free(err);
    return false;
  }
  record_set_decoder(rec, inet_describe);
  record_set_explain(rec, &explain_recorder);
  rt->sim->rec = rec;
  return true;
}

bool lsim_results_finish(struct lsim *rt)
{
  GError *err = NULL;
  if (rt->sim->rec)
    record_set_ending(rt->sim->rec, rt->ending ? rt->ending
                      : "before the scenario called run{}");
  bool ok = record_close(rt->sim->rec, &err);
  rt->sim->rec = NULL;
  if (!ok) {
    fprintf(stderr, "ipcsim: %s\n", err->message);
    g_error_free(err);
  }
  return ok;
}

void lsim_results_note_func(struct lsim *rt, lua_CFunction f, const char *name)
{
  if (!rt->fnames)
    rt->fnames = g_hash_table_new(g_direct_hash, g_direct_equal);
  g_hash_table_insert(rt->fnames, (gpointer)f, (gpointer)name);
}

/* The name the running C function was registered under, or NULL. */
static const char *call_name(lua_State *L, struct lsim *rt)
{
  lua_Debug ar;
  if (!rt->fnames || !lua_getstack(L, 0, &ar) || !lua_getinfo(L, "f", &ar))
    return NULL;
  lua_CFunction f = lua_tocfunction(L, -1);
  lua_pop(L, 1);
  const char *n = f ? g_hash_table_lookup(rt->fnames, (gpointer)f) : NULL;
  if (!n && lua_getinfo(L, "n", &ar))
    n = ar.name;
  return n;
}

/* Calls whose first argument is a descriptor. */
static bool takes_fd(const char *call)
{
  static const char *const names[] = {
    "accept", "bind", "close", "connect", "dup", "dup2", "fcntl",
    "fstat", "getpeername", "getsockname", "getsockopt", "ioctl", "listen",
    "read", "recv", "recvfrom", "send", "sendto", "setsockopt", "shutdown",
    "write", "tcp_info", NULL,
  };
  for (int i = 0; call && names[i]; i++)
    if (strcmp(call, names[i]) == 0)
      return true;
  return false;
}

void lsim_results_call_error(lua_State *L, int err)
{
  struct lproc *lp = LSIM_THREAD(L)->proc;
  if (!lp || lp->co != L || !lp->p->host->sim->rec)
    return;
  struct proc *p = lp->p;
  const struct bsderr *e = bsderr_lookup(err);
  const char *call = call_name(L, LSIM_THREAD(L)->rt);
  int fd = -1;
  if (takes_fd(call) && lua_isinteger(L, 1))
    fd = (int)lua_tointeger(L, 1);
  char *local = NULL, *remote = NULL;
  sys_sock_names(p, fd, &local, &remote);
  struct record_call c = {
    .host = p->host->name, .pid = p->pid, .proc = p->name,
    .call = call ? call : "?", .err_name = e ? e->name : "EUNKNOWN",
    .err_num = e ? e->bsd : -err, .fd = fd, .local = local,
    .remote = remote,
  };
  record_call_error(p->host->sim->rec, &c);
  g_free(local);
  g_free(remote);
}

/* ---- tcp_info(s) ---- */

static const char *const profile_names[] = {
  "4.2bsd", "tahoe", "4.4bsd", "newreno",
};

static void set_num(lua_State *L, const char *k, double v)
{
  lua_pushnumber(L, v);
  lua_setfield(L, -2, k);
}

static void set_int(lua_State *L, const char *k, lua_Integer v)
{
  lua_pushinteger(L, v);
  lua_setfield(L, -2, k);
}

static void push_tcp_info(lua_State *L, const struct tcpcb *tp)
{
  lua_createtable(L, 0, 20);
  lua_pushstring(L, tcp_state_name(tp->state));
  lua_setfield(L, -2, "state");
  set_num(L, "rto_ms", tp->t_rxtcur * 500.0);
  if (tcp_timing(tp)->rtt42)
    set_num(L, "srtt_ms", tp->t_srtt42 * 500.0);
  else {
    set_num(L, "srtt_ms", tp->t_srtt * 500.0 / (1 << TCP_RTT_SHIFT));
    set_num(L, "rttvar_ms", tp->t_rttvar * 500.0 / (1 << TCP_RTTVAR_SHIFT));
  }
  set_int(L, "snd_cwnd", tp->snd_cwnd);
  set_int(L, "snd_ssthresh", tp->snd_ssthresh);
  set_int(L, "snd_wnd", tp->snd_wnd);
  set_int(L, "rcv_wnd", tp->rcv_wnd);
  set_int(L, "retransmits", (lua_Integer)tp->rexmt_segs);
  set_int(L, "timeouts", (lua_Integer)tp->rexmt_timeouts);
  set_int(L, "bytes_acked", (lua_Integer)tp->bytes_acked);
  set_int(L, "bytes_received", (lua_Integer)tp->bytes_rcvd);
  set_int(L, "mss", tp->t_maxseg);
  set_int(L, "shift", tp->t_rxtshift);
  set_int(L, "snd_wscale", tp->snd_scale);
  set_int(L, "rcv_wscale", tp->rcv_scale);
  lua_pushboolean(L, (tp->flags & (TF_REQ_TSTMP | TF_RCVD_TSTMP)) ==
                     (TF_REQ_TSTMP | TF_RCVD_TSTMP));
  lua_setfield(L, -2, "timestamps");
  lua_pushstring(L, profile_names[tp->profile]);
  lua_setfield(L, -2, "profile");
}

/* tcp_info(s): the TCP state of socket s as a table (docs/lua-api.md). */
static int l_tcp_info(lua_State *L)
{
  int fd = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  struct proc *p = LSIM_THREAD(L)->proc ? LSIM_THREAD(L)->proc->p : NULL;
  if (!p)
    return luaL_error(L, "tcp_info: only a process can call this (use "
                      "host:spawn)");
  struct socket *so;
  int err = sys_getsock(p, fd, &so);
  if (err)
    return lsim_push_errno(L, err);
  if (so->so_proto != &tcp_protosw)
    return lsim_push_errno(L, -ENOPROTOOPT);
  if (!so->so_pcb) {
    lua_createtable(L, 0, 1);
    lua_pushstring(L, "CLOSED");
    lua_setfield(L, -2, "state");
    return 1;
  }
  push_tcp_info(L, so->so_pcb);
  return 1;
}

void lsim_open_results(lua_State *L, struct lsim *rt)
{
  static const luaL_Reg funcs[] = {
    { "tcp_info", l_tcp_info }, { NULL, NULL },
  };
  lua_pushglobaltable(L);
  lsim_setfuncs(L, rt, funcs);
  lua_pop(L, 1);
}
