// The functions are static inline in the header; SwiftPM needs one source file.
#include "CPrefetch.h"
