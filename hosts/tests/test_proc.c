/* hosts/tests/test_proc.c: processes and sleep/wakeup (hosts/proc.h).
 *
 * No Lua here: each process is an "actor" whose resume function logs
 * (pid, time, wake reason) and then follows a tiny script of steps (sleep,
 * yield, wake a channel, exit) until one of them stops it. Outside events
 * (wakeups, markers) are plain scheduler events that log too. Every test
 * asserts the exact log: the order, the times in ns and the reasons.
 * Read: 4.4BSD kern_synch.c (tsleep/wakeup) for the model being mimicked. */
#include <errno.h>
#include <string.h>
#include <glib.h>

#include "fdtab.h"
#include "host.h"
#include "proc.h"
#include "sleepq.h"

/* ---- the log ---- */

struct entry {
  int tag;                    /* host tag * 100 + pid, or a marker's tag */
  sim_time_t t;               /* when it ran */
  enum proc_wake wake;        /* why it ran (PROC_WAKE_NONE for markers) */
  int value;                  /* a wakeup's return value, else -1 */
};

struct rig {
  struct sim *sim;            /* the run */
  struct host *h;             /* the host (tag 0) */
  GArray *log;                /* struct entry, in the order things ran */
};

static void log_add(struct rig *r, int tag, enum proc_wake wake, int value)
{
  struct entry e = { tag, sim_now(r->sim), wake, value };
  g_array_append_val(r->log, e);
}

static void rig_init(struct rig *r)
{
  r->sim = sim_new(1);
  r->h = host_new(r->sim, "h", NULL);
  r->log = g_array_new(FALSE, TRUE, sizeof(struct entry));
}

static void rig_free(struct rig *r)
{
  host_free(r->h);
  g_assert_cmpuint(sched_pending(r->sim->sched), ==, 0);
  sim_free(r->sim);
  g_array_unref(r->log);
}

/* Asserts log entry i is exactly (tag, t, wake). */
static void check(struct rig *r, guint i, int tag, sim_time_t t,
                  enum proc_wake wake)
{
  g_assert_cmpuint(i, <, r->log->len);
  struct entry *e = &g_array_index(r->log, struct entry, i);
  g_assert_cmpint(e->tag, ==, tag);
  g_assert_cmpint(e->t, ==, t);
  g_assert_cmpint(e->wake, ==, wake);
}

static int value_at(struct rig *r, guint i)
{
  g_assert_cmpuint(i, <, r->log->len);
  return g_array_index(r->log, struct entry, i).value;
}

/* ---- actors: processes driven by a script ---- */

enum op {
  OP_SLEEP,                   /* proc_tsleep(chan, t); stop */
  OP_YIELD,                   /* proc_yield(); stop */
  OP_WAKE,                    /* proc_wakeup(chan), logged; go on */
  OP_EXIT,                    /* proc_exit(); stop */
};

struct step {
  enum op op;                 /* what to do */
  const void *chan;           /* OP_SLEEP, OP_WAKE: the channel */
  sim_time_t t;               /* OP_SLEEP: the timeout (0 = none) */
};

struct actor {
  struct rig *rig;            /* where to log */
  int host_tag;               /* added * 100 to the pid in the log */
  const struct step *steps;   /* the script */
  int nsteps;                 /* its length */
  int pc;                     /* next step */
  struct proc *p;             /* the process */
};

/* Runs steps until one stops the process. Returns true when stopped. */
static bool do_step(struct actor *a, struct proc *p)
{
  if (a->pc >= a->nsteps)
    g_error("pid %d resumed (wake %d) after its script ended", p->pid,
            p->wake);
  const struct step *s = &a->steps[a->pc++];
  switch (s->op) {
  case OP_SLEEP:
    proc_tsleep(p, s->chan, s->t);
    return true;
  case OP_YIELD:
    proc_yield(p);
    return true;
  case OP_WAKE:
    log_add(a->rig, 1000 + a->host_tag * 100 + p->pid, PROC_WAKE_NONE,
            proc_wakeup(p->host, s->chan));
    return false;
  case OP_EXIT:
    proc_exit(p);
    return true;
  }
  g_assert_not_reached();
}

static void actor_resume(struct proc *p, void *ctx)
{
  struct actor *a = ctx;
  g_assert_true(p == a->p || a->p == NULL);
  g_assert_cmpint(p->state, ==, PROC_RUNNABLE);
  log_add(a->rig, a->host_tag * 100 + p->pid, p->wake, -1);
  while (!do_step(a, p))
    ;
}

static struct proc *spawn_n(struct actor *a, struct rig *r, struct host *h,
                            int host_tag, const struct step *steps, int n)
{
  *a = (struct actor){ r, host_tag, steps, n, 0, NULL };
  a->p = proc_new(h, "actor", actor_resume, a);
  return a->p;
}

#define spawn(a, r, h, tag, steps) \
  spawn_n((a), (r), (h), (tag), (steps), (int)G_N_ELEMENTS(steps))

/* ---- outside events ---- */

struct waker {
  struct rig *rig;            /* where to log */
  const void *chan;           /* what to wake */
  int tag;                    /* logged as */
};

/* Wakes the channel twice: the second must find nobody. */
static void wake_event(void *a, void *b)
{
  struct waker *w = a;
  log_add(w->rig, w->tag, PROC_WAKE_NONE, proc_wakeup(w->rig->h, w->chan));
  log_add(w->rig, w->tag, PROC_WAKE_NONE, proc_wakeup(w->rig->h, w->chan));
}

static void marker_event(void *a, void *b)
{
  log_add(a, GPOINTER_TO_INT(b), PROC_WAKE_NONE, -1);
}

static int chan_a, chan_b;    /* addresses used as wait channels */

static const struct step just_exit[] = { { OP_EXIT } };

/* ---- tests ---- */

/* proc_new does not run anything itself; the processes run from events at
 * the current time, in creation order, and exiting leaves nothing behind. */
static void test_start_runs_now(void)
{
  struct rig r;
  rig_init(&r);
  sched_run(r.sim->sched, 5 * SIM_MS, 0);       /* idle: clock to 5 ms */
  struct actor a[3];
  for (int i = 0; i < 3; i++) {
    struct proc *p = spawn(&a[i], &r, r.h, 0, just_exit);
    g_assert_cmpint(p->state, ==, PROC_RUNNABLE);
    g_assert_cmpint(p->wake, ==, PROC_WAKE_NONE);
    g_assert_cmpstr(p->label, ==, "h:actor");
  }
  g_assert_cmpuint(r.log->len, ==, 0);
  g_assert_cmpuint(sched_pending(r.sim->sched), ==, 3);
  sched_run(r.sim->sched, SIM_TIME_MAX, 0);
  g_assert_cmpuint(r.log->len, ==, 3);
  for (int i = 0; i < 3; i++) {
    check(&r, i, i + 1, 5 * SIM_MS, PROC_WAKE_NONE);
    g_assert_cmpint(a[i].p->state, ==, PROC_EXITED);
  }
  g_assert_cmpuint(sched_pending(r.sim->sched), ==, 0);
  rig_free(&r);
}

/* A timeout wakes at exactly sleep time + timeout, with TIMEOUT, and takes
 * the sleeper off its channel; a sleep without timeout schedules nothing. */
static void test_sleep_timeout(void)
{
  static const struct step s1[] = {
    { OP_SLEEP, &chan_a, 3 * SIM_MS }, { OP_SLEEP, NULL, 7 * SIM_MS + 1 },
    { OP_SLEEP, &chan_a, 0 },
  };
  struct rig r;
  rig_init(&r);
  sched_run(r.sim->sched, 1 * SIM_MS, 0);
  struct actor a;
  struct proc *p = spawn(&a, &r, r.h, 0, s1);
  sched_run(r.sim->sched, 4 * SIM_MS - 1, 0);
  g_assert_cmpuint(r.log->len, ==, 1);
  g_assert_cmpint(p->state, ==, PROC_SLEEPING);
  g_assert_true(p->wchan == &chan_a);
  sched_run(r.sim->sched, SIM_TIME_MAX, 0);
  g_assert_cmpuint(r.log->len, ==, 3);
  check(&r, 0, 1, 1 * SIM_MS, PROC_WAKE_NONE);
  check(&r, 1, 1, 4 * SIM_MS, PROC_WAKE_TIMEOUT);
  check(&r, 2, 1, 11 * SIM_MS + 1, PROC_WAKE_TIMEOUT);
  /* Now asleep on chan_a for good: no event, one sleeper. */
  g_assert_cmpint(p->state, ==, PROC_SLEEPING);
  g_assert_cmpuint(sched_pending(r.sim->sched), ==, 0);
  g_assert_cmpuint(r.h->sleepq.used, ==, 1);
  rig_free(&r);
}

/* Sleepers on one channel all wake at the wakeup time, in the order they
 * went to sleep (not creation order); a second wakeup finds nobody. */
static void test_wakeup_fifo(void)
{
  static const struct step late[] = {
    { OP_YIELD }, { OP_SLEEP, &chan_a, 0 }, { OP_EXIT },
  };
  static const struct step early[] = {
    { OP_SLEEP, &chan_a, SIM_S }, { OP_EXIT },
  };
  struct rig r;
  rig_init(&r);
  struct actor a[3];
  spawn(&a[0], &r, r.h, 0, late);    /* pid 1 sleeps last */
  spawn(&a[1], &r, r.h, 0, early);   /* pid 2 */
  spawn(&a[2], &r, r.h, 0, early);   /* pid 3 */
  struct waker w = { &r, &chan_a, 99 };
  sched_at(r.sim->sched, 10 * SIM_MS, wake_event, &w, NULL);
  sched_run(r.sim->sched, SIM_TIME_MAX, 0);
  g_assert_cmpuint(r.log->len, ==, 9);
  check(&r, 0, 1, 0, PROC_WAKE_NONE);
  check(&r, 1, 2, 0, PROC_WAKE_NONE);
  check(&r, 2, 3, 0, PROC_WAKE_NONE);
  check(&r, 3, 1, 0, PROC_WAKE_NONE);          /* after its yield */
  check(&r, 4, 99, 10 * SIM_MS, PROC_WAKE_NONE);
  g_assert_cmpint(value_at(&r, 4), ==, 3);
  check(&r, 5, 99, 10 * SIM_MS, PROC_WAKE_NONE);
  g_assert_cmpint(value_at(&r, 5), ==, 0);
  check(&r, 6, 2, 10 * SIM_MS, PROC_WAKE_CHANNEL);
  check(&r, 7, 3, 10 * SIM_MS, PROC_WAKE_CHANNEL);
  check(&r, 8, 1, 10 * SIM_MS, PROC_WAKE_CHANNEL);
  g_assert_cmpuint(r.h->sleepq.used, ==, 0);
  g_assert_cmpint(proc_wakeup(r.h, &chan_a), ==, 0);
  rig_free(&r);
}

/* A sleeper woken before its timeout must not see that timeout later,
 * even while it sleeps again (on another channel, without a timeout). */
static void test_wakeup_cancels_timeout(void)
{
  static const struct step s1[] = {
    { OP_SLEEP, &chan_a, 5 * SIM_MS }, { OP_SLEEP, &chan_b, 0 },
  };
  struct rig r;
  rig_init(&r);
  struct actor a;
  struct proc *p = spawn(&a, &r, r.h, 0, s1);
  struct waker w = { &r, &chan_a, 99 };
  sched_at(r.sim->sched, 2 * SIM_MS, wake_event, &w, NULL);
  sched_run(r.sim->sched, SIM_TIME_MAX, 0);
  g_assert_cmpuint(r.log->len, ==, 4);
  check(&r, 0, 1, 0, PROC_WAKE_NONE);
  g_assert_cmpint(value_at(&r, 1), ==, 1);
  check(&r, 3, 1, 2 * SIM_MS, PROC_WAKE_CHANNEL);
  g_assert_cmpint(p->state, ==, PROC_SLEEPING);
  g_assert_true(p->wchan == &chan_b);
  g_assert_cmpint(p->timeout_ev, ==, 0);
  g_assert_cmpint(sched_now(r.sim->sched), ==, 2 * SIM_MS);
  rig_free(&r);
}

/* Waking one channel leaves the sleepers on another asleep. */
static void test_wakeup_other_channel(void)
{
  static const struct step on_a[] = { { OP_SLEEP, &chan_a, 0 }, { OP_EXIT } };
  static const struct step on_b[] = { { OP_SLEEP, &chan_b, 0 }, { OP_EXIT } };
  struct rig r;
  rig_init(&r);
  struct actor a, b;
  struct proc *pa = spawn(&a, &r, r.h, 0, on_a);
  struct proc *pb = spawn(&b, &r, r.h, 0, on_b);
  sched_run(r.sim->sched, SIM_TIME_MAX, 0);
  g_assert_cmpint(proc_wakeup(r.h, &chan_a), ==, 1);
  sched_run(r.sim->sched, SIM_TIME_MAX, 0);
  g_assert_cmpuint(r.log->len, ==, 3);
  check(&r, 2, 1, 0, PROC_WAKE_CHANNEL);
  g_assert_cmpint(pa->state, ==, PROC_EXITED);
  g_assert_cmpint(pb->state, ==, PROC_SLEEPING);
  g_assert_true(pb->wchan == &chan_b);
  g_assert_cmpuint(r.h->sleepq.used, ==, 1);
  g_assert_cmpint(proc_wakeup(r.h, &chan_a), ==, 0);
  rig_free(&r);
}

/* A yield runs the process again at the same time, after the events that
 * were already due (here a marker and a later-created process). */
static void test_yield(void)
{
  static const struct step s1[] = { { OP_YIELD }, { OP_YIELD }, { OP_EXIT } };
  struct rig r;
  rig_init(&r);
  sched_run(r.sim->sched, 3 * SIM_US, 0);
  struct actor a, b;
  spawn(&a, &r, r.h, 0, s1);
  sched_after(r.sim->sched, 0, marker_event, &r, GINT_TO_POINTER(50));
  spawn(&b, &r, r.h, 0, just_exit);
  sched_at(r.sim->sched, 4 * SIM_US, marker_event, &r,
           GINT_TO_POINTER(51));
  sched_run(r.sim->sched, SIM_TIME_MAX, 0);
  g_assert_cmpuint(r.log->len, ==, 6);
  check(&r, 0, 1, 3 * SIM_US, PROC_WAKE_NONE);
  check(&r, 1, 50, 3 * SIM_US, PROC_WAKE_NONE);
  check(&r, 2, 2, 3 * SIM_US, PROC_WAKE_NONE);
  check(&r, 3, 1, 3 * SIM_US, PROC_WAKE_NONE);
  check(&r, 4, 1, 3 * SIM_US, PROC_WAKE_NONE);
  check(&r, 5, 51, 4 * SIM_US, PROC_WAKE_NONE);
  rig_free(&r);
}

/* proc_exit on a sleeper with a pending timeout: off its channel, the
 * timeout cancelled, never run again. */
static void test_exit_while_sleeping(void)
{
  static const struct step s1[] = { { OP_SLEEP, &chan_a, SIM_S } };
  struct rig r;
  rig_init(&r);
  struct actor a;
  struct proc *p = spawn(&a, &r, r.h, 0, s1);
  sched_run(r.sim->sched, SIM_MS, 0);
  g_assert_cmpuint(sched_pending(r.sim->sched), ==, 1);
  proc_exit(p);
  g_assert_cmpint(p->state, ==, PROC_EXITED);
  g_assert_cmpuint(sched_pending(r.sim->sched), ==, 0);
  g_assert_cmpuint(r.h->sleepq.used, ==, 0);
  g_assert_cmpint(proc_wakeup(r.h, &chan_a), ==, 0);
  sched_run(r.sim->sched, 2 * SIM_S, 0);
  g_assert_cmpuint(r.log->len, ==, 1);
  rig_free(&r);
}

/* host_free with a sleeper (channel + timeout), a timeout-only sleeper, a
 * process not yet run and one that exited: no event left behind, no leak. */
static void test_host_free_busy(void)
{
  static const struct step chan_to[] = { { OP_SLEEP, &chan_a, SIM_S } };
  static const struct step to_only[] = { { OP_SLEEP, NULL, SIM_S } };
  struct rig r;
  rig_init(&r);
  struct actor a[4];
  spawn(&a[0], &r, r.h, 0, chan_to);
  spawn(&a[1], &r, r.h, 0, to_only);
  spawn(&a[2], &r, r.h, 0, just_exit);
  sched_run(r.sim->sched, SIM_MS, 0);
  spawn(&a[3], &r, r.h, 0, just_exit);             /* run event pending */
  g_assert_cmpuint(sched_pending(r.sim->sched), ==, 3);
  host_free(r.h);
  r.h = NULL;
  g_assert_cmpuint(sched_pending(r.sim->sched), ==, 0);
  sched_run(r.sim->sched, 2 * SIM_S, 0);
  g_assert_cmpuint(r.log->len, ==, 3);
  rig_free(&r);
}

/* Pids count from 1 on each host, whatever the other hosts do. */
static void test_pids(void)
{
  struct rig r;
  rig_init(&r);
  struct host *h2 = host_new(r.sim, "h2", NULL);
  struct actor a[5];
  int want[5] = { 1, 1, 2, 3, 2 };
  struct host *on[5] = { r.h, h2, r.h, r.h, h2 };
  for (int i = 0; i < 5; i++)
    g_assert_cmpint(spawn(&a[i], &r, on[i], on[i] == h2, just_exit)->pid,
                    ==, want[i]);
  g_assert_cmpstr(a[1].p->label, ==, "h2:actor");
  g_assert_cmpuint(r.h->procs->len, ==, 3);
  g_assert_cmpuint(h2->procs->len, ==, 2);
  sched_run(r.sim->sched, SIM_TIME_MAX, 0);
  int tags[5] = { 1, 101, 2, 3, 102 };             /* creation order */
  for (int i = 0; i < 5; i++)
    check(&r, i, tags[i], 0, PROC_WAKE_NONE);
  host_free(h2);
  rig_free(&r);
}

/* A process that wakes another channel's sleepers from inside its run. */
static void test_wakeup_from_proc(void)
{
  static const struct step sleeper[] = { { OP_SLEEP, &chan_b, 0 }, { OP_EXIT } };
  static const struct step waker[] = {
    { OP_SLEEP, NULL, 2 * SIM_MS }, { OP_WAKE, &chan_b }, { OP_WAKE, &chan_b },
    { OP_EXIT },
  };
  struct rig r;
  rig_init(&r);
  struct actor a, b, c;
  spawn(&a, &r, r.h, 0, sleeper);
  spawn(&b, &r, r.h, 0, waker);
  spawn(&c, &r, r.h, 0, sleeper);
  sched_run(r.sim->sched, SIM_TIME_MAX, 0);
  g_assert_cmpuint(r.log->len, ==, 8);
  check(&r, 3, 2, 2 * SIM_MS, PROC_WAKE_TIMEOUT);
  check(&r, 4, 1002, 2 * SIM_MS, PROC_WAKE_NONE);
  g_assert_cmpint(value_at(&r, 4), ==, 2);
  g_assert_cmpint(value_at(&r, 5), ==, 0);
  check(&r, 6, 1, 2 * SIM_MS, PROC_WAKE_CHANNEL);
  check(&r, 7, 3, 2 * SIM_MS, PROC_WAKE_CHANNEL);
  rig_free(&r);
}

/* ---- the process tree: fork, exit, zombies, reaping ---- */

/* Counts its runs and sleeps on itself interruptibly (as wait() does).
 * Acts on signals as the Lua runtime does: a fatal one ends it, caught
 * ones are taken (their "handler" does nothing). */
static void waiter_resume(struct proc *p, void *ctx)
{
  int *runs = ctx;
  (*runs)++;
  int sig = sig_fatal(p);
  uint32_t restore;
  if (sig) {
    sig_postsig(p, sig, &restore);
    return;
  }
  while ((sig = sig_issig(p)) != 0 && sig_postsig(p, sig, &restore))
    sig_setmask(p, restore);
  proc_tsleep_intr(p, p, 0);
}

static int released;          /* files released by test_release */

static int test_release(struct file *fp)
{
  released++;
  return 0;
}

static const struct file_ops test_file_ops = { .release = test_release };

/* fork copies the descriptor table, each file referenced once more; the
 * child's exit closes its descriptors at once (not when it is reaped). */
static void test_fork_fdtab(void)
{
  struct rig r;
  rig_init(&r);
  int runs[2] = { 0, 0 };
  struct proc *pp = proc_new(r.h, "srv", waiter_resume, &runs[0]);
  struct file *fp = file_new(FILE_VNODE, &test_file_ops, NULL);
  g_assert_cmpint(fdtab_install(pp->fd, fp), ==, 0);
  g_assert_cmpint(fdtab_install(pp->fd, file_ref(fp)), ==, 1);
  released = 0;
  struct proc *c = proc_fork(pp, waiter_resume, &runs[1]);
  g_assert_cmpuint(fp->refs, ==, 4);
  g_assert_cmpint(fdtab_count(c->fd), ==, 2);
  g_assert_cmpint(fdtab_close(c->fd, 0), ==, 0);     /* Figure 2 close(f) */
  g_assert_cmpuint(fp->refs, ==, 3);
  g_assert_true(fdtab_get(pp->fd, 0) == fp);
  proc_exit_status(c, BSD_W_EXITCODE(0, 0));
  g_assert_cmpuint(fp->refs, ==, 2);
  g_assert_null(c->fd);
  g_assert_false(c->reaped);                     /* a zombie now */
  proc_exit(pp);
  g_assert_cmpint(released, ==, 1);
  g_assert_true(c->reaped);                      /* init reaped it */
  rig_free(&r);
}

/* The child gets the parent's name, uid, group and signal state (but no
 * pending signal), and the parent as its parent. */
static void test_fork_inherits(void)
{
  struct rig r;
  rig_init(&r);
  int runs[2] = { 0, 0 };
  struct proc *pp = proc_new(r.h, "srv", waiter_resume, &runs[0]);
  pp->uid = 100;
  pp->pgrp = 42;
  sig_setdisp(pp, BSD_SIGCHLD, SIG_DISP_CATCH);
  sig_setdisp(pp, BSD_SIGINT, SIG_DISP_IGN);
  sig_setmask(pp, BSD_SIGBIT(BSD_SIGUSR1));
  sig_psignal(pp, BSD_SIGUSR1);
  sig_alarm(pp, SIM_S);
  struct proc *c = proc_fork(pp, waiter_resume, &runs[1]);
  g_assert_cmpint(c->pid, ==, 2);
  g_assert_cmpstr(c->label, ==, "h:srv");
  g_assert_cmpint(c->uid, ==, 100);
  g_assert_cmpint(c->pgrp, ==, 42);
  g_assert_true(c->pptr == pp);
  g_assert_cmpint(sig_getdisp(c, BSD_SIGCHLD), ==, SIG_DISP_CATCH);
  g_assert_cmpint(sig_getdisp(c, BSD_SIGINT), ==, SIG_DISP_IGN);
  g_assert_cmpint(c->sig.mask, ==, BSD_SIGBIT(BSD_SIGUSR1));
  g_assert_cmpint(c->sig.pending, ==, 0);
  g_assert_cmpint(c->sig.alarm_ev, ==, 0);
  sched_run(r.sim->sched, SIM_TIME_MAX, 0);
  g_assert_cmpint(runs[0], ==, 2);               /* SIGALRM at 1 s */
  g_assert_cmpint(pp->state, ==, PROC_EXITED);   /* ... killed it */
  g_assert_cmpint(pp->xstat, ==, BSD_SIGALRM);
  g_assert_cmpint(sched_now(r.sim->sched), ==, SIM_S);
  g_assert_cmpint(runs[1], ==, 1);
  rig_free(&r);
}

/* An exited child stays a zombie, found by pid, until its parent reaps
 * it; the parent gets SIGCHLD and a wait sleeper on it is woken. */
static void test_zombie_until_reaped(void)
{
  struct rig r;
  rig_init(&r);
  int runs[3] = { 0, 0, 0 };
  struct proc *pp = proc_new(r.h, "p", waiter_resume, &runs[0]);
  sig_setdisp(pp, BSD_SIGCHLD, SIG_DISP_CATCH);
  struct proc *c1 = proc_fork(pp, waiter_resume, &runs[1]);
  struct proc *c2 = proc_fork(pp, waiter_resume, &runs[2]);
  sched_run(r.sim->sched, SIM_TIME_MAX, 0);
  int status = -1;
  g_assert_cmpint(proc_reap(pp, -1, &status), ==, 0);    /* none exited */
  g_assert_cmpint(proc_reap(pp, 7, &status), ==, -ECHILD);
  sched_run(r.sim->sched, 2 * SIM_MS, 0);
  proc_exit_status(c2, BSD_W_EXITCODE(5, 0));
  g_assert_cmpint(pp->sig.pending, ==, BSD_SIGBIT(BSD_SIGCHLD));
  g_assert_cmpint(pp->wake, ==, PROC_WAKE_SIGNAL);    /* caught SIGCHLD */
  g_assert_true(proc_find(r.h, 3) == c2);
  sched_run(r.sim->sched, SIM_TIME_MAX, 0);
  g_assert_cmpint(runs[0], ==, 2);
  g_assert_cmpint(proc_reap(pp, 2, &status), ==, 0);     /* c1 is alive */
  g_assert_cmpint(proc_reap(pp, 0, &status), ==, 3);     /* same group */
  g_assert_cmpint(status, ==, 5 << 8);
  g_assert_true(c2->reaped);
  g_assert_null(proc_find(r.h, 3));
  g_assert_cmpint(proc_reap(pp, 3, &status), ==, -ECHILD);
  sig_setdisp(pp, BSD_SIGCHLD, SIG_DISP_DFL);
  g_assert_cmpint(pp->state, ==, PROC_SLEEPING);
  sig_psignal(c1, BSD_SIGKILL);
  g_assert_cmpint(sig_fatal(c1), ==, BSD_SIGKILL);
  uint32_t restore;
  g_assert_false(sig_postsig(c1, BSD_SIGKILL, &restore));
  g_assert_cmpint(pp->wake, ==, PROC_WAKE_CHANNEL);   /* wait's wakeup */
  g_assert_cmpint(pp->sig.pending, ==, 0);
  g_assert_cmpint(proc_reap(pp, -1, &status), ==, 2);
  g_assert_cmpint(status, ==, BSD_SIGKILL);
  g_assert_cmpint(proc_reap(pp, -1, &status), ==, -ECHILD);
  rig_free(&r);
}

/* A parent that exits first orphans its children: their later exit
 * leaves no zombie and posts nothing. */
static void test_orphan(void)
{
  struct rig r;
  rig_init(&r);
  int runs[3] = { 0, 0, 0 };
  struct proc *pp = proc_new(r.h, "p", waiter_resume, &runs[0]);
  struct proc *c = proc_fork(pp, waiter_resume, &runs[1]);
  struct proc *gc = proc_fork(c, waiter_resume, &runs[2]);
  g_assert_true(proc_inferior(gc, pp));
  g_assert_false(proc_inferior(pp, gc));
  proc_exit(c);
  g_assert_null(gc->pptr);
  g_assert_false(c->reaped);
  proc_exit(pp);
  g_assert_true(c->reaped);
  g_assert_true(pp->reaped);
  proc_exit(gc);
  g_assert_true(gc->reaped);
  g_assert_null(proc_find(r.h, 1));
  g_assert_null(proc_find(r.h, 3));
  rig_free(&r);
}

/* setpgid: into a new group of one's own, into an existing group, a
 * child's group, and the 4.4BSD errors. */
static void test_setpgid(void)
{
  struct rig r;
  rig_init(&r);
  int runs[4] = { 0 };
  struct proc *a = proc_new(r.h, "a", waiter_resume, &runs[0]);
  struct proc *b = proc_new(r.h, "b", waiter_resume, &runs[1]);
  struct proc *c = proc_fork(a, waiter_resume, &runs[2]);
  g_assert_cmpint(proc_setpgid(a, 3, 0), ==, 0);       /* child: own pid */
  g_assert_cmpint(c->pgrp, ==, 3);
  g_assert_cmpint(proc_setpgid(a, 3, 2), ==, 0);       /* b's group */
  g_assert_cmpint(c->pgrp, ==, 2);
  g_assert_cmpint(proc_setpgid(a, 2, 1), ==, -ESRCH);  /* not a child */
  g_assert_cmpint(proc_setpgid(a, 9, 1), ==, -ESRCH);
  g_assert_cmpint(proc_setpgid(a, 0, 77), ==, -EPERM); /* no such group */
  g_assert_cmpint(proc_setpgid(a, 0, -2), ==, -EPERM);
  g_assert_cmpint(proc_setpgid(b, 0, 1), ==, 0);
  g_assert_cmpint(b->pgrp, ==, 1);
  rig_free(&r);
}

/* sleepq_take: one probe finds a channel's sleepers, handing them back
 * in order and leaving the channel warm and empty; the others are still
 * found after rebuilds (40 channels outgrow the first tables), an unlink
 * keeps the order of the rest, and taking an absent or taken channel
 * gives NULL. */
static void test_sleepq_take(void)
{
  struct sleepq sq;
  sleepq_init(&sq);
  static char chans[40];
  static struct sleepq_link links[40][3];
  g_assert_null(sleepq_take(&sq, &chans[0]));          /* empty table */
  for (int i = 0; i < 40; i++)
    for (int k = 0; k < 3; k++)
      sleepq_insert(&sq, &chans[i], &links[i][k]);
  g_assert_cmpuint(sq.used, ==, 40);
  for (int i = 0; i < 40; i += 3) {
    struct sleepq_link *l = sleepq_take(&sq, &chans[i]);
    g_assert_true(l == &links[i][0]);
    g_assert_true(l->next == &links[i][1]);
    g_assert_true(l->next->next == &links[i][2]);
    g_assert_null(l->next->next->next);
    g_assert_null(sleepq_take(&sq, &chans[i]));
  }
  g_assert_cmpuint(sq.used, ==, 26);
  for (int i = 0; i < 40; i++) {
    struct sleepq_link *f = sleepq_peek(&sq, &chans[i]);
    if (i % 3 == 0) {
      g_assert_null(f);
      continue;
    }
    g_assert_true(f == &links[i][0]);
    sleepq_unlink(&sq, &chans[i], &links[i][i % 2]);  /* head or middle */
    struct sleepq_link *l = sleepq_take(&sq, &chans[i]);
    g_assert_true(l == &links[i][i % 2 ? 0 : 1]);
    g_assert_true(l->next == &links[i][2]);
    g_assert_null(l->next->next);
  }
  g_assert_cmpuint(sq.used, ==, 0);
  sleepq_insert(&sq, &chans[1], &links[1][0]);        /* a warm channel */
  sleepq_insert(&sq, &chans[1], &links[1][1]);
  sleepq_unlink(&sq, &chans[1], &links[1][1]);        /* the tail */
  sleepq_insert(&sq, &chans[1], &links[1][2]);
  g_assert_cmpuint(sq.used, ==, 1);
  struct sleepq_link *l = sleepq_take(&sq, &chans[1]);
  g_assert_true(l == &links[1][0] && l->next == &links[1][2]);
  g_assert_null(l->next->next);
  g_assert_cmpuint(sq.used, ==, 0);
  sleepq_free(&sq);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/proc/start-runs-now", test_start_runs_now);
  g_test_add_func("/proc/sleep/timeout", test_sleep_timeout);
  g_test_add_func("/proc/wakeup/fifo", test_wakeup_fifo);
  g_test_add_func("/proc/wakeup/cancels-timeout", test_wakeup_cancels_timeout);
  g_test_add_func("/proc/wakeup/other-channel", test_wakeup_other_channel);
  g_test_add_func("/proc/wakeup/from-process", test_wakeup_from_proc);
  g_test_add_func("/proc/yield", test_yield);
  g_test_add_func("/proc/sleepq/take", test_sleepq_take);
  g_test_add_func("/proc/exit/while-sleeping", test_exit_while_sleeping);
  g_test_add_func("/proc/exit/host-free", test_host_free_busy);
  g_test_add_func("/proc/pids", test_pids);
  g_test_add_func("/proc/fork/fdtab", test_fork_fdtab);
  g_test_add_func("/proc/fork/inherits", test_fork_inherits);
  g_test_add_func("/proc/zombie/until-reaped", test_zombie_until_reaped);
  g_test_add_func("/proc/zombie/orphans", test_orphan);
  g_test_add_func("/proc/setpgid", test_setpgid);
  return g_test_run();
}
