// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PropertyBased
import Testing
@testable import PolicyModel
import PolicyNumerics

/// Scenarios generated from every measure kind, with and without conditions, over random years,
/// areas, sectors and phase-ins. Each must give the same numbers with a fresh factorisation for
/// every system, and attribution by rule must equal the Shapley values of separate runs.
///
/// `make test` runs a few cases; `make verify` many (POLICYSIM_VERIFY_CASES). A failure prints
/// the generator's seed, which `.fixedSeed(...)` on the test replays.
@Suite struct GeneratedScenarioTests {
    static let cases = ProcessInfo.processInfo.environment["POLICYSIM_VERIFY_CASES"].flatMap(Int.init) ?? 4

    /// One generated rule, as plain values (so the generator can shrink it).
    struct RuleSpec: Sendable, CustomStringConvertible {
        var kind: MeasureKind
        var area: Int
        var sectors: [Int]
        var start: Int
        var length: Int
        var condition: Int
        var phaseIn: Double?
        var strength: Double
        var perProvince: Bool
        var uncertain: Bool

        var description: String {
            "\(kind.rawValue) area \(GeneratedScenarioTests.areas[area]) sectors \(sectors) years \(2023 + start)+\(length) "
                + "when \(GeneratedScenarioTests.conditions[condition] ?? "-") phase \(phaseIn.map { "\($0)" } ?? "-") "
                + "strength \(strength) perProvince \(perProvince) uncertain \(uncertain)"
        }
    }

    static let areas = ["China", "East", "Central", "West", "Northeast", "Central-West", "Beijing-Tianjin-Hebei",
                        "Yangtze River Delta", "Greater Bay Area", "Hebei", "Guangdong", "Sichuan", "Jilin", "Shanghai"]
    static let clusters = ["Beijing-Tianjin-Hebei", "Yangtze River Delta", "Greater Bay Area"]
    static let conditions: [String?] = [nil, nil, "output_growth < 6%", "year == 2024", "gdp_growth > 4% and not share_of_gdp > 50%",
                                        "capacity_utilisation > 0.5 or year >= 2025", "national_gdp_growth >= 0 and employment > 0"]

    static let ruleGen = zip(
        Gen<MeasureKind>.case, Gen.int(in: 0...(areas.count - 1)), Gen.int(in: 0...17).array(of: 0...3),
        Gen.int(in: 0...3), Gen.int(in: 0...3), Gen.int(in: 0...(conditions.count - 1)), Gen.double(in: 0.2...1).optional,
        Gen.double(in: 0...1), Gen.bool, Gen.bool
    ).map { RuleSpec(kind: $0, area: $1, sectors: $2, start: $3, length: $4, condition: $5, phaseIn: $6, strength: $7, perProvince: $8, uncertain: $9) }

    static let scenarioGen = ruleGen.array(of: 1...3)

    /// A valid rule from a spec: parameters in plausible ranges scaled by `strength`, and the
    /// constraints the scenario validator enforces (a cluster for synergy, goods for consumption,
    /// destinations outside `from` for a transfer).
    static func rule(_ spec: RuleSpec, id: String) -> (Rule, [String: Distribution]) {
        let sectors = EngineVerificationTests.data.sectors
        var areaList = [areas[spec.area]]
        var sectorIds = Array(Set(spec.sectors.map { sectors[$0 % sectors.count].id })).sorted()
        let m = spec.strength
        var numbers: [String: ParameterValue] = [:]
        var parameters: [String: Distribution] = [:]
        var component: FlowColumn?
        var operation: ShockOperation?
        var inputs: [String] = []
        /// The rule's main magnitude: a value, or an uncertain parameter around it.
        func main(_ name: String, _ value: Double, upper: Double = .infinity) {
            if spec.uncertain {
                parameters["\(id)_\(name)"] = .uniform(lower: 0.5 * value, upper: min(upper, 1.5 * value))
                numbers[name] = .parameter("\(id)_\(name)")
            } else {
                numbers[name] = .value(value)
            }
        }
        switch spec.kind {
        case .demandSupport:
            main("floor", 0.02 + 0.08 * m)
            component = m < 0.3 ? .exports : .government
        case .investmentProgramme: main("amount", 500 + 5000 * m)
        case .investmentFund: main("fund", 100 + 2000 * m); numbers["leverage"] = .value(3)
        case .creditSupport: main("lending", 1000 + 20000 * m)
        case .foreignInvestment: main("inflow", 100 + 1000 * m)
        case .consumptionProgramme:
            main("subsidy", 100 + 1000 * m)
            numbers["leverage"] = .value(2)
            component = m < 0.5 ? .ruralHouseholds : .urbanHouseholds
            if sectorIds.isEmpty { sectorIds = ["automobiles"] }
        case .qualityUpgrading: main("import_substitution", 0.01 + 0.1 * m, upper: 1)
        case .exportSupport: main("export_growth", 0.01 + 0.05 * m)
        case .industrialTransfer:
            main("share", 0.01 + 0.1 * m, upper: 1)
            if areaList == ["East"] || areaList == ["Shanghai"] { areaList = ["Central-West"] }
        case .growthPole: main("investment", 500 + 3000 * m)
        case .technologyUpgrade: main("input_saving", 0.01 + 0.05 * m, upper: 1)
        case .clusterSynergy:
            main("share", 0.01 + 0.05 * m, upper: 1)
            areaList = [clusters[spec.area % clusters.count]]
        case .finalDemandShock:
            component = m < 0.4 ? .exports : .government
            operation = [ShockOperation.add, .scale, .set][spec.area % 3]
            switch operation! {
            case .add: main("amount", 100 + 1000 * m)
            case .scale: main("value", 0.9 + 0.2 * m)
            case .set: main("value", 1000 * m)
            }
        case .coefficientShock:
            operation = [ShockOperation.scale, .add, .set][spec.area % 3]
            inputs = spec.sectors.prefix(2).map { sectors[($0 + 5) % sectors.count].id }
            switch operation! {
            case .scale: main("value", 0.5 + 0.6 * m)
            case .add: numbers["value"] = .value(-0.01 + 0.02 * m)
            case .set: numbers["value"] = .value(0.1 * m)
            }
        }
        let first = 2023 + spec.start, last = min(2026, first + spec.length)
        let phase: [(year: Int, level: Double)] = spec.phaseIn.map { [(first, $0), (last, 1)] } ?? []
        let r = EngineVerificationTests.rule(id, spec.kind, areas: areaList, sectors: sectorIds, when: conditions[spec.condition],
                                             years: first...last, phaseIn: first == last ? [] : phase, numbers: numbers,
                                             component: component, operation: operation, inputs: inputs,
                                             perProvince: spec.perProvince && spec.kind != .clusterSynergy)
        return (r, parameters)
    }

    static func scenario(_ specs: [RuleSpec], draws: Int) -> Scenario {
        var rules: [Rule] = [], parameters: [String: Distribution] = [:]
        for (k, spec) in specs.enumerated() {
            let (r, p) = rule(spec, id: "r\(k)")
            rules.append(r)
            parameters.merge(p) { a, _ in a }
        }
        return EngineVerificationTests.scenario(rules, parameters: parameters, draws: draws)
    }

    /// Runs both ways; a scenario that fails (a shock that pushes output below zero, say) must
    /// fail the same way under both.
    @Test func generatedScenariosAgreeWithFreshFactorisations() async {
        await propertyCheck(count: Self.cases, input: Self.scenarioGen) { specs in
            let s = Self.scenario(specs, draws: 2)
            let e = EngineVerificationTests.economy
            let normal = Result { try Projection.run(e, s, options: ProjectionOptions(threads: 2)) }
            let fresh = Result { try Projection.run(e, s, options: ProjectionOptions(threads: 2, strategy: .fresh)) }
            switch (normal, fresh) {
            case let (.success(a), .success(b)):
                _ = EngineVerificationTests.expectAgree(PathSummary(a.central), PathSummary(b.central), tolerance: 1e-10, "central")
                for d in a.draws.indices { _ = EngineVerificationTests.expectAgree(a.draws[d], b.draws[d], tolerance: 1e-10, "draw \(d)") }
                // The same firings; their sizes rest on last year's solution, so agree to rounding.
                #expect(a.trace.map { [$0.rule, "\($0.year)", $0.area, $0.sector, $0.effectUnit] }
                    == b.trace.map { [$0.rule, "\($0.year)", $0.area, $0.sector, $0.effectUnit] })
                for (x, y) in zip(a.trace, b.trace) {
                    #expect(abs(x.effect - y.effect) <= 1e-10 * max(abs(x.effect), abs(y.effect), 1e-6), "\(x) vs \(y)")
                    #expect(abs(x.fiscalCost - y.fiscalCost) <= 1e-10 * max(abs(x.fiscalCost), abs(y.fiscalCost), 1e-6), "\(x) vs \(y)")
                }
            case let (.failure(x), .failure(y)):
                #expect("\(x)" == "\(y)")
            default:
                Issue.record("one strategy failed and the other did not: \(normal) / \(fresh)")
            }
        }
    }

    @Test func generatedAttributionEqualsShapleyValuesOfSeparateRuns() async {
        await propertyCheck(count: max(1, Self.cases / 2), input: Self.scenarioGen) { specs in
            let s = Self.scenario(specs, draws: 0)
            let e = EngineVerificationTests.economy
            guard let attribution = try? Attribution.run(e, s, by: .rule) else {
                // A scenario that cannot run has no attribution; its separate run must fail too.
                #expect(throws: (any Error).self) { try Projection.run(e, s, options: ProjectionOptions(threads: 1)) }
                return
            }
            let separate = try EngineVerificationTests.shapleyOfSeparateRuns(s)
            for g in attribution.groups.indices {
                _ = EngineVerificationTests.expectAgree(attribution.contributions[g], separate[g], scale: attribution.all, tolerance: 1e-10, "rule \(attribution.groups[g])")
            }
        }
    }
}
