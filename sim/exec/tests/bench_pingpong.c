/* sim/exec/tests/bench_pingpong.c: the machine's floors for a lockstep
 * channel between two processes, no simulator: N (argv[1]) round trips
 * between a parent and its child, over a socketpair (one byte each way)
 * and over a shared page with a futex handshake (what the shim uses,
 * shim/chan.h), plain and with the shim's spin before the futex
 * (chan_wait.h; $IPCSIM_SPIN_NS, default 20000). Run directly (not under ipcsim) by scripts/bench/exec
 * beside bench_calls, so the shim's cost can be read against what a
 * handoff costs on this machine now. */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "chan_wait.h"

static double wall(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void report(const char *what, long n, double t)
{
  printf("%ld %s round trips in %.3f s: %.0f per second (%.2f us each)\n",
         n, what, t, (double)n / t, t / (double)n * 1e6);
}

static void by_socket(long n)
{
  int sv[2];
  char b = 0;
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
    exit(1);
  if (fork() == 0) {
    for (long i = 0; i < n; i++)
      if (read(sv[1], &b, 1) != 1 || write(sv[1], &b, 1) != 1)
        _exit(1);
    _exit(0);
  }
  double t0 = wall();
  for (long i = 0; i < n; i++)
    if (write(sv[0], &b, 1) != 1 || read(sv[0], &b, 1) != 1)
      exit(1);
  report("socketpair", n, wall() - t0);
  wait(NULL);
}

/* Waits until *w is no longer old. */
static void await(unsigned *w, unsigned old)
{
  while (__atomic_load_n(w, __ATOMIC_ACQUIRE) == old)
    syscall(SYS_futex, w, FUTEX_WAIT, old, NULL, NULL, 0);
}

static void bump(unsigned *w)
{
  __atomic_add_fetch(w, 1, __ATOMIC_RELEASE);
  syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
}

static void by_futex(long n)
{
  unsigned *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (w == MAP_FAILED)
    exit(1);
  if (fork() == 0) {
    for (long i = 0; i < n; i++) {
      await(&w[0], (unsigned)i);
      bump(&w[16]);
    }
    _exit(0);
  }
  double t0 = wall();
  for (long i = 0; i < n; i++) {
    bump(&w[0]);
    await(&w[16], (unsigned)i);
  }
  report("futex", n, wall() - t0);
  wait(NULL);
}

/* As the channel does (chan_wait.h): spin, then sleep if need be; wake
 * only a sleeper. */
static void spin_await(uint32_t *w, uint32_t old, uint32_t *sleeps,
                       int64_t spin, struct chan_spinner *sp)
{
  while (__atomic_load_n(w, __ATOMIC_ACQUIRE) == old) {
    if (chan_spin(w, old, spin, clock_gettime, sp) ||
        !chan_sleep_begin(w, old, sleeps))
      continue;
    syscall(SYS_futex, w, FUTEX_WAIT, old, NULL, NULL, 0);
    chan_sleep_end(sleeps);
  }
}

static void spin_bump(uint32_t *w, uint32_t *sleeps)
{
  if (chan_post(w, sleeps))
    syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
}

static void by_spin(long n, int64_t spin)
{
  uint32_t *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  struct chan_spinner sp = { 0, 0 };
  if (w == MAP_FAILED)
    exit(1);
  if (fork() == 0) {
    for (long i = 0; i < n; i++) {
      spin_await(&w[0], (uint32_t)i, &w[1], spin, &sp);
      spin_bump(&w[16], &w[17]);
    }
    _exit(0);
  }
  double t0 = wall();
  for (long i = 0; i < n; i++) {
    spin_bump(&w[0], &w[1]);
    spin_await(&w[16], (uint32_t)i, &w[17], spin, &sp);
  }
  char what[64];
  snprintf(what, sizeof what, "futex after a %lld ns spin", (long long)spin);
  report(what, n, wall() - t0);
  wait(NULL);
}

int main(int argc, char **argv)
{
  long n = argc > 1 ? atol(argv[1]) : 200000;
  const char *s = getenv("IPCSIM_SPIN_NS");
  by_socket(n);
  by_futex(n);
  by_spin(n, s && *s ? atoll(s) : 20000);
  return 0;
}
