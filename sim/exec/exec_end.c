/* sim/exec/exec_end.c: the end of a real program: its descriptors and
 * shared page released, its real process reaped (ipcsim is the parent,
 * or the subreaper of a forked one) or killed, and its wait status (exit
 * code, or the signal that crashed it, in 4.4BSD's numbers) made the
 * simulated process's exit status. A crash is reported on its output;
 * the run goes on. */
#include "exec_internal.h"
#include "sig.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void exec_close(struct xproc *x)
{
  if (x->chan >= 0)
    close(x->chan);
  for (int k = 0; k < 2; k++)
    if (x->out[k] >= 0)
      close(x->out[k]);
  x->chan = x->out[0] = x->out[1] = -1;
  if (x->shm)
    munmap(x->shm, sizeof *x->shm);
  x->shm = NULL;
  g_ptr_array_remove(x->w->live, x);
}

/* Reaps the real process: its status, or -1 when it would not end
 * within the limit (at least EXEC_START_LIMIT; then it is killed). */
static int reap(struct xproc *x)
{
  int st = 0;
  if (x->pid <= 0)
    return 0;
  int tries = (int)(MAX(x->limit, EXEC_START_LIMIT) * 1000);
  for (int i = 0; i < tries; i++) {
    pid_t r = waitpid(x->pid, &st, WNOHANG);
    if (r == x->pid || (r < 0 && errno == ECHILD))
      return r < 0 ? 0 : st;
    struct timespec ms = { 0, 1000000 };
    nanosleep(&ms, NULL);
  }
  kill(x->pid, SIGKILL);
  waitpid(x->pid, &st, 0);
  return -1;
}

void exec_kill(struct xproc *x)
{
  if (x->dead)
    return;
  x->dead = true;
  if (x->pid > 0) {
    kill(x->pid, SIGKILL);
    waitpid(x->pid, NULL, 0);
  }
  exec_close(x);
}

/* Linux signal number -> 4.4BSD (0 none); shim_sig.c has the table. */
static int bsd_sig(int s)
{
  static const int t[32] = { 0, 1, 2, 3, 4, 5, 6, 10, 8, 9, 30, 11, 31, 13,
                             14, 15, 0, 20, 19, 17, 18, 21, 22, 16, 24, 25,
                             26, 27, 28, 23, 0, 12 };
  return s > 0 && s < 32 ? t[s] : 0;
}

void exec_finish(struct xproc *x)
{
  exec_flush_output(x);
  int st = reap(x);
  x->dead = true;
  exec_close(x);
  int xstat = 0;
  if (st >= 0 && WIFEXITED(st)) {
    xstat = BSD_W_EXITCODE(WEXITSTATUS(st), 0);
  } else if (st >= 0 && WIFSIGNALED(st)) {
    int b = bsd_sig(WTERMSIG(st));
    char *m = g_strdup_printf("%s: killed by signal %s (%s): the program "
                              "crashed", x->prog, strsignal(WTERMSIG(st)),
                              sig_name(b) ? sig_name(b) : "?");
    x->w->output(x->w->ctx, x->p, m);
    g_free(m);
    xstat = BSD_W_EXITCODE(0, b ? b : BSD_SIGKILL);
  }
  proc_exit_status(x->p, xstat);
}

