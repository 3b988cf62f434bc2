// SPDX-License-Identifier: GPL-3.0-or-later
@preconcurrency internal import CGSL

/// An adaptive-step integrator for dy/dt = f(t, y) over GSL's `gsl_odeiv2` driver.
///
/// The driver and the system it points to are allocated once and kept alive for the object's
/// lifetime, so one integrator serves many intervals (one per simulated year, say). The C
/// callback captures nothing; the Swift right-hand side reaches it through the `params` pointer.
///
/// Not thread-safe: give every thread (every Monte Carlo draw) its own integrator.
public final class ODEIntegrator {
    /// The right-hand side: write f(t, y) into `dydt`.
    public typealias RightHandSide = (_ t: Double, _ y: UnsafeBufferPointer<Double>, _ dydt: UnsafeMutableBufferPointer<Double>) -> Void

    /// Explicit embedded Runge-Kutta methods of GSL.
    public enum Method: String, Sendable, CaseIterable {
        /// Runge-Kutta Prince-Dormand (8, 9), GSL's high-accuracy default.
        case rk8pd
        /// Runge-Kutta-Fehlberg (4, 5).
        case rkf45
        /// Runge-Kutta Cash-Karp (4, 5).
        case rkck
    }

    private final class Context {
        let rhs: RightHandSide
        let dimension: Int
        init(rhs: @escaping RightHandSide, dimension: Int) {
            self.rhs = rhs
            self.dimension = dimension
        }
    }

    public let dimension: Int
    public let absoluteTolerance: Double
    public let relativeTolerance: Double
    private let context: Context
    private let system: UnsafeMutablePointer<gsl_odeiv2_system>
    private let driver: UnsafeMutablePointer<gsl_odeiv2_driver>

    /// - Parameters:
    ///   - absoluteTolerance, relativeTolerance: the local error per step is kept below
    ///     `absoluteTolerance + relativeTolerance * |y|` for every component.
    ///   - initialStep: first trial step, in the unit of t (years in the engine).
    public init(dimension: Int, method: Method = .rk8pd, initialStep: Double = 1e-3,
                absoluteTolerance: Double = 1e-12, relativeTolerance: Double = 1e-12,
                rhs: @escaping RightHandSide) throws {
        _ = NumericsRuntime.ready
        guard dimension > 0 else { throw NumericsError.invalidArgument("an ODE system needs at least one equation") }
        guard initialStep > 0, absoluteTolerance >= 0, relativeTolerance >= 0,
              absoluteTolerance + relativeTolerance > 0 else {
            throw NumericsError.invalidArgument("ODE step and tolerances must be positive")
        }
        self.dimension = dimension
        self.absoluteTolerance = absoluteTolerance
        self.relativeTolerance = relativeTolerance
        context = Context(rhs: rhs, dimension: dimension)
        system = UnsafeMutablePointer<gsl_odeiv2_system>.allocate(capacity: 1)
        let function: @convention(c) (Double, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutableRawPointer?) -> Int32 = { t, y, dydt, params in
            let ctx = Unmanaged<Context>.fromOpaque(params!).takeUnretainedValue()
            ctx.rhs(t, UnsafeBufferPointer(start: y, count: ctx.dimension),
                    UnsafeMutableBufferPointer(start: dydt, count: ctx.dimension))
            return 0
        }
        system.initialize(to: gsl_odeiv2_system(function: function, jacobian: nil, dimension: dimension,
                                                params: Unmanaged.passUnretained(context).toOpaque()))
        let stepType: UnsafePointer<gsl_odeiv2_step_type>
        switch method {
        case .rk8pd: stepType = cgsl_step_rk8pd()
        case .rkf45: stepType = cgsl_step_rkf45()
        case .rkck: stepType = cgsl_step_rkck()
        }
        guard let d = gsl_odeiv2_driver_alloc_y_new(system, stepType, initialStep, absoluteTolerance, relativeTolerance) else {
            system.deallocate()
            throw NumericsError.invalidArgument("could not allocate the ODE driver")
        }
        driver = d
    }

    deinit {
        gsl_odeiv2_driver_free(driver)
        system.deinitialize(count: 1)
        system.deallocate()
    }

    /// Integrates `state` from `t0` to `t1` in place.
    public func integrate(from t0: Double, to t1: Double, state: inout [Double], label: String = "ODE") throws {
        guard state.count == dimension else {
            throw NumericsError.dimensionMismatch("\(label): state has \(state.count) values, the system has \(dimension)")
        }
        guard t0.isFinite, t1.isFinite else { throw NumericsError.invalidArgument("\(label): integration bounds must be finite") }
        if let k = state.firstIndex(where: { !$0.isFinite }) { throw NumericsError.nonFinite(label: "\(label) initial state", index: k) }
        _ = gsl_odeiv2_driver_reset(driver)
        var t = t0
        let status = state.withUnsafeMutableBufferPointer { gsl_odeiv2_driver_apply(driver, &t, t1, $0.baseAddress) }
        try check(status, "\(label) from t = \(t0) to \(t1), stopped at t = \(t)")
        if let k = state.firstIndex(where: { !$0.isFinite }) { throw NumericsError.nonFinite(label: "\(label) state", index: k) }
    }
}
