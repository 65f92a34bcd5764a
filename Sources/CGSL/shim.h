#ifndef CGSL_SHIM_H
#define CGSL_SHIM_H

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_matrix_double.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_vector_double.h>
#include <gsl/gsl_version.h>

/// GSL's version string is a global Swift cannot import as a constant.
static inline const char *cgsl_version(void) { return gsl_version; }

/// The bisquare weight function of gsl_multifit_robust is a global Swift 6 refuses to read
/// (shared mutable state); a function returning it is safe to call.
static inline const gsl_multifit_robust_type *cgsl_robust_bisquare(void) {
  return gsl_multifit_robust_bisquare;
}

#endif
