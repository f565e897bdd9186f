/* sim/exec/tests/bench_calls.c: the cost of one intercepted call. Makes
 * N (argv[1], default 200000) getppid() calls, each a round trip to the
 * simulator through the shim, and prints the calls per second of wall
 * time (read with the raw clock_gettime system call, which the shim
 * does not intercept, since gettimeofday would give simulated time). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double wall(void)
{
  struct timespec t;
  syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
  long n = argc > 1 ? atol(argv[1]) : 200000;
  long sum = 0;
  double t0 = wall();
  for (long i = 0; i < n; i++)
    sum += getppid();
  double t = wall() - t0;
  printf("%ld intercepted calls in %.3f s: %.0f calls per second "
         "(%.2f us each)\n", n, t, (double)n / t, t / (double)n * 1e6);
  return sum == n ? 0 : 1;
}
