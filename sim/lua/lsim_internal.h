/* sim/lua/lsim_internal.h: what the lsim_*.c files share: the runtime struct,
 * the userdata handles and the helpers for reading scenario tables. Not
 * for use outside the Lua glue. */
#ifndef IPCSIM_LSIM_INTERNAL_H
#define IPCSIM_LSIM_INTERNAL_H

#include <glib.h>
#include <lauxlib.h>
#include <lua.h>
#include "lsim.h"
#include "sim.h"

struct host;
struct netif;
struct lproc;

/* What a Lua thread's extra space points to: the runtime, and the process
 * the thread runs (NULL for the main thread and for coroutines a scenario
 * makes itself, which Lua starts with a copy of the main thread's). */
struct lsim_thread {
  struct lsim *rt;            /* the runtime */
  struct lproc *proc;         /* the process run by this thread, or NULL */
};

#define LSIM_THREAD(L) (*(struct lsim_thread **)lua_getextraspace(L))

/* A process as the Lua side sees it: a coroutine running its function. */
struct lproc {
  struct lsim_thread th;      /* its thread's extra space points here */
  struct proc *p;             /* the process (owned by its host) */
  lua_State *co;              /* the coroutine */
  int ref;                    /* registry reference keeping co alive */
  int sigref;                 /* registry ref of its handler table
                                 (signal number -> function), or
                                 LUA_NOREF while it has none */
  int last_errno;             /* its last failed call's errno (negative,
                                 host value), for perror; 0 none */
  bool sys_direct;            /* a system call runs on the direct path
                                 (lsim_proc.c): its sleeps yield to the
                                 wrapper, which calls sys_k then */
  int sys_nargs;              /* that call's arguments */
  lua_KFunction sys_k;        /* that call's continuation ... */
  lua_KContext sys_kctx;      /* ... and its context */
};

/* Freed Lua blocks of 1 to 4 KB kept for reuse, per 64-byte size class,
 * at most 1 MB (lsim_alloc.c). */
#define LSIM_ALLOC_CLASSES 48
struct lsim_alloc {
  void *free[LSIM_ALLOC_CLASSES];     /* linked through their first word */
  size_t bytes;                       /* their capacity in all */
};

/* The Lua state's allocator (lua_Alloc; ud is the struct lsim) and the
 * release of the blocks it keeps, after lua_close. */
void *lsim_alloc(void *ud, void *ptr, size_t osize, size_t nsize);
void lsim_alloc_drain(struct lsim *rt);

struct lsim {
  lua_State *L;               /* the main state */
  struct sim *sim;            /* the simulation */
  struct lsim_options opt;    /* options, as given */
  char *script;               /* scenario path as given */
  char *script_dir;           /* its directory, for require */
  GPtrArray *hosts;           /* struct host * (owned) */
  GPtrArray *links;           /* struct llink * (owned, lsim_topo.c) */
  GPtrArray *buses;           /* struct lbus * (owned, lsim_topo.c) */
  GPtrArray *caps;            /* struct capture * (owned) */
  GHashTable *names;          /* topology names in use -> kind string */
  uint32_t next_mac;          /* last automatic MAC suffix handed out */
  char *ending;               /* how the run ended, for summary.txt */
  uint64_t handles;           /* handles pushed so far (lsim_pushhandle) */
  bool closed;                /* results written: run{} may not go on */
  GArray *watch_ip;           /* with watch: each host's IP datagrams
                                 (received + sent) when it began */
  GHashTable *watch;          /* while a livelock is suspected: what ran
                                 (label -> count as pointer), else NULL */
  size_t mem_used;            /* bytes the Lua heap holds */
  struct lsim_alloc alloc;    /* freed blocks kept for reuse */
  bool mem_hit;               /* the allocator refused for the cap */
  bool mem_armed;             /* the cap applies: set once the runtime's
                                 own set-up is done (the scenario's heap) */
  size_t mem_base;            /* the process's heap when armed: the cap
                                 counts the heap's growth from there, so
                                 what the simulator holds in C counts too
                                 (sim/engine/memuse.h) */
  uint32_t mem_ticks;         /* hook ticks since the heap was measured */
  uint64_t slice_ticks;       /* hook ticks in the current Lua slice */
  char *error;                /* first error raised inside an event */
  bool running;               /* inside run{} */
  bool ran;                   /* run{} was called at least once */
  bool topo_recorded;         /* topology.csv is written */
  struct lsim_thread main;    /* the main thread's extra space */
  GPtrArray *lprocs;          /* struct lproc * (owned) */
  const struct lsim_progress *progress; /* progress display, or NULL */
  int last_errno;             /* errno of the last failed call made
                                 outside any process (perror) */
  struct lsim_report *report; /* param() and report{} state (lsim_report.c),
                                 owned by the Lua state */
  GByteArray *scratch;        /* read/recv buffer, reused (lsim_scratch) */
  GHashTable *fnames;         /* lua_CFunction -> registered name, for
                                 calls.csv (lsim_results_note_func) */
  GHashTable *stdio;          /* "host.pid.name" -> FILE * of a process's
                                 standard output (lsim_stdio.c), or NULL */
  int64_t epoch;              /* the wall clock at simulated time 0,
                                 seconds since 1970 (lsim_clock.c) */
  struct exec_world *exec;    /* real programs (host:exec), or NULL */
  struct lsim_lender *lenders; /* strings lent to socket buffers now
                                  (lsim_fd.c), newest first */
  struct lsim_lender *lenders_done; /* ... released: their registry
                                  references still to drop or reuse */
  const void *buf_mt;         /* the read buffers' metatable, kept by the
                                 registry (lsim_buf.c) */
};

/* The epoch unless run{epoch=} says otherwise: 1994-01-30 00:00 UTC, the
 * date on the primer's draft. */
#define LSIM_EPOCH_DEFAULT 759888000

/* NULL if the run's memory (the process heap's growth since the cap was
 * armed: Lua's heap and the simulator's C structures) is within
 * --max-memory; else the message that says by how much it is not (to
 * g_free). Measured once per batch of events, and every
 * LSIM_MEM_TICKS hook ticks of Lua. (lsim.c) */
char *lsim_memory_over(struct lsim *rt);
#define LSIM_MEM_TICKS 64

/* The error message on top of L, given the place (file:line) of the
 * innermost Lua code on co's stack (from level) if it has none, and the
 * scenario line that called load()-made code if that is where it was
 * raised. (lsim_where.c) */
void lsim_where_fix(lua_State *L, lua_State *co, int level);

/* A lua_pcall message handler that applies lsim_where_fix. */
int lsim_msgh(lua_State *L);

/* Instruction-count hook period: the hook runs every this many. */
#define LSIM_HOOK_PERIOD 1000

/* Lua's generational collector: a minor collection when the heap has grown
 * by LSIM_GC_MINORMUL percent since the last one (Lua's default 20, at
 * most 255), a major one when it has grown by LSIM_GC_MAJORMUL percent
 * since the last major (default 100). Every minor collection re-traverses
 * every coroutine (processes), so with many processes rarer ones are
 * cheaper; the garbage is the strings read() returns, which die young.
 * W2 (200 processes): 219.3 -> 207.4 M instructions (propagatemark 12.0
 * -> 1.5 M), peak RSS 11.4 -> 12.3 MB; see lsim.c. */
#define LSIM_GC_MINORMUL 200
#define LSIM_GC_MAJORMUL 500

/* The runtime, kept as upvalue 1 of every function we register. */
#define LSIM_RT(L) ((struct lsim *)lua_touserdata((L), lua_upvalueindex(1)))

/* A buffer of at least len bytes that read and recv fill before pushing
 * the bytes as a string. Owned by rt and reused by the next call: use it
 * only until the next lsim_scratch. */
void *lsim_scratch(struct lsim *rt, size_t len);

/* Registers funcs in the table at the top of the stack, each with rt as
 * upvalue 1. */
void lsim_setfuncs(lua_State *L, struct lsim *rt, const luaL_Reg *funcs);

/* Creates the metatable `tname` with __index = methods and __tostring;
 * methods get rt as upvalue 1. Leaves nothing on the stack. */
void lsim_newclass(lua_State *L, struct lsim *rt, const char *tname,
                   const luaL_Reg *methods, lua_CFunction tostring);

/* Pushes a new userdata of class tname holding ptr; its user value 1 is
 * its serial, the runtime's count of handles so far. */
void lsim_pushhandle(lua_State *L, const char *tname, void *ptr);

/* The serial of the handle at index i (lsim_pushhandle), or 0 for any
 * other value: the order pairs() visits runtime objects in. */
uint64_t lsim_handle_serial(lua_State *L, int i);

/* The pointer held by the userdata at i, which must be of class tname. */
void *lsim_checkhandle(lua_State *L, int i, const char *tname);

/* Errors unless every key of the table at t is in `allowed` (NULL ended),
 * naming the constructor, the bad key and the closest allowed one. */
void lsim_check_fields(lua_State *L, int t, const char *what,
                       const char *const allowed[]);

/* Field readers for constructor tables. Each errors with "what: field:
 * problem" when the value is present but bad; `present` (may be NULL) says
 * whether it was there; absent fields leave *out untouched. */
bool lsim_field_time(lua_State *L, int t, const char *what, const char *f,
                     sim_time_t *out);
bool lsim_field_rate(lua_State *L, int t, const char *what, const char *f,
                     double *out);
bool lsim_field_size(lua_State *L, int t, const char *what, const char *f,
                     uint64_t *out);
bool lsim_field_length(lua_State *L, int t, const char *what, const char *f,
                       double *out);
bool lsim_field_prob(lua_State *L, int t, const char *what, const char *f,
                     double *out);
bool lsim_field_uint(lua_State *L, int t, const char *what, const char *f,
                     uint64_t lo, uint64_t hi, uint64_t *out);
const char *lsim_field_string(lua_State *L, int t, const char *what,
                              const char *f);

/* A time argument at stack index i: seconds as a number, or "5ms". */
sim_time_t lsim_checktime(lua_State *L, int i);

/* Checks and claims a topology name: non-empty, [A-Za-z0-9_.-] only, not
 * used before. Errors naming the value otherwise. */
void lsim_claim_name(lua_State *L, struct lsim *rt, const char *what,
                     const char *name);

/* Opens <out>/<name>.pcap when --pcap is on; NULL otherwise. Errors in L
 * if the file cannot be created. */
struct capture *lsim_open_capture(lua_State *L, struct lsim *rt,
                                  const char *name, uint32_t linktype);

/* Opens <out>/trace.txt when --trace is on. False after printing why
 * if it cannot be created. */
bool lsim_open_trace(struct lsim *rt);

/* Where the calling thread's last errno is kept: its process's, or the
 * runtime's for the scenario itself. */
int *lsim_errno_slot(lua_State *L);

/* Pushes nil, "ENAME", bsd_number for a negative errno and records it as
 * the caller's errno (perror); returns 3. */
int lsim_push_errno(lua_State *L, int err);

/* What a blocking call returns when a signal broke its sleep
 * (PROC_WAKE_SIGNAL): nil, "EINTR", 4, and then `restart`, true when the
 * call should be made again after the handlers ran (4.4BSD's ERESTART,
 * with SA_RESTART) rather than fail with EINTR. The signal glue
 * (lsim_register_syscalls, lsim_proc.c) wraps blocking calls, runs the
 * handlers, and restarts the call or hands EINTR to the scenario.
 * Returns LSIM_INTR_NRES. */
#define LSIM_INTR_NRES 4
int lsim_push_intr(lua_State *L, bool restart);

/* The label for print and errors of the running code: "monet:rlogin" in a
 * process, NULL at top level. */
const char *lsim_current_label(lua_State *L);

/* Records the first error raised inside an event; later events see
 * rt->error and do nothing; run{} raises it. Takes the message at the top
 * of L's stack (and pops it), adding `where` ("process monet:x"). */
void lsim_event_error(struct lsim *rt, lua_State *L, int status,
                      const char *where);

/* Attaches h to the medium described by the iface spec table at `spec`
 * ({ medium, "addr", at = "100m", mac = "..." }, address read by the
 * caller); what names it in errors. Returns the new interface. */
struct netif *lsim_attach(lua_State *L, struct lsim *rt, struct host *h,
                          int spec, const char *what);

/* Gives stations attached without at= their positions (first run{}). */
void lsim_place_stations(struct lsim *rt);

/* Writes topology.csv's rows (media, hosts, interfaces) once, when the
 * first run{} starts (the stations placed); nothing without a recorder.
 * (lsim_topo.c) */
void lsim_record_topology(struct lsim *rt);

/* Recomputes the automatic routes of every host (autoroute) or removes
 * them (run{ autoroute = false }). Called at each run{}. */
void lsim_set_routes(struct lsim *rt, bool autoroute);

/* host{} and gateway{}: builds a host from the table at index 1 (what
 * is "host" or "gateway") and pushes its handle. */
int lsim_new_host(lua_State *L, const char *what, bool forwarding);
/* The scenario's network databases (lsim_netdb.c). */
struct netdb *lsim_netdb(lua_State *L);

/* host:exec (lsim_exec.c): registers the method; lsim_exec_close ends
 * every real program still running (before the Lua state goes). */
void lsim_open_exec(lua_State *L, struct lsim *rt);
void lsim_exec_close(struct lsim *rt);

/* Starts a process running the function at stack index fn: a new one on
 * h named name (host:spawn), or, when parent is not NULL, a child of
 * parent (fork; h and name are then the parent's). Leaves the stack as it
 * was. (lsim_host.c) */
struct lproc *lsim_start_proc(lua_State *L, struct lsim *rt, struct host *h,
                              const char *name, int fn, struct proc *parent);

/* Registers funcs in the table at the top of the stack (like
 * lsim_setfuncs: each gets rt as upvalue 1) as system calls: each is
 * wrapped so that, when a process calls it,
 *  1. if it returns lsim_push_intr(L, restart) (its sleep was broken by
 *     a signal), the handlers of the pending signals run, as Lua, in the
 *     process's coroutine (they may block), and then the call is made
 *     again with the same arguments when restart is true and the first
 *     signal's handler has SA_RESTART (siginterrupt was not called);
 *     otherwise the caller gets nil, "EINTR", 4;
 *  2. after any other return, pending signals (sent by the process to
 *     itself, an alarm that fired, ...) are delivered before the results
 *     reach the caller; a signal that terminates ends the process there.
 * Errors raised by a wrapped function get the caller's file:line and the
 * registered name ("bad argument #1 to 'kill'"), as if it were called
 * directly. Outside a process the function is called as is (it reports
 * its own "only a process" error). A wrapped function must be able to
 * run again from the start after returning lsim_push_intr(L, true): it
 * may only do that when it has changed nothing yet (4.4BSD: nothing
 * transferred). (lsim_proc.c) */
void lsim_register_syscalls(lua_State *L, struct lsim *rt,
                            const luaL_Reg *funcs);

/* Yields the calling process, which has just gone to sleep, to k with
 * ctx (lua_yieldk), by way of the system-call wrapper when the call runs
 * on its direct path. Every sleep of a registered system call yields
 * through here (lsim_sys_block). (lsim_proc.c) */
int lsim_sys_yield(lua_State *L, lua_KContext ctx, lua_KFunction k);

/* Per-file registration. */
void lsim_open_run(lua_State *L, struct lsim *rt);    /* run, at, now, print */
void lsim_open_topo(lua_State *L, struct lsim *rt);   /* ethernet, link */
void lsim_open_host(lua_State *L, struct lsim *rt);   /* host, spawn, sleep */
void lsim_open_rng(lua_State *L, struct lsim *rt);    /* rng, math.random */
void lsim_open_inet(lua_State *L, struct lsim *rt);   /* gateway, route */
void lsim_open_netdb(lua_State *L, struct lsim *rt);  /* gethostbyname, ... */

/* host{}'s aliases field (table at t) into the hosts database; errors
 * naming the host on a bad or taken name. */
void lsim_netdb_host(lua_State *L, struct host *h, int t);
void lsim_open_sock(lua_State *L, struct lsim *rt);   /* socket calls, AF_* */
void lsim_open_fd(lua_State *L, struct lsim *rt);     /* close, dup, ioctl */
void lsim_open_buf(lua_State *L, struct lsim *rt);    /* buffer */

/* write() and send() of a Lua string lend it to the socket layer instead
 * of copying it (struct pbuf_owner, sim/engine/pbuf.h): lsim_lend() gives
 * the lender of the string at stack index idx (s[0..len) its bytes),
 * holding one reference for the caller, or NULL when the runtime is
 * closing (then the call copies); lsim_lend_done() drops the caller's
 * reference after the system call. The registry keeps the string alive
 * while pieces of it sit in socket buffers. (lsim_fd.c) */
struct lsim_lender;
struct pbuf_owner *lsim_lend(lua_State *L, int idx, const char *s,
                             size_t len);
void lsim_lend_done(struct pbuf_owner *o);

/* Before lua_close: every string still lent is copied for the pieces
 * that borrow it (pbuf_owner_detach), which from then on no longer touch
 * Lua. (lsim_fd.c) */
void lsim_lend_close(struct lsim *rt);
void lsim_open_if(lua_State *L, struct lsim *rt);     /* SIOCGIF*, IFF_* */
void lsim_open_clock(lua_State *L, struct lsim *rt);  /* time, gettimeofday */

/* run{}'s epoch field (table at t), if there, as the wall clock's epoch;
 * an error naming the value when it is not a time_t, or when an earlier
 * run{} already ran from another epoch. (lsim_clock.c) */
void lsim_clock_epoch(lua_State *L, struct lsim *rt, int t);
void lsim_open_fs(lua_State *L, struct lsim *rt);     /* open, stat, O_* */

/* The calls that may block (accept, connect, read, write, send, sendto,
 * recv, recvfrom, bsdselect), NULL-ended; lsim_open_sock registers them.
 * Each returns lsim_push_intr() when a signal ends its sleep. */
extern const luaL_Reg lsim_sock_blocking[];
void lsim_open_proc(lua_State *L, struct lsim *rt);   /* fork, kill, ... */
void lsim_open_report(lua_State *L, struct lsim *rt); /* param, report, seed */
void lsim_open_pairs(lua_State *L, struct lsim *rt);  /* next, pairs */
void lsim_open_series(lua_State *L, struct lsim *rt); /* series, plot */
void lsim_open_tty(lua_State *L, struct lsim *rt);    /* terminals, termios */

/* ioctl(fd, TIOCGETP) -> the sgttyb table; ioctl(fd, TIOCSETP, t). */
int lsim_ioctl_sgttyb(lua_State *L, int fd, uint32_t req);

/* The terminal handle at i (h:terminal{}), else a Lua error. */
struct tty *lsim_check_terminal(lua_State *L, int i);

/* ---- lsim_stdio.c: processes' standard output ---- */

/* Points h's standard output (hosts/cons.h) at the runtime: printed as is
 * unless quiet, and kept in <out>/stdout/<host>.<pid>.<name>. */
void lsim_stdio_hook(struct lsim *rt, struct host *h);

/* Closes the files of lsim_stdio_hook. */
void lsim_stdio_close(struct lsim *rt);

/* ---- lsim_results.c: the results recorder ---- */

/* Opens the recorder into the output directory when recording is on.
 * False after printing why if it cannot. */
bool lsim_results_start(struct lsim *rt);

/* Writes the derived results and closes the recorder (sim->rec becomes
 * NULL). False after printing why if a write failed. */
bool lsim_results_finish(struct lsim *rt);

/* Remembers that f is registered as name (the call column of calls.csv). */
void lsim_results_note_func(struct lsim *rt, lua_CFunction f, const char *name);

/* Records the calling process's failed call (calls.csv) when recording;
 * called by lsim_push_errno. */
void lsim_results_call_error(lua_State *L, int err);

/* tcp_info(s). */
void lsim_open_results(lua_State *L, struct lsim *rt);

/* Class names. */
#define LSIM_ETHERNET "ipcsim.ethernet"
#define LSIM_LINK     "ipcsim.link"
#define LSIM_HOST     "ipcsim.host"
#define LSIM_IFACE    "ipcsim.iface"
#define LSIM_RNG      "ipcsim.rng"

/* Erases the progress display, if any, before printing on stderr. */
static inline void lsim_progress_clear(struct lsim *rt)
{
  if (rt->progress)
    rt->progress->clear(rt->progress->ud);
}

/* Counts one run of `what` (a process label) while a livelock is
 * suspected (lsim_run.c); nothing otherwise. */
static inline void lsim_watch(struct lsim *rt, const char *what)
{
  if (G_UNLIKELY(rt->watch != NULL)) {
    gpointer n = g_hash_table_lookup(rt->watch, what);
    g_hash_table_insert(rt->watch, (gpointer)what,
                        GSIZE_TO_POINTER(GPOINTER_TO_SIZE(n) + 1));
  }
}

/* Records how the run ended (the first call wins): printf-style. */
void lsim_set_ending(struct lsim *rt, const char *fmt, ...)
  G_GNUC_PRINTF(2, 3);

/* "interrupted by SIGINT", when lsim_interrupt() was called; else NULL. */
const char *lsim_interrupt_text(void);

/* The runtime made progress: beats the caller's heartbeat, if any. */
static inline void lsim_beat(struct lsim *rt)
{
  if (rt->opt.heartbeat)
    g_atomic_int_inc(rt->opt.heartbeat);
}

#endif
