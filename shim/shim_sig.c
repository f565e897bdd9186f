/* shim/shim_sig.c: signals. The simulated host decides who is
 * signalled and when (kill, alarm, SIGPIPE, SIGURG, SIGCHLD all post to
 * the simulated process); a program's handlers run in the real process:
 * sigaction and signal install the handler for real (libc's own
 * sigaction) and tell the simulator the disposition; when a reply says a
 * caught signal is due (chan_rep.sigs), the shim raises it in the real
 * process, so the handler runs before the call returns. Signal numbers
 * differ between Linux and 4.4BSD (SIGCHLD 17 and 20, SIGUSR1 10 and
 * 30, ...): the tables below. */
#define _GNU_SOURCE
#include "shim.h"

#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
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
