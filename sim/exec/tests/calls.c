/* sim/exec/tests/calls.c: one pass over the calls the shim covers that
 * the other test programs do not make, each result printed (compared
 * with expected/calls.out): ids and host name, getaddrinfo and
 * getnameinfo, UDP to itself with sendmsg/recvmsg and sendto/recvfrom,
 * socketpair with writev/readv, FIONREAD, dup2, O_NONBLOCK and
 * EWOULDBLOCK, select with a timeout (simulated time moves), poll,
 * alarm with a handler and pause, sigprocmask holding SIGALRM back,
 * nanosleep, getsockopt SO_TYPE, pipe, the simulated clock, setuid.
 * Built with _FORTIFY_SOURCE, as Debian builds, so its reads are
 * __read_chk and its recvs __recv_chk. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static volatile int alarms;

static void on_alarm(int sig)
{
  (void)sig;
  alarms++;
}

static double now(void)
{
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return tv.tv_sec + tv.tv_usec / 1e6;
}

static void ids(void)
{
  char name[64];
  gethostname(name, sizeof name);
  printf("pid %d ppid %d uid %d host %s\n", (int)getpid(), (int)getppid(),
         (int)getuid(), name);
}

static void names(void)
{
  struct addrinfo hints, *ai;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  int r = getaddrinfo("degas", "login", &hints, &ai);
  char host[64], serv[32];
  if (r == 0) {
    getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host, serv,
                sizeof serv, 0);
    printf("getaddrinfo degas login: %s port %d; getnameinfo: %s %s\n",
           inet_ntoa(((struct sockaddr_in *)ai->ai_addr)->sin_addr),
           ntohs(((struct sockaddr_in *)ai->ai_addr)->sin_port), host, serv);
    freeaddrinfo(ai);
  }
  printf("getaddrinfo nosuchhost: %s\n",
         getaddrinfo("nosuchhost", NULL, &hints, &ai) == EAI_NONAME
           ? "EAI_NONAME" : "?");
}

static void udp_self(void)
{
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in sin, from;
  memset(&sin, 0, sizeof sin);
  sin.sin_family = AF_INET;
  sin.sin_port = htons(4000);
  sin.sin_addr.s_addr = inet_addr("128.32.1.1");
  bind(s, (struct sockaddr *)&sin, sizeof sin);
  char a[] = "scatter ", b[] = "gather";
  struct iovec iov[2] = { { a, 8 }, { b, 6 } };
  struct msghdr m = { .msg_name = &sin, .msg_namelen = sizeof sin,
                      .msg_iov = iov, .msg_iovlen = 2 };
  printf("sendmsg: %zd\n", sendmsg(s, &m, 0));
  char buf[64] = { 0 };
  struct iovec in = { buf, sizeof buf - 1 };
  struct msghdr mi = { .msg_name = &from, .msg_namelen = sizeof from,
                       .msg_iov = &in, .msg_iovlen = 1 };
  ssize_t n = recvmsg(s, &mi, 0);
  printf("recvmsg: %zd '%s' from %s:%d\n", n, buf, inet_ntoa(from.sin_addr),
         ntohs(from.sin_port));
  int type;
  socklen_t len = sizeof type;
  getsockopt(s, SOL_SOCKET, SO_TYPE, &type, &len);
  printf("SO_TYPE %d (SOCK_DGRAM %d)\n", type, SOCK_DGRAM);
  close(s);
}

static void pair(void)
{
  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  struct iovec out[2] = { { "ab", 2 }, { "cde", 3 } };
  printf("writev: %zd\n", writev(sv[0], out, 2));
  int n = 0;
  ioctl(sv[1], FIONREAD, &n);
  printf("FIONREAD: %d\n", n);
  char chk[16] = { 0 };
  volatile size_t want = 2;             /* not known when compiled */
  ssize_t got = recv(sv[1], chk, want, MSG_PEEK);
  printf("__recv_chk peeked %zd '%s'\n", got, chk);
  int d = dup2(sv[1], 20);
  char x[3] = { 0 }, y[4] = { 0 };
  struct iovec in[2] = { { x, 2 }, { y, 3 } };
  printf("dup2: %d; readv: %zd '%s' '%s'\n", d, readv(d, in, 2), x, y);
  fcntl(d, F_SETFL, fcntl(d, F_GETFL) | O_NONBLOCK);
  ssize_t r = read(d, chk, want);
  printf("non-blocking read: %zd %s\n", r, errno == EAGAIN ? "EAGAIN" : "?");
  close(d);
  close(sv[1]);
  ssize_t w = send(sv[0], "x", 1, MSG_NOSIGNAL);
  printf("send to a closed peer, MSG_NOSIGNAL: %zd %s, no SIGPIPE\n", w,
         w < 0 && errno == EPIPE ? "EPIPE" : "?");
  close(sv[0]);
}

static void waits(void)
{
  int p[2];
  if (pipe(p) < 0)
    return;
  fd_set r;
  FD_ZERO(&r);
  FD_SET(p[0], &r);
  struct timeval tv = { 1, 500000 };
  double t0 = now();
  int n = select(p[0] + 1, &r, NULL, NULL, &tv);
  printf("select on an empty pipe: %d after %.3f s\n", n, now() - t0);
  if (write(p[1], "z", 1) != 1)
    return;
  struct pollfd pf = { p[0], POLLIN, 0 };
  n = poll(&pf, 1, 1000);
  printf("poll after a write: %d revents POLLIN %d\n", n,
         (pf.revents & POLLIN) != 0);
  signal(SIGALRM, on_alarm);
  t0 = now();
  alarm(2);
  pause();
  printf("pause ended by SIGALRM after %.3f s, %d alarm(s)\n", now() - t0,
         alarms);
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGALRM);
  sigprocmask(SIG_BLOCK, &block, &old);
  alarm(1);
  t0 = now();
  unsigned left = sleep(2);
  printf("SIGALRM blocked: sleep(2) left %u after %.3f s, %d alarm(s)\n",
         left, now() - t0, alarms);
  sigprocmask(SIG_SETMASK, &old, NULL);
  printf("unblocked: %d alarm(s)\n", alarms);
  struct timespec ts = { 0, 250000000 };
  t0 = now();
  nanosleep(&ts, NULL);
  printf("nanosleep 0.25 s: %.3f s\n", now() - t0);
  close(p[0]);
  close(p[1]);
}

int main(void)
{
  ids();
  names();
  udp_self();
  pair();
  waits();
  printf("time %ld\n", (long)time(NULL));
  int r1 = setuid(1);
  int u = (int)getuid();
  int r2 = setuid(0);
  printf("setuid(1) %d, getuid %d, setuid(0) back: %d %s\n", r1, u, r2,
         r2 < 0 && errno == EPERM ? "EPERM" : "?");
  return 0;
}
