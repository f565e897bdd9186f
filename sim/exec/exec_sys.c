/* sim/exec/exec_sys.c: a real program's process requests made by its
 * simulated process: the hello that starts it, simulated time and
 * sleep, fork and wait, the ids, kill, signal dispositions, alarm,
 * gethostname, and the refusal of an uncovered call. hosts/proc.c and
 * hosts/sig.c decide, as for a Lua process (sim/lua/lsim_proc.c). */
#include "exec_internal.h"
#include "host.h"
#include "proc.h"
#include "sig.h"

#include <errno.h>
#include <string.h>

#define A(i) ((int)x->req.a[i])

/* A new image after execve: the process takes the program's name, and
 * its caught signals go back to the default action, as execve does. */
static void new_image(struct xproc *x, const char *name)
{
  struct proc *p = x->p;
  for (int sig = 1; sig < BSD_NSIG; sig++)
    if (sig_getdisp(p, sig) == SIG_DISP_CATCH)
      sig_setdisp(p, sig, SIG_DISP_DFL);
  if (!*name || strcmp(name, p->name) == 0)
    return;
  exec_flush_output(x);               /* the old image's lines, its name */
  g_free(p->name);
  g_free(p->label);
  p->name = g_strdup(name);
  p->label = g_strdup_printf("%s:%s", p->host->name, name);
  g_free(x->prog);
  x->prog = g_strdup(name);
}

int exec_sys_hello(struct xproc *x)
{
  g_byte_array_append(x->data, (const guint8 *)"", 1);
  if (x->started)
    new_image(x, (const char *)x->data->data);
  x->started = true;
  x->pid = (pid_t)x->req.a[0];
  x->rep.b[0] = exec_std_simulated(x);
  return exec_reply(x, 0);
}

int exec_sys_gettime(struct xproc *x)
{
  x->rep.b[0] = x->epoch + sim_now(x->p->host->sim);
  return exec_reply(x, 0);
}

/* sleep: the whole time, or until a signal (b[0] the time left); a[0]
 * < 0 sleeps until a signal (pause). */
int exec_sys_sleep(struct xproc *x)
{
  sim_time_t now = sim_now(x->p->host->sim);
  if (!x->woken && x->req.a[0] < 0) {
    x->deadline = INT64_MAX;
    return exec_sleep(x, &x->deadline, 0);
  }
  if (!x->woken) {
    if (x->req.a[0] <= 0) {
      proc_yield(x->p);
      x->pending = true;
      x->deadline = now;
      return XBLOCK;
    }
    x->deadline = now + x->req.a[0];
    return exec_sleep(x, NULL, x->req.a[0]);
  }
  x->rep.b[0] = x->deadline > now ? x->deadline - now : 0;
  return exec_reply(x, 0);
}

int exec_sys_fork(struct xproc *x)
{
  int err = proc_fork_check(x->p->host, x->p->uid);
  if (err)
    return exec_reply(x, err);
  int fds[4];
  struct xproc *c = exec_fork(x, fds);
  if (!c)
    return exec_reply(x, -EAGAIN);
  memcpy(x->pass_fds, fds, sizeof fds);
  return exec_reply(x, c->p->pid);
}

/* wait4: a zombie child's pid and status (BSD), else sleep on
 * ourselves until one exits (as lsim_proc.c's wait). */
int exec_sys_wait(struct xproc *x)
{
  int status = 0;
  int r = proc_reap(x->p, A(0), &status);
  if (r == 0 && !(A(1) & BSD_WNOHANG))
    return exec_sleep(x, x->p, 0);
  x->rep.b[0] = status;
  return exec_reply(x, r);
}

int exec_sys_getids(struct xproc *x)
{
  x->rep.b[0] = x->p->pid;
  x->rep.b[1] = x->p->pptr ? x->p->pptr->pid : 1;
  x->rep.b[2] = x->p->uid;
  return exec_reply(x, x->p->pgrp);
}

int exec_sys_kill(struct xproc *x)
{
  return exec_reply(x, sig_kill(x->p, A(0), A(1)));
}

int exec_sys_gethostname(struct xproc *x)
{
  const char *n = x->p->host->name;
  g_byte_array_append(x->out_data, (const guint8 *)n, (guint)strlen(n) + 1);
  return exec_reply(x, 0);
}

/* sigaction: a[0] BSD signal, a[1] 0 default / 1 ignore / 2 catch,
 * a[2] SA_RESTART. */
int exec_sys_sigdisp(struct xproc *x)
{
  static const enum sig_disp d[] = { SIG_DISP_DFL, SIG_DISP_IGN,
                                     SIG_DISP_CATCH };
  if (!sig_valid(A(0)) || A(1) < 0 || A(1) > 2)
    return exec_reply(x, -EINVAL);
  int r = sig_setdisp(x->p, A(0), d[A(1)]);
  if (r >= 0) {
    uint32_t bit = BSD_SIGBIT(A(0));
    x->p->sig.intr = A(2) ? x->p->sig.intr & ~bit : x->p->sig.intr | bit;
  }
  return exec_reply(x, r);
}

int exec_sys_alarm(struct xproc *x)
{
  sim_time_t left = sig_alarm(x->p, (sim_time_t)A(0) * SIM_S);
  return exec_reply(x, (left + SIM_S - 1) / SIM_S);
}

/* setitimer / getitimer (ITIMER_REAL): a[0] 1 sets a[1], a[2] (ns). */
int exec_sys_itimer(struct xproc *x)
{
  sim_time_t v, i;
  if (x->req.a[0])
    sig_setitimer(x->p, x->req.a[1], x->req.a[2], &v, &i);
  else
    sig_getitimer(x->p, &v, &i);
  x->rep.b[0] = v;
  x->rep.b[1] = i;
  return exec_reply(x, 0);
}

int exec_sys_uncovered(struct xproc *x)
{
  g_byte_array_append(x->data, (const guint8 *)"", 1);
  return exec_refuse(x, "%s called %s, which the simulated host does not "
                     "provide (docs/programs.md lists what it does)",
                     x->prog, (const char *)x->data->data);
}

/* getrandom: bytes from the stream "exec/<host>/<pid>/random" of the
 * run's seed, so the program draws the same ones every run. */
int exec_sys_random(struct xproc *x)
{
  size_t n = (size_t)MIN(MAX(x->req.a[0], 0), CHAN_MAX);
  if (!x->rng_ready) {
    sim_rng_stream(x->p->host->sim, &x->rng, "exec/%s/%d/random",
                   x->p->host->name, x->p->pid);
    x->rng_ready = true;
  }
  for (size_t i = 0; i < n; i += 8) {
    uint64_t v = rng_u64(&x->rng);
    g_byte_array_append(x->out_data, (const guint8 *)&v,
                        (guint)MIN(8, n - i));
  }
  return exec_reply(x, (int64_t)n);
}

/* sigprocmask: a[0] 0 block, 1 unblock, 2 set; a[1] the BSD set. What
 * it unblocks and is pending is delivered with the reply. */
int exec_sys_sigmask(struct xproc *x)
{
  uint32_t cur = x->p->sig.mask, set = (uint32_t)x->req.a[1];
  uint32_t to = A(0) == 0 ? cur | set : A(0) == 1 ? cur & ~set : set;
  if (A(0) < 0 || A(0) > 2)
    return exec_reply(x, -EINVAL);
  return exec_reply(x, sig_setmask(x->p, to));
}

/* setuid: root may become anyone; others only themselves. */
int exec_sys_setuid(struct xproc *x)
{
  if (A(0) < 0)
    return exec_reply(x, -EINVAL);
  if (x->p->uid != 0 && A(0) != x->p->uid)
    return exec_reply(x, -EPERM);
  x->p->uid = A(0);
  return exec_reply(x, 0);
}
