/* hosts/proc.h: processes and BSD-style sleep/wakeup.
 *
 * A process sleeps on a wait channel (any address: a socket's buffer, an
 * interface's receive queue) as 4.4BSD's tsleep() does, optionally with a
 * timeout, and proc_wakeup(chan) makes every process sleeping on chan
 * runnable at the current simulated time. What "running" a process means
 * is not known here: the runtime that owns processes (the Lua runtime, or
 * a test) gives a resume function, and is called back from an event.
 * Nothing here knows Lua. Read: 4.4BSD kern_synch.c's tsleep/wakeup. */
#ifndef IPCSIM_PROC_H
#define IPCSIM_PROC_H

#include <stdbool.h>
#include "sig.h"
#include "sim.h"
#include "sleepq.h"

struct host;
struct proc;
struct fdtab;
struct tty;

enum proc_state {
  PROC_RUNNABLE,              /* will be (or is being) run */
  PROC_SLEEPING,              /* waiting on a channel and/or a timeout */
  PROC_EXITED,                /* finished */
};

/* Why a sleeping process was made runnable. */
enum proc_wake {
  PROC_WAKE_NONE,             /* not woken yet / started */
  PROC_WAKE_CHANNEL,          /* proc_wakeup() on its channel */
  PROC_WAKE_TIMEOUT,          /* the timeout expired (tsleep's EWOULDBLOCK) */
  PROC_WAKE_SIGNAL,           /* a signal broke an interruptible sleep */
};

/* Called from an event when p should run. The callee runs it until it
 * sleeps again (proc_tsleep) or exits (proc_exit). */
typedef void (*proc_resume_fn)(struct proc *p, void *ctx);

struct proc {
  struct host *host;          /* where it runs */
  int pid;                    /* per-host, from 1 */
  char *name;                 /* "rlogin", for prints and traces */
  char *label;                /* "monet:rlogin", for prints and traces */
  enum proc_state state;      /* see enum */
  const void *wchan;          /* channel slept on, or NULL */
  struct sleepq_link slink;   /* in that channel's queue (sleepq.h) */
  enum proc_wake wake;        /* why it was last made runnable */
  sched_event_id timeout_ev;  /* pending timeout event, or 0 */
  sched_event_id run_ev;      /* pending run event, or 0 */
  proc_resume_fn resume;      /* the owner's runner */
  void *resume_ctx;           /* its context */
  bool sleep_intr;            /* this sleep may be broken by a signal */
  struct fdtab *fd;           /* descriptor table (owned) */
  int uid;                    /* user id; 0 is root (reserved ports, raw) */
  int pgrp;                   /* process group (defaults to the pid) */
  int sid;                    /* session: its leader's pid (setsid) */
  struct tty *ctty;           /* controlling terminal (tty.h), or NULL */
  struct sigstate sig;        /* signals (hosts/sig.h) */
  struct proc *pptr;          /* parent; NULL when spawned or orphaned */
  GPtrArray *children;        /* struct proc *, forked and not reaped */
  int xstat;                  /* wait status word, once exited */
  bool reaped;                /* exited and collected, or nobody will */
};

/* A new process on h, runnable now (its resume function will be called
 * from an event at the current time). name is copied. It starts as root
 * (uid 0; the caller may set p->uid) in its own process group, with an
 * empty descriptor table of FDTAB_OPEN_MAX entries. */
struct proc *proc_new(struct host *h, const char *name,
                      proc_resume_fn resume, void *ctx);

/* Puts p to sleep on chan (may be NULL: timeout only) for at most timeout
 * (0 = no timeout). The caller must then stop running p (yield). */
void proc_tsleep(struct proc *p, const void *chan, sim_time_t timeout);

/* As proc_tsleep, but a signal posted to p ends the sleep early with
 * p->wake == PROC_WAKE_SIGNAL (4.4BSD's PCATCH). The caller then returns
 * EINTR or restarts the call. When such a signal is pending already
 * (sig_wakes), p is made runnable at once with PROC_WAKE_SIGNAL, as
 * tsleep checks CURSIG before it sleeps. */
void proc_tsleep_intr(struct proc *p, const void *chan, sim_time_t timeout);

/* Keeps p runnable but lets every event already due now run first (a
 * sleep of zero). The caller must then stop running p (yield). */
void proc_yield(struct proc *p);

/* Makes every process on h sleeping on chan runnable now. Returns how many
 * were woken. */
int proc_wakeup(struct host *h, const void *chan);

/* proc_exit_status(p, 0): exit(0). */
void proc_exit(struct proc *p);

/* exit(): p finishes with wait status xstat (BSD_W_EXITCODE). Its
 * pending events and its alarm are cancelled and all its descriptors are
 * closed now. Its children are orphaned (their zombies reaped at once).
 * With a live parent p becomes a zombie: the parent gets SIGCHLD and any
 * wait() of it is woken (proc_wakeup on the parent). Without one (a
 * spawned process, or an orphan) it is reaped at once, as init would.
 * The host keeps the struct until host_free(). Does nothing to a process
 * that has exited already. */
void proc_exit_status(struct proc *p, int xstat);

/* The process table's limits, 4.4BSD's: maxproc is NPROC = 20 + 16 *
 * MAXUSERS with maxusers 32 (conf/param.c), and RLIMIT_NPROC's default is
 * MAXUPRC = CHILD_MAX (kern/init_main.c, sys/syslimits.h). */
#define PROC_MAXPROC 532
#define PROC_MAXUPRC 40

/* Whether a process running as uid may create another on h (4.4BSD
 * fork1): 0, or -EAGAIN when h has PROC_MAXPROC processes (root) or one
 * fewer (anyone else), or uid (not root) already runs PROC_MAXUPRC.
 * Zombies count until they are collected. Callers of proc_new and
 * proc_fork check first. */
int proc_fork_check(const struct host *h, int uid);

/* fork(): a child of parent on its host, runnable now, run by resume(ctx).
 * It has the parent's name, uid, process group and signal dispositions
 * and mask (sig_fork), and a copy of its descriptor table (each open file
 * referenced once more, fdtab_copy). parent must not have exited. */
struct proc *proc_fork(struct proc *parent, proc_resume_fn resume,
                       void *ctx);

/* Makes a sleeping p runnable now, with reason why: off its channel, its
 * timeout cancelled (signal posting uses this). No-op unless sleeping. */
void proc_setrunnable(struct proc *p, enum proc_wake why);

/* The process pid of h, zombies included, or NULL (gone or reaped). */
struct proc *proc_find(const struct host *h, int pid);

/* Whether p is q or one of q's descendants (4.4BSD inferior()). */
bool proc_inferior(const struct proc *p, const struct proc *q);

/* The check of wait4(): among p's children matching pid (-1 any, > 0
 * that pid, 0 p's group, < -1 group -pid), reaps the first zombie, storing
 * its status in *status; returns its pid. Returns 0 when matching
 * children exist but none has exited, -ECHILD when there is none. The
 * caller sleeps on p itself (proc_tsleep_intr) to wait for an exit. */
int proc_reap(struct proc *p, int pid, int *status);

/* setpgid(2) from cp: moves pid (0 = cp) into group pgid (0 = its own
 * pid). Returns 0, -ESRCH (pid is neither cp nor one of its
 * descendants), -EPERM (pgid is not the target's pid and no live process
 * of the host is in group pgid; so for any pgid < 0, as in 4.4BSD-Lite,
 * which has no EINVAL check). No sessions are modelled. */
int proc_setpgid(struct proc *cp, int pid, int pgid);

/* setsid(2): p leads a new session and a new group (both its pid), with
 * no controlling terminal. Returns the pid, or -EPERM when p's pid is
 * already a process group's (p is a group leader, as every spawned
 * process is: fork first). */
int proc_setsid(struct proc *p);

/* Host teardown: cancels p's events and takes it off its channel, with
 * none of exit's effects (no signals, no wakeups). host_free() calls it
 * before freeing the processes. */
void proc_abandon(struct proc *p);

/* Frees p (its host calls this). */
void proc_free(struct proc *p);

#endif
