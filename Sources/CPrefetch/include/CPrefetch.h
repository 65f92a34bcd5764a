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

#include <stddef.h>

/// The fields of one CSV record without quotes, found 16 bytes at a time with
/// ``kpi_csv_stops16``: the one implementation of the record scanner's plain reading (Swift's
/// `RecordScanner.plainRecord` calls it). From `start`, each field ends at the next
/// `delimiter` and the record at the first line feed or carriage return (a CR LF is one line
/// break); field `i` is `starts[i]..<ends[i]`, in offsets of `base`, and `*count` says how
/// many there are.
///
/// Returns the offset where the next record starts, or -1 for a record this reading is not
/// sure of, which the field-by-field reading then reads from its start: one with a quote, a
/// line break within 16 bytes of `end` (the record may be incomplete, or end the input
/// without one; a CR LF needs its LF before `end`), more than `capacity` fields, or more than
/// `maximum_bytes` bytes of field text. Reads only bytes before `end`.
static inline ptrdiff_t kpi_csv_plain_record(
    const unsigned char *base, ptrdiff_t start, ptrdiff_t end, unsigned char delimiter,
    ptrdiff_t *starts, ptrdiff_t *ends, ptrdiff_t capacity, ptrdiff_t maximum_bytes,
    ptrdiff_t *count) {
  ptrdiff_t fields = 0;
  ptrdiff_t field_start = start;
  for (ptrdiff_t chunk = start; chunk + 16 <= end && chunk - start <= maximum_bytes;
       chunk += 16) {
    unsigned stops = kpi_csv_stops16(base + chunk, delimiter);
    unsigned others = stops >> 16;
    // The delimiters before the first line break or quote.
    unsigned delimiters = stops & 0xFFFFu;
    if (others != 0) delimiters &= (1u << __builtin_ctz(others)) - 1u;
    while (delimiters != 0) {
      ptrdiff_t stop = chunk + __builtin_ctz(delimiters);
      delimiters &= delimiters - 1u;
      if (fields == capacity) return -1;
      starts[fields] = field_start;
      ends[fields] = stop;
      fields += 1;
      field_start = stop + 1;
    }
    if (others != 0) {
      ptrdiff_t stop = chunk + __builtin_ctz(others);
      unsigned char byte = base[stop];
      if (byte == '"' || fields == capacity) return -1;
      starts[fields] = field_start;
      ends[fields] = stop;
      fields += 1;
      // The text of the fields: the record's bytes but for its delimiters.
      if (stop - start - (fields - 1) > maximum_bytes) return -1;
      *count = fields;
      if (byte == '\r') {
        if (stop + 1 >= end) return -1;
        return base[stop + 1] == '\n' ? stop + 2 : stop + 1;
      }
      return stop + 1;
    }
  }
  return -1;
}

#endif
