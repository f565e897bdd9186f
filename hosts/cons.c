/* hosts/cons.c: the standard descriptors of a process without a terminal
 * (see cons.h): a null input and an output that goes, per writing
 * process, to the host's hook. Read: 4.4BSD's /dev/null (mem.c) for the
 * input; the output has no 4.4BSD model: it stands for the terminal a
 * scenario does not simulate. */
#include "cons.h"
#include "fdtab.h"
#include "host.h"
#include "proc.h"
#include "socket.h"

#include <errno.h>

static long null_read(struct file *fp, void *buf, size_t len,
                      const void **wchan)
{
  (void)fp, (void)buf, (void)len, (void)wchan;
  return 0;
}

static int cons_ioctl(struct file *fp, unsigned long cmd, int *arg)
{
  (void)fp;
  if (cmd == FIONREAD)
    *arg = 0;
  return cmd == FIONREAD || cmd == FIONBIO || cmd == FIOASYNC ? 0 : -ENOTTY;
}

/* Never called: sys_write calls cons_write, which knows the writer. */
static long out_write(struct file *fp, const void *buf, size_t len,
                      const void **wchan)
{
  (void)fp, (void)buf, (void)wchan;
  return (long)len;
}

static const struct file_ops null_ops = {
  .read = null_read, .ioctl = cons_ioctl,
};
static const struct file_ops out_ops = {
  .write = out_write, .ioctl = cons_ioctl,
};

void cons_set_hook(struct host *h, const struct cons_hook *hook)
{
  h->cons = hook ? *hook : (struct cons_hook){ 0 };
}

void cons_stdio(struct proc *p)
{
  g_return_if_fail(fdtab_count(p->fd) == 0);
  struct file *in = file_new(FILE_CONS, &null_ops, p->host);
  in->flags = FILE_READ;
  fdtab_install(p->fd, in);
  struct file *out = file_new(FILE_CONS, &out_ops, p->host);
  out->flags = FILE_WRITE;
  fdtab_install(p->fd, out);
  fdtab_install(p->fd, file_ref(out));
}

bool cons_is_output(const struct file *fp)
{
  return fp->ops == &out_ops;
}

long cons_write(struct proc *p, const void *buf, size_t len)
{
  struct host *h = p->host;
  if (h->cons.out && len > 0)
    h->cons.out(h->cons.ctx, p, buf, len);
  return (long)len;
}
