/* sim/exec/tests/rlogind.c: primer Figure 2, the remote login server, with
 * section 5.6's SIGCHLD reaper, in C as the primer writes them (modern
 * prototypes; doit() is scenarios/rlogin.lua's tiny echo session, since
 * the primer elides it). It serves for ever; the run's end stops it. */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void reaper(int sig)
{
  int status;
  (void)sig;
  while (wait3(&status, WNOHANG, 0) > 0)
    ;
}

/* The session: echo each line, prefixed, until the client hangs up. */
static void doit(int g, struct sockaddr_in *from)
{
  char line[1024], out[1100];
  ssize_t n;
  (void)from;
  while ((n = read(g, line, sizeof line)) > 0) {
    memcpy(out, "degas: ", 7);
    memcpy(out + 7, line, (size_t)n);
    write(g, out, (size_t)n + 7);
  }
  close(g);
  exit(0);
}

int main(int argc, char **argv)
{
  int f;
  struct sockaddr_in from, sin;
  struct servent *sp;
  (void)argc;
  (void)argv;
  sp = getservbyname("login", "tcp");
  if (sp == NULL) {
    fprintf(stderr, "rlogind: tcp/login: unknown service\n");
    exit(1);
  }
  memset(&sin, 0, sizeof sin);
  sin.sin_family = AF_INET;
  sin.sin_port = sp->s_port;
  f = socket(AF_INET, SOCK_STREAM, 0);
  if (bind(f, (struct sockaddr *)&sin, sizeof (sin)) < 0) {
    perror("rlogind: bind");
    exit(1);
  }
  listen(f, 5);
  signal(SIGCHLD, reaper);
  for (;;) {
    socklen_t len = sizeof (from);
    int g = accept(f, (struct sockaddr *)&from, &len);
    if (g < 0) {
      if (errno != EINTR)
        perror("rlogind: accept");
      continue;
    }
    printf("connection from %s:%d\n", inet_ntoa(from.sin_addr),
           ntohs(from.sin_port));
    if (fork() == 0) {
      close(f);
      doit(g, &from);
    }
    close(g);
  }
}
