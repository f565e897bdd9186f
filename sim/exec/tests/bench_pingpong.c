/* sim/exec/tests/bench_pingpong.c: the machine's floor for any lockstep
 * channel between two processes: N (argv[1]) one-byte round trips over
 * a socketpair between a parent and its child, no simulator. Run
 * directly (not under ipcsim) by scripts/bench/exec beside bench_calls,
 * so the shim's cost can be read against what a handoff costs here. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
  long n = argc > 1 ? atol(argv[1]) : 200000;
  int sv[2];
  char b = 0;
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
    return 1;
  if (fork() == 0) {
    for (long i = 0; i < n; i++)
      if (read(sv[1], &b, 1) != 1 || write(sv[1], &b, 1) != 1)
        _exit(1);
    _exit(0);
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long i = 0; i < n; i++)
    if (write(sv[0], &b, 1) != 1 || read(sv[0], &b, 1) != 1)
      return 1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  wait(NULL);
  double t = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("%ld socketpair round trips in %.3f s: %.0f per second "
         "(%.2f us each)\n", n, t, (double)n / t, t / (double)n * 1e6);
  return 0;
}
