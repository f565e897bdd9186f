/* hosts/tty_compat.c: 4.3BSD's sgttyb (TIOCGETP, TIOCSETP) on 4.4BSD's
 * termios, as COMPAT_43 does: RAW is no ICANON, ISIG, IEXTEN, OPOST and
 * no input processing but IXOFF; CBREAK is no ICANON; CRMOD is ICRNL and
 * ONLCR; ECHO is ECHO; XTABS is OXTABS. Speeds are the B* codes. Read:
 * 4.4BSD kern/tty_compat.c (ttcompatgetflags, ttcompatsetflags). */
#include "tty.h"
#include "fdtab.h"
#include "proc.h"

#include <errno.h>

static const int speeds[] = {  /* B0 .. B38400 */
  0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600,
  19200, 38400,
};

/* The B* code of a speed: the highest not above it. */
static int code(int speed)
{
  int c = 0;
  for (int i = 0; i < (int)G_N_ELEMENTS(speeds); i++)
    if (speeds[i] <= speed)
      c = i;
  return c;
}

static int speed_of(int c)
{
  return speeds[CLAMP(c, 0, (int)G_N_ELEMENTS(speeds) - 1)];
}

void tty_getp(const struct tty *tp, struct tty_sgttyb *sg)
{
  const struct tty_termios *t = &tp->t;
  int f = 0;
  if (t->c_lflag & TTY_ECHO)
    f |= SG_ECHO;
  if ((t->c_iflag & TTY_ICRNL) || (t->c_oflag & TTY_ONLCR))
    f |= SG_CRMOD;
  if (t->c_oflag & TTY_OXTABS)
    f |= SG_XTABS;
  if (!(t->c_lflag & TTY_ICANON))
    f |= (t->c_iflag & TTY_IXON) || (t->c_lflag & (TTY_ISIG | TTY_IEXTEN))
         ? SG_CBREAK : SG_RAW;
  *sg = (struct tty_sgttyb){ code(t->c_ispeed), code(t->c_ospeed),
                             t->c_cc[VERASE], t->c_cc[VKILL], f };
}

void tty_setp(struct tty *tp, const struct tty_sgttyb *sg)
{
  struct tty_termios t = tp->t;
  int f = sg->sg_flags;
  if (f & SG_RAW) {
    t.c_iflag &= TTY_IXOFF;
    t.c_oflag &= ~TTY_OPOST;
    t.c_lflag &= ~(TTY_ISIG | TTY_ICANON | TTY_IEXTEN);
  } else {
    t.c_iflag |= TTY_BRKINT | TTY_IXON | TTY_IMAXBEL;
    t.c_oflag |= TTY_OPOST;
    t.c_lflag |= TTY_ISIG | TTY_IEXTEN;
    if (f & SG_CBREAK)
      t.c_lflag &= ~TTY_ICANON;
    else
      t.c_lflag |= TTY_ICANON;
  }
  if (f & SG_CRMOD) {
    t.c_iflag |= TTY_ICRNL;
    t.c_oflag |= TTY_ONLCR;
  } else {
    t.c_iflag &= ~TTY_ICRNL;
    t.c_oflag &= ~TTY_ONLCR;
  }
  t.c_oflag = (f & SG_XTABS) ? t.c_oflag | TTY_OXTABS
                             : t.c_oflag & ~TTY_OXTABS;
  t.c_lflag = (f & SG_ECHO) ? t.c_lflag | TTY_ECHO : t.c_lflag & ~TTY_ECHO;
  t.c_cc[VERASE] = (uint8_t)sg->sg_erase;
  t.c_cc[VKILL] = (uint8_t)sg->sg_kill;
  t.c_ispeed = speed_of(sg->sg_ispeed);
  t.c_ospeed = speed_of(sg->sg_ospeed);
  tty_setattr(tp, TCSANOW, &t);
}

int sys_gtty(struct proc *p, int fd, struct tty_sgttyb *sg)
{
  struct file *fp = fdtab_get(p->fd, fd);
  struct tty *tp = fp ? tty_of_file(fp) : NULL;
  if (!tp)
    return fp ? -ENOTTY : -EBADF;
  tty_getp(tp, sg);
  return 0;
}

int sys_stty(struct proc *p, int fd, const struct tty_sgttyb *sg)
{
  struct file *fp = fdtab_get(p->fd, fd);
  struct tty *tp = fp ? tty_of_file(fp) : NULL;
  if (!tp)
    return fp ? -ENOTTY : -EBADF;
  tty_setp(tp, sg);
  return 0;
}
