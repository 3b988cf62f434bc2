// SPDX-License-Identifier: GPL-3.0-or-later
@preconcurrency internal import CGSL

/// Interpolation of a schedule (year -> value, say) on GSL's `gsl_interp`.
///
/// Asking for a point outside [first x, last x] is an error, never an extrapolation.
/// Immutable after `init` and evaluated without an accelerator, so it is safe to share
/// between threads.
public final class Interpolation: @unchecked Sendable {
    public enum Method: String, Sendable, CaseIterable {
        /// Piecewise linear; needs 2 points.
        case linear
        /// Natural cubic spline (second derivative 0 at both ends); needs 3 points.
        case cubicSpline
    }

    public let method: Method
    public let x: [Double]
    public let y: [Double]
    public let label: String
    private let interp: UnsafeMutablePointer<gsl_interp>

    public convenience init(x: [Double], y: [Double], method: Method = .linear, label: String = "schedule") throws {
        try self.init(x: x, y: y, method: method, label: label, initialise: gsl_interp_init)
    }

    /// `initialise` is GSL's `gsl_interp_init`; tests pass one that fails, to check that a failed
    /// set-up frees the GSL object exactly once.
    init(x: [Double], y: [Double], method: Method, label: String,
         initialise: (UnsafeMutablePointer<gsl_interp>?, UnsafePointer<Double>?, UnsafePointer<Double>?, Int) -> Int32) throws {
        _ = NumericsRuntime.ready
        guard x.count == y.count else {
            throw NumericsError.dimensionMismatch("\(label): \(x.count) points but \(y.count) values")
        }
        let minimum = method == .linear ? 2 : 3
        guard x.count >= minimum else {
            throw NumericsError.invalidArgument("\(label): \(method.rawValue) interpolation needs at least \(minimum) points, got \(x.count)")
        }
        if let k = x.firstIndex(where: { !$0.isFinite }) { throw NumericsError.nonFinite(label: "\(label) points", index: k) }
        if let k = y.firstIndex(where: { !$0.isFinite }) { throw NumericsError.nonFinite(label: "\(label) values", index: k) }
        for k in 1..<x.count where !(x[k] > x[k - 1]) {
            throw NumericsError.invalidArgument("\(label): points must be strictly increasing, but point \(k + 1) (\(x[k])) follows \(x[k - 1])")
        }
        let type = method == .linear ? cgsl_interp_linear() : cgsl_interp_cspline()
        guard let object = gsl_interp_alloc(type, x.count) else {
            throw NumericsError.invalidArgument("\(label): GSL could not allocate an interpolation of \(x.count) points")
        }
        let status = x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in initialise(object, px.baseAddress, py.baseAddress, x.count) }
        }
        // The object is freed here, before `self` owns it: a throwing initialiser whose stored
        // properties are not all set never runs `deinit`, so it cannot be freed twice.
        if status != 0 {
            gsl_interp_free(object)
            try check(status, "\(label): interpolation set-up")
        }
        interp = object
        self.method = method
        self.x = x
        self.y = y
        self.label = label
    }

    deinit { gsl_interp_free(interp) }

    /// The interpolated value at `t`.
    public func value(at t: Double) throws -> Double {
        try evaluate(t) { px, py, out in gsl_interp_eval_e(interp, px, py, t, nil, out) }
    }

    /// The derivative of the interpolant at `t`.
    public func derivative(at t: Double) throws -> Double {
        try evaluate(t) { px, py, out in gsl_interp_eval_deriv_e(interp, px, py, t, nil, out) }
    }

    /// The integral of the interpolant from `a` to `b` (both inside the range).
    public func integral(from a: Double, to b: Double) throws -> Double {
        _ = try value(at: a)
        return try evaluate(b) { px, py, out in gsl_interp_eval_integ_e(interp, px, py, a, b, nil, out) }
    }

    private func evaluate(_ t: Double, _ body: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Int32) throws -> Double {
        guard t.isFinite, t >= x[0], t <= x[x.count - 1] else {
            throw NumericsError.outOfRange(label: label, value: t, lower: x[0], upper: x[x.count - 1])
        }
        var out = 0.0
        let status = x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in body(px.baseAddress!, py.baseAddress!, &out) }
        }
        try check(status, "\(label) at \(t)")
        return out
    }
}
