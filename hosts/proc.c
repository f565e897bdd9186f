/* hosts/proc.c: process records and sleep/wakeup (see proc.h). Sleepers
 * are kept per host in a hash from channel to a queue of processes, so a
 * wakeup costs O(sleepers on that channel), never a scan of all processes.
 * Runs are events at the current time, so wakeups keep FIFO order. */
#include "proc.h"
#include "fdtab.h"
#include "host.h"

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
    p->run_ev = sim_sched_after(sim->sched, 0, run_event, p, NULL);
}

/* Removes p from its channel's queue of sleepers. */
static void unlink_sleeper(struct proc *p)
{
  GHashTable *sq = p->host->sleepq;
  GQueue *q = g_hash_table_lookup(sq, p->wchan);
  g_queue_remove(q, p);
  if (g_queue_is_empty(q))
    g_hash_table_remove(sq, p->wchan);    /* frees q */
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
  p->fd = fdtab_new(FDTAB_OPEN_MAX);
  g_ptr_array_add(h->procs, p);
  make_runnable(p, PROC_WAKE_NONE);
  return p;
}

void proc_tsleep(struct proc *p, const void *chan, sim_time_t timeout)
{
  g_return_if_fail(p->state == PROC_RUNNABLE);
  struct sim *sim = p->host->sim;
  p->state = PROC_SLEEPING;
  p->wake = PROC_WAKE_NONE;
  p->sleep_intr = false;
  p->wchan = chan;
  if (chan) {
    GHashTable *sq = p->host->sleepq;
    GQueue *q = g_hash_table_lookup(sq, chan);
    if (!q) {
      q = g_queue_new();
      g_hash_table_insert(sq, (void *)chan, q);
    }
    g_queue_push_tail(q, p);
  }
  if (timeout > 0)
    p->timeout_ev = sim_sched_after(sim->sched, timeout, timeout_event, p,
                                    NULL);
}

void proc_tsleep_intr(struct proc *p, const void *chan, sim_time_t timeout)
{
  proc_tsleep(p, chan, timeout);
  p->sleep_intr = true;
}

void proc_yield(struct proc *p)
{
  g_return_if_fail(p->state == PROC_RUNNABLE);
  make_runnable(p, PROC_WAKE_NONE);
}

int proc_wakeup(struct host *h, const void *chan)
{
  GQueue *q = NULL;
  if (!g_hash_table_steal_extended(h->sleepq, chan, NULL, (void **)&q))
    return 0;
  int n = 0;
  for (GList *l = q->head; l; l = l->next, n++) {
    struct proc *p = l->data;
    p->wchan = NULL;
    sim_sched_cancel(h->sim->sched, p->timeout_ev);
    p->timeout_ev = 0;
    make_runnable(p, PROC_WAKE_CHANNEL);
  }
  g_queue_free(q);
  return n;
}

void proc_exit(struct proc *p)
{
  struct sim *sim = p->host->sim;
  if (p->state == PROC_SLEEPING && p->wchan)
    unlink_sleeper(p);
  sim_sched_cancel(sim->sched, p->timeout_ev);
  sim_sched_cancel(sim->sched, p->run_ev);
  p->timeout_ev = p->run_ev = 0;
  p->state = PROC_EXITED;
  fdtab_free(p->fd);              /* exit closes every descriptor */
  p->fd = NULL;
}

void proc_free(struct proc *p)
{
  if (!p)
    return;
  fdtab_free(p->fd);
  g_free(p->name);
  g_free(p->label);
  g_free(p);
}
