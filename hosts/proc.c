/* hosts/proc.c: process records, sleep/wakeup, and the process tree:
 * fork, exit, zombies and their reaping, process groups (see proc.h).
 * Sleepers are kept per host in a table from channel to a queue of
 * processes (sleepq.c), so a wakeup costs O(sleepers on that channel),
 * never a scan of all processes. Runs are events at the current time, so wakeups keep
 * FIFO order. Read: 4.4BSD kern_synch.c, kern_fork.c, kern_exit.c
 * (exit1, wait4), kern_prot.c (setpgid). */
#include "proc.h"
#include "fdtab.h"
#include "host.h"

#include <limits.h>
#include <errno.h>
#include <stddef.h>

/* The process whose slink is l. */
#define PROC_OF_SLINK(l) \
  ((struct proc *)(void *)((char *)(l) - offsetof(struct proc, slink)))

static void run_event(void *a, void *b)
{
  struct proc *p = a;
  p->run_ev = 0;
  if (p->state == PROC_RUNNABLE)
    p->resume(p, p->resume_ctx);
}

static void make_runnable(struct proc *p, enum proc_wake why)
{
  struct sim *sim = p->host->sim;
  p->state = PROC_RUNNABLE;
  p->wake = why;
  if (!p->run_ev)
    p->run_ev = sched_after(sim->sched, 0, run_event, p, NULL);
}

/* Removes p from its channel's queue of sleepers. */
static void unlink_sleeper(struct proc *p)
{
  sleepq_unlink(&p->host->sleepq, p->wchan, &p->slink);
  p->wchan = NULL;
}

static void timeout_event(void *a, void *b)
{
  struct proc *p = a;
  p->timeout_ev = 0;
  if (p->state != PROC_SLEEPING)
    return;
  if (p->wchan)
    unlink_sleeper(p);
  make_runnable(p, PROC_WAKE_TIMEOUT);
}

struct proc *proc_new(struct host *h, const char *name,
                      proc_resume_fn resume, void *ctx)
{
  struct proc *p = g_new0(struct proc, 1);
  p->host = h;
  p->pid = ++h->last_pid;
  p->name = g_strdup(name);
  p->label = g_strdup_printf("%s:%s", h->name, name);
  p->resume = resume;
  p->resume_ctx = ctx;
  p->pgrp = p->pid;
  p->sid = p->pid;
  p->fd = fdtab_new(FDTAB_OPEN_MAX);
  sig_init(&p->sig);
  p->children = g_ptr_array_new();
  g_ptr_array_add(h->procs, p);
  h->nprocs++;
  make_runnable(p, PROC_WAKE_NONE);
  return p;
}

/* Processes of h that exist and run as uid. */
static int uid_procs(const struct host *h, int uid)
{
  int n = 0;
  for (guint i = 0; i < h->procs->len; i++) {
    const struct proc *p = g_ptr_array_index(h->procs, i);
    n += p->uid == uid && !(p->state == PROC_EXITED && p->reaped);
  }
  return n;
}

int proc_fork_check(const struct host *h, int uid)
{
  if ((h->nprocs >= PROC_MAXPROC - 1 && uid != 0) ||
      h->nprocs >= PROC_MAXPROC)
    return -EAGAIN;
  /* Fewer processes in all than the per-uid limit: no need to count. */
  if (uid != 0 && h->nprocs >= PROC_MAXUPRC &&
      uid_procs(h, uid) >= PROC_MAXUPRC)
    return -EAGAIN;
  return 0;
}

struct proc *proc_fork(struct proc *parent, proc_resume_fn resume,
                       void *ctx)
{
  g_return_val_if_fail(parent->state != PROC_EXITED, NULL);
  struct proc *c = proc_new(parent->host, parent->name, resume, ctx);
  c->uid = parent->uid;
  c->pgrp = parent->pgrp;
  c->sid = parent->sid;
  c->ctty = parent->ctty;
  fdtab_free(c->fd);
  c->fd = fdtab_copy(parent->fd);
  sig_fork(&c->sig, &parent->sig);
  c->pptr = parent;
  g_ptr_array_add(parent->children, c);
  return c;
}

void proc_tsleep(struct proc *p, const void *chan, sim_time_t timeout)
{
  g_return_if_fail(p->state == PROC_RUNNABLE);
  struct sim *sim = p->host->sim;
  p->state = PROC_SLEEPING;
  p->wake = PROC_WAKE_NONE;
  p->sleep_intr = false;
  p->wchan = chan;
  if (chan)
    sleepq_insert(&p->host->sleepq, chan, &p->slink);
  if (timeout > 0)
    p->timeout_ev = sched_after(sim->sched, timeout, timeout_event, p,
                                NULL);
}

void proc_tsleep_intr(struct proc *p, const void *chan, sim_time_t timeout)
{
  proc_tsleep(p, chan, timeout);
  p->sleep_intr = true;
  if (sig_wakes(p))
    proc_setrunnable(p, PROC_WAKE_SIGNAL);
}

void proc_setrunnable(struct proc *p, enum proc_wake why)
{
  if (p->state != PROC_SLEEPING)
    return;
  if (p->wchan)
    unlink_sleeper(p);
  sched_cancel(p->host->sim->sched, p->timeout_ev);
  p->timeout_ev = 0;
  make_runnable(p, why);
}

void proc_yield(struct proc *p)
{
  g_return_if_fail(p->state == PROC_RUNNABLE);
  make_runnable(p, PROC_WAKE_NONE);
}

/* Makes the sleepers from l on (taken off their channel) runnable, in
 * order; returns how many. Out of line, so that a wakeup that finds
 * nobody (most do: every socket wakeup also wakes the select channel)
 * is a probe and a return. */
static __attribute__((noinline)) int wake_list(struct host *h,
                                               struct sleepq_link *l)
{
  int n = 0;
  for (; l; l = l->next, n++) {
    struct proc *p = PROC_OF_SLINK(l);
    p->wchan = NULL;
    if (p->timeout_ev) {           /* most sleeps have no timeout */
      sched_cancel(h->sim->sched, p->timeout_ev);
      p->timeout_ev = 0;
    }
    make_runnable(p, PROC_WAKE_CHANNEL);
  }
  return n;
}

int proc_wakeup(struct host *h, const void *chan)
{
  struct sleepq_link *l = sleepq_take(&h->sleepq, chan);
  return l ? wake_list(h, l) : 0;
}

void proc_abandon(struct proc *p)
{
  struct sim *sim = p->host->sim;
  if (p->state == PROC_SLEEPING && p->wchan)
    unlink_sleeper(p);
  sched_cancel(sim->sched, p->timeout_ev);
  sched_cancel(sim->sched, p->run_ev);
  p->timeout_ev = p->run_ev = 0;
  sig_exit(p);
}

/* Exited p is collected: it no longer exists. */
static void set_gone(struct proc *p)
{
  p->reaped = true;
  p->host->nprocs--;
}

/* Takes c off its parent's list: nobody waits for it. A zombie is gone;
 * a live orphan is collected when it exits. */
static void reap(struct proc *c)
{
  if (c->pptr)
    g_ptr_array_remove(c->pptr->children, c);
  c->pptr = NULL;
  if (c->state == PROC_EXITED)
    set_gone(c);
}

/* p's children go to "init": zombies are reaped, the others orphaned. */
static void orphan_children(struct proc *p)
{
  while (p->children->len)
    reap(g_ptr_array_index(p->children, 0));
}

void proc_exit_status(struct proc *p, int xstat)
{
  if (p->state == PROC_EXITED)
    return;
  proc_abandon(p);
  p->state = PROC_EXITED;
  p->wchan = NULL;
  p->xstat = xstat;
  struct fdtab *fd = g_steal_pointer(&p->fd);
  fdtab_free(fd);                  /* may wake others: p is gone already */
  orphan_children(p);
  struct proc *pp = p->pptr;
  if (!pp) {
    set_gone(p);
    return;
  }
  sig_psignal(pp, BSD_SIGCHLD);
  proc_wakeup(p->host, pp);
}

void proc_exit(struct proc *p)
{
  proc_exit_status(p, BSD_W_EXITCODE(0, 0));
}

struct proc *proc_find(const struct host *h, int pid)
{
  for (guint i = 0; i < h->procs->len; i++) {
    struct proc *p = g_ptr_array_index(h->procs, i);
    if (p->pid == pid)
      return p->reaped ? NULL : p;
  }
  return NULL;
}

bool proc_inferior(const struct proc *p, const struct proc *q)
{
  for (; p; p = p->pptr)
    if (p == q)
      return true;
  return false;
}

/* Whether child c matches wait4's pid argument in parent p. */
static bool wait_matches(const struct proc *p, const struct proc *c, int pid)
{
  if (pid == -1)
    return true;
  if (pid > 0)
    return c->pid == pid;
  if (pid == INT_MIN)             /* -pid overflows; no group has it */
    return false;
  return c->pgrp == (pid == 0 ? p->pgrp : -pid);
}

int proc_reap(struct proc *p, int pid, int *status)
{
  int found = 0;
  for (guint i = 0; i < p->children->len; i++) {
    struct proc *c = g_ptr_array_index(p->children, i);
    if (!wait_matches(p, c, pid))
      continue;
    found++;
    if (c->state == PROC_EXITED) {
      *status = c->xstat;
      reap(c);
      return c->pid;
    }
  }
  return found ? 0 : -ECHILD;
}

/* Whether a live (not exited) process of h is in group pgrp. */
static bool pgrp_exists(const struct host *h, int pgrp)
{
  for (guint i = 0; i < h->procs->len; i++) {
    const struct proc *p = g_ptr_array_index(h->procs, i);
    if (p->state != PROC_EXITED && p->pgrp == pgrp)
      return true;
  }
  return false;
}

int proc_setpgid(struct proc *cp, int pid, int pgid)
{
  struct proc *t = cp;
  if (pid != 0 && pid != cp->pid) {
    t = proc_find(cp->host, pid);
    if (!t || !proc_inferior(t, cp))
      return -ESRCH;
  }
  if (pgid == 0)
    pgid = t->pid;
  else if (pgid != t->pid && !pgrp_exists(cp->host, pgid))
    return -EPERM;
  t->pgrp = pgid;
  return 0;
}

void proc_free(struct proc *p)
{
  if (!p)
    return;
  fdtab_free(p->fd);
  g_ptr_array_free(p->children, TRUE);
  g_free(p->name);
  g_free(p->label);
  g_free(p);
}

int proc_setsid(struct proc *p)
{
  if (pgrp_exists(p->host, p->pid))
    return -EPERM;
  p->sid = p->pgrp = p->pid;
  p->ctty = NULL;
  return p->pid;
}
