/* shim/shim_proc.c: time, sleeping, processes and their ids, kill,
 * gethostname, and what is refused: threads (pthread_create), and the
 * calls the simulated host does not provide. Time is simulated time (ns
 * since the epoch at the run's start); sleeping sleeps the simulated
 * process. fork makes the child a new simulated process; its real
 * process is a fork of this one that the simulator adopts (it is made an
 * orphan at once, and ipcsim is the subreaper), with a channel and
 * output pipes of its own. */
#define _GNU_SOURCE
#include "shim.h"
#pragma GCC diagnostic ignored "-Wnonnull-compare"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <ifaddrs.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define X SHIM_EXPORT

static int64_t now_ns(void)
{
  struct chan_req r = { .op = CHAN_GETTIME };
  struct chan_rep rep;
  shim_call(&r, NULL, 0, &rep, NULL, 0);
  return rep.b[0];
}

X int gettimeofday(struct timeval *tv, void *tz)
{
  (void)tz;
  int64_t t = now_ns();
  if (tv != NULL) {
    tv->tv_sec = t / 1000000000;
    tv->tv_usec = t % 1000000000 / 1000;
  }
  return 0;
}

X time_t time(time_t *out)
{
  time_t t = (time_t)(now_ns() / 1000000000);
  if (out)
    *out = t;
  return t;
}

X int clock_gettime(clockid_t id, struct timespec *ts)
{
  (void)id;                           /* every clock is simulated time */
  int64_t t = now_ns();
  ts->tv_sec = t / 1000000000;
  ts->tv_nsec = t % 1000000000;
  return 0;
}

/* Sleeps ns of simulated time; the time left when a signal ended it. */
static int64_t sim_sleep(int64_t ns)
{
  struct chan_req r = { .op = CHAN_SLEEP, .a = { ns } };
  struct chan_rep rep;
  shim_call(&r, NULL, 0, &rep, NULL, 0);
  return rep.b[0];
}

X unsigned int sleep(unsigned int s)
{
  int64_t left = sim_sleep((int64_t)s * 1000000000);
  return (unsigned int)((left + 999999999) / 1000000000);
}

X int pause(void)
{
  sim_sleep(-1);                      /* until a signal */
  errno = EINTR;
  return -1;
}

X int usleep(useconds_t us)
{
  sim_sleep((int64_t)us * 1000);
  return 0;
}

X int nanosleep(const struct timespec *req, struct timespec *rem)
{
  int64_t left = sim_sleep((int64_t)req->tv_sec * 1000000000 + req->tv_nsec);
  if (rem) {
    rem->tv_sec = left / 1000000000;
    rem->tv_nsec = left % 1000000000;
  }
  if (left > 0) {
    errno = EINTR;
    return -1;
  }
  return 0;
}

X int clock_nanosleep(clockid_t id, int flags, const struct timespec *req,
                      struct timespec *rem)
{
  (void)id;
  if (flags & TIMER_ABSTIME) {
    int64_t t = (int64_t)req->tv_sec * 1000000000 + req->tv_nsec - now_ns();
    sim_sleep(t > 0 ? t : 0);
    return 0;
  }
  return nanosleep(req, rem) < 0 ? errno : 0;
}

/* ---- processes ---- */

/* The real fork: a grandchild the simulator adopts. Returns 0 in it, 1
 * in this process, -1 on failure. libc's own fork (its atfork work). */
static int real_fork(int fds[4])
{
  static pid_t (*libc_fork)(void);
  if (!libc_fork)
    libc_fork = (pid_t (*)(void))dlsym(RTLD_NEXT, "fork");
  pid_t mid = libc_fork();
  if (mid < 0)
    return -1;
  if (mid == 0) {
    pid_t kid = libc_fork();
    if (kid == 0)
      return 0;
    shim_sys(SYS_exit_group, kid < 0, 0, 0, 0, 0, 0);
  }
  int st;
  shim_sys(SYS_wait4, mid, (long)&st, 0, 0, 0, 0);
  for (int i = 0; i < 4; i++)
    shim_sys(SYS_close, fds[i], 0, 0, 0, 0, 0);
  return 1;
}

X pid_t fork(void)
{
  struct chan_req r = { .op = CHAN_FORK };
  struct chan_rep rep;
  int fds[4];
  if (shim_call_fds(&r, &rep, fds, 4) < 0)
    return -1;
  int who = real_fork(fds);
  if (who == 0)
    return shim_fork_child(fds);
  if (who < 0)
    shim_uncovered("fork (the real fork failed)");
  return (pid_t)rep.ret;
}

X pid_t vfork(void)
{
  return fork();
}

/* BSD wait status words are Linux's: exit code << 8 | signal; but the
 * signal numbers differ (shim_proc_sig.c). */
int shim_sig_from_bsd(int bsd);

static int status_from_bsd(int st)
{
  if (st & 0x7f)
    return shim_sig_from_bsd(st & 0x7f);
  return st;
}

X pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
  struct chan_req r = { .op = CHAN_WAIT,
                        .a = { pid, options & WNOHANG ? CHAN_WNOHANG : 0 } };
  struct chan_rep rep;
  if (ru)
    memset(ru, 0, sizeof *ru);
  pid_t got = (pid_t)shim_call(&r, NULL, 0, &rep, NULL, 0);
  if (got > 0 && status)
    *status = status_from_bsd((int)rep.b[0]);
  return got;
}

X pid_t waitpid(pid_t pid, int *status, int options)
{
  return wait4(pid, status, options, NULL);
}

X pid_t wait(int *status)
{
  return wait4(-1, status, 0, NULL);
}

X pid_t wait3(int *status, int options, struct rusage *ru)
{
  return wait4(-1, status, options, ru);
}

static int64_t ids(int i)
{
  struct chan_req r = { .op = CHAN_GETIDS };
  struct chan_rep rep;
  int64_t pgrp = shim_call(&r, NULL, 0, &rep, NULL, 0);
  return i == 3 ? pgrp : rep.b[i];
}

X pid_t getpid(void) { return (pid_t)ids(0); }
X pid_t getppid(void) { return (pid_t)ids(1); }
X uid_t getuid(void) { return (uid_t)ids(2); }
X uid_t geteuid(void) { return (uid_t)ids(2); }
X int setuid(uid_t uid)
{
  return (int)shim_simple(CHAN_SETUID, (int64_t)uid, 0, 0, 0, 0);
}

X gid_t getgid(void) { return 0; }
X gid_t getegid(void) { return 0; }
X pid_t getpgrp(void) { return (pid_t)ids(3); }

X int gethostname(char *name, size_t len)
{
  struct chan_req r = { .op = CHAN_GETHOSTNAME };
  struct chan_rep rep;
  char buf[CHAN_NAME];
  memset(buf, 0, sizeof buf);
  shim_call(&r, NULL, 0, &rep, buf, sizeof buf - 1);
  if (strlen(buf) + 1 > len) {
    errno = ENAMETOOLONG;
    return -1;
  }
  strcpy(name, buf);
  return 0;
}

/* ---- refused ---- */

X int pthread_create(pthread_t *t, const pthread_attr_t *a,
                     void *(*fn)(void *), void *arg)
{
  (void)t; (void)a; (void)fn; (void)arg;
  shim_uncovered("pthread_create (threads are refused: only one real "
                 "thread may run, and its order must be the simulator's)");
}

X int epoll_create(int n) { (void)n; shim_uncovered("epoll_create"); }
X int epoll_create1(int f) { (void)f; shim_uncovered("epoll_create1"); }
X int daemon(int a, int b) { (void)a; (void)b; shim_uncovered("daemon"); }
X int epoll_ctl(int e, int op, int fd, struct epoll_event *ev)
{
  (void)e; (void)op; (void)fd; (void)ev;
  shim_uncovered("epoll_ctl");
}
X int epoll_wait(int e, struct epoll_event *ev, int n, int t)
{
  (void)e; (void)ev; (void)n; (void)t;
  shim_uncovered("epoll_wait");
}
X ssize_t sendfile(int out, int in, off_t *off, size_t n)
{
  (void)out; (void)in; (void)off; (void)n;
  shim_uncovered("sendfile");
}
X int ppoll(struct pollfd *p, nfds_t n, const struct timespec *t,
            const sigset_t *m)
{
  (void)p; (void)n; (void)t; (void)m;
  shim_uncovered("ppoll");
}
X int pselect(int n, fd_set *r, fd_set *w, fd_set *e,
              const struct timespec *t, const sigset_t *m)
{
  (void)n; (void)r; (void)w; (void)e; (void)t; (void)m;
  shim_uncovered("pselect");
}
X int recvmmsg(int fd, struct mmsghdr *v, unsigned int n, int f,
               struct timespec *t)
{
  (void)fd; (void)v; (void)n; (void)f; (void)t;
  shim_uncovered("recvmmsg");
}
X int sendmmsg(int fd, struct mmsghdr *v, unsigned int n, int f)
{
  (void)fd; (void)v; (void)n; (void)f;
  shim_uncovered("sendmmsg");
}
X int getifaddrs(struct ifaddrs **ifa)
{
  (void)ifa;
  shim_uncovered("getifaddrs");
}

/* Random bytes from the run's seed, so a program that draws them runs
 * the same every time (getrandom, and getentropy on top of it). */
X ssize_t getrandom(void *buf, size_t len, unsigned int flags)
{
  (void)flags;
  size_t n = len > CHAN_MAX ? CHAN_MAX : len;
  struct chan_req r = { .op = CHAN_RANDOM, .a = { (int64_t)n } };
  struct chan_rep rep;
  return shim_call(&r, NULL, 0, &rep, buf, n);
}

X int getentropy(void *buf, size_t len)
{
  if (len > 256) {
    errno = EIO;
    return -1;
  }
  return getrandom(buf, len, 0) == (ssize_t)len ? 0 : -1;
}
X int chroot(const char *p) { (void)p; shim_uncovered("chroot"); }

/* execve of another program: the shim follows it, since the channel is
 * inherited and the environment keeps LD_PRELOAD and the channel's
 * number (put back if the program dropped them). */
extern char **environ;

X int execve(const char *path, char *const argv[], char *const envp[])
{
  const char *keep[] = { "LD_PRELOAD", CHAN_FD_ENV, CHAN_PROG_ENV };
  size_t n = 0;
  while (envp && envp[n])
    n++;
  char **env = calloc(n + 4, sizeof *env);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    int ours = 0;
    for (int j = 0; j < 3; j++)
      ours |= strncmp(envp[i], keep[j], strlen(keep[j])) == 0 &&
              envp[i][strlen(keep[j])] == '=';
    if (!ours)
      env[k++] = envp[i];
  }
  for (int j = 0; j < 3; j++) {
    const char *v = getenv(keep[j]);
    if (v) {
      size_t l = strlen(keep[j]) + strlen(v) + 2;
      env[k] = malloc(l);
      strcpy(env[k], keep[j]);
      strcat(env[k], "=");
      strcat(env[k++], v);
    }
  }
  env[k] = NULL;
  long r = shim_sys(SYS_execve, (long)path, (long)argv, (long)env, 0, 0, 0);
  free(env);
  return (int)r;
}

X int execv(const char *path, char *const argv[])
{
  return execve(path, argv, environ);
}

X int execvp(const char *file, char *const argv[])
{
  if (strchr(file, '/'))
    return execve(file, argv, environ);
  const char *dirs[] = { "/usr/local/bin/", "/usr/bin/", "/bin/" };
  for (int i = 0; i < 3; i++) {
    char buf[4096];
    snprintf(buf, sizeof buf, "%s%s", dirs[i], file);
    if (shim_sys(SYS_access, (long)buf, 1, 0, 0, 0, 0) == 0)
      return execve(buf, argv, environ);
  }
  errno = ENOENT;
  return -1;
}
