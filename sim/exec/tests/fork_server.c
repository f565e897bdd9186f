/* sim/exec/tests/fork_server.c: the primer's forking server shape
 * (Figure 2's pattern): accept, fork a child per connection that echoes
 * and exits, and a SIGCHLD handler in the parent that reaps with
 * waitpid. Usage: fork_server PORT CONNECTIONS. Prints each reaped
 * child's pid and status, then exits when all are done. */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int reaped;

static void reaper(int sig)
{
  (void)sig;
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    printf("reaped child %d, exit status %d\n", (int)pid,
           WEXITSTATUS(status));
    reaped++;
  }
}

static void serve(int c)
{
  char buf[256];
  ssize_t n;
  while ((n = recv(c, buf, sizeof buf, 0)) > 0)
    send(c, buf, (size_t)n, 0);
  printf("child %d: peer closed\n", (int)getpid());
  exit(7);
}

int main(int argc, char **argv)
{
  int port = argc > 1 ? atoi(argv[1]) : 7;
  int conns = argc > 2 ? atoi(argv[2]) : 2;
  signal(SIGCHLD, reaper);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sin;
  memset(&sin, 0, sizeof sin);
  sin.sin_family = AF_INET;
  sin.sin_port = htons((unsigned short)port);
  if (bind(s, (struct sockaddr *)&sin, sizeof sin) < 0 || listen(s, 5) < 0) {
    perror("fork_server: bind");
    return 1;
  }
  printf("server pid %d listening\n", (int)getpid());
  for (int i = 0; i < conns; i++) {
    int c = accept(s, NULL, NULL);
    if (c < 0) {
      if (errno == EINTR) {
        i--;
        continue;
      }
      perror("fork_server: accept");
      return 1;
    }
    pid_t pid = fork();
    if (pid == 0) {
      close(s);
      serve(c);
    }
    printf("forked child %d\n", (int)pid);
    close(c);
  }
  while (reaped < conns)
    pause();
  printf("all %d children reaped\n", reaped);
  return 0;
}
