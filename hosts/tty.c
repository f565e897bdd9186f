/* hosts/tty.c: the terminal line discipline (see tty.h): input
 * (tty_input: signals, flow control, erase and kill, canonical lines),
 * echo and output processing, reading and writing, flushing, the modes.
 * Call order: device -> tty_input -> (rawq/canq, echo -> outq -> device
 * start); process write -> tty_write -> outq -> start; process read ->
 * tty_read <- canq/rawq. Read: 4.4BSD kern/tty.c. */
#include "tty.h"
#include "host.h"
#include "proc.h"
#include "sig.h"
#include "socket.h"
#include "socketvar.h"

#include <errno.h>
#include <string.h>

#define CTRL(c) ((c) & 037)

/* 4.4BSD's sys/ttydefaults.h. */
static const uint8_t ttydefchars[NCCS] = {
  [VEOF] = CTRL('d'), [VEOL] = TTY_VDISABLE, [VEOL2] = TTY_VDISABLE,
  [VERASE] = 0177, [VWERASE] = CTRL('w'), [VKILL] = CTRL('u'),
  [VREPRINT] = CTRL('r'), [7] = TTY_VDISABLE, [VINTR] = CTRL('c'),
  [VQUIT] = 034, [VSUSP] = CTRL('z'), [VDSUSP] = CTRL('y'),
  [VSTART] = CTRL('q'), [VSTOP] = CTRL('s'), [VLNEXT] = CTRL('v'),
  [VDISCARD] = CTRL('o'), [VMIN] = 1, [VTIME] = 0,
  [VSTATUS] = CTRL('t'), [19] = TTY_VDISABLE,
};

/* ttsetwater: the output marks from the speed. */
static void setwater(struct tty *tp)
{
  int cps = tp->t.c_ospeed / 10;
  int x = CLAMP(cps / 2, 32, 256);
  tp->lowat = x;
  x = CLAMP(x + cps, 100, 1024);
  tp->hiwat = (x + 63) / 64 * 64;
}

void tty_reset(struct tty *tp)
{
  tp->t.c_iflag = TTY_BRKINT | TTY_ICRNL | TTY_IMAXBEL | TTY_IXON |
                  TTY_IXANY;
  tp->t.c_oflag = TTY_OPOST | TTY_ONLCR | TTY_OXTABS;
  tp->t.c_cflag = TTY_CREAD | TTY_CS8 | TTY_HUPCL;
  tp->t.c_lflag = TTY_ECHO | TTY_ICANON | TTY_ISIG | TTY_IEXTEN |
                  TTY_ECHOE | TTY_ECHOKE | TTY_ECHOCTL;
  memcpy(tp->t.c_cc, ttydefchars, NCCS);
  tp->t.c_ispeed = tp->t.c_ospeed = 9600;
  setwater(tp);
  g_byte_array_set_size(tp->rawq, 0);
  g_byte_array_set_size(tp->canq, 0);
  g_byte_array_set_size(tp->outq, 0);
  tp->stopped = false;
  tp->column = 0;
}

struct tty *tty_new(struct host *h, const char *name,
                    const struct tty_ops *ops, void *dev)
{
  struct tty *tp = g_new0(struct tty, 1);
  tp->host = h;
  tp->name = g_strdup(name);
  tp->rawq = g_byte_array_new();
  tp->canq = g_byte_array_new();
  tp->outq = g_byte_array_new();
  tp->ops = ops;
  tp->dev = dev;
  tty_reset(tp);
  return tp;
}

void tty_free(struct tty *tp)
{
  if (!tp)
    return;
  if (tp->ops && tp->ops->free)
    tp->ops->free(tp);
  g_byte_array_free(tp->rawq, TRUE);
  g_byte_array_free(tp->canq, TRUE);
  g_byte_array_free(tp->outq, TRUE);
  g_free(tp->name);
  g_free(tp);
}

void tty_wakeup(struct tty *tp)
{
  if (tp->host->freeing)
    return;
  proc_wakeup(tp->host, tp->rawq);
  proc_wakeup(tp->host, tp->outq);
  proc_wakeup(tp->host, &so_selwait);
}

static void start(struct tty *tp)
{
  if (!tp->stopped && tp->outq->len && tp->ops && tp->ops->start)
    tp->ops->start(tp);
}

static void notify(struct tty *tp, int pkt)
{
  if (tp->ops && tp->ops->notify)
    tp->ops->notify(tp, pkt);
}

/* ---- output ---- */

static void put(struct tty *tp, uint8_t c)
{
  g_byte_array_append(tp->outq, &c, 1);
}

/* ttyoutput: one character, processed (OPOST: ONLCR, OXTABS), tracking
 * the column. FLUSHO discards it. */
static void output(struct tty *tp, uint8_t c)
{
  if (tp->t.c_lflag & TTY_FLUSHO)
    return;
  bool post = tp->t.c_oflag & TTY_OPOST;
  if (post && c == '\t' && (tp->t.c_oflag & TTY_OXTABS)) {
    do
      put(tp, ' ');
    while (++tp->column % 8);
    return;
  }
  if (post && c == '\n' && (tp->t.c_oflag & TTY_ONLCR))
    put(tp, '\r');
  put(tp, c);
  if (c == '\n' || c == '\r')
    tp->column = 0;
  else if (c == '\b')
    tp->column = tp->column > 0 ? tp->column - 1 : 0;
  else if (c >= ' ' && c < 0177)
    tp->column++;
}

static void outs(struct tty *tp, const char *s)
{
  while (*s)
    output(tp, (uint8_t)*s++);
}

/* ttyecho: c as typed, a control character as ^X with ECHOCTL. */
static void echo(struct tty *tp, uint8_t c)
{
  uint32_t lf = tp->t.c_lflag;
  if (!(lf & TTY_ECHO) && !(c == '\n' && (lf & TTY_ECHONL)))
    return;
  if ((lf & TTY_ECHOCTL) && ((c < ' ' && c != '\t' && c != '\n') ||
                             c == 0177)) {
    output(tp, '^');
    output(tp, c == 0177 ? '?' : c | 0100);
  } else {
    output(tp, c);
  }
}

/* Erases the last character of the line on the screen (ECHOE). */
static void rubout(struct tty *tp, uint8_t c)
{
  if (!(tp->t.c_lflag & TTY_ECHO))
    return;
  if (tp->t.c_lflag & TTY_ECHOE) {
    int n = (c < ' ' || c == 0177) && (tp->t.c_lflag & TTY_ECHOCTL) ? 2 : 1;
    while (n--)
      outs(tp, "\b \b");
  } else {
    echo(tp, tp->t.c_cc[VERASE]);
  }
}

/* ---- input ---- */

void tty_flush(struct tty *tp, int rw)
{
  if (rw & TTY_FREAD) {
    g_byte_array_set_size(tp->rawq, 0);
    g_byte_array_set_size(tp->canq, 0);
  }
  if (rw & TTY_FWRITE)
    g_byte_array_set_size(tp->outq, 0);
  notify(tp, rw & (TIOCPKT_FLUSHREAD | TIOCPKT_FLUSHWRITE));
  tty_wakeup(tp);
}

static bool is(const struct tty *tp, int idx, uint8_t c)
{
  return tp->t.c_cc[idx] == c && c != TTY_VDISABLE;
}

/* ISIG characters: flush (unless NOFLSH), echo, signal the foreground. */
static bool input_signal(struct tty *tp, uint8_t c)
{
  int sig = is(tp, VINTR, c) ? BSD_SIGINT : is(tp, VQUIT, c) ? BSD_SIGQUIT
          : is(tp, VSUSP, c) ? BSD_SIGTSTP : 0;
  if (!sig)
    return false;
  if (!(tp->t.c_lflag & TTY_NOFLSH))
    tty_flush(tp, TTY_FREAD | TTY_FWRITE);
  echo(tp, c);
  if (tp->pgrp)
    sig_gsignal(tp->host, tp->pgrp, sig);
  return true;
}

/* IXON: ^S stops output, ^Q starts it again. */
static bool input_flow(struct tty *tp, uint8_t c)
{
  if (is(tp, VSTOP, c)) {
    if (!tp->stopped) {
      tp->stopped = true;
      notify(tp, TIOCPKT_STOP);
    }
    return !is(tp, VSTART, c);
  }
  if (is(tp, VSTART, c)) {
    if (tp->stopped) {
      tp->stopped = false;
      notify(tp, TIOCPKT_START);
    }
    return true;
  }
  return false;
}

/* ICANON editing: erase, word erase, kill, reprint. */
static bool input_edit(struct tty *tp, uint8_t c)
{
  GByteArray *q = tp->rawq;
  if (is(tp, VERASE, c)) {
    if (q->len) {
      uint8_t last = q->data[q->len - 1];
      g_byte_array_set_size(q, q->len - 1);
      rubout(tp, last);
    }
    return true;
  }
  if (is(tp, VWERASE, c) && (tp->t.c_lflag & TTY_IEXTEN)) {
    while (q->len && q->data[q->len - 1] == ' ')
      input_edit(tp, tp->t.c_cc[VERASE]);
    while (q->len && q->data[q->len - 1] != ' ')
      input_edit(tp, tp->t.c_cc[VERASE]);
    return true;
  }
  if (is(tp, VKILL, c)) {
    if ((tp->t.c_lflag & TTY_ECHOKE) && (tp->t.c_lflag & TTY_ECHOE))
      while (q->len)
        input_edit(tp, tp->t.c_cc[VERASE]);
    else {
      echo(tp, c);
      if (tp->t.c_lflag & (TTY_ECHOK | TTY_ECHOKE))
        echo(tp, '\n');
      g_byte_array_set_size(q, 0);
    }
    return true;
  }
  if (is(tp, VREPRINT, c) && (tp->t.c_lflag & TTY_IEXTEN)) {
    echo(tp, c);
    output(tp, '\n');
    for (guint i = 0; i < q->len; i++)
      echo(tp, q->data[i]);
    return true;
  }
  return false;
}

/* Appends c to the input; a line ends at NL, EOF, EOL (canonical). */
/* Input is there to read: wake readers, SIGIO with FIOASYNC. */
static void input_ready(struct tty *tp)
{
  tty_wakeup(tp);
  if (tp->async && tp->pgrp)
    sig_gsignal(tp->host, tp->pgrp, BSD_SIGIO);
}

static void input_store(struct tty *tp, uint8_t c)
{
  if (tp->rawq->len + tp->canq->len >= TTYHOG) {
    if (tp->t.c_iflag & TTY_IMAXBEL)
      output(tp, CTRL('g'));
    return;
  }
  g_byte_array_append(tp->rawq, &c, 1);
  bool eof = is(tp, VEOF, c);
  if (!(tp->t.c_lflag & TTY_ICANON)) {
    echo(tp, c);
    input_ready(tp);
    return;
  }
  if (!eof)
    echo(tp, c);
  if (c == '\n' || eof || is(tp, VEOL, c) || is(tp, VEOL2, c)) {
    g_byte_array_append(tp->canq, tp->rawq->data, tp->rawq->len);
    g_byte_array_set_size(tp->rawq, 0);
    input_ready(tp);
  }
}

void tty_input(struct tty *tp, uint8_t c)
{
  uint32_t in = tp->t.c_iflag, lf = tp->t.c_lflag;
  if (in & TTY_ISTRIP)
    c &= 0177;
  if ((lf & TTY_ISIG) && input_signal(tp, c))
    goto out;
  if ((lf & TTY_IEXTEN) && is(tp, VDISCARD, c)) {
    if (lf & TTY_FLUSHO) {
      tp->t.c_lflag &= ~TTY_FLUSHO;
    } else {
      tty_flush(tp, TTY_FWRITE);
      echo(tp, c);
      tp->t.c_lflag |= TTY_FLUSHO;
    }
    goto out;
  }
  if ((in & TTY_IXON) && input_flow(tp, c))
    goto out;
  if (c == '\r') {
    if (in & TTY_IGNCR)
      goto out;
    if (in & TTY_ICRNL)
      c = '\n';
  } else if (c == '\n' && (in & TTY_INLCR)) {
    c = '\r';
  }
  if (!((lf & TTY_ICANON) && input_edit(tp, c)))
    input_store(tp, c);
out:
  if (tp->stopped && (in & TTY_IXANY) && !is(tp, VSTOP, c) &&
      !is(tp, VSTART, c) && (in & TTY_IXON)) {
    tp->stopped = false;
    notify(tp, TIOCPKT_START);
  }
  start(tp);
}

/* ---- reading and writing ---- */

/* A canonical read: up to len bytes of the first line (NL kept, the EOF
 * character taken but not returned). */
static size_t read_line(struct tty *tp, uint8_t *buf, size_t len)
{
  GByteArray *q = tp->canq;
  size_t n = 0, used = 0;
  while (used < q->len && n < len) {
    uint8_t c = q->data[used++];
    if (is(tp, VEOF, c))
      break;
    buf[n++] = c;
    if (c == '\n' || is(tp, VEOL, c) || is(tp, VEOL2, c))
      break;
  }
  g_byte_array_remove_range(q, 0, (guint)used);
  return n;
}

long tty_read(struct tty *tp, void *buf, size_t len, bool nonblock,
              const void **wchan)
{
  bool canon = tp->t.c_lflag & TTY_ICANON;
  GByteArray *q = canon ? tp->canq : tp->rawq;
  *wchan = NULL;
  if (q->len == 0) {
    if (!tp->carrier)
      return 0;
    if (!canon && tp->t.c_cc[VMIN] == 0)
      return 0;
    *wchan = nonblock ? NULL : tp->rawq;
    return -EWOULDBLOCK;
  }
  size_t n;
  if (canon) {
    n = read_line(tp, buf, len);
  } else {
    n = MIN(len, (size_t)q->len);
    memcpy(buf, q->data, n);
    g_byte_array_remove_range(q, 0, (guint)n);
  }
  tty_wakeup(tp);             /* a pty writer may have room now */
  return (long)n;
}

long tty_write(struct tty *tp, const void *buf, size_t len, bool nonblock,
               const void **wchan)
{
  const uint8_t *s = buf;
  size_t n = 0;
  *wchan = NULL;
  if (!tp->carrier)
    return -EIO;
  while (n < len && tp->outq->len < (guint)tp->hiwat)
    output(tp, s[n++]);
  start(tp);
  if (n < len)
    *wchan = nonblock ? NULL : tp->outq;
  return n ? (long)n : -EWOULDBLOCK;
}

size_t tty_take_output(struct tty *tp, uint8_t *buf, size_t max)
{
  if (tp->stopped)
    return 0;
  size_t n = MIN(max, (size_t)tp->outq->len);
  memcpy(buf, tp->outq->data, n);
  g_byte_array_remove_range(tp->outq, 0, (guint)n);
  if (n && tp->outq->len <= (guint)tp->lowat) {
    proc_wakeup(tp->host, tp->outq);
    proc_wakeup(tp->host, &so_selwait);
  }
  return n;
}

void tty_hangup(struct tty *tp)
{
  tp->carrier = false;
  if (tp->host->freeing)
    return;
  if (tp->sid) {
    struct proc *p = proc_find(tp->host, tp->sid);
    if (p && p->state != PROC_EXITED)
      sig_psignal(p, BSD_SIGHUP);
  }
  tty_flush(tp, TTY_FREAD | TTY_FWRITE);
}

bool tty_select(struct tty *tp, int which)
{
  if (!tp->carrier)
    return true;
  if (which == FILE_READ)
    return (tp->t.c_lflag & TTY_ICANON) ? tp->canq->len > 0
                                         : tp->rawq->len > 0;
  if (which == FILE_WRITE)
    return tp->outq->len < (guint)tp->hiwat;
  return false;
}

/* Whether a live process of h is in group pgrp. */
static bool group_exists(struct host *h, int pgrp)
{
  for (guint i = 0; i < h->procs->len; i++) {
    struct proc *p = g_ptr_array_index(h->procs, i);
    if (p->state != PROC_EXITED && p->pgrp == pgrp)
      return true;
  }
  return false;
}

int tty_ioctl(struct tty *tp, unsigned long cmd, int *arg)
{
  switch (cmd) {
  case FIONREAD:
    *arg = (int)((tp->t.c_lflag & TTY_ICANON) ? tp->canq->len
                                               : tp->rawq->len);
    return 0;
  case FIONBIO:
    return 0;
  case FIOASYNC:
    tp->async = *arg != 0;
    return 0;
  case TIOCSPGRP:
    if (*arg <= 0 || !group_exists(tp->host, *arg))
      return -EPERM;
    tp->pgrp = *arg;
    return 0;
  case TIOCGPGRP:
    *arg = tp->pgrp;
    return 0;
  case TIOCFLUSH: {
    int rw = *arg & (TTY_FREAD | TTY_FWRITE);
    tty_flush(tp, rw ? rw : TTY_FREAD | TTY_FWRITE);
    return 0;
  }
  case TIOCSTOP:
    if (!tp->stopped) {
      tp->stopped = true;
      notify(tp, TIOCPKT_STOP);
    }
    return 0;
  case TIOCSTART:
    if (tp->stopped) {
      tp->stopped = false;
      notify(tp, TIOCPKT_START);
      start(tp);
    }
    return 0;
  case TIOCOUTQ:
    *arg = (int)tp->outq->len;
    return 0;
  default:
    return -ENOTTY;
  }
}

/* ^S and ^Q are flow control (rlogin's TIOCPKT_DOSTOP/NOSTOP test). */
static bool flow_control(const struct tty_termios *t)
{
  return (t->c_iflag & TTY_IXON) && t->c_cc[VSTOP] == CTRL('s') &&
         t->c_cc[VSTART] == CTRL('q');
}

int tty_setattr(struct tty *tp, int action, const struct tty_termios *t)
{
  if (action != TCSANOW && action != TCSADRAIN && action != TCSAFLUSH)
    return -EINVAL;
  if (action == TCSAFLUSH)
    tty_flush(tp, TTY_FREAD);
  bool was_canon = tp->t.c_lflag & TTY_ICANON;
  bool was_flow = flow_control(&tp->t);
  tp->t = *t;
  if (was_canon && !(t->c_lflag & TTY_ICANON)) {   /* lines become raw */
    g_byte_array_prepend(tp->rawq, tp->canq->data, tp->canq->len);
    g_byte_array_set_size(tp->canq, 0);
  }
  if (was_flow != flow_control(t))
    notify(tp, flow_control(t) ? TIOCPKT_DOSTOP : TIOCPKT_NOSTOP);
  if (tp->stopped && !(t->c_iflag & TTY_IXON)) {
    tp->stopped = false;
    notify(tp, TIOCPKT_START);
  }
  setwater(tp);
  tty_wakeup(tp);
  start(tp);
  return 0;
}
