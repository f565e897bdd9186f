/* sim/media/hdlc.h: what PPP's HDLC-like framing (RFC 1662) adds on the
 * wire to a frame the ports build (ff 03 proto[2] payload, framing.h):
 * the 16-bit FCS (section C.2's FCS-16), one flag, and, with octet
 * stuffing (section 4.2), an escape byte before each 0x7e or 0x7d of the
 * frame and its FCS. Only sizes: the link times frames by them (link.c);
 * the bytes themselves are never built, and pcaps keep LINKTYPE_PPP
 * (address, control, protocol: no flags, no FCS). */
#ifndef IPCSIM_HDLC_H
#define IPCSIM_HDLC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HDLC_FLAG     0x7e    /* flag sequence */
#define HDLC_ESCAPE   0x7d    /* control escape; the next byte is x ^ 0x20 */
#define HDLC_FLAG_LEN 1       /* flags counted per frame (see hdlc_wire_len) */
#define HDLC_FCS_LEN  2       /* FCS-16, sent least significant byte first */

/* RFC 1662's FCS-16 of len bytes (CRC-16/X.25: initial 0xffff,
 * reflected polynomial 0x8408, complemented at the end). */
uint16_t hdlc_fcs16(const uint8_t *data, size_t len);

/* Bytes a frame of len bytes takes on the wire: len + the FCS + one flag
 * (RFC 1662 section 3: back-to-back frames share the flag between them,
 * so each frame is counted its closing flag only; the opening flag of a
 * frame that starts on an idle line is not counted), plus, when
 * stuffing, one escape per 0x7e or 0x7d in the frame and its FCS. */
uint32_t hdlc_wire_len(const uint8_t *data, uint32_t len, bool stuffing);

#endif
