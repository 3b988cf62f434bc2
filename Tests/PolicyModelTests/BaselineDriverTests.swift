// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import PolicyModel
import PolicyNumerics

/// Baseline drivers by component and sector: measured composition trends and components with
/// their own growth, lambda the residual that meets the target.
@Suite struct BaselineDriverTests {
    /// Miller & Blair's two sectors (final demand [350, 1700], all of it government, no imports):
    /// with no imports every sector's value-added multiplier is 1, so GDP = total final demand
    /// and the target 1.05 x 2050 is met when sum_i f_i (1 + lambda + tau_i) = 1.05 x 2050, i.e.
    /// lambda = 0.05 - sum_i f_i tau_i / 2050. The trend: sector a's share of government demand
    /// moves from 1/2 to e^0.09 / (e^0.09 + 1) over 2017-2020.
    @Test func sectorTrendsShiftGrowthAndLambdaMeetsTheTarget() throws {
        var data = TinyEconomy.make()
        let grown = exp(0.09)
        data.demandTrends = DemandTrends(from: 2017, to: 2020, demandFrom: [.government: [1, 1]], demandTo: [.government: [grown, 1]])
        let tauA = log(grown / (grown + 1) / 0.5) / 3, tauB = log(1 / (grown + 1) / 0.5) / 3
        for persistence in [1.0, 0.5] {
            var scenario = TinyEconomy.scenario(rules: [], years: 2023...2023, growth: 0.05)
            scenario.baseline.trendPersistence = persistence
            let result = try Projection.run(Economy(data), scenario, options: ProjectionOptions(threads: 1))
            let f0 = result.baseline.demand[0][.government], f1 = result.baseline.demand[1][.government]
            let ta = persistence * tauA, tb = persistence * tauB
            let lambda = 0.05 - (350 * ta + 1700 * tb) / 2050
            #expect(abs(result.baseline.lambda[1] - lambda) < 1e-12, "\(result.baseline.lambda[1]) vs \(lambda)")
            #expect(abs(f1[0] / f0[0] - (1 + lambda + ta)) < 1e-12 && abs(f1[1] / f0[1] - (1 + lambda + tb)) < 1e-12)
            #expect(abs(result.baseline.states[1].gdp[0] - 1.05 * 2050) < 1e-9)
        }
    }

    /// A component with its own growth: government demand grows at 2 % while the target is 5 %.
    /// With households the only other demand (rural consumption [50, 200] taken out of the
    /// government column), lambda = (0.05 x 2050 - 0.02 x G0) / H0 with G0 = 1800, H0 = 250.
    @Test func aComponentWithItsOwnGrowthLeavesLambdaTheResidual() throws {
        let data = TinyEconomy.make(households: [50, 200])
        var scenario = TinyEconomy.scenario(rules: [], years: 2023...2023, growth: 0.05)
        scenario.baseline.componentGrowth = [.government: 0.02]
        let result = try Projection.run(Economy(data), scenario, options: ProjectionOptions(threads: 1))
        let lambda = (0.05 * 2050 - 0.02 * 1800) / 250
        #expect(abs(result.baseline.lambda[1] - lambda) < 1e-12, "\(result.baseline.lambda[1]) vs \(lambda)")
        let g0 = result.baseline.demand[0][.government], g1 = result.baseline.demand[1][.government]
        #expect(abs(g1[0] / g0[0] - 1.02) < 1e-12 && abs(g1[1] / g0[1] - 1.02) < 1e-12)
        #expect(abs(result.baseline.states[1].gdp[0] - 1.05 * 2050) < 1e-9)
    }
}
