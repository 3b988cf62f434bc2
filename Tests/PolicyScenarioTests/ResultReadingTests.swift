// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyData
import PolicyModel
import PolicyResults
import PolicyScenario

/// `ResultFolder` reads a folder's files by their bytes (`CSVFileScanner`, names as integers).
/// Its values must be exactly those of the files: this test reads output.csv, draws.csv,
/// attribution.csv and trace.csv itself, line by line with a plain split on commas (the
/// shipped scenario has no quoted names), and compares every cell `compare`, `explain` and
/// `plot` can ask for, bit for bit (`Double(String)` of the same text either way).
@Suite struct ResultReadingTests {
    /// A folder of task1-key-industries with 3 draws kept in output.csv, draws.csv and an
    /// attribution by rule, written as `run` and `attribute` write them.
    static func folder() throws -> URL {
        let (s, d) = try Fixtures.loader.load(Fixtures.repo.appendingPathComponent("Scenarios/task1-key-industries.yaml").path)
        let e = Economy(d)
        let result = try Projection.run(e, s, options: ProjectionOptions(threads: 2, draws: 3))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-reading-\(UUID().uuidString)")
        try RunOutput.write(result: result, economy: e, info: RunOutput.RunInfo(version: "test", threads: 2, ensembleDraws: 3,
                                                                                keepDraws: true, started: Date()),
                            to: try RunFolder.create(folder.path, force: false))
        let manifest = try RunManifest.read(folder)
        let attribution = try Attribution.run(e, s, by: .rule)
        let writer = try RunFolder.create(folder.path, force: true)
        for (name, record) in manifest.files.sorted(by: { $0.key < $1.key }) {
            try writer.add(name, from: folder.appendingPathComponent(name), record: record)
        }
        try writer.file("attribution.csv", text: AttributionTable.text(attribution, economy: e))
        try writer.finish(manifest)
        return folder
    }

    static func rows(_ folder: URL, _ name: String) throws -> [[String]] {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    static func same(_ a: Double?, _ b: Double?) -> Bool { a?.bitPattern == b?.bitPattern && (a == nil) == (b == nil) }

    @Test func everyCellIsTheValueTheFileHolds() throws {
        let url = try ResultReadingTests.folder()
        defer { try? FileManager.default.removeItem(at: url) }
        let run = try ResultFolder(url.path)

        // output.csv: every statistic but the kept draws, each cell in the order it first appears.
        var order: [ResultFolder.Cell] = [], seen = Set<ResultFolder.Cell>(), statistics: [ResultFolder.Cell: [String: Double]] = [:]
        var kinds: [String: String] = [:], units: [String: String] = [:], kept = 0
        for f in try ResultReadingTests.rows(url, "output.csv") {
            try #require(f.count == 9 && f[0] == "task1-key-industries")
            if f[7].hasPrefix("draw_") { kept += 1; continue }
            let cell = ResultFolder.Cell(year: Int(f[1])!, area: f[2], sector: f[4], variable: f[5])
            if seen.insert(cell).inserted { order.append(cell) }
            statistics[cell, default: [:]][f[7]] = Double(f[8])!
            kinds[f[2]] = f[3]
            units[f[5]] = f[6]
        }
        #expect(kept > 0)
        #expect(run.order == order)
        #expect(run.kinds == kinds && run.units == units)
        #expect(run.years == Array(Set(order.map(\.year))).sorted())
        #expect(run.values.has("no_policy") && !run.values.has("draw_0"))
        var mismatches = 0
        for cell in order {
            let expected = statistics[cell]!
            let got = try #require(run.values[cell])
            if got.keys.sorted() != expected.keys.sorted() { mismatches += 1 }
            for (statistic, v) in expected where !ResultReadingTests.same(run.value(cell, statistic), v) || !ResultReadingTests.same(got[statistic], v) {
                mismatches += 1
            }
        }
        #expect(mismatches == 0, "\(mismatches) values differ from output.csv")
        #expect(run.values[ResultFolder.Cell(year: 1999, area: "China", sector: "all", variable: "gdp")] == nil)
        #expect(run.value(ResultFolder.Cell(year: 2025, area: "Nowhere", sector: "all", variable: "gdp")) == nil)

        // draws.csv: every draw of every headline cell.
        var draws: [ResultFolder.Cell: [Int: Double]] = [:]
        for f in try ResultReadingTests.rows(url, "draws.csv") {
            draws[ResultFolder.Cell(year: Int(f[0])!, area: f[1], sector: f[2], variable: f[3]), default: [:]][Int(f[4])!] = Double(f[5])!
        }
        #expect(!draws.isEmpty)
        #expect(Set(run.draws.keys) == Set(draws.keys))
        let drawMismatches = draws.reduce(0) { n, e in
            n + (run.draws[e.key]?.count != e.value.count ? 1 : 0) + e.value.filter { !ResultReadingTests.same(run.draws[e.key]?[$0.key], $0.value) }.count
        }
        #expect(drawMismatches == 0)

        // attribution.csv: every group's contribution and the total of every cell, groups in order.
        var groups: [String] = [], split: [ResultFolder.Cell: [String: Double]] = [:]
        for f in try ResultReadingTests.rows(url, "attribution.csv") {
            if !groups.contains(f[6]) { groups.append(f[6]) }
            split[ResultFolder.Cell(year: Int(f[0])!, area: f[1], sector: f[3], variable: f[4]), default: [:]][f[6]] = Double(f[7])!
        }
        #expect(groups.contains("total") && groups.count > 1)
        #expect(run.attributionGroups == groups)
        let splitMismatches = split.reduce(0) { n, e in
            n + (run.attribution[e.key].map { Set($0.keys) } != Set(e.value.keys) ? 1 : 0)
                + e.value.filter { !ResultReadingTests.same(run.attribution[e.key]?[$0.key], $0.value) }.count
        }
        #expect(splitMismatches == 0)

        // trace.csv: every firing as its fields.
        #expect(run.trace == (try ResultReadingTests.rows(url, "trace.csv")))
    }
}
