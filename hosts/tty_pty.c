/* hosts/tty_pty.c: pseudo-terminal pairs (see tty_pty.h). The slave is a
 * tty (tty.c) whose device is the master: its start() wakes the master's
 * readers, its notify() collects the packet-mode bits. Call order:
 * master write -> tty_input (slave's discipline) -> slave readers; slave
 * write -> outq -> master read (tty_take_output). Read: 4.4BSD
 * kern/tty_pty.c (ptcread, ptcwrite, ptsstart, ptsstop, ptyioctl). */
#include "tty_pty.h"
#include "tty.h"
#include "fs.h"
#include "host.h"
#include "proc.h"
#include "socket.h"
#include "socketvar.h"

#include <errno.h>
#include <stdio.h>

struct pty {
  struct tty *tty;            /* the slave's tty (owned) */
  int index;                  /* 0..NPTY-1 */
  bool master_open;           /* the master is open (once at a time) */
  bool pkt;                   /* packet mode (TIOCPKT) */
  int send;                   /* TIOCPKT_* bits not yet read */
};

void pty_name(int i, bool slave, char name[16])
{
  snprintf(name, 16, "/dev/%s%c%c", slave ? "tty" : "pty", "pq"[i / 16 % 2],
           "0123456789abcdef"[i % 16]);
}

static void wake_master(struct pty *pt)
{
  if (pt->tty->host->freeing)
    return;
  proc_wakeup(pt->tty->host, pt);
  proc_wakeup(pt->tty->host, &so_selwait);
}

static void pts_start(struct tty *tp)
{
  wake_master(tp->dev);
}

/* ptsstop and ptsstart, and the flow-control change of ptyioctl. */
static void pts_notify(struct tty *tp, int bits)
{
  struct pty *pt = tp->dev;
  if (!bits || !pt->pkt)
    return;
  if (bits & TIOCPKT_STOP)
    pt->send &= ~TIOCPKT_START;
  if (bits & TIOCPKT_START)
    pt->send &= ~TIOCPKT_STOP;
  if (bits & (TIOCPKT_NOSTOP | TIOCPKT_DOSTOP))
    pt->send &= ~(TIOCPKT_NOSTOP | TIOCPKT_DOSTOP);
  pt->send |= bits;
  wake_master(pt);
}

static const struct tty_ops pts_ops = {
  .start = pts_start, .notify = pts_notify,
};

struct pty *pty_new(struct host *h, int i)
{
  struct pty *pt = g_new0(struct pty, 1);
  char name[16];
  pty_name(i, true, name);
  pt->tty = tty_new(h, name, &pts_ops, pt);
  pt->index = i;
  return pt;
}

void pty_free(struct pty *pt)
{
  if (!pt)
    return;
  tty_free(pt->tty);
  g_free(pt);
}

/* ---- the master as an open file ---- */

static struct pty *fp_pty(struct file *fp)
{
  return fp->data;
}

static int ptc_release(struct file *fp)
{
  struct pty *pt = fp_pty(fp);
  pt->master_open = false;
  pt->pkt = false;
  pt->send = 0;
  tty_hangup(pt->tty);
  return 0;
}

static long ptc_read(struct file *fp, void *buf, size_t len,
                     const void **wchan)
{
  struct pty *pt = fp_pty(fp);
  struct tty *tp = pt->tty;
  uint8_t *b = buf;
  *wchan = NULL;
  if (len == 0)
    return 0;
  if (pt->pkt && pt->send) {
    b[0] = (uint8_t)pt->send;
    pt->send = 0;
    return 1;
  }
  if (tp->outq->len && !tp->stopped) {
    size_t off = pt->pkt ? 1 : 0;
    if (off)
      b[0] = TIOCPKT_DATA;
    return (long)(off + tty_take_output(tp, b + off, len - off));
  }
  *wchan = (fp->flags & FILE_NONBLOCK) ? NULL : pt;
  return -EWOULDBLOCK;
}

/* Room in the slave's input for one more character. */
static bool room(const struct tty *tp)
{
  return tp->rawq->len + tp->canq->len < TTYHOG - 2;
}

static long ptc_write(struct file *fp, const void *buf, size_t len,
                      const void **wchan)
{
  struct pty *pt = fp_pty(fp);
  struct tty *tp = pt->tty;
  const uint8_t *s = buf;
  size_t n = 0;
  *wchan = NULL;
  while (tp->opens > 0 && n < len && room(tp))
    tty_input(tp, s[n++]);
  if (n < len)
    *wchan = (fp->flags & FILE_NONBLOCK) ? NULL : tp->rawq;
  return n ? (long)n : -EWOULDBLOCK;
}

static int ptc_ioctl(struct file *fp, unsigned long cmd, int *arg)
{
  struct pty *pt = fp_pty(fp);
  switch (cmd) {
  case TIOCPKT:
    pt->pkt = *arg != 0;
    pt->send = 0;
    return 0;
  case FIONREAD:
    *arg = (int)pt->tty->outq->len;
    return 0;
  default:
    return tty_ioctl(pt->tty, cmd, arg);
  }
}

static bool ptc_select(struct file *fp, int which)
{
  struct pty *pt = fp_pty(fp);
  struct tty *tp = pt->tty;
  if (which == FILE_READ)
    return (pt->pkt && pt->send) || (tp->outq->len && !tp->stopped);
  if (which == FILE_WRITE)
    return tp->opens > 0 && room(tp);
  return false;
}

static int ptc_stat(struct file *fp, struct fs_stat *st)
{
  (void)fp;
  *st = (struct fs_stat){ .type = FS_CHR, .mode = 0666, .nlink = 1 };
  return 0;
}

static const struct file_ops ptc_ops = {
  .release = ptc_release, .read = ptc_read, .write = ptc_write,
  .ioctl = ptc_ioctl, .select = ptc_select, .stat = ptc_stat,
};

struct tty *pty_master_tty(const struct file *fp)
{
  return fp->ops == &ptc_ops ? ((struct pty *)fp->data)->tty : NULL;
}

int pty_open_master(struct pty *pt, struct file **fpp)
{
  if (pt->master_open)
    return -EIO;
  pt->master_open = true;
  pt->pkt = false;
  pt->send = 0;
  pt->tty->carrier = true;
  pt->tty->stopped = false;
  struct file *fp = file_new(FILE_TTY, &ptc_ops, pt);
  fp->flags = FILE_READ | FILE_WRITE;
  *fpp = fp;
  return 0;
}

int pty_open_slave(struct pty *pt, struct file **fpp)
{
  if (!pt->master_open)
    return -EIO;
  if (pt->tty->opens == 0) {
    tty_reset(pt->tty);
    pt->tty->sid = pt->tty->pgrp = 0;
  }
  *fpp = tty_file(pt->tty);
  return 0;
}

void pty_slave_closed(struct tty *tp)
{
  if (tp->ops == &pts_ops)
    wake_master(tp->dev);
}
