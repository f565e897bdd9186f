/* fuzz/fuzz.h: what every fuzz target defines. A target is one function,
 * LLVMFuzzerTestOneInput, that takes any bytes and must neither crash,
 * hang, leak nor trip a sanitizer. Built with -Dfuzz=true (scripts/fuzz)
 * it is linked with libFuzzer; otherwise with fuzz/replay.c, which feeds
 * it every file of a corpus once, as meson test does in scripts/check. */
#ifndef IPCSIM_FUZZ_H
#define IPCSIM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Optional: called once before the first input (libFuzzer's hook; the
 * replay driver calls it too). Targets that need none do not define it. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

#endif
