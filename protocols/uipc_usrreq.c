/* protocols/uipc_usrreq.c: AF_UNIX stream and datagram sockets. A stream
 * connection joins two sockets, each writing straight into the other's
 * receive buffer; flow control moves the reader's queue length out of the
 * writer's send space (and back in pr_rcvd), as 4.4BSD does. A datagram is
 * appended to the receiver's buffer with the sender's name. Names are
 * FS_SOCK nodes of the host's file system: connect looks the path up, so
 * an unlinked name is gone (ENOENT) while a closed socket's name stays
 * until unlinked (ECONNREFUSED, and EADDRINUSE for a new bind). A relative
 * path is taken from "/" (every process's working directory). Access
 * rights (SCM_RIGHTS, uipc_rights.h) ride in the receiver's buffer with
 * the data they were sent with. Not here: 4.4BSD's unp_gc (a socket sent
 * over itself and never received stays open), permission checks. Read:
 * 4.4BSD kern/uipc_usrreq.c. */
#include "uipc_usrreq.h"
#include "fs.h"
#include "host.h"
#include "pbuf.h"
#include "socketvar.h"
#include "uipc_rights.h"

#include <errno.h>
#include <string.h>

struct unpcb {
  struct socket *unp_socket;  /* the socket it serves */
  struct fs_node *unp_vnode;  /* the name bound (a reference), or NULL */
  bool unp_bound;             /* unp_addr is set */
  struct so_addr unp_addr;    /* the name, as given to bind */
  struct unpcb *unp_conn;     /* the peer */
  struct unpcb *unp_refs;     /* datagram: first socket connected to us */
  struct unpcb *unp_nextref;  /* datagram: next in the peer's unp_refs */
  uint32_t unp_cc;            /* stream: so_rcv.cc when last accounted */
};

#define sotounpcb(so) ((struct unpcb *)(so)->so_pcb)

/* The address of an unnamed socket (4.4BSD's sun_noname). */
static void noname(struct so_addr *a)
{
  memset(a, 0, sizeof *a);
  a->family = AF_UNIX;
}

/* The name of unp, or the empty name. */
static void name_of(const struct unpcb *unp, struct so_addr *a)
{
  if (unp && unp->unp_bound)
    *a = unp->unp_addr;
  else
    noname(a);
}

/* path made absolute from "/". */
static char *abs_path(const char *path)
{
  return path[0] == '/' ? g_strdup(path) : g_strconcat("/", path, NULL);
}

/* An empty name names nothing (4.4BSD namei: ENOENT). */
#define EMPTY_NAME(nam) ((nam)->path[0] == '\0')

static int uipc_attach(struct socket *so, int proto)
{
  if (so->so_snd.hiwat == 0 || so->so_rcv.hiwat == 0) {
    int err = so->so_type == SOCK_STREAM
      ? soreserve(so, UNP_STREAM_SPACE, UNP_STREAM_SPACE)
      : soreserve(so, UNP_DGRAM_SENDSPACE, UNP_DGRAM_RECVSPACE);
    if (err)
      return err;
  }
  struct unpcb *unp = g_new0(struct unpcb, 1);
  unp->unp_socket = so;
  so->so_pcb = unp;
  return 0;
}

/* Breaks unp's connection (4.4BSD unp_disconnect). */
static void unp_disconnect(struct unpcb *unp)
{
  struct unpcb *unp2 = unp->unp_conn;
  if (!unp2)
    return;
  unp->unp_conn = NULL;
  if (unp->unp_socket->so_type == SOCK_DGRAM) {
    struct unpcb **pp = &unp2->unp_refs;
    while (*pp != unp) {
      g_assert(*pp);
      pp = &(*pp)->unp_nextref;
    }
    *pp = unp->unp_nextref;
    unp->unp_nextref = NULL;
    unp->unp_socket->so_state &= ~SS_ISCONNECTED;
    return;
  }
  soisdisconnected(unp->unp_socket);
  unp2->unp_conn = NULL;
  soisdisconnected(unp2->unp_socket);
}

/* Frees unp and detaches it from its socket. */
static void unp_free(struct unpcb *unp)
{
  unp->unp_socket->so_pcb = NULL;
  g_free(unp);
}

/* Disconnects unp with error err; an unaccepted socket goes away. */
static void unp_drop(struct unpcb *unp, int err)
{
  struct socket *so = unp->unp_socket;
  so->so_error = err;
  unp_disconnect(unp);
  if (so->so_head) {
    unp_free(unp);
    sofree(so);
  }
}

static void uipc_detach(struct socket *so)
{
  struct unpcb *unp = sotounpcb(so);
  if (unp->unp_vnode) {
    fs_node_set_socket(unp->unp_vnode, NULL);
    fs_node_unref(unp->unp_vnode);
    unp->unp_vnode = NULL;
  }
  unp_disconnect(unp);
  while (unp->unp_refs)
    unp_drop(unp->unp_refs, -ECONNRESET);
  soisdisconnected(so);
  unp_free(unp);
}

static int uipc_bind(struct socket *so, const struct so_addr *nam)
{
  struct unpcb *unp = sotounpcb(so);
  if (unp->unp_vnode)
    return -EINVAL;
  if (EMPTY_NAME(nam))
    return -ENOENT;
  char *path = abs_path(nam->path);
  struct fs_node *vp = NULL;
  int err = fs_create(so->so_host->fs, path, FS_SOCK, 0777,
                      sim_now(so->so_host->sim), &vp);
  g_free(path);
  if (err)
    return err == -EEXIST ? -EADDRINUSE : err;
  fs_node_set_socket(vp, so);
  unp->unp_vnode = vp;
  unp->unp_bound = true;
  unp->unp_addr = *nam;
  return 0;
}

static int uipc_listen(struct socket *so, int backlog)
{
  return sotounpcb(so)->unp_vnode ? 0 : -EINVAL;
}

static int unp_connect2(struct socket *so, struct socket *so2)
{
  if (so2->so_type != so->so_type)
    return -EPROTOTYPE;
  struct unpcb *unp = sotounpcb(so), *unp2 = sotounpcb(so2);
  unp->unp_conn = unp2;
  if (so->so_type == SOCK_DGRAM) {
    unp->unp_nextref = unp2->unp_refs;
    unp2->unp_refs = unp;
    soisconnected(so);
  } else {
    unp2->unp_conn = unp;
    soisconnected(so);
    soisconnected(so2);
  }
  return 0;
}

/* The socket bound at nam's path: 0 and *out, or an error in 4.4BSD's
 * order (lookup, ENOTSOCK, ECONNREFUSED, EPROTOTYPE). */
static int lookup_peer(struct socket *so, const struct so_addr *nam,
                       struct socket **out)
{
  if (EMPTY_NAME(nam))
    return -ENOENT;
  char *path = abs_path(nam->path);
  struct fs_node *vp;
  int err = fs_lookup(so->so_host->fs, path, &vp);
  g_free(path);
  if (err)
    return err;
  struct fs_stat st;
  fs_stat(vp, &st);
  struct socket *so2 = st.type == FS_SOCK ? fs_node_socket(vp) : NULL;
  if (st.type != FS_SOCK)
    err = -ENOTSOCK;
  else if (!so2)
    err = -ECONNREFUSED;
  else if (so2->so_type != so->so_type)
    err = -EPROTOTYPE;
  fs_node_unref(vp);
  *out = so2;
  return err;
}

static int unp_connect(struct socket *so, const struct so_addr *nam)
{
  struct socket *so2;
  int err = lookup_peer(so, nam, &so2);
  if (err)
    return err;
  if (so->so_proto->pr_flags & PR_CONNREQUIRED) {
    struct socket *so3 = NULL;
    if (!(so2->so_options & SO_ACCEPTCONN) || !(so3 = sonewconn(so2, 0)))
      return -ECONNREFUSED;
    struct unpcb *unp2 = sotounpcb(so2), *unp3 = sotounpcb(so3);
    unp3->unp_bound = unp2->unp_bound;
    unp3->unp_addr = unp2->unp_addr;
    so2 = so3;
  }
  return unp_connect2(so, so2);
}

static int uipc_connect(struct socket *so, const struct so_addr *nam)
{
  return unp_connect(so, nam);
}

static int uipc_disconnect(struct socket *so)
{
  unp_disconnect(sotounpcb(so));
  return 0;
}

static int uipc_accept(struct socket *so, struct so_addr *nam)
{
  name_of(sotounpcb(so)->unp_conn, nam);
  return 0;
}

static int uipc_shutdown(struct socket *so)
{
  struct unpcb *unp = sotounpcb(so);
  socantsendmore(so);
  if (so->so_type == SOCK_STREAM && unp->unp_conn)
    socantrcvmore(unp->unp_conn->unp_socket);
  return 0;
}

/* The reader took data: give the writer its space back. */
static int uipc_rcvd(struct socket *so, int flags)
{
  struct unpcb *unp = sotounpcb(so);
  g_assert(so->so_type == SOCK_STREAM);
  if (!unp->unp_conn)
    return 0;
  struct socket *so2 = unp->unp_conn->unp_socket;
  so2->so_snd.hiwat += unp->unp_cc - so->so_rcv.cc;
  unp->unp_cc = so->so_rcv.cc;
  sowwakeup(so2);
  return 0;
}

static int send_dgram(struct socket *so, struct pbuf *m,
                      const struct so_addr *nam, struct so_rights *rights)
{
  struct unpcb *unp = sotounpcb(so);
  int err = 0;
  if (nam && unp->unp_conn)
    err = -EISCONN;
  else if (nam)
    err = unp_connect(so, nam);
  else if (!unp->unp_conn)
    err = -ENOTCONN;
  if (err) {
    pbuf_free(m);
    rights_dispose(rights);
    return err;
  }
  struct socket *so2 = unp->unp_conn->unp_socket;
  struct so_addr from;
  name_of(unp, &from);
  if (rights ? sbappendaddr_rights(&so2->so_rcv, &from, m, rights)
             : sbappendaddr(&so2->so_rcv, &from, m)) {
    sorwakeup(so2);
  } else {
    pbuf_free(m);
    err = -ENOBUFS;
  }
  if (nam)
    unp_disconnect(unp);
  return err;
}

static int send_stream(struct socket *so, struct pbuf *m,
                       struct so_rights *rights)
{
  struct unpcb *unp = sotounpcb(so);
  if (so->so_state & SS_CANTSENDMORE) {
    pbuf_free(m);
    rights_dispose(rights);
    return -EPIPE;
  }
  g_assert(unp->unp_conn);
  struct unpcb *unp2 = unp->unp_conn;
  struct socket *so2 = unp2->unp_socket;
  if (rights)
    sbappendcontrol(&so2->so_rcv, m, rights);
  else
    sbappend(&so2->so_rcv, m);
  so->so_snd.hiwat -= so2->so_rcv.cc - unp2->unp_cc;
  unp2->unp_cc = so2->so_rcv.cc;
  sorwakeup(so2);
  return 0;
}

/* PRU_SEND, with access rights or none (rights NULL): 4.4BSD's
 * uipc_usrreq, which puts them in the receiver's buffer with the data
 * (sbappendcontrol, sbappendaddr with control). */
static int uipc_send_rights(struct socket *so, int flags, struct pbuf *m,
                            const struct so_addr *nam,
                            struct so_rights *rights)
{
  if (flags & MSG_OOB) {          /* 4.4BSD PRU_SENDOOB */
    pbuf_free(m);
    rights_dispose(rights);
    return -EOPNOTSUPP;
  }
  return so->so_type == SOCK_DGRAM ? send_dgram(so, m, nam, rights)
                                   : send_stream(so, m, rights);
}

static int uipc_send(struct socket *so, int flags, struct pbuf *m,
                     const struct so_addr *nam)
{
  return uipc_send_rights(so, flags, m, nam, NULL);
}

static void uipc_abort(struct socket *so)
{
  unp_drop(sotounpcb(so), -ECONNABORTED);
}

static int uipc_sockaddr(struct socket *so, struct so_addr *nam)
{
  name_of(sotounpcb(so), nam);
  return 0;
}

static int uipc_peeraddr(struct socket *so, struct so_addr *nam)
{
  name_of(sotounpcb(so)->unp_conn, nam);
  return 0;
}

#define UIPC_REQUESTS                                                     \
  .pr_attach = uipc_attach, .pr_detach = uipc_detach,                     \
  .pr_bind = uipc_bind, .pr_listen = uipc_listen,                         \
  .pr_connect = uipc_connect, .pr_connect2 = unp_connect2,                \
  .pr_accept = uipc_accept, .pr_disconnect = uipc_disconnect,             \
  .pr_shutdown = uipc_shutdown, .pr_send = uipc_send,                     \
  .pr_send_rights = uipc_send_rights,                                     \
  .pr_abort = uipc_abort, .pr_sockaddr = uipc_sockaddr,                   \
  .pr_peeraddr = uipc_peeraddr

const struct protosw uipc_stream_protosw = {
  .pr_type = SOCK_STREAM, .pr_domain = AF_UNIX, .pr_protocol = 0,
  .pr_flags = PR_CONNREQUIRED | PR_WANTRCVD, .pr_name = "unix-stream",
  UIPC_REQUESTS, .pr_rcvd = uipc_rcvd,
};

const struct protosw uipc_dgram_protosw = {
  .pr_type = SOCK_DGRAM, .pr_domain = AF_UNIX, .pr_protocol = 0,
  .pr_flags = PR_ATOMIC | PR_ADDR, .pr_name = "unix-dgram",
  UIPC_REQUESTS,
};
