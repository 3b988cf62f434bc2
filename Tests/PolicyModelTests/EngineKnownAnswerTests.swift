// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyModel
import PolicyNumerics

@Suite struct EngineKnownAnswerTests {
    /// Miller & Blair (2009), Table 2.3: final demand [600, 1500] gives x = [1247.525, 1841.584].
    /// The base final demand is [350, 1700]; two rules add 250 and -200.
    @Test func finalDemandRuleReproducesMillerBlair() throws {
        let economy = Economy(TinyEconomy.make())
        let scenario = TinyEconomy.scenario(rules: [
            TinyEconomy.shock("up", sector: "a", value: 250, years: 2023...2023),
            TinyEconomy.shock("down", sector: "b", value: -200, years: 2023...2023),
        ])
        let result = try Projection.run(economy, scenario, options: ProjectionOptions(threads: 1))
        let x2023 = result.central[1].output
        #expect(abs(x2023[0] - 1247.525) < 5e-4, "\(x2023[0])")
        #expect(abs(x2023[1] - 1841.584) < 5e-4, "\(x2023[1])")
        // In 2024 the rules are off and output is back at the base: growth target 0.
        #expect(abs(result.central[2].output[0] - 1000) < 1e-6)
        // The baseline itself holds output at [1000, 2000] with zero growth.
        #expect(abs(result.baseline.states[3].output[1] - 2000) < 1e-6)
        #expect(result.central.allSatisfy { $0.identityResidual < 1e-12 })
    }

    /// With no imports, no capacity limit and no provincial differentials, output and GDP are
    /// proportional to final demand, so a 3 % GDP target needs final demand to grow by exactly
    /// lambda = 0.03 (the calibration's affine step finds it; Brent is not needed).
    @Test func baselineCalibrationIsExactWhenGDPIsAffine() throws {
        let economy = Economy(TinyEconomy.make())
        let result = try Projection.run(economy, TinyEconomy.scenario(rules: [], growth: 0.03), options: ProjectionOptions(threads: 1))
        for t in 1...3 {
            #expect(abs(result.baseline.lambda[t] - 0.03) < 1e-12, "\(result.baseline.lambda[t])")
            let ratio = result.baseline.states[t].gdp[0] / result.baseline.states[t - 1].gdp[0]
            #expect(abs(ratio - 1.03) < 1e-12)
        }
    }

    /// When a capacity limit binds, GDP is only piecewise affine in lambda and the calibration
    /// falls back to Brent. Sector a (industry, utilisation 1) cannot exceed its 2022 output of
    /// 1000 in 2023, so the extra GDP must come from b: 0.65 x 1000 + 0.70 x_b = 1.03 x 2050,
    /// x_b = (2111.5 - 650) / 0.7; b's balance 0.95 x_b = 0.20 x 1000 + 1700 (1 + lambda) gives lambda.
    @Test func baselineCalibrationWithABindingCapacityLimit() throws {
        let economy = Economy(TinyEconomy.make(groups: [.industry, .services]))
        let result = try Projection.run(economy, TinyEconomy.scenario(rules: [], years: 2023...2023, growth: 0.03),
                                        options: ProjectionOptions(threads: 1))
        let s = result.baseline.states[1]
        let xb = (2111.5 - 650) / 0.7
        let lambda = (0.95 * xb - 200) / 1700 - 1
        #expect(s.leak[0] > 0, "sector a should be at capacity")
        #expect(abs(s.output[0] - 1000) < 1e-9)
        #expect(abs(s.output[1] - xb) < 1e-8, "\(s.output[1]) vs \(xb)")
        #expect(abs(result.baseline.lambda[1] - lambda) < 1e-10, "\(result.baseline.lambda[1]) vs \(lambda)")
        #expect(abs(s.gdp[0] - 2111.5) < 1e-8)
    }

    /// dK/dt = I - delta K with constant I (zero growth keeps investment at its base) has the
    /// closed form K(t) = I/delta + (K0 - I/delta) e^(-delta t).
    @Test func capitalStockFollowsTheClosedForm() throws {
        let economy = Economy(TinyEconomy.make(capital: [200, 400], investment: [50, 100], depreciation: 0.1))
        let result = try Projection.run(economy, TinyEconomy.scenario(rules: [], years: 2023...2027), options: ProjectionOptions(threads: 1))
        for (t, state) in result.central.enumerated() {
            for (k, (k0, i)) in [(200.0, 50.0), (400.0, 100.0)].enumerated() {
                let exact = i / 0.1 + (k0 - i / 0.1) * exp(-0.1 * Double(t))
                #expect(abs(state.capital[k] - exact) <= 1e-9 * exact, "year \(state.year), sector \(k): \(state.capital[k]) vs \(exact)")
            }
        }
    }

    /// A fiscal rule's cost is what its parameters say: an investment programme of 900 over three
    /// years with fiscal share 0.5 costs 150 a year. Additionality 1 makes all of it new demand.
    @Test func investmentProgrammeCostsItsFiscalShare() throws {
        let economy = Economy(TinyEconomy.make())
        let rule = Rule(id: "p", task: "t", description: "", measure: .investmentProgramme, areas: ["China"], perProvince: false,
                        sectors: [], condition: nil, conditionText: "", firstYear: 2023, lastYear: 2025, phaseIn: [],
                        numbers: ["amount": .value(900), "fiscal_share": .value(0.5), "additionality": .value(1)],
                        composition: [(sector: "a", share: 1)], component: nil, fromAreas: [], operation: nil, inputSectors: [], origin: "")
        let result = try Projection.run(economy, TinyEconomy.scenario(rules: [rule]), options: ProjectionOptions(threads: 1))
        for y in 1...3 { #expect(abs(result.central[y].fiscal[0][0] - 150) < 1e-9) }
        // 300 a year of extra demand for sector a raises output by 300 x L[:, a] = 300 x [1.25412541, 0.2640264].
        #expect(abs(result.central[1].output[0] - 1000 - 300 * 1.25412541) < 1e-4)
        #expect(abs(result.central[1].output[1] - 2000 - 300 * 0.2640264) < 1e-4)
    }

    /// pymrio's two-region, three-sector test system (pymrio/mrio_models/test_mrio): its Leontief
    /// inverse has L[0, 0] = 1.3387146304736708 and L[4, 4] = 1.9545285794951548.
    @Test func pymrioTestSystemLeontiefInverse() throws {
        let z: [[Double]] = [[10, 5, 1, 6, 5, 7], [0, 2, 0, 0, 5, 3], [10, 3, 20, 4, 2, 0],
                             [5, 0, 0, 1, 10, 9], [0, 10, 1, 0, 20, 1], [5, 0, 0, 1, 10, 10]]
        let x: [Double] = [51, 15, 58, 50, 52, 39]
        var a = Matrix(rows: 6, columns: 6)
        for i in 0..<6 { for j in 0..<6 { a[i, j] = z[i][j] / x[j] } }
        let l = try LUFactorization(Matrix.identity(6) - a).inverse()
        #expect(abs(l[0, 0] - 1.3387146304736708) < 1e-12)
        #expect(abs(l[4, 4] - 1.9545285794951548) < 1e-12)
        // And the final demand of the test system reproduces x: rows [14,3], [2.5,2.5], [13,6], [5,20], [10,10], [3,10].
        let f: [Double] = [17, 5, 19, 25, 20, 13]
        let out = try LUFactorization(Matrix.identity(6) - a).solve(Vector(f))
        for i in 0..<6 { #expect(abs(out[i] - x[i]) < 1e-9) }
    }
}

/// Capacity that binds: added capital adds output where a sector is at its limit.
@Suite struct CapacityKnownAnswerTests {
    /// Sector a is an industry sector at full utilisation with capital 500, so its capacity is
    /// 2 x its capital (base output 1000), while 5 % growth asks for more than its capital adds:
    /// it is at capacity every year. A fund adds F = 10 of
    /// investment to sector a's capital in 2023 only (buying sector b's product). Investment
    /// rises linearly over 2023 from the base to base + F (the capital ODE's path), so the end-of-
    /// year capital gains F (1/delta - (1 - e^-delta)/delta^2), and 2024's output of a, still at
    /// capacity, gains twice that.
    @Test func addedCapitalAddsOutputWhereCapacityBinds() throws {
        let economy = Economy(TinyEconomy.make(capital: [500, 400], investment: [50, 100], groups: [.industry, .services]))
        let fund = Rule(id: "fund", task: "t", description: "", measure: .investmentFund, areas: ["Alpha"], perProvince: false,
                        sectors: ["a"], condition: nil, conditionText: "", firstYear: 2023, lastYear: 2023, phaseIn: [],
                        numbers: ["fund": .value(10), "leverage": .value(1), "additionality": .value(1), "financing_crowding_out": .value(0)],
                        composition: [(sector: "b", share: 1)], component: nil, fromAreas: [], operation: nil, inputSectors: [], origin: "")
        let result = try Projection.run(economy, TinyEconomy.scenario(rules: [fund], years: 2023...2024, growth: 0.05),
                                        options: ProjectionOptions(threads: 1))
        let delta = 0.1, f = 10.0
        let addedCapital = f * (1 / delta - (1 - exp(-delta)) / (delta * delta))
        let base = result.baseline.noPolicy, run = result.central
        #expect(base[2].leak[0] > 2 * addedCapital && run[2].leak[0] > 0, "sector a must stay at capacity in 2024")
        #expect(abs(base[2].output[0] - base[2].capacity[0]) < 1e-9 && abs(run[2].output[0] - run[2].capacity[0]) < 1e-9)
        #expect(abs(run[1].capital[0] - base[1].capital[0] - addedCapital) < 1e-9 * addedCapital, "\(run[1].capital[0] - base[1].capital[0]) vs \(addedCapital)")
        #expect(abs(run[2].output[0] - base[2].output[0] - 2 * addedCapital) < 1e-9, "\(run[2].output[0] - base[2].output[0]) vs \(2 * addedCapital)")
    }
}
