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

#endif
