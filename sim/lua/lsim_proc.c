/* sim/lua/lsim_proc.c: processes and signals in scenarios: fork, exit, wait,
 * the ids, signal/kill/alarm/sigpause, host:ps(), and the signal glue
 * every blocking call goes through (lsim_register_syscalls): handlers
 * run as ordinary Lua in the process's own coroutine, between a call's
 * return and its caller, and a call broken by a signal is restarted or
 * fails with EINTR as 4.4BSD decides. The C side (who is signalled, who
 * wakes, who dies) is hosts/sig.c and hosts/proc.c; this file only
 * adapts it. Read: 4.4BSD kern/kern_sig.c (postsig), kern/kern_exit.c
 * (wait4), lib/libc/gen/signal.c, siginterrupt.c, docs/lua-api.md. */
#include "lsim_internal.h"
#include "lsim_sys.h"
#include "host.h"
#include "proc.h"
#include "sig.h"

#include <limits.h>
#include <errno.h>
#include <string.h>

#define SIG_DFL_NAME "SIG_DFL"     /* the Lua values of SIG_DFL, SIG_IGN */
#define SIG_IGN_NAME "SIG_IGN"

/* The calling process; a Lua error naming fn when the caller is not one. */
static struct lproc *self(lua_State *L, const char *fn)
{
  struct lproc *lp = LSIM_THREAD(L)->proc;
  if (!lp || lp->co != L)
    luaL_error(L, "%s: only a process can call this (use host:spawn); "
               "this is %s", fn, lp ? "a coroutine inside a process"
                                    : "the scenario itself or an at() callback");
  if (lp->p->state == PROC_EXITED)   /* its host went down under it */
    luaL_error(L, "%s: the process has ended (its host went down)", fn);
  return lp;
}

/* A signal number argument: an integer 1..31, else a Lua error. */
static int check_sig(lua_State *L, int i)
{
  int isnum;
  lua_Integer s = lua_tointegerx(L, i, &isnum);
  if (!isnum)
    luaL_typeerror(L, i, "signal number");
  if (s < 1 || s >= BSD_NSIG)
    luaL_argerror(L, i, lua_pushfstring(L, "bad signal number %I "
                                        "(1..31, e.g. SIGCHLD)", s));
  return (int)s;
}

/* ---- the system-call wrapper ---------------------------------------- */

/* What the wrapper's continuations carry between yields. */
enum sys_mode {
  SYS_CALL,                   /* the wrapped function is running */
  SYS_NORMAL,                 /* it returned: deliver, then return */
  SYS_INTR,                   /* a signal broke it: deliver, then decide */
};

struct sysctx {
  int nargs;                  /* arguments, kept at 1..nargs for restart */
  int nres;                   /* results above them (SYS_NORMAL) */
  enum sys_mode mode;         /* see enum */
  bool restart;               /* SYS_INTR: make the call again */
};

G_STATIC_ASSERT(sizeof(lua_KContext) >= 8);

static lua_KContext pack(struct sysctx c)
{
  return (lua_KContext)((uint64_t)c.nargs | (uint64_t)c.nres << 21 |
                        (uint64_t)c.mode << 42 | (uint64_t)c.restart << 44);
}

static struct sysctx unpack(lua_KContext k)
{
  uint64_t u = (uint64_t)k;
  return (struct sysctx){ (int)(u & 0x1fffff), (int)(u >> 21 & 0x1fffff),
                          (enum sys_mode)(u >> 42 & 3), (u >> 44) & 1 };
}

static int sys_cont(lua_State *L, int status, lua_KContext k);
static int deliver(lua_State *L, struct sysctx c);

/* Re-raises an error of the wrapped function as if it had been called
 * directly: with the caller's file:line and the function's name. */
static int rethrow(lua_State *L, int status)
{
  if (status != LUA_ERRRUN || lua_type(L, -1) != LUA_TSTRING)
    return lua_error(L);
  const char *msg = lua_tostring(L, -1);
  const char *to = lua_pushfstring(L, "to '%s'",
                                   lua_tostring(L, lua_upvalueindex(3)));
  luaL_gsub(L, msg, "to '?'", to);        /* luaL_argerror's unknown name */
  luaL_where(L, 1);                       /* the caller's file:line */
  lua_insert(L, -2);
  lua_concat(L, 2);
  return lua_error(L);
}

/* Calls the wrapped function with copies of the arguments, which are
 * all the stack holds. */
static int call_inner(lua_State *L, int nargs)
{
  struct lproc *lp = LSIM_THREAD(L)->proc;
  if (lp)
    lp->sys_direct = false;     /* its sleeps yield to its own k */
  /* Lua promises a C function LUA_MINSTACK free slots; the copy below
   * needs nargs + 1, so a call with many arguments must ask for more. */
  if (nargs + 1 > LUA_MINSTACK)
    luaL_checkstack(L, nargs + 1, "too many arguments");
  lua_pushvalue(L, lua_upvalueindex(2));
  for (int i = 1; i <= nargs; i++)
    lua_pushvalue(L, i);
  struct sysctx c = { nargs, 0, SYS_CALL, false };
  int st = lua_pcallk(L, nargs, LUA_MULTRET, 0, pack(c), sys_cont);
  return sys_cont(L, st, pack(c));
}

static int sys_entry(lua_State *L)
{
  int nargs = lua_gettop(L);
  if (nargs >= 0x100000)
    return luaL_error(L, "%s: too many arguments",
                      lua_tostring(L, lua_upvalueindex(3)));
  return call_inner(L, nargs);
}

/* Whether the nres results above nargs are lsim_push_intr's. */
static bool is_intr(lua_State *L, int nargs, int nres)
{
  return nres == LSIM_INTR_NRES && lua_isnil(L, nargs + 1) &&
         lua_type(L, nargs + 4) == LUA_TBOOLEAN &&
         lua_type(L, nargs + 2) == LUA_TSTRING &&
         strcmp(lua_tostring(L, nargs + 2), "EINTR") == 0;
}

/* The wrapped function returned (or failed). */
static int sys_cont(lua_State *L, int status, lua_KContext k)
{
  struct sysctx c = unpack(k);
  if (status != LUA_OK && status != LUA_YIELD)
    return rethrow(L, status);
  struct lproc *lp = LSIM_THREAD(L)->proc;
  int nres = lua_gettop(L) - c.nargs;
  if (!lp || lp->co != L || lp->p->state == PROC_EXITED)
    return nres;
  if (is_intr(L, c.nargs, nres)) {
    bool restart = lua_toboolean(L, -1);
    lua_settop(L, c.nargs);
    int sig = sig_issig(lp->p);       /* the first one decides (tsleep) */
    c.restart = restart && (!sig || sig_restarts(lp->p, sig));
    c.mode = SYS_INTR;
    return deliver(L, c);
  }
  c.mode = SYS_NORMAL;
  c.nres = nres;
  return deliver(L, c);
}

/* ---- the direct path ----------------------------------------------- *
 * read and write, which a bulk transfer makes once per segment, skip the
 * protected call when it cannot make a difference: the caller is a
 * process's own coroutine that catches no signal (so no handler runs and
 * no sleep ends in EINTR until the call returns: the process cannot
 * install one while it is in the call) and the arguments are ones the
 * function accepts (so it raises no argument error, which would need the
 * registered name). The function then runs in the wrapper's own frame;
 * its sleeps yield to direct_cont (lsim_sys_yield), and what it returns
 * is finished as sys_cont would. Otherwise the call takes sys_entry. */

/* The calling process when the call may take the direct path, else NULL:
 * a process's own coroutine, alive, catching no signal. */
static struct lproc *direct_proc(lua_State *L)
{
  struct lproc *lp = LSIM_THREAD(L)->proc;
  if (!lp || lp->co != L || lp->p->state == PROC_EXITED || lp->p->sig.caught)
    return NULL;
  return lp;
}

/* Argument i in *out if it passes lsim_sys_checkint(L, i, lo, hi). */
static bool int_in(lua_State *L, int i, lua_Integer lo, lua_Integer hi,
                   int *out)
{
  int ok;
  lua_Integer v = lua_tointegerx(L, i, &ok);
  *out = (int)v;
  return ok && v >= lo && v <= hi;
}

/* f returned nres results above its nargs arguments. */
static int direct_done(lua_State *L, struct lproc *lp, int nargs, int nres)
{
  lp->sys_direct = false;
  int top = lua_gettop(L);
  if (top != nargs + nres) {    /* as a call would: just the results */
    for (int i = 1; i <= nres; i++)
      lua_copy(L, top - nres + i, nargs + i);
    lua_settop(L, nargs + nres);
  }
  const struct sigstate *s = &lp->p->sig;
  if (nres != LSIM_INTR_NRES && !(s->pending & ~s->mask)) /* nothing due */
    return nres;
  return sys_cont(L, LUA_OK, pack((struct sysctx){ nargs, 0, SYS_CALL,
                                                   false }));
}

static int direct_cont(lua_State *L, int status, lua_KContext nargs)
{
  struct lproc *lp = LSIM_THREAD(L)->proc;
  int nres = lp->sys_k(L, status, lp->sys_kctx);
  return direct_done(L, lp, (int)nargs, nres);
}

int lsim_sys_yield(lua_State *L, lua_KContext ctx, lua_KFunction k)
{
  struct lproc *lp = LSIM_THREAD(L)->proc;
  if (!lp->sys_direct)
    return lua_yieldk(L, 0, ctx, k);
  lp->sys_k = k;
  lp->sys_kctx = ctx;
  return lua_yieldk(L, 0, lp->sys_nargs, direct_cont);
}

/* The call runs on the direct path with its nargs arguments. */
static void direct_begin(struct lproc *lp, int nargs)
{
  lp->sys_direct = true;
  lp->sys_nargs = nargs;
}

/* read(fd, n) or read(fd, buf[, n]), as lsim_fd_read checks them. */
static int read_entry(lua_State *L)
{
  struct lproc *lp = direct_proc(L);
  int fd, n, nargs = lua_gettop(L);
  if (!lp || !int_in(L, 1, INT_MIN, INT_MAX, &fd))
    return sys_entry(L);
  if (lua_type(L, 2) != LUA_TUSERDATA) {
    if (nargs != 2 || !int_in(L, 2, 0, INT_MAX, &n))
      return sys_entry(L);
    direct_begin(lp, 2);
    return direct_done(L, lp, 2, lsim_fd_read_args(L, fd, n));
  }
  struct lsim_buf *b;
  if ((n = lsim_fd_read_into_count(L, nargs, &b)) < 0)
    return sys_entry(L);
  direct_begin(lp, nargs);
  return direct_done(L, lp, nargs, lsim_fd_read_into(L, fd, b, n));
}

/* write(fd, string), as lsim_fd_write checks it (a number would be
 * converted in place: the protected path). */
static int write_entry(lua_State *L)
{
  struct lproc *lp = direct_proc(L);
  int fd;
  if (!lp || lua_gettop(L) != 2 || lua_type(L, 2) != LUA_TSTRING ||
      !int_in(L, 1, INT_MIN, INT_MAX, &fd))
    return sys_entry(L);
  direct_begin(lp, 2);
  return direct_done(L, lp, 2, lsim_fd_write(L));
}

/* The wrapper Lua calls for f: its direct entry, or sys_entry. */
static lua_CFunction entry_of(lua_CFunction f)
{
  static const struct {
    lua_CFunction f, entry;
  } directs[] = {
    { lsim_fd_read, read_entry }, { lsim_fd_write, write_entry },
  };
  for (size_t i = 0; i < G_N_ELEMENTS(directs); i++)
    if (directs[i].f == f)
      return directs[i].entry;
  return sys_entry;
}

/* Pushes the handler of sig. */
static void push_handler(lua_State *L, struct lproc *lp, int sig)
{
  g_assert(lp->sigref != LUA_NOREF);
  lua_rawgeti(L, LUA_REGISTRYINDEX, lp->sigref);
  lua_rawgeti(L, -1, sig);
  lua_remove(L, -2);
}

/* After a handler: puts back the mask saved under it. */
static void handler_done(lua_State *L, struct proc *p)
{
  sig_setmask(p, (uint32_t)lua_tointeger(L, -1));
  lua_pop(L, 1);
}

static int deliver_cont(lua_State *L, int status, lua_KContext k)
{
  handler_done(L, LSIM_THREAD(L)->proc->p);
  return deliver(L, unpack(k));
}

/* What the caller gets once the handlers ran. */
static int sys_finish(lua_State *L, struct sysctx c, struct proc *p)
{
  if (c.mode == SYS_NORMAL)
    return c.nres;
  if (p->sig.oldmask_set) {             /* sigpause woken, no handler */
    sig_setmask(p, p->sig.oldmask);
    p->sig.oldmask_set = false;
  }
  lua_settop(L, c.nargs);
  if (c.restart)
    return call_inner(L, c.nargs);
  return lsim_push_errno(L, -EINTR);
}

/* Runs the handlers of the pending signals, lowest first (postsig). A
 * signal that terminates ends the process here: yield, and lproc_resume
 * finishes it. */
static int deliver(lua_State *L, struct sysctx c)
{
  struct lproc *lp = LSIM_THREAD(L)->proc;
  struct proc *p = lp->p;
  int sig;
  while ((sig = sig_issig(p)) != 0) {
    uint32_t restore;
    if (!sig_postsig(p, sig, &restore))
      return lua_yield(L, 0);
    lua_pushinteger(L, restore);
    push_handler(L, lp, sig);
    lua_pushinteger(L, sig);
    lua_callk(L, 1, 0, pack(c), deliver_cont);
    handler_done(L, p);
  }
  return sys_finish(L, c, p);
}

void lsim_register_syscalls(lua_State *L, struct lsim *rt,
                            const luaL_Reg *funcs)
{
  for (; funcs->name; funcs++) {
    lua_pushlightuserdata(L, rt);
    lua_pushlightuserdata(L, rt);
    lua_pushcclosure(L, funcs->func, 1);
    lsim_results_note_func(rt, funcs->func, funcs->name);
    lua_pushstring(L, funcs->name);
    lua_CFunction entry = entry_of(funcs->func);
    if (entry != sys_entry)     /* errors recorded on the direct path */
      lsim_results_note_func(rt, entry, funcs->name);
    lua_pushcclosure(L, entry, 3);
    lua_setfield(L, -2, funcs->name);
  }
}

/* ---- fork, exit, wait ----------------------------------------------- */

/* Copies the parent's handler table for a forked child. */
static void copy_handlers(lua_State *L, struct lproc *child,
                          const struct lproc *parent)
{
  if (parent->sigref == LUA_NOREF)
    return;
  lua_newtable(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, parent->sigref);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -5);
  }
  lua_pop(L, 1);
  child->sigref = luaL_ref(L, LUA_REGISTRYINDEX);
}

/* fork(fn): a child process running fn, with a copy of the descriptor
 * table and of the signal handlers. Returns the child's pid. */
static int l_fork(lua_State *L)
{
  struct lsim *rt = LSIM_RT(L);
  struct lproc *lp = self(L, "fork");
  luaL_checktype(L, 1, LUA_TFUNCTION);
  int err = proc_fork_check(lp->p->host, lp->p->uid);
  if (err)
    return lsim_push_errno(L, err);       /* the process table is full */
  struct lproc *c = lsim_start_proc(L, rt, NULL, NULL, 1, lp->p);
  copy_handlers(L, c, lp);
  lua_pushinteger(L, c->p->pid);
  return 1;
}

/* exit(status): ends the process now (status & 0377, default 0). */
static int l_exit(lua_State *L)
{
  lua_Integer st = luaL_optinteger(L, 1, 0);
  struct lproc *lp = self(L, "exit");
  proc_exit_status(lp->p, BSD_W_EXITCODE((int)(st & 0377), 0));
  return lua_yield(L, 0);
}

static int wait_try(lua_State *L, int pid, int options);

static int wait_cont(lua_State *L, int status, lua_KContext k)
{
  struct lproc *lp = LSIM_THREAD(L)->proc;
  if (lp->p->wake == PROC_WAKE_SIGNAL)
    return lsim_push_intr(L, true);       /* wait4: ERESTART */
  return wait_try(L, (int)(int32_t)(k & 0xffffffff), (int)(k >> 32));
}

/* wait4's loop: reap a zombie, or fail, or sleep on ourselves. */
static int wait_try(lua_State *L, int pid, int options)
{
  struct lproc *lp = self(L, "wait");
  int status = 0;
  int r = proc_reap(lp->p, pid, &status);
  if (r < 0)
    return lsim_push_errno(L, r);
  if (r > 0 || (options & BSD_WNOHANG)) {
    lua_pushinteger(L, r);
    if (r == 0)
      return 1;
    lua_pushinteger(L, status);
    return 2;
  }
  proc_tsleep_intr(lp->p, lp->p, 0);
  uint64_t k = (uint32_t)pid | (uint64_t)(uint32_t)options << 32;
  return lua_yieldk(L, 0, (lua_KContext)k, wait_cont);
}

static int check_options(lua_State *L, int i)
{
  lua_Integer o = luaL_optinteger(L, i, 0);
  if (o & ~(lua_Integer)(BSD_WNOHANG | BSD_WUNTRACED))
    luaL_argerror(L, i, lua_pushfstring(L, "bad options %I (WNOHANG, "
                                        "WUNTRACED)", o));
  return (int)o;
}

/* wait(): pid, status of an exited child (blocks until one exits). */
static int l_wait(lua_State *L)
{
  return wait_try(L, -1, 0);
}

/* wait3(options): as wait; with WNOHANG returns 0 at once when children
 * exist but none has exited. */
static int l_wait3(lua_State *L)
{
  return wait_try(L, -1, check_options(L, 1));
}

/* waitpid(pid, options): wait4's pid: -1 any, > 0 that child, 0 the own
 * group, < -1 group -pid. */
static int l_waitpid(lua_State *L)
{
  lua_Integer pid = luaL_checkinteger(L, 1);
  return wait_try(L, (int)pid, check_options(L, 2));
}

/* The wait status macros of sys/wait.h. */
static int status_arg(lua_State *L)
{
  return lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
}

static int l_wifexited(lua_State *L)
{
  lua_pushboolean(L, (status_arg(L) & 0177) == 0);
  return 1;
}

static int l_wexitstatus(lua_State *L)
{
  lua_pushinteger(L, (status_arg(L) >> 8) & 0377);
  return 1;
}

static int l_wifsignaled(lua_State *L)
{
  int s = status_arg(L) & 0177;
  lua_pushboolean(L, s != 0177 && s != 0);
  return 1;
}

static int l_wtermsig(lua_State *L)
{
  lua_pushinteger(L, status_arg(L) & 0177);
  return 1;
}

static int l_wifstopped(lua_State *L)
{
  lua_pushboolean(L, (status_arg(L) & 0177) == 0177);
  return 1;
}

static int l_wcoredump(lua_State *L)
{
  lua_pushboolean(L, (status_arg(L) & 0200) != 0);
  return 1;
}

/* ---- ids ------------------------------------------------------------- */

static int l_getpid(lua_State *L)
{
  lua_pushinteger(L, self(L, "getpid")->p->pid);
  return 1;
}

static int l_getppid(lua_State *L)
{
  struct proc *pp = self(L, "getppid")->p->pptr;
  lua_pushinteger(L, pp ? pp->pid : 0);
  return 1;
}

static int l_getpgrp(lua_State *L)
{
  lua_pushinteger(L, self(L, "getpgrp")->p->pgrp);
  return 1;
}

static int l_getuid(lua_State *L)
{
  lua_pushinteger(L, self(L, "getuid")->p->uid);
  return 1;
}

static int l_gethostname(lua_State *L)
{
  lua_pushstring(L, self(L, "gethostname")->p->host->name);
  return 1;
}

/* setpgrp(pid, pgrp), setpgid(pid, pgrp): 0, or nil, errno. */
static int l_setpgid(lua_State *L)
{
  lua_Integer pid = luaL_checkinteger(L, 1);
  lua_Integer pgid = luaL_checkinteger(L, 2);
  struct lproc *lp = self(L, "setpgid");
  if (pid != (int)pid || pgid != (int)pgid)
    return lsim_push_errno(L, pid != (int)pid ? -ESRCH : -EPERM);
  int r = proc_setpgid(lp->p, (int)pid, (int)pgid);
  if (r < 0)
    return lsim_push_errno(L, r);
  lua_pushinteger(L, 0);
  return 1;
}

/* ---- signals ---------------------------------------------------------- */

/* The handler argument: a function, SIG_DFL or SIG_IGN. */
static enum sig_disp check_disp(lua_State *L, int i)
{
  if (lua_type(L, i) == LUA_TFUNCTION)
    return SIG_DISP_CATCH;
  const char *s = lua_type(L, i) == LUA_TSTRING ? lua_tostring(L, i) : "";
  if (strcmp(s, SIG_DFL_NAME) == 0)
    return SIG_DISP_DFL;
  if (strcmp(s, SIG_IGN_NAME) == 0)
    return SIG_DISP_IGN;
  luaL_typeerror(L, i, "function, SIG_DFL or SIG_IGN");
  return SIG_DISP_DFL;
}

/* Pushes lp's handler table, creating it on first use. */
static void push_sigtab(lua_State *L, struct lproc *lp)
{
  if (lp->sigref != LUA_NOREF) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, lp->sigref);
    return;
  }
  lua_createtable(L, BSD_NSIG, 0);
  lua_pushvalue(L, -1);
  lp->sigref = luaL_ref(L, LUA_REGISTRYINDEX);
}

/* signal(sig, handler) and sigset(): returns the previous handler. */
static int set_handler(lua_State *L, const char *fn)
{
  int sig = check_sig(L, 1);
  enum sig_disp d = check_disp(L, 2);
  struct lproc *lp = self(L, fn);
  lua_settop(L, 2);
  push_sigtab(L, lp);                               /* at 3 */
  int old = sig_setdisp(lp->p, sig, d);
  if (old < 0)
    return lsim_push_errno(L, old);
  if (old == SIG_DISP_CATCH)
    lua_rawgeti(L, 3, sig);
  else
    lua_pushstring(L, old == SIG_DISP_IGN ? SIG_IGN_NAME : SIG_DFL_NAME);
  if (d == SIG_DISP_CATCH)
    lua_pushvalue(L, 2);
  else
    lua_pushnil(L);
  lua_rawseti(L, 3, sig);
  return 1;
}

static int l_signal(lua_State *L)
{
  return set_handler(L, "signal");
}

static int l_sigset(lua_State *L)
{
  return set_handler(L, "sigset");
}

/* siginterrupt(sig, flag): flag true: a call broken by sig fails with
 * EINTR (no SA_RESTART); false: it is restarted (the default). */
static int l_siginterrupt(lua_State *L)
{
  int sig = check_sig(L, 1);
  luaL_checkany(L, 2);
  struct lproc *lp = self(L, "siginterrupt");
  if (lua_toboolean(L, 2) && !(lua_isinteger(L, 2) && !lua_tointeger(L, 2)))
    lp->p->sig.intr |= BSD_SIGBIT(sig);
  else
    lp->p->sig.intr &= ~BSD_SIGBIT(sig);
  lua_pushinteger(L, 0);
  return 1;
}

/* sigmask(sig): the bit of sig, for sigblock and friends. */
static int l_sigmask(lua_State *L)
{
  lua_pushinteger(L, BSD_SIGBIT(check_sig(L, 1)));
  return 1;
}

static uint32_t check_mask(lua_State *L, int i)
{
  lua_Integer m = luaL_checkinteger(L, i);
  if (m < 0 || m > (lua_Integer)UINT32_MAX)
    luaL_argerror(L, i, "signal mask out of range (0..0xffffffff)");
  return (uint32_t)m;
}

/* sigblock(mask): blocks more signals; returns the previous mask. */
static int l_sigblock(lua_State *L)
{
  uint32_t m = check_mask(L, 1);
  struct proc *p = self(L, "sigblock")->p;
  lua_pushinteger(L, sig_setmask(p, p->sig.mask | m));
  return 1;
}

/* sigsetmask(mask): sets the mask; returns the previous one. Signals it
 * unblocks are delivered before it returns (a system call). */
static int l_sigsetmask(lua_State *L)
{
  uint32_t m = check_mask(L, 1);
  lua_pushinteger(L, sig_setmask(self(L, "sigsetmask")->p, m));
  return 1;
}

static int pause_done(lua_State *L, int status, lua_KContext k)
{
  return lsim_push_intr(L, false);       /* sigsuspend: always EINTR */
}

/* sigpause(mask): waits with mask for a caught signal; its handler runs
 * with it, then the old mask is back and nil, "EINTR", 4 returns. */
static int l_sigpause(lua_State *L)
{
  uint32_t m = check_mask(L, 1);
  struct proc *p = self(L, "sigpause")->p;
  p->sig.oldmask = p->sig.mask;
  p->sig.oldmask_set = true;
  sig_setmask(p, m);
  proc_tsleep_intr(p, &p->sig, 0);
  return lua_yieldk(L, 0, 0, pause_done);
}

/* pause(): sigpause with the current mask. */
static int l_pause(lua_State *L)
{
  struct proc *p = self(L, "pause")->p;
  lua_settop(L, 0);
  lua_pushinteger(L, p->sig.mask);
  return l_sigpause(L);
}

static int push_result(lua_State *L, int r)
{
  if (r < 0)
    return lsim_push_errno(L, r);
  lua_pushinteger(L, 0);
  return 1;
}

/* An int argument for kill and killpg: out of int range is no process. */
static bool int_arg(lua_State *L, int i, int *out)
{
  lua_Integer v = luaL_checkinteger(L, i);
  *out = (int)v;
  return v == (int)v;
}

/* kill(pid, sig): 0, or nil, "ESRCH"/"EPERM"/"EINVAL". */
static int l_kill(lua_State *L)
{
  int pid, sig;
  bool ok = int_arg(L, 1, &pid);
  bool sok = int_arg(L, 2, &sig);
  struct lproc *lp = self(L, "kill");
  if (!sok)
    return lsim_push_errno(L, -EINVAL);
  return push_result(L, ok ? sig_kill(lp->p, pid, sig) : -ESRCH);
}

/* killpg(pgrp, sig). */
static int l_killpg(lua_State *L)
{
  int pgrp, sig;
  bool ok = int_arg(L, 1, &pgrp);
  bool sok = int_arg(L, 2, &sig);
  struct lproc *lp = self(L, "killpg");
  if (!sok)
    return lsim_push_errno(L, -EINVAL);
  return push_result(L, ok ? sig_killpg(lp->p, pgrp, sig) : -ESRCH);
}

/* alarm(t): SIGALRM after t (0 cancels); the seconds the previous alarm
 * had left, 0 when none. */
static int l_alarm(lua_State *L)
{
  sim_time_t t = lsim_checktime(L, 1);
  struct lproc *lp = self(L, "alarm");
  lua_pushnumber(L, sim_time_to_s(sig_alarm(lp->p, t)));
  return 1;
}

/* ---- host methods ------------------------------------------------------ */

static const char *state_name(const struct proc *p)
{
  switch (p->state) {
  case PROC_RUNNABLE:
    return "run";
  case PROC_SLEEPING:
    return "sleep";
  case PROC_EXITED:
    break;
  }
  return "zombie";
}

static void push_ps_entry(lua_State *L, const struct proc *p)
{
  lua_createtable(L, 0, 6);
  lua_pushinteger(L, p->pid);
  lua_setfield(L, -2, "pid");
  lua_pushinteger(L, p->pptr ? p->pptr->pid : 0);
  lua_setfield(L, -2, "ppid");
  lua_pushinteger(L, p->pgrp);
  lua_setfield(L, -2, "pgrp");
  lua_pushinteger(L, p->uid);
  lua_setfield(L, -2, "uid");
  lua_pushstring(L, p->name);
  lua_setfield(L, -2, "name");
  lua_pushstring(L, state_name(p));
  lua_setfield(L, -2, "state");
}

/* h:ps(): the host's processes, zombies included, by pid. */
static int host_ps(lua_State *L)
{
  struct host *h = lsim_checkhandle(L, 1, LSIM_HOST);
  lua_newtable(L);
  int n = 0;
  for (guint i = 0; i < h->procs->len; i++) {
    const struct proc *p = g_ptr_array_index(h->procs, i);
    if (p->reaped)
      continue;
    push_ps_entry(L, p);
    lua_rawseti(L, -2, ++n);
  }
  return 1;
}

/* Live processes of group pgrp on h. */
static int pgrp_count(const struct host *h, int pgrp)
{
  int n = 0;
  for (guint i = 0; i < h->procs->len; i++) {
    const struct proc *p = g_ptr_array_index(h->procs, i);
    n += p->state != PROC_EXITED && p->pgrp == pgrp;
  }
  return n;
}

/* h:kill(pid, sig): sig from outside, as root would send it with
 * kill(1) on h (pid < 0: group -pid). 0, or nil, errno. */
static int host_kill(lua_State *L)
{
  struct host *h = lsim_checkhandle(L, 1, LSIM_HOST);
  lua_Integer pid = luaL_checkinteger(L, 2);
  lua_Integer sig = luaL_checkinteger(L, 3);
  if (sig < 0 || sig >= BSD_NSIG)
    return lsim_push_errno(L, -EINVAL);
  if (pid > 0 && pid <= INT32_MAX) {
    struct proc *p = proc_find(h, (int)pid);
    if (p && sig)
      sig_psignal(p, (int)sig);
    return push_result(L, p ? 0 : -ESRCH);
  }
  if (pid < 0 && pid > INT32_MIN && pgrp_count(h, (int)-pid) > 0) {
    if (sig)
      sig_gsignal(h, (int)-pid, (int)sig);
    return push_result(L, 0);
  }
  return push_result(L, -ESRCH);
}

/* ---- registration ------------------------------------------------------- */

static void set_constants(lua_State *L)
{
  for (int sig = 1; sig < BSD_NSIG; sig++) {
    lua_pushinteger(L, sig);
    lua_setfield(L, -2, sig_name(sig));
  }
  lua_pushinteger(L, BSD_NSIG);
  lua_setfield(L, -2, "NSIG");
  lua_pushstring(L, SIG_DFL_NAME);
  lua_setfield(L, -2, "SIG_DFL");
  lua_pushstring(L, SIG_IGN_NAME);
  lua_setfield(L, -2, "SIG_IGN");
  lua_pushinteger(L, BSD_WNOHANG);
  lua_setfield(L, -2, "WNOHANG");
  lua_pushinteger(L, BSD_WUNTRACED);
  lua_setfield(L, -2, "WUNTRACED");
}

/* Adds ps and kill to the host class (made by lsim_open_host). */
static void add_host_methods(lua_State *L, struct lsim *rt)
{
  static const luaL_Reg methods[] = {
    { "ps", host_ps }, { "kill", host_kill }, { NULL, NULL },
  };
  luaL_getmetatable(L, LSIM_HOST);
  g_assert(lua_istable(L, -1));
  lua_getfield(L, -1, "__index");
  lsim_setfuncs(L, rt, methods);
  lua_pop(L, 2);
}

void lsim_open_proc(lua_State *L, struct lsim *rt)
{
  static const luaL_Reg funcs[] = {
    { "fork", l_fork }, { "exit", l_exit }, { "getpid", l_getpid },
    { "getppid", l_getppid }, { "getpgrp", l_getpgrp },
    { "getuid", l_getuid }, { "gethostname", l_gethostname },
    { "setpgrp", l_setpgid }, { "setpgid", l_setpgid },
    { "signal", l_signal }, { "sigset", l_sigset },
    { "siginterrupt", l_siginterrupt }, { "sigmask", l_sigmask },
    { "sigblock", l_sigblock }, { "alarm", l_alarm },
    { "WIFEXITED", l_wifexited }, { "WEXITSTATUS", l_wexitstatus },
    { "WIFSIGNALED", l_wifsignaled }, { "WTERMSIG", l_wtermsig },
    { "WIFSTOPPED", l_wifstopped }, { "WCOREDUMP", l_wcoredump },
    { NULL, NULL },
  };
  static const luaL_Reg syscalls[] = {
    { "wait", l_wait }, { "wait3", l_wait3 }, { "waitpid", l_waitpid },
    { "kill", l_kill }, { "killpg", l_killpg },
    { "sigsetmask", l_sigsetmask }, { "sigpause", l_sigpause },
    { "pause", l_pause }, { NULL, NULL },
  };
  lua_pushglobaltable(L);
  lsim_setfuncs(L, rt, funcs);
  lsim_register_syscalls(L, rt, syscalls);
  set_constants(L);
  lua_pop(L, 1);
  add_host_methods(L, rt);
}
