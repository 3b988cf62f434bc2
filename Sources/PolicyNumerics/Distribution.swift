// SPDX-License-Identifier: GPL-3.0-or-later
@preconcurrency internal import CGSL

/// A probability distribution of an uncertain parameter, sampled from a `RandomStream`.
public enum Distribution: Sendable, Equatable {
    /// No uncertainty.
    case fixed(Double)
    /// Normal with mean and standard deviation (GSL `gsl_ran_gaussian`).
    case normal(mean: Double, sd: Double)
    /// exp(N(mu, sigma^2)): `mu` and `sigma` are those of the logarithm (GSL `gsl_ran_lognormal`).
    case lognormal(mu: Double, sigma: Double)
    /// Uniform on [lower, upper) (GSL `gsl_ran_flat`).
    case uniform(lower: Double, upper: Double)
    /// Triangular on [lower, upper] with the given mode, by inversion of its CDF.
    case triangular(lower: Double, mode: Double, upper: Double)
    /// Beta(alpha, beta) stretched from [0, 1] to [lower, upper] (GSL `gsl_ran_beta`).
    case beta(alpha: Double, beta: Double, lower: Double, upper: Double)
    /// Normal(mean, sd) conditioned on [lower, upper], by inversion of the normal CDF
    /// (GSL `gsl_cdf_gaussian_P`/`Pinv`, working in the upper tail where that is more accurate).
    case truncatedNormal(mean: Double, sd: Double, lower: Double, upper: Double)

    /// Checks the parameters; the message names the distribution and the bad parameter.
    public func validate() throws {
        func finite(_ values: Double...) -> Bool { values.allSatisfy(\.isFinite) }
        switch self {
        case let .fixed(v):
            guard finite(v) else { throw NumericsError.invalidArgument("fixed value must be finite") }
        case let .normal(m, sd):
            guard finite(m, sd), sd > 0 else { throw NumericsError.invalidArgument("normal needs a finite mean and sd > 0") }
        case let .lognormal(mu, sigma):
            guard finite(mu, sigma), sigma > 0 else { throw NumericsError.invalidArgument("lognormal needs a finite mu and sigma > 0") }
        case let .uniform(a, b):
            guard finite(a, b), a < b else { throw NumericsError.invalidArgument("uniform needs finite lower < upper") }
        case let .triangular(a, c, b):
            guard finite(a, b, c), a < b, a <= c, c <= b else {
                throw NumericsError.invalidArgument("triangular needs finite lower <= mode <= upper with lower < upper")
            }
        case let .beta(alpha, beta, a, b):
            guard finite(alpha, beta, a, b), alpha > 0, beta > 0, a < b else {
                throw NumericsError.invalidArgument("beta needs alpha > 0, beta > 0 and finite lower < upper")
            }
        case let .truncatedNormal(m, sd, a, b):
            guard finite(m, sd), sd > 0, !a.isNaN, !b.isNaN, a < b else {
                throw NumericsError.invalidArgument("truncated normal needs a finite mean, sd > 0 and lower < upper")
            }
            let pa = gsl_cdf_gaussian_P(a - m, sd), pb = gsl_cdf_gaussian_P(b - m, sd)
            let qa = gsl_cdf_gaussian_Q(a - m, sd), qb = gsl_cdf_gaussian_Q(b - m, sd)
            guard pb - pa > 1e-300 || qa - qb > 1e-300 else {
                throw NumericsError.invalidArgument("truncated normal interval [\(a), \(b)] has no probability mass under N(\(m), \(sd)^2)")
            }
        }
    }

    /// One draw. Consumes the same number of uniforms for a given case, whatever the values,
    /// except `beta`, which uses GSL's rejection-free gamma ratio.
    public func sample(_ stream: RandomStream) -> Double {
        switch self {
        case let .fixed(v):
            return v
        case let .normal(m, sd):
            return m + stream.withRNG { gsl_ran_gaussian($0, sd) }
        case let .lognormal(mu, sigma):
            return stream.withRNG { gsl_ran_lognormal($0, mu, sigma) }
        case let .uniform(a, b):
            return stream.withRNG { gsl_ran_flat($0, a, b) }
        case .triangular:
            return quantile(stream.uniform())
        case let .beta(alpha, beta, a, b):
            return a + (b - a) * stream.withRNG { gsl_ran_beta($0, alpha, beta) }
        case .truncatedNormal:
            return quantile(stream.uniformPositive())
        }
    }

    /// The inverse of the distribution function: the value below which a share `u` of the
    /// probability lies, for `u` in [0, 1]. Sensitivity designs map points of the unit cube
    /// through it. Distributions unbounded on a side take `u` clamped to [2^-53, 1 - 2^-53] there,
    /// so 0 and 1 give far quantiles instead of infinities. GSL's `gsl_cdf_*_Pinv` (normal,
    /// lognormal, beta); closed forms for the uniform and the triangular.
    public func quantile(_ u: Double) -> Double {
        let tiny = 0x1p-53, open = min(max(u, tiny), 1 - tiny)
        switch self {
        case let .fixed(v):
            return v
        case let .normal(m, sd):
            return m + gsl_cdf_gaussian_Pinv(open, sd)
        case let .lognormal(mu, sigma):
            return gsl_cdf_lognormal_Pinv(open, mu, sigma)
        case let .uniform(a, b):
            return a + min(max(u, 0), 1) * (b - a)
        case let .triangular(a, c, b):
            let u = min(max(u, 0), 1)
            let fc = (c - a) / (b - a)
            if u < fc { return a + (u * (b - a) * (c - a)).squareRoot() }
            return b - ((1 - u) * (b - a) * (b - c)).squareRoot()
        case let .beta(alpha, beta, a, b):
            return a + (b - a) * gsl_cdf_beta_Pinv(min(max(u, 0), 1), alpha, beta)
        case let .truncatedNormal(m, sd, a, b):
            let u = open
            if a - m > 0 {
                // Upper tail: invert Q, whose values are accurate there.
                let qa = gsl_cdf_gaussian_Q(a - m, sd), qb = gsl_cdf_gaussian_Q(b - m, sd)
                let x = m + gsl_cdf_gaussian_Qinv(qa - u * (qa - qb), sd)
                return min(max(x, a), b)
            }
            let pa = gsl_cdf_gaussian_P(a - m, sd), pb = gsl_cdf_gaussian_P(b - m, sd)
            let x = m + gsl_cdf_gaussian_Pinv(pa + u * (pb - pa), sd)
            return min(max(x, a), b)
        }
    }

    /// The value a central (no-uncertainty) run uses: the distribution's median, which for a
    /// skewed distribution such as the lognormal is its most representative single value.
    public var central: Double {
        switch self {
        case let .fixed(v): return v
        case let .normal(m, _): return m
        case let .lognormal(mu, _): return exp(mu)
        case let .uniform(a, b): return (a + b) / 2
        case let .triangular(a, c, b):
            if c >= (a + b) / 2 { return a + ((b - a) * (c - a) / 2).squareRoot() }
            return b - ((b - a) * (b - c) / 2).squareRoot()
        case let .beta(alpha, beta, a, b):
            return a + (b - a) * gsl_cdf_beta_Pinv(0.5, alpha, beta)
        case let .truncatedNormal(m, sd, a, b):
            let pa = gsl_cdf_gaussian_P(a - m, sd), pb = gsl_cdf_gaussian_P(b - m, sd)
            if pb - pa > 1e-12 { return m + gsl_cdf_gaussian_Pinv((pa + pb) / 2, sd) }
            let qa = gsl_cdf_gaussian_Q(a - m, sd), qb = gsl_cdf_gaussian_Q(b - m, sd)
            return m + gsl_cdf_gaussian_Qinv((qa + qb) / 2, sd)
        }
    }

    /// True for `.fixed`.
    public var isFixed: Bool {
        if case .fixed = self { return true }
        return false
    }
}
