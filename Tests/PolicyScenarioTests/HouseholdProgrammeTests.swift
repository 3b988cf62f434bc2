// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyData
@testable import PolicyModel
import PolicyScenario

/// A consumption programme over both household kinds (`component: [rural_households,
/// urban_households]`): the two act as one buyer, each getting its own baseline share of every
/// good it buys and of the spending displaced.
@Suite struct HouseholdProgrammeTests {
    typealias V = EngineVerificationTests

    /// The additions of the rule to household demand, against the closed form written out from
    /// the 2023 baseline: with subsidy S, leverage L, additionality 1 and crowding-out c over all
    /// of China, province p gets G_p = S L H_p / sum H of purchases, H_p being rural plus urban
    /// baseline demand over all sectors; household kind b gets G_p b(p, car) / (r + u)(p, car)
    /// of its cars and loses c G_p b(p, i) / H_p of each sector i.
    @Test func bothHouseholdKindsShareThePurchasesByTheirBaselineDemand() throws {
        let (s, l, c) = (1000.0, 2.0, 0.3)
        var rule = V.rule("trade-ins", .consumptionProgramme, areas: ["China"], sectors: ["automobiles"], years: 2023...2023,
                          numbers: ["subsidy": .value(s), "leverage": .value(l), "crowding_out": .value(c), "additionality": .value(1)])
        rule.components = [.ruralHouseholds, .urbanHouseholds]
        let scenario = V.scenario([rule], years: 2023...2023)
        let economy = V.economy
        let runner = PathRunner(economy: economy, scenario: scenario, cache: FactorisationCache(size: economy.size))
        let baseline = try runner.calibrateBaseline()
        let context = MeasureContext(economy: economy, year: 2023, phase: .scheduled, baselineDemand: baseline.demand[1],
                                     baselineExports: baseline.exports[1], previous: baseline.states[0], pre: nil, structure: .base,
                                     values: [:], recordTrace: false)
        let effect = try Measures.effect(of: rule, context)

        var got: [String: Double] = [:]
        for add in effect.additions {
            guard case let .demand(kind) = add.flow, kind == .ruralHouseholds || kind == .urbanHouseholds else { continue }
            got["\(kind) \(add.row)", default: 0] += add.amount
        }
        let n = economy.n, provinces = economy.provinces
        let demand = baseline.demand[1]
        let car = economy.data.sectorIndex("automobiles")!
        let h = (0..<provinces).map { p in (0..<n).reduce(0.0) { $0 + demand[.ruralHouseholds, p * n + $1] + demand[.urbanHouseholds, p * n + $1] } }
        let hTotal = h.reduce(0, +)
        var checked = 0
        for p in 0..<provinces {
            let g = s * l * h[p] / hTotal
            let cars = demand[.ruralHouseholds, p * n + car] + demand[.urbanHouseholds, p * n + car]
            for kind in [DemandComponent.ruralHouseholds, .urbanHouseholds] {
                for i in 0..<n {
                    let own = demand[kind, p * n + i]
                    let expected = (i == car ? g * own / cars : 0) - c * g * own / h[p]
                    let value = got["\(kind) \(p * n + i)"] ?? 0
                    #expect(abs(value - expected) <= 1e-9 * max(1, abs(expected)), "\(kind) province \(p) sector \(i): \(value) vs \(expected)")
                    checked += 1
                }
            }
        }
        #expect(checked == 2 * provinces * n)
        // Both kinds buy cars in every province of the data set, so both get a part.
        #expect((0..<provinces).allSatisfy { (got["\(DemandComponent.ruralHouseholds) \($0 * n + car)"] ?? 0) > 0 && (got["\(DemandComponent.urbanHouseholds) \($0 * n + car)"] ?? 0) > 0 })
        // The budget pays the subsidy, S in all.
        #expect(abs(effect.fiscal.reduce(0) { $0 + $1.amount } - s) <= 1e-9 * s)
    }

    /// The list is read from a scenario file in the order written.
    @Test func theListIsReadFromAScenarioFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-households-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("trade-ins.yaml")
        try """
            version: 1
            name: trade-ins
            data: \(Fixtures.repo.appendingPathComponent("Scenarios/data/china-2022").path)
            horizon: 2023-2026
            baseline: {growth: 5%}
            rules:
              - id: trade-ins
                measure: consumption_programme
                areas: China
                sectors: [automobiles, household_appliances]
                component: [urban_households, rural_households]
                years: 2024
                subsidy: 1500
            """.write(to: file, atomically: true, encoding: .utf8)
        let (scenario, _) = try Fixtures.loader.load(file.path)
        #expect(scenario.rules.map(\.components) == [[.urbanHouseholds, .ruralHouseholds]])
    }
}
