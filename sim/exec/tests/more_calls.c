/* sim/exec/tests/more_calls.c: the calls calls.c leaves out, each result
 * printed (compared with expected/more_calls.out): setitimer and
 * getitimer (a repeating ITIMER_REAL, a time under a tick, EINVAL),
 * sigvec (as an old binary links it: glibc links no new program against
 * it) with SV_INTERRUPT, the interface ioctls (SIOCGIFCONF with room, without,
 * with a null buffer; SIOCGIFFLAGS, SIOCGIFADDR, SIOCGIFNETMASK,
 * SIOCGIFBRDADDR, SIOCGIFDSTADDR and their errors), poll and select on
 * descriptors of 64 and up, and the standard descriptors taken over: a
 * child puts a socket on 0 (dup2) and 1 (close, then dup) and execs
 * std_echo (argv[1]), whose stdio then talks to the socket. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int alarms, usr1s;

static void on_alarm(int sig) { (void)sig; alarms++; }
static void on_usr1(int sig) { (void)sig; usr1s++; }

static double now(void)
{
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return tv.tv_sec + tv.tv_usec / 1e6;
}

static double tv_s(const struct timeval *tv)
{
  return tv->tv_sec + tv->tv_usec / 1e6;
}

static void itimers(void)
{
  signal(SIGALRM, on_alarm);
  struct itimerval v = { { 0, 500000 }, { 0, 250000 } }, o;
  setitimer(ITIMER_REAL, &v, NULL);
  double t0 = now();
  for (int i = 0; i < 3; i++) {
    pause();
    printf("setitimer: SIGALRM %d at +%.3f s\n", alarms, now() - t0);
  }
  getitimer(ITIMER_REAL, &o);
  printf("getitimer: %.3f s left, every %.3f s\n", tv_s(&o.it_value),
         tv_s(&o.it_interval));
  struct itimerval off = { { 0, 0 }, { 0, 0 } };
  setitimer(ITIMER_REAL, &off, &o);
  printf("cancelled: it had %.3f s left, every %.3f s\n", tv_s(&o.it_value),
         tv_s(&o.it_interval));
  struct itimerval tiny = { { 0, 0 }, { 0, 1 } };
  setitimer(ITIMER_REAL, &tiny, NULL);
  getitimer(ITIMER_REAL, &o);
  printf("1 us becomes a tick: %.3f s left\n", tv_s(&o.it_value));
  pause();
  printf("after pause: %d alarm(s) at +%.3f s\n", alarms, now() - t0);
  struct itimerval bad = { { 0, 0 }, { 0, 1000000 } };
  int r = setitimer(ITIMER_REAL, &bad, NULL);
  printf("tv_usec 1000000: %d %s\n", r, r < 0 && errno == EINVAL ? "EINVAL" : "?");
}

/* sigvec as a binary linked long ago calls it: glibc's headers no
 * longer declare it and new programs cannot link against it, but its
 * compatibility symbol sigvec@GLIBC_2.2.5 is still there to bind to;
 * under the shim the call lands in the shim's sigvec (shim_sig.c). */
struct sigvec { void (*sv_handler)(int); int sv_mask; int sv_flags; };
#define SV_INTERRUPT 2
int sigvec(int sig, const struct sigvec *vec, struct sigvec *ovec);
__asm__(".symver sigvec,sigvec@GLIBC_2.2.5");

static void sigvecs(void)
{
  int (*sv)(int, const struct sigvec *, struct sigvec *) = sigvec;
  struct sigvec v = { on_usr1, 0, 0 }, o;
  printf("sigvec SIGUSR1: %d\n", sv(SIGUSR1, &v, NULL));
  kill(getpid(), SIGUSR1);
  printf("kill SIGUSR1: handler ran %d time(s)\n", usr1s);
  struct sigvec a = { on_alarm, 0, SV_INTERRUPT };
  sv(SIGALRM, &a, &o);
  sv(SIGALRM, NULL, &o);
  printf("sigvec SIGALRM: handler %s, SV_INTERRUPT %d\n",
         o.sv_handler == on_alarm ? "on_alarm" : "?",
         (o.sv_flags & SV_INTERRUPT) != 0);
  int sp[2];
  char c;
  socketpair(AF_UNIX, SOCK_STREAM, 0, sp);
  double t0 = now();
  alarm(1);
  ssize_t r = read(sp[0], &c, 1);
  printf("read interrupted after %.3f s: %zd %s\n", now() - t0, r,
         r < 0 && errno == EINTR ? "EINTR" : "?");
  close(sp[0]);
  close(sp[1]);
}

static const char *ip(const struct sockaddr *sa)
{
  return inet_ntoa(((const struct sockaddr_in *)(const void *)sa)->sin_addr);
}

static void ifreq_get(int s, unsigned long req, const char *rname,
                      const char *name)
{
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
  if (ioctl(s, req, &ifr) < 0)
    printf("%s %s: %s\n", rname, name, strerror(errno));
  else if (req == SIOCGIFFLAGS)
    printf("%s %s: %#x\n", rname, name, (unsigned)(unsigned short)ifr.ifr_flags);
  else
    printf("%s %s: %s\n", rname, name, ip(&ifr.ifr_addr));
}

static void interfaces(void)
{
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct ifreq buf[8];
  struct ifconf ifc = { .ifc_len = sizeof buf, .ifc_req = buf };
  ioctl(s, SIOCGIFCONF, &ifc);
  printf("SIOCGIFCONF: %d bytes\n", ifc.ifc_len);
  for (int i = 0; i < ifc.ifc_len / (int)sizeof buf[0]; i++)
    printf("  %s %s\n", buf[i].ifr_name, ip(&buf[i].ifr_addr));
  ifc.ifc_len = sizeof buf[0] + 10;
  ioctl(s, SIOCGIFCONF, &ifc);
  printf("SIOCGIFCONF with room for one: %d bytes, %s\n", ifc.ifc_len,
         buf[0].ifr_name);
  struct ifconf none = { .ifc_len = 0, .ifc_buf = NULL };
  ioctl(s, SIOCGIFCONF, &none);
  printf("SIOCGIFCONF with no buffer: %d bytes needed\n", none.ifc_len);
  const char *names[] = { "en0", "ppp1", "lo0", "xx9" };
  for (int i = 0; i < 4; i++) {
    ifreq_get(s, SIOCGIFFLAGS, "SIOCGIFFLAGS", names[i]);
    ifreq_get(s, SIOCGIFADDR, "SIOCGIFADDR", names[i]);
    ifreq_get(s, SIOCGIFNETMASK, "SIOCGIFNETMASK", names[i]);
    ifreq_get(s, SIOCGIFBRDADDR, "SIOCGIFBRDADDR", names[i]);
    ifreq_get(s, SIOCGIFDSTADDR, "SIOCGIFDSTADDR", names[i]);
  }
  int u = socket(AF_UNIX, SOCK_STREAM, 0);
  ifreq_get(u, SIOCGIFADDR, "SIOCGIFADDR on an AF_UNIX socket", "en0");
  ifreq_get(u, SIOCGIFFLAGS, "SIOCGIFFLAGS on an AF_UNIX socket", "en0");
  ifreq_get(40, SIOCGIFFLAGS, "SIOCGIFFLAGS on a closed descriptor", "en0");
  close(u);
  close(s);
}

static void high_descriptors(void)
{
  int sp[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sp);
  write(sp[1], "x", 1);
  struct pollfd p[4] = { { sp[0], POLLIN, 0 }, { 100, POLLIN, 0 },
                         { -1, POLLIN, 0 }, { 40, POLLIN, 0 } };
  int n = poll(p, 4, 1000);
  printf("poll on %d, 100, -1, 40 (closed): %d; revents %#x %#x %#x %#x "
         "(POLLNVAL %#x)\n", sp[0], n, p[0].revents, p[1].revents,
         p[2].revents, p[3].revents, POLLNVAL);
  struct pollfd q = { 40, POLLIN, 0 };
  n = poll(&q, 1, -1);
  printf("poll on 40 alone, no timeout: %d, revents %#x\n", n, q.revents);
  fd_set c;
  FD_ZERO(&c);
  FD_SET(40, &c);
  n = select(41, &c, NULL, NULL, NULL);
  printf("select on 40 (closed): %d %s\n", n, n < 0 && errno == EBADF ? "EBADF" : "?");
  fd_set r;
  FD_ZERO(&r);
  FD_SET(sp[0], &r);
  FD_SET(100, &r);
  FD_SET(1000, &r);
  n = select(1001, &r, NULL, NULL, NULL);
  printf("select on %d, 100, 1000 (nfds 1001): %d; set: %d %d %d\n", sp[0],
         n, FD_ISSET(sp[0], &r) != 0, FD_ISSET(100, &r) != 0,
         FD_ISSET(1000, &r) != 0);
  close(sp[0]);
  close(sp[1]);
}

static void std_over(const char *echo)
{
  int sp[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sp);
  pid_t pid = fork();
  if (pid == 0) {
    close(sp[0]);
    dup2(sp[1], 0);
    close(1);                         /* inetd's way: the lowest free */
    if (dup(sp[1]) != 1)
      _exit(126);
    close(sp[1]);
    char *argv[] = { "std_echo", NULL };
    execv(echo, argv);
    _exit(127);
  }
  close(sp[1]);
  write(sp[0], "ping\n", 5);
  char buf[128];
  ssize_t got = 0, r;
  while ((r = read(sp[0], buf + got, sizeof buf - 1 - (size_t)got)) > 0)
    got += r;
  buf[got] = '\0';
  int st;
  waitpid(pid, &st, 0);
  printf("from the child's stdout: %zd bytes '%.*s'; exit %d\n", got,
         (int)strcspn(buf, "\n"), buf, WEXITSTATUS(st));
  close(sp[0]);
}

int main(int argc, char **argv)
{
  itimers();
  sigvecs();
  interfaces();
  high_descriptors();
  if (argc > 1)
    std_over(argv[1]);
  return 0;
}
