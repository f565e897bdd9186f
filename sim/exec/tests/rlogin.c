/* sim/exec/tests/rlogin.c: primer Figure 1, the remote login client, in C
 * as the primer writes it (modern prototypes), then scenarios/rlogin.lua's
 * short session: three lines typed, each read back from the server, and
 * a hang-up. Usage: rlogin HOST. */
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
  struct sockaddr_in sin;
  struct servent *sp;
  struct hostent *hp;
  int s;
  char me[64], line[128], back[1024];
  if (argc < 2)
    exit(2);
  sp = getservbyname("login", "tcp");
  if (sp == NULL) {
    fprintf(stderr, "rlogin: tcp/login: unknown service\n");
    exit(1);
  }
  hp = gethostbyname(argv[1]);
  if (hp == NULL) {
    fprintf(stderr, "rlogin: %s: unknown host\n", argv[1]);
    exit(2);
  }
  memset((char *)&sin, 0, sizeof (sin));
  memcpy((char *)&sin.sin_addr, hp->h_addr, (size_t)hp->h_length);
  sin.sin_family = (sa_family_t)hp->h_addrtype;
  sin.sin_port = (in_port_t)sp->s_port;
  s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) {
    perror("rlogin: socket");
    exit(3);
  }
  if (connect(s, (struct sockaddr *)&sin, sizeof (sin)) < 0) {
    perror("rlogin: connect");
    exit(5);
  }
  gethostname(me, sizeof me);
  for (int k = 1; k <= 3; k++) {
    snprintf(line, sizeof line, "%s line %d\n", me, k);
    write(s, line, strlen(line));
    ssize_t n = read(s, back, sizeof back - 1);
    back[n > 0 ? n : 0] = 0;
    if (strncmp(back, "degas: ", 7) != 0 || strcmp(back + 7, line) != 0) {
      fprintf(stderr, "rlogin: bad echo of %s", line);
      exit(6);
    }
  }
  printf("%s: 3 lines echoed, hanging up\n", me);
  close(s);
  return 0;
}
