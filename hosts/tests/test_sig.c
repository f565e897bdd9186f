/* hosts/tests/test_sig.c: signals (hosts/sig.h) without Lua.
 *
 * Each process is a "sleeper": every time it runs it records why (the
 * wake reason and the time), then goes back to sleep on its channel, as
 * the test set it up (interruptible or not, with a timeout or not). The
 * tests post signals from outside, run the queue, and assert exactly who
 * woke, when, why, and what is pending. Read: 4.4BSD kern/kern_sig.c. */
#include <errno.h>
#include <glib.h>

#include "host.h"
#include "proc.h"
#include "sig.h"

struct sleeper {
  bool intr;                  /* sleep with proc_tsleep_intr */
  sim_time_t timeout;         /* each sleep's timeout, 0 = none */
  int runs;                   /* times run */
  enum proc_wake wake;        /* reason of the last run */
  sim_time_t at;              /* time of the last run */
  int handled;                /* caught signals taken, as a handler would */
};

static int chan;              /* the channel every sleeper sleeps on */

/* Acts on what sig_issig gives, as the Lua runtime does: a caught
 * signal's "handler" only counts; a fatal one ends the process. */
static bool take_signals(struct proc *p, struct sleeper *s)
{
  int sig;
  uint32_t restore;
  while ((sig = sig_issig(p)) != 0) {
    if (!sig_postsig(p, sig, &restore))
      return false;
    s->handled++;
    sig_setmask(p, restore);
  }
  return true;
}

static void sleeper_resume(struct proc *p, void *ctx)
{
  struct sleeper *s = ctx;
  s->runs++;
  s->wake = p->wake;
  s->at = sim_now(p->host->sim);
  if (p->wake == PROC_WAKE_SIGNAL && !take_signals(p, s))
    return;
  if (s->intr)
    proc_tsleep_intr(p, &chan, s->timeout);
  else
    proc_tsleep(p, &chan, s->timeout);
}

struct rig {
  struct sim *sim;            /* the run */
  struct host *h;             /* the host */
  struct sleeper s[6];        /* the sleepers' records */
  struct proc *p[6];          /* the processes */
};

static void rig_init(struct rig *r, int n, bool intr)
{
  *r = (struct rig){ 0 };
  r->sim = sim_new(1);
  r->h = host_new(r->sim, "h", NULL);
  for (int i = 0; i < n; i++) {
    r->s[i].intr = intr;
    r->p[i] = proc_new(r->h, "s", sleeper_resume, &r->s[i]);
  }
  sched_run(r->sim->sched, SIM_TIME_MAX, 0);
}

static void run(struct rig *r)
{
  sched_run(r->sim->sched, SIM_TIME_MAX, 0);
}

static void rig_free(struct rig *r)
{
  host_free(r->h);
  g_assert_cmpuint(sched_pending(r->sim->sched), ==, 0);
  sim_free(r->sim);
}

/* The numbers are 4.4BSD's, not this machine's. */
static void test_numbers(void)
{
  g_assert_cmpint(BSD_SIGURG, ==, 16);
  g_assert_cmpint(BSD_SIGSTOP, ==, 17);
  g_assert_cmpint(BSD_SIGCHLD, ==, 20);
  g_assert_cmpint(BSD_SIGIO, ==, 23);
  g_assert_cmpint(BSD_SIGINFO, ==, 29);
  g_assert_cmpint(BSD_SIGUSR2, ==, 31);
  g_assert_cmpstr(sig_name(BSD_SIGCHLD), ==, "SIGCHLD");
  g_assert_cmpstr(sig_name(BSD_SIGHUP), ==, "SIGHUP");
  g_assert_cmpstr(sig_name(BSD_SIGUSR2), ==, "SIGUSR2");
  g_assert_null(sig_name(0));
  g_assert_null(sig_name(32));
  g_assert_false(sig_valid(0));
  g_assert_true(sig_valid(31));
  g_assert_cmpint(sig_prop(BSD_SIGTERM), ==, SIGPROP_KILL);
  g_assert_cmpint(sig_prop(BSD_SIGSEGV), ==, SIGPROP_KILL | SIGPROP_CORE);
  g_assert_cmpint(sig_prop(BSD_SIGCONT), ==, SIGPROP_IGNORE | SIGPROP_CONT);
  int ign[] = { BSD_SIGURG, BSD_SIGCHLD, BSD_SIGIO, BSD_SIGWINCH,
                BSD_SIGINFO };
  for (guint i = 0; i < G_N_ELEMENTS(ign); i++)
    g_assert_cmpint(sig_prop(ign[i]), ==, SIGPROP_IGNORE);
  g_assert_cmpint(BSD_W_EXITCODE(3, 0), ==, 0x300);
}

/* A caught signal breaks an interruptible sleep at once (and cancels its
 * timeout), but not a plain sleep: that one stays asleep with the signal
 * pending until its timeout. */
static void test_intr_sleep(void)
{
  struct rig r;
  rig_init(&r, 1, true);
  struct rig q;
  rig_init(&q, 1, false);
  for (struct rig *x = &r; x; x = x == &r ? &q : NULL) {
    x->s[0].timeout = SIM_S;
    g_assert_cmpint(sig_setdisp(x->p[0], BSD_SIGUSR1, SIG_DISP_CATCH), ==,
                    SIG_DISP_DFL);
    /* first sleep had no timeout: wake it, it sleeps again with one */
    proc_wakeup(x->h, &chan);
    sched_run(x->sim->sched, 3 * SIM_MS, 0);
    sig_psignal(x->p[0], BSD_SIGUSR1);
    sched_run(x->sim->sched, SIM_S + SIM_MS, 0);       /* sleeps repeat */
  }
  g_assert_cmpint(r.s[0].runs, ==, 3);
  g_assert_cmpint(r.s[0].wake, ==, PROC_WAKE_SIGNAL);
  g_assert_cmpint(r.s[0].at, ==, 3 * SIM_MS);
  g_assert_cmpint(q.s[0].runs, ==, 3);
  g_assert_cmpint(q.s[0].wake, ==, PROC_WAKE_TIMEOUT);
  g_assert_cmpint(q.s[0].at, ==, SIM_S);
  g_assert_cmpint(q.p[0]->sig.pending, ==, BSD_SIGBIT(BSD_SIGUSR1));
  g_assert_cmpint(sig_issig(q.p[0]), ==, BSD_SIGUSR1);
  rig_free(&r);
  rig_free(&q);
}

/* Ignored signals (SIG_IGN, or SIGCHLD's default) neither wake an
 * interruptible sleeper nor stay pending; nor does a stop signal. */
static void test_ignored_no_wake(void)
{
  struct rig r;
  rig_init(&r, 1, true);
  struct proc *p = r.p[0];
  g_assert_cmpint(sig_setdisp(p, BSD_SIGUSR2, SIG_DISP_IGN), ==,
                  SIG_DISP_DFL);
  sig_psignal(p, BSD_SIGUSR2);
  sig_psignal(p, BSD_SIGCHLD);
  sig_psignal(p, BSD_SIGURG);
  sig_psignal(p, BSD_SIGTSTP);
  run(&r);
  g_assert_cmpint(r.s[0].runs, ==, 1);
  g_assert_cmpint(p->state, ==, PROC_SLEEPING);
  g_assert_cmpint(p->sig.pending, ==, 0);
  g_assert_cmpint(sig_getdisp(p, BSD_SIGUSR2), ==, SIG_DISP_IGN);
  g_assert_cmpint(sig_getdisp(p, BSD_SIGCHLD), ==, SIG_DISP_DFL);
  rig_free(&r);
}

/* A blocked signal waits; unblocking makes it deliverable, and a later
 * interruptible sleep ends at once. SIGKILL cannot be blocked. */
static void test_blocked(void)
{
  struct rig r;
  rig_init(&r, 1, true);
  struct proc *p = r.p[0];
  sig_setdisp(p, BSD_SIGINT, SIG_DISP_CATCH);
  g_assert_cmpint(sig_setmask(p, BSD_SIGBIT(BSD_SIGINT) |
                                 BSD_SIGBIT(BSD_SIGKILL)), ==, 0);
  g_assert_cmpint(p->sig.mask, ==, BSD_SIGBIT(BSD_SIGINT));
  sig_psignal(p, BSD_SIGINT);
  run(&r);
  g_assert_cmpint(r.s[0].runs, ==, 1);
  g_assert_false(sig_wakes(p));
  g_assert_cmpint(sig_issig(p), ==, 0);
  sig_setmask(p, 0);
  g_assert_true(sig_wakes(p));
  proc_wakeup(r.h, &chan);            /* runs, then sleeps intr again */
  run(&r);
  g_assert_cmpint(r.s[0].runs, ==, 3);        /* that sleep ended at once */
  g_assert_cmpint(r.s[0].wake, ==, PROC_WAKE_SIGNAL);
  rig_free(&r);
}

/* A default-terminate signal wakes even a plain sleeper; the owner sees
 * it with sig_fatal and postsig ends the process with status = sig. */
static void test_default_kill(void)
{
  struct rig r;
  rig_init(&r, 1, false);
  struct proc *p = r.p[0];
  sig_setdisp(p, BSD_SIGHUP, SIG_DISP_CATCH);
  sig_psignal(p, BSD_SIGHUP);               /* caught: plain sleep stays */
  run(&r);
  g_assert_cmpint(r.s[0].runs, ==, 1);
  g_assert_cmpint(p->state, ==, PROC_SLEEPING);
  sig_psignal(p, BSD_SIGTERM);
  g_assert_cmpint(p->state, ==, PROC_RUNNABLE);
  g_assert_cmpint(p->wake, ==, PROC_WAKE_SIGNAL);
  g_assert_cmpint(sig_issig(p), ==, BSD_SIGHUP);       /* lowest first */
  g_assert_cmpint(sig_fatal(p), ==, BSD_SIGTERM);      /* but it kills */
  uint32_t restore = 99;
  g_assert_false(sig_postsig(p, BSD_SIGTERM, &restore));
  g_assert_cmpint(restore, ==, 99);
  g_assert_cmpint(p->state, ==, PROC_EXITED);
  g_assert_cmpint(p->xstat, ==, BSD_SIGTERM);
  g_assert_true(p->reaped);                 /* spawned: nobody waits */
  g_assert_null(p->fd);
  rig_free(&r);
}

/* postsig of a caught signal blocks it during the handler and gives the
 * mask to restore; after sigpause, the mask from before sigpause. */
static void test_postsig_caught(void)
{
  struct rig r;
  rig_init(&r, 1, true);
  struct proc *p = r.p[0];
  sig_setdisp(p, BSD_SIGALRM, SIG_DISP_CATCH);
  sig_setdisp(p, BSD_SIGHUP, SIG_DISP_CATCH);
  sig_setmask(p, BSD_SIGBIT(BSD_SIGUSR1));
  sig_psignal(p, BSD_SIGALRM);
  sig_psignal(p, BSD_SIGHUP);
  sig_psignal(p, BSD_SIGCHLD);                 /* ignored by default */
  g_assert_cmpint(sig_issig(p), ==, BSD_SIGHUP);    /* lowest first */
  uint32_t restore;
  g_assert_true(sig_postsig(p, BSD_SIGHUP, &restore));
  g_assert_cmpint(restore, ==, BSD_SIGBIT(BSD_SIGUSR1));
  g_assert_cmpint(p->sig.mask, ==, BSD_SIGBIT(BSD_SIGUSR1) |
                  BSD_SIGBIT(BSD_SIGHUP));
  p->sig.oldmask = 7;
  p->sig.oldmask_set = true;
  g_assert_cmpint(sig_issig(p), ==, BSD_SIGALRM);
  g_assert_true(sig_postsig(p, BSD_SIGALRM, &restore));
  g_assert_cmpint(restore, ==, 7);
  g_assert_false(p->sig.oldmask_set);
  g_assert_cmpint(sig_issig(p), ==, 0);
  g_assert_cmpint(p->sig.pending, ==, 0);
  rig_free(&r);
}

/* sig_setdisp: SIGKILL and SIGSTOP cannot be caught or ignored; SIG_IGN
 * discards a pending signal; the previous disposition comes back. */
static void test_setdisp(void)
{
  struct rig r;
  rig_init(&r, 1, true);
  struct proc *p = r.p[0];
  g_assert_cmpint(sig_setdisp(p, BSD_SIGKILL, SIG_DISP_CATCH), ==, -EINVAL);
  g_assert_cmpint(sig_setdisp(p, BSD_SIGSTOP, SIG_DISP_IGN), ==, -EINVAL);
  g_assert_cmpint(sig_setdisp(p, BSD_SIGKILL, SIG_DISP_DFL), ==,
                  SIG_DISP_DFL);
  sig_setmask(p, BSD_SIGBIT(BSD_SIGTERM));
  sig_psignal(p, BSD_SIGTERM);
  g_assert_cmpint(p->sig.pending, ==, BSD_SIGBIT(BSD_SIGTERM));
  g_assert_cmpint(sig_setdisp(p, BSD_SIGTERM, SIG_DISP_IGN), ==,
                  SIG_DISP_DFL);
  g_assert_cmpint(p->sig.pending, ==, 0);
  g_assert_cmpint(sig_setdisp(p, BSD_SIGTERM, SIG_DISP_CATCH), ==,
                  SIG_DISP_IGN);
  g_assert_cmpint(sig_setdisp(p, BSD_SIGTERM, SIG_DISP_DFL), ==,
                  SIG_DISP_CATCH);
  g_assert_cmpint(sig_setdisp(p, BSD_SIGCHLD, SIG_DISP_CATCH), ==,
                  SIG_DISP_DFL);
  sig_psignal(p, BSD_SIGCHLD);
  g_assert_cmpint(sig_setdisp(p, BSD_SIGCHLD, SIG_DISP_DFL), ==,
                  SIG_DISP_CATCH);
  g_assert_cmpint(p->sig.pending, ==, 0);     /* default-ignore: dropped */
  rig_free(&r);
}

/* kill(2): one process, the own group (0), another group (< -1), every
 * other process (-1), sig 0, and the errors in 4.4BSD's order. */
static void test_kill(void)
{
  struct rig r;
  rig_init(&r, 4, true);
  struct proc **p = r.p;
  for (int i = 0; i < 4; i++)
    sig_setdisp(p[i], BSD_SIGUSR1, SIG_DISP_CATCH);
  p[1]->pgrp = p[2]->pgrp = 7;
  p[3]->uid = 100;
  g_assert_cmpint(sig_kill(p[0], 2, 32), ==, -EINVAL);
  g_assert_cmpint(sig_kill(p[0], 99, 0), ==, -ESRCH);
  g_assert_cmpint(sig_kill(p[0], 2, 0), ==, 0);
  g_assert_cmpint(p[1]->sig.pending, ==, 0);
  g_assert_cmpint(sig_kill(p[3], 1, BSD_SIGUSR1), ==, -EPERM);
  g_assert_cmpint(sig_kill(p[3], 1, BSD_SIGCONT), ==, 0);
  g_assert_cmpint(sig_kill(p[3], -7, BSD_SIGUSR1), ==, -ESRCH);
  g_assert_cmpint(sig_kill(p[0], -8, BSD_SIGUSR1), ==, -ESRCH);
  g_assert_cmpint(sig_killpg(p[0], 1, BSD_SIGUSR1), ==, -ESRCH);
  g_assert_cmpint(sig_killpg(p[0], 7, BSD_SIGUSR1), ==, 0);
  run(&r);
  int want[4] = { 1, 2, 2, 1 };
  for (int i = 0; i < 4; i++)
    g_assert_cmpint(r.s[i].runs, ==, want[i]);
  g_assert_cmpint(sig_kill(p[1], 0, BSD_SIGUSR1), ==, 0);
  g_assert_cmpint(sig_kill(p[0], -1, BSD_SIGUSR1), ==, 0);
  /* -1 skips the sender; SIGCONT (not acting) waits for sig_issig */
  g_assert_cmpint(p[0]->sig.pending, ==, BSD_SIGBIT(BSD_SIGCONT));
  g_assert_cmpint(sig_issig(p[0]), ==, 0);
  g_assert_cmpint(p[0]->sig.pending, ==, 0);
  g_assert_cmpint(sig_gsignal(r.h, 7, BSD_SIGUSR1), ==, 2);
  g_assert_cmpint(sig_gsignal(r.h, 5, BSD_SIGUSR1), ==, 0);
  run(&r);
  int want2[4] = { 1, 3, 3, 2 };
  for (int i = 0; i < 4; i++)
    g_assert_cmpint(r.s[i].runs, ==, want2[i]);
  rig_free(&r);
}

/* A socket's owner: negative is a process group, positive a pid. */
static void test_owner(void)
{
  struct rig r;
  rig_init(&r, 3, true);
  for (int i = 0; i < 3; i++)
    sig_setdisp(r.p[i], BSD_SIGURG, SIG_DISP_CATCH);
  r.p[1]->pgrp = r.p[2]->pgrp = 2;
  sig_owner(r.h, -2, BSD_SIGURG);
  sig_owner(r.h, 0, BSD_SIGURG);
  sig_owner(r.h, 42, BSD_SIGURG);
  g_assert_cmpint(r.p[0]->sig.pending, ==, 0);
  g_assert_cmpint(r.p[1]->sig.pending, ==, BSD_SIGBIT(BSD_SIGURG));
  g_assert_cmpint(r.p[2]->sig.pending, ==, BSD_SIGBIT(BSD_SIGURG));
  sig_owner(r.h, 1, BSD_SIGURG);
  g_assert_cmpint(r.p[0]->sig.pending, ==, BSD_SIGBIT(BSD_SIGURG));
  rig_free(&r);
}

/* alarm: SIGALRM at exactly now + t; the time left comes back; 0
 * cancels; exit cancels. */
static void test_alarm(void)
{
  struct rig r;
  rig_init(&r, 2, true);
  sig_setdisp(r.p[0], BSD_SIGALRM, SIG_DISP_CATCH);
  g_assert_cmpint(sig_alarm(r.p[0], 5 * SIM_S), ==, 0);
  sched_run(r.sim->sched, 2 * SIM_S, 0);
  g_assert_cmpint(sig_alarm(r.p[0], 3 * SIM_S), ==, 3 * SIM_S);
  sched_run(r.sim->sched, 4 * SIM_S, 0);
  g_assert_cmpint(sig_alarm(r.p[0], 0), ==, SIM_S);
  g_assert_cmpint(sig_alarm(r.p[0], 2 * SIM_S), ==, 0);
  sig_alarm(r.p[1], SIM_S);
  proc_exit(r.p[1]);
  run(&r);
  g_assert_cmpint(r.s[0].runs, ==, 2);
  g_assert_cmpint(r.s[0].at, ==, 6 * SIM_S);
  g_assert_cmpint(r.s[0].wake, ==, PROC_WAKE_SIGNAL);
  g_assert_cmpint(r.s[1].runs, ==, 1);
  rig_free(&r);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/sig/numbers", test_numbers);
  g_test_add_func("/sig/intr-sleep", test_intr_sleep);
  g_test_add_func("/sig/ignored-no-wake", test_ignored_no_wake);
  g_test_add_func("/sig/blocked", test_blocked);
  g_test_add_func("/sig/default-kill", test_default_kill);
  g_test_add_func("/sig/postsig-caught", test_postsig_caught);
  g_test_add_func("/sig/setdisp", test_setdisp);
  g_test_add_func("/sig/kill", test_kill);
  g_test_add_func("/sig/owner", test_owner);
  g_test_add_func("/sig/alarm", test_alarm);
  return g_test_run();
}
