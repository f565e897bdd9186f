/* sim/exec/tests/echo_server.c: a plain C TCP echo server, run on a
 * simulated host by host:exec. Usage: echo_server PORT [CONNECTIONS].
 * Accepts CONNECTIONS (default 1) connections one after the other and
 * echoes what each sends until it closes; prints who connected. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
  int port = argc > 1 ? atoi(argv[1]) : 7;
  int conns = argc > 2 ? atoi(argv[2]) : 1;
  int s = socket(AF_INET, SOCK_STREAM, 0);
  int on = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  struct sockaddr_in sin;
  memset(&sin, 0, sizeof sin);
  sin.sin_family = AF_INET;
  sin.sin_port = htons((unsigned short)port);
  if (bind(s, (struct sockaddr *)&sin, sizeof sin) < 0 || listen(s, 5) < 0) {
    perror("echo_server: bind");
    return 1;
  }
  printf("listening on port %d\n", port);
  fflush(stdout);
  for (int i = 0; i < conns; i++) {
    struct sockaddr_in from;
    socklen_t len = sizeof from;
    int c = accept(s, (struct sockaddr *)&from, &len);
    if (c < 0) {
      perror("echo_server: accept");
      return 1;
    }
    printf("connection from %s:%d\n", inet_ntoa(from.sin_addr),
           ntohs(from.sin_port));
    fflush(stdout);
    char buf[1024];
    ssize_t n;
    long total = 0;
    while ((n = read(c, buf, sizeof buf)) > 0) {
      write(c, buf, (size_t)n);
      total += n;
    }
    printf("closed after %ld bytes\n", total);
    fflush(stdout);
    close(c);
  }
  close(s);
  return 0;
}
