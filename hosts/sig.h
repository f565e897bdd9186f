/* hosts/sig.h: 4.4BSD signals for simulated processes: the numbers and
 * default actions, a process's signal state, posting (to a process, a
 * process group, a socket's owner), kill(2), alarm(3), and the C half of
 * delivery: which signal acts next and what it does. Nothing here runs a
 * handler; the owner of the process (the Lua runtime) runs its handlers.
 * <glib.h> brings this machine's <signal.h>, whose SIGCHLD (17 on Linux)
 * is not 4.4BSD's (20): C code uses the BSD_SIG* names below only.
 * Not modelled: stopping (a stop signal with the default action is
 * discarded), core files, sessions, sigaltstack.
 * Read: 4.4BSD sys/signal.h, sys/signalvar.h (sigprop), kern/kern_sig.c
 * (psignal, issig, postsig, kill, killpg1), kern/kern_exit.c. */
#ifndef IPCSIM_SIG_H
#define IPCSIM_SIG_H

#include <stdbool.h>
#include <stdint.h>
#include "sim.h"

struct host;
struct proc;

/* 4.4BSD sys/signal.h numbers. */
enum bsd_sig {
  BSD_SIGHUP = 1, BSD_SIGINT = 2, BSD_SIGQUIT = 3, BSD_SIGILL = 4,
  BSD_SIGTRAP = 5, BSD_SIGABRT = 6, BSD_SIGEMT = 7, BSD_SIGFPE = 8,
  BSD_SIGKILL = 9, BSD_SIGBUS = 10, BSD_SIGSEGV = 11, BSD_SIGSYS = 12,
  BSD_SIGPIPE = 13, BSD_SIGALRM = 14, BSD_SIGTERM = 15, BSD_SIGURG = 16,
  BSD_SIGSTOP = 17, BSD_SIGTSTP = 18, BSD_SIGCONT = 19, BSD_SIGCHLD = 20,
  BSD_SIGTTIN = 21, BSD_SIGTTOU = 22, BSD_SIGIO = 23, BSD_SIGXCPU = 24,
  BSD_SIGXFSZ = 25, BSD_SIGVTALRM = 26, BSD_SIGPROF = 27,
  BSD_SIGWINCH = 28, BSD_SIGINFO = 29, BSD_SIGUSR1 = 30, BSD_SIGUSR2 = 31,
  BSD_NSIG = 32,              /* counting 0; signals are 1..31 */
};

/* sigmask(sig) of 4.4BSD: the bit of sig in a signal set. */
#define BSD_SIGBIT(sig) (1u << ((sig) - 1))

/* Default actions, 4.4BSD sys/signalvar.h's sigprop bits. */
enum sig_prop {
  SIGPROP_KILL = 0x01,        /* terminates the process by default */
  SIGPROP_CORE = 0x02,        /* and would dump core (no core here) */
  SIGPROP_STOP = 0x04,        /* stops by default (here: discarded) */
  SIGPROP_TTYSTOP = 0x08,     /* a stop from the terminal */
  SIGPROP_IGNORE = 0x10,      /* ignored by default */
  SIGPROP_CONT = 0x20,        /* continues a stopped process */
};

/* A signal's disposition, as signal(2) sets it. */
enum sig_disp {
  SIG_DISP_DFL,               /* SIG_DFL: the default action */
  SIG_DISP_IGN,               /* SIG_IGN: discarded */
  SIG_DISP_CATCH,             /* a handler, run by the owner */
};

/* 4.4BSD wait status words (sys/wait.h): exit(n) gives n << 8, death by
 * signal s gives s (WCOREFLAG 0200 is never set: no core files). */
#define BSD_W_EXITCODE(ret, sig) (((ret) & 0377) << 8 | (sig))
#define BSD_WNOHANG 1         /* wait3/wait4 option: do not block */
#define BSD_WUNTRACED 2       /* wait3/wait4 option: report stopped */

/* A process's signal state (struct proc's p_siglist, p_sigmask, ... and
 * struct sigacts' ps_sigintr, ps_oldmask). Sets are BSD_SIGBIT masks. */
struct sigstate {
  uint32_t pending;           /* posted, not yet acted on (p_siglist) */
  uint32_t mask;              /* blocked (p_sigmask) */
  uint32_t caught;            /* a handler is installed (p_sigcatch) */
  uint32_t ignored;           /* discarded when posted (p_sigignore) */
  uint32_t ign_set;           /* of those, set to SIG_IGN explicitly */
  uint32_t intr;              /* siginterrupt(sig, 1): no SA_RESTART */
  uint32_t oldmask;           /* mask to restore after sigpause */
  bool oldmask_set;           /* sigpause is waiting (SA_OLDMASK) */
  sched_event_id alarm_ev;    /* pending alarm(3) event, or 0 */
  sim_time_t alarm_at;        /* when it fires */
  sim_time_t alarm_every;     /* ITIMER_REAL's it_interval: it fires
                                 again this long after (0: once) */
};

/* Whether sig is a signal number (1..31). */
bool sig_valid(int sig);

/* "SIGCHLD" for BSD_SIGCHLD; NULL when not sig_valid. */
const char *sig_name(int sig);

/* The default-action bits (enum sig_prop) of a valid sig. */
int sig_prop(int sig);

/* The state of a new process (spawned, not forked): every signal
 * SIG_DFL, none blocked or pending; the default-ignore signals other than
 * SIGCONT are in `ignored`, as 4.4BSD's siginit does. */
void sig_init(struct sigstate *s);

/* A forked child's state: the parent's dispositions, mask and intr set;
 * nothing pending, no alarm (4.4BSD fork clears both). */
void sig_fork(struct sigstate *child, const struct sigstate *parent);

/* psignal(): posts sig (valid) to p. Nothing happens to an exited
 * process or an ignored signal; a stop signal with the default action is
 * discarded (not modelled). Otherwise sig becomes pending and, unless
 * blocked, a sleeping p is woken with PROC_WAKE_SIGNAL when sig is caught
 * and the sleep is interruptible (proc_tsleep_intr), or whatever the
 * sleep when the default action terminates. The owner acts on it when p
 * next runs (sig_fatal, sig_issig). Safe from any event or process. */
void sig_psignal(struct proc *p, int sig);

/* gsignal(): posts sig to every live process of group pgrp on h. Returns
 * how many there were. */
int sig_gsignal(struct host *h, int pgrp, int sig);

/* A signal for a socket's owner, with 4.4BSD so_pgid semantics (SIGURG
 * from tcp_input, SIGIO from sowakeup): pgid < 0 posts to group -pgid,
 * pgid > 0 to process pgid (when it exists), 0 to nobody. */
void sig_owner(struct host *h, int pgid, int sig);

/* kill(2) from process cp: pid > 0 that process, 0 cp's group, -1 every
 * other process of the host, < -1 group -pid. sig 0 only checks. Returns
 * 0, -EINVAL (sig not 0..31), -ESRCH (no such process, or none in the
 * group), -EPERM (cp is not root and the target's uid differs; SIGCONT is
 * always allowed, as within a session). */
int sig_kill(struct proc *cp, int pid, int sig);

/* killpg(3): kill(-pgrp, sig), but -ESRCH for pgrp 1 (4.4BSD libc; -1
 * would mean every process) and for a negative pgrp (no group has it),
 * and cp's group for 0. */
int sig_killpg(struct proc *cp, int pgrp, int sig);

/* sigaction's core: sets sig's disposition. Returns the previous one, or
 * -EINVAL for SIGKILL or SIGSTOP with anything but SIG_DISP_DFL. Setting
 * SIG_IGN, or SIG_DFL on a default-ignore signal, discards it if
 * pending. */
int sig_setdisp(struct proc *p, int sig, enum sig_disp d);

/* sig's disposition in p. */
enum sig_disp sig_getdisp(const struct proc *p, int sig);

/* Sets the blocked set (SIGKILL and SIGSTOP are never blocked); returns
 * the previous one. The caller delivers what this unblocked. */
uint32_t sig_setmask(struct proc *p, uint32_t mask);

/* The next signal p must act on now (lowest number first), or 0: a
 * pending, unblocked signal that is caught or terminates. Pending signals
 * whose action is to be ignored are discarded on the way. */
int sig_issig(struct proc *p);

/* A pending, unblocked signal whose default action terminates p, or 0.
 * The owner checks this before it resumes p: such a signal kills p even
 * while a caught signal waits or the sleep was not interruptible. */
int sig_fatal(struct proc *p);

/* postsig(): acts on sig (from sig_issig or sig_fatal), taking it off
 * pending. A caught signal returns true: sig is now blocked, *restore is
 * the mask to put back (sig_setmask) after the owner ran the handler (the
 * pre-sigpause mask when sigpause was waiting). Otherwise p exits with
 * status sig (proc_exit_status) and this returns false. */
bool sig_postsig(struct proc *p, int sig, uint32_t *restore);

/* Whether a system call broken by sig is restarted (its handler was
 * installed with SA_RESTART, i.e. siginterrupt(sig, 1) was not called). */
bool sig_restarts(const struct proc *p, int sig);

/* Whether a pending unblocked signal would break an interruptible sleep
 * now (caught, or terminating). */
bool sig_wakes(const struct proc *p);

/* alarm(3) with simulated time: SIGALRM to p after t (0 cancels).
 * Returns the time the previous alarm had left, 0 when none. */
sim_time_t sig_alarm(struct proc *p, sim_time_t t);

/* setitimer(ITIMER_REAL, ...), of which alarm(3) is the special case
 * (4.4BSD kern_time.c, realitexpire): SIGALRM to p after value (0
 * cancels), then every interval (0: once); a time under a clock tick
 * (10 ms) is a tick, as itimerfix makes it. *old_value and *old_interval
 * (either may be NULL) get the previous timer's (getitimer: pass the
 * current ones back with sig_getitimer). */
void sig_setitimer(struct proc *p, sim_time_t value, sim_time_t interval,
                   sim_time_t *old_value, sim_time_t *old_interval);

/* getitimer(ITIMER_REAL): the time left (0: none) and the interval. */
void sig_getitimer(const struct proc *p, sim_time_t *value,
                   sim_time_t *interval);

/* Cancels p's alarm (p exits). */
void sig_exit(struct proc *p);

#endif
