// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyData
import PolicyModel
import PolicyNumerics
import PolicyResults
import PolicyScenario

@Suite struct ShippedScenarioTests {
    static let files: [String] = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.repo.appendingPathComponent("Scenarios").path))?
        .filter { $0.hasSuffix(".yaml") }.sorted() ?? []

    @Test func thereAreShippedScenarios() {
        for required in ["baseline.yaml", "miit-2023.yaml", "task1-key-industries.yaml", "task2-investment.yaml",
                         "task3-consumption.yaml", "task4-local-strengths.yaml", "miit-2023-no-transfer.yaml"] {
            #expect(ShippedScenarioTests.files.contains(required))
        }
    }

    /// Every shipped scenario validates and runs (central run, fixed seed); the accounting identity
    /// holds in every province, sector and year; no output is negative.
    @Test(arguments: files)
    func runsWithIdentitiesHolding(_ file: String) throws {
        let (scenario, data) = try Fixtures.loader.load(Fixtures.repo.appendingPathComponent("Scenarios/\(file)").path)
        let result = try Projection.run(Economy(data), scenario, options: ProjectionOptions(threads: 2, draws: 0))
        #expect(result.years == Array(2022...2030))
        for state in result.central + result.baseline.states.dropFirst() {
            #expect(state.identityResidual < 1e-9, "\(file) \(state.year): residual \(state.identityResidual)")
            #expect(state.output.allSatisfy { $0 >= 0 }, "\(file) \(state.year): negative output")
        }
        // Every unconditional rule fires in each of its active years (a silent ignore is the worst bug).
        for rule in scenario.rules where !rule.isConditionalPhase {
            for year in rule.firstYear...rule.lastYear where rule.level(year) > 0 {
                #expect(result.trace.contains { $0.rule == rule.id && $0.year == year }, "\(file): \(rule.id) did not fire in \(year)")
            }
        }
        if file == "baseline.yaml" { #expect(result.trace.isEmpty) }
        if file == "miit-2023-export-slump.yaml" {
            // A 10 % export slump in 2023 pushes key industries below the 3 % floor: the support fires.
            #expect(result.trace.contains { $0.rule == "key-industry-floor" && $0.year == 2023 && $0.fiscalCost > 0 })
        }
        // The baseline meets its national growth target every year (baseline.yaml: 5 % in 2023).
        let g = result.baseline.states.map { $0.gdp.reduce(0, +) }
        #expect(abs(g[1] / g[0] - 1.05) < 1e-9)
    }

    /// Adding 100 (100 million yuan) of exports to Hebei's steel in 2023 raises output by exactly
    /// 100 times Hebei steel's column of the multi-regional Leontief inverse, which this test
    /// builds and inverts itself from the data set.
    @Test func exportRuleMovesOutputByTheLeontiefColumn() throws {
        let dataURL = Fixtures.repo.appendingPathComponent("Scenarios/data/china-2022")
        let d = try DataSetReader.load(dataURL).data
        let e = Economy(d)
        let steel = d.sectorIndex("steel")!, hebei = d.provinceIndex("Hebei")!
        let rule = Rule(id: "x", task: "t", description: "", measure: .finalDemandShock, areas: ["Hebei"], perProvince: false,
                        sectors: ["steel"], condition: nil, conditionText: "", firstYear: 2023, lastYear: 2023, phaseIn: [],
                        numbers: ["amount": .value(100)], composition: nil, component: .exports, fromAreas: [], operation: .add,
                        inputSectors: [], origin: "")
        let scenario = Scenario(name: "t", title: "", description: "", files: [], dataPath: dataURL.path, startYear: 2023, endYear: 2023,
                                baseline: BaselineSpec(growth: [2023: 0.05], differentialPersistence: 0.5, historyFrom: 2017, historyTo: 2022,
                                                       labourProductivityGrowth: 0.042, capacityUtilisation: 0.756, externalGrowth: [:]),
                                seed: 1, draws: 0, parameters: [:], rules: [rule])
        let result = try Projection.run(e, scenario, options: ProjectionOptions(threads: 1))
        let n = d.sectorCount, np = d.provinceCount, size = n * np
        var m = Matrix.identity(size)
        for s in 0..<np {
            for i in 0..<n {
                for r in 0..<np {
                    // The province's own import share, imports / (intermediate use + domestic final demand).
                    let k = r * n + i
                    let use = d.provincial[.intermediateUse, k] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + d.provincial[$1, k] }
                    let t = d.sourcing[i][s, r] * (1 - d.provincial[.imports, k] / use)
                    for j in 0..<n { m[s * n + i, r * n + j] -= t * d.coefficients[i, j] }
                }
            }
        }
        var unit = Vector.zeros(size)
        unit[hebei * n + steel] = 100
        let expected = try LUFactorization(m).solve(unit)
        let delta = (0..<size).map { result.central[1].output[$0] - result.baseline.states[1].output[$0] }
        let largest = expected.normInfinity
        for k in 0..<size { #expect(abs(delta[k] - expected[k]) <= 1e-9 * largest, "row \(k)") }
        #expect(expected[hebei * n + steel] > 100)
    }

    /// Aggregates in output.csv are the weighted sums of their members.
    @Test func aggregatesAreWeightedSumsOfProvinces() throws {
        let (scenario, data) = try Fixtures.loader.load(Fixtures.repo.appendingPathComponent("Scenarios/miit-2023.yaml").path)
        let economy = Economy(data)
        let result = try Projection.run(economy, scenario, options: ProjectionOptions(threads: 2, draws: 0))
        let text = try OutputTable(result: result, economy: economy, keepDraws: false).text()
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f[1] == "2030", f[4] == "all", f[5] == "value_added" else { continue }
            values[String(f[2])] = Double(f[8])!
        }
        let provinces = data.provinces.map(\.id)
        let sum = provinces.reduce(0.0) { $0 + values[$1]! }
        #expect(abs(values["China"]! - sum) <= 1e-12 * sum)
        let east = data.aggregates.first { $0.id == "East" }!.members.reduce(0.0) { $0 + values[$1.province]! }
        #expect(abs(values["East"]! - east) <= 1e-12 * east)
        let weight = data.aggregates.first { $0.id == "Greater Bay Area" }!.members[0].weight
        #expect(abs(values["Greater Bay Area"]! - weight * values["Guangdong"]!) <= 1e-12 * values["Guangdong"]!)
    }
}

/// output.csv with kept draws is cut into pieces of a few sectors each once its rows grow large;
/// however it is cut, and on any number of workers, the text is the same, and every draw's
/// row is the draw's own value.
@Suite struct KeptDrawPieceTests {
    @Test func theTableIsTheSameHoweverItIsCut() throws {
        let (scenario, data) = try Fixtures.loader.load(Fixtures.repo.appendingPathComponent("Scenarios/miit-2023.yaml").path)
        let economy = Economy(data)
        let result = try Projection.run(economy, scenario, options: ProjectionOptions(threads: 2, draws: 19))
        func text(_ pieceBytes: Int, threads: Int) throws -> String {
            var out = ""
            try OutputTable(result: result, economy: economy, keepDraws: true, pieceBytes: pieceBytes).write(threads: threads) { out += $0 }
            return out
        }
        let whole = try text(4 << 20, threads: 1)
        #expect(try text(1, threads: 2) == whole)     // one sector a piece
        #expect(try text(9_000, threads: 2) == whole)  // a few sectors a piece
        // National output of the first sector in 2025, draw 18, from the draw's own path.
        let s = result.draws[18], y = result.years.firstIndex(of: 2025)!, n = economy.n
        var national = 0.0
        for p in 0..<data.provinces.count { national += s.output[y][p * n] }
        let row = whole.split(separator: "\n").first { $0.contains(",2025,China,nation,\(data.sectors[0].id),output,") && $0.contains(",draw_18,") }
        let value = row.flatMap { Double($0.split(separator: ",").last!) }
        #expect(value != nil && abs(value! - national) <= 1e-9 * abs(national), "\(String(describing: row)) vs \(national)")
    }
}
