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
#include "sim.h"

struct host;
struct proc;
struct fdtab;

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
  enum proc_wake wake;        /* why it was last made runnable */
  sim_event_id timeout_ev;    /* pending timeout event, or 0 */
  sim_event_id run_ev;        /* pending run event, or 0 */
  proc_resume_fn resume;      /* the owner's runner */
  void *resume_ctx;           /* its context */
  bool sleep_intr;            /* this sleep may be broken by a signal */
  struct fdtab *fd;           /* descriptor table (owned) */
  int uid;                    /* user id; 0 is root (reserved ports, raw) */
  int pgrp;                   /* process group (defaults to the pid) */
};

/* A new process on h, runnable now (its resume function will be called
 * from an event at the current time). name is copied. It runs as root
 * (uid 0) in its own process group, with an empty descriptor table of
 * FDTAB_OPEN_MAX entries. */
struct proc *proc_new(struct host *h, const char *name,
                      proc_resume_fn resume, void *ctx);

/* Puts p to sleep on chan (may be NULL: timeout only) for at most timeout
 * (0 = no timeout). The caller must then stop running p (yield). */
void proc_tsleep(struct proc *p, const void *chan, sim_time_t timeout);

/* As proc_tsleep, but a signal posted to p ends the sleep early with
 * p->wake == PROC_WAKE_SIGNAL (4.4BSD's PCATCH). The caller then returns
 * EINTR or restarts the call. */
void proc_tsleep_intr(struct proc *p, const void *chan, sim_time_t timeout);

/* Keeps p runnable but lets every event already due now run first (a
 * sleep of zero). The caller must then stop running p (yield). */
void proc_yield(struct proc *p);

/* Makes every process on h sleeping on chan runnable now. Returns how many
 * were woken. */
int proc_wakeup(struct host *h, const void *chan);

/* Marks p finished, cancels its pending events and closes its
 * descriptors (p->fd becomes NULL), as 4.4BSD's exit does. The host keeps
 * the struct until host_free() (a zombie until reaped, later). */
void proc_exit(struct proc *p);

/* Frees p (its host calls this). */
void proc_free(struct proc *p);

#endif
