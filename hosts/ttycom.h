/* hosts/ttycom.h: the terminal ioctl requests, termios flags and control
 * character indices, with 4.4BSD's values (sys/ttycom.h, sys/termios.h,
 * sys/ttydefaults.h), and fcntl's commands and flags (sys/fcntl.h).
 * Requests encode the argument's size and direction as 4.4BSD's _IOR and
 * _IOW do (0x40000000: the kernel writes it back; 0x80000000: it reads
 * it). Definitions only. */
#ifndef IPCSIM_TTYCOM_H
#define IPCSIM_TTYCOM_H

/* fcntl(2) commands and the flags of F_GETFL/F_SETFL. */
#define F_DUPFD   0           /* a descriptor >= arg for the same file */
#define F_GETFD   1           /* close-on-exec flag (no exec here) */
#define F_SETFD   2
#define F_GETFL   3           /* O_ACCMODE, O_NONBLOCK, O_APPEND, O_ASYNC */
#define F_SETFL   4           /* O_NONBLOCK, O_APPEND, O_ASYNC */
#define F_GETOWN  5           /* SIGIO/SIGURG target: pid, or -pgrp */
#define F_SETOWN  6
#define O_ASYNC   0x0040      /* FASYNC: SIGIO when I/O is possible */
#define FD_CLOEXEC 1

/* Terminal requests. */
#define TIOCGETA  0x402c7413u /* _IOR('t', 19, struct termios) */
#define TIOCSETA  0x802c7414u /* _IOW('t', 20, struct termios): now */
#define TIOCSETAW 0x802c7415u /* _IOW('t', 21, ...): after output drains */
#define TIOCSETAF 0x802c7416u /* _IOW('t', 22, ...): drain, flush input */
#define TIOCGETP  0x40067408u /* _IOR('t', 8, struct sgttyb) (4.3BSD) */
#define TIOCSETP  0x80067409u /* _IOW('t', 9, struct sgttyb) (4.3BSD) */
#define TIOCFLUSH 0x80047410u /* _IOW('t', 16, int): FREAD|FWRITE, 0 both */
#define TIOCSCTTY 0x20007461u /* _IO('t', 97): become the controlling tty */
#define TIOCSTART 0x2000746eu /* _IO('t', 110): as ^Q */
#define TIOCSTOP  0x2000746fu /* _IO('t', 111): as ^S */
#define TIOCPKT   0x80047470u /* _IOW('t', 112, int): pty packet mode */
#define TIOCNOTTY 0x20007471u /* _IO('t', 113): drop the controlling tty */
#define TIOCOUTQ  0x40047473u /* _IOR('t', 115, int): output queued */
#define TIOCSPGRP 0x80047476u /* _IOW('t', 118, int): foreground group */
#define TIOCGPGRP 0x40047477u /* _IOR('t', 119, int) */

/* TIOCFLUSH's argument (sys/fcntl.h FREAD, FWRITE). */
#define TTY_FREAD  1
#define TTY_FWRITE 2

/* What a pty master in packet mode reads first (sys/ttycom.h). */
#define TIOCPKT_DATA       0x00  /* data follows */
#define TIOCPKT_FLUSHREAD  0x01  /* the slave's input was flushed */
#define TIOCPKT_FLUSHWRITE 0x02  /* its output was flushed */
#define TIOCPKT_STOP       0x04  /* output stopped (^S) */
#define TIOCPKT_START      0x08  /* output restarted (^Q) */
#define TIOCPKT_NOSTOP     0x10  /* ^S/^Q no longer flow control */
#define TIOCPKT_DOSTOP     0x20  /* ^S/^Q are flow control again */

/* c_iflag */
#define TTY_BRKINT  0x00000002
#define TTY_ISTRIP  0x00000020
#define TTY_INLCR   0x00000040
#define TTY_IGNCR   0x00000080
#define TTY_ICRNL   0x00000100
#define TTY_IXON    0x00000200
#define TTY_IXOFF   0x00000400
#define TTY_IXANY   0x00000800
#define TTY_IMAXBEL 0x00002000
/* c_oflag */
#define TTY_OPOST   0x00000001
#define TTY_ONLCR   0x00000002
#define TTY_OXTABS  0x00000004
/* c_cflag */
#define TTY_CS8     0x00000300
#define TTY_CREAD   0x00000800
#define TTY_HUPCL   0x00004000
/* c_lflag */
#define TTY_ECHOKE  0x00000001
#define TTY_ECHOE   0x00000002
#define TTY_ECHOK   0x00000004
#define TTY_ECHO    0x00000008
#define TTY_ECHONL  0x00000010
#define TTY_ECHOCTL 0x00000040
#define TTY_ISIG    0x00000080
#define TTY_ICANON  0x00000100
#define TTY_IEXTEN  0x00000400
#define TTY_TOSTOP  0x00400000
#define TTY_FLUSHO  0x00800000
#define TTY_NOFLSH  0x80000000u

/* c_cc indices */
enum {
  VEOF = 0, VEOL = 1, VEOL2 = 2, VERASE = 3, VWERASE = 4, VKILL = 5,
  VREPRINT = 6, VINTR = 8, VQUIT = 9, VSUSP = 10, VDSUSP = 11,
  VSTART = 12, VSTOP = 13, VLNEXT = 14, VDISCARD = 15, VMIN = 16,
  VTIME = 17, VSTATUS = 18, NCCS = 20,
};
#define TTY_VDISABLE 0xff     /* _POSIX_VDISABLE */

/* tcsetattr's actions */
#define TCSANOW   0
#define TCSADRAIN 1
#define TCSAFLUSH 2

/* sgttyb's sg_flags (4.3BSD sys/ioctl_compat.h) */
#define SG_CBREAK 0x02
#define SG_ECHO   0x08
#define SG_CRMOD  0x10
#define SG_RAW    0x20
#define SG_XTABS  0x0c00

#endif
