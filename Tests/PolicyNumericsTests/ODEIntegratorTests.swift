// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyNumerics

@Suite struct ODEIntegratorTests {
    /// dK/dt = I - delta K with constant I has K(t) = I/delta + (K0 - I/delta) e^(-delta t).
    @Test(arguments: [ODEIntegrator.Method.rk8pd, .rkf45, .rkck])
    func capitalAccumulationMatchesTheClosedForm(method: ODEIntegrator.Method) throws {
        let investment = 1250.0, delta = 0.092, k0 = 30_000.0
        let ode = try ODEIntegrator(dimension: 1, method: method) { _, k, dk in
            dk[0] = investment - delta * k[0]
        }
        var k = [k0]
        for year in 0..<8 {
            try ode.integrate(from: Double(year), to: Double(year + 1), state: &k)
            let t = Double(year + 1)
            let exact = investment / delta + (k0 - investment / delta) * Foundation.exp(-delta * t)
            #expect(close(k[0], exact, rel: 1e-9), "year \(year + 1): \(k[0]) vs \(exact)")
        }
    }

    /// A two-equation system, y'' = -y as (y, y'), from (1, 0): y = cos t.
    @Test func harmonicOscillatorMatchesCosine() throws {
        let ode = try ODEIntegrator(dimension: 2) { _, y, dy in
            dy[0] = y[1]
            dy[1] = -y[0]
        }
        var y = [1.0, 0.0]
        try ode.integrate(from: 0, to: 2, state: &y)
        #expect(close(y[0], Foundation.cos(2.0), rel: 1e-9))
        #expect(close(y[1], -Foundation.sin(2.0), rel: 1e-9))
    }

    @Test func wrongStateSizeIsAnError() throws {
        let ode = try ODEIntegrator(dimension: 2) { _, _, dy in dy[0] = 0; dy[1] = 0 }
        var y = [1.0]
        #expect(throws: NumericsError.self) { try ode.integrate(from: 0, to: 1, state: &y) }
    }

    @Test func blowUpIsReportedAsAnError() throws {
        // y' = y^2 from y(0) = 1 has y = 1/(1 - t), infinite at t = 1.
        let ode = try ODEIntegrator(dimension: 1) { _, y, dy in dy[0] = y[0] * y[0] }
        var y = [1.0]
        #expect(throws: NumericsError.self) { try ode.integrate(from: 0, to: 2, state: &y, label: "blow-up") }
    }
}
