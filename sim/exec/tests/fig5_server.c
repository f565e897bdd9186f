/* sim/exec/tests/fig5_server.c: primer 5.1, Figure 5, in C: the server
 * side of scenarios/oob.lua, call for call. It accepts one connection
 * on port 513, makes its process group the socket's owner (SIOCSPGRP),
 * and sleeps (busy); the client's interrupt arrives as out-of-band data,
 * SIGURG runs Figure 5's oob(), which reads and discards up to the mark
 * and takes the urgent byte; then it reads what came after. oob() is the
 * primer's (modern prototypes; no terminal, so no TIOCFLUSH; an int mark,
 * as 4.4BSD's SIOCATMARK writes an int). */
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define PORT 513

static int rem;
static long discarded;

static void oob(int sig)
{
  char waste[1024];
  int mark;
  char byte;
  (void)sig;
  printf("SIGURG\n");
  for (;;) {
    if (ioctl(rem, SIOCATMARK, &mark) < 0) {
      perror("ioctl");
      break;
    }
    if (mark)
      break;
    discarded += read(rem, waste, sizeof (waste));
  }
  recv(rem, &byte, 1, MSG_OOB);
  printf("discarded %ld bytes up to the mark; urgent byte 0x%02x\n",
         discarded, byte);
}

int main(void)
{
  struct sockaddr_in sin;
  char c, buf[1024];
  int f = socket(AF_INET, SOCK_STREAM, 0);
  memset(&sin, 0, sizeof sin);
  sin.sin_family = AF_INET;
  sin.sin_port = htons(PORT);
  if (bind(f, (struct sockaddr *)&sin, sizeof sin) < 0) {
    perror("bind");
    return 1;
  }
  listen(f, 5);
  rem = accept(f, NULL, NULL);
  int pgrp = -getpgrp();
  ioctl(rem, SIOCSPGRP, &pgrp);
  if (recv(rem, &c, 1, MSG_OOB) < 0)
    perror("recv(MSG_OOB) with no urgent data");
  signal(SIGURG, oob);
  unsigned left = sleep(10);              /* busy: the signal cuts it short */
  printf("the busy sleep ended with %u s left\n", left);
  if (recv(rem, &c, 1, MSG_OOB) < 0)
    perror("recv(MSG_OOB) again");
  printf("read after the mark: ");
  ssize_t n;
  while ((n = read(rem, buf, sizeof buf)) > 0)
    for (ssize_t i = 0; i < n; i++)
      if (buf[i] != '\n')
        putchar(buf[i]);
  putchar('\n');
  close(rem);
  return 0;
}
