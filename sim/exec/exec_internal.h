/* sim/exec/exec_internal.h: what the exec files share: the simulator's
 * side of one real process (struct xproc), the request in hand, and the
 * reply being built. exec_run.c runs the loop; exec_sock.c,
 * exec_sys.c and exec_netdb.c answer the requests. Not for other
 * layers. */
#ifndef IPCSIM_EXEC_INTERNAL_H
#define IPCSIM_EXEC_INTERNAL_H

#include <sys/types.h>
#include "chan.h"
#include "chan_wait.h"
#include "exec.h"
#include "proc.h"
#include "rng.h"
#include "sim_time.h"

struct proc;

enum { XDONE, XBLOCK, XGONE };  /* what a request's handler did */

#define EXEC_START_LIMIT 30.0   /* wall seconds a program may take to load
                                   (until its first request), at least */

struct xproc {
  struct exec_world *w;       /* the runtime's hooks and databases */
  struct proc *p;             /* its simulated process */
  pid_t pid;                  /* the real process, 0 until its hello */
  int chan;                   /* the simulator's end of the socket */
  struct chan_shm *shm;       /* the shared page (mapped), or NULL */
  uint32_t seen_req;          /* req_seq of the last request read */
  struct chan_spinner spinner;/* how its spins went (chan_wait.h) */
  int out[2];                 /* read ends of its stdout, stderr pipes */
  GString *line[2];           /* a partial line of each */
  char *prog;                 /* program name, for messages */
  double limit;               /* wall seconds between calls */
  sim_time_t epoch;           /* what its clocks read at simulated 0 */
  struct chan_req req;        /* the request in hand */
  GByteArray *data;           /* its payload */
  bool pending;               /* req is asleep, not answered yet */
  bool woken;                 /* the handler runs again after a sleep */
  int64_t done;               /* a handler's progress across sleeps */
  sim_time_t deadline;        /* a handler's deadline (sleep, select) */
  struct chan_rep rep;        /* the reply being built */
  GByteArray *out_data;       /* its payload */
  int pass_fds[4];            /* descriptors the reply carries, or -1 */
  bool dead;                  /* the real process is gone or killed */
  bool nosigpipe;             /* the send in hand has MSG_NOSIGNAL */
  bool had_sigpipe;           /* SIGPIPE was pending before it */
  struct rng rng;             /* getrandom's stream (once rng_ready) */
  bool rng_ready;             /* rng is seeded */
  bool started;               /* its first hello came (a later one is an
                                 execve) */
};

/* One kind of request. */
struct xop {
  const char *name;           /* the C call, for calls.csv and messages */
  int (*fn)(struct xproc *x); /* XDONE (replied), XBLOCK (asleep), XGONE */
  bool takes_fd;              /* a[0] is a descriptor (calls.csv) */
  bool restart;               /* restarted after a handler (SA_RESTART) */
};

/* The handler of op, or NULL. (exec_ops.c) */
const struct xop *exec_op(uint32_t op);

/* Answers the request in hand with r (>= 0, or a negative errno) and
 * the payload in x->out_data; a failure is recorded in calls.csv. */
int exec_reply(struct xproc *x, int64_t r);

/* Records a failed call of op with err (a negative errno) in calls.csv,
 * with the socket's addresses when a[0] is one. (exec_record.c) */
void exec_record_error(struct xproc *x, const struct xop *op, int err);

/* Sleeps the process on wchan for at most timeout (0: none), to run the
 * handler again when woken. Returns XBLOCK. */
int exec_sleep(struct xproc *x, const void *wchan, sim_time_t timeout);

/* exec_sleep on a descriptor's channel, with its socket's SO_RCVTIMEO or
 * SO_SNDTIMEO. */
int exec_sleep_fd(struct xproc *x, int fd, const void *wchan);

/* Whether the sleep that woke the handler ended by its timeout. */
bool exec_timed_out(const struct xproc *x);

/* Stops the run: the program made a request the simulator cannot
 * answer. Kills the real process. Returns XGONE. */
int exec_refuse(struct xproc *x, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* A new xproc for a forked child of parent x (exec_spawn.c). *fds gets
 * the child's ends (socket, stdout, stderr, shared page) to pass; NULL
 * on failure. */
struct xproc *exec_fork(struct xproc *x, int fds[4]);

/* The set (bit i) of descriptors 0..2 that are the simulated host's
 * files, not stand-ins for the real standard ones (a dup2 put them
 * there). (exec_spawn.c) */
int exec_std_simulated(const struct xproc *x);

/* Prints what the program wrote so far, a partial last line too
 * (exec_flush_output), or its whole lines only (exec_drain).
 * (exec_output.c) */
void exec_flush_output(struct xproc *x);
void exec_drain(struct xproc *x);

/* The program ended (end of file on its socket): reaps it and exits its
 * process with its status. exec_close releases its descriptors and page
 * and takes it off the live list. (exec_end.c) */
void exec_finish(struct xproc *x);
void exec_close(struct xproc *x);

/* Kills and forgets the real process (SIGKILL, reaped). */
void exec_kill(struct xproc *x);

/* A signal ended connect's sleep (sys_connect_intr). */
void exec_sock_connect_intr(struct xproc *x);

/* The process's resume function (exec_run.c). */
proc_resume_fn exec_resume_fn(void);

/* The handlers, by file. */
int exec_sock_socket(struct xproc *x);
int exec_sock_bind(struct xproc *x);
int exec_sock_listen(struct xproc *x);
int exec_sock_accept(struct xproc *x);
int exec_sock_connect(struct xproc *x);
int exec_sock_read(struct xproc *x);
int exec_sock_write(struct xproc *x);
int exec_sock_sendto(struct xproc *x);
int exec_sock_recvfrom(struct xproc *x);
int exec_sock_close(struct xproc *x);
int exec_sock_shutdown(struct xproc *x);
int exec_sock_getsockname(struct xproc *x);
int exec_sock_getpeername(struct xproc *x);
int exec_sock_setsockopt(struct xproc *x);
int exec_sock_getsockopt(struct xproc *x);
int exec_sock_select(struct xproc *x);
int exec_sock_dup(struct xproc *x);
int exec_sock_dup2(struct xproc *x);
int exec_sock_ioctl(struct xproc *x);
int exec_sock_fcntl_nb(struct xproc *x);
int exec_sock_pipe(struct xproc *x);
int exec_sock_socketpair(struct xproc *x);
int exec_sock_open(struct xproc *x);
int exec_sock_listdir(struct xproc *x);
int exec_sock_mkdir(struct xproc *x);
int exec_netdb_netbyname(struct xproc *x);
int exec_sys_hello(struct xproc *x);
int exec_sys_gettime(struct xproc *x);
int exec_sys_sleep(struct xproc *x);
int exec_sys_fork(struct xproc *x);
int exec_sys_wait(struct xproc *x);
int exec_sys_getids(struct xproc *x);
int exec_sys_kill(struct xproc *x);
int exec_sys_gethostname(struct xproc *x);
int exec_sys_sigdisp(struct xproc *x);
int exec_sys_alarm(struct xproc *x);
int exec_sys_uncovered(struct xproc *x);
int exec_sys_random(struct xproc *x);
int exec_sys_sigmask(struct xproc *x);
int exec_sys_setuid(struct xproc *x);
int exec_sys_itimer(struct xproc *x);
int exec_sock_ifconf(struct xproc *x);
int exec_sock_ifioctl(struct xproc *x);
int exec_netdb_hostbyname(struct xproc *x);
int exec_netdb_hostbyaddr(struct xproc *x);
int exec_netdb_servbyname(struct xproc *x);
int exec_netdb_servbyport(struct xproc *x);

#endif
