/* hosts/tests/test_tty.c: the line discipline (hosts/tty.c) over a fake
 * device that records what it is told, and the pty pair (tty_pty.c) in
 * packet mode, with no Lua and no process running: characters go in with
 * tty_input, output comes out of tty_take_output or the master's read.
 * Each test asserts the exact bytes. Read: 4.4BSD kern/tty.c. */
#include <errno.h>
#include <string.h>
#include <glib.h>

#include "fdtab.h"
#include "host.h"
#include "proc.h"
#include "tty.h"
#include "tty_pty.h"

struct fake {
  int starts;                 /* start() calls */
  int pkt;                    /* notify() bits, or'ed */
};

static void fake_start(struct tty *tp) { ((struct fake *)tp->dev)->starts++; }
static void fake_notify(struct tty *tp, int pkt)
{
  ((struct fake *)tp->dev)->pkt |= pkt;
}
static const struct tty_ops fake_ops = { fake_start, fake_notify, NULL };

struct rig {
  struct sim *sim;
  struct host *h;
  struct fake dev;
  struct tty *tp;
};

static void rig_init(struct rig *r)
{
  r->sim = sim_new(1);
  r->h = host_new(r->sim, "h", NULL);
  memset(&r->dev, 0, sizeof r->dev);
  r->tp = tty_new(r->h, "/dev/fake", &fake_ops, &r->dev);
  r->tp->carrier = true;
}

static void rig_free(struct rig *r)
{
  tty_free(r->tp);
  host_free(r->h);
  sim_free(r->sim);
}

static void type(struct tty *tp, const char *s)
{
  while (*s)
    tty_input(tp, (uint8_t)*s++);
}

/* All output so far, as a string (to g_free). */
static char *output(struct tty *tp)
{
  uint8_t buf[4096];
  size_t n = tty_take_output(tp, buf, sizeof buf - 1);
  buf[n] = 0;
  return g_strdup((char *)buf);
}

static char *readall(struct tty *tp)
{
  char buf[256];
  const void *wchan;
  long n = tty_read(tp, buf, sizeof buf - 1, false, &wchan);
  if (n < 0)
    return g_strdup_printf("err %ld", n);
  buf[n] = 0;
  return g_strdup(buf);
}

static void test_canonical(void)
{
  struct rig r;
  rig_init(&r);
  type(r.tp, "helo\177lo");
  char *s = readall(r.tp);
  char *want = g_strdup_printf("err %d", -EWOULDBLOCK); /* no line yet */
  g_assert_cmpstr(s, ==, want);
  g_free(want);
  g_free(s);
  type(r.tp, "\r");
  s = readall(r.tp);
  g_assert_cmpstr(s, ==, "hello\n");           /* ICRNL */
  g_free(s);
  s = output(r.tp);
  g_assert_cmpstr(s, ==, "helo\b \blo\r\n");   /* ECHOE, ONLCR */
  g_free(s);
  type(r.tp, "junk\025ok\n\004");
  s = readall(r.tp);
  g_assert_cmpstr(s, ==, "ok\n");
  g_free(s);
  s = readall(r.tp);
  g_assert_cmpstr(s, ==, "");                  /* ^D alone: end of file */
  g_free(s);
  g_assert_cmpint(r.dev.starts, >, 0);
  rig_free(&r);
}

static void test_raw_and_flow(void)
{
  struct rig r;
  rig_init(&r);
  struct tty_termios t = r.tp->t;
  t.c_lflag &= ~(TTY_ICANON | TTY_ECHO);
  g_assert_cmpint(tty_setattr(r.tp, TCSANOW, &t), ==, 0);
  g_assert_cmpint(tty_setattr(r.tp, 9, &t), ==, -EINVAL);
  type(r.tp, "ab");
  char *s = readall(r.tp);
  g_assert_cmpstr(s, ==, "ab");
  g_free(s);
  /* ^S stops output (STOP to a pty), ^Q starts it */
  const void *wchan;
  g_assert_cmpint(tty_write(r.tp, "x\ty", 3, false, &wchan), ==, 3);
  type(r.tp, "\023");
  g_assert_true(r.tp->stopped);
  g_assert_cmpint(r.dev.pkt, ==, TIOCPKT_STOP);
  s = output(r.tp);
  g_assert_cmpstr(s, ==, "");
  g_free(s);
  type(r.tp, "\021");
  s = output(r.tp);
  g_assert_cmpstr(s, ==, "x       y");         /* OXTABS */
  g_free(s);
  g_assert_cmpint(r.dev.pkt, ==, TIOCPKT_STOP | TIOCPKT_START);
  rig_free(&r);
}

static void test_interrupt_flushes(void)
{
  struct rig r;
  rig_init(&r);
  const void *wchan;
  tty_write(r.tp, "yyyy", 4, false, &wchan);
  type(r.tp, "partial\003");
  char *s = output(r.tp);
  g_assert_cmpstr(s, ==, "^C");                /* flushed, then echoed */
  g_free(s);
  g_assert_cmpint(r.dev.pkt, ==, TIOCPKT_FLUSHREAD | TIOCPKT_FLUSHWRITE);
  g_assert_cmpuint(r.tp->rawq->len, ==, 0);
  /* NOFLSH keeps the queues */
  r.tp->t.c_lflag |= TTY_NOFLSH;
  r.dev.pkt = 0;
  type(r.tp, "k\034");
  g_assert_cmpint(r.dev.pkt, ==, 0);
  g_assert_cmpuint(r.tp->rawq->len, ==, 1);
  rig_free(&r);
}

static void test_hiwat(void)
{
  struct rig r;
  rig_init(&r);
  char big[2000];
  memset(big, 'y', sizeof big);
  const void *wchan;
  long n = tty_write(r.tp, big, sizeof big, false, &wchan);
  g_assert_cmpint(n, ==, r.tp->hiwat);         /* 1024 at 9600 b/s */
  g_assert_cmpint(r.tp->hiwat, ==, 1024);
  g_assert_true(wchan == r.tp->outq);
  n = tty_write(r.tp, big, 1, false, &wchan);
  g_assert_cmpint(n, ==, -EWOULDBLOCK);
  n = tty_write(r.tp, big, 1, true, &wchan);
  g_assert_cmpint(n, ==, -EWOULDBLOCK);
  g_assert_null(wchan);                        /* non-blocking */
  r.tp->carrier = false;
  g_assert_cmpint(tty_write(r.tp, big, 1, false, &wchan), ==, -EIO);
  rig_free(&r);
}

static void test_pty_packet(void)
{
  struct sim *sim = sim_new(1);
  struct host *h = host_new(sim, "h", NULL);
  struct pty *pt = pty_new(h, 0);
  struct file *m, *s, *m2;
  g_assert_cmpint(pty_open_slave(pt, &s), ==, -EIO);
  g_assert_cmpint(pty_open_master(pt, &m), ==, 0);
  g_assert_cmpint(pty_open_master(pt, &m2), ==, -EIO);
  g_assert_cmpint(pty_open_slave(pt, &s), ==, 0);
  int on = 1;
  g_assert_cmpint(m->ops->ioctl(m, TIOCPKT, &on), ==, 0);
  const void *wchan;
  s->ops->write(s, "hi\n", 3, &wchan);
  char buf[64];
  long n = m->ops->read(m, buf, sizeof buf, &wchan);
  g_assert_cmpint(n, ==, 5);
  g_assert_cmpmem(buf, 5, "\0hi\r\n", 5);
  m->ops->write(m, "\003", 1, &wchan);         /* ^C: flush both */
  n = m->ops->read(m, buf, sizeof buf, &wchan);
  g_assert_cmpint(n, ==, 1);
  g_assert_cmpint(buf[0], ==, TIOCPKT_FLUSHREAD | TIOCPKT_FLUSHWRITE);
  n = m->ops->read(m, buf, sizeof buf, &wchan);
  g_assert_cmpmem(buf, n, "\0^C", 3);
  n = m->ops->read(m, buf, sizeof buf, &wchan);
  g_assert_cmpint(n, ==, -EWOULDBLOCK);
  g_assert_true(wchan == pt);
  char name[16];
  pty_name(17, false, name);
  g_assert_cmpstr(name, ==, "/dev/ptyq1");
  pty_name(17, true, name);
  g_assert_cmpstr(name, ==, "/dev/ttyq1");
  file_unref(m);
  n = s->ops->read(s, buf, sizeof buf, &wchan);
  g_assert_cmpint(n, ==, 0);                   /* hung up: end of file */
  file_unref(s);
  pty_free(pt);
  host_free(h);
  sim_free(sim);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/tty/canonical", test_canonical);
  g_test_add_func("/tty/raw-and-flow", test_raw_and_flow);
  g_test_add_func("/tty/interrupt-flushes", test_interrupt_flushes);
  g_test_add_func("/tty/hiwat", test_hiwat);
  g_test_add_func("/tty/pty-packet", test_pty_packet);
  return g_test_run();
}
