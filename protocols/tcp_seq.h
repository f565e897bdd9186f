/* protocols/tcp_seq.h: TCP sequence-number arithmetic modulo 2^32, and the
 * 4.4BSD constants the TCP timers, RTT estimator and state machine use,
 * with 4.4BSD's names and values; each names its 4.4BSD-Lite header
 * (netinet/tcp_seq.h, tcp_timer.h, tcp_var.h, tcp_fsm.h, tcp.h, and
 * sys/protosw.h). Times are in slow-timer ticks (PR_SLOWHZ a second) as
 * there. Not here: the wire format (tcp.h), the control block or any
 * timer code. Read RFC 793 3.3 (sequence numbers), RFC 6298 and
 * Jacobson's "Congestion Avoidance and Control" (the estimator). */
#ifndef IPCSIM_TCP_SEQ_H
#define IPCSIM_TCP_SEQ_H

#include <stdint.h>

typedef uint32_t tcp_seq;                /* a sequence number (tcp.h) */

/* Sequence comparisons with wraparound (tcp_seq.h): a is before b when
 * the 32-bit difference a - b, read as signed, is negative. Two numbers
 * exactly 2^31 apart each compare "before" the other, as in 4.4BSD. */
static inline int SEQ_LT(tcp_seq a, tcp_seq b)
{
  return (int32_t)(a - b) < 0;
}

static inline int SEQ_LEQ(tcp_seq a, tcp_seq b)
{
  return (int32_t)(a - b) <= 0;
}

static inline int SEQ_GT(tcp_seq a, tcp_seq b)
{
  return (int32_t)(a - b) > 0;
}

static inline int SEQ_GEQ(tcp_seq a, tcp_seq b)
{
  return (int32_t)(a - b) >= 0;
}

/* Protocol timer rates. */
#define PR_SLOWHZ 2                     /* slow ticks a second, 500 ms
                                           (sys/protosw.h) */
#define PR_FASTHZ 5                     /* fast ticks a second, 200 ms
                                           (sys/protosw.h) */

/* Timer values, in slow ticks. */
#define TCPTV_MSL       (30 * PR_SLOWHZ)  /* 30 s, max segment lifetime
                                             (tcp_timer.h) */
#define TCPTV_SRTTBASE  0                 /* base RTT: 0, no idea yet
                                             (tcp_timer.h) */
#define TCPTV_SRTTDFLT  (3 * PR_SLOWHZ)   /* 3 s, RTT assumed with no
                                             measurement (tcp_timer.h) */
#define TCPTV_PERSMIN   (5 * PR_SLOWHZ)   /* 5 s, least persist interval
                                             (tcp_timer.h) */
#define TCPTV_PERSMAX   (60 * PR_SLOWHZ)  /* 60 s, most persist interval
                                             (tcp_timer.h) */
#define TCPTV_KEEP_INIT (75 * PR_SLOWHZ)  /* 75 s, connection-establishment
                                             limit (tcp_timer.h) */
#define TCPTV_KEEP_IDLE (120 * 60 * PR_SLOWHZ) /* 2 h, idle before
                                             keepalive probes (tcp_timer.h) */
#define TCPTV_KEEPINTVL (75 * PR_SLOWHZ)  /* 75 s, between keepalive probes
                                             (tcp_timer.h) */
#define TCPTV_KEEPCNT   8                 /* probes before the drop
                                             (tcp_timer.h) */
#define TCPTV_MIN       (1 * PR_SLOWHZ)   /* 1 s, least retransmit timeout
                                             (tcp_timer.h) */
#define TCPTV_REXMTMAX  (64 * PR_SLOWHZ)  /* 64 s, most retransmit timeout
                                             (tcp_timer.h) */
#define TCP_MAXRXTSHIFT 12                /* backoffs before ETIMEDOUT
                                             (tcp_timer.h) */

/* The retransmit backoff multipliers, indexed by the shift 0..12: {1, 2,
 * 4, 8, 16, 32, 64, 64, 64, 64, 64, 64, 64}, summing to 511 (tcp_timer.c,
 * declared in tcp_timer.h). Defined in tcp.c. */
extern const int tcp_backoff[TCP_MAXRXTSHIFT + 1];

/* Segment and window sizes. */
#define TCP_MSS    512                  /* default MSS off-net (tcp.h) */
#define TCP_MAXWIN 65535                /* largest unscaled window (tcp.h) */

/* Fixed-point scales of the smoothed RTT and its mean deviation. */
#define TCP_RTT_SCALE    8              /* srtt multiplier, 3 fraction bits
                                           (tcp_var.h) */
#define TCP_RTT_SHIFT    3              /* srtt shift (tcp_var.h) */
#define TCP_RTTVAR_SCALE 4              /* rttvar multiplier, 2 fraction
                                           bits (tcp_var.h) */
#define TCP_RTTVAR_SHIFT 2              /* rttvar shift (tcp_var.h) */

/* The retransmit timeout in ticks for a scaled srtt and rttvar, srtt/8 +
 * rttvar, that is rtt + 4 * deviation (tcp_var.h TCP_REXMTVAL(tp), taking
 * tp->t_srtt and tp->t_rttvar). Not clamped: see TCPT_RANGESET. */
static inline int TCP_REXMTVAL(int srtt, int rttvar)
{
  return (srtt >> TCP_RTT_SHIFT) + rttvar;
}

/* value forced into [tvmin, tvmax], tested as tcp_timer.h's macro tests
 * it: below tvmin gives tvmin, else above tvmax gives tvmax. Returns the
 * value to store where the macro assigned tv. */
static inline int TCPT_RANGESET(int value, int tvmin, int tvmax)
{
  if (value < tvmin)
    return tvmin;
  if (value > tvmax)
    return tvmax;
  return value;
}

/* Connection states, 4.4BSD's numbering (tcp_fsm.h). */
#define TCPS_CLOSED       0             /* closed */
#define TCPS_LISTEN       1             /* listening for a connection */
#define TCPS_SYN_SENT     2             /* active open, SYN sent */
#define TCPS_SYN_RECEIVED 3             /* SYN sent and received */
#define TCPS_ESTABLISHED  4             /* established */
#define TCPS_CLOSE_WAIT   5             /* FIN received, awaiting close */
#define TCPS_FIN_WAIT_1   6             /* closed, FIN sent */
#define TCPS_CLOSING      7             /* FINs crossed, awaiting ACK */
#define TCPS_LAST_ACK     8             /* FIN received and closed,
                                           awaiting ACK of our FIN */
#define TCPS_FIN_WAIT_2   9             /* closed, our FIN acked */
#define TCPS_TIME_WAIT    10            /* 2 * MSL quiet time */
#define TCP_NSTATES       11            /* number of states (tcp_fsm.h) */

/* The state's name as 4.4BSD's tcpstates[] (tcp_fsm.h) and netstat give
 * it: "CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED",
 * "CLOSE_WAIT", "FIN_WAIT_1", "CLOSING", "LAST_ACK", "FIN_WAIT_2",
 * "TIME_WAIT". A state outside 0..10 is a programmer mistake (gives
 * "?"). Defined in tcp.c. */
const char *tcp_state_name(int state);

#endif
