/* sim/exec/tests/echo_client.c: a plain C TCP echo client, run on a
 * simulated host by host:exec. Usage: echo_client HOST PORT MESSAGE...
 * Connects (by gethostbyname), sends each message, prints each echo,
 * and exits 0; on a failed connect prints perror's line and exits 1. */
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
  if (argc < 3) {
    fprintf(stderr, "usage: echo_client host port message...\n");
    return 2;
  }
  struct hostent *hp = gethostbyname(argv[1]);
  if (!hp) {
    fprintf(stderr, "echo_client: %s: unknown host\n", argv[1]);
    return 2;
  }
  struct sockaddr_in sin;
  memset(&sin, 0, sizeof sin);
  sin.sin_family = AF_INET;
  sin.sin_port = htons((unsigned short)atoi(argv[2]));
  memcpy(&sin.sin_addr, hp->h_addr_list[0], (size_t)hp->h_length);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct timeval t0, t1;
  gettimeofday(&t0, NULL);
  if (connect(s, (struct sockaddr *)&sin, sizeof sin) < 0) {
    gettimeofday(&t1, NULL);
    perror("echo_client: connect");
    printf("connect failed after %ld us\n",
           (long)((t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_usec - t0.tv_usec)));
    return 1;
  }
  for (int i = 3; i < argc; i++) {
    char buf[512];
    size_t len = strlen(argv[i]);
    if (write(s, argv[i], len) != (ssize_t)len) {
      perror("echo_client: write");
      return 1;
    }
    size_t got = 0;
    while (got < len) {
      ssize_t n = read(s, buf + got, sizeof buf - 1 - got);
      if (n <= 0) {
        perror("echo_client: read");
        return 1;
      }
      got += (size_t)n;
    }
    buf[got] = 0;
    printf("echo: %s\n", buf);
  }
  close(s);
  return 0;
}
