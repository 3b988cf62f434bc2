// CGSL: GSL, and the entry points of the CBLAS under it, for PolicyNumerics.
// This module provides no stable Swift API. Import PolicyNumerics instead.
// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef CGSL_SHIM_H
#define CGSL_SHIM_H

#include <stddef.h>

#include <gsl/gsl_version.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_interp.h>
#include <gsl/gsl_spline.h>
#include <gsl/gsl_roots.h>

// The BLAS libraries' own entry points, declared here because their cblas.h headers clash
// with gsl_cblas.h. PolicyNumerics calls one set, for the library Package.swift links.
// OpenBLAS:
int openblas_get_num_threads(void);
void openblas_set_num_threads(int num_threads);
char *openblas_get_config(void);
char *openblas_get_corename(void);
// BLIS (dim_t and arch_t are int64_t and int on x86_64 Linux builds):
long bli_thread_get_num_threads(void);
void bli_thread_set_num_threads(long n_threads);
int bli_arch_query_id(void);
const char *bli_arch_string(int id);
const char *bli_info_get_version_str(void);

// Whether the CPU and the operating system support AVX-512 Foundation instructions (cpuid leaf 7
// EBX bit 16 with the ZMM state enabled in XCR0, as the compiler's builtin checks).
static inline int cgsl_cpu_has_avx512f(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") ? 1 : 0;
#else
    return 0;
#endif
}

// GSL's step and generator types are global variables; return them from functions so that
// Swift 6 sees no shared mutable state.
static inline const gsl_odeiv2_step_type *cgsl_step_rk8pd(void) { return gsl_odeiv2_step_rk8pd; }
static inline const gsl_odeiv2_step_type *cgsl_step_rkf45(void) { return gsl_odeiv2_step_rkf45; }
static inline const gsl_odeiv2_step_type *cgsl_step_rkck(void) { return gsl_odeiv2_step_rkck; }
static inline const gsl_rng_type *cgsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_qrng_type *cgsl_qrng_sobol(void) { return gsl_qrng_sobol; }
static inline const gsl_interp_type *cgsl_interp_linear(void) { return gsl_interp_linear; }
static inline const gsl_interp_type *cgsl_interp_cspline(void) { return gsl_interp_cspline; }
static inline const gsl_root_fsolver_type *cgsl_root_brent(void) { return gsl_root_fsolver_brent; }

#endif
