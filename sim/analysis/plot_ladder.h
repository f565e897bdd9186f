/* sim/analysis/plot_ladder.h: the ladder diagram's model (plot_ladder.c),
 * shared by the gnuplot drawing (plot_ladder_draw.c) and the text one for
 * the dumb format (plot_ladder_text.c). ladder_build turns packets.csv
 * into columns (the hosts) and frames between them; it draws nothing.
 * Internal to plot_*. */
#ifndef IPCSIM_PLOT_LADDER_H
#define IPCSIM_PLOT_LADDER_H

#include "plot_data.h"

/* What kind of frame: its colour and key entry. */
enum lcat {
  LC_DATA,                    /* TCP segment carrying data */
  LC_REXMIT,                  /* TCP segment sent before (data, SYN, FIN) */
  LC_ACK,                     /* TCP without data, SYN, FIN or RST */
  LC_CTL,                     /* TCP SYN, FIN or RST */
  LC_ARP,                     /* ARP request or reply */
  LC_ICMP,                    /* ICMP */
  LC_UDP,                     /* UDP */
  LC_OTHER,                   /* anything else */
  LC_N
};

/* One frame between two columns. */
struct lframe {
  double t0, t1;              /* t_tx, t_tx_end (s) */
  double r0, r1;              /* t_rx, t_rx_end (s); NaN: never arrived */
  double prop;                /* propagation delay (s): r0 - t0, or for a
                                 frame that never arrived that of another
                                 frame on the same hop (0 if none) */
  int from, to;               /* columns */
  enum lcat cat;              /* colour */
  bool labelled;              /* draw its label (only a broadcast's first
                                 copy is labelled) */
  const char *label;          /* packets.csv label (points into pk) */
  const char *fate;           /* packets.csv fate (points into pk) */
};

struct ladder {
  char **hosts;               /* the columns, left to right (NULL-ended) */
  int n;                      /* how many */
  GArray *frames;             /* struct lframe, by t0 */
  struct results_table *pk;            /* packets.csv */
  struct results_table *ev;            /* events.csv, or NULL (older runs) */
  double unit;                /* 1000 (times shown in ms) or 1 (s) */
  const char *unit_name;      /* "ms" or "s" */
};

/* The most frames a ladder shows readably; more get a warning. */
#define LADDER_READABLE 60

/* Reads packets.csv, picks the columns (o->hosts, else the hosts of
 * o->conn or of the first TCP connection, else of the first IP datagram,
 * with the gateways on its path) and the frames between them inside the
 * window. events.csv, when there, lets o->hosts name a host that sent
 * nothing: an ARP request for its address is drawn to it, ending at a
 * cross ("link or host down") while the host is down. False with *err: PLOT_ERROR_NOT_FOUND for a host not in the
 * run, PLOT_ERROR_EMPTY when no frame is left. */
bool ladder_build(const struct plot_opts *o, struct ladder *l, GError **err);

void ladder_clear(struct ladder *l);

/* Where a frame's drawing ends: t_rx_end, or for one that never arrived
 * half its hop ("lost" frames end half-way). */
double ladder_end(const struct lframe *f);

/* Whether the frame was dropped on its way (fate not delivered). */
bool ladder_dropped(const struct lframe *f);

/* Why a frame was dropped, in words: "lost", "queue full", ... */
const char *ladder_cause(const char *fate);

/* The idle gaps to shorten: pairs (start, end) in s, in a GArray of
 * double, where nothing was on the wire for longer than 3 times the
 * longest hop. *keep gets the length each is drawn with. */
GArray *ladder_gaps(const struct ladder *l, double *keep);

/* The whole text ladder (the dumb format). */
GString *ladder_text(const struct plot_opts *o, const struct ladder *l);

#endif
