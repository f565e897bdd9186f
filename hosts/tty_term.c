/* hosts/tty_term.c: a terminal on a serial line (see tty_term.h). The
 * line sends one character per 10 bit times: an event per character takes
 * it from the output queue and appends it to the screen. Stopped output
 * (^S) leaves the queue as it is until ^Q (tty.c calls start again). */
#include "tty_term.h"
#include "tty.h"
#include "host.h"
#include "proc.h"
#include "sched.h"

struct term {
  struct tty *tty;            /* its line discipline */
  GString *screen;            /* every character shown */
  sched_event_id ev;          /* the character on the line, or 0 */
  sim_time_t char_time;       /* 10 bit times */
  size_t mark;                /* the scripted user's last match */
};

static void term_start(struct tty *tp);

/* The character on the line has arrived: show it, send the next. */
static void on_char(void *a, void *b)
{
  (void)b;
  struct term *t = a;
  t->ev = 0;
  uint8_t c;
  if (tty_take_output(t->tty, &c, 1) == 1) {
    g_string_append_c(t->screen, (char)c);
    proc_wakeup(t->tty->host, t->screen);
  }
  term_start(t->tty);
}

static void term_start(struct tty *tp)
{
  struct term *t = tp->dev;
  if (t->ev || tp->stopped || tp->outq->len == 0)
    return;
  t->ev = sched_after(tp->host->sim->sched, t->char_time, on_char, t, NULL);
}

static void term_free(struct tty *tp)
{
  struct term *t = tp->dev;
  if (t->ev)
    sched_cancel(tp->host->sim->sched, t->ev);
  g_string_free(t->screen, TRUE);
  g_free(t);
}

static const struct tty_ops term_ops = {
  .start = term_start, .free = term_free,
};

struct tty *term_new(struct host *h, const char *name, int speed)
{
  struct term *t = g_new0(struct term, 1);
  char *path = g_strconcat("/dev/", name, NULL);
  t->tty = tty_new(h, path, &term_ops, t);
  g_free(path);
  t->screen = g_string_new(NULL);
  t->char_time = (sim_time_t)(10 * (double)SIM_S / speed + 0.5);
  t->tty->t.c_ispeed = t->tty->t.c_ospeed = speed;
  t->tty->carrier = true;
  tty_host_add(h, t->tty);
  return t->tty;
}

const GString *term_screen(const struct tty *tp)
{
  return ((struct term *)tp->dev)->screen;
}

size_t term_mark(const struct tty *tp)
{
  return ((struct term *)tp->dev)->mark;
}

void term_set_mark(struct tty *tp, size_t mark)
{
  ((struct term *)tp->dev)->mark = mark;
}

const void *term_chan(const struct tty *tp)
{
  return ((struct term *)tp->dev)->screen;
}
