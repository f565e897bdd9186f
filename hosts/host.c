/* hosts/host.c: creating and freeing hosts (see host.h). */
#include "host.h"
#include "tty.h"
#include "domain.h"
#include "fs.h"
#include "netif.h"
#include "proc.h"

#include <string.h>

struct host *host_new(struct sim *sim, const char *name,
                      const struct domain *const *domains)
{
  struct host *h = g_new0(struct host, 1);
  h->name = g_strdup(name);
  h->sim = sim;
  h->domains = domains;
  h->sb_max = HOST_SB_MAX;
  h->ifs = g_ptr_array_new_with_free_func((GDestroyNotify)netif_free);
  h->procs = g_ptr_array_new_with_free_func((GDestroyNotify)proc_free);
  sleepq_init(&h->sleepq);
  domain_host_init(h);
  h->fs = fs_new();
  return h;
}

void host_free(struct host *h)
{
  if (!h)
    return;
  h->freeing = true;
  for (guint i = 0; i < h->procs->len; i++)
    proc_abandon(g_ptr_array_index(h->procs, i));
  g_ptr_array_free(h->procs, TRUE);
  tty_host_free(h);
  domain_host_free(h);
  g_ptr_array_free(h->ifs, TRUE);
  sleepq_free(&h->sleepq);
  fs_free(h->fs);
  g_free(h->name);
  g_free(h);
}

void host_down(struct host *h)
{
  if (h->down)
    return;
  h->down = true;
  SIM_TRACE(h->sim, h->name, "host-down");
  /* The protocols lose their state first, as memory does when the power
   * goes: the processes' descriptors then close sockets with no
   * connection left, so no close runs PRU_DISCONNECT (no FIN_WAIT_1, no
   * FIN or RST that a dead machine could not send). */
  domain_host_reset(h);
  for (guint i = 0; i < h->procs->len; i++) {
    struct proc *p = g_ptr_array_index(h->procs, i);
    if (p->state != PROC_EXITED)
      proc_exit(p);
  }
}

void host_up(struct host *h)
{
  if (!h->down)
    return;
  h->down = false;
  h->boots++;
  h->boot = sim_now(h->sim);
  SIM_TRACE(h->sim, h->name, "host-up");
}

sim_time_t host_clock_origin(const struct host *h, sim_time_t period)
{
  g_assert(period > 0 && h->boot >= 0);
  return h->boot - (h->boot + period - 1) / period * period;
}

struct netif *host_find_if(const struct host *h, const char *name)
{
  for (guint i = 0; i < h->ifs->len; i++) {
    struct netif *ifp = g_ptr_array_index(h->ifs, i);
    if (strcmp(ifp->name, name) == 0)
      return ifp;
  }
  return NULL;
}
