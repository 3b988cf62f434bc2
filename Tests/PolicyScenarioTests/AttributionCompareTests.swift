// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyData
import PolicyModel
import PolicyNumerics
import PolicyResults
import PolicyScenario

@Suite struct AttributionTests {
    func load() throws -> (Scenario, Economy) {
        let (s, d) = try Fixtures.loader.load(Fixtures.repo.appendingPathComponent("Scenarios/miit-2023.yaml").path)
        return (s, Economy(d))
    }

    /// Shapley contributions add up to the run minus its baseline in every cell (relative 1e-9).
    func expectAddsUp(_ a: Attribution.Result) {
        for (y, _) in a.years.enumerated() {
            for k in 0..<a.all.output[y].count {
                let total = a.all.output[y][k] - a.none.output[y][k]
                let sum = a.contributions.reduce(0.0) { $0 + $1.output[y][k] }
                #expect(abs(sum - total) <= 1e-9 * max(abs(a.all.output[y][k]), 1), "year index \(y), row \(k)")
            }
        }
    }

    @Test func taskContributionsAddUpExactly() throws {
        let (s, e) = try load()
        let a = try Attribution.run(e, s, by: .task)
        #expect(a.exact && a.groups.count == 4 && a.coalitionRuns == 16)
        expectAddsUp(a)
        // The run with every rule is the scenario's own central run.
        let central = try Projection.run(e, s, options: ProjectionOptions(threads: 2, draws: 0))
        let last = central.central.count - 1
        for k in 0..<e.size { #expect(abs(a.all.output[last][k] - central.central[last].output[k]) <= 1e-9 * max(central.central[last].output[k], 1)) }
    }

    @Test func sampledRuleContributionsStillAddUpExactly() throws {
        let (s, e) = try load()
        let a = try Attribution.run(e, s, by: .rule, samples: 2)
        #expect(!a.exact && a.groups.count == s.rules.count)
        expectAddsUp(a)
    }

    @Test func reorderingRulesChangesNoContribution() throws {
        let (s, e) = try load()
        var reversed = s
        reversed.rules.reverse()
        let a = try Attribution.run(e, s, by: .task), b = try Attribution.run(e, reversed, by: .task)
        #expect(a.groups == b.groups)
        for g in a.groups.indices {
            for (y, _) in a.years.enumerated() {
                for k in 0..<e.size {
                    // Rules apply in id order whatever the file says, so the results are bit-for-bit equal.
                    #expect(a.contributions[g].valueAdded[y][k] == b.contributions[g].valueAdded[y][k])
                }
            }
        }
    }
}

@Suite struct CompareTests {
    /// Writes a central run of a scenario into a temporary result folder.
    func runFolder(_ file: String, draws: Int = 0) throws -> URL {
        let (s, d) = try Fixtures.loader.load(Fixtures.repo.appendingPathComponent("Scenarios/\(file)").path)
        let e = Economy(d)
        let result = try Projection.run(e, s, options: ProjectionOptions(threads: 2, draws: draws))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-compare-\(UUID().uuidString)")
        let writer = try RunFolder.create(folder.path, force: false)
        try RunOutput.write(result: result, economy: e, info: RunOutput.RunInfo(version: "test", threads: 2, ensembleDraws: draws,
                                                                                keepDraws: false, started: Date()), to: writer)
        return folder
    }

    @Test func aRunComparedWithItselfHasZeroDeltas() throws {
        let folder = try runFolder("miit-2023.yaml")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try ResultFolder(folder.path)
        let c = Comparison(reference: run, runs: [run])
        #expect(c.warnings.isEmpty)
        let rows = try c.fullTable().split(separator: "\n").dropFirst()
        #expect(rows.count > 1000)
        for row in rows { #expect(row.split(separator: ",", omittingEmptySubsequences: false)[9] == "0") }
        let (last, cumulative) = try c.headline(run)
        #expect(!last.isEmpty && (last + cumulative).allSatisfy { $0.delta == 0 })
    }

    @Test func differentDataSetsAreFlagged() throws {
        let a = try runFolder("baseline.yaml"), b = try runFolder("miit-2023.yaml")
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        // miit-2023's baseline contains the package: against another scenario's folder that is
        // flagged; nothing else is on the same data and version.
        let inclusive = "baseline contains its measures"
        let before = Comparison(reference: try ResultFolder(a.path), runs: [try ResultFolder(b.path)]).warnings
        #expect(before.count == 1 && before[0].contains(inclusive), "\(before)")
        let manifest = b.appendingPathComponent("manifest.json")
        var text = try String(contentsOf: manifest, encoding: .utf8)
        let hash = try RunFolder.folderHash(Fixtures.repo.appendingPathComponent("Scenarios/data/china-2022"))
        text = text.replacingOccurrences(of: hash, with: String(repeating: "0", count: 64))
        try text.write(to: manifest, atomically: true, encoding: .utf8)
        let warnings = Comparison(reference: try ResultFolder(a.path), runs: [try ResultFolder(b.path)]).warnings.filter { !$0.contains(inclusive) }
        #expect(warnings.count == 1 && warnings[0].contains("was made on data set 'china-2022'") && warnings[0].contains("(sha256 000000000000...)") && warnings[0].contains("mix data and policy"), "\(warnings)")
    }

    /// The headline delta of GDP equals run minus reference read straight from output.csv, and
    /// the fiscal cost by rule from trace.csv adds up to fiscal_cost in output.csv.
    @Test func headlineAndFiscalCostsAreConsistent() throws {
        let a = try runFolder("baseline.yaml"), b = try runFolder("miit-2023.yaml")
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        let ref = try ResultFolder(a.path), run = try ResultFolder(b.path)
        let c = Comparison(reference: ref, runs: [run])
        let (last, _) = try c.headline(run)
        let china = last.first { $0.label == "GDP China" }!
        let cell = ResultFolder.Cell(year: 2030, area: "China", sector: "all", variable: "gdp")
        #expect(china.delta == run.value(cell)! - ref.value(cell)!)
        let f = c.fiscal(run)
        let byRule = f.byRule.reduce(0.0) { $0 + $1.1 }
        #expect(abs(byRule - f.total) <= 1e-9 * f.total, "trace \(byRule) vs output \(f.total)")
        #expect(f.total > 0)
    }
}
