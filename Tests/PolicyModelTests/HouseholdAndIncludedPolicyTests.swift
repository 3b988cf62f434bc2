// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyModel
import PolicyNumerics

/// Induced household consumption and baselines that contain policy, against closed forms.
@Suite struct HouseholdAndIncludedPolicyTests {
    /// Miller & Blair (2009), section 2.5: Table 2.3's economy closed with respect to households,
    /// labour inputs [0.30, 0.25] per unit of output, household purchases [0.05, 0.40] per unit of
    /// income and 0.05 of households' own labour per unit of income. The closed inverse the book
    /// prints has first column [1.3651, 0.5273, 0.5698]. In the engine's terms: compensation per
    /// output w = [0.30, 0.25] / (1 - 0.05) (income paid to households for households' own
    /// labour, 0.05 of every yuan, counted once), propensity c = 0.45, spent 1 : 8 on the two
    /// goods. One more unit of final demand for good 1 then raises output by that column.
    @Test func typeIIClosureReproducesMillerBlairSection2_5() throws {
        let data = TinyEconomy.make(compensation: [0.30 / 0.95, 0.25 / 0.95], households: [10, 80])
        let rule = TinyEconomy.shock("one", sector: "a", value: 100, years: 2023...2023)
        let scenario = TinyEconomy.scenario(rules: [rule], households: .endogenous(propensity: .value(0.45)))
        let result = try Projection.run(Economy(data), scenario, options: ProjectionOptions(threads: 1))
        let dx = (0..<2).map { (result.central[1].output[$0] - result.baseline.noPolicy[1].output[$0]) / 100 }
        #expect(abs(dx[0] - 1.3651) < 5e-5 && abs(dx[1] - 0.5273) < 5e-5, "\(dx)")
        // And to rounding, against the closed 3 x 3 inverse computed here.
        let closed = try Matrix([[0.15, 0.25, 0.05], [0.20, 0.05, 0.40], [0.30, 0.25, 0.05]])
        let l = try LUFactorization(Matrix.identity(3) - closed).solve(Vector([1, 0, 0]))
        #expect(abs(dx[0] - l[0]) < 1e-10 && abs(dx[1] - l[1]) < 1e-10)
        // Without the closure the effect is Type I: Table 2.3's first column, [1.2541, 0.2640].
        let open = try Projection.run(Economy(data), TinyEconomy.scenario(rules: [rule]), options: ProjectionOptions(threads: 1))
        let di = (0..<2).map { (open.central[1].output[$0] - open.baseline.states[1].output[$0]) / 100 }
        #expect(abs(di[0] - 1.2541) < 5e-5 && abs(di[1] - 0.2640) < 5e-5, "\(di)")
        // The accounts still add up: the induced consumption is in household demand.
        #expect(result.central.allSatisfy { $0.identityResidual < 1e-12 })
    }

    /// One sector, no imports: x = a x + f + c w (x - x_ref), so dx/df = 1 / (1 - a - c w) = 2
    /// for a = 0.2, w = 0.5, c = 0.6.
    @Test func oneSectorClosedForm() throws {
        let a = 0.2, w = 0.5, c = 0.6
        let sector = Sector(id: "s", name: "only", group: .services, isKeyIndustry: false, provinceKey: .group, products: [])
        var national = FlowTable(rows: 1, columns: FlowColumn.national)
        var provincial = FlowTable(rows: 1, columns: FlowColumn.allCases)
        for (table, set) in [(0, { (col: FlowColumn, v: Double) in national[col, 0] = v }), (1, { (col: FlowColumn, v: Double) in provincial[col, 0] = v })] {
            _ = table
            set(.output, 100); set(.intermediateInput, a * 100); set(.valueAdded, (1 - a) * 100)
            set(.compensation, w * 100); set(.operatingSurplus, (1 - a - w) * 100); set(.intermediateUse, a * 100)
            set(.ruralHouseholds, 40); set(.government, 100 - a * 100 - 40); set(.employment, 1)
            set(.investment, 10); set(.capitalStock, 100)
        }
        let data = DataSet(name: "one", title: "one sector", baseYear: 2022, sectors: [sector],
                           provinces: [Province(id: "Alpha", nameZh: "", region: "East", capital: "", latitude: 0, longitude: 0, gdp: (1 - a) * 100)],
                           aggregates: [Aggregate(id: "China", kind: .nation, members: [.init(province: "Alpha", weight: 1)])],
                           externals: [], national: national, coefficients: try Matrix([[a]]), provincial: provincial,
                           sourcing: [Matrix.identity(1)], gdpHistory: ["Alpha": [2017: 1, 2022: 1]],
                           parameters: ["depreciation_rate": 0.1], provenance: [])
        let rule = TinyEconomy.shock("f", sector: "s", value: 10, years: 2023...2023)
        let result = try Projection.run(Economy(data), TinyEconomy.scenario(rules: [rule], households: .endogenous(propensity: .value(c))),
                                        options: ProjectionOptions(threads: 1))
        let dx = result.central[1].output[0] - result.baseline.noPolicy[1].output[0]
        #expect(abs(dx - 10 / (1 - a - c * w)) < 1e-9, "\(dx)")
    }

    /// A baseline that contains a final-demand rule meets its growth target with the rule in
    /// force; the no-policy path is the target path minus L dy, L the Leontief inverse of
    /// Table 2.3 solved here, dy the rule's demand (growth 3 %, so the rule's 100 adds to a
    /// baseline that itself grew).
    @Test func noPolicyPathIsTheTargetPathLessTheRulesLeontiefResponse() throws {
        let rule = TinyEconomy.shock("package", sector: "a", value: 100, years: 2023...2024)
        let scenario = TinyEconomy.scenario(rules: [rule], growth: 0.03, included: IncludedPolicy(rules: [rule], source: "test"))
        let result = try Projection.run(Economy(TinyEconomy.make()), scenario, options: ProjectionOptions(threads: 1))
        let b = result.baseline
        let l = try LUFactorization(Matrix.identity(2) - (try Matrix([[0.15, 0.25], [0.20, 0.05]]))).solve(Vector([100, 0]))
        for t in 1...2 {
            // The target path (with the rule) grows by exactly 3 %.
            #expect(abs(b.states[t].gdp[0] / b.states[t - 1].gdp[0] - 1.03) < 1e-12)
            for i in 0..<2 { #expect(abs(b.states[t].output[i] - b.noPolicy[t].output[i] - l[i]) < 1e-9, "year \(t) sector \(i)") }
            // The run with the rule is the target path.
            for i in 0..<2 { #expect(abs(result.central[t].output[i] - b.states[t].output[i]) < 1e-9) }
        }
        // 2025: the rule is over and the paths meet; the target growth in 2025 is met without it.
        for i in 0..<2 { #expect(abs(b.states[3].output[i] - b.noPolicy[3].output[i]) < 1e-9) }
        #expect(b.includesPolicy && !result.baseline.lambda.isEmpty)
    }
}
