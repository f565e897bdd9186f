/* protocols/in_pcb_hash.c: the hash of connected internet control blocks
 * (see in_pcb.h), keyed on (foreign address, foreign port, local port),
 * which do not change while a block is connected. Every block whose
 * foreign address is set by in_pcbconnect is on it until
 * in_pcbdisconnect or in_pcbdetach. Chains keep the list's order (newest
 * first) so the first exact match is the one a scan would pick. The
 * table doubles when it holds as many blocks as buckets and is freed
 * when it empties. */
#include "in_pcb.h"

static guint bucket(const struct inpcbhead *head, in_addr32 faddr,
                    uint16_t fport, uint16_t lport)
{
  uint32_t k = faddr * 0x9E3779B1u ^ (((uint32_t)fport << 16) | lport) *
               0x85EBCA77u;
  k ^= k >> 15;
  return k & head->hmask;
}

/* Puts inp on its chain, after every newer block. */
static void chain_insert(struct inpcbhead *head, struct inpcb *inp)
{
  struct inpcb **pp = &head->hash[bucket(head, inp->faddr, inp->fport,
                                         inp->lport)];
  while (*pp && (*pp)->serial > inp->serial)
    pp = &(*pp)->hnext;
  inp->hnext = *pp;
  *pp = inp;
}

static void grow(struct inpcbhead *head)
{
  guint old = head->hash ? head->hmask + 1 : 0;
  struct inpcb **chains = head->hash;
  head->hmask = old ? old * 2 - 1 : 7;
  head->hash = g_new0(struct inpcb *, head->hmask + 1);
  for (guint i = 0; i < old; i++)
    for (struct inpcb *inp = chains[i], *next; inp; inp = next) {
      next = inp->hnext;
      chain_insert(head, inp);
    }
  g_free(chains);
}

void in_pcbhash_insert(struct inpcb *inp)
{
  struct inpcbhead *head = inp->head;
  if (!head->hash || head->hcount > head->hmask)
    grow(head);
  chain_insert(head, inp);
  head->hcount++;
  inp->hashed = true;
}

void in_pcbhash_remove(struct inpcb *inp)
{
  struct inpcbhead *head = inp->head;
  if (!inp->hashed)
    return;
  struct inpcb **pp = &head->hash[bucket(head, inp->faddr, inp->fport,
                                         inp->lport)];
  while (*pp != inp)
    pp = &(*pp)->hnext;
  *pp = inp->hnext;
  inp->hnext = NULL;
  inp->hashed = false;
  if (--head->hcount == 0) {
    g_free(head->hash);
    head->hash = NULL;
    head->hmask = 0;
  }
}

struct inpcb *in_pcbhash_find(const struct inpcbhead *head, in_addr32 faddr,
                              uint16_t fport, in_addr32 laddr, uint16_t lport)
{
  if (!head->hash)
    return NULL;
  for (struct inpcb *inp = head->hash[bucket(head, faddr, fport, lport)];
       inp; inp = inp->hnext)
    if (inp->faddr == faddr && inp->fport == fport && inp->lport == lport &&
        inp->laddr == laddr)
      return inp;
  return NULL;
}
