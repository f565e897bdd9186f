/* hosts/tty_term.h: a terminal wired to a host (a serial line and the
 * screen and keyboard at its end), for a scripted user: what the host's
 * processes write leaves the output queue one character per 10 bit times
 * at the line's speed (start and stop bits) and is kept as the screen's
 * text; what the user types goes to the line discipline (tty_input). It
 * is /dev/<name> on the host. Nothing here knows Lua. */
#ifndef IPCSIM_TTY_TERM_H
#define IPCSIM_TTY_TERM_H

#include <glib.h>

struct host;
struct tty;

/* A new terminal /dev/<name> of h at speed bits per second (the tty's
 * c_ospeed too). name is [a-z0-9] only (the caller checks). */
struct tty *term_new(struct host *h, const char *name, int speed);

/* Everything the terminal has shown so far (borrowed). */
const GString *term_screen(const struct tty *tp);

/* The channel a process waiting for new screen output sleeps on. */
const void *term_chan(const struct tty *tp);

/* Where the scripted user's last wait matched (a screen offset; the Lua
 * glue keeps it here, with the screen). */
size_t term_mark(const struct tty *tp);
void term_set_mark(struct tty *tp, size_t mark);

#endif
