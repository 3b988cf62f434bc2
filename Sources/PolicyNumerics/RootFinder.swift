// SPDX-License-Identifier: GPL-3.0-or-later
@preconcurrency internal import CGSL

/// Bracketing scalar root finding with Brent's method (GSL `gsl_root_fsolver_brent`).
public enum RootFinder {
    private final class Context {
        let f: (Double) -> Double
        init(_ f: @escaping (Double) -> Double) { self.f = f }
    }

    /// A root of `f` in [lower, upper], where f(lower) and f(upper) differ in sign.
    ///
    /// Stops when the bracket satisfies |a - b| < absoluteTolerance + relativeTolerance min(|a|, |b|)
    /// (`gsl_root_test_interval`) and returns its midpoint. Throws `.noBracket` when the ends
    /// share a sign, `.notConverged` after `maxIterations`.
    public static func brent(in lower: Double, _ upper: Double,
                             absoluteTolerance: Double = 1e-12, relativeTolerance: Double = 1e-12,
                             maxIterations: Int = 200, label: String = "root finding",
                             _ f: (Double) -> Double) throws -> Double {
        _ = NumericsRuntime.ready
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw NumericsError.invalidArgument("\(label): the bracket must be finite with lower < upper, got [\(lower), \(upper)]")
        }
        let fl = f(lower), fu = f(upper)
        guard fl.isFinite, fu.isFinite else {
            throw NumericsError.invalidArgument("\(label): the function is not finite at the ends of [\(lower), \(upper)]")
        }
        if fl == 0 { return lower }
        if fu == 0 { return upper }
        guard (fl < 0) != (fu < 0) else {
            throw NumericsError.noBracket(lower: lower, upper: upper, fLower: fl, fUpper: fu)
        }
        return try withoutActuallyEscaping(f) { escapable in
            let context = Context(escapable)
            return try withExtendedLifetime(context) {
                let callback: @convention(c) (Double, UnsafeMutableRawPointer?) -> Double = { x, params in
                    Unmanaged<Context>.fromOpaque(params!).takeUnretainedValue().f(x)
                }
                var function = gsl_function(function: callback, params: Unmanaged.passUnretained(context).toOpaque())
                guard let solver = gsl_root_fsolver_alloc(cgsl_root_brent()) else {
                    throw NumericsError.invalidArgument("\(label): could not allocate the root solver")
                }
                defer { gsl_root_fsolver_free(solver) }
                try check(gsl_root_fsolver_set(solver, &function, lower, upper), label)
                for _ in 0..<maxIterations {
                    try check(gsl_root_fsolver_iterate(solver), label)
                    let a = gsl_root_fsolver_x_lower(solver), b = gsl_root_fsolver_x_upper(solver)
                    if gsl_root_test_interval(a, b, absoluteTolerance, relativeTolerance) == 0 {
                        return gsl_root_fsolver_root(solver)
                    }
                }
                throw NumericsError.notConverged(label: label, iterations: maxIterations)
            }
        }
    }
}
