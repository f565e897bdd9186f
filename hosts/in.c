/* hosts/in.c: IPv4 address parsing, formatting and arithmetic (in.h).
 * The parser is strict on purpose: four decimal parts, no leading zeros
 * (inet_addr's octal), no shorthand forms ("10.1" or a 32-bit number),
 * and every error names the whole value and the part that is wrong.
 * Errors are G_OPTION_ERROR_BAD_VALUE, like sim/engine/units.c, so scenario and
 * option code can pass them on. Nothing here keeps state. */
#include "in.h"

#include <stdio.h>

/* Sets *err to "bad address '<s>': <why>" and returns false. */
G_GNUC_PRINTF(3, 4)
static bool fail(GError **err, const char *s, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *why = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
              "bad address '%s': %s", s, why);
  g_free(why);
  return false;
}

/* Reads the decimal digits at *p and moves *p past them. Returns how many
 * there were; *val is their value, capped at 1000 (beyond any limit). */
static int scan_decimal(const char **p, unsigned *val)
{
  int n = 0;
  *val = 0;
  for (; g_ascii_isdigit(**p); (*p)++, n++)
    *val = MIN(*val * 10 + (unsigned)(**p - '0'), 1000u);
  return n;
}

/* Reads part i (1..4) of a dotted quad at *p into *val. */
static bool scan_part(const char *s, const char **p, int i, unsigned *val,
                      GError **err)
{
  const char *start = *p;
  int n = scan_decimal(p, val);
  if (n == 0)
    return fail(err, s, "expected four decimal numbers 0..255 separated "
                "by dots");
  if (n > 1 && *start == '0')
    return fail(err, s, "part %d (%.*s) has a leading zero (inet_addr "
                "would read it as octal)", i, n, start);
  if (*val > 255)
    return fail(err, s, "part %d (%.*s) is over 255", i, n, start);
  return true;
}

/* Reads "a.b.c.d" at the start of s into *addr; *end is what follows. */
static bool scan_quad(const char *s, const char **end, in_addr32 *addr,
                      GError **err)
{
  const char *p = s;
  in_addr32 a = 0;
  for (int i = 1; i <= 4; i++) {
    unsigned v;
    if (i > 1 && *p++ != '.')
      return fail(err, s, "expected four decimal numbers 0..255 separated "
                  "by dots");
    if (!scan_part(s, &p, i, &v, err))
      return false;
    a = a << 8 | v;
  }
  *end = p;
  *addr = a;
  return true;
}

bool in_parse_addr(const char *s, in_addr32 *addr, GError **err)
{
  g_return_val_if_fail(s && addr, false);
  const char *end;
  in_addr32 a;
  if (!scan_quad(s, &end, &a, err))
    return false;
  if (*end)
    return fail(err, s, "unexpected '%s' after the address", end);
  *addr = a;
  return true;
}

/* Reads the prefix length after the '/' at p (the rest of the string). */
static bool scan_len(const char *s, const char *p, int *len, GError **err)
{
  const char *start = p;
  unsigned v;
  int n = scan_decimal(&p, &v);
  if (n == 0 || *p)
    return fail(err, s, "expected a prefix length 0..32 after '/'");
  if (n > 1 && *start == '0')
    return fail(err, s, "prefix length %s has a leading zero", start);
  if (v > 32)
    return fail(err, s, "prefix length %s is over 32", start);
  *len = (int)v;
  return true;
}

/* The classful default length of a, or an error naming its class. */
static bool class_default(const char *s, in_addr32 a, int *len, GError **err)
{
  *len = in_class_len(a);
  if (*len >= 0)
    return true;
  return fail(err, s, "a class %s address has no default netmask; "
              "write a.b.c.d/len", in_classd(a) ? "D (multicast)"
                                                : "E (experimental)");
}

bool in_parse_cidr(const char *s, in_addr32 *addr, int *len, GError **err)
{
  g_return_val_if_fail(s && addr && len, false);
  const char *end;
  in_addr32 a;
  int n = 0;
  if (!scan_quad(s, &end, &a, err))
    return false;
  if (*end && *end != '/')
    return fail(err, s, "unexpected '%s' after the address", end);
  bool ok = *end ? scan_len(s, end + 1, &n, err)
                 : class_default(s, a, &n, err);
  if (!ok)
    return false;
  *addr = a;
  *len = n;
  return true;
}

/* Why a (with prefix length len) cannot be an interface's address, or
 * NULL if it can. */
static const char *not_ifaddr(in_addr32 a, int len)
{
  in_addr32 host = a & ~in_netmask(len);
  if (in_classd(a))
    return "a class D (multicast) address cannot be an interface's";
  if (in_classe(a))
    return "a class E (experimental) address cannot be an interface's";
  if ((a >> 24) == 0)
    return "network 0 means 'this network' and cannot be an interface's";
  if (len <= 30 && host == 0)
    return "the host part is all zeros (the network, or its 4.2BSD "
           "broadcast address)";
  if (len <= 30 && host == ~in_netmask(len))
    return "the host part is all ones (the broadcast address)";
  return NULL;
}

bool in_parse_ifaddr(const char *s, in_addr32 *addr, int *len, GError **err)
{
  g_return_val_if_fail(s && addr && len, false);
  in_addr32 a;
  int n = 0;
  if (!in_parse_cidr(s, &a, &n, err))
    return false;
  const char *why = not_ifaddr(a, n);
  if (why)
    return fail(err, s, "%s", why);
  *addr = a;
  *len = n;
  return true;
}

char *in_format(in_addr32 a, char buf[IN_ADDR_STRLEN])
{
  snprintf(buf, IN_ADDR_STRLEN, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
           (a >> 8) & 0xff, a & 0xff);
  return buf;
}

char *in_format_cidr(in_addr32 a, int len, char buf[IN_CIDR_STRLEN])
{
  g_return_val_if_fail(len >= 0 && len <= 32, NULL);
  char addr[IN_ADDR_STRLEN];
  snprintf(buf, IN_CIDR_STRLEN, "%s/%d", in_format(a, addr), len);
  return buf;
}

in_addr32 in_netmask(int len)
{
  g_return_val_if_fail(len >= 0 && len <= 32, 0);
  return len == 0 ? 0 : 0xffffffffu << (32 - len);
}

int in_mask_len(in_addr32 mask)
{
  in_addr32 host = ~mask;
  if (host & (host + 1))            /* host bits not all at the bottom */
    return -1;
  return 32 - __builtin_popcount(host);
}

int in_class_len(in_addr32 a)
{
  if (in_classa(a))
    return 8;
  if (in_classb(a))
    return 16;
  if (in_classc(a))
    return 24;
  return -1;
}

in_addr32 in_network(in_addr32 a, in_addr32 mask)
{
  return a & mask;
}

in_addr32 in_broadcast(in_addr32 a, in_addr32 mask)
{
  return (a & mask) | ~mask;
}

in_addr32 in_zero_broadcast(in_addr32 a, in_addr32 mask)
{
  return a & mask;
}

bool in_is_broadcast(in_addr32 dst, in_addr32 a, in_addr32 mask)
{
  if (dst == IN_ADDR_BROADCAST || dst == IN_ADDR_ANY)
    return true;
  if (~mask < 3)                    /* /31 or /32: no broadcast forms */
    return false;
  return dst == in_broadcast(a, mask) || dst == in_zero_broadcast(a, mask);
}
