/* protocols/tcp_record.c: TCP's rows of tcp.csv (sim/record/record.h,
 * docs/results.md): turns a tcpcb and a segment into a struct record_tcp
 * with the sender's state, sequence numbers relative to the ISS (ours on
 * send, the peer's on recv), and the estimator in ms (4.4BSD's fixed
 * point: srtt in ticks << 3, rttvar << 2; 4.2bsd's float srtt). Callers
 * check SIM_RECORDING first; nothing here changes the connection. */
#include "tcp_var.h"
#include "bsderr.h"
#include "host.h"
#include "in_pcb.h"
#include "record.h"
#include "socketvar.h"
#include "sim.h"

#include <string.h>

#define TICK_MS 500.0         /* one slow tick */

static struct recorder *rec_of(const struct tcpcb *tp)
{
  return tp->host->sim->rec;
}

/* The sender-state columns and the connection's id of tp. */
static void fill(const struct tcpcb *tp, struct record_tcp *e,
                 const char *event, const char *detail)
{
  const struct inpcb *inp = tp->inp;
  *e = (struct record_tcp){
    .host = tp->host->name, .laddr = inp->laddr, .faddr = inp->faddr,
    .lport = inp->lport, .fport = inp->fport, .event = event,
    .detail = detail, .state = tcp_state_name(tp->state),
    .snd_una = tp->snd_una - tp->iss, .snd_nxt = tp->snd_nxt - tp->iss,
    .snd_max = tp->snd_max - tp->iss, .cwnd = tp->snd_cwnd,
    .ssthresh = tp->snd_ssthresh, .snd_wnd = tp->snd_wnd,
    .rto_ms = tp->t_rxtcur * TICK_MS, .rtt_ms = -1, .shift = tp->t_rxtshift,
    .sock = tcp_socket(tp),
  };
  if (tcp_timing(tp)->rtt42) {
    e->srtt_ms = tp->t_srtt42 * TICK_MS;
    e->rttvar_ms = -1;
  } else {
    e->srtt_ms = tp->t_srtt * TICK_MS / (1 << TCP_RTT_SHIFT);
    e->rttvar_ms = tp->t_rttvar * TICK_MS / (1 << TCP_RTTVAR_SHIFT);
  }
}

void tcp_rec_event(const struct tcpcb *tp, const char *event,
                   const char *detail)
{
  struct record_tcp e;
  fill(tp, &e, event, detail);
  e.timeout = detail && strcmp(event, "timer") == 0 &&
              strcmp(detail, "rexmt") == 0;
  record_tcp(rec_of(tp), &e);
}

void tcp_rec_drop(const struct tcpcb *tp, int err)
{
  const struct bsderr *b = err ? bsderr_lookup(err) : NULL;
  tcp_rec_event(tp, "drop", b ? b->name : NULL);
}

void tcp_rec_listendrop(const struct tcpcb *listener, in_addr32 laddr,
                        in_addr32 faddr, const struct tcp_hdr *th,
                        uint32_t len, int queued, int most)
{
  struct record_tcp e;
  char detail[32];
  g_snprintf(detail, sizeof detail, "%d/%d", queued, most);
  fill(listener, &e, "listendrop", detail);
  e.laddr = laddr, e.faddr = faddr;
  e.lport = th->dport, e.fport = th->sport;
  e.sock = NULL;
  e.seg = true;
  e.flags = th->flags;
  e.seq = 0, e.ack = 0;       /* no ISS to be relative to */
  e.len = len;
  e.win = th->win;
  record_tcp(rec_of(listener), &e);
}

void tcp_rec_keepalive(const struct tcpcb *tp, tcp_seq seq, tcp_seq ack)
{
  struct record_tcp e;
  long win = sbspace(&tcp_socket(tp)->so_rcv);
  fill(tp, &e, "send", "keepalive");
  e.seg = true;
  e.flags = TH_ACK;
  e.seq = seq - tp->iss;
  e.ack = ack - tp->irs;
  e.len = 0;
  e.win = (uint32_t)CLAMP(win, 0, tcp_maxwin(tp)) >> tp->rcv_scale
          << tp->rcv_scale;
  record_tcp(rec_of(tp), &e);
}

void tcp_rec_rtt(const struct tcpcb *tp, int rtt)
{
  struct record_tcp e;
  fill(tp, &e, "rtt", NULL);
  e.rtt_ms = rtt * TICK_MS;
  record_tcp(rec_of(tp), &e);
}

void tcp_rec_send(const struct tcpcb *tp, const struct tcp_hdr *th,
                  uint32_t len, tcp_seq snd_max_before)
{
  struct record_tcp e;
  bool counts = len || (th->flags & (TH_SYN | TH_FIN));
  bool rexmit = counts && SEQ_LT(th->seq, snd_max_before);
  fill(tp, &e, "send", rexmit ? "rexmit" : NULL);
  e.seg = true;
  e.flags = th->flags;
  e.seq = th->seq - tp->iss;
  e.len = len;
  e.ack = th->ack - tp->irs;
  e.win = (th->flags & TH_SYN) ? th->win
                                : (uint32_t)th->win << tp->rcv_scale;
  e.rexmit = rexmit && len;
  e.sent_new = rexmit ? 0 : len;
  record_tcp(rec_of(tp), &e);
}

void tcp_rec_recv_begin(const struct tcpcb *tp, const struct tcp_hdr *th,
                        uint32_t len, struct tcp_rec_recv *rr)
{
  rr->rec = rec_of(tp);
  rr->mark = record_tcp_mark(rr->rec);
  rr->th = *th;
  rr->win = tcp_rcvd_window(tp, th->win, th->flags);
  rr->len = len;
  rr->rcvd_before = tp->bytes_rcvd;
  fill(tp, &rr->e, "recv", NULL);
  rr->iss = tp->iss;
  rr->irs = tp->state >= TCPS_SYN_RECEIVED ? tp->irs : th->seq;
}

void tcp_rec_recv_end(struct tcp_rec_recv *rr, const struct tcpcb *tp)
{
  struct record_tcp e = rr->e;
  tcp_seq iss = rr->iss, irs = rr->irs;
  if (tp) {
    fill(tp, &e, "recv", NULL);
    iss = tp->iss;
    irs = tp->irs;
    e.delivered = tp->bytes_rcvd - rr->rcvd_before;
  } else
    e.state = tcp_state_name(TCPS_CLOSED);
  e.seg = true;
  e.flags = rr->th.flags;
  e.seq = rr->th.seq - irs;
  e.len = rr->len;
  e.ack = rr->th.ack - iss;
  e.win = rr->win;
  record_tcp_at(rr->rec, rr->mark, &e);
}
