// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
import PolicyModel

/// final_demand_shock's numbers against closed forms on Miller & Blair's Table 2.3 economy
/// (`TinyEconomy`): `amount` is a total over the rule's years, spent by phase-in level as every
/// amount is; `set` with `relative_to` makes the component a factor times an earlier year's
/// baseline level.
@Suite struct ShockAmountTests {
    static func rule(_ numbers: [String: ParameterValue], operation: ShockOperation, years: ClosedRange<Int>,
                     phaseIn: [(year: Int, level: Double)] = [], relativeTo: Int? = nil) -> Rule {
        var r = Rule(id: "r", task: "t", description: "", measure: .finalDemandShock, areas: ["Alpha"], perProvince: false, sectors: ["a"],
                     condition: nil, conditionText: "", firstYear: years.lowerBound, lastYear: years.upperBound, phaseIn: phaseIn,
                     numbers: numbers, composition: nil, component: .government, fromAreas: [], operation: operation,
                     inputSectors: [], origin: "")
        r.relativeTo = relativeTo
        return r
    }

    /// Government demand for good a in each simulated year, run and no-policy path.
    static func demand(_ rule: Rule, growth: Double = 0) throws -> (run: [Double], baseline: [Double]) {
        let scenario = TinyEconomy.scenario(rules: [rule], years: 2023...2025, growth: growth)
        let result = try Projection.run(Economy(TinyEconomy.make()), scenario, options: ProjectionOptions(threads: 1))
        return ((1...3).map { result.central[$0].demand[.government, 0] },
                (1...3).map { result.baseline.noPolicy[$0].demand[.government, 0] })
    }

    /// 300 over 2023-2025 with levels 0.5, 0.75 and 1 (phase-in points 2023: 0.5, 2025: 1,
    /// linear between): the years get 300 x 0.5 / 2.25, 300 x 0.75 / 2.25 and 300 / 2.25.
    @Test func anAmountIsATotalSpentByPhaseInLevel() throws {
        let r = Self.rule(["amount": .value(300)], operation: .add, years: 2023...2025, phaseIn: [(2023, 0.5), (2025, 1)])
        let (run, base) = try Self.demand(r)
        let expected: [Double] = [0.5, 0.75, 1].map { 300 * $0 / 2.25 }
        for y in 0..<3 { #expect(abs(run[y] - base[y] - expected[y]) < 1e-9, "year \(2023 + y): \(run[y] - base[y])") }
        #expect(abs(zip(run, base).map { $0 - $1 }.reduce(0, +) - 300) < 1e-9)
    }

    /// Government demand for a in the base year is x - Z 1 = 1000 - 150 - 500 = 350 (Table 2.3),
    /// so 25 % above the base year is 437.5 in every year the rule is in force, whatever the
    /// baseline's growth; at a phase-in level of 0.5 the year closes half of the gap.
    @Test func aTargetRelativeToTheBaseYear() throws {
        let full = Self.rule(["value": .value(1.25)], operation: .set, years: 2024...2025, relativeTo: 2022)
        let (run, base) = try Self.demand(full, growth: 0.05)
        #expect(abs(run[0] - base[0]) < 1e-9, "2023 is before the rule: \(run[0]) vs \(base[0])")
        #expect(abs(run[1] - 437.5) < 1e-9 && abs(run[2] - 437.5) < 1e-9, "\(run)")
        #expect(base[2] > 350, "the baseline grows: \(base)")

        let half = Self.rule(["value": .value(1.25)], operation: .set, years: 2024...2025, phaseIn: [(2024, 0.5), (2025, 0.5)], relativeTo: 2022)
        let (h, hb) = try Self.demand(half, growth: 0.05)
        for y in 1...2 { #expect(abs(h[y] - (hb[y] + 0.5 * (437.5 - hb[y]))) < 1e-9, "\(h[y])") }
    }

    /// Relative to 2023, a year of the projection: the level is 1.25 times the baseline's 2023
    /// demand (the no-policy path before the rule), not the year's own.
    @Test func aTargetRelativeToAnEarlierProjectedYear() throws {
        let r = Self.rule(["value": .value(1.25)], operation: .set, years: 2024...2025, relativeTo: 2023)
        let (run, base) = try Self.demand(r, growth: 0.05)
        #expect(base[0] > 350 && base[1] > base[0], "\(base)")
        for y in 1...2 { #expect(abs(run[y] - 1.25 * base[0]) < 1e-9, "year \(2023 + y): \(run[y]) vs \(1.25 * base[0])") }
    }
}
