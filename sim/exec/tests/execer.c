/* sim/exec/tests/execer.c: says who it is and execs its arguments
 * (execv): the shim follows the new program, which is the same
 * simulated process (same pid). Usage: execer PROGRAM ARGS... */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
  if (argc < 2)
    return 2;
  const char *base = strrchr(argv[1], '/');
  printf("execer pid %d: exec %s\n", (int)getpid(), base ? base + 1 : argv[1]);
  execv(argv[1], &argv[1]);
  perror("execv");
  return 1;
}
