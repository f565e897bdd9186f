/* sim/engine/bsderr.c: the 4.4BSD errno table (see bsderr.h). EAGAIN and
 * EWOULDBLOCK are one value (35) in 4.4BSD, as they are on Linux. */
#include "bsderr.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct bsderr table[] = {
  { EPERM, 1, "EPERM", "Operation not permitted" },
  { ENOENT, 2, "ENOENT", "No such file or directory" },
  { ESRCH, 3, "ESRCH", "No such process" },
  { EINTR, 4, "EINTR", "Interrupted system call" },
  { EIO, 5, "EIO", "Input/output error" },
  { ENXIO, 6, "ENXIO", "Device not configured" },
  { E2BIG, 7, "E2BIG", "Argument list too long" },
  { ENOEXEC, 8, "ENOEXEC", "Exec format error" },
  { EBADF, 9, "EBADF", "Bad file descriptor" },
  { ECHILD, 10, "ECHILD", "No child processes" },
  { EDEADLK, 11, "EDEADLK", "Resource deadlock avoided" },
  { ENOMEM, 12, "ENOMEM", "Cannot allocate memory" },
  { EACCES, 13, "EACCES", "Permission denied" },
  { EFAULT, 14, "EFAULT", "Bad address" },
  { EBUSY, 16, "EBUSY", "Device busy" },
  { EEXIST, 17, "EEXIST", "File exists" },
  { ENODEV, 19, "ENODEV", "Operation not supported by device" },
  { ENOTDIR, 20, "ENOTDIR", "Not a directory" },
  { EISDIR, 21, "EISDIR", "Is a directory" },
  { EINVAL, 22, "EINVAL", "Invalid argument" },
  { ENFILE, 23, "ENFILE", "Too many open files in system" },
  { EMFILE, 24, "EMFILE", "Too many open files" },
  { ENOTTY, 25, "ENOTTY", "Inappropriate ioctl for device" },
  { EFBIG, 27, "EFBIG", "File too large" },
  { ENOSPC, 28, "ENOSPC", "No space left on device" },
  { ESPIPE, 29, "ESPIPE", "Illegal seek" },
  { EROFS, 30, "EROFS", "Read-only file system" },
  { EPIPE, 32, "EPIPE", "Broken pipe" },
  { EDOM, 33, "EDOM", "Numerical argument out of domain" },
  { ERANGE, 34, "ERANGE", "Result too large" },
  { EWOULDBLOCK, 35, "EWOULDBLOCK", "Operation would block" },
  { EINPROGRESS, 36, "EINPROGRESS", "Operation now in progress" },
  { EALREADY, 37, "EALREADY", "Operation already in progress" },
  { ENOTSOCK, 38, "ENOTSOCK", "Socket operation on non-socket" },
  { EDESTADDRREQ, 39, "EDESTADDRREQ", "Destination address required" },
  { EMSGSIZE, 40, "EMSGSIZE", "Message too long" },
  { EPROTOTYPE, 41, "EPROTOTYPE", "Protocol wrong type for socket" },
  { ENOPROTOOPT, 42, "ENOPROTOOPT", "Protocol not available" },
  { EPROTONOSUPPORT, 43, "EPROTONOSUPPORT", "Protocol not supported" },
  { ESOCKTNOSUPPORT, 44, "ESOCKTNOSUPPORT", "Socket type not supported" },
  { EOPNOTSUPP, 45, "EOPNOTSUPP", "Operation not supported" },
  { EPFNOSUPPORT, 46, "EPFNOSUPPORT", "Protocol family not supported" },
  { EAFNOSUPPORT, 47, "EAFNOSUPPORT",
    "Address family not supported by protocol family" },
  { EADDRINUSE, 48, "EADDRINUSE", "Address already in use" },
  { EADDRNOTAVAIL, 49, "EADDRNOTAVAIL", "Can't assign requested address" },
  { ENETDOWN, 50, "ENETDOWN", "Network is down" },
  { ENETUNREACH, 51, "ENETUNREACH", "Network is unreachable" },
  { ENETRESET, 52, "ENETRESET", "Network dropped connection on reset" },
  { ECONNABORTED, 53, "ECONNABORTED", "Software caused connection abort" },
  { ECONNRESET, 54, "ECONNRESET", "Connection reset by peer" },
  { ENOBUFS, 55, "ENOBUFS", "No buffer space available" },
  { EISCONN, 56, "EISCONN", "Socket is already connected" },
  { ENOTCONN, 57, "ENOTCONN", "Socket is not connected" },
  { ESHUTDOWN, 58, "ESHUTDOWN", "Can't send after socket shutdown" },
  { ETOOMANYREFS, 59, "ETOOMANYREFS", "Too many references: can't splice" },
  { ETIMEDOUT, 60, "ETIMEDOUT", "Operation timed out" },
  { ECONNREFUSED, 61, "ECONNREFUSED", "Connection refused" },
  { ELOOP, 62, "ELOOP", "Too many levels of symbolic links" },
  { ENAMETOOLONG, 63, "ENAMETOOLONG", "File name too long" },
  { EHOSTDOWN, 64, "EHOSTDOWN", "Host is down" },
  { EHOSTUNREACH, 65, "EHOSTUNREACH", "No route to host" },
  { ENOTEMPTY, 66, "ENOTEMPTY", "Directory not empty" },
  { 0, 0, NULL, NULL },
};

const struct bsderr *bsderr_lookup(int err)
{
  err = abs(err);
  for (const struct bsderr *e = table; e->name; e++)
    if (e->host == err)
      return e;
  return NULL;
}

const struct bsderr *bsderr_by_name(const char *name)
{
  for (const struct bsderr *e = table; e->name; e++)
    if (strcmp(e->name, name) == 0)
      return e;
  return NULL;
}

const struct bsderr *bsderr_table(void)
{
  return table;
}
