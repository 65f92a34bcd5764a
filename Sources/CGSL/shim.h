#ifndef CGSL_SHIM_H
#define CGSL_SHIM_H

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_version.h>

/// GSL's version string is a global Swift cannot import as a constant.
static inline const char *cgsl_version(void) { return gsl_version; }

#endif
