/* sim/exec/exec_ops.c: the table of requests (shim/chan.h's ops) and
 * their handlers, names (the C call, for calls.csv and messages) and
 * flags. */
#include "exec_internal.h"

static const struct xop ops[] = {
  [CHAN_HELLO] = { "hello", exec_sys_hello, false, false },
  [CHAN_UNCOVERED] = { "uncovered", exec_sys_uncovered, false, false },
  [CHAN_SOCKET] = { "socket", exec_sock_socket, false, false },
  [CHAN_BIND] = { "bind", exec_sock_bind, true, false },
  [CHAN_LISTEN] = { "listen", exec_sock_listen, true, false },
  [CHAN_ACCEPT] = { "accept", exec_sock_accept, true, true },
  [CHAN_CONNECT] = { "connect", exec_sock_connect, true, false },
  [CHAN_READ] = { "read", exec_sock_read, true, true },
  [CHAN_WRITE] = { "write", exec_sock_write, true, true },
  [CHAN_SENDTO] = { "sendto", exec_sock_sendto, true, true },
  [CHAN_RECVFROM] = { "recvfrom", exec_sock_recvfrom, true, true },
  [CHAN_CLOSE] = { "close", exec_sock_close, true, false },
  [CHAN_SHUTDOWN] = { "shutdown", exec_sock_shutdown, true, false },
  [CHAN_GETSOCKNAME] = { "getsockname", exec_sock_getsockname, true, false },
  [CHAN_GETPEERNAME] = { "getpeername", exec_sock_getpeername, true, false },
  [CHAN_SETSOCKOPT] = { "setsockopt", exec_sock_setsockopt, true, false },
  [CHAN_GETSOCKOPT] = { "getsockopt", exec_sock_getsockopt, true, false },
  [CHAN_HOSTBYNAME] = { "gethostbyname", exec_netdb_hostbyname, false, false },
  [CHAN_HOSTBYADDR] = { "gethostbyaddr", exec_netdb_hostbyaddr, false, false },
  [CHAN_SERVBYNAME] = { "getservbyname", exec_netdb_servbyname, false, false },
  [CHAN_SERVBYPORT] = { "getservbyport", exec_netdb_servbyport, false, false },
  [CHAN_GETTIME] = { "gettimeofday", exec_sys_gettime, false, false },
  [CHAN_SLEEP] = { "sleep", exec_sys_sleep, false, false },
  [CHAN_SELECT] = { "select", exec_sock_select, false, false },
  [CHAN_DUP] = { "dup", exec_sock_dup, true, false },
  [CHAN_DUP2] = { "dup2", exec_sock_dup2, true, false },
  [CHAN_IOCTL] = { "ioctl", exec_sock_ioctl, true, false },
  [CHAN_FCNTL_NB] = { "fcntl", exec_sock_fcntl_nb, true, false },
  [CHAN_FORK] = { "fork", exec_sys_fork, false, false },
  [CHAN_WAIT] = { "wait", exec_sys_wait, false, true },
  [CHAN_GETIDS] = { "getpid", exec_sys_getids, false, false },
  [CHAN_KILL] = { "kill", exec_sys_kill, false, false },
  [CHAN_GETHOSTNAME] = { "gethostname", exec_sys_gethostname, false, false },
  [CHAN_PIPE] = { "pipe", exec_sock_pipe, false, false },
  [CHAN_SOCKETPAIR] = { "socketpair", exec_sock_socketpair, false, false },
  [CHAN_SIGDISP] = { "sigaction", exec_sys_sigdisp, false, false },
  [CHAN_ALARM] = { "alarm", exec_sys_alarm, false, false },
  [CHAN_OPEN] = { "open", exec_sock_open, false, false },
  [CHAN_LISTDIR] = { "opendir", exec_sock_listdir, false, false },
  [CHAN_SIGMASK] = { "sigprocmask", exec_sys_sigmask, false, false },
  [CHAN_SETUID] = { "setuid", exec_sys_setuid, false, false },
  [CHAN_RANDOM] = { "getrandom", exec_sys_random, false, false },
  [CHAN_MKDIR] = { "mkdir", exec_sock_mkdir, false, false },
  [CHAN_NETBYNAME] = { "getnetbyname", exec_netdb_netbyname, false, false },
  [CHAN_ITIMER] = { "setitimer", exec_sys_itimer, false, false },
  [CHAN_IFCONF] = { "ioctl", exec_sock_ifconf, true, false },
  [CHAN_IFIOCTL] = { "ioctl", exec_sock_ifioctl, true, false },
};

const struct xop *exec_op(uint32_t op)
{
  if (op >= G_N_ELEMENTS(ops) || !ops[op].fn)
    return NULL;
  return &ops[op];
}
