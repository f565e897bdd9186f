/* hosts/sleepq.c: a host's sleep queues (see sleepq.h): linear probing
 * over a power-of-two table kept at most half full, with backward-shift
 * deletion, so no tombstones build up as channels come and go. */
#include "sleepq.h"

#include <string.h>

#define SLEEPQ_MIN_BITS 3u

static uint32_t home(const struct sleepq *sq, const void *chan)
{
  uint64_t h = (uint64_t)(uintptr_t)chan * UINT64_C(0x9E3779B97F4A7C15);
  return (uint32_t)(h >> (64u - sq->bits));
}

void sleepq_init(struct sleepq *sq)
{
  *sq = (struct sleepq){ 0 };
}

void sleepq_free(struct sleepq *sq)
{
  g_free(sq->slot);
  sleepq_init(sq);
}

/* The slot of chan, or the free slot where it would go. */
static struct sleepq_slot *probe(const struct sleepq *sq, const void *chan)
{
  uint32_t mask = (1u << sq->bits) - 1u;
  uint32_t i = home(sq, chan);
  while (sq->slot[i].chan && sq->slot[i].chan != chan)
    i = (i + 1u) & mask;
  return &sq->slot[i];
}

GQueue *sleepq_find(const struct sleepq *sq, const void *chan)
{
  if (sq->used == 0)
    return NULL;
  struct sleepq_slot *s = probe(sq, chan);
  return s->chan ? &s->q : NULL;
}

/* Doubles the table (or makes the first one). */
static void grow(struct sleepq *sq)
{
  struct sleepq_slot *old = sq->slot;
  uint32_t n = old ? 1u << sq->bits : 0;
  sq->bits = old ? sq->bits + 1u : SLEEPQ_MIN_BITS;
  sq->slot = g_new0(struct sleepq_slot, (gsize)1 << sq->bits);
  for (uint32_t i = 0; i < n; i++)
    if (old[i].chan)
      *probe(sq, old[i].chan) = old[i];   /* a GQueue moves by value */
  g_free(old);
}

GQueue *sleepq_add(struct sleepq *sq, const void *chan)
{
  g_assert(chan);
  if (!sq->slot || 2u * (sq->used + 1u) > (1u << sq->bits))
    grow(sq);
  struct sleepq_slot *s = probe(sq, chan);
  if (!s->chan) {
    s->chan = chan;
    g_queue_init(&s->q);
    sq->used++;
  }
  return &s->q;
}

/* Empties slot s, moving back the entries after it that may move. */
static void remove_at(struct sleepq *sq, struct sleepq_slot *s)
{
  uint32_t mask = (1u << sq->bits) - 1u;
  uint32_t i = (uint32_t)(s - sq->slot);
  for (uint32_t j = (i + 1u) & mask; sq->slot[j].chan; j = (j + 1u) & mask) {
    uint32_t h = home(sq, sq->slot[j].chan);
    if (((j - h) & mask) >= ((j - i) & mask)) {   /* may move back to i */
      sq->slot[i] = sq->slot[j];
      i = j;
    }
  }
  memset(&sq->slot[i], 0, sizeof sq->slot[i]);
  sq->used--;
}

void sleepq_remove(struct sleepq *sq, const void *chan)
{
  if (sq->used == 0)
    return;
  struct sleepq_slot *s = probe(sq, chan);
  if (s->chan)
    remove_at(sq, s);
}

bool sleepq_take(struct sleepq *sq, const void *chan, GQueue *q)
{
  if (sq->used == 0)
    return false;
  struct sleepq_slot *s = probe(sq, chan);
  if (!s->chan)
    return false;
  *q = s->q;
  remove_at(sq, s);
  return true;
}
