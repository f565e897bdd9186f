/* sim/exec/tests/bad_calls.c: a program that misbehaves on purpose, as
 * argv[1] says, for the exec tests: "uncovered" calls epoll_create1 (not
 * provided by the simulated host), "crash" dereferences NULL after a
 * socket call, "hang" computes for ever without a call, "threads"
 * starts a thread, "exit3" exits with status 3 after printing, "raw"
 * calls syscall(SYS_socket) (the shim catches it), "escape" makes socket
 * and connect system calls with the instruction itself, past the shim
 * (to the real loopback, which a private network namespace does not have
 * up), "creds" sends SCM_CREDENTIALS (refused: only SCM_RIGHTS passes),
 * "random" prints 8 bytes of getrandom and 8 of syscall(SYS_getrandom)
 * (both drawn from the run's seed). */
#define _GNU_SOURCE               /* struct ucred */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A system call made with the instruction, as a static or Go program
 * would: nothing in the C library sees it. */
static long raw3(long nr, long a, long b, long c)
{
  long ret;
  __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c)
                   : "rcx", "r11", "memory");
  return ret;
}

static void *thread_main(void *arg)
{
  return arg;
}

int main(int argc, char **argv)
{
  const char *what = argc > 1 ? argv[1] : "";
  int s = socket(AF_INET, SOCK_STREAM, 0);
  printf("%s: socket %d\n", what, s);
  if (strcmp(what, "uncovered") == 0)
    return epoll_create1(0) < 0;
  if (strcmp(what, "crash") == 0) {
    volatile int *p = NULL;
    return *p;
  }
  if (strcmp(what, "hang") == 0) {
    volatile unsigned long n = 0;
    for (;;)
      n++;
  }
  if (strcmp(what, "threads") == 0) {
    pthread_t t;
    return pthread_create(&t, NULL, thread_main, NULL);
  }
  if (strcmp(what, "exit3") == 0)
    return 3;
  if (strcmp(what, "raw") == 0)
    return (int)syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
  if (strcmp(what, "escape") == 0) {
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(9);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    long fd = raw3(SYS_socket, AF_INET, SOCK_STREAM, 0);
    long r = raw3(SYS_connect, fd, (long)&sin, sizeof sin);
    printf("raw connect to 127.0.0.1:9: %s\n", r < 0 ? strerror((int)-r)
                                                   : "connected");
    return 0;
  }
  if (strcmp(what, "creds") == 0) {   /* SCM_CREDENTIALS: refused */
    int sp[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sp);
    struct ucred uc = { getpid(), getuid(), getgid() };
    char cbuf[CMSG_SPACE(sizeof uc)], byte = 0;
    struct iovec iov = { &byte, 1 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
                        .msg_control = cbuf, .msg_controllen = sizeof cbuf };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    c->cmsg_len = CMSG_LEN(sizeof uc);
    memcpy(CMSG_DATA(c), &uc, sizeof uc);
    return (int)sendmsg(sp[0], &m, 0);
  }
  if (strcmp(what, "random") == 0) {
    unsigned char b[16];
    getrandom(b, 8, 0);
    syscall(SYS_getrandom, b + 8, 8, 0);
    printf("random:");
    for (int i = 0; i < 16; i++)
      printf(" %02x", b[i]);
    printf("\n");
    return 0;
  }
  return 0;
}
