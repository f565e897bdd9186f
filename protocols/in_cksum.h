/* protocols/in_cksum.h: the Internet checksum (RFC 1071): the ones'
 * complement of the ones' complement sum of 16-bit big-endian words. Works
 * on any byte alignment and odd lengths. A running sum lets a header and a
 * payload, or the UDP/TCP pseudo-header (RFC 768, RFC 793), be summed in
 * pieces: start at 0, add pieces (each but the last of even length), then
 * finish. A message whose stored checksum is right finishes to 0. */
#ifndef IPCSIM_IN_CKSUM_H
#define IPCSIM_IN_CKSUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Adds len bytes to a running 32-bit sum and returns the new sum. */
uint32_t in_cksum_add(uint32_t sum, const void *buf, size_t len);

/* For tests: use the AVX2 copy-and-sum where the CPU has it (on, the
 * default) or the SSE2 one. Returns whether AVX2 is now in use. */
bool in_cksum_use_avx2(bool on);

/* As in_cksum_add(sum, src, len), copying the len bytes to dst (which
 * must not overlap src) in the same pass. */
uint32_t in_cksum_copy(uint32_t sum, void *dst, const void *src,
                       size_t len);

/* A running sum over pieces of any length: the sum of their bytes as
 * one message, the first byte at an even offset. Start with {0}. */
struct in_cksum_acc {
  uint32_t sum;               /* the sum so far, folded to 16 bits */
  size_t at;                  /* bytes summed so far */
};

/* Copies the next piece, src[0..len), to dst and adds it to a. */
void in_cksum_acc_copy(struct in_cksum_acc *a, void *dst, const void *src,
                       size_t len);

/* Adds the IPv4 pseudo-header: src, dst (host order), protocol, length. */
uint32_t in_cksum_pseudo(uint32_t sum, uint32_t src, uint32_t dst,
                         uint8_t proto, uint16_t len);

/* Folds the sum to 16 bits and complements it: the checksum to store
 * (host order; store it big-endian). */
uint16_t in_cksum_finish(uint32_t sum);

/* in_cksum_finish(in_cksum_add(0, buf, len)). */
uint16_t in_cksum(const void *buf, size_t len);

#endif
