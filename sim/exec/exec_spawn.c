/* sim/exec/exec_spawn.c: starting real programs: the world's set-up
 * (ipcsim becomes the subreaper of everything it starts, so a forked
 * program's orphaned real child is ours to reap) and teardown, the
 * checks before a start (the path exists, is executable, is a dynamic
 * ELF: a static binary cannot have the shim preloaded, so its calls
 * would reach the real kernel), the real fork and execve (socket at
 * CHAN_FD, shared page at CHAN_SHM_FD, one output pipe on 1 and 2,
 * input on 0, LD_PRELOAD, a private network namespace when allowed),
 * and a fork's new process. */
#include "exec_config.h"
#include "exec_internal.h"
#include "fdtab.h"
#include "host.h"
#include "proc.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sys/syscall.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void xproc_free(void *p)
{
  struct xproc *x = p;
  for (int k = 0; k < 2; k++)
    g_string_free(x->line[k], TRUE);
  g_byte_array_free(x->data, TRUE);
  g_byte_array_free(x->out_data, TRUE);
  g_free(x->prog);
  g_free(x);
}

/* How long each side of a channel spins before it sleeps (chan_wait.h):
 * $IPCSIM_SPIN_NS, else 20 us with two CPUs or more, none with one
 * (there the peer cannot run while we spin). */
static int64_t spin_default(void)
{
  const char *env = g_getenv("IPCSIM_SPIN_NS");
  if (env && *env)
    return g_ascii_strtoll(env, NULL, 10);
  return g_get_num_processors() < 2 ? 0 : 20000;
}

struct exec_world *exec_world_new(const struct netdb *db, const char *shim)
{
  struct exec_world *w = g_new0(struct exec_world, 1);
  const char *env = g_getenv("IPCSIM_SHIM");
  w->db = db;
  w->shim = g_strdup(env && *env ? env : shim ? shim : IPCSIM_SHIM_PATH);
  w->spin_ns = spin_default();
  w->live = g_ptr_array_new();
  w->all = g_ptr_array_new_with_free_func(xproc_free);
  prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  return w;
}

void exec_world_free(struct exec_world *w)
{
  if (!w)
    return;
  while (w->live->len)
    exec_kill(g_ptr_array_index(w->live, 0));
  g_ptr_array_free(w->live, TRUE);
  g_ptr_array_free(w->all, TRUE);
  g_free(w->shim);
  g_free(w);
}

void exec_world_reap(struct exec_world *w)
{
  for (guint i = 0; w && i < w->live->len;) {
    struct xproc *x = g_ptr_array_index(w->live, i);
    if (x->p && x->p->state == PROC_EXITED && !x->dead)
      exec_kill(x);                     /* takes it off the list */
    else
      i++;
  }
}

bool exec_is_dynamic(const char *path, GError **err)
{
  FILE *f = fopen(path, "rb");
  Elf64_Ehdr eh;
  bool dyn = false;
  if (!f || fread(&eh, sizeof eh, 1, f) != 1 ||
      memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
      eh.e_ident[EI_CLASS] != ELFCLASS64) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s is not a 64-bit "
                "ELF executable (scripts and other formats are not run)",
                path);
    goto out;
  }
  for (int i = 0; i < eh.e_phnum && !dyn; i++) {
    Elf64_Phdr ph;
    if (fseek(f, (long)(eh.e_phoff + (uint64_t)i * eh.e_phentsize),
              SEEK_SET) != 0 || fread(&ph, sizeof ph, 1, f) != 1)
      break;
    dyn = ph.p_type == PT_INTERP;
  }
  if (!dyn)
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s is statically "
                "linked (no PT_INTERP): the shim cannot be preloaded, so "
                "its calls would reach the real kernel; link it "
                "dynamically", path);
out:
  if (f)
    fclose(f);
  return dyn;
}

static struct xproc *xproc_new(struct exec_world *w, const char *prog,
                               double limit)
{
  struct xproc *x = g_new0(struct xproc, 1);
  x->w = w;
  x->prog = g_strdup(prog);
  x->limit = limit > 0 ? limit : 10;
  x->chan = x->out[0] = x->out[1] = -1;
  for (int k = 0; k < 2; k++)
    x->line[k] = g_string_new(NULL);
  x->data = g_byte_array_new();
  x->out_data = g_byte_array_new();
  for (int i = 0; i < 4; i++)
    x->pass_fds[i] = -1;
  g_ptr_array_add(w->live, x);
  g_ptr_array_add(w->all, x);
  return x;
}

/* The shared page (chan.h): a memfd, mapped here; its fd, or -1. */
static int make_page(struct xproc *x)
{
  int fd = (int)syscall(SYS_memfd_create, "ipcsim-chan", 1u /* CLOEXEC */);
  if (fd < 0)
    return -1;
  void *p = MAP_FAILED;
  if (ftruncate(fd, sizeof *x->shm) == 0)
    p = mmap(NULL, sizeof *x->shm, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    close(fd);
    return -1;
  }
  x->shm = p;
  x->shm->spin_ns = x->w->spin_ns;
  x->seen_req = 0;
  return fd;
}

/* A socket, the shared page, and one output pipe for stdout and stderr
 * both (so their lines keep the program's order, as on a terminal); the
 * child's ends in kid[4] (socket, stdout, stderr, page). */
static bool make_fds(struct xproc *x, int kid[4])
{
  int sv[2], o[2];
  int page = make_page(x);
  if (page < 0)
    return false;
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
    close(page);
    return false;
  }
  if (pipe(o) < 0) {
    close(sv[0]);
    close(sv[1]);
    close(page);
    return false;
  }
  for (int i = 0; i < 2; i++)
    fcntl(o[i], F_SETFD, FD_CLOEXEC);
  x->chan = sv[0];
  x->out[0] = o[0];
  fcntl(o[0], F_SETFL, O_NONBLOCK);
  kid[0] = sv[1];
  kid[1] = o[1];
  kid[2] = dup(o[1]);
  fcntl(kid[2], F_SETFD, FD_CLOEXEC);
  kid[3] = page;
  return true;
}

/* The environment of the program: ours plus the shim's variables. */
static char **child_env(struct exec_world *w, const char *prog)
{
  char **env = g_get_environ();
  env = g_environ_setenv(env, "LD_PRELOAD", w->shim, TRUE);
  char fd[16];
  snprintf(fd, sizeof fd, "%d", CHAN_FD);
  env = g_environ_setenv(env, CHAN_FD_ENV, fd, TRUE);
  env = g_environ_setenv(env, CHAN_PROG_ENV, prog, TRUE);
  /* A sanitized ipcsim's options are not the program's. */
  env = g_environ_unsetenv(env, "ASAN_OPTIONS");
  env = g_environ_unsetenv(env, "UBSAN_OPTIONS");
  env = g_environ_unsetenv(env, "LSAN_OPTIONS");
  return env;
}

/* A descriptor reading input (a memfd), or /dev/null. */
static int input_fd(const char *input)
{
  if (!input)
    return open("/dev/null", O_RDONLY | O_CLOEXEC);
  int fd = (int)syscall(SYS_memfd_create, "ipcsim-stdin", 1u /* CLOEXEC */);
  if (fd >= 0) {
    size_t len = strlen(input);
    if (write(fd, input, len) != (ssize_t)len)
      len = 0;
    lseek(fd, 0, SEEK_SET);
  }
  return fd;
}

static int std_release(struct file *fp)
{
  (void)fp;
  return 0;
}

static const struct file_ops std_ops = { .release = std_release };

/* Descriptors 0, 1 and 2 of the simulated table stand for the real
 * standard ones (the shim keeps those real), so sockets start at 3,
 * until a dup2 puts a simulated file there. */
static void reserve_std(struct proc *p)
{
  for (int i = 0; i < 3; i++)
    fdtab_install(p->fd, file_new(FILE_VNODE, &std_ops, NULL));
}

int exec_std_simulated(const struct xproc *x)
{
  int set = 0;
  for (int i = 0; i < 3; i++) {
    const struct file *fp = fdtab_get(x->p->fd, i);
    if (fp && fp->ops != &std_ops)
      set |= 1 << i;
  }
  return set;
}

/* In the child, after fork: only async-signal-safe calls. */
G_GNUC_NORETURN static void child(const struct exec_opts *o, int kid[4],
                                  int in, char **env)
{
  dup2(in, 0);
  dup2(kid[1], 1);
  dup2(kid[2], 2);
  dup2(kid[0], CHAN_FD);
  dup2(kid[3], CHAN_SHM_FD);
  struct rlimit nocore = { 0, 0 };     /* a crash is reported, not dumped */
  setrlimit(RLIMIT_CORE, &nocore);
  if (o->netns && geteuid() == 0)
    syscall(SYS_unshare, CLONE_NEWNET); /* no real network at all */
  execve(o->path, o->argv, env);
  static const char m[] = "ipcsim: execve of the program failed\n";
  if (write(2, m, sizeof m - 1) < 0)
    _exit(127);
  _exit(127);
}

struct proc *exec_start(struct exec_world *w, struct host *h,
                        const struct exec_opts *o, GError **err)
{
  if (access(o->path, F_OK) != 0 || access(o->path, X_OK) != 0) {
    int e = errno;
    g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(e), "%s: %s",
                o->path, g_strerror(e));
    return NULL;
  }
  if (!exec_is_dynamic(o->path, err))
    return NULL;
  if (access(w->shim, R_OK) != 0) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT, "the shim %s is "
                "missing (build ipcsim, or set IPCSIM_SHIM)", w->shim);
    return NULL;
  }
  const char *name = o->argv && o->argv[0] ? o->argv[0] : o->path;
  const char *base = strrchr(name, '/');
  struct xproc *x = xproc_new(w, base ? base + 1 : name, o->limit);
  int kid[4] = { -1, -1, -1, -1 };
  int in = input_fd(o->input);
  char **env = child_env(w, x->prog);
  pid_t pid = make_fds(x, kid) && in >= 0 ? fork() : -1;
  if (pid == 0)
    child(o, kid, in, env);
  g_strfreev(env);
  for (int i = 0; i < 4; i++)
    if (kid[i] >= 0)
      close(kid[i]);
  if (in >= 0)
    close(in);
  if (pid < 0) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot start: "
                "%s", o->path, g_strerror(errno));
    exec_kill(x);
    return NULL;
  }
  x->pid = pid;
  x->p = proc_new(h, x->prog, exec_resume_fn(), x);
  x->p->uid = o->uid;
  x->epoch = o->epoch;
  reserve_std(x->p);
  return x->p;
}

struct xproc *exec_fork(struct xproc *x, int fds[4])
{
  struct xproc *c = xproc_new(x->w, x->prog, x->limit);
  if (!make_fds(c, fds)) {
    exec_kill(c);
    return NULL;
  }
  c->epoch = x->epoch;
  c->p = proc_fork(x->p, exec_resume_fn(), c);
  return c;
}
