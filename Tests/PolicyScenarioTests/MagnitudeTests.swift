// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyData
@testable import PolicyModel
import PolicyNumerics
import PolicyScenario

/// Credible magnitudes on the shipped data set: investment bought at the investing sector's mix,
/// capacity that binds, and the package's effect per budget yuan within the bounds of the data
/// set's own multipliers.
@Suite struct MagnitudeTests {
    static let data = EngineVerificationTests.data
    static let economy = EngineVerificationTests.economy

    /// The national fixed-capital column of national.csv, read here without the engine.
    static func nationalFixedCapital() throws -> [String: Double] {
        let text = try String(contentsOf: Fixtures.repo.appendingPathComponent("Scenarios/data/china-2022/national.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0], column = header.firstIndex(of: "fixed_capital")!
        return Dictionary(uniqueKeysWithValues: lines.dropFirst().map { ($0[0], Double($0[column])!) })
    }

    /// A guidance fund for electronics buys `equipment_share` at the non-construction part of the
    /// national fixed-capital column and the rest at construction, not the national mix (65 %
    /// construction). Expected: 400 (fund 100 x leverage 4, all additional) split by the column
    /// read from national.csv.
    @Test(arguments: [0.35, 0.55, 0.75])
    func investingSectorsBuyEquipmentAtTheirShare(_ share: Double) throws {
        let column = try Self.nationalFixedCapital()
        let building = column["construction"]!, other = column.values.reduce(0, +) - building
        let rule = EngineVerificationTests.rule("fund", .investmentFund, areas: ["Guangdong"], sectors: ["electronics"], years: 2023...2023,
                                                numbers: ["fund": .value(100), "leverage": .value(4), "additionality": .value(1),
                                                          "equipment_share": .value(share), "financing_crowding_out": .value(0)])
        let result = try Projection.run(Self.economy, EngineVerificationTests.scenario([rule], years: 2023...2023), options: ProjectionOptions(threads: 1))
        let p = Self.data.provinceIndex("Guangdong")!, n = Self.data.sectorCount
        let added = (0..<n).map { result.central[1].demand[.fixedCapital][p * n + $0] - result.baseline.noPolicy[1].demand[.fixedCapital][p * n + $0] }
        for (i, sector) in Self.data.sectors.enumerated() {
            let expected = sector.id == "construction" ? 400 * (1 - share) : 400 * share * column[sector.id]! / other
            #expect(abs(added[i] - expected) < 1e-9 * 400, "\(sector.id): \(added[i]) vs \(expected)")
        }
        // Public capital (no investing sectors) keeps the national mix: 400 x 0.653 of construction.
        var publicCapital = rule
        publicCapital.sectors = []
        let r2 = try Projection.run(Self.economy, EngineVerificationTests.scenario([publicCapital], years: 2023...2023), options: ProjectionOptions(threads: 1))
        let c = Self.data.sectorIndex("construction")!
        let built = r2.central[1].demand[.fixedCapital][p * n + c] - r2.baseline.noPolicy[1].demand[.fixedCapital][p * n + c]
        #expect(abs(built - 400 * building / column.values.reduce(0, +)) < 1e-9 * 400)
    }

    /// The data set's Type I value-added multipliers, computed here from its tables (not by the
    /// engine's solver): with B[(s,i),(r,j)] = t_i[s,r] (1 - m[r,i]) A[i,j] and v the value added
    /// per unit of output, mu' = v' (I - B)^-1; a yuan of domestic final demand for product i in
    /// province r raises GDP by sum_s mu[(s,i)] t_i[s,r] (1 - m[r,i]), a yuan of exports from
    /// (s,i) by mu[(s,i)]. Returns the two multiplier vectors, row k = province x sectors + sector.
    static func typeIMultipliers(_ d: DataSet) throws -> (domestic: [Double], exports: [Double]) {
        let n = d.sectorCount, np = d.provinceCount, size = n * np
        func share(_ k: Int) -> Double {
            let use = d.provincial[.intermediateUse, k] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + d.provincial[$1, k] }
            return use == 0 ? 0 : d.provincial[.imports, k] / use
        }
        var m = Matrix.identity(size)
        for s in 0..<np { for i in 0..<n { for r in 0..<np {
            let t = d.sourcing[i][s, r] * (1 - share(r * n + i))
            guard t != 0 else { continue }
            for j in 0..<n { m[s * n + i, r * n + j] -= t * d.coefficients[i, j] }
        } } }
        let v = (0..<size).map { d.provincial[.output, $0] > 0 ? d.provincial[.valueAdded, $0] / d.provincial[.output, $0] : 0 }
        let mu = try LUFactorization(m).solveTransposed(Vector(v))
        var domestic = [Double](repeating: 0, count: size)
        for r in 0..<np { for i in 0..<n {
            domestic[r * n + i] = (0..<np).reduce(0.0) { $0 + mu[$1 * n + i] * d.sourcing[i][$1, r] } * (1 - share(r * n + i))
        } }
        return (domestic, (0..<size).map { mu[$0] })
    }

    /// The package's demand-side spending (every rule whose measure adds final demand and changes
    /// no structure: 12 of its 20 rules, 2023), run without and with induced consumption.
    /// Type I: the GDP effect is exactly sum_k mu_k df_k over the changes of final demand (positive
    /// ones E+, crowding out among the negative E-), so it lies between mu_min E+ - mu_max E- and
    /// mu_max E+ - mu_min E-. Type II (induced consumption c x the change in labour income, w_max
    /// the largest compensation share of value added): at most (mu_max E+ - mu_min E-) /
    /// (1 - c mu_max w_max), and at least the Type I effect. Per budget yuan, the effect is the
    /// additional demand per budget yuan (leverage of funds and credit included) times a number
    /// inside these multipliers' range.
    @Test func thePackagesEffectPerBudgetYuanLiesWithinItsMultipliers() throws {
        let (loaded, data) = try Fixtures.loader.load(Fixtures.repo.appendingPathComponent("Scenarios/miit-2023.yaml").path)
        let demandSide: Set<MeasureKind> = [.investmentProgramme, .investmentFund, .creditSupport, .foreignInvestment,
                                            .consumptionProgramme, .demandSupport, .exportSupport, .finalDemandShock]
        var scenario = loaded
        scenario.rules = loaded.rules.filter { demandSide.contains($0.measure) }
        scenario.baseline.included = IncludedPolicy()
        scenario.endYear = 2023
        #expect(scenario.rules.count == 12, "\(scenario.rules.map(\.id))")
        let (domestic, exports) = try Self.typeIMultipliers(data)
        let n = data.sectorCount
        let w = (0..<data.provincial.rows).filter { data.provincial[.valueAdded, $0] > 0 }
            .map { data.provincial[.compensation, $0] / data.provincial[.valueAdded, $0] }.max()!
        let muMax = max(domestic.max()!, exports.max()!)
        let muMin = min(domestic.filter { $0 > 0 }.min()!, exports.filter { $0 > 0 }.min()!)

        scenario.baseline.households = .exogenous
        let one = try Projection.run(Economy(data), scenario, options: ProjectionOptions(threads: 1))
        let c1 = one.central[1], b1 = one.baseline.noPolicy[1]
        #expect(c1.leak.allSatisfy { $0 == 0 } && b1.leak.allSatisfy { $0 == 0 }, "capacity must not bind in 2023")
        var exact = 0.0, plus = 0.0, minus = 0.0
        for k in 0..<c1.output.count {
            let df = DemandComponent.allCases.reduce(0.0) { $0 + c1.demand[$1][k] - b1.demand[$1][k] }, de = c1.exports[k] - b1.exports[k]
            exact += domestic[k] * df + exports[k] * de
            for x in [df, de] { if x > 0 { plus += x } else { minus -= x } }
        }
        let typeI = c1.gdp.reduce(0, +) - b1.gdp.reduce(0, +)
        let budget = c1.fiscal.reduce(0) { $0 + $1.reduce(0, +) }
        #expect(abs(typeI - exact) <= 1e-8 * abs(exact), "Type I: engine \(typeI), multipliers \(exact)")
        #expect(muMin * plus - muMax * minus <= typeI && typeI <= muMax * plus - muMin * minus)
        let upper = (muMax * plus - muMin * minus) / (1 - 0.5 * muMax * w)

        scenario.baseline.households = .endogenous(propensity: .value(0.5))
        let two = try Projection.run(Economy(data), scenario, options: ProjectionOptions(threads: 1))
        let typeII = two.central[1].gdp.reduce(0, +) - two.baseline.noPolicy[1].gdp.reduce(0, +)
        #expect(typeI <= typeII && typeII <= upper, "Type II \(typeII) outside [\(typeI), \(upper)]")
        // Per budget yuan: within (additional demand per budget yuan) x the multipliers' range.
        #expect(budget > 0)
        let perYuan = typeII / budget
        #expect(perYuan >= (muMin * plus - muMax * minus) / budget && perYuan <= upper / budget,
                "GDP per budget yuan \(perYuan): demand per budget yuan \(plus / budget) (gross), \(minus / budget) crowded out; multipliers \(muMin)-\(muMax), Type II bound \(upper / budget)")
        print("bound check: GDP per budget yuan \(perYuan) (Type I \(typeI / budget)); added demand \(plus / budget), crowded out \(minus / budget) per budget yuan; Type I VA multipliers \(muMin)-\(muMax); Type II bound \(upper / budget); w_max \(w)")
    }

    /// `policysim multipliers`' base system holds the same domestic coefficients as the ones this
    /// file builds from the data set's tables, with each province's own import shares.
    @Test func theMultipliersSystemUsesEachProvincesImportShares() throws {
        let d = Self.data, n = d.sectorCount, np = d.provinceCount
        let system = try InputOutputSystem(base: Self.economy)
        var worst = 0.0
        for s in 0..<np { for i in 0..<n { for r in 0..<np {
            let k = r * n + i
            let use = d.provincial[.intermediateUse, k] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + d.provincial[$1, k] }
            let m = use == 0 ? 0 : d.provincial[.imports, k] / use
            for j in 0..<n {
                let expected = d.sourcing[i][s, r] * (1 - m) * d.coefficients[i, j]
                worst = max(worst, abs(system.coefficients[s * n + i, r * n + j] - expected))
            }
        } } }
        #expect(worst < 1e-15, "largest difference \(worst)")
    }
}
