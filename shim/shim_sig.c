/* shim/shim_sig.c: signals. The simulated host decides who is
 * signalled and when (kill, alarm, SIGPIPE, SIGURG, SIGCHLD all post to
 * the simulated process); a program's handlers run in the real process:
 * sigaction and signal install the handler for real (libc's own
 * sigaction) and tell the simulator the disposition; when a reply says a
 * caught signal is due (chan_rep.sigs), the shim raises it in the real
 * process, so the handler runs before the call returns. sigvec (4.3BSD's
 * sigaction, which glibc keeps only for old binaries) is one more way
 * in; setitimer and getitimer are ITIMER_REAL, the alarm's timer, on the
 * simulated clock. Signal numbers
 * differ between Linux and 4.4BSD (SIGCHLD 17 and 20, SIGUSR1 10 and
 * 30, ...): the tables below. */
#define _GNU_SOURCE
#include "shim.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#define X SHIM_EXPORT

/* Linux number -> 4.4BSD number (0: the host has none). */
static const int to_bsd[32] = {
  0, 1, 2, 3, 4, 5, 6, 10, 8, 9, 30, 11, 31, 13, 14, 15,
  0, 20, 19, 17, 18, 21, 22, 16, 24, 25, 26, 27, 28, 23, 0, 12,
};

int shim_sig_to_bsd(int sig);
int shim_sig_from_bsd(int bsd);

int shim_sig_to_bsd(int sig)
{
  return sig > 0 && sig < 32 ? to_bsd[sig] : 0;
}

int shim_sig_from_bsd(int bsd)
{
  for (int s = 1; s < 32; s++)
    if (to_bsd[s] == bsd)
      return s;
  return 0;
}

void shim_deliver(int64_t sigs)
{
  long tid = shim_sys(SYS_gettid, 0, 0, 0, 0, 0, 0);
  long pid = shim_sys(SYS_getpid, 0, 0, 0, 0, 0, 0);
  for (int b = 1; b < 32; b++)
    if (sigs >> (b - 1) & 1) {
      int s = shim_sig_from_bsd(b);
      if (s)
        shim_sys(SYS_tgkill, pid, tid, s, 0, 0, 0);
    }
}

typedef int (*sigaction_fn)(int, const struct sigaction *,
                            struct sigaction *);

X int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
  static sigaction_fn libc_sigaction;
  if (!libc_sigaction)
    libc_sigaction = (sigaction_fn)dlsym(RTLD_NEXT, "sigaction");
  int bsd = shim_sig_to_bsd(sig);
  if (act && bsd) {
    int disp = act->sa_handler == SIG_DFL ? 0
             : act->sa_handler == SIG_IGN ? 1 : 2;
    if (shim_simple(CHAN_SIGDISP, bsd, disp,
                    (act->sa_flags & SA_RESTART) != 0, 0, 0) < 0)
      return -1;
  }
  return libc_sigaction(sig, act, old);
}

X sighandler_t signal(int sig, sighandler_t fn)
{
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sa.sa_flags = SA_RESTART;           /* BSD signal() semantics */
  if (sigaction(sig, &sa, &old) < 0)
    return SIG_ERR;
  return old.sa_handler;
}

sighandler_t bsd_signal(int sig, sighandler_t fn);

X sighandler_t bsd_signal(int sig, sighandler_t fn)
{
  return signal(sig, fn);
}

X sighandler_t sigset(int sig, sighandler_t fn)
{
  return signal(sig, fn);
}

X int kill(pid_t pid, int sig)
{
  int bsd = sig == 0 ? 0 : shim_sig_to_bsd(sig);
  if (sig != 0 && !bsd) {
    errno = EINVAL;
    return -1;
  }
  return (int)shim_simple(CHAN_KILL, pid, bsd, 0, 0, 0);
}

X int killpg(pid_t pgrp, int sig)
{
  return kill(-pgrp, sig);
}

X int raise(int sig)
{
  return kill(getpid(), sig);
}

X unsigned int alarm(unsigned int s)
{
  return (unsigned int)shim_simple(CHAN_ALARM, s, 0, 0, 0, 0);
}

static int64_t tv_ns(const struct timeval *tv)
{
  return (int64_t)tv->tv_sec * 1000000000 + (int64_t)tv->tv_usec * 1000;
}

static void ns_tv(int64_t ns, struct timeval *tv)
{
  tv->tv_sec = ns / 1000000000;
  tv->tv_usec = (ns % 1000000000 + 999) / 1000;   /* time left: up */
  if (tv->tv_usec == 1000000) {
    tv->tv_sec++;
    tv->tv_usec = 0;
  }
}

static bool tv_bad(const struct timeval *tv)
{
  return tv->tv_sec < 0 || tv->tv_sec > 100000000 || tv->tv_usec < 0 ||
         tv->tv_usec >= 1000000;                  /* itimerfix */
}

/* ITIMER_REAL only: simulated time never passes while a program
 * computes, so a virtual or profiling timer would never fire. */
static void real_only(int which, const char *call)
{
  if (which != ITIMER_REAL)
    shim_uncovered(call);
}

X int getitimer(__itimer_which_t which, struct itimerval *v)
{
  real_only(which, "getitimer (ITIMER_VIRTUAL or ITIMER_PROF)");
  struct chan_req r = { .op = CHAN_ITIMER, .a = { 0 } };
  struct chan_rep rep;
  if (shim_call(&r, NULL, 0, &rep, NULL, 0) < 0)
    return -1;
  ns_tv(rep.b[0], &v->it_value);
  ns_tv(rep.b[1], &v->it_interval);
  return 0;
}

X int setitimer(__itimer_which_t which, const struct itimerval *v,
                struct itimerval *old)
{
  real_only(which, "setitimer (ITIMER_VIRTUAL or ITIMER_PROF)");
  if (!v || tv_bad(&v->it_value) || tv_bad(&v->it_interval)) {
    errno = v ? EINVAL : EFAULT;
    return -1;
  }
  struct chan_req r = { .op = CHAN_ITIMER,
                        .a = { 1, tv_ns(&v->it_value),
                               tv_ns(&v->it_interval) } };
  struct chan_rep rep;
  if (shim_call(&r, NULL, 0, &rep, NULL, 0) < 0)
    return -1;
  if (old) {
    ns_tv(rep.b[0], &old->it_value);
    ns_tv(rep.b[1], &old->it_interval);
  }
  return 0;
}

/* 4.3BSD's struct sigvec and its flags, as glibc had them. */
struct sigvec {
  void (*sv_handler)(int);
  int sv_mask;                        /* sigmask(s): 1 << (s - 1) */
  int sv_flags;
};
#define SV_ONSTACK 1
#define SV_INTERRUPT 2                /* no restart after the handler */
#define SV_RESETHAND 4

int sigvec(int sig, const struct sigvec *vec, struct sigvec *ovec);

/* glibc links no new program against sigvec (it keeps sigvec@GLIBC_2.2.5
 * for old binaries only); an old binary's call binds here, since the
 * shim comes first and its unversioned definition satisfies a versioned
 * reference, and so does one found with dlsym. */
X int sigvec(int sig, const struct sigvec *vec, struct sigvec *ovec)
{
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  if (vec) {
    sa.sa_handler = vec->sv_handler;
    sigemptyset(&sa.sa_mask);
    for (int s = 1; s < 32; s++)
      if (vec->sv_mask >> (s - 1) & 1)
        sigaddset(&sa.sa_mask, s);
    sa.sa_flags = (vec->sv_flags & SV_INTERRUPT ? 0 : SA_RESTART) |
                  (vec->sv_flags & SV_ONSTACK ? SA_ONSTACK : 0) |
                  (vec->sv_flags & SV_RESETHAND ? SA_RESETHAND : 0);
  }
  if (sigaction(sig, vec ? &sa : NULL, &old) < 0)
    return -1;
  if (ovec) {
    ovec->sv_handler = old.sa_handler;
    ovec->sv_mask = 0;
    for (int s = 1; s < 32; s++)
      if (sigismember(&old.sa_mask, s) == 1)
        ovec->sv_mask |= 1 << (s - 1);
    ovec->sv_flags = (old.sa_flags & SA_RESTART ? 0 : SV_INTERRUPT) |
                     (old.sa_flags & SA_ONSTACK ? SV_ONSTACK : 0) |
                     (old.sa_flags & SA_RESETHAND ? SV_RESETHAND : 0);
  }
  return 0;
}

/* The blocked set, in BSD bits from a Linux sigset_t. */
static int64_t set_to_bsd(const sigset_t *set)
{
  int64_t b = 0;
  for (int s = 1; s < 32; s++)
    if (sigismember(set, s) == 1 && to_bsd[s])
      b |= (int64_t)1 << (to_bsd[s] - 1);
  return b;
}

static void bsd_to_set(int64_t b, sigset_t *set)
{
  sigemptyset(set);
  for (int s = 1; s < 32; s++)
    if (to_bsd[s] && (b >> (to_bsd[s] - 1) & 1))
      sigaddset(set, s);
}

/* The simulated process's mask is the one that counts (signals are
 * posted there); the real one is left alone, since the shim raises a
 * signal only when the simulator says it is due. */
X int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
  int h = how == SIG_BLOCK ? 0 : how == SIG_UNBLOCK ? 1 : 2;
  int64_t prev = shim_simple(CHAN_SIGMASK, set ? h : 0,
                             set ? set_to_bsd(set) : 0, 0, 0, 0);
  if (prev < 0)
    return -1;
  if (old)
    bsd_to_set(prev, old);
  return 0;
}

X int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
  return sigprocmask(how, set, old) < 0 ? errno : 0;
}
