/* sim/lua/lsim_sock.c: the primer's socket calls in Lua: socket, bind,
 * listen, accept, connect, send, sendto, recv, recvfrom, shutdown,
 * getsockname, getpeername, socketpair, pipe, setsockopt, getsockopt,
 * select, and the constants (AF_*, SOCK_*, SO_*, MSG_*, ...) with their
 * 4.4BSD values. Each call is a thin adapter over hosts/syscalls.h; a call
 * that would block sleeps the process on the channel it names and its
 * continuation tries again (lsim_sys_block). A signal ending the sleep
 * returns lsim_push_intr(): restartable for accept, send and receive with
 * nothing moved yet (a partial transfer returns its count), not for
 * connect and select, as 4.4BSD. Read: docs/lua-api.md "Sockets and
 * files", primer sections 2 and 5. */
#include "host.h"
#include "ip_var.h"
#include "lsim_sys.h"
#include "proc.h"
#include "socketvar.h"
#include "syscalls.h"
#include "tcp_var.h"

#include <limits.h>
#include <string.h>

#define RECV_MAX (1u << 20)     /* bytes one receive call reads at most */

/* ---- creating and naming ---- */

static int l_socket(lua_State *L)
{
  int dom = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  int type = lsim_sys_checkint(L, 2, INT_MIN, INT_MAX);
  int proto = lsim_sys_optint(L, 3, 0);
  return lsim_sys_result(L, sys_socket(lsim_sys_proc(L, "socket"), dom,
                                       type, proto));
}

static int l_bind(lua_State *L)
{
  struct so_addr a;
  int fd = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  lsim_sys_checkaddr(L, 2, "bind", &a);
  return lsim_sys_result(L, sys_bind(lsim_sys_proc(L, "bind"), fd, &a));
}

static int l_listen(lua_State *L)
{
  int fd = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  int backlog = lsim_sys_checkint(L, 2, INT_MIN, INT_MAX);
  return lsim_sys_result(L, sys_listen(lsim_sys_proc(L, "listen"), fd,
                                       backlog));
}

static int l_shutdown(lua_State *L)
{
  int fd = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  int how = lsim_sys_checkint(L, 2, INT_MIN, INT_MAX);
  return lsim_sys_result(L, sys_shutdown(lsim_sys_proc(L, "shutdown"), fd,
                                         how));
}

/* getsockname(s), getpeername(s): the address table. */
static int name_call(lua_State *L, const char *fn,
                     int (*call)(struct proc *, int, struct so_addr *))
{
  int fd = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  struct so_addr a;
  int err = call(lsim_sys_proc(L, fn), fd, &a);
  if (err)
    return lsim_push_errno(L, err);
  lsim_sys_pushaddr(L, &a);
  return 1;
}

static int l_getsockname(lua_State *L)
{
  return name_call(L, "getsockname", sys_getsockname);
}

static int l_getpeername(lua_State *L)
{
  return name_call(L, "getpeername", sys_getpeername);
}

static int push_pair(lua_State *L, int err, const int fds[2])
{
  if (err)
    return lsim_push_errno(L, err);
  lua_pushinteger(L, fds[0]);
  lua_pushinteger(L, fds[1]);
  return 2;
}

static int l_socketpair(lua_State *L)
{
  int dom = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  int type = lsim_sys_checkint(L, 2, INT_MIN, INT_MAX);
  int proto = lsim_sys_optint(L, 3, 0);
  int sv[2];
  int err = sys_socketpair(lsim_sys_proc(L, "socketpair"), dom, type, proto,
                           sv);
  return push_pair(L, err, sv);
}

static int l_pipe(lua_State *L)
{
  int fds[2];
  return push_pair(L, sys_pipe(lsim_sys_proc(L, "pipe"), fds), fds);
}

/* ---- options ---- */

/* Field k of the table at i as an int: nil is 0, a number must be an
 * integer within int's range (a message names the field otherwise). */
static int int_field(lua_State *L, int i, const char *k)
{
  int isnum;
  lua_getfield(L, i, k);
  lua_Integer v = lua_tointegerx(L, -1, &isnum);
  if (!isnum && !lua_isnil(L, -1))
    luaL_argerror(L, i, lua_pushfstring(L, "%s must be an integer", k));
  if (v < INT_MIN || v > INT_MAX)
    luaL_argerror(L, i, lua_pushfstring(L, "%s %I is outside %I..%I", k, v,
                                        (lua_Integer)INT_MIN,
                                        (lua_Integer)INT_MAX));
  lua_pop(L, 1);
  return (int)v;
}

/* The integer value of a setsockopt. A buffer size beyond int's range is
 * clamped to its end, which sbreserve refuses as 4.4BSD does (ENOBUFS);
 * any other option's value must fit in an int. */
static int option_value(lua_State *L, int i, int level, int name)
{
  if (level != SOL_SOCKET || (name != SO_SNDBUF && name != SO_RCVBUF))
    return lsim_sys_checkint(L, i, INT_MIN, INT_MAX);
  lua_Integer v = luaL_checkinteger(L, i);
  return v < INT_MIN ? INT_MIN : v > INT_MAX ? INT_MAX : (int)v;
}

static bool is_timeo(int level, int name)
{
  return level == SOL_SOCKET && (name == SO_SNDTIMEO || name == SO_RCVTIMEO);
}

/* A timeval field at the top of the stack: an integer in 0..hi. */
static int timeval_field(lua_State *L, const char *f, lua_Integer hi)
{
  if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0 ||
      lua_tointeger(L, -1) > hi)
    luaL_argerror(L, 4, lua_pushfstring(L, "%s must be an integer 0..%I, "
                                        "not %s", f, hi,
                                        luaL_tolstring(L, -1, NULL)));
  int v = (int)lua_tointeger(L, -1);
  lua_pop(L, 1);
  return v;
}

/* SO_SNDTIMEO/SO_RCVTIMEO's value at 4: { tv_sec = , tv_usec = } (a
 * missing field is 0) or a time (seconds, or "250ms"); into sec, usec. */
static void check_timeval(lua_State *L, int *sec, int *usec)
{
  if (lua_istable(L, 4)) {
    static const char *const fields[] = { "tv_sec", "tv_usec", NULL };
    lsim_check_fields(L, 4, "setsockopt", fields);
    lua_getfield(L, 4, "tv_sec");
    *sec = lua_isnil(L, -1) ? (lua_pop(L, 1), 0)
                            : timeval_field(L, "tv_sec", INT_MAX);
    lua_getfield(L, 4, "tv_usec");
    *usec = lua_isnil(L, -1) ? (lua_pop(L, 1), 0)
                             : timeval_field(L, "tv_usec", 999999);
    return;
  }
  sim_time_t t = lsim_checktime(L, 4);
  if (t < 0 || t / SIM_S > INT_MAX)
    luaL_argerror(L, 4, "a timeout must be 0 or more seconds");
  *sec = (int)(t / SIM_S);
  *usec = (int)(t % SIM_S / 1000);
}

/* The primer's setsockopt(s, SOL_SOCKET, SO_DEBUG, (char *)0, 0): 4.2BSD's
 * sosetopt took no value and set a boolean option; 4.3BSD on (4.4BSD
 * too) answer EINVAL when there is no value. So it turns the option on
 * for a host whose profile is "4.2bsd" only. The value, or 0. */
static int novalue(const struct proc *p, int level, int name)
{
  static const int flags = SO_DEBUG | SO_REUSEADDR | SO_KEEPALIVE |
                           SO_DONTROUTE | SO_BROADCAST | SO_OOBINLINE;
  bool is42 = p->host->inet &&
              p->host->inet->tcp_profile == TCP_PROFILE_42BSD;
  bool isflag = (name & ~flags) == 0 && (name & (name - 1)) == 0 && name;
  return is42 && level == SOL_SOCKET && isflag ? 1 : 0;
}

/* setsockopt(s, level, name, value): value an integer, a boolean, for
 * SO_LINGER { l_onoff = , l_linger = }, for SO_SNDTIMEO and SO_RCVTIMEO
 * { tv_sec = , tv_usec = } or a time; without a value, EINVAL (4.4BSD's
 * missing option buffer), but on for a boolean option on a "4.2bsd" host
 * (novalue). */
static int l_setsockopt(lua_State *L)
{
  int fd = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  int level = lsim_sys_checkint(L, 2, INT_MIN, INT_MAX);
  int name = lsim_sys_checkint(L, 3, INT_MIN, INT_MAX);
  struct proc *p = lsim_sys_proc(L, "setsockopt");
  int val = 0, onoff = 0;
  if (lua_isnoneornil(L, 4)) {
    if (!(val = novalue(p, level, name)))
      return lsim_push_errno(L, -EINVAL);
  } else if (is_timeo(level, name)) {
    check_timeval(L, &val, &onoff);
  } else if (lua_istable(L, 4)) {
    lua_getfield(L, 4, "l_onoff");
    onoff = lua_isboolean(L, -1) ? lua_toboolean(L, -1)
                                 : lua_tointeger(L, -1) != 0;
    lua_pop(L, 1);
    val = int_field(L, 4, "l_linger");
  } else if (lua_isboolean(L, 4)) {
    val = lua_toboolean(L, 4);
  } else {
    val = option_value(L, 4, level, name);
  }
  return lsim_sys_result(L, sys_setsockopt(p, fd, level, name, val, onoff));
}

/* getsockopt(s, level, name): an integer (SO_ERROR: the 4.4BSD errno
 * number, then its name), or { l_onoff, l_linger } for SO_LINGER. */
static int l_getsockopt(lua_State *L)
{
  int fd = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  int level = lsim_sys_checkint(L, 2, INT_MIN, INT_MAX);
  int name = lsim_sys_checkint(L, 3, INT_MIN, INT_MAX);
  int val, onoff;
  int err = sys_getsockopt(lsim_sys_proc(L, "getsockopt"), fd, level, name,
                           &val, &onoff);
  if (err)
    return lsim_push_errno(L, err);
  if (is_timeo(level, name)) {
    lua_createtable(L, 0, 2);
    lua_pushinteger(L, val);
    lua_setfield(L, -2, "tv_sec");
    lua_pushinteger(L, onoff);
    lua_setfield(L, -2, "tv_usec");
    return 1;
  }
  if (level == SOL_SOCKET && name == SO_LINGER) {
    lua_createtable(L, 0, 2);
    lua_pushinteger(L, onoff);
    lua_setfield(L, -2, "l_onoff");
    lua_pushinteger(L, val);
    lua_setfield(L, -2, "l_linger");
    return 1;
  }
  if (level == SOL_SOCKET && name == SO_ERROR && val != 0) {
    lsim_push_errno(L, val);              /* nil, name, number */
    lua_remove(L, -3);
    lua_insert(L, -2);
    return 2;                             /* number, name */
  }
  lua_pushinteger(L, val);
  return 1;
}

/* ---- accept and connect ---- */

static int accept_cont(lua_State *L, int status, lua_KContext ctx);

static int accept_try(lua_State *L)
{
  struct proc *p = lsim_sys_proc(L, "accept");
  struct so_addr a;
  const void *wchan;
  int fd = sys_accept(p, (int)lua_tointeger(L, 1), &a, &wchan);
  if (fd == -EWOULDBLOCK && wchan)
    return lsim_sys_block(L, wchan, 0, 0, accept_cont);
  if (fd < 0)
    return lsim_push_errno(L, fd);
  lua_pushinteger(L, fd);
  lsim_sys_pushaddr(L, &a);
  return 2;
}

static int accept_cont(lua_State *L, int status, lua_KContext ctx)
{
  return lsim_sys_signalled(L) ? lsim_push_intr(L, true) : accept_try(L);
}

/* accept(s) -> new descriptor, peer address (blocks). */
static int l_accept(lua_State *L)
{
  lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  lua_settop(L, 1);
  return accept_try(L);
}

static int connect_cont(lua_State *L, int status, lua_KContext ctx);

static int connect_wait(lua_State *L)
{
  struct proc *p = lsim_sys_proc(L, "connect");
  const void *wchan;
  int err = sys_connect_wait(p, (int)lua_tointeger(L, 1), &wchan);
  if (err == -EWOULDBLOCK && wchan)
    return lsim_sys_block(L, wchan, 0, 0, connect_cont);
  return lsim_sys_result(L, err);
}

static int connect_cont(lua_State *L, int status, lua_KContext ctx)
{
  if (lsim_sys_signalled(L)) {
    sys_connect_intr(LSIM_THREAD(L)->proc->p, (int)lua_tointeger(L, 1));
    return lsim_push_intr(L, false);
  }
  return connect_wait(L);
}

/* connect(s, addr) -> 0 (blocks until connected or refused). */
static int l_connect(lua_State *L)
{
  struct so_addr a;
  int fd = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  lsim_sys_checkaddr(L, 2, "connect", &a);
  lua_settop(L, 2);
  int err = sys_connect(lsim_sys_proc(L, "connect"), fd, &a);
  return err ? lsim_push_errno(L, err) : connect_wait(L);
}

/* ---- sending ---- */

/* send/sendto/write share this: arguments s, data, flags, to (nil) at
 * 1..4; ctx is the count already sent. */
static int send_cont(lua_State *L, int status, lua_KContext ctx);

static int send_try(lua_State *L, lua_KContext done)
{
  struct proc *p = LSIM_THREAD(L)->proc->p;
  size_t len;
  const char *data = lua_tolstring(L, 2, &len);
  struct so_addr to;
  bool has_to = !lua_isnil(L, 4);
  if (has_to)
    lsim_sys_checkaddr(L, 4, "sendto", &to);
  const void *wchan;
  struct pbuf_owner *o = lsim_lend(L, 2, data, len);
  long n = sys_sendto_lent(p, (int)lua_tointeger(L, 1), data + done,
                           len - (size_t)done, (int)lua_tointeger(L, 3),
                           has_to ? &to : NULL, o, &wchan);
  lsim_lend_done(o);
  if (n >= 0)
    done += n;
  if (wchan && (size_t)done < len && (n > 0 || n == -EWOULDBLOCK))
    return lsim_sys_block_fd(L, (int)lua_tointeger(L, 1), wchan, done,
                             send_cont);
  if (n < 0 && !(n == -EWOULDBLOCK && done > 0))
    return lsim_push_errno(L, (int)n);
  lua_pushinteger(L, done);
  return 1;
}

/* A signal or SO_SNDTIMEO ends the wait: the count when part was sent
 * (4.4BSD's sendit and write turn EINTR, ERESTART and EWOULDBLOCK after
 * a partial transfer into the count), else EINTR/restart or
 * EWOULDBLOCK. */
static int send_cont(lua_State *L, int status, lua_KContext ctx)
{
  bool sig = lsim_sys_signalled(L);
  if (!sig && !lsim_sys_timed_out(L))
    return send_try(L, ctx);
  if (ctx > 0) {
    lua_pushinteger(L, ctx);
    return 1;
  }
  return sig ? lsim_push_intr(L, true) : lsim_push_errno(L, -EWOULDBLOCK);
}

/* Checks send's arguments into 1..4 (s, data, flags, to). */
static int send_args(lua_State *L, const char *fn, bool to)
{
  lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  luaL_checkstring(L, 2);
  int flags = lsim_sys_optint(L, 3, 0);
  if (to) {
    struct so_addr a;
    lsim_sys_checkaddr(L, 4, fn, &a);
  }
  lua_settop(L, to ? 4 : 3);
  lua_pushinteger(L, flags);
  lua_replace(L, 3);
  if (!to)
    lua_pushnil(L);
  lsim_sys_proc(L, fn);
  return send_try(L, 0);
}

static int l_send(lua_State *L)
{
  return send_args(L, "send", false);
}

static int l_sendto(lua_State *L)
{
  return send_args(L, "sendto", true);
}

/* ---- receiving ---- */

/* recv/recvfrom share this: s, n (or a buffer), flags at 1..3, what was
 * received so far (MSG_WAITALL) at 4: a string, or with RECV_INTO the
 * count already in the buffer at 2. */
#define RECV_FROM 1             /* recvfrom: push the sender too */
#define RECV_INTO 2             /* into the buffer at 2 (lsim_buf.c) */

static int recv_cont(lua_State *L, int status, lua_KContext ctx);

/* The bytes received so far. */
static size_t recv_have(lua_State *L, lua_KContext ctx)
{
  size_t have = 0;
  if (ctx & RECV_INTO)
    return (size_t)lua_tointeger(L, 4);
  lua_tolstring(L, 4, &have);
  return have;
}

/* Returns the data at 4, or the count in the buffer (and the sender for
 * recvfrom). */
static int recv_done(lua_State *L, lua_KContext ctx, const struct so_addr *a)
{
  if (ctx & RECV_INTO)
    ((struct lsim_buf *)lua_touserdata(L, 2))->len = recv_have(L, ctx);
  lua_pushvalue(L, 4);
  if (!(ctx & RECV_FROM))
    return 1;
  lsim_sys_pushaddr(L, a);
  return 2;
}

/* Whether a MSG_WAITALL receive on fd goes on after a partial read. */
static bool wait_all(lua_State *L, struct proc *p, int flags)
{
  struct socket *so;
  return (flags & MSG_WAITALL) && !(flags & MSG_DONTWAIT) &&
         sys_getsock(p, (int)lua_tointeger(L, 1), &so) == 0 &&
         !(so->so_proto->pr_flags & PR_ATOMIC);
}

/* Adds the n > 0 bytes just received at buf to what is at 4. */
static void recv_add(lua_State *L, lua_KContext ctx, const char *buf,
                     long n)
{
  if (ctx & RECV_INTO) {
    lua_pushinteger(L, lua_tointeger(L, 4) + n);
  } else {
    lua_pushvalue(L, 4);
    lua_pushlstring(L, buf, (size_t)n);
    lua_concat(L, 2);
  }
  lua_replace(L, 4);
}

static int recv_try(lua_State *L, lua_KContext ctx)
{
  struct proc *p = LSIM_THREAD(L)->proc->p;
  size_t have = recv_have(L, ctx);
  struct lsim_buf *b = (ctx & RECV_INTO) ? lua_touserdata(L, 2) : NULL;
  int flags = (int)lua_tointeger(L, 3);
  size_t len = b ? b->cap - have
                 : MIN((size_t)lua_tointeger(L, 2) - have, (size_t)RECV_MAX);
  char *buf = b ? (char *)b->data + have
                : lsim_scratch(LSIM_RT(L), len + 1);
  struct so_addr a;
  const void *wchan;
  long n = sys_recvfrom(p, (int)lua_tointeger(L, 1), buf, len, flags, &a,
                        NULL, &wchan);
  if (n > 0) {
    recv_add(L, ctx, buf, n);
    have += (size_t)n;
  }
  if (n == -EWOULDBLOCK && wchan)
    return lsim_sys_block_fd(L, (int)lua_tointeger(L, 1), wchan, ctx,
                             recv_cont);
  if (n > 0 && have < (b ? b->cap : (size_t)lua_tointeger(L, 2)) &&
      wait_all(L, p, flags))
    return recv_try(L, ctx);
  if (n < 0 && have == 0) {
    if (b)
      b->len = 0;
    return lsim_push_errno(L, (int)n);
  }
  return recv_done(L, ctx, &a);
}

/* As send_cont: SO_RCVTIMEO ends the wait with EWOULDBLOCK, or what
 * MSG_WAITALL had gathered (4.4BSD's soreceive returns a short count). */
static int recv_cont(lua_State *L, int status, lua_KContext ctx)
{
  size_t have = recv_have(L, ctx);
  bool sig = lsim_sys_signalled(L);
  if (!sig && !lsim_sys_timed_out(L))
    return recv_try(L, ctx);
  if (have > 0) {
    struct so_addr none = { .family = AF_UNSPEC };
    return recv_done(L, ctx, &none);
  }
  if (ctx & RECV_INTO)
    ((struct lsim_buf *)lua_touserdata(L, 2))->len = 0;
  return sig ? lsim_push_intr(L, true) : lsim_push_errno(L, -EWOULDBLOCK);
}

/* Checks receive arguments into 1..4: s, n, flags, "" or, for a buffer
 * at 2, s, buf, flags, 0. */
static int recv_args(lua_State *L, const char *fn, lua_KContext ctx)
{
  lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  if (lsim_buf_or_count(L, 2))
    ctx |= RECV_INTO;
  else
    lsim_sys_checkint(L, 2, 0, INT_MAX);
  int flags = lsim_sys_optint(L, 3, 0);
  lua_settop(L, 2);
  lua_pushinteger(L, flags);
  if (ctx & RECV_INTO)
    lua_pushinteger(L, 0);
  else
    lua_pushliteral(L, "");
  lsim_sys_proc(L, fn);
  return recv_try(L, ctx);
}

static int l_recv(lua_State *L)
{
  return recv_args(L, "recv", 0);
}

static int l_recvfrom(lua_State *L)
{
  return recv_args(L, "recvfrom", RECV_FROM);
}

/* ---- select ---- */

/* A mask argument: nil is none, else an integer of 1 << fd bits. */
static uint64_t check_mask(lua_State *L, int i)
{
  if (lua_isnoneornil(L, i))
    return 0;
  return (uint64_t)luaL_checkinteger(L, i);
}

static int select_cont(lua_State *L, int status, lua_KContext ctx);

static int push_masks(lua_State *L, int n, const uint64_t bits[3])
{
  lua_pushinteger(L, n);
  for (int k = 0; k < 3; k++)
    lua_pushinteger(L, (lua_Integer)bits[k]);
  return 4;
}

/* Scans; sleeps until ctx (the deadline, or -1 for none) when nothing is
 * ready. */
static int select_try(lua_State *L, lua_KContext deadline)
{
  struct proc *p = LSIM_THREAD(L)->proc->p;
  uint64_t bits[3] = { check_mask(L, 2), check_mask(L, 3), check_mask(L, 4) };
  int n = sys_select(p, (int)lua_tointeger(L, 1), bits);
  if (n < 0)
    return lsim_push_errno(L, n);
  sim_time_t now = sim_now(LSIM_RT(L)->sim);
  if (n > 0 || (deadline >= 0 && deadline <= now))
    return push_masks(L, n, bits);
  sim_time_t left = deadline < 0 ? 0 : deadline - now;
  return lsim_sys_block(L, &so_selwait, left, deadline, select_cont);
}

static int select_cont(lua_State *L, int status, lua_KContext ctx)
{
  static const uint64_t none[3] = { 0, 0, 0 };
  if (lsim_sys_signalled(L))
    return lsim_push_intr(L, false);
  if (lsim_sys_timed_out(L))
    return push_masks(L, 0, none);        /* 4.4BSD: no rescan */
  return select_try(L, ctx);
}

/* bsdselect(nfds, readmask, writemask, exceptmask, timeout) -> n, r, w,
 * e: BSD's select(2). The global `select` stays Lua's own (select("#",
 * ...), select(n, ...)): the two cannot share a name, since select(2, a,
 * b, c) would mean either. */
static int l_select(lua_State *L)
{
  lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  for (int i = 2; i <= 4; i++)
    check_mask(L, i);
  sim_time_t t = lua_isnoneornil(L, 5) ? -1 : lsim_checktime(L, 5);
  lua_settop(L, 4);
  lsim_sys_proc(L, "bsdselect");
  sim_time_t deadline = t < 0 ? -1 : sim_now(LSIM_RT(L)->sim) + t;
  return select_try(L, deadline);
}

/* ---- registration ---- */

/* The calls that may block: lsim_register_syscalls (lsim_proc.c) wraps
 * these. */
const luaL_Reg lsim_sock_blocking[] = {
  { "accept", l_accept }, { "connect", l_connect }, { "send", l_send },
  { "sendto", l_sendto }, { "recv", l_recv }, { "recvfrom", l_recvfrom },
  { "read", lsim_fd_read }, { "write", lsim_fd_write },
  { "bsdselect", l_select }, { NULL, NULL },
};

struct lconst {
  const char *name;           /* the global's name */
  lua_Integer value;          /* its 4.4BSD value */
};

#define C(x) { #x, (lua_Integer)(x) }
static const struct lconst sock_consts[] = {
  C(AF_UNSPEC), C(AF_UNIX), C(AF_INET), C(PF_UNSPEC), C(PF_UNIX),
  C(PF_INET), C(SOCK_STREAM), C(SOCK_DGRAM), C(SOCK_RAW),
  C(IPPROTO_IP), C(IPPROTO_ICMP), C(IPPROTO_TCP), C(IPPROTO_UDP),
  C(IPPROTO_RAW), C(SOL_SOCKET), C(SO_DEBUG), C(SO_ACCEPTCONN),
  C(SO_REUSEADDR), C(SO_KEEPALIVE), C(SO_DONTROUTE), C(SO_BROADCAST),
  C(SO_LINGER), C(SO_OOBINLINE), C(SO_SNDBUF), C(SO_RCVBUF),
  C(SO_SNDLOWAT), C(SO_RCVLOWAT), C(SO_SNDTIMEO), C(SO_RCVTIMEO),
  C(SO_ERROR), C(SO_TYPE),
  C(IP_OPTIONS), C(IP_HDRINCL), C(IP_TOS), C(IP_TTL), C(TCP_NODELAY),
  C(TCP_MAXSEG), C(TCP_NOOPT), C(MSG_OOB), C(MSG_PEEK), C(MSG_DONTROUTE),
  C(MSG_EOR), C(MSG_TRUNC), C(MSG_WAITALL), C(MSG_DONTWAIT), C(SOMAXCONN),
  C(SHUT_RD), C(SHUT_WR),
  C(SHUT_RDWR), C(FIONREAD), C(FIONBIO), C(FIOASYNC), C(SIOCATMARK),
  C(SIOCSPGRP), C(SIOCGPGRP),
  { "SOF_OOB", MSG_OOB }, { "SOF_PREVIEW", MSG_PEEK },
  { "SOF_DONTROUTE", MSG_DONTROUTE }, { "INADDR_ANY", 0 },
  { "INADDR_BROADCAST", 0xffffffff }, { "INADDR_LOOPBACK", 0x7f000001 },
  { "IPPORT_RESERVED", 1024 }, { "IPPORT_USERRESERVED", 5000 },
  { NULL, 0 },
};
#undef C

static void set_consts(lua_State *L, const struct lconst *c)
{
  for (; c->name; c++) {
    lua_pushinteger(L, c->value);
    lua_setglobal(L, c->name);
  }
}

void lsim_open_sock(lua_State *L, struct lsim *rt)
{
  static const luaL_Reg funcs[] = {
    { "socket", l_socket }, { "bind", l_bind }, { "listen", l_listen },
    { "shutdown", l_shutdown }, { "getsockname", l_getsockname },
    { "getpeername", l_getpeername }, { "socketpair", l_socketpair },
    { "pipe", l_pipe }, { "setsockopt", l_setsockopt },
    { "getsockopt", l_getsockopt }, { NULL, NULL },
  };
  lua_pushglobaltable(L);
  lsim_setfuncs(L, rt, funcs);
  lsim_register_syscalls(L, rt, lsim_sock_blocking);
  lua_pop(L, 1);
  set_consts(L, sock_consts);
}
