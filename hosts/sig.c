/* hosts/sig.c: signals (see sig.h). Posting follows 4.4BSD's psignal:
 * ignored signals vanish, blocked ones wait, and a sleeper is woken only
 * when the signal can act (caught in an interruptible sleep, or one that
 * terminates). Acting happens when the process next runs: its owner asks
 * sig_fatal and sig_issig, and runs handlers itself. Read: 4.4BSD
 * kern/kern_sig.c, sys/signalvar.h, lib/libc/compat-43/killpg.c. */
#include "sig.h"
#include "host.h"
#include "proc.h"

#include <limits.h>
#include <errno.h>

/* 4.4BSD sys/signalvar.h sigprop[]. */
static const int sigprop[BSD_NSIG] = {
  [BSD_SIGHUP] = SIGPROP_KILL,
  [BSD_SIGINT] = SIGPROP_KILL,
  [BSD_SIGQUIT] = SIGPROP_KILL | SIGPROP_CORE,
  [BSD_SIGILL] = SIGPROP_KILL | SIGPROP_CORE,
  [BSD_SIGTRAP] = SIGPROP_KILL | SIGPROP_CORE,
  [BSD_SIGABRT] = SIGPROP_KILL | SIGPROP_CORE,
  [BSD_SIGEMT] = SIGPROP_KILL | SIGPROP_CORE,
  [BSD_SIGFPE] = SIGPROP_KILL | SIGPROP_CORE,
  [BSD_SIGKILL] = SIGPROP_KILL,
  [BSD_SIGBUS] = SIGPROP_KILL | SIGPROP_CORE,
  [BSD_SIGSEGV] = SIGPROP_KILL | SIGPROP_CORE,
  [BSD_SIGSYS] = SIGPROP_KILL | SIGPROP_CORE,
  [BSD_SIGPIPE] = SIGPROP_KILL,
  [BSD_SIGALRM] = SIGPROP_KILL,
  [BSD_SIGTERM] = SIGPROP_KILL,
  [BSD_SIGURG] = SIGPROP_IGNORE,
  [BSD_SIGSTOP] = SIGPROP_STOP,
  [BSD_SIGTSTP] = SIGPROP_STOP | SIGPROP_TTYSTOP,
  [BSD_SIGCONT] = SIGPROP_IGNORE | SIGPROP_CONT,
  [BSD_SIGCHLD] = SIGPROP_IGNORE,
  [BSD_SIGTTIN] = SIGPROP_STOP | SIGPROP_TTYSTOP,
  [BSD_SIGTTOU] = SIGPROP_STOP | SIGPROP_TTYSTOP,
  [BSD_SIGIO] = SIGPROP_IGNORE,
  [BSD_SIGXCPU] = SIGPROP_KILL,
  [BSD_SIGXFSZ] = SIGPROP_KILL,
  [BSD_SIGVTALRM] = SIGPROP_KILL,
  [BSD_SIGPROF] = SIGPROP_KILL,
  [BSD_SIGWINCH] = SIGPROP_IGNORE,
  [BSD_SIGINFO] = SIGPROP_IGNORE,
  [BSD_SIGUSR1] = SIGPROP_KILL,
  [BSD_SIGUSR2] = SIGPROP_KILL,
};

static const char *const signames[BSD_NSIG] = {
  NULL, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
  "SIGEMT", "SIGFPE", "SIGKILL", "SIGBUS", "SIGSEGV", "SIGSYS", "SIGPIPE",
  "SIGALRM", "SIGTERM", "SIGURG", "SIGSTOP", "SIGTSTP", "SIGCONT",
  "SIGCHLD", "SIGTTIN", "SIGTTOU", "SIGIO", "SIGXCPU", "SIGXFSZ",
  "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGINFO", "SIGUSR1", "SIGUSR2",
};

#define CANTMASK (BSD_SIGBIT(BSD_SIGKILL) | BSD_SIGBIT(BSD_SIGSTOP))
#define STOPMASK (BSD_SIGBIT(BSD_SIGSTOP) | BSD_SIGBIT(BSD_SIGTSTP) | \
                  BSD_SIGBIT(BSD_SIGTTIN) | BSD_SIGBIT(BSD_SIGTTOU))
#define CONTMASK BSD_SIGBIT(BSD_SIGCONT)

bool sig_valid(int sig)
{
  return sig > 0 && sig < BSD_NSIG;
}

const char *sig_name(int sig)
{
  return sig_valid(sig) ? signames[sig] : NULL;
}

int sig_prop(int sig)
{
  g_return_val_if_fail(sig_valid(sig), 0);
  return sigprop[sig];
}

void sig_init(struct sigstate *s)
{
  *s = (struct sigstate){ 0 };
  for (int sig = 1; sig < BSD_NSIG; sig++)
    if ((sigprop[sig] & SIGPROP_IGNORE) && sig != BSD_SIGCONT)
      s->ignored |= BSD_SIGBIT(sig);
}

void sig_fork(struct sigstate *child, const struct sigstate *parent)
{
  *child = *parent;
  child->pending = 0;
  child->oldmask = 0;
  child->oldmask_set = false;
  child->alarm_ev = 0;
  child->alarm_at = 0;
  child->alarm_every = 0;
}

/* Whether sig, posted and unblocked, can act in p: caught, or a default
 * action that terminates. */
static bool acts(const struct proc *p, int sig)
{
  uint32_t bit = BSD_SIGBIT(sig);
  if (p->sig.caught & bit)
    return true;
  return !(p->sig.ignored & bit) && (sigprop[sig] & SIGPROP_KILL);
}

void sig_psignal(struct proc *p, int sig)
{
  g_return_if_fail(sig_valid(sig));
  uint32_t bit = BSD_SIGBIT(sig);
  int prop = sigprop[sig];
  struct sigstate *s = &p->sig;
  if (p->state == PROC_EXITED || (s->ignored & bit))
    return;
  if (prop & SIGPROP_CONT)
    s->pending &= ~STOPMASK;
  if (prop & SIGPROP_STOP) {
    s->pending &= ~CONTMASK;
    if (!(s->caught & bit))
      return;                 /* stopping is not modelled */
  }
  s->pending |= bit;
  if ((s->mask & bit) || p->state != PROC_SLEEPING || !acts(p, sig))
    return;
  if (p->sleep_intr || !(s->caught & bit))
    proc_setrunnable(p, PROC_WAKE_SIGNAL);
}

int sig_gsignal(struct host *h, int pgrp, int sig)
{
  int n = 0;
  for (guint i = 0; i < h->procs->len; i++) {
    struct proc *p = g_ptr_array_index(h->procs, i);
    if (p->state != PROC_EXITED && p->pgrp == pgrp) {
      sig_psignal(p, sig);
      n++;
    }
  }
  return n;
}

void sig_owner(struct host *h, int pgid, int sig)
{
  if (pgid < 0) {
    sig_gsignal(h, -pgid, sig);
  } else if (pgid > 0) {
    struct proc *p = proc_find(h, pgid);
    if (p)
      sig_psignal(p, sig);
  }
}

/* 4.4BSD CANSIGNAL with one uid per process and one session per host. */
static bool cansignal(const struct proc *cp, const struct proc *q, int sig)
{
  return cp->uid == 0 || cp->uid == q->uid || sig == BSD_SIGCONT;
}

/* killpg1(): to every live process of group pgrp (all: of the host but
 * cp). -ESRCH when none could be signalled. */
static int killpg1(struct proc *cp, int sig, int pgrp, bool all)
{
  struct host *h = cp->host;
  int found = 0;
  for (guint i = 0; i < h->procs->len; i++) {
    struct proc *p = g_ptr_array_index(h->procs, i);
    if (p->state == PROC_EXITED || (all ? p == cp : p->pgrp != pgrp))
      continue;
    if (!cansignal(cp, p, sig))
      continue;
    found++;
    if (sig)
      sig_psignal(p, sig);
  }
  return found ? 0 : -ESRCH;
}

int sig_kill(struct proc *cp, int pid, int sig)
{
  if (sig < 0 || sig >= BSD_NSIG)
    return -EINVAL;
  if (pid > 0) {
    struct proc *p = proc_find(cp->host, pid);
    if (!p)
      return -ESRCH;
    if (!cansignal(cp, p, sig))
      return -EPERM;
    if (sig)
      sig_psignal(p, sig);
    return 0;
  }
  if (pid == -1)
    return killpg1(cp, sig, 0, true);
  if (pid == INT_MIN)             /* -pid overflows; no group has it */
    return -ESRCH;
  return killpg1(cp, sig, pid == 0 ? cp->pgrp : -pid, false);
}

int sig_killpg(struct proc *cp, int pgrp, int sig)
{
  if (sig < 0 || sig >= BSD_NSIG)
    return -EINVAL;
  if (pgrp == 1 || pgrp < 0)      /* 4.4BSD: pgfind finds no such group */
    return -ESRCH;
  return sig_kill(cp, -pgrp, sig);
}

int sig_setdisp(struct proc *p, int sig, enum sig_disp d)
{
  g_return_val_if_fail(sig_valid(sig), -EINVAL);
  struct sigstate *s = &p->sig;
  uint32_t bit = BSD_SIGBIT(sig);
  if ((bit & CANTMASK) && d != SIG_DISP_DFL)
    return -EINVAL;
  enum sig_disp old = sig_getdisp(p, sig);
  s->caught &= ~bit;
  s->ignored &= ~bit;
  s->ign_set &= ~bit;
  if (d == SIG_DISP_IGN)
    s->ign_set |= bit;
  if (d == SIG_DISP_CATCH) {
    s->caught |= bit;
  } else if (d == SIG_DISP_IGN ||
             (sigprop[sig] & SIGPROP_IGNORE)) {
    s->pending &= ~bit;
    if (sig != BSD_SIGCONT)
      s->ignored |= bit;
  }
  return (int)old;
}

enum sig_disp sig_getdisp(const struct proc *p, int sig)
{
  uint32_t bit = BSD_SIGBIT(sig);
  if (p->sig.caught & bit)
    return SIG_DISP_CATCH;
  if (p->sig.ign_set & bit)
    return SIG_DISP_IGN;
  return SIG_DISP_DFL;
}

uint32_t sig_setmask(struct proc *p, uint32_t mask)
{
  uint32_t old = p->sig.mask;
  p->sig.mask = mask & ~CANTMASK;
  return old;
}

int sig_issig(struct proc *p)
{
  struct sigstate *s = &p->sig;
  uint32_t m;
  while ((m = s->pending & ~s->mask) != 0) {
    int sig = __builtin_ctz(m) + 1;
    if (acts(p, sig))
      return sig;
    s->pending &= ~BSD_SIGBIT(sig);       /* default: ignore */
  }
  return 0;
}

int sig_fatal(struct proc *p)
{
  uint32_t m = p->sig.pending & ~p->sig.mask & ~p->sig.caught;
  for (int sig = 1; m; sig++, m >>= 1)
    if ((m & 1) && acts(p, sig))
      return sig;
  return 0;
}

bool sig_postsig(struct proc *p, int sig, uint32_t *restore)
{
  struct sigstate *s = &p->sig;
  uint32_t bit = BSD_SIGBIT(sig);
  s->pending &= ~bit;
  if (!(s->caught & bit)) {
    proc_exit_status(p, BSD_W_EXITCODE(0, sig));
    return false;
  }
  *restore = s->oldmask_set ? s->oldmask : s->mask;
  s->oldmask_set = false;
  s->mask |= bit;
  return true;
}

bool sig_restarts(const struct proc *p, int sig)
{
  return !(p->sig.intr & BSD_SIGBIT(sig));
}

bool sig_wakes(const struct proc *p)
{
  uint32_t m = p->sig.pending & ~p->sig.mask;
  for (int sig = 1; m; sig++, m >>= 1)
    if ((m & 1) && acts(p, sig))
      return true;
  return false;
}

/* realitexpire: SIGALRM, and the next expiry when the timer repeats
 * (counted from this one, not from now, as 4.4BSD adds it_interval to
 * it_value). */
static void alarm_event(void *a, void *b)
{
  struct proc *p = a;
  struct sigstate *s = &p->sig;
  s->alarm_ev = 0;
  if (s->alarm_every > 0) {
    s->alarm_at += s->alarm_every;
    s->alarm_ev = sched_at(p->host->sim->sched, s->alarm_at, alarm_event,
                           p, NULL);
  }
  sig_psignal(p, BSD_SIGALRM);
}

void sig_getitimer(const struct proc *p, sim_time_t *value,
                   sim_time_t *interval)
{
  const struct sigstate *s = &p->sig;
  *value = s->alarm_ev ? s->alarm_at - sched_now(p->host->sim->sched) : 0;
  *interval = s->alarm_ev ? s->alarm_every : 0;
}

/* itimerfix: a time under one clock tick (hz 100: 10 ms) is one tick. */
static sim_time_t itimerfix(sim_time_t t)
{
  return t > 0 && t < SIM_S / 100 ? SIM_S / 100 : t;
}

void sig_setitimer(struct proc *p, sim_time_t value, sim_time_t interval,
                   sim_time_t *old_value, sim_time_t *old_interval)
{
  value = itimerfix(value);
  interval = itimerfix(interval);
  struct sched *q = p->host->sim->sched;
  struct sigstate *s = &p->sig;
  sim_time_t v, i;
  sig_getitimer(p, &v, &i);
  if (old_value)
    *old_value = v;
  if (old_interval)
    *old_interval = i;
  sig_exit(p);
  s->alarm_every = value > 0 ? interval : 0;
  if (value > 0) {
    s->alarm_at = sched_now(q) + value;
    s->alarm_ev = sched_at(q, s->alarm_at, alarm_event, p, NULL);
  }
}

sim_time_t sig_alarm(struct proc *p, sim_time_t t)
{
  sim_time_t left;
  sig_setitimer(p, t, 0, &left, NULL);
  return left;
}

void sig_exit(struct proc *p)
{
  sched_cancel(p->host->sim->sched, p->sig.alarm_ev);
  p->sig.alarm_ev = 0;
}
