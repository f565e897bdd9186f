/* shim/shim_chan.c: the shim's end of the channel (chan.h): the
 * constructor that maps the shared page, says hello and waits for the
 * simulator to let the program run; the request/reply round trip
 * (copy into the page, bump, spin then FUTEX_WAIT for the answer,
 * chan_wait.h); descriptor
 * passing for fork (on the socket); and the loud refusal of uncovered
 * calls. Raw system calls only (shim_sys): the libc names are the
 * interposed ones. */
#define _GNU_SOURCE
#include "shim.h"
#include "chan_wait.h"

#include <dlfcn.h>
#include <errno.h>
#include <linux/futex.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int chan = -1;                 /* CHAN_FD once checked */
static struct chan_shm *shm;          /* the shared page */
static uint32_t seen_rep;             /* rep_seq of the last reply read */
static chan_clock_fn mono;            /* libc's clock_gettime, for spins */
static struct chan_spinner spinner;   /* how the spins went */

/* The system call instruction itself: the shim defines syscall() (to
 * catch raw calls past it, shim_raw.c), so it cannot use it. */
long shim_sys(long nr, long a, long b, long c, long d, long e, long f)
{
#if defined(__x86_64__)
  long ret;
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
                     "r"(r9)
                   : "rcx", "r11", "memory");
  if (ret < 0 && ret > -4096) {
    errno = (int)-ret;
    return -1;
  }
  return ret;
#else
#error "shim_sys: only x86-64 is written"
#endif
}

static void die(const char *msg)
{
  shim_sys(SYS_write, 2, (long)msg, (long)strlen(msg), 0, 0, 0);
  shim_sys(SYS_exit_group, 127, 0, 0, 0, 0, 0);
  __builtin_unreachable();
}

static void map_page(void)
{
  void *p = (void *)shim_sys(SYS_mmap, 0, sizeof *shm,
                             PROT_READ | PROT_WRITE, MAP_SHARED,
                             CHAN_SHM_FD, 0);
  if (p == MAP_FAILED)
    die("ipcsim shim: cannot map the channel's page\n");
  shm = p;
  seen_rep = __atomic_load_n(&shm->rep_seq, __ATOMIC_ACQUIRE);
}

/* The simulator is gone when its end of the socket is. */
static void check_alive(void)
{
  struct pollfd f = { chan, POLLIN, 0 };
  if (shim_sys(SYS_poll, (long)&f, 1, 0, 0, 0, 0) > 0 &&
      (f.revents & (POLLHUP | POLLERR)))
    die("ipcsim shim: the simulator went away\n");
}

static void send_req(struct chan_req *req, const void *data, size_t len)
{
  req->len = (uint32_t)len;
  memcpy(shm->req, req, sizeof *req);
  if (len)
    memcpy(shm->req + sizeof *req, data, len);
  if (chan_post(&shm->req_seq, &shm->req_sleeps))
    shim_sys(SYS_futex, (long)&shm->req_seq, FUTEX_WAKE, 1, 0, 0, 0);
}

/* Waits for the next reply; copies its header to rep. */
static void wait_rep(struct chan_rep *rep)
{
  uint32_t now;
  while ((now = __atomic_load_n(&shm->rep_seq, __ATOMIC_ACQUIRE)) ==
         seen_rep) {
    if (chan_spin(&shm->rep_seq, seen_rep, shm->spin_ns, mono,
                  &spinner) ||
        !chan_sleep_begin(&shm->rep_seq, seen_rep, &shm->rep_sleeps))
      continue;
    struct timespec t = { 1, 0 };
    int saved = errno;
    long r = shim_sys(SYS_futex, (long)&shm->rep_seq, FUTEX_WAIT,
                      (long)seen_rep, (long)&t, 0, 0);
    chan_sleep_end(&shm->rep_sleeps);
    if (r < 0 && errno == ETIMEDOUT)
      check_alive();
    errno = saved;
  }
  seen_rep = now;
  memcpy(rep, shm->rep, sizeof *rep);
}

/* The reply's payload: up to cap bytes to out. */
static void get_payload(const struct chan_rep *rep, void *out, size_t cap)
{
  size_t n = rep->len < cap ? rep->len : cap;
  if (n > CHAN_AREA - sizeof *rep)
    n = CHAN_AREA - sizeof *rep;
  if (n)
    memcpy(out, shm->rep + sizeof *rep, n);
}

int64_t shim_call(struct chan_req *req, const void *data, size_t len,
                  struct chan_rep *rep, void *out, size_t cap)
{
  int err;
  do {
    send_req(req, data, len);
    wait_rep(rep);
    get_payload(rep, out, cap);
    err = rep->err;
    if (rep->sigs)
      shim_deliver(rep->sigs);
  } while (rep->ret == CHAN_RESTART);
  if (rep->ret == -1)
    errno = err;
  return rep->ret;
}

int64_t shim_simple(uint32_t op, int64_t a0, int64_t a1, int64_t a2,
                    int64_t a3, int64_t a4)
{
  struct chan_req req = { .op = op, .a = { a0, a1, a2, a3, a4 } };
  struct chan_rep rep;
  return shim_call(&req, NULL, 0, &rep, NULL, 0);
}

int64_t shim_call_fds(struct chan_req *req, struct chan_rep *rep,
                      int *fds, int n)
{
  send_req(req, NULL, 0);
  wait_rep(rep);
  if (rep->ret < 0) {
    errno = rep->err;
    return -1;
  }
  char byte, cbuf[CMSG_SPACE(sizeof(int) * 4)];
  struct iovec iov = { &byte, 1 };
  struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
                      .msg_control = cbuf, .msg_controllen = sizeof cbuf };
  long r = shim_sys(SYS_recvmsg, chan, (long)&m, 0, 0, 0, 0);
  struct cmsghdr *c = CMSG_FIRSTHDR(&m);
  if (r != 1 || !c || c->cmsg_type != SCM_RIGHTS)
    die("ipcsim shim: fork's descriptors did not come\n");
  memcpy(fds, CMSG_DATA(c), sizeof(int) * (size_t)n);
  return rep->ret;
}

/* The first message of a process, and of each program it execs: its
 * real pid and its name (argv[0]'s last part). */
static void hello(void)
{
  extern char *program_invocation_short_name;
  const char *name = program_invocation_short_name;
  struct chan_req req = { .op = CHAN_HELLO,
                          .a = { shim_sys(SYS_getpid, 0, 0, 0, 0, 0, 0) } };
  struct chan_rep rep;
  shim_call(&req, name, strlen(name) + 1, &rep, NULL, 0);
  shim_std_take((unsigned)rep.b[0] & 7);
}

int shim_fork_child(int fds[4])
{
  shim_sys(SYS_dup3, fds[0], CHAN_FD, 0, 0, 0, 0);
  shim_sys(SYS_dup3, fds[1], 1, 0, 0, 0, 0);
  shim_sys(SYS_dup3, fds[2], 2, 0, 0, 0, 0);
  shim_sys(SYS_dup3, fds[3], CHAN_SHM_FD, 0, 0, 0, 0);
  for (int i = 0; i < 4; i++)
    shim_sys(SYS_close, fds[i], 0, 0, 0, 0, 0);
  shim_sys(SYS_munmap, (long)shm, sizeof *shm, 0, 0, 0, 0);
  map_page();                         /* the child's own page */
  hello();
  return 0;
}

_Noreturn void shim_uncovered(const char *name)
{
  struct chan_req req = { .op = CHAN_UNCOVERED };
  send_req(&req, name, strlen(name) + 1);
  struct chan_rep rep;
  wait_rep(&rep);                      /* the simulator ends us first */
  die("ipcsim shim: uncovered call\n");
  __builtin_unreachable();
}

__attribute__((constructor)) static void shim_init(void)
{
  const char *s = getenv(CHAN_FD_ENV);
  if (!s || atoi(s) != CHAN_FD)
    die("ipcsim shim: not started by ipcsim (no " CHAN_FD_ENV ")\n");
  chan = CHAN_FD;
  mono = (chan_clock_fn)dlsym(RTLD_NEXT, "clock_gettime");
  map_page();
  setvbuf(stdout, NULL, _IOLBF, 0);   /* as on a terminal: each line shows
                                         at the simulated time it is
                                         printed, not all at exit */
  hello();
}
