/* sim/exec/tests/fig5_client.c: the client side of scenarios/oob.lua in
 * C, call for call: connects to degas's port 513, types 20 lines ahead,
 * sends the interrupt character out of band (primer 5.1), types one more
 * line, and closes. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
  struct sockaddr_in sin;
  char line[64];
  int s = socket(AF_INET, SOCK_STREAM, 0);
  memset(&sin, 0, sizeof sin);
  sin.sin_family = AF_INET;
  sin.sin_port = htons(513);
  sin.sin_addr.s_addr = inet_addr("128.32.1.2");
  if (connect(s, (struct sockaddr *)&sin, sizeof sin) < 0) {
    perror("connect");
    return 1;
  }
  sleep(1);
  for (int i = 1; i <= 20; i++) {
    snprintf(line, sizeof line, "typed-ahead line %02d\n", i);
    write(s, line, strlen(line));
  }
  sleep(1);
  printf("interrupt: send ^C out of band\n");
  send(s, "\3", 1, MSG_OOB);
  sleep(1);
  write(s, "after the interrupt\n", 20);
  sleep(1);
  close(s);
  return 0;
}
