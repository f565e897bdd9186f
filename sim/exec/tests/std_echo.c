/* sim/exec/tests/std_echo.c: run by more_calls.c with a socket on its
 * standard input and output (dup2 onto 0 and 1, then execv): reads a
 * line with fgets, answers it with printf, and tells stderr (still the
 * real one, printed by the simulator) what it did. */
#include <stdio.h>
#include <string.h>

int main(void)
{
  char line[64];
  if (!fgets(line, sizeof line, stdin))
    return 1;
  line[strcspn(line, "\n")] = '\0';
  printf("echo: %s\n", line);
  fflush(stdout);
  fprintf(stderr, "std_echo: answered '%s' on its stdout\n", line);
  return 0;
}
