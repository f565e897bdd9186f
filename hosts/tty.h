/* hosts/tty.h: terminals: 4.4BSD's line discipline (termios) over a
 * device. The discipline turns typed characters into input (canonical
 * lines with erase and kill, or raw/cbreak bytes), echoes, raises SIGINT
 * and SIGQUIT in the foreground process group, stops and starts output
 * (^S/^Q), discards it (^O) and flushes (TIOCFLUSH); written output is
 * processed (ONLCR, tab expansion) into the output queue, which the device
 * drains: a terminal at its line speed (tty_term.c) or a pty master's
 * reads (tty_pty.c). A tty is also a process's controlling terminal.
 * The 4.4BSD kernel speaks termios (TIOCGETA/TIOCSETA); the 4.3BSD sgttyb
 * of TIOCGETP/TIOCSETP is translated to and from it, as COMPAT_43's
 * tty_compat.c does (the primer's pty code sets RAW that way).
 * Nothing here knows Lua. Read: 4.4BSD kern/tty.c (ttyinput, ttyoutput,
 * ttread, ttwrite, ttyflush, ttioctl, ttsetwater), sys/termios.h. */
#ifndef IPCSIM_TTY_H
#define IPCSIM_TTY_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "file.h"
#include "ttycom.h"

struct host;
struct proc;
struct tty;

struct tty_termios {
  uint32_t c_iflag;           /* input modes (TTY_ICRNL, TTY_IXON, ...) */
  uint32_t c_oflag;           /* output modes (TTY_OPOST, TTY_ONLCR) */
  uint32_t c_cflag;           /* control modes (kept, not used) */
  uint32_t c_lflag;           /* local modes (TTY_ICANON, TTY_ECHO, ...) */
  uint8_t c_cc[NCCS];         /* control characters (VINTR, ...) */
  int32_t c_ispeed, c_ospeed; /* bits per second */
};

/* The device under a tty. */
struct tty_ops {
  /* Output waits in the output queue and is not stopped. */
  void (*start)(struct tty *tp);
  /* A pty in packet mode hears these TIOCPKT_* bits (flushes, stop and
   * start, flow control on or off); NULL for others. */
  void (*notify)(struct tty *tp, int pkt);
  /* tty_free is freeing tp: free the device's state (may be NULL). */
  void (*free)(struct tty *tp);
};

struct tty {
  struct host *host;          /* whose */
  char *name;                 /* "/dev/ttyp0" */
  struct tty_termios t;       /* the modes */
  GByteArray *rawq;           /* input not yet a whole line (raw: all) */
  GByteArray *canq;           /* whole lines, ready to read (canonical) */
  GByteArray *outq;           /* output waiting for the device */
  int hiwat, lowat;           /* output queue marks (ttsetwater) */
  int column;                 /* output column, for tabs and erase */
  int pgrp;                   /* foreground process group, 0: none */
  int sid;                    /* pid of the session leader whose
                                 controlling terminal it is, 0: none */
  bool stopped;               /* output stopped by ^S (TS_TTSTOP) */
  bool async;                 /* FIOASYNC: SIGIO to pgrp on input */
  bool carrier;               /* the device is there (a pty's master is
                                 open); lost: reads give EOF */
  int opens;                  /* open files of this tty */
  const struct tty_ops *ops;  /* the device */
  void *dev;                  /* its state */
};

#define TTYHOG 1024           /* 4.4BSD: input held at most */

/* A new tty on h named name, with the default modes (TTYDEF_*: canonical,
 * echo, signals, ^S/^Q, 9600 b/s), for device ops/dev. */
struct tty *tty_new(struct host *h, const char *name,
                    const struct tty_ops *ops, void *dev);
void tty_free(struct tty *tp);

/* Resets modes and queues to their defaults (first open). */
void tty_reset(struct tty *tp);

/* One character from the device (typed, or written to a pty master):
 * the line discipline (4.4BSD ttyinput). */
void tty_input(struct tty *tp, uint8_t c);

/* Flushes input (TTY_FREAD) and/or output (TTY_FWRITE), telling a pty. */
void tty_flush(struct tty *tp, int rw);

/* Up to max bytes of output for the device (none while stopped); wakes
 * writers when the queue drops to the low-water mark. */
size_t tty_take_output(struct tty *tp, uint8_t *buf, size_t max);

/* The device is gone (a pty master closed): SIGHUP to the session
 * leader, queues flushed, readers see end of file. */
void tty_hangup(struct tty *tp);

/* What the file ops of a tty do (4.4BSD ttread, ttwrite, ttioctl,
 * ttselect). read/write may return -EWOULDBLOCK with *wchan (NULL when
 * nonblock). ioctl: FIONREAD, FIONBIO, FIOASYNC, TIOCSPGRP (-EPERM when
 * no process is in the group), TIOCGPGRP, TIOCFLUSH, TIOCSTOP,
 * TIOCSTART, TIOCOUTQ; others -ENOTTY. */
long tty_read(struct tty *tp, void *buf, size_t len, bool nonblock,
              const void **wchan);
long tty_write(struct tty *tp, const void *buf, size_t len, bool nonblock,
               const void **wchan);
int tty_ioctl(struct tty *tp, unsigned long cmd, int *arg);
bool tty_select(struct tty *tp, int which);

/* tcsetattr: TCSANOW, TCSADRAIN (as now: no wait), TCSAFLUSH (input
 * flushed). -EINVAL for another action. */
int tty_setattr(struct tty *tp, int action, const struct tty_termios *t);

/* 4.3BSD's struct sgttyb (sys/ioctl_compat.h). */
struct tty_sgttyb {
  int sg_ispeed, sg_ospeed;   /* B0..B38400 codes: 13 is B9600 */
  int sg_erase, sg_kill;      /* the erase and kill characters */
  int sg_flags;               /* SG_RAW, SG_CBREAK, SG_ECHO, SG_CRMOD, SG_XTABS */
};

/* TIOCGETP, TIOCSETP: the modes as an sgttyb (tty_compat.c's
 * ttcompatgetflags, ttcompatsetflags). */
void tty_getp(const struct tty *tp, struct tty_sgttyb *sg);
void tty_setp(struct tty *tp, const struct tty_sgttyb *sg);

/* gtty/stty: TIOCGETP, TIOCSETP on descriptor fd (-EBADF, -ENOTTY). */
int sys_gtty(struct proc *p, int fd, struct tty_sgttyb *sg);
int sys_stty(struct proc *p, int fd, const struct tty_sgttyb *sg);

/* Wakes whoever waits on tp: readers, writers, select. */
void tty_wakeup(struct tty *tp);

/* ---- devices and descriptors (tty_dev.c) ---- */

/* The tty behind an open file (a terminal, a pty slave or master), or
 * NULL. */
struct tty *tty_of_file(const struct file *fp);

/* A new open file of tp (read and write), one more open. */
struct file *tty_file(struct tty *tp);

/* /dev's character devices of h: made on the first use of a path under
 * /dev (the ptys: /dev/ptyp0../dev/ptyqf and /dev/ttyp0../dev/ttyqf, 32
 * pairs as 4.4BSD's default; and /dev/tty). Idempotent. */
void tty_host_init(struct host *h);
void tty_host_free(struct host *h);

/* open() of a device node: a new open file in *fpp, or -EIO (a pty
 * master in use, or a slave whose master is closed), -ENXIO (/dev/tty
 * without a controlling terminal). */
int tty_devopen(struct proc *p, uint32_t rdev, struct file **fpp);

/* Makes tp p's controlling terminal, p the leader of its session, and
 * p's group the foreground one (what login does: TIOCSCTTY). */
void tty_setctty(struct proc *p, struct tty *tp);

/* tcgetattr(), tcsetattr() on descriptor fd: -EBADF, -ENOTTY, and
 * tty_setattr's -EINVAL. */
int sys_tcgetattr(struct proc *p, int fd, struct tty_termios *t);
int sys_tcsetattr(struct proc *p, int fd, int action,
                  const struct tty_termios *t);

/* ioctl TIOCSCTTY (tp becomes p's controlling terminal: -EPERM unless p
 * leads its session, has no other one, and no live session holds tp) and
 * TIOCNOTTY (p drops it: -ENOTTY when it is not p's), on fp's tty
 * (-ENOTTY for other files). sys_ioctl calls it. */
int tty_ctty_ioctl(struct proc *p, struct file *fp, unsigned long cmd);

/* Registers a terminal device of h under /dev/<name> (tty_term.c). */
void tty_host_add(struct host *h, struct tty *tp);

#endif
