/* protocols/tcp_var.h: TCP's connection state (struct tcpcb, 4.4BSD's
 * netinet/tcp_var.h) and the contracts between the TCP files:
 *   tcp_usrreq.c  socket requests (protosw) -> tcp_output / tcp_close
 *   tcp_input.c   ip_input -> tcp_input -> one function per state ->
 *                 tcp_reass -> sbappend / soisconnected / tcp_output
 *   tcp_output.c  what to send now: data, SYN, FIN, ACK, window updates,
 *                 probes; tcp_respond for segments without a tcpcb
 *   tcp_timer.c   the four 4.4BSD timers and delayed ACK, on the 500 ms
 *                 slow and 200 ms fast tick grids, as events
 *   tcp_subr.c    creating, dropping, closing; ISS; MSS; ICMP notify
 *   tcp_cc.c      congestion control of each profile
 * Timers: 4.4BSD counts t_timer[i] down at every slow tick of a host-wide
 * 500 ms clock, polling every connection. Here a timer armed for n ticks
 * is one event at the n-th tick boundary from now (the next boundary
 * counts as the first), which fires at exactly the instant BSD's
 * countdown reaches zero, with no polling; re-arming cancels the event
 * (O(1)). Tick boundaries are multiples of 500 ms (200 ms for the fast
 * tick) from time 0, the same on every host. RTT is measured in slow
 * ticks as BSD does: t_rtt = 1 + the boundaries crossed since timing
 * began. Read RFC 793, RFC 1122 4.2, RFC 5681, RFC 6582 and 4.4BSD-Lite
 * netinet/tcp_*.c. */
#ifndef IPCSIM_TCP_VAR_H
#define IPCSIM_TCP_VAR_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "in.h"
#include "in_pcb.h"
#include "protosw.h"
#include "record.h"
#include "sched.h"
#include "sim_time.h"
#include "tcp.h"
#include "tcp_seq.h"

struct host;
struct inpcb;
struct netif;
struct pbuf;
struct socket;

/* Timers (4.4BSD tcp_timer.h): indices into t_timer. */
#define TCPT_REXMT   0        /* retransmit */
#define TCPT_PERSIST 1        /* zero-window probe */
#define TCPT_KEEP    2        /* keepalive, or connection establishment */
#define TCPT_2MSL    3        /* TIME_WAIT, or FIN_WAIT_2 idle */
#define TCPT_NTIMERS 4

#define TCP_SLOWTICK ((sim_time_t)500 * 1000000)   /* 1 / PR_SLOWHZ */
#define TCP_FASTTICK ((sim_time_t)200 * 1000000)   /* 1 / PR_FASTHZ */

#define TCP_ISSINCR (125 * 1024) /* ISS increment a second (tcp_seq.h) */
#define TCP_REXMTTHRESH 3     /* duplicate ACKs that mean a loss
                                 (4.4BSD tcprexmtthresh) */
#define TCP_MAXIDLE (TCPTV_KEEPCNT * TCPTV_KEEPINTVL) /* tcp_maxidle */

/* t_flags, 4.4BSD's values. */
#define TF_ACKNOW    0x0001   /* send an ACK at once */
#define TF_DELACK    0x0002   /* an ACK is owed: send at the fast tick */
#define TF_NODELAY   0x0004   /* TCP_NODELAY: no Nagle */
#define TF_NOOPT     0x0008   /* send no options */
#define TF_SENTFIN   0x0010   /* a FIN has been sent */
#define TF_REQ_SCALE 0x0020   /* we ask for window scaling (RFC 1323) */
#define TF_RCVD_SCALE 0x0040  /* the peer's SYN asked for it */
#define TF_REQ_TSTMP 0x0080   /* we ask for timestamps (RFC 1323) */
#define TF_RCVD_TSTMP 0x0100  /* the peer's SYN carried one */

/* PAWS: a ts_recent older than 24 days is no longer trusted (4.4BSD
 * tcp_input.c TCP_PAWS_IDLE, RFC 1323 4.2.3), in slow ticks. */
#define TCP_PAWS_IDLE (24 * 24 * 60 * 60 * PR_SLOWHZ)

/* t_oobflags */
#define TCPOOB_HAVEDATA 0x01  /* t_iobc holds the urgent byte */
#define TCPOOB_HADDATA  0x02  /* the urgent byte was read */

/* Profiles: which TCP a host runs (host{ tcp = ... }). */
enum tcp_profile {
  TCP_PROFILE_42BSD,          /* no congestion control, 4.2BSD timers */
  TCP_PROFILE_TAHOE,          /* slow start, congestion avoidance, fast
                                 retransmit, cwnd to 1 segment */
  TCP_PROFILE_RENO,           /* "4.4bsd", the default: + fast recovery */
  TCP_PROFILE_NEWRENO,        /* + partial ACKs (RFC 6582) */
};

/* Out-of-order segments waiting in the reassembly queue. */
struct tcp_qent {
  tcp_seq seq;                /* first byte */
  uint32_t len;               /* bytes */
  bool fin;                   /* FIN after the last byte */
  struct pbuf *data;          /* the bytes */
};

struct tcpcb {
  struct inpcb *inp;          /* addresses; inp->owner is the socket */
  struct host *host;          /* where it lives */
  enum tcp_profile profile;   /* the host's TCP */
  int state;                  /* TCPS_* */
  int flags;                  /* TF_* */

  /* timers */
  int t_timer[TCPT_NTIMERS];  /* ticks left when armed, 0 off (as BSD;
                                 kept for reports, the events rule) */
  sched_event_id t_ev[TCPT_NTIMERS]; /* pending timer events, 0 none */
  sched_event_id delack_ev;   /* pending fast-tick event, 0 none */
  int t_rxtshift;             /* log2 of the retransmit backoff */
  int t_rxtcur;               /* current retransmit value, ticks */
  int t_dupacks;              /* consecutive duplicate ACKs */
  int t_maxseg;               /* MSS for sending */
  bool t_force;               /* a persist probe or OOB: send 1 byte */
  int64_t t_idle_tick;        /* slow tick of the last segment received */
  int64_t t_rtt_tick;         /* slow tick timing began, or -1 not timing */
  tcp_seq t_rtseq;            /* sequence number being timed */
  int t_srtt;                 /* smoothed RTT, ticks << TCP_RTT_SHIFT */
  double t_srtt42;            /* "4.2bsd": smoothed RTT, ticks (a float
                                 in 4.2BSD too) */
  int t_rttvar;               /* variance, ticks << TCP_RTTVAR_SHIFT */
  int t_rttmin;               /* least allowable RTO, ticks */
  int t_softerror;            /* last ICMP error (negative errno), 0 */
  int t_keepcnt;              /* keepalive probes sent unanswered */
  bool t_keep_touched;        /* a segment arrived since KEEP was armed:
                                 at expiry it is re-armed from then
                                 (4.4BSD resets it at every segment) */

  /* send sequence space */
  tcp_seq iss;                /* initial send sequence */
  tcp_seq snd_una;            /* oldest unacknowledged */
  tcp_seq snd_nxt;            /* next to send */
  tcp_seq snd_max;            /* highest sent + 1 */
  tcp_seq snd_up;             /* urgent pointer */
  tcp_seq snd_wl1, snd_wl2;   /* segment seq and ack of the last window
                                 update */
  uint32_t snd_wnd;           /* peer's receive window */
  uint32_t max_sndwnd;        /* largest window the peer offered */
  uint32_t snd_cwnd;          /* congestion window, bytes */
  uint32_t snd_ssthresh;      /* slow-start threshold, bytes */
  tcp_seq snd_recover;        /* NewReno: snd_max at the loss */
  bool t_partialack;          /* NewReno: the ACK being processed is
                                 partial (set by tcp_cc_recovery_ack) */
  bool t_recovered;           /* NewReno: the ACK being processed ended
                                 recovery (cwnd set, no growth) */
  uint32_t t_partials;        /* NewReno: partial ACKs in this recovery */
  uint32_t t_bytes_acked;     /* NewReno: bytes acked in congestion
                                 avoidance since cwnd last grew */

  /* receive sequence space */
  tcp_seq irs;                /* initial receive sequence */
  tcp_seq rcv_nxt;            /* next expected */
  uint32_t rcv_wnd;           /* window we offer */
  tcp_seq rcv_adv;            /* rcv_nxt + window advertised */
  tcp_seq rcv_up;             /* urgent pointer received */
  GList *reass;               /* struct tcp_qent *, by seq */

  /* RFC 1323 (tcp_options.c) */
  uint8_t snd_scale;          /* shift of the peer's windows */
  uint8_t rcv_scale;          /* shift of the windows we send */
  uint8_t request_r_scale;    /* the shift we ask for (our SYN) */
  uint8_t requested_s_scale;  /* the shift the peer's SYN asked for */
  uint32_t ts_recent;         /* timestamp to echo, 0 none */
  uint32_t ts_recent_age;     /* tcp_now when ts_recent was taken */
  tcp_seq last_ack_sent;      /* ack field of the last segment sent */

  /* out-of-band */
  int t_oobflags;             /* TCPOOB_* */
  uint8_t t_iobc;             /* the urgent byte */

  /* statistics for tcp_info() and tcp.csv (tcp_record.c) */
  uint64_t rexmt_segs;        /* segments retransmitted */
  uint64_t rexmt_timeouts;    /* retransmit timer expiries */
  uint64_t bytes_acked;       /* data bytes acknowledged */
  uint64_t bytes_rcvd;        /* data bytes taken in order (rcv_nxt
                                 advanced over data) */
};

/* ---- tcp_usrreq.c ---- */

/* The tcpcb of an internet pcb (4.4BSD intotcpcb), or NULL. (A TCP
 * socket's so_pcb is its tcpcb: tcp_usrreq.c.) */
static inline struct tcpcb *intotcpcb(const struct inpcb *inp)
{
  return inp ? (struct tcpcb *)inp->ppcb : NULL;
}

/* The protocol switch entry (tcp_usrreq.c). */
extern const struct protosw tcp_protosw;

/* ---- tcp_subr.c ---- */

/* A new control block for inp on host h, CLOSED, with 4.4BSD's defaults:
 * t_maxseg TCP_MSS, srtt TCPTV_SRTTBASE, rttvar from TCPTV_SRTTDFLT,
 * t_rxtcur from them, cwnd and ssthresh TCP_MAXWIN << TCP_MAX_WINSHIFT,
 * the host's profile. */
struct tcpcb *tcp_newtcpcb(struct host *h, struct inpcb *inp);

/* The deterministic initial send sequence for a new connection on h: a
 * per-host counter advanced as 4.4BSD's tcp_iss is (by TCP_ISSINCR/2 a
 * slow tick, computed from the clock, and TCP_ISSINCR/2 per connection,
 * as tcp_usrreq's connect and tcp_input's LISTEN add), offset by a value
 * drawn from the stream "tcp/<host>/iss" of the run seed. */
tcp_seq tcp_iss(struct tcpcb *tp);

/* The MSS to use toward the peer and to announce (4.4BSD tcp_mss): the
 * outgoing interface's MTU - 40 when the peer is on a directly connected
 * network, else TCP_MSS (512); at most offer (the peer's MSS option, 0
 * if none). Sets t_maxseg and the initial cwnd. Returns the MSS to put in
 * our SYN's option. */
int tcp_mss(struct tcpcb *tp, int offer);

/* Drops the connection with error err (negative errno): sends RST when
 * synchronized, records so_error (ETIMEDOUT replaced by t_softerror when
 * one was recorded, as 4.4BSD), and closes. Returns NULL (tp is gone). */
struct tcpcb *tcp_drop(struct tcpcb *tp, int err);

/* Frees tp: cancels its timers, empties the reassembly queue, detaches
 * the pcb and tells the socket (soisdisconnected). Returns NULL. */
struct tcpcb *tcp_close(struct tcpcb *tp);

/* Sends a segment that belongs to no connection state, as 4.4BSD's
 * tcp_respond: an RST or an ACK with the given seq/ack/flags from the
 * addresses and ports of the segment being answered (swapped). */
void tcp_respond(struct host *h, in_addr32 src, uint16_t sport,
                 in_addr32 dst, uint16_t dport, tcp_seq seq, tcp_seq ack,
                 uint8_t flags);

/* tcp_respond from tp's addresses, with tp's receive window (the
 * keepalive probe, 4.4BSD's tcp_respond with a tcpcb). */
void tcp_respond_tp(struct tcpcb *tp, tcp_seq seq, tcp_seq ack,
                    uint8_t flags);

/* Moves tp to state, tracing "tcp-state OLD->NEW local=... remote=...". */
void tcp_set_state(struct tcpcb *tp, int state);

/* Frees every TCP control block of h at once, without sending anything
 * (host teardown or a crash): timers cancelled, sockets told. */
void tcp_host_free(struct host *h);

/* The socket of tp. */
struct socket *tcp_socket(const struct tcpcb *tp);

/* pr_ctlinput: ICMP errors for connections to info->dst (tcp_notify:
 * soft errors while establishing, so_error on established ones; source
 * quench shrinks cwnd to one segment). */
void tcp_ctlinput(struct host *h, enum prc_cmd cmd,
                  const struct prc_info *info);

/* ---- tcp_output.c ---- */

/* Sends what the state and the windows allow (4.4BSD tcp_output): new
 * data, retransmissions from snd_nxt, SYN/FIN by state, window updates,
 * ACKs owed, a forced byte (persist, OOB). Applies Nagle (unless
 * TF_NODELAY) and sender silly-window avoidance; arms the retransmit or
 * persist timer; starts RTT timing. Returns 0 or ip_output's error (a
 * local ENOBUFS arms the timer as a loss would). */
int tcp_output(struct tcpcb *tp);

/* Arms the persist timer with the backed-off value (tcp_setpersist). */
void tcp_setpersist(struct tcpcb *tp);

/* ---- tcp_input.c ---- */

/* pr_input: a segment arrived (p starts at the IP header of hlen). */
void tcp_input(struct host *h, struct pbuf *p, int hlen, struct netif *ifp);

/* ---- tcp_timer.c ---- */

/* The index of h's last slow tick at or before t (t >= 0), counting
 * from host_clock_origin (with boot 0: t / 500 ms), and the time of the
 * slow tick of index `tick`. */
int64_t tcp_slowtick(const struct host *h, sim_time_t t);
sim_time_t tcp_slowtick_time(const struct host *h, int64_t tick);

/* Arms timer which for `ticks` slow ticks (0 disarms): fires at the
 * ticks-th boundary from now, as BSD's countdown would. */
void tcp_timer_set(struct tcpcb *tp, int which, int ticks);

/* Whether timer which is armed. */
bool tcp_timer_isset(const struct tcpcb *tp, int which);

/* Disarms all four timers and the delayed ACK. */
void tcp_canceltimers(struct tcpcb *tp);

/* A segment arrived: the idle count restarts and the KEEP timer is
 * re-armed to TCPTV_KEEP_IDLE (lazily: see t_keep_touched). */
void tcp_timer_touch(struct tcpcb *tp);

/* Slow ticks the connection has been idle (4.4BSD t_idle): boundaries
 * passed since the last segment arrived. */
int tcp_idle_ticks(const struct tcpcb *tp);

/* Marks an ACK owed (TF_DELACK) and makes sure the fast tick will send
 * it (4.4BSD tcp_fasttimo: at the next 200 ms boundary). */
void tcp_delack(struct tcpcb *tp);

/* 4.4BSD's tcp_now: the slow tick count of the host's clock, for
 * timestamps (here the ticks begun since time 0, so never 0 after it). */
uint32_t tcp_now(const struct tcpcb *tp);

/* Starts RTT timing of seq (4.4BSD: t_rtt = 1, t_rtseq = seq). */
void tcp_rtt_start(struct tcpcb *tp, tcp_seq seq);

/* The RTT measured now in ticks (t_rtt), 0 when not timing. */
int tcp_rtt_ticks(const struct tcpcb *tp);

/* A valid RTT sample of rtt ticks (4.4BSD tcp_xmit_timer: Jacobson's
 * srtt/rttvar update, RTO from them clamped to [t_rttmin,
 * TCPTV_REXMTMAX], t_rxtshift = 0, timing stops). */
void tcp_xmit_timer(struct tcpcb *tp, int rtt);

/* ---- tcp_rtt42.c ---- */

/* The timer constants of a connection's profile, in slow ticks. */
struct tcp_timing {
  int keep_init;              /* connection-establishment limit */
  int keep_idle;              /* idle before the first keepalive probe */
  int keep_intvl;             /* between keepalive probes */
  int maxidle;                /* probing before the drop, and FIN_WAIT_2's
                                 idle limit after close */
  bool fw2_timeout;           /* FIN_WAIT_2 after close times out (4.3BSD
                                 on; 4.2 waited for ever) */
  int maxrxtshift;            /* retransmit timeouts before the drop */
  bool rtt42;                 /* 4.2BSD's estimator and backoff
                                 (tcp42_*), not Jacobson's and Karn's */
};

/* tp's timer constants: 4.4BSD's, or 4.2BSD's for "4.2bsd" (45 s
 * establishment limit and probe interval, drop at 6 min idle, 10
 * retransmissions). */
const struct tcp_timing *tcp_timing(const struct tcpcb *tp);

/* "4.2bsd": srtt starts at 1 s, t_rxtcur at 2 srtt. */
void tcp42_init(struct tcpcb *tp);

/* "4.2bsd": an RTT sample of rtt ticks: srtt = 0.9 srtt + 0.1 rtt,
 * t_rxtcur = 2 srtt in [1 s, 30 s]; timing stops. */
void tcp42_xmit_timer(struct tcpcb *tp, int rtt);

/* "4.2bsd": new data acknowledged and more outstanding: the retransmit
 * value goes back to 2 srtt and the backoff to zero (4.2's ACK path). */
void tcp42_new_ack(struct tcpcb *tp);

/* "4.2bsd": the retransmit timer after the t_rxtshift-th timeout (1..10):
 * srtt in [1 s, 30 s] times backoff42[t_rxtshift - 1], in [1 s, 30 s]. */
int tcp42_backoff(const struct tcpcb *tp);

/* "4.2bsd": the next persist interval, (2 srtt) << t_rxtshift in [5 s,
 * 30 s]; advances t_rxtshift, wrapping at 10 (4.2's tcp_setpersist). */
int tcp42_persist(struct tcpcb *tp);

/* ---- tcp_cc.c ---- */

/* The initial window: one segment (4.4BSD-Lite), or for newreno
 * min(4*SMSS, max(2*SMSS, 4380)) (RFC 5681 3.1 equation 1). */
uint32_t tcp_cc_initial_window(const struct tcpcb *tp);

/* The connection is established: newreno opens cwnd to the initial
 * window, or one segment if the SYN or SYN-ACK was retransmitted (RFC
 * 5681 3.1). Nothing for the other profiles (tcp_mss set cwnd). */
void tcp_cc_established(struct tcpcb *tp);

/* Sending again after an idle time of an RTO or more: cwnd back to one
 * segment (4.4BSD), to min(IW, cwnd) (newreno, RFC 5681 4.1); nothing
 * for 4.2bsd. */
void tcp_cc_after_idle(struct tcpcb *tp);

/* New data acknowledged (acked bytes): open cwnd per the profile (slow
 * start below ssthresh, else +maxseg*maxseg/cwnd + maxseg/8 as 4.4BSD,
 * or +SMSS per cwnd of bytes acked for newreno; nothing for 4.2bsd, nor
 * for the ACK that is partial or ends a NewReno recovery). */
void tcp_cc_ack(struct tcpcb *tp, uint32_t acked);

/* A duplicate ACK: counts it; at the third, fast retransmit (Tahoe,
 * Reno, NewReno) and fast recovery (Reno, NewReno). Returns true when the
 * caller must not process the ACK further (4.4BSD "goto drop"). */
bool tcp_cc_dupack(struct tcpcb *tp);

/* A retransmit timeout (t_rxtshift already advanced): cwnd = 1 segment;
 * ssthresh = max(min(wnd, cwnd)/2, 2 segments) (Tahoe, Reno), or, at the
 * first timeout only, max(FlightSize/2, 2*SMSS) (newreno). Nothing for
 * 4.2bsd. */
void tcp_cc_timeout(struct tcpcb *tp);

/* An ACK of new data arrived (ack > snd_una, before so_snd and snd_una
 * move): ends fast recovery (Reno: cwnd deflates to ssthresh, as 4.4BSD
 * does before opening it; NewReno on a full ACK: RFC 6582 step 3), or,
 * under NewReno, notes a partial ACK (t_partialack; recovery goes on).
 * Resets t_dupacks unless recovery goes on. */
void tcp_cc_recovery_ack(struct tcpcb *tp, tcp_seq ack);

/* For an ACK that leaves data outstanding: true when the retransmit
 * timer must keep running rather than restart (NewReno partial ACKs
 * after the first of a recovery, RFC 6582's Impatient variant). */
bool tcp_cc_keep_rexmt(struct tcpcb *tp);

/* After snd_una moved by acked bytes: for a NewReno partial ACK,
 * retransmits the segment at snd_una, deflates cwnd by acked, adding
 * back one segment if acked is one or more, and sends what the new cwnd
 * allows (RFC 6582 3.2 step 4). Nothing otherwise. */
void tcp_cc_partial_rexmt(struct tcpcb *tp, uint32_t acked);

/* ---- tcp_options.c: RFC 1323 as 4.4BSD-Lite ---- */

/* The timestamp option of a segment being processed. */
struct tcp_ts {
  bool present;               /* the segment carries one we act on */
  uint32_t val;               /* its TSval */
  uint32_t ecr;               /* its TSecr */
};

/* Whether tp's profile does RFC 1323 ("4.4bsd", "newreno"; 4.4BSD's
 * tcp_do_rfc1323): the others neither send nor act on the options. */
bool tcp_rfc1323(const struct tcpcb *tp);

/* A new tcpcb: TF_REQ_SCALE | TF_REQ_TSTMP when tcp_rfc1323 (4.4BSD
 * tcp_newtcpcb). */
void tcp_opt_init(struct tcpcb *tp);

/* request_r_scale: the least shift with TCP_MAXWIN << shift at least the
 * receive buffer, at most TCP_MAX_WINSHIFT (4.4BSD PRU_CONNECT, and
 * tcp_input for a listener's new socket). */
void tcp_request_scale(struct tcpcb *tp);

/* tcp_dooptions: acts on a received segment's options o (flags its TH_*):
 * MSS (a SYN: tcp_mss), window scale (a SYN: TF_RCVD_SCALE and
 * requested_s_scale) and the timestamp (into *ts; a SYN's sets
 * TF_RCVD_TSTMP, ts_recent and its age). Without tcp_rfc1323 only the
 * MSS. A timestamp counts in a SYN, or once both ends agreed. */
void tcp_dooptions(struct tcpcb *tp, const struct tcp_opts *o,
                   uint8_t flags, struct tcp_ts *ts);

/* The connection is established: both scales take effect when both SYNs
 * asked for scaling. */
void tcp_opt_established(struct tcpcb *tp);

/* The window field of a received segment in bytes: shifted by snd_scale,
 * except in a SYN. */
uint32_t tcp_rcvd_window(const struct tcpcb *tp, uint16_t win, uint8_t flags);

/* PAWS (RFC 1323 4.2, 4.4BSD tcp_input): true when a segment (not RST)
 * with timestamp ts older than ts_recent must be dropped (and acked);
 * a ts_recent idle over TCP_PAWS_IDLE is forgotten instead. */
bool tcp_paws_drop(struct tcpcb *tp, const struct tcp_ts *ts, uint8_t flags);

/* Takes ts as ts_recent when the segment [seq, seq + len) (len counting
 * SYN and FIN) covers last_ack_sent (4.4BSD's rule, RFC 1323 4.3). */
void tcp_ts_update(struct tcpcb *tp, const struct tcp_ts *ts, tcp_seq seq,
                   uint32_t len);

/* The RTT sample an echoed timestamp gives, in slow ticks (tcp_now -
 * TSecr + 1, as 4.4BSD), 0 when it gives none. */
int tcp_ts_rtt(const struct tcpcb *tp, const struct tcp_ts *ts);

/* Fills o with the options of a segment with flags going out (4.4BSD
 * tcp_output): MSS (mss) and window scale in a SYN, the timestamp in a
 * SYN asking for it and in every segment once both asked; none with
 * TF_NOOPT, no timestamp in an RST. */
void tcp_opt_output(struct tcpcb *tp, uint8_t flags, int mss,
                    struct tcp_opts *o);

/* The largest window we may offer: TCP_MAXWIN << rcv_scale. */
long tcp_maxwin(const struct tcpcb *tp);

/* ---- tcp_record.c: rows of tcp.csv (call only when SIM_RECORDING) ---- */

struct recorder;

/* A received segment's row, begun before it is processed (so it comes
 * before the rows it causes) and finished after. */
struct tcp_rec_recv {
  struct recorder *rec;       /* where it goes */
  size_t mark;                /* its place in tcp.csv */
  struct tcp_hdr th;          /* the segment's header */
  uint32_t win;               /* its window in bytes (scaled) */
  uint32_t len;               /* its data length */
  uint64_t rcvd_before;       /* bytes_rcvd before it */
  tcp_seq iss, irs;           /* for relative numbers if tp goes */
  struct record_tcp e;        /* the row as it was at arrival */
};

/* A timer, state or drop event of tp (detail: timer or state name). */
void tcp_rec_event(const struct tcpcb *tp, const char *event,
                   const char *detail);

/* A drop with err (negative errno, 0 none). */
void tcp_rec_drop(const struct tcpcb *tp, int err);

/* A segment from faddr (th, len data bytes) to listener's port at laddr,
 * dropped because the listen queue held `queued` connections, the most
 * sonewconn admits being `most` (3/2 of the backlog, plus one): a
 * `listendrop` row of the connection it would have made, on the
 * listener's host, detail "queued/most". */
void tcp_rec_listendrop(const struct tcpcb *listener, in_addr32 laddr,
                        in_addr32 faddr, const struct tcp_hdr *th,
                        uint32_t len, int queued, int most);

/* A keepalive probe (an ACK of seq, ack) goes out: a `send` row with
 * detail `keepalive`. */
void tcp_rec_keepalive(const struct tcpcb *tp, tcp_seq seq, tcp_seq ack);

/* An RTT sample of rtt slow ticks, after the estimator took it. */
void tcp_rec_rtt(const struct tcpcb *tp, int rtt);

/* A segment th with len data bytes goes out; snd_max_before is snd_max
 * before it (a retransmission starts below it). */
void tcp_rec_send(const struct tcpcb *tp, const struct tcp_hdr *th,
                  uint32_t len, tcp_seq snd_max_before);

/* Starts the row of a segment arriving for tp; finish it with
 * tcp_rec_recv_end once processed (tp then, or NULL if it is gone). */
void tcp_rec_recv_begin(const struct tcpcb *tp, const struct tcp_hdr *th,
                        uint32_t len, struct tcp_rec_recv *rr);
void tcp_rec_recv_end(struct tcp_rec_recv *rr, const struct tcpcb *tp);

#endif
