/* shim/shim_raw.c: syscall(), the C library's way to make a raw system
 * call, interposed so that a call past the shim is caught rather than
 * reaching the real kernel: the network and process calls stop the run
 * (naming the call), getrandom is answered from the run's seed (libbsd's
 * arc4random draws this way), and the rest (time, thread ids, futexes)
 * go through. A system call instruction written into a program is not
 * seen here; the private network namespace contains those. */
#define _GNU_SOURCE
#include "shim.h"

#include <stdarg.h>
#include <stdio.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

#define X SHIM_EXPORT

/* The raw calls refused, by number and name. */
static const struct { long nr; const char *name; } refused[] = {
  { SYS_socket, "socket" }, { SYS_connect, "connect" },
  { SYS_bind, "bind" }, { SYS_listen, "listen" },
  { SYS_accept, "accept" }, { SYS_accept4, "accept4" },
  { SYS_sendto, "sendto" }, { SYS_recvfrom, "recvfrom" },
  { SYS_sendmsg, "sendmsg" }, { SYS_recvmsg, "recvmsg" },
  { SYS_socketpair, "socketpair" }, { SYS_shutdown, "shutdown" },
  { SYS_setsockopt, "setsockopt" }, { SYS_getsockopt, "getsockopt" },
  { SYS_clone, "clone" }, { SYS_fork, "fork" }, { SYS_vfork, "vfork" },
  { SYS_kill, "kill" }, { SYS_execve, "execve" },
};

X long syscall(long nr, ...)
{
  va_list ap;
  va_start(ap, nr);
  long a = va_arg(ap, long), b = va_arg(ap, long), c = va_arg(ap, long);
  long d = va_arg(ap, long), e = va_arg(ap, long), f = va_arg(ap, long);
  va_end(ap);
  if (nr == SYS_getrandom)
    return getrandom((void *)a, (size_t)b, (unsigned int)c);
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
    if (refused[i].nr == nr) {
      char what[96];
      snprintf(what, sizeof what, "syscall(SYS_%s), a raw system call "
               "past the shim", refused[i].name);
      shim_uncovered(what);
    }
  return shim_sys(nr, a, b, c, d, e, f);
}
