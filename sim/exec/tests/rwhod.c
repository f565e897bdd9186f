/* sim/exec/tests/rwhod.c: primer Figure 4, the rwho server, in C as the
 * primer writes it (modern prototypes; the parts it elides filled in as
 * scenarios/rwho.lua's translation does): a datagram socket on the "who"
 * port, a SIGALRM handler that broadcasts this host's status every 3
 * minutes to the network's broadcast address inet_makeaddr(net,
 * INADDR_ANY), and a loop that stores each status heard in
 * /usr/spool/rwho/whod.<host> with its arrival time. The status (boot
 * time, users, load averages x 100) comes from the arguments, since the
 * simulated host has no kernel tables: rwhod BOOTTIME USERS L1 L2 L3. */
#define _DEFAULT_SOURCE
#define _XOPEN_SOURCE 700   /* sigset, the primer's, deprecated since */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RWHODIR "/usr/spool/rwho"
#define AL_INTERVAL (3 * 60)

struct whod {                    /* 4.2BSD protocols/rwhod.h, 60 bytes */
  char wd_vers, wd_type, wd_pad[2];
  int32_t wd_sendtime, wd_recvtime;
  char wd_hostname[32];
  int32_t wd_loadav[3];
  int32_t wd_boottime;
};
struct whoent {                  /* one per logged-in user */
  char we_tty[8], we_name[8];
  int32_t we_on, we_idle;
};

static int s, users;
static long boottime, load[3];
static struct sockaddr_in to;

static void onalrm(int sig)
{
  char buf[sizeof(struct whod) + 40 * sizeof(struct whoent)];
  struct whod wd;
  (void)sig;
  memset(&wd, 0, sizeof wd);
  wd.wd_vers = 1;
  wd.wd_type = 1;
  wd.wd_sendtime = (int32_t)htonl((uint32_t)time(NULL));
  gethostname(wd.wd_hostname, sizeof wd.wd_hostname);
  for (int i = 0; i < 3; i++)
    wd.wd_loadav[i] = (int32_t)htonl((uint32_t)load[i]);
  wd.wd_boottime = (int32_t)htonl((uint32_t)boottime);
  memcpy(buf, &wd, sizeof wd);
  for (int i = 0; i < users; i++) {
    struct whoent we;
    memset(&we, 0, sizeof we);
    snprintf(we.we_tty, sizeof we.we_tty, "tty%d", (i + 1) % 100);
    snprintf(we.we_name, sizeof we.we_name, "user%d", (i + 1) % 100);
    we.we_on = wd.wd_boottime;
    memcpy(buf + sizeof wd + (size_t)i * sizeof we, &we, sizeof we);
  }
  sendto(s, buf, sizeof wd + (size_t)users * sizeof(struct whoent), 0,
         (struct sockaddr *)&to, sizeof to);
  alarm(AL_INTERVAL);
}

static int verify(const char *name)
{
  if (!*name)
    return 0;
  for (; *name; name++)
    if (!isalnum((unsigned char)*name) && *name != '-')
      return 0;
  return 1;
}

int main(int argc, char **argv)
{
  struct sockaddr_in sin, from;
  struct servent *sp;
  struct netent *net;
  char path[128];
  if (argc < 6)
    return 2;
  boottime = atol(argv[1]);
  users = atoi(argv[2]);
  for (int i = 0; i < 3; i++)
    load[i] = atol(argv[3 + i]);
  mkdir("/usr", 0755);
  mkdir("/usr/spool", 0755);
  mkdir(RWHODIR, 0755);
  sp = getservbyname("who", "udp");
  net = getnetbyname("localnet");
  memset(&sin, 0, sizeof sin);
  sin.sin_family = AF_INET;
  sin.sin_port = (in_port_t)sp->s_port;
  s = socket(AF_INET, SOCK_DGRAM, 0);
  if (bind(s, (struct sockaddr *)&sin, sizeof (sin)) < 0) {
    perror("rwhod: bind");
    return 1;
  }
  int on = 1;
  setsockopt(s, SOL_SOCKET, SO_BROADCAST, &on, sizeof on);
  memset(&to, 0, sizeof to);
  to.sin_family = AF_INET;
  to.sin_addr = inet_makeaddr((in_addr_t)net->n_net, INADDR_ANY);
  to.sin_port = (in_port_t)sp->s_port;
  sigset(SIGALRM, onalrm);
  onalrm(SIGALRM);
  for (;;) {
    char buf[1024];
    struct whod wd;
    socklen_t len = sizeof (from);
    int cc = (int)recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from,
                           &len);
    if (cc <= 0) {
      if (cc < 0 && errno != EINTR)
        perror("rwhod: recv");
      continue;
    }
    if (from.sin_port != sp->s_port) {
      fprintf(stderr, "rwhod: %d: bad from port\n", ntohs(from.sin_port));
      continue;
    }
    memcpy(&wd, buf, sizeof wd);
    wd.wd_hostname[sizeof wd.wd_hostname - 1] = 0;
    if (!verify(wd.wd_hostname)) {
      fprintf(stderr, "rwhod: malformed host name from %x\n",
              ntohl(from.sin_addr.s_addr));
      continue;
    }
    snprintf(path, sizeof path, "%s/whod.%s", RWHODIR, wd.wd_hostname);
    int whod = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    wd.wd_recvtime = (int32_t)htonl((uint32_t)time(NULL));
    memcpy(buf, &wd, sizeof wd);
    (void) write(whod, buf, (size_t)cc);
    (void) close(whod);
  }
}
