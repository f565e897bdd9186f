/* sim/media/hdlc.c: the sizes of PPP's HDLC-like framing on the wire
 * (contract in hdlc.h): the FCS-16 and the octet-stuffing count. Read
 * RFC 1662 sections 3 (flags), 4.2 (octet stuffing) and C.2 (FCS-16). */
#include "hdlc.h"

uint16_t hdlc_fcs16(const uint8_t *data, size_t len)
{
  uint16_t fcs = 0xffff;
  for (size_t i = 0; i < len; i++) {
    fcs ^= data[i];
    for (int b = 0; b < 8; b++)
      fcs = (fcs & 1) ? (uint16_t)((fcs >> 1) ^ 0x8408) : (uint16_t)(fcs >> 1);
  }
  return (uint16_t)~fcs;
}

static uint32_t escapes(const uint8_t *data, size_t len)
{
  uint32_t n = 0;
  for (size_t i = 0; i < len; i++)
    n += data[i] == HDLC_FLAG || data[i] == HDLC_ESCAPE;
  return n;
}

uint32_t hdlc_wire_len(const uint8_t *data, uint32_t len, bool stuffing)
{
  uint32_t n = len + HDLC_FCS_LEN + HDLC_FLAG_LEN;
  if (!stuffing)
    return n;
  uint16_t fcs = hdlc_fcs16(data, len);
  const uint8_t tail[HDLC_FCS_LEN] = { fcs & 0xff, fcs >> 8 };
  return n + escapes(data, len) + escapes(tail, HDLC_FCS_LEN);
}
