#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Asks the processor to fetch the cache line holding `address` for a read soon, without
/// waiting for it: for loops that know which memory they touch a few iterations ahead (the
/// spell accumulator and the person index, on spells in random order). Only a hint: it never
/// faults and changes no result.
static inline void kpi_prefetch(const void *address) {
  __builtin_prefetch(address, 0, 3);
}

/// ``kpi_prefetch`` for a line that will be written.
static inline void kpi_prefetch_write(const void *address) {
  __builtin_prefetch(address, 1, 3);
}

/// Where a CSV scanner must look in the 16 bytes at `bytes`, as bits (bit i for `bytes[i]`):
/// in the low 16 bits the bytes that are `delimiter`, in the high 16 those that are a line
/// feed, a carriage return or a double quote. Found for 16 bytes at once (SSE2 on x86-64, a
/// loop elsewhere); reads exactly 16 bytes.
#if defined(__SSE2__)
#include <emmintrin.h>
static inline unsigned kpi_csv_stops16(const unsigned char *bytes, unsigned char delimiter) {
  __m128i chunk = _mm_loadu_si128((const __m128i *)bytes);
  __m128i delimiters = _mm_cmpeq_epi8(chunk, _mm_set1_epi8((char)delimiter));
  __m128i others = _mm_or_si128(
      _mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('\n')),
                   _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\r'))),
      _mm_cmpeq_epi8(chunk, _mm_set1_epi8('"')));
  return (unsigned)_mm_movemask_epi8(delimiters) | (unsigned)_mm_movemask_epi8(others) << 16;
}
#else
static inline unsigned kpi_csv_stops16(const unsigned char *bytes, unsigned char delimiter) {
  unsigned mask = 0;
  for (int i = 0; i < 16; i++) {
    unsigned char b = bytes[i];
    if (b == delimiter) mask |= 1u << i;
    else if (b == '\n' || b == '\r' || b == '"') mask |= 1u << (i + 16);
  }
  return mask;
}
#endif

#endif
