/* sim/lua/lsim_fd.c: the calls on any descriptor, socket or file: read,
 * write, close, dup, dup2 and ioctl. The open file's operations decide
 * what each does (hosts/sys_generic.c). read and write block on sockets:
 * write loops until every byte is taken (a signal after a partial write
 * returns the count), read returns what one receive gives ("" at end of
 * file), as a new string or into a buffer (lsim_buf.c) with no copy
 * between. Read: docs/lua-api.md "Sockets and files". write and send lend
 * the Lua string to a stream socket's buffer instead of copying it: Lua
 * strings never change, and the registry keeps this one alive until the
 * last piece that borrows it is acknowledged or dropped (lsim_lend). */
#include "if_ioctl.h"
#include "lsim_sys.h"
#include "pbuf.h"
#include "syscalls.h"
#include "ttycom.h"

#include <limits.h>

#define READ_MAX (1u << 20)     /* bytes one read call returns at most */

/* ---- lending strings to socket buffers ---- */

/* A Lua string lent to the socket layer. Released lenders wait on the
 * runtime's done list until a call with a Lua state to hand (the next
 * lsim_lend) drops or reuses their registry reference: release runs deep
 * in the stack (an ACK's sbdrop), where no Lua call is under way. */
struct lsim_lender {
  struct pbuf_owner o;        /* first: the socket layer's view of it */
  struct lsim *rt;            /* whose registry holds ref; NULL after
                                 lsim_lend_close */
  int ref;                    /* registry reference to the string */
  struct lsim_lender *prev, *next; /* rt's lenders, or its done list */
};

static void lender_release(struct pbuf_owner *o)
{
  struct lsim_lender *l = (struct lsim_lender *)o;
  struct lsim *rt = l->rt;
  if (!rt) {
    g_free(l);
    return;
  }
  if (l->prev)
    l->prev->next = l->next;
  else
    rt->lenders = l->next;
  if (l->next)
    l->next->prev = l->prev;
  l->next = rt->lenders_done;
  rt->lenders_done = l;
}

/* A lender for a new string at idx: a released one reused with its
 * registry slot (the others' references dropped), or a new one. */
static struct lsim_lender *lender_new(lua_State *L, struct lsim *rt, int idx)
{
  struct lsim_lender *l = rt->lenders_done;
  lua_pushvalue(L, idx);
  if (!l) {
    l = g_new(struct lsim_lender, 1);
    l->rt = rt;
    l->ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return l;
  }
  lua_rawseti(L, LUA_REGISTRYINDEX, l->ref);
  for (struct lsim_lender *d = l->next, *next; d; d = next) {
    next = d->next;
    luaL_unref(L, LUA_REGISTRYINDEX, d->ref);
    g_free(d);
  }
  rt->lenders_done = NULL;
  return l;
}

struct pbuf_owner *lsim_lend(lua_State *L, int idx, const char *s,
                             size_t len)
{
  struct lsim *rt = LSIM_THREAD(L)->rt;
  if (rt->closed)
    return NULL;
  struct lsim_lender *l = rt->lenders;
  if (l && l->o.bytes == (const uint8_t *)s && l->o.len == len) {
    l->o.refs++;              /* the same string again: its lender */
    return &l->o;
  }
  l = lender_new(L, rt, idx);
  pbuf_owner_init(&l->o, s, len, lender_release);
  l->prev = NULL;
  l->next = rt->lenders;
  if (l->next)
    l->next->prev = l;
  rt->lenders = l;
  return &l->o;
}

void lsim_lend_done(struct pbuf_owner *o)
{
  if (o)
    pbuf_owner_drop(o);
}

void lsim_lend_close(struct lsim *rt)
{
  for (struct lsim_lender *l = rt->lenders; l; l = l->next) {
    pbuf_owner_detach(&l->o);
    l->rt = NULL;
  }
  rt->lenders = NULL;
  for (struct lsim_lender *d = rt->lenders_done, *next; d; d = next) {
    next = d->next;
    g_free(d);                /* the registry goes with the state */
  }
  rt->lenders_done = NULL;
}

/* write(fd, data) -> count: the send loop over sys_write. */
static int write_cont(lua_State *L, int status, lua_KContext ctx);

static int write_try(lua_State *L, lua_KContext done)
{
  struct proc *p = LSIM_THREAD(L)->proc->p;
  size_t len;
  const char *data = lua_tolstring(L, 2, &len);
  const void *wchan;
  struct pbuf_owner *o = lsim_lend(L, 2, data, len);
  long n = sys_write_lent(p, (int)lua_tointeger(L, 1), data + done,
                          len - (size_t)done, o, &wchan);
  lsim_lend_done(o);
  if (n >= 0)
    done += n;
  if (wchan && (size_t)done < len && (n > 0 || n == -EWOULDBLOCK))
    return lsim_sys_block_fd(L, (int)lua_tointeger(L, 1), wchan, done,
                             write_cont);
  if (n < 0 && !(n == -EWOULDBLOCK && done > 0))
    return lsim_push_errno(L, (int)n);
  lua_pushinteger(L, done);
  return 1;
}

/* A signal or SO_SNDTIMEO after a partial write returns the count. */
static int write_cont(lua_State *L, int status, lua_KContext ctx)
{
  bool sig = lsim_sys_signalled(L);
  if (!sig && !lsim_sys_timed_out(L))
    return write_try(L, ctx);
  if (ctx > 0) {
    lua_pushinteger(L, ctx);
    return 1;
  }
  return sig ? lsim_push_intr(L, true) : lsim_push_errno(L, -EWOULDBLOCK);
}

int lsim_fd_write(lua_State *L)
{
  lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  luaL_checkstring(L, 2);
  lua_settop(L, 2);
  lsim_sys_proc(L, "write");
  return write_try(L, 0);
}

/* read(fd, n) -> string ("" at end of file); read(fd, buf[, n]) -> count
 * (0 at end of file), the bytes copied straight into the buffer at 2
 * (lsim_buf.c). The descriptor, the count and the form, checked once,
 * travel in the continuation's context (fd in the high 32 bits, the
 * count and READ_INTO in the low ones): a read that sleeps and retries
 * per segment does not fetch them from the stack again. */
#define READ_INTO (1u << 31)    /* into the buffer at 2 */

static int read_cont(lua_State *L, int status, lua_KContext ctx);

static lua_KContext read_ctx(int fd, size_t len)
{
  return (lua_KContext)((uint64_t)(uint32_t)fd << 32 | (uint64_t)len);
}

/* Pushes the n >= 0 bytes read: a string, or the count into b. */
static void read_push(lua_State *L, struct lsim_buf *b, const char *buf,
                      long n)
{
  if (!b) {
    lua_pushlstring(L, buf, (size_t)n);
    return;
  }
  b->len = (size_t)n;
  lua_pushinteger(L, n);
}

/* A read of the count in ctx from its fd: into b, the buffer at 2 when
 * ctx has READ_INTO, or as a string when b is NULL. */
static int read_try(lua_State *L, lua_KContext ctx, struct lsim_buf *b)
{
  struct lsim_thread *th = LSIM_THREAD(L);
  int fd = (int)(int32_t)(uint32_t)((uint64_t)ctx >> 32);
  size_t len = (size_t)((uint64_t)ctx & (READ_INTO - 1));
  char *buf = b ? (char *)b->data : lsim_scratch(th->rt, len + 1);
  const void *wchan;
  long n = sys_read(th->proc->p, fd, buf, len, &wchan);
  if (n >= 0) {
    read_push(L, b, buf, n);
    return 1;
  }
  if (b)
    b->len = 0;
  if (n == -EWOULDBLOCK && wchan)
    return lsim_sys_block_fd(L, fd, wchan, ctx, read_cont);
  return lsim_push_errno(L, (int)n);
}

static int read_cont(lua_State *L, int status, lua_KContext ctx)
{
  if (lsim_sys_timed_out(L))                    /* SO_RCVTIMEO */
    return lsim_push_errno(L, -EWOULDBLOCK);
  if (lsim_sys_signalled(L))
    return lsim_push_intr(L, true);
  return read_try(L, ctx, ((uint64_t)ctx & READ_INTO) ? lua_touserdata(L, 2)
                                                      : NULL);
}

int lsim_fd_read(lua_State *L)
{
  int fd = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  struct lsim_buf *b = lsim_buf_or_count(L, 2);
  int n = b ? lsim_buf_count(L, 3, b) : lsim_sys_checkint(L, 2, 0, INT_MAX);
  lua_settop(L, 2);
  lsim_sys_proc(L, "read");
  return b ? lsim_fd_read_into(L, fd, b, n) : lsim_fd_read_args(L, fd, n);
}

int lsim_fd_read_args(lua_State *L, int fd, int n)
{
  return read_try(L, read_ctx(fd, MIN((size_t)n, (size_t)READ_MAX)), NULL);
}

int lsim_fd_read_into_count(lua_State *L, int nargs, struct lsim_buf **bp)
{
  struct lsim_buf *b;
  if (nargs < 2 || nargs > 3 || !(b = *bp = lsim_buf_test(L, 2)))
    return -1;
  if (nargs == 2 || lua_isnil(L, 3))
    return (int)b->cap;
  int ok;
  lua_Integer n = lua_tointegerx(L, 3, &ok);
  return ok && n >= 0 && (uint64_t)n <= b->cap ? (int)n : -1;
}

int lsim_fd_read_into(lua_State *L, int fd, struct lsim_buf *b, int n)
{
  G_STATIC_ASSERT(LSIM_BUF_MAX < READ_INTO);
  return read_try(L, read_ctx(fd, (size_t)n) | READ_INTO, b);
}


/* ---- descriptors ---- */

static int close_cont(lua_State *L, int status, lua_KContext ctx);

/* Closes the descriptor at argument 1 now. */
static int close_now(lua_State *L)
{
  int fd = (int)lua_tointeger(L, 1);
  return lsim_sys_result(L, sys_close(lsim_sys_proc(L, "close"), fd));
}

/* The last close of a lingering socket waits while it is connected, at
 * most so_linger seconds per wakeup (4.4BSD soclose), then closes. */
static int close_try(lua_State *L)
{
  struct proc *p = lsim_sys_proc(L, "close");
  const void *wchan;
  int linger = 0;
  int err = sys_close_linger(p, (int)lua_tointeger(L, 1), &wchan, &linger);
  if (err == -EWOULDBLOCK && wchan)
    return lsim_sys_block(L, wchan, (sim_time_t)linger * SIM_S, 0,
                          close_cont);
  return close_now(L);
}

static int close_cont(lua_State *L, int status, lua_KContext ctx)
{
  if (lsim_sys_signalled(L)) {  /* closed all the same, then EINTR */
    sys_close(lsim_sys_proc(L, "close"), (int)lua_tointeger(L, 1));
    return lsim_push_intr(L, false);
  }
  return lsim_sys_timed_out(L) ? close_now(L) : close_try(L);
}

/* close(fd) -> 0. */
static int l_close(lua_State *L)
{
  lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  lua_settop(L, 1);
  return close_try(L);
}

static int l_dup(lua_State *L)
{
  int fd = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  return lsim_sys_result(L, sys_dup(lsim_sys_proc(L, "dup"), fd));
}

static int l_dup2(lua_State *L)
{
  int fd = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  int fd2 = lsim_sys_checkint(L, 2, INT_MIN, INT_MAX);
  return lsim_sys_result(L, sys_dup2(lsim_sys_proc(L, "dup2"), fd, fd2));
}

/* ioctl(fd, request[, arg]): arg an integer or boolean (default 0), or
 * for the interface requests the struct's table (lsim_if.c). A
 * request that reads (4.4BSD's IOC_OUT bit: FIONREAD, SIOCATMARK,
 * SIOCGPGRP) returns the value; the others return 0. */
static int l_ioctl(lua_State *L)
{
  int fd = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  lua_Integer r = luaL_checkinteger(L, 2);
  luaL_argcheck(L, r >= INT32_MIN && r <= (lua_Integer)UINT32_MAX, 2,
                "request must fit in 32 bits");
  uint32_t req = (uint32_t)r;
  if (req == TIOCGETP || req == TIOCSETP)       /* the 4.3BSD sgttyb */
    return lsim_ioctl_sgttyb(L, fd, req);
  if (IOCGROUP(req) == 'i')           /* interface requests: lsim_if.c */
    return lsim_if_ioctl(L, fd, req);
  int arg = lua_isboolean(L, 3) ? lua_toboolean(L, 3)
                                : lsim_sys_optint(L, 3, 0);
  int err = sys_ioctl(lsim_sys_proc(L, "ioctl"), fd, (unsigned long)req,
                      &arg);
  if (err)
    return lsim_push_errno(L, err);
  lua_pushinteger(L, (req & 0x40000000) ? arg : 0);
  return 1;
}

/* fcntl(fd, cmd[, arg]) -> the command's value (0 for the setters). */
static int l_fcntl(lua_State *L)
{
  int fd = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  int cmd = lsim_sys_checkint(L, 2, INT_MIN, INT_MAX);
  int arg = lsim_sys_optint(L, 3, 0);
  int ret = 0;
  int err = sys_fcntl(lsim_sys_proc(L, "fcntl"), fd, cmd, arg, &ret);
  return err ? lsim_push_errno(L, err) : (lua_pushinteger(L, ret), 1);
}

static const struct {
  const char *name;           /* the global */
  lua_Integer value;          /* its 4.4BSD value */
} fd_consts[] = {
  { "F_DUPFD", F_DUPFD }, { "F_GETFD", F_GETFD }, { "F_SETFD", F_SETFD },
  { "F_GETFL", F_GETFL }, { "F_SETFL", F_SETFL }, { "F_GETOWN", F_GETOWN },
  { "F_SETOWN", F_SETOWN }, { "FD_CLOEXEC", FD_CLOEXEC },
  { "O_ASYNC", O_ASYNC }, { "FASYNC", O_ASYNC }, { "FNDELAY", O_NONBLOCK },
  { NULL, 0 },
};

void lsim_open_fd(lua_State *L, struct lsim *rt)
{
  static const luaL_Reg funcs[] = {
    { "dup", l_dup }, { "dup2", l_dup2 }, { "ioctl", l_ioctl },
    { "fcntl", l_fcntl },
    { NULL, NULL },
  };
  static const luaL_Reg blocking[] = {   /* a lingering close sleeps */
    { "close", l_close }, { NULL, NULL },
  };
  lua_pushglobaltable(L);
  lsim_setfuncs(L, rt, funcs);
  lsim_register_syscalls(L, rt, blocking);
  lua_pop(L, 1);
  for (int i = 0; fd_consts[i].name; i++) {
    lua_pushinteger(L, fd_consts[i].value);
    lua_setglobal(L, fd_consts[i].name);
  }
}
