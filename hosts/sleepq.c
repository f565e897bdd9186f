/* hosts/sleepq.c: a host's sleep queues (see sleepq.h): linear probing
 * over a power-of-two table kept at most half full. Slots are never
 * deleted one by one (an emptied channel stays, warm), so there are no
 * tombstones and no backward shifts; the table is rebuilt from its live
 * channels when new ones fill it to half, to a size where they take at
 * most a quarter. */
#include "sleepq.h"

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

/* The slot of chan, or the free slot where it would go. The table
 * exists. */
static struct sleepq_slot *probe(const struct sleepq *sq, const void *chan)
{
  uint32_t mask = (1u << sq->bits) - 1u;
  uint32_t i = home(sq, chan);
  while (sq->slot[i].chan != chan && sq->slot[i].chan)
    i = (i + 1u) & mask;
  return &sq->slot[i];
}

/* A new table holding only the channels with sleepers, at most a quarter
 * full (or the first table). */
static void rebuild(struct sleepq *sq)
{
  struct sleepq_slot *old = sq->slot;
  uint32_t n = old ? 1u << sq->bits : 0;
  uint32_t bits = SLEEPQ_MIN_BITS;
  while (4u * (sq->used + 1u) > (1u << bits))
    bits++;
  sq->bits = bits;
  sq->slot = g_new0(struct sleepq_slot, (gsize)1 << bits);
  sq->filled = sq->used;
  for (uint32_t i = 0; i < n; i++)
    if (old[i].head)
      *probe(sq, old[i].chan) = old[i];
  g_free(old);
}

/* The slot of chan, new (probe found none): rebuilds the table first
 * when it would pass half full. Out of line: a warm channel never comes
 * here, and the sleep path stays small. */
static __attribute__((noinline)) struct sleepq_slot *
new_channel(struct sleepq *sq, const void *chan)
{
  g_assert(chan);
  if (!sq->slot || 2u * (sq->filled + 1u) > (1u << sq->bits))
    rebuild(sq);
  struct sleepq_slot *s = probe(sq, chan);
  s->chan = chan;
  sq->filled++;
  return s;
}

void sleepq_insert(struct sleepq *sq, const void *chan,
                   struct sleepq_link *l)
{
  struct sleepq_slot *s = sq->slot ? probe(sq, chan) : NULL;
  if (!s || !s->chan)
    s = new_channel(sq, chan);
  l->next = NULL;
  l->prev = s->tail;
  if (s->head)
    s->tail->next = l;
  else {
    s->head = l;
    sq->used++;
  }
  s->tail = l;
}

void sleepq_unlink(struct sleepq *sq, const void *chan,
                   struct sleepq_link *l)
{
  struct sleepq_slot *s = probe(sq, chan);
  g_assert(s->chan == chan && s->head);
  if (l->prev)
    l->prev->next = l->next;
  else
    s->head = l->next;
  if (l->next)
    l->next->prev = l->prev;
  else
    s->tail = l->prev;
  if (!s->head)
    sq->used--;
  l->next = l->prev = NULL;
}

struct sleepq_link *sleepq_take(struct sleepq *sq, const void *chan)
{
  if (sq->used == 0)
    return NULL;
  struct sleepq_slot *s = probe(sq, chan);
  struct sleepq_link *l = s->head;
  if (l) {
    s->head = s->tail = NULL;
    sq->used--;
  }
  return l;
}

struct sleepq_link *sleepq_peek(const struct sleepq *sq, const void *chan)
{
  return sq->used ? probe(sq, chan)->head : NULL;
}
