#ifndef KPI_CLIBFUZZER_H
#define KPI_CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, FuzzerDriver.cpp), linked in by -sanitize=fuzzer. The fuzz
/// targets call it from their own entry point, because SwiftPM points an executable's `main`
/// at the module's entry point and so libFuzzer's `main` cannot be used. Only referenced when
/// built with -DFUZZING.
int LLVMFuzzerRunDriver(int *argc, char ***argv,
                        int (*callback)(const uint8_t *data, size_t size));

#endif
