/* sim/exec/tests/rights.c: passing descriptors (sendmsg/recvmsg with
 * SCM_RIGHTS) between a parent and its forked child over AF_UNIX
 * socketpairs, each result printed (compared with expected/rights.out).
 * Usage: rights HOST PORT, an echo server there. Stream: the parent
 * connects to the echo server, passes the TCP socket and closes its
 * copy; the child talks through it (the same connection). Datagram: the
 * parent passes a pipe's write end; what the child writes comes out of
 * the parent's read end, then EOF once the child closes it (the only
 * one left). Short control buffer: three descriptors into room for one,
 * MSG_CTRUNC, and the two that did not fit closed (the pipe reads EOF). */
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* Sends text with the n descriptors fds on s. */
static void send_fds(int s, const char *text, const int *fds, int n)
{
  char cbuf[CMSG_SPACE(3 * sizeof(int))];
  struct iovec iov = { (void *)text, strlen(text) };
  struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
                      .msg_control = cbuf,
                      .msg_controllen = CMSG_SPACE(n * sizeof(int)) };
  struct cmsghdr *c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(n * sizeof(int));
  memcpy(CMSG_DATA(c), fds, n * sizeof(int));
  printf("parent: sendmsg %zd with %d descriptor(s)\n", sendmsg(s, &m, 0),
         n);
}

/* Receives on s with room for room descriptors; the first one (or -1)
 * is returned, the count to *n. */
static int recv_fd(int s, int room, int *n)
{
  char text[64] = { 0 }, cbuf[CMSG_SPACE(3 * sizeof(int))];
  struct iovec iov = { text, sizeof text - 1 };
  struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
                      .msg_control = cbuf,
                      .msg_controllen = CMSG_LEN(room * sizeof(int)) };
  ssize_t r = recvmsg(s, &m, 0);
  struct cmsghdr *c = CMSG_FIRSTHDR(&m);
  int fd = -1;
  *n = 0;
  if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
    *n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
  }
  printf("child: recvmsg %zd '%s', %d descriptor(s), first %d%s\n", r, text,
         *n, fd, (m.msg_flags & MSG_CTRUNC) ? ", MSG_CTRUNC" : "");
  return fd;
}

static int tcp_connect(const char *host, int port)
{
  struct hostent *hp = gethostbyname(host);
  struct sockaddr_in sin = { .sin_family = AF_INET,
                             .sin_port = htons((unsigned short)port) };
  memcpy(&sin.sin_addr, hp->h_addr_list[0], sizeof sin.sin_addr);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(s, (struct sockaddr *)&sin, sizeof sin) < 0)
    perror("connect");
  return s;
}

static void child(int st, int dg)
{
  int n;
  int t = recv_fd(st, 1, &n);                 /* the TCP connection */
  char buf[64] = { 0 };
  printf("child: write %zd to %d\n", write(t, "hello\n", 6), t);
  printf("child: read %zd: %s", read(t, buf, sizeof buf - 1), buf);
  close(t);
  int w = recv_fd(dg, 1, &n);                 /* a pipe's write end */
  printf("child: write %zd to %d\n", write(w, "via the pipe\n", 13), w);
  close(w);
  w = recv_fd(st, 1, &n);                     /* 3 into room for 1 */
  close(w);
  exit(0);
}

int main(int argc, char **argv)
{
  int st[2], dg[2], pf[2], pg[2];
  char buf[64];
  socketpair(AF_UNIX, SOCK_STREAM, 0, st);
  socketpair(AF_UNIX, SOCK_DGRAM, 0, dg);
  pid_t pid = fork();
  if (pid == 0) {
    close(st[0]);
    close(dg[0]);
    child(st[1], dg[1]);
  }
  close(st[1]);
  close(dg[1]);
  int t = tcp_connect(argc > 1 ? argv[1] : "degas",
                      argc > 2 ? atoi(argv[2]) : 7);
  send_fds(st[0], "tcp", &t, 1);
  close(t);
  pipe(pf);
  send_fds(dg[0], "pipe", &pf[1], 1);
  close(pf[1]);
  for (ssize_t r; (r = read(pf[0], buf, sizeof buf - 1)) > 0;) {
    buf[r] = 0;
    printf("parent: from the pipe: %s", buf);
  }
  printf("parent: the pipe's write end is closed (EOF)\n");
  pipe(pg);
  int three[3] = { pg[1], pg[1], pg[1] };
  send_fds(st[0], "three", three, 3);
  close(pg[1]);
  printf("parent: read %zd: the two that did not fit were closed\n",
         read(pg[0], buf, sizeof buf));
  int status;
  waitpid(pid, &status, 0);
  printf("parent: child exited %d\n", WEXITSTATUS(status));
  return 0;
}
