/* sim/lua/lsim_sys.h: what the system-call glue files share (lsim_sys.c,
 * lsim_sock.c, lsim_fd.c, lsim_fs.c, lsim_buf.c): finding the calling
 * process, sleeping it on a wait channel with a continuation, reading and
 * pushing socket addresses, read buffers, and the calls that block. Not
 * for other files. */
#ifndef IPCSIM_LSIM_SYS_H
#define IPCSIM_LSIM_SYS_H

#include "lsim_internal.h"
#include "socket.h"

struct proc;

/* The process making the call; a Lua error naming fn when the caller is
 * not a process's own coroutine (the scenario, an at() callback). */
struct proc *lsim_sys_proc(lua_State *L, const char *fn);

/* Sleeps the calling process on wchan (interruptibly, for at most timeout
 * if > 0) and yields to k with ctx; k runs when it wakes. */
int lsim_sys_block(lua_State *L, const void *wchan, sim_time_t timeout,
                   lua_KContext ctx, lua_KFunction k);

/* lsim_sys_block on a channel a send or receive on descriptor fd gave,
 * for at most the socket's SO_SNDTIMEO or SO_RCVTIMEO (so_sleep_timeo;
 * none for other files): 4.4BSD's sbwait. */
int lsim_sys_block_fd(lua_State *L, int fd, const void *wchan,
                      lua_KContext ctx, lua_KFunction k);

/* Whether the process's last sleep was ended by a signal; by its timeout. */
bool lsim_sys_signalled(lua_State *L);
bool lsim_sys_timed_out(lua_State *L);

/* Pushes an integer result, or nil, "ENAME", number for r < 0. */
int lsim_sys_result(lua_State *L, long r);

/* Reads the socket address table at argument i ({ family = AF_INET, addr
 * = "a.b.c.d" or integer, port = n } or { family = AF_UNIX, path = "/x" },
 * or { family = AF_UNSPEC }) into *a; a Lua error naming fn and the
 * argument when it is malformed. */
void lsim_sys_checkaddr(lua_State *L, int i, const char *fn,
                        struct so_addr *a);

/* Pushes a as such a table (addresses as strings), or nil for AF_UNSPEC. */
void lsim_sys_pushaddr(lua_State *L, const struct so_addr *a);

/* An integer argument at i in lo..hi, else a Lua error naming it. */
int lsim_sys_checkint(lua_State *L, int i, lua_Integer lo, lua_Integer hi);

/* Argument i as an int (an error naming it if it does not fit), or dflt
 * when it is absent or nil. Every descriptor, flag and number that goes
 * to the system calls as an int is read through these two, so a value
 * such as 2^32 + 3 is refused rather than wrapped to descriptor 3. */
int lsim_sys_optint(lua_State *L, int i, int dflt);

/* read() and write(), registered with the blocking calls (lsim_fd.c). */
int lsim_fd_read(lua_State *L);
int lsim_fd_write(lua_State *L);

/* read() once its arguments, fd and n at 1 and 2, are checked and the
 * caller is known to be a process: the wrapper's direct path
 * (lsim_proc.c). */
int lsim_fd_read_args(lua_State *L, int fd, int n);

struct lsim_buf;

/* read(fd, buf[, n]) on the direct path: the count to read when the nargs
 * arguments from 2 on are ones lsim_fd_read accepts (a buffer, in *b,
 * and n absent, nil or 0..its capacity), else -1 (the protected path
 * then raises the error); and the read of that many bytes from fd into
 * b, the buffer at 2, once they are checked and the caller is known to
 * be a process. */
int lsim_fd_read_into_count(lua_State *L, int nargs, struct lsim_buf **b);
int lsim_fd_read_into(lua_State *L, int fd, struct lsim_buf *b, int n);

/* A read buffer (lsim_buf.c): a full userdata of class LSIM_BUF holding
 * its bytes. Its capacity is fixed; a read, recv or recvfrom into it
 * writes data[0..count) and sets len to the count (0 when it fails). */
#define LSIM_BUF "ipcsim.buffer"
#define LSIM_BUF_MAX (1 << 30)  /* the largest capacity: 1 GiB */
struct lsim_buf {
  size_t cap;                 /* capacity in bytes, 1..LSIM_BUF_MAX */
  size_t len;                 /* bytes the last read left, 0..cap */
  unsigned char data[];       /* the bytes */
};

/* The buffer at argument i, or NULL for any other value. */
struct lsim_buf *lsim_buf_test(lua_State *L, int i);

/* The buffer at argument i, or NULL when it is a number (or a string
 * that converts to one: the count forms); any other value is an argument
 * error ("number or buffer expected"). */
struct lsim_buf *lsim_buf_or_count(lua_State *L, int i);

/* The count at argument i for a read into b: its capacity when absent or
 * nil, else an integer 0..capacity (an argument error otherwise). */
int lsim_buf_count(lua_State *L, int i, const struct lsim_buf *b);

/* ioctl(fd, cmd, t) for an interface request (group 'i'), its struct the
 * table at 3: fills it and returns 0, or nil, errno (lsim_if.c). */
int lsim_if_ioctl(lua_State *L, int fd, uint32_t cmd);

#endif
