// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// SHA-256 of a file by coreutils' sha256sum: computed outside policysim.
func sha256sum(_ url: URL) throws -> String {
    let r = try CLI.run(["sha256sum", url.path], program: "/usr/bin/env")
    return String(r.stdout.prefix(64))
}

/// Sets a file's record in a result folder's manifest (rows, SHA-256), as a writer that agreed
/// with its damaged file would have.
func rerecord(_ folder: URL, _ name: String, rows: Int) throws {
    let url = folder.appendingPathComponent("manifest.json")
    var m = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    var files = m["files"] as? [String: Any] ?? [:]
    files[name] = ["rows": rows, "sha256": try sha256sum(folder.appendingPathComponent(name))]
    m["files"] = files
    try JSONSerialization.data(withJSONObject: m, options: [.sortedKeys]).write(to: url)
}

/// compare, explain and plot read only folders whose files are the ones the run wrote.
@Suite(.serialized) struct ResultVerificationTests {
    static let box = Scratch("verify")
    static let prepared: Bool = {
        (try? CLI.run(["run", "Scenarios/baseline.yaml", "--out", box.path("base"), "--quiet"]).status) == 0
    }()

    /// A copy of the baseline run with output.csv changed by `change` (on its lines).
    func damaged(_ name: String, _ change: ([String]) -> [String]) throws -> URL {
        let box = ResultVerificationTests.box
        let copy = box.url(name)
        try? FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(at: box.url("base"), to: copy)
        let url = copy.appendingPathComponent("output.csv")
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n").dropLast()
        try (change(Array(lines)).joined(separator: "\n") + (lines.isEmpty ? "" : "\n")).write(to: url, atomically: true, encoding: .utf8)
        return copy
    }

    func expectRefused(_ folder: URL, _ words: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let base = ResultVerificationTests.box.path("base")
        let runs: [[String]] = [
            ["compare", base, folder.path],
            ["explain", folder.path, "--area", "China", "--year", "2025"],
            ["plot", base, folder.path, "--out", ResultVerificationTests.box.path("never.png")],
        ]
        for args in runs {
            let r = try CLI.run(args)
            #expect(r.status == 65, "\(args[0]): \(r.status) \(r.stderr)", sourceLocation: sourceLocation)
            for w in words { #expect(r.stderr.contains(w), "\(args[0]) lacks '\(w)': \(r.stderr)", sourceLocation: sourceLocation) }
            #expect(!r.stdout.contains("GDP per yuan"), sourceLocation: sourceLocation)
        }
        #expect(!FileManager.default.fileExists(atPath: ResultVerificationTests.box.path("never.png")), sourceLocation: sourceLocation)
    }

    @Test func aTruncatedOutputIsRefused() throws {
        #expect(ResultVerificationTests.prepared)
        let folder = try damaged("truncated") { Array($0.dropLast(10_000)) }
        try expectRefused(folder, ["truncated/output.csv has", "data rows, but the run wrote", "it was cut short or rows were removed", "make the folder again with `policysim run`"])
    }

    @Test func anEmptyOutputIsRefused() throws {
        #expect(ResultVerificationTests.prepared)
        let folder = try damaged("empty") { _ in [] }
        try expectRefused(folder, ["empty/output.csv is empty, but the run wrote"])
    }

    @Test func aReorderedOutputIsRefused() throws {
        #expect(ResultVerificationTests.prepared)
        let folder = try damaged("reordered") { lines in
            var l = lines
            l.swapAt(10, 20)
            return l
        }
        try expectRefused(folder, ["reordered/output.csv is not the file the run wrote: its SHA-256 differs from the one in manifest.json"])
    }

    /// Rows added, and, where the manifest was made to agree, a cell given twice.
    @Test func aDuplicatedRowIsRefusedEvenWithAManifestThatAgrees() throws {
        #expect(ResultVerificationTests.prepared)
        let folder = try damaged("duplicated") { $0 + [$0[1]] }
        try expectRefused(folder, ["duplicated/output.csv has", "rows were added"])
        let lines = try String(contentsOf: folder.appendingPathComponent("output.csv"), encoding: .utf8).split(separator: "\n").count
        try rerecord(folder, "output.csv", rows: lines - 1)
        try expectRefused(folder, ["duplicated/output.csv:\(lines) repeats the central value of output"])
    }

    @Test func aNaNCellIsRefusedEvenWithAManifestThatAgrees() throws {
        #expect(ResultVerificationTests.prepared)
        let folder = try damaged("nan") { lines in
            var l = lines
            var fields = l[5].components(separatedBy: ",")
            fields[fields.count - 1] = "nan"
            l[5] = fields.joined(separator: ",")
            return l
        }
        let rows = try String(contentsOf: folder.appendingPathComponent("output.csv"), encoding: .utf8).split(separator: "\n").count - 1
        try rerecord(folder, "output.csv", rows: rows)
        try expectRefused(folder, ["nan/output.csv:6: 'nan' is not a finite number"])
    }

    /// `attribute --out` into a folder of another scenario, or of a scenario file changed since,
    /// is refused before any work, and the folder is left as it was.
    @Test func attributeWritesOnlyIntoTheFolderOfItsScenario() throws {
        #expect(ResultVerificationTests.prepared)
        let box = ResultVerificationTests.box
        let before = try box.snapshot("base")
        let other = try CLI.run(["attribute", "Scenarios/miit-2023.yaml", "--out", box.path("base")])
        #expect(other.status == 65, "\(other.stderr)")
        #expect(other.stderr.contains("holds scenario 'baseline' (Scenarios/baseline.yaml), not 'miit-2023' (Scenarios/miit-2023.yaml)"), "\(other.stderr)")
        #expect(try box.snapshot("base") == before)

        let file = try box.scenario("mine.yaml", "name: mine\nrules:\n  - id: r\n    measure: export_support\n    areas: East\n    years: 2023-2024\n    export_growth: 2%\n")
        #expect(try CLI.run(["run", file, "--out", box.path("mine"), "--quiet"]).status == 0)
        try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "export_growth: 2%", with: "export_growth: 3%")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let changed = try CLI.run(["attribute", file, "--out", box.path("mine")])
        #expect(changed.status == 65)
        #expect(changed.stderr.contains("mine.yaml changed since") && changed.stderr.contains("run `policysim run"), "\(changed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.path("mine/attribution.csv")))

        let missing = try CLI.run(["attribute", file, "--out", box.path("nowhere")])
        #expect(missing.status == 65 && missing.stderr.contains("does not exist; attribute writes into the result folder of the scenario"))
    }

    /// A path holding a tab and a line break (a scenario kept in such a folder) gives a manifest
    /// that is valid JSON and holds the path as it is.
    @Test func pathsWithTabsAndLineBreaksGiveValidJSON() throws {
        let box = ResultVerificationTests.box
        let odd = box.url("tab\there\nnew line")
        try FileManager.default.createDirectory(at: odd, withIntermediateDirectories: true)
        let scenario = odd.appendingPathComponent("s.yaml")
        try "version: 1\nname: odd\nextends: \(CLI.packageRoot.appendingPathComponent("Scenarios/baseline.yaml").path)\n".write(to: scenario, atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", scenario.path, "--out", box.path("odd"), "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let m = try JSONSerialization.jsonObject(with: Data(contentsOf: box.url("odd/manifest.json"))) as? [String: Any]
        let files = m?["scenario_files"] as? [[String: String]] ?? []
        #expect(files.last?["path"] == scenario.path, "\(files)")
        #expect(try CLI.run(["compare", box.path("odd"), box.path("odd")]).status == 0)
    }
}

/// Shards that belong together merge into what one run writes; others are refused.
@Suite(.serialized) struct MergeCheckTests {
    static let box = Scratch("shards")
    static func run(_ extra: [String]) -> Bool {
        (try? CLI.run(["run", "Scenarios/miit-2023.yaml", "--quiet"] + extra).status) == 0
    }
    static let prepared: Bool = {
        let keep = ["--draws", "4", "--keep-draws"]
        return run(keep + ["--out", box.path("whole")]) && run(keep + ["--shard", "0/2", "--out", box.path("s0")])
            && run(keep + ["--shard", "1/2", "--out", box.path("s1")])
            && run(["--draws", "3", "--keep-draws", "--shard", "1/2", "--out", box.path("s1-of-3")])
            && run(["--draws", "4", "--shard", "1/2", "--out", box.path("s1-not-kept")])
    }()

    @Test func mergedShardsEqualTheWholeRunInBothFilesOfDraws() throws {
        #expect(MergeCheckTests.prepared)
        let box = MergeCheckTests.box
        let r = try CLI.run(["merge", box.path("s1"), box.path("s0"), "--out", box.path("merged")])
        #expect(r.status == 0, "\(r.stderr)")
        for file in ["output.csv", "draws.csv", "trace.csv", "iamc.csv", "iamc-regions.yaml"] {
            #expect(try Data(contentsOf: box.url("merged/\(file)")) == Data(contentsOf: box.url("whole/\(file)")), "\(file) differs")
        }
        #expect(try CLI.run(["compare", box.path("whole"), box.path("merged")]).status == 0)
        try FileManager.default.removeItem(at: box.url("merged"))
    }

    @Test func shardsOfDifferentDrawCountsAreRefused() throws {
        #expect(MergeCheckTests.prepared)
        let box = MergeCheckTests.box
        let r = try CLI.run(["merge", box.path("s0"), box.path("s1-of-3"), "--out", box.path("bad")])
        #expect(r.status == 65)
        #expect(r.stderr.contains("do not belong together: one is a shard of 3 draws, the other of 4 (--draws differs)"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.path("bad")))
    }

    @Test func aShardWithoutKeptDrawsIsRefused() throws {
        #expect(MergeCheckTests.prepared)
        let box = MergeCheckTests.box
        let r = try CLI.run(["merge", box.path("s0"), box.path("s1-not-kept"), "--out", box.path("bad")])
        #expect(r.status == 65)
        #expect(r.stderr.contains("s1-not-kept was made without --keep-draws"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.path("bad")))
    }

    @Test func eachShardMustBeGivenOnce() throws {
        #expect(MergeCheckTests.prepared)
        let r = try CLI.run(["merge", MergeCheckTests.box.path("s0"), MergeCheckTests.box.path("s0"), "--out", MergeCheckTests.box.path("bad")])
        #expect(r.status == 65 && r.stderr.contains("merge needs each of 0/2 ... 1/2 exactly once"), "\(r.stderr)")
    }

    @Test func aTruncatedShardIsRefusedAndNothingIsWritten() throws {
        #expect(MergeCheckTests.prepared)
        let box = MergeCheckTests.box
        try? FileManager.default.removeItem(at: box.url("cut"))
        try FileManager.default.copyItem(at: box.url("s1"), to: box.url("cut"))
        let url = box.url("cut/output.csv")
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        try lines.prefix(lines.count - 2000).joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        let r = try CLI.run(["merge", box.path("s0"), box.path("cut"), "--out", box.path("bad")])
        #expect(r.status == 65)
        #expect(r.stderr.contains("cut/output.csv"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.path("bad")))
        #expect(!box.entries.contains { $0.hasPrefix(".bad.") })
    }
}

/// An area and a task whose names hold a comma go through every reader: run, compare,
/// explain, shards and merge (the readers split lines on "," before).
@Suite struct CommaNameTests {
    @Test func namesWithCommasSurviveEveryReader() throws {
        let box = Scratch("comma")
        let data = box.url("data")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("Scenarios/data/china-2022"), to: data)
        let aggregates = data.appendingPathComponent("aggregates.csv")
        try String(contentsOf: aggregates, encoding: .utf8).replacingOccurrences(of: "\nCentral-West,", with: "\n\"Central, West\",")
            .write(to: aggregates, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["data", "check", data.path]).status == 0)
        let head = "version: 1\ndata: \(data.path)\nhorizon: 2023-2026\nbaseline: {growth: 5%}\n"
        try (head + "name: base\n").write(to: box.url("base.yaml"), atomically: true, encoding: .utf8)
        try (head + """
            name: comma
            parameters:
              g: {distribution: uniform, lower: 0.01, upper: 0.03}
            rules:
              - id: push
                task: "4, local strengths"
                measure: export_support
                areas: "Central, West"
                sectors: [electronics]
                years: 2023-2025
                export_growth: g

            """).write(to: box.url("comma.yaml"), atomically: true, encoding: .utf8)
        let keep = ["--draws", "4", "--keep-draws", "--quiet"]
        #expect(try CLI.run(["run", box.path("base.yaml"), "--out", box.path("base"), "--quiet"]).status == 0)
        for (out, extra) in [("whole", [String]()), ("s0", ["--shard", "0/2"]), ("s1", ["--shard", "1/2"])] {
            let r = try CLI.run(["run", box.path("comma.yaml"), "--out", box.path(out)] + keep + extra)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let output = try String(contentsOf: box.url("whole/output.csv"), encoding: .utf8)
        #expect(output.contains("\ncomma,2025,\"Central, West\",region,electronics,output,"))
        let compare = try CLI.run(["compare", box.path("base"), box.path("whole"), "--out", box.path("all.csv")])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(try String(contentsOf: box.url("all.csv"), encoding: .utf8).contains(",\"Central, West\",region,"))
        let explain = try CLI.run(["explain", box.path("whole"), "--area", "Central, West", "--sector", "electronics", "--year", "2024"])
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("push [export_support, task 4, local strengths] on Central, West, electronics"), "\(explain.stdout)")
        let plot = try CLI.run(["plot", box.path("base"), box.path("whole"), "--areas", "China,\"Central, West\"", "--out", box.path("cw.svg")])
        #expect(plot.status == 0, "\(plot.stderr)")
        #expect(try String(contentsOf: box.url("cw.gp"), encoding: .utf8).contains("set title 'Central, West'\n"))
        let merge = try CLI.run(["merge", box.path("s0"), box.path("s1"), "--out", box.path("merged")])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(try Data(contentsOf: box.url("merged/output.csv")) == Data(contentsOf: box.url("whole/output.csv")))
        #expect(try Data(contentsOf: box.url("merged/draws.csv")) == Data(contentsOf: box.url("whole/draws.csv")))
        #expect(try Data(contentsOf: box.url("merged/iamc.csv")) == Data(contentsOf: box.url("whole/iamc.csv")))
        #expect(try String(contentsOf: box.url("whole/iamc.csv"), encoding: .utf8).contains(",China,\"Fiscal Cost|4, local strengths|push\","))
    }
}
