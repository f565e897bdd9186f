/* sim/exec/tests/bad_calls.c: a program that misbehaves on purpose, as
 * argv[1] says, for the exec tests: "uncovered" calls epoll_create1 (not
 * provided by the simulated host), "crash" dereferences NULL after a
 * socket call, "hang" computes for ever without a call, "threads"
 * starts a thread, "exit3" exits with status 3 after printing. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static void *thread_main(void *arg)
{
  return arg;
}

int main(int argc, char **argv)
{
  const char *what = argc > 1 ? argv[1] : "";
  int s = socket(AF_INET, SOCK_STREAM, 0);
  printf("%s: socket %d\n", what, s);
  if (strcmp(what, "uncovered") == 0)
    return epoll_create1(0) < 0;
  if (strcmp(what, "crash") == 0) {
    volatile int *p = NULL;
    return *p;
  }
  if (strcmp(what, "hang") == 0) {
    volatile unsigned long n = 0;
    for (;;)
      n++;
  }
  if (strcmp(what, "threads") == 0) {
    pthread_t t;
    return pthread_create(&t, NULL, thread_main, NULL);
  }
  if (strcmp(what, "exit3") == 0)
    return 3;
  return 0;
}
