/* shim/shim.h: what the shim's files share. The shim is the shared
 * library preloaded into a real program run by ipcsim (sim/exec/): it
 * defines libc's socket, descriptor, time, process and netdb functions,
 * so the program's calls land here instead of in the C library, and
 * forwards each to the simulator over the channel (chan.h), waiting for
 * the answer. Descriptors 0, 1 and 2 stay the real ones (pipes to the
 * simulator, which prints what comes out) until a dup2 puts a simulated
 * file there; every other descriptor is the simulated host's. Nothing here talks to the real network. */
#ifndef IPCSIM_SHIM_H
#define IPCSIM_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include "chan.h"

#define SHIM_EXPORT __attribute__((visibility("default")))

/* Sends a request (header + len bytes of data) and waits for the reply;
 * up to cap reply payload bytes go to out (the rest is dropped). Returns
 * rep->ret, with errno set from rep->err when it is -1. */
int64_t shim_call(struct chan_req *req, const void *data, size_t len,
                  struct chan_rep *rep, void *out, size_t cap);

/* As shim_call with a request of op and up to 5 arguments, no data. */
int64_t shim_simple(uint32_t op, int64_t a0, int64_t a1, int64_t a2,
                    int64_t a3, int64_t a4);

/* Tells the simulator that the program called an uncovered function
 * name; the simulator stops the run. Never returns. */
_Noreturn void shim_uncovered(const char *name);

/* The set (bit i) of descriptors 0..2 that a dup2 made the simulated
 * host's (shim_std.c). */
extern unsigned shim_std_sim;

/* Whether fd is one of the real standard descriptors (0, 1, 2, unless a
 * dup2 put a simulated file there). */
static inline int shim_is_std(int fd)
{
  return fd >= 0 && fd <= 2 && !(shim_std_sim >> fd & 1);
}

/* Descriptors of set (bit i, 0..2) are now the simulated host's: their
 * calls go to the simulator, and so does their stdio stream's output
 * and input (a stream of its own in place of stdin, stdout or stderr).
 * (shim_std.c) */
void shim_std_take(unsigned set);

/* After fork(): the child's side, given the 4 descriptors fork's reply
 * carried (socket, stdout, stderr, shared page). Returns 0. */
int shim_fork_child(int fds[4]);

/* Receives a reply carrying n descriptors (fork). */
int64_t shim_call_fds(struct chan_req *req, struct chan_rep *rep,
                      int *fds, int n);

/* Raises in the real process each signal of sigs (BSD_SIGBIT set). */
void shim_deliver(int64_t sigs);

/* The real system call, past the interposed names. */
long shim_sys(long nr, long a, long b, long c, long d, long e, long f);

#endif
