/* protocols/tests/pcap_check.h: reading a test's frames back with tshark
 * through $PCAP_CHECK (scripts/pcap-check; meson sets it and $TSHARK). A
 * wire-format test writes a file of good frames and a file with a bad one,
 * and the check must pass the first and fail the second. */
#ifndef IPCSIM_TEST_PCAP_CHECK_H
#define IPCSIM_TEST_PCAP_CHECK_H

#include <glib.h>
#include <glib/gstdio.h>
#include <stdbool.h>
#include <sys/wait.h>

#include "capture.h"

/* $PCAP_CHECK's exit status on path (0: every frame clean), or -1 when
 * tshark is not available. */
static inline int pcap_check(const char *path)
{
  const char *script = g_getenv("PCAP_CHECK");
  if (!g_getenv("TSHARK") || !script)
    return -1;
  char *argv[] = { (char *)script, (char *)path, NULL };
  int status;
  g_assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                             G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                             NULL, &status, NULL));
  int st = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return st == 77 ? -1 : st;
}

/* Writes frames into a capture: the good ones (bad false) or the one that
 * must be rejected (bad true). */
typedef void (*pcap_fill_fn)(struct capture *c, bool bad);

/* Writes fill's good and bad frames to two Ethernet pcaps in a fresh temp
 * directory, asserts that pcap-check passes the first and fails the second
 * (so the check itself can fail), and removes them. Skips without tshark. */
static inline void pcap_check_good_bad(pcap_fill_fn fill)
{
  char *dir = g_dir_make_tmp("pcap-check-XXXXXX", NULL);
  char *path[2];
  int st[2];
  for (int bad = 0; bad < 2; bad++) {
    path[bad] = g_build_filename(dir, bad ? "bad.pcap" : "good.pcap", NULL);
    struct capture *c = capture_open(path[bad], CAPTURE_LINKTYPE_ETHERNET,
                                     NULL);
    g_assert_nonnull(c);
    fill(c, bad);
    g_assert_true(capture_close(c, NULL));
    st[bad] = pcap_check(path[bad]);
    g_unlink(path[bad]);
    g_free(path[bad]);
  }
  g_rmdir(dir);
  g_free(dir);
  if (st[0] < 0) {
    g_test_skip("TSHARK or PCAP_CHECK not set");
    return;
  }
  g_assert_cmpint(st[0], ==, 0);
  g_assert_cmpint(st[1], !=, 0);
}

#endif
