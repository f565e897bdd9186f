/* protocols/tcp_usrreq.c: TCP's protocol switch entry: what each socket
 * request does to the connection (4.4BSD netinet/tcp_usrreq.c, one
 * function per request instead of the PRU_* switch). connect() binds if
 * needed, picks the ISS, sends the SYN and arms the connection-
 * establishment timer; close() and shutdown() move the state on
 * (tcp_usrclosed) and send a FIN; recv's window updates and MSG_OOB
 * sends go through tcp_output. Not here: the segments themselves
 * (tcp_output.c, tcp_input.c) and the timers (tcp_timer.c). Listed in
 * in_proto.c's inetsw. */
#include "host.h"
#include "in_pcb.h"
#include "ip_var.h"
#include "pbuf.h"
#include "socketvar.h"
#include "tcp_var.h"

#include <errno.h>

#define TCP_SENDSPACE (8 * 1024)    /* 4.4BSD tcp_sendspace */
#define TCP_RECVSPACE (8 * 1024)    /* 4.4BSD tcp_recvspace */
#define TCP_LINGERTIME 120          /* 4.4BSD: linger 2 minutes at most */

/* The socket's control block, or NULL once the connection was dropped
 * (refused, timed out, reset) or closed: 4.4BSD's tcp_usrreq answers
 * EINVAL to every request but PRU_ATTACH then, and each request below
 * checks (NOPCB). */
static struct tcpcb *sototcpcb(const struct socket *so)
{
  return so->so_pcb;
}

#define NOPCB (-EINVAL)

static int tcp_attach(struct socket *so, int proto)
{
  (void)proto;
  if (so->so_pcb)
    return -EISCONN;
  /* A socket from sonewconn already has the listener's buffers. */
  if (so->so_snd.hiwat == 0 || so->so_rcv.hiwat == 0) {
    int err = soreserve(so, TCP_SENDSPACE, TCP_RECVSPACE);
    if (err)
      return err;
  }
  struct inpcb *inp = in_pcballoc(&so->so_host->inet->tcb, so->so_host, so);
  struct tcpcb *tp = tcp_newtcpcb(so->so_host, inp);
  so->so_pcb = tp;
  if ((so->so_options & SO_LINGER) && so->so_linger == 0)
    so->so_linger = TCP_LINGERTIME;
  return 0;
}

/* The user will send no more: the state moves on as 4.4BSD's
 * tcp_usrclosed. Returns tp, or NULL when it was closed. */
static struct tcpcb *usrclosed(struct tcpcb *tp)
{
  switch (tp->state) {
  case TCPS_CLOSED:
  case TCPS_LISTEN:
  case TCPS_SYN_SENT:
    tcp_set_state(tp, TCPS_CLOSED);
    return tcp_close(tp);
  case TCPS_SYN_RECEIVED:
  case TCPS_ESTABLISHED:
    tcp_set_state(tp, TCPS_FIN_WAIT_1);
    break;
  case TCPS_CLOSE_WAIT:
    tcp_set_state(tp, TCPS_LAST_ACK);
    break;
  }
  if (tp->state >= TCPS_FIN_WAIT_2)
    soisdisconnected(tp->inp->owner);
  return tp;
}

/* 4.4BSD tcp_disconnect: close at once before the connection exists,
 * reset on a zero linger, else a graceful FIN. */
static int disconnect(struct tcpcb *tp)
{
  struct socket *so = tp->inp->owner;
  if (tp->state < TCPS_ESTABLISHED) {
    tcp_close(tp);
    return 0;
  }
  if ((so->so_options & SO_LINGER) && so->so_linger == 0) {
    tcp_drop(tp, 0);
    return 0;
  }
  soisdisconnecting(so);
  sbflush(&so->so_rcv);
  if ((tp = usrclosed(tp)))
    tcp_output(tp);
  return 0;
}

static void tcp_detach(struct socket *so)
{
  struct tcpcb *tp = sototcpcb(so);
  if (!tp)
    return;
  if (tp->state > TCPS_LISTEN)
    disconnect(tp);
  else
    tcp_close(tp);
}

static int tcp_bind(struct socket *so, const struct so_addr *nam)
{
  if (!sototcpcb(so))
    return NOPCB;
  return in_pcbbind(sototcpcb(so)->inp, nam, so->so_options & SO_REUSEADDR,
                    so->so_state & SS_PRIV);
}

static int tcp_listen(struct socket *so, int backlog)
{
  (void)backlog;
  struct tcpcb *tp = sototcpcb(so);
  if (!tp)
    return NOPCB;
  if (tp->inp->lport == 0) {
    int err = in_pcbbind(tp->inp, NULL, false, false);
    if (err)
      return err;
  }
  tcp_set_state(tp, TCPS_LISTEN);
  return 0;
}

static int tcp_connect(struct socket *so, const struct so_addr *nam)
{
  struct tcpcb *tp = sototcpcb(so);
  if (!tp)
    return NOPCB;
  struct inpcb *inp = tp->inp;
  int err;
  if (inp->lport == 0 && (err = in_pcbbind(inp, NULL, false, false)))
    return err;
  if ((err = in_pcbconnect(inp, nam)))
    return err;
  soisconnecting(so);
  so->so_host->inet->tcpstat.connattempt++;
  tcp_set_state(tp, TCPS_SYN_SENT);   /* traced, as every change */
  tcp_timer_set(tp, TCPT_KEEP, tcp_timing(tp)->keep_init);
  tp->iss = tcp_iss(tp);
  tp->snd_una = tp->snd_nxt = tp->snd_max = tp->snd_up = tp->iss;
  tcp_request_scale(tp);
  return tcp_output(tp);
}

static int tcp_accept(struct socket *so, struct so_addr *nam)
{
  if (!sototcpcb(so))
    return NOPCB;
  in_setpeeraddr(sototcpcb(so)->inp, nam);
  return 0;
}

static int tcp_disconnect(struct socket *so)
{
  if (!sototcpcb(so))
    return NOPCB;
  return disconnect(sototcpcb(so));
}

static int tcp_shutdown(struct socket *so)
{
  if (!sototcpcb(so))
    return NOPCB;
  socantsendmore(so);
  struct tcpcb *tp = usrclosed(sototcpcb(so));
  return tp ? tcp_output(tp) : 0;
}

static int tcp_rcvd(struct socket *so, int flags)
{
  (void)flags;
  if (!sototcpcb(so))
    return NOPCB;
  return tcp_output(sototcpcb(so));
}

/* MSG_OOB: the urgent pointer marks the end of what is queued, and one
 * byte is forced out even into a closed window (4.4BSD PRU_SENDOOB). */
static int send_oob(struct socket *so, struct tcpcb *tp, struct pbuf *m)
{
  if (sbspace(&so->so_snd) < -512) {
    pbuf_free(m);
    return -ENOBUFS;
  }
  sbappend(&so->so_snd, m);
  tp->snd_up = tp->snd_una + so->so_snd.cc;
  tp->t_force = true;
  int err = tcp_output(tp);
  tp->t_force = false;
  return err;
}

static int tcp_send(struct socket *so, int flags, struct pbuf *m,
                    const struct so_addr *nam)
{
  (void)nam;
  struct tcpcb *tp = sototcpcb(so);
  if (!tp) {
    pbuf_free(m);
    return NOPCB;
  }
  if (flags & MSG_OOB)
    return send_oob(so, tp, m);
  sbappend(&so->so_snd, m);
  return tcp_output(tp);
}

/* recv(MSG_OOB): the urgent byte, as 4.4BSD PRU_RCVOOB. */
static int tcp_rcvoob(struct socket *so, uint8_t *c, int flags)
{
  struct tcpcb *tp = sototcpcb(so);
  if (!tp)
    return NOPCB;
  if ((so->so_oobmark == 0 && !(so->so_state & SS_RCVATMARK)) ||
      (so->so_options & SO_OOBINLINE) || (tp->t_oobflags & TCPOOB_HADDATA))
    return -EINVAL;
  if (!(tp->t_oobflags & TCPOOB_HAVEDATA))
    return -EWOULDBLOCK;
  *c = tp->t_iobc;
  if (!(flags & MSG_PEEK))
    tp->t_oobflags ^= TCPOOB_HAVEDATA | TCPOOB_HADDATA;
  return 0;
}

static void tcp_abort(struct socket *so)
{
  if (sototcpcb(so))
    tcp_drop(sototcpcb(so), -ECONNABORTED);
}

static int tcp_sockaddr(struct socket *so, struct so_addr *nam)
{
  if (!sototcpcb(so))
    return NOPCB;
  in_setsockaddr(sototcpcb(so)->inp, nam);
  return 0;
}

static int tcp_peeraddr(struct socket *so, struct so_addr *nam)
{
  if (!sototcpcb(so))
    return NOPCB;
  in_setpeeraddr(sototcpcb(so)->inp, nam);
  return 0;
}

/* A flag option: reads or sets bit of tp->flags. */
static int flag_option(struct tcpcb *tp, bool set, int bit, int *val)
{
  if (!set)
    *val = (tp->flags & bit) ? 1 : 0;
  else if (*val)
    tp->flags |= bit;
  else
    tp->flags &= ~bit;
  return 0;
}

/* TCP_NODELAY and TCP_MAXSEG (4.4BSD tcp_ctloutput), and TCP_NOOPT
 * (FreeBSD's, setting 4.4BSD's TF_NOOPT: no options in the SYN, so no
 * window scaling or timestamps); IP-level options go to the pcb. */
static int tcp_ctloutput(struct socket *so, bool set, int level,
                         int optname, int *val)
{
  struct tcpcb *tp = sototcpcb(so);
  if (!tp)                    /* dropped: 4.4BSD tcp_ctloutput */
    return -ECONNRESET;
  if (level != IPPROTO_TCP)
    return in_pcbctloutput(tp->inp, set, level, optname, val);
  if (optname == TCP_NODELAY)
    return flag_option(tp, set, TF_NODELAY, val);
  if (optname == TCP_NOOPT)
    return flag_option(tp, set, TF_NOOPT, val);
  if (optname == TCP_MAXSEG) {
    if (!set)
      *val = tp->t_maxseg;
    else if (*val > 0 && *val <= tp->t_maxseg)
      tp->t_maxseg = *val;
    else
      return -EINVAL;
    return 0;
  }
  return -ENOPROTOOPT;
}

const struct protosw tcp_protosw = {
  .pr_type = SOCK_STREAM,
  .pr_domain = AF_INET,
  .pr_protocol = IPPROTO_TCP,
  .pr_flags = PR_CONNREQUIRED | PR_WANTRCVD,
  .pr_name = "tcp",
  .pr_attach = tcp_attach,
  .pr_detach = tcp_detach,
  .pr_bind = tcp_bind,
  .pr_listen = tcp_listen,
  .pr_connect = tcp_connect,
  .pr_accept = tcp_accept,
  .pr_disconnect = tcp_disconnect,
  .pr_shutdown = tcp_shutdown,
  .pr_rcvd = tcp_rcvd,
  .pr_send = tcp_send,
  .pr_rcvoob = tcp_rcvoob,
  .pr_abort = tcp_abort,
  .pr_sockaddr = tcp_sockaddr,
  .pr_peeraddr = tcp_peeraddr,
  .pr_ctloutput = tcp_ctloutput,
  .pr_input = tcp_input,
  .pr_ctlinput = tcp_ctlinput,
};
