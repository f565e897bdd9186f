/* sim/record/record_fields.c: one field of a results row as text (times
 * with 9 decimals, numbers, addresses, TCP flag letters, quoted text),
 * and writing a row or a whole file. It knows no file's columns: the
 * writers in record_frames.c, record_tcp.c, record_calls.c and
 * record_series.c put the fields in order. */
#include "record_internal.h"
#include "csv.h"


/* ---- formatting ---- */

void record_put_time(GString *s, sim_time_t t)
{
  if (t < 0)
    return;
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%lld.%09lld", (long long)(t / 1000000000),
                   (long long)(t % 1000000000));
  g_string_append_len(s, buf, n);
}

void record_put_u(GString *s, uint64_t v)
{
  char buf[24];
  int i = sizeof buf;
  do {
    buf[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  g_string_append_len(s, buf + i, (gssize)sizeof buf - i);
}

void record_put_addr(GString *s, uint32_t a)
{
  for (int i = 3; i >= 0; i--) {
    record_put_u(s, a >> (8 * i) & 0xff);
    if (i)
      g_string_append_c(s, '.');
  }
}

void record_put_str(GString *s, const char *v)
{
  if (v)
    csv_append_field(s, v);   /* RFC 4180, as every results file */
}

void record_put_ms(GString *s, double ms)
{
  if (ms < 0)
    return;
  g_string_append_printf(s, "%.3f", ms);
}

/* tcpdump's letters: S F R P U, then A; a bare ACK is ".". */
void record_put_flags(GString *s, uint8_t f)
{
  static const struct { uint8_t bit; char c; } l[] = {
    { 0x02, 'S' }, { 0x01, 'F' }, { 0x04, 'R' }, { 0x08, 'P' },
    { 0x20, 'U' }, { REC_TH_ACK, 'A' },
  };
  if (f == REC_TH_ACK) {
    g_string_append_c(s, '.');
    return;
  }
  for (size_t i = 0; i < G_N_ELEMENTS(l); i++)
    if (f & l[i].bit)
      g_string_append_c(s, l[i].c);
}

void record_write_line(struct recorder *rec, FILE *f)
{
  if (fwrite(rec->line->str, 1, rec->line->len, f) != rec->line->len)
    rec->io_error = true;
}

bool record_write_file(struct recorder *rec, const char *name, GString *s,
                       GError **err)
{
  char *path = g_build_filename(rec->dir, name, NULL);
  bool ok = g_file_set_contents(path, s->str, (gssize)s->len, err);
  g_free(path);
  return ok;
}
