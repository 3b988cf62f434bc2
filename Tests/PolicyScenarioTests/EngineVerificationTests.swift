// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyData
@testable import PolicyModel
import PolicyNumerics

/// The engine checked against itself computed another way: every system solved with a fresh
/// factorisation (no shared factorisation, no refinement) must give the default run's numbers,
/// and attribution must give the Shapley values of separate runs. The reviews' two failing cases
/// are named regression tests.
@Suite struct EngineVerificationTests {
    static let data = try! DataSetReader.load(Fixtures.repo.appendingPathComponent("Scenarios/data/china-2022")).data
    static let economy = Economy(data)

    static func scenario(_ rules: [Rule], years: ClosedRange<Int> = 2023...2026, parameters: [String: Distribution] = [:], draws: Int = 0) -> Scenario {
        Scenario(name: "verify", title: "", description: "", files: [], dataPath: "", startYear: years.lowerBound, endYear: years.upperBound,
                 baseline: BaselineSpec(growth: Dictionary(uniqueKeysWithValues: years.map { ($0, 0.05) }), differentialPersistence: 0.5,
                                        historyFrom: 2017, historyTo: 2022, labourProductivityGrowth: 0.042, capacityUtilisation: 0.756,
                                        externalGrowth: ["Hong Kong": 0.022, "Macao": 0.022]),
                 seed: 7, draws: draws, parameters: parameters, rules: rules)
    }

    static func rule(_ id: String, _ measure: MeasureKind, areas: [String], sectors: [String] = [], when: String? = nil,
                     years: ClosedRange<Int>, phaseIn: [(year: Int, level: Double)] = [], numbers: [String: ParameterValue],
                     component: FlowColumn? = nil, operation: ShockOperation? = nil, from: [String] = [],
                     inputs: [String] = [], perProvince: Bool = false) -> Rule {
        Rule(id: id, task: "task of \(id)", description: "", measure: measure, areas: areas, perProvince: perProvince, sectors: sectors,
             condition: when.map { try! Expression.parse($0) }, conditionText: when ?? "", firstYear: years.lowerBound,
             lastYear: years.upperBound, phaseIn: phaseIn, numbers: numbers, composition: nil, component: component,
             fromAreas: from.isEmpty && measure == .industrialTransfer ? ["East"] : from, operation: operation,
             inputSectors: inputs, origin: "generated")
    }

    static func gdp(_ s: YearState) -> Double { s.gdp.reduce(0, +) }

    /// Every array of two path summaries agrees: |a - b| <= tolerance x max(|a|, |b|, |s|, 1e-6 x
    /// the largest magnitude of that variable in that year), s the same cell of `scale` (for
    /// contributions, which are differences: the run they are differences of).
    static func expectAgree(_ a: PathSummary, _ b: PathSummary, scale s: PathSummary? = nil, tolerance: Double, _ what: String) -> Bool {
        var worst = 0.0, at = ""
        func compare(_ x: [[Double]], _ y: [[Double]], _ z: [[Double]]?, _ name: String) {
            for t in x.indices {
                let floor = 1e-6 * max(x[t].map(abs).max() ?? 0, y[t].map(abs).max() ?? 0, z?[t].map(abs).max() ?? 0)
                for k in x[t].indices {
                    let scale = max(abs(x[t][k]), abs(y[t][k]), abs(z?[t][k] ?? 0), floor, 1e-300)
                    let e = abs(x[t][k] - y[t][k]) / scale
                    if !(e <= worst) { worst = e; at = "\(name)[\(t)][\(k)]: \(x[t][k]) vs \(y[t][k])" }
                }
            }
        }
        compare(a.output, b.output, s?.output, "output"); compare(a.valueAdded, b.valueAdded, s?.valueAdded, "value added")
        compare(a.employment, b.employment, s?.employment, "employment"); compare(a.investment, b.investment, s?.investment, "investment")
        compare(a.capital, b.capital, s?.capital, "capital"); compare(a.fiscal, b.fiscal, s?.fiscal, "fiscal")
        compare(a.external, b.external, s?.external, "external")
        #expect(worst <= tolerance, "\(what): largest relative difference \(worst) at \(at)")
        return worst <= tolerance
    }

    // MARK: - The reviews' cases

    /// A shock that fires only in 2023 (`when: year == 2023`) over years 2023-2026 leaves every
    /// later year where the same shock limited to 2023 leaves it, and 2024 at the baseline: the
    /// 2023 structure was served from the cache under a key that ignored whether the rule fired.
    @Test func aShockThatFiresOnceLeavesLaterYearsAtTheBaseline() throws {
        let over = Self.rule("shock", .coefficientShock, areas: ["China"], when: "year == 2023", years: 2023...2026,
                             numbers: ["value": .value(0.3)], operation: .scale)
        var once = over
        once.lastYear = 2023
        let a = try Projection.run(Self.economy, Self.scenario([over]), options: ProjectionOptions(threads: 1, draws: 0))
        let b = try Projection.run(Self.economy, Self.scenario([once]), options: ProjectionOptions(threads: 1, draws: 0))
        #expect(a.trace.map(\.year) == Array(repeating: 2023, count: a.trace.count) && !a.trace.isEmpty)
        for t in 2..<a.central.count {
            let g = Self.gdp(a.central[t]), h = Self.gdp(b.central[t]), base = Self.gdp(a.baseline.states[t])
            #expect(abs(g - h) <= 1e-10 * h, "year \(a.years[t]): \(g) vs \(h)")
            // Nothing differs from the baseline after 2023: no demand, investment or capital changed.
            #expect(abs(g - base) <= 1e-10 * base, "year \(a.years[t]): \(g) vs the baseline \(base)")
        }
        // 2023 itself is shocked (inputs cut to 30 %: value added rises).
        #expect(Self.gdp(a.central[1]) > 1.05 * Self.gdp(a.baseline.states[1]))
    }

    /// Two coefficient shocks on East and West: attribution by rule equals the Shapley values
    /// from four separate runs (none, East, West, both), each with its own factorisations. The
    /// old hand-made key (rule position, level, value) let the coalitions share wrong ones.
    @Test func attributionOfTwoShocksEqualsShapleyValuesOfSeparateRuns() throws {
        let east = Self.rule("east", .coefficientShock, areas: ["East"], years: 2023...2024, numbers: ["value": .value(0.5)], operation: .scale)
        let west = Self.rule("west", .coefficientShock, areas: ["West"], years: 2023...2024, numbers: ["value": .value(0.5)], operation: .scale)
        let scenario = Self.scenario([east, west], years: 2023...2024)
        let attribution = try Attribution.run(Self.economy, scenario, by: .rule)
        let shapley = try Self.shapleyOfSeparateRuns(scenario)
        #expect(attribution.groups == ["east", "west"])
        for g in 0..<2 {
            _ = Self.expectAgree(attribution.contributions[g], shapley[g], scale: attribution.all, tolerance: 1e-10, "rule \(attribution.groups[g])")
        }
        // 2023 GDP of China: East's share is the larger (its coefficients cover more output).
        let eastGDP = attribution.contributions[0].valueAdded[1].reduce(0, +), westGDP = attribution.contributions[1].valueAdded[1].reduce(0, +)
        #expect(eastGDP > westGDP && westGDP > 0)
    }

    /// Shapley values by rule from 2^G separate projections, each with its own cache: the
    /// independent computation that attribution must reproduce.
    static func shapleyOfSeparateRuns(_ scenario: Scenario) throws -> [PathSummary] {
        let ids = scenario.rules.map(\.id).sorted()
        let g = ids.count
        var value: [Int: PathSummary] = [:]
        for mask in 0..<(1 << g) {
            var s = scenario
            s.rules = scenario.rules.filter { mask & (1 << ids.firstIndex(of: $0.id)!) != 0 }
            value[mask] = PathSummary(try Projection.run(economy, s, options: ProjectionOptions(threads: 1, draws: 0)).central)
        }
        var factorial = [1.0]
        for k in 1...g { factorial.append(factorial[k - 1] * Double(k)) }
        return (0..<g).map { k in
            var phi = value[0]!
            phi.scale(0)
            for mask in 0..<(1 << g) where mask & (1 << k) == 0 {
                let weight = factorial[mask.nonzeroBitCount] * factorial[g - mask.nonzeroBitCount - 1] / factorial[g]
                phi.add(value[mask | (1 << k)]!, minus: value[mask]!, weight: weight)
            }
            return phi
        }
    }

    // MARK: - Fresh factorisations against the default

    /// Every shipped scenario's central run, and miit-2023 with draws (which refine against the
    /// central run's factorisations), agree with a run that factors every system afresh.
    @Test(arguments: ShippedScenarioTests.files)
    func shippedScenarioAgreesWithFreshFactorisations(_ file: String) throws {
        let (scenario, data) = try Fixtures.loader.load(Fixtures.repo.appendingPathComponent("Scenarios/\(file)").path)
        let economy = Economy(data)
        let draws = file == "miit-2023.yaml" ? 3 : 0
        let normal = try Projection.run(economy, scenario, options: ProjectionOptions(threads: 2, draws: draws))
        let fresh = try Projection.run(economy, scenario, options: ProjectionOptions(threads: 2, draws: draws, strategy: .fresh))
        _ = Self.expectAgree(PathSummary(normal.central), PathSummary(fresh.central), tolerance: 1e-10, "\(file) central")
        for d in 0..<draws { _ = Self.expectAgree(normal.draws[d], fresh.draws[d], tolerance: 1e-10, "\(file) draw \(d)") }
        #expect(fresh.factorisations >= 2 * (scenario.endYear - scenario.startYear + 1))
        #expect(normal.verification.largestResidual <= YearSolver.residualTolerance && normal.verification.solves > 0)
    }

    // MARK: - Checks after every solve

    /// A wrong factorisation served for a structure (the old failure: a hit under a key that
    /// did not describe the structure) is caught by the residual check and reported with the
    /// year, the phase and the active rules; no number comes out.
    @Test func aWrongFactorisationIsCaughtByTheResidualCheck() throws {
        let shock = Self.rule("halve-inputs", .coefficientShock, areas: ["China"], years: 2023...2023,
                              numbers: ["value": .value(0.5)], operation: .scale)
        let scenario = Self.scenario([shock], years: 2023...2023)
        let cache = FactorisationCache(size: Self.economy.size)
        // Plant the base structure's factorisation under the shocked structure's identity.
        let runner = PathRunner(economy: Self.economy, scenario: scenario, cache: cache)
        let baseline = try runner.calibrateBaseline()
        var effects = PhaseEffects(size: Self.economy.size, rules: 1, provinces: Self.economy.provinces, structure: .base)
        let context = MeasureContext(economy: Self.economy, year: 2023, phase: .scheduled, baselineDemand: baseline.demand[1],
                                     baselineExports: baseline.exports[1], previous: baseline.states[0], pre: nil, structure: .base,
                                     values: [:], recordTrace: false)
        effects.add(try Measures.effect(of: shock, context), rule: 0, Self.economy)
        let wrong = try LUFactorization(Structure.base.leontief(Self.economy), label: "base")
        cache.plant(wrong, for: StructureIdentity(effects.structure))
        #expect {
            _ = try runner.run(baseline: baseline, values: [:], recordTrace: false)
        } throws: { error in
            guard case let EngineError.verification(year, phase, rules, check, value, _) = error else { return false }
            let text = "\(error)"
            return year == 2023 && phase == .scheduled && rules == ["halve-inputs"] && check.contains("residual") && value > 1e-3
                && text.contains("2023") && text.contains("scheduled phase") && text.contains("halve-inputs")
        }
    }

    /// Structures are equal exactly when their contents are: a change that changes nothing
    /// leaves the base identity; the same change made twice gives equal identities; a different
    /// value gives a different one.
    @Test func structureIdentityFollowsContent() throws {
        let e = Self.economy
        func structure(_ factor: Double) -> Structure {
            var editor = StructureEditor(e, .base)
            var a = editor.coefficients(3)
            a[2, 5] *= factor
            editor.setCoefficients(3, a)
            return Structure.base.applying(editor.change, e)
        }
        #expect(StructureIdentity(structure(1)) == StructureIdentity(.base))
        #expect(structure(1).isBase)
        #expect(StructureIdentity(structure(0.9)) == StructureIdentity(structure(0.9)))
        #expect(StructureIdentity(structure(0.9)) != StructureIdentity(structure(0.8)))
        #expect(StructureIdentity(structure(0.9)) != StructureIdentity(.base))
    }

    // MARK: - Conditions and measures that used to fail

    /// `when:` dividing by something that is zero in one year is an error naming the rule and
    /// that year, never a comparison with infinity that quietly fires.
    @Test func divisionByZeroInAConditionIsAnErrorAtItsYear() throws {
        let r = Self.rule("ratio", .exportSupport, areas: ["Hebei"], sectors: ["steel"], when: "output_growth / (year - 2024) > 0",
                          years: 2023...2025, numbers: ["export_growth": .value(0.01)])
        #expect {
            _ = try Projection.run(Self.economy, Self.scenario([r], years: 2023...2025), options: ProjectionOptions(threads: 1, draws: 0))
        } throws: { error in
            guard case let EngineError.condition(rule, _, year, area, sector, message) = error else { return false }
            return rule == "ratio" && year == 2024 && area == "Hebei" && sector == "steel" && message.contains("division by zero")
        }
    }

    /// Demand support may put its support into exports (it used to trap on the component).
    @Test func demandSupportIntoExports() throws {
        let r = Self.rule("floor", .demandSupport, areas: ["China"], sectors: ["steel"], years: 2023...2023,
                          numbers: ["floor": .value(0.5), "gap_share": .value(0.5)], component: .exports)
        let result = try Projection.run(Self.economy, Self.scenario([r], years: 2023...2023), options: ProjectionOptions(threads: 1, draws: 0))
        // A 50 % floor is far above the 5 % the baseline gives: the support fires, and exports
        // of steel rise by the traced amount.
        let fired = result.trace.filter { $0.rule == "floor" && !$0.effectUnit.contains("financing") }
        #expect(fired.count == 1)
        // Its budget cost is debt-financed (the default) and crowds out 0.2 of it in private investment.
        let financing = result.trace.filter { $0.rule == "floor" && $0.effectUnit.contains("debt financing") }
        #expect(financing.count == 1 && abs(financing[0].effect - 0.2 * fired[0].fiscalCost) <= 1e-9 * fired[0].fiscalCost)
        let steel = Self.data.sectorIndex("steel")!, n = Self.data.sectorCount
        let added = (0..<Self.data.provinceCount).reduce(0.0) { $0 + result.central[1].exports[$1 * n + steel] - result.baseline.states[1].exports[$1 * n + steel] }
        #expect(abs(added - fired[0].effect) <= 1e-9 * fired[0].effect && added > 0)
    }

    /// Progress reports each finished count once, from 1 to the number of draws, whatever the
    /// threads (the count is read under the store's lock).
    @Test func progressCountsEveryDrawOnce() throws {
        let (scenario, data) = try Fixtures.loader.load(Fixtures.repo.appendingPathComponent("Scenarios/task2-investment.yaml").path)
        let seen = Seen()
        _ = try Projection.run(Economy(data), scenario, options: ProjectionOptions(threads: 2, draws: 12, progress: { done, total in seen.add(done, total) }))
        #expect(seen.values.sorted() == Array(1...12))
    }

    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [Int] = []
        func add(_ done: Int, _ total: Int) {
            lock.lock()
            values.append(total == 12 ? done : -1)
            lock.unlock()
        }
    }
}
