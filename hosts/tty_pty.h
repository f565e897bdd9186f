/* hosts/tty_pty.h: pseudo-terminals (primer 5.3): NPTY pairs per host,
 * /dev/ptyXY (master) and /dev/ttyXY (slave), X in "pq", Y in
 * "0123456789abcdef", as 4.4BSD names them. What a process writes on the
 * master is typed at the slave's line discipline; what the slave's
 * processes write is read from the master. In packet mode (TIOCPKT) each
 * master read starts with a control byte: TIOCPKT_DATA (0) before data,
 * or alone the TIOCPKT_FLUSHREAD/FLUSHWRITE/STOP/START/NOSTOP/DOSTOP bits
 * of what happened since. A master is opened once at a time (EIO after),
 * a slave only while its master is open (EIO). Read: 4.4BSD
 * kern/tty_pty.c. */
#ifndef IPCSIM_TTY_PTY_H
#define IPCSIM_TTY_PTY_H

#include <stdbool.h>
#include "file.h"

#define NPTY 32               /* 4.4BSD's default count */

struct host;
struct pty;
struct tty;

/* "/dev/ptyp0" (slave false) or "/dev/ttyp0" for pair i into name[16]. */
void pty_name(int i, bool slave, char name[16]);

struct pty *pty_new(struct host *h, int i);
void pty_free(struct pty *pt);

/* open() of the master or the slave: 0 and a new file, or -EIO. */
int pty_open_master(struct pty *pt, struct file **fpp);
int pty_open_slave(struct pty *pt, struct file **fpp);

/* The slave's last open file closed (tp may be any tty: nothing then). */
void pty_slave_closed(struct tty *tp);

/* The slave tty of a master's open file, or NULL for other files. */
struct tty *pty_master_tty(const struct file *fp);

#endif
