/* hosts/netdb_inet.c: the address routines of 4.4BSD inet(3) (netdb.h):
 * inet_aton/inet_addr, inet_network, inet_makeaddr, inet_netof and
 * inet_lnaof, all classful as in 4.4BSD. Our own code after the grammar of
 * lib/libc/net/inet_addr.c and inet_network.c, refusing the inputs those
 * read as garbage (empty parts, 8 or 9 in octal, overflow). Keeps no
 * state; addresses are host order. */
#include "netdb.h"

/* Reads one number at *p (decimal, 0 octal, 0x hex) into *val, moving *p
 * past it. False if there is no digit, a digit is bad for the base, or
 * the value exceeds max. */
static bool scan_number(const char **p, uint64_t max, uint32_t *val)
{
  const char *s = *p;
  unsigned base = 10;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    base = 16, s += 2;
  else if (s[0] == '0' && g_ascii_isdigit(s[1]))
    base = 8, s++;
  uint64_t v = 0;
  int n = 0;
  for (; g_ascii_isxdigit(*s); s++, n++) {
    unsigned d = (unsigned)g_ascii_xdigit_value(*s);
    if (d >= base)
      return false;
    v = v * base + d;
    if (v > max)
      return false;
  }
  if (n == 0)
    return false;
  *p = s;
  *val = (uint32_t)v;
  return true;
}

/* Splits s into 1..4 dotted numbers, each 0..255 except the last when
 * wide_last (inet_aton's rule: it fills the bits the others leave, 32,
 * 24, 16 or 8). A space or tab ends s. Returns the count, or 0 if s is
 * bad. */
static int scan_parts(const char *s, uint32_t parts[4], bool wide_last)
{
  static const uint64_t widths[4] = { 0xffffffffu, 0xffffffu, 0xffffu, 0xffu };
  const char *p = s;
  int n = 0;
  for (;;) {
    uint32_t v;
    if (!scan_number(&p, 0xffffffffu, &v))
      return 0;
    parts[n++] = v;
    if (*p != '.')
      break;
    if (n == 4 || v > 0xff)
      return 0;
    p++;
  }
  if (*p && *p != ' ' && *p != '\t')
    return 0;
  uint64_t last_max = wide_last ? widths[n - 1] : 0xff;
  return parts[n - 1] <= last_max ? n : 0;
}

bool netdb_inet_aton(const char *s, in_addr32 *addr)
{
  g_return_val_if_fail(s && addr, false);
  uint32_t parts[4];
  int n = scan_parts(s, parts, true);
  if (n == 0)
    return false;
  in_addr32 a = parts[n - 1];
  for (int i = 0; i < n - 1; i++)
    a |= parts[i] << (24 - 8 * i);
  *addr = a;
  return true;
}

in_addr32 netdb_inet_addr(const char *s)
{
  in_addr32 a;
  return netdb_inet_aton(s, &a) ? a : NETDB_INADDR_NONE;
}

in_addr32 netdb_inet_network(const char *s)
{
  g_return_val_if_fail(s, NETDB_INADDR_NONE);
  uint32_t parts[4];
  int n = scan_parts(s, parts, false);
  if (n == 0)
    return NETDB_INADDR_NONE;
  in_addr32 v = 0;
  for (int i = 0; i < n; i++)
    v = v << 8 | parts[i];
  return v;
}

in_addr32 netdb_inet_makeaddr(in_addr32 net, in_addr32 lna)
{
  if (net < 128)
    return net << 24 | (lna & 0x00ffffffu);
  if (net < 65536)
    return net << 16 | (lna & 0x0000ffffu);
  if (net < 16777216)
    return net << 8 | (lna & 0x000000ffu);
  return net | lna;
}

in_addr32 netdb_inet_netof(in_addr32 a)
{
  if (in_classa(a))
    return a >> 24;
  if (in_classb(a))
    return a >> 16;
  return a >> 8;
}

in_addr32 netdb_inet_lnaof(in_addr32 a)
{
  if (in_classa(a))
    return a & 0x00ffffffu;
  if (in_classb(a))
    return a & 0x0000ffffu;
  return a & 0x000000ffu;
}
