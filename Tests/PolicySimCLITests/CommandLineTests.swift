// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// Runs the built `policysim` executable, as a user would.
enum CLI {
    static var executable: URL {
        // The test bundle sits beside the executables in the build products folder.
        let first = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [first, first.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("policysim")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return packageRoot.appendingPathComponent(".build/debug/policysim")
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs policysim (or `program`, given as a path) with `arguments` in `directory`.
    static func run(_ arguments: [String], in directory: URL? = nil, program: String? = nil,
                    environment: [String: String?] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = program.map { URL(fileURLWithPath: $0) } ?? executable
        process.arguments = arguments
        if !environment.isEmpty {
            var env = ProcessInfo.processInfo.environment
            for (key, value) in environment { env[key] = value }
            process.environment = env
        }
        process.currentDirectoryURL = directory ?? packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain stderr on another thread so that neither pipe can fill up and block the child.
        let errBox = DataBox()
        let reader = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); errBox.done.signal() }
        reader.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        errBox.done.wait()
        let e = errBox.data
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}

/// A tidy CSV the commands write, without quoted fields, as rows of header -> field.
/// Runs a Python check of Tests/python with the binary's path as its argument, from the package
/// root: its exit status, standard output and standard error (read on a thread of its own, so
/// that neither pipe fills while the other is read).
func pythonCheck(_ script: String) throws -> (status: Int32, stdout: String, stderr: String) {
    let py = Process()
    py.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    py.arguments = ["python3", CLI.packageRoot.appendingPathComponent(script).path, CLI.executable.path]
    py.currentDirectoryURL = CLI.packageRoot
    let out = Pipe(), err = Pipe()
    py.standardOutput = out
    py.standardError = err
    try py.run()
    let box = DataBox()
    let reader = Thread { box.data = err.fileHandleForReading.readDataToEndOfFile(); box.done.signal() }
    reader.start()
    let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    box.done.wait()
    py.waitUntilExit()
    return (py.terminationStatus, printed, String(decoding: box.data, as: UTF8.self))
}

func csvTable(_ path: String) throws -> [[String: String]] {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    return lines.dropFirst().map { line in
        Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
    }
}

final class DataBox: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
}

@Suite struct CommandLineTests {
    @Test func doctorReportsTheBoundBLASAndTheKnownAnswer() throws {
        let r = try CLI.run(["doctor"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        // "cblas: NAME PATH": the library cblas_dgemm resolved to in the running process is the
        // one the build chose (BLIS by default, OpenBLAS with POLICYSIM_BLAS=openblas).
        let line = r.stdout.split(separator: "\n").first { $0.hasPrefix("cblas: ") }.map(String.init) ?? ""
        let fields = line.split(separator: " ")
        #expect(fields.count == 3, "\(line)")
        if fields.count == 3 {
            #expect(["blis", "openblas"].contains(String(fields[1])))
            #expect(fields[2].contains("lib" + fields[1]), "\(line)")
        }
        #expect(r.stdout.contains("blas: "))
        #expect(r.stdout.contains("gsl: 2."))
        #expect(r.stdout.contains("x = [1247.525, 1841.584] ok"))
    }

    @Test func versionAndHelp() throws {
        let v = try CLI.run(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.hasPrefix("0."))
        let h = try CLI.run(["--help"])
        #expect(h.status == 0)
        #expect(h.stdout.contains("doctor"))
    }

    @Test func unknownSubcommandIsAUsageError() throws {
        let r = try CLI.run(["frobnicate"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("frobnicate"))
    }
}

@Suite struct DataCommandTests {
    @Test func dataCheckPassesOnTheShippedDataSet() throws {
        let r = try CLI.run(["data", "check", "Scenarios/data/china-2022"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("ok"))
    }

    @Test func dataCheckFailsWithExitCode65AndLocatedMessages() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-cli-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("Scenarios/data/china-2022"), to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("provinces.csv")
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "Tianjin,", with: "Tianjn,")
        try text.write(to: url, atomically: true, encoding: .utf8)
        let r = try CLI.run(["data", "check", folder.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("unknown province 'Tianjin'; did you mean 'Tianjn'?") || r.stderr.contains("'Tianjn'"))
        #expect(r.stderr.contains("problem"))
    }

    @Test func dataReportSaysWhatIsMeasuredAndEstimated() throws {
        let r = try CLI.run(["data", "report"])
        #expect(r.status == 0, "\(r.stderr)")
        for word in ["MEASURED:", "ESTIMATED:", "ASSUMED:", "largest steel provinces: Hebei", "largest automobiles provinces: Guangdong"] {
            #expect(r.stdout.contains(word), "missing \(word)")
        }
    }
}

@Suite struct RunCommandTests {
    func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("policysim-run-\(name)-\(UUID().uuidString)")
    }

    /// Same seed, same inputs: byte-identical output.csv whatever the number of threads.
    @Test func outputIsByteIdenticalForOneAndTwoThreads() throws {
        let a = temporary("t1"), b = temporary("t2")
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        let r1 = try CLI.run(["run", "Scenarios/miit-2023.yaml", "--draws", "8", "--threads", "1", "--out", a.path, "--quiet"])
        let r2 = try CLI.run(["run", "Scenarios/miit-2023.yaml", "--draws", "8", "--threads", "2", "--out", b.path, "--quiet"])
        #expect(r1.status == 0 && r2.status == 0, "\(r1.stderr)\(r2.stderr)")
        for file in ["output.csv", "trace.csv"] {
            let x = try Data(contentsOf: a.appendingPathComponent(file)), y = try Data(contentsOf: b.appendingPathComponent(file))
            #expect(x == y, "\(file) differs between --threads 1 and --threads 2")
        }
        let output = try String(contentsOf: a.appendingPathComponent("output.csv"), encoding: .utf8)
        #expect(output.hasPrefix("scenario,year,area,area_kind,sector,variable,unit,statistic,value\n"))
        for statistic in ["central", "mean", "p5", "p50", "p95"] { #expect(output.contains(",\(statistic),")) }
        for kind in [",province,", ",region,", ",cluster,", ",nation,", ",external,"] { #expect(output.contains(kind)) }
        func manifest(_ folder: URL) throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json"))) as? [String: Any] ?? [:]
        }
        let m1 = try manifest(a), m2 = try manifest(b)
        #expect(m1["seed"] as? Int == 20230305 && m1["draws"] as? Int == 8 && m1["threads"] as? Int == 1 && m1["version"] is String)
        #expect(m1["wall_seconds"] is [String: Any] && (m1["scenario_files"] as? [[String: Any]])?.first?["sha256"] is String)
        // The solver's work is part of the inputs' result too: the same factorisations and
        // refinement counts with one thread or two. The 8 draws x 8 years x at least one solve
        // each refine against the central run's factorisations.
        #expect(m1["factorisations"] as? Int != nil && m1["factorisations"] as? Int == m2["factorisations"] as? Int)
        let ref1 = m1["refinement"] as? [String: Int], ref2 = m2["refinement"] as? [String: Int]
        #expect(ref1 != nil && ref1 == ref2)
        #expect((ref1?["solves"] ?? 0) >= 64, "\(String(describing: ref1))")
        // Every solve was checked: as many checks as solves of the central run and the draws
        // (at least two a year each), the largest residual within the stated tolerance, the
        // same with one thread or two; the kernels that ran are named with the reason.
        let v1 = m1["verification"] as? [String: Any], v2 = m2["verification"] as? [String: Any]
        let largest = v1?["largest_residual"] as? Double, tolerance = v1?["residual_tolerance"] as? Double
        #expect(largest != nil && tolerance == 1e-10 && largest! <= tolerance! && largest == v2?["largest_residual"] as? Double)
        #expect((v1?["solves"] as? Int ?? 0) >= 9 * 8 && v1?["solves"] as? Int == v2?["solves"] as? Int)
        let blas = m1["blas"] as? [String: String]
        #expect(blas?["kernels"]?.isEmpty == false && blas?["reason"]?.isEmpty == false, "\(String(describing: blas))")
        // The files the manifest lists are the ones written, row for row.
        let files = m1["files"] as? [String: [String: Any]] ?? [:]
        #expect(Set(files.keys) == ["output.csv", "trace.csv", "iamc.csv", "iamc-regions.yaml", "draws.csv"])
        let lines = output.split(separator: "\n").count
        #expect(files["output.csv"]?["rows"] as? Int == lines - 1)
    }

    /// Kept draws go to disk as they finish and come back in draw order: output.csv (every
    /// draw's rows) and draws.csv are byte-identical with one thread or two, and the folder holds
    /// only the files its manifest lists (the draws' own file is gone).
    @Test func keptDrawsAreByteIdenticalForOneAndTwoThreads() throws {
        let a = temporary("k1"), b = temporary("k2")
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        let r1 = try CLI.run(["run", "Scenarios/miit-2023.yaml", "--draws", "7", "--keep-draws", "--threads", "1", "--out", a.path, "--quiet"])
        let r2 = try CLI.run(["run", "Scenarios/miit-2023.yaml", "--draws", "7", "--keep-draws", "--threads", "2", "--out", b.path, "--quiet"])
        #expect(r1.status == 0 && r2.status == 0, "\(r1.stderr)\(r2.stderr)")
        for file in ["output.csv", "draws.csv", "iamc.csv"] {
            let x = try Data(contentsOf: a.appendingPathComponent(file)), y = try Data(contentsOf: b.appendingPathComponent(file))
            #expect(x == y, "\(file) differs between --threads 1 and --threads 2")
        }
        let output = try String(contentsOf: a.appendingPathComponent("output.csv"), encoding: .utf8)
        for k in 0..<7 { #expect(output.contains(",draw_\(k),")) }
        #expect(!output.contains(",draw_7,"))
        let draws = try String(contentsOf: a.appendingPathComponent("draws.csv"), encoding: .utf8)
        // Draw order within a year and variable: draw 0's rows come before draw 6's.
        let first = draws.range(of: ",gdp,0,")!.lowerBound, last = draws.range(of: ",gdp,6,")!.lowerBound
        #expect(first < last)
        for folder in [a, b] {
            let names = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
            #expect(names == ["output.csv", "trace.csv", "iamc.csv", "iamc-regions.yaml", "draws.csv", "manifest.json"], "\(names)")
        }
    }

    /// An existing folder is replaced only with --force, and only if it is a result folder: a
    /// folder of the user's is never touched, with or without --force.
    @Test func existingFolderIsNotReplacedWithoutForceAndOnlyAResultFolderWithIt() throws {
        let folder = temporary("force")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: folder.appendingPathComponent("mine.txt"))
        let refused = try CLI.run(["run", "Scenarios/baseline.yaml", "--out", folder.path, "--quiet"])
        #expect(refused.status == 73)
        #expect(refused.stderr.contains("already exists; pass --force to replace it"))
        let forced = try CLI.run(["run", "Scenarios/baseline.yaml", "--out", folder.path, "--quiet", "--force"])
        #expect(forced.status == 73)
        #expect(forced.stderr.contains("exists and is not a policysim result folder"), "\(forced.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("mine.txt"), encoding: .utf8) == "keep")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["mine.txt"])

        let result = temporary("result")
        defer { try? FileManager.default.removeItem(at: result) }
        #expect(try CLI.run(["run", "Scenarios/baseline.yaml", "--out", result.path, "--quiet"]).status == 0)
        let again = try CLI.run(["run", "Scenarios/baseline.yaml", "--out", result.path, "--quiet"])
        #expect(again.status == 73 && again.stderr.contains("already exists"))
        let replaced = try CLI.run(["run", "Scenarios/miit-2023.yaml", "--draws", "0", "--out", result.path, "--quiet", "--force"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try String(contentsOf: result.appendingPathComponent("output.csv"), encoding: .utf8).contains("\nmiit-2023,2022,"))
        // No temporary folders are left beside it.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: result.deletingLastPathComponent().path)
        #expect(!siblings.contains { $0.hasPrefix(".\(result.lastPathComponent).") })
    }

    @Test func invalidScenarioExits65WithLocatedMessagesAndWritesNothing() throws {
        let folder = temporary("invalid")
        let r = try CLI.run(["run", "Tests/PolicyScenarioTests/Fixtures/Invalid/unknown-key.yaml", "--out", folder.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("unknown-key.yaml:11:5: error: unknown key 'leverag'"))
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test func validateAcceptsEveryShippedScenario() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("Scenarios").path)
            .filter { $0.hasSuffix(".yaml") }.map { "Scenarios/" + $0 }
        let r = try CLI.run(["validate"] + files)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.components(separatedBy: ": ok").count == files.count + 1)
    }

    @Test func badArgumentsAreUsageErrors() throws {
        let r = try CLI.run(["run", "Scenarios/baseline.yaml", "--shard", "5/2"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--shard as k/N"))
    }

    @Test func rulesPrintsEveryMeasureKind() throws {
        let r = try CLI.run(["rules"])
        #expect(r.status == 0)
        for kind in ["demand_support", "investment_programme", "investment_fund", "credit_support", "foreign_investment",
                     "consumption_programme", "quality_upgrading", "export_support", "industrial_transfer", "growth_pole",
                     "technology_upgrade", "cluster_synergy", "final_demand_shock", "coefficient_shock", "output_growth", "fiscal cost"] {
            #expect(r.stdout.contains(kind), "rules lacks \(kind)")
        }
    }
}

/// The path a new user follows: two runs, a comparison, an explanation, a chart, IAMC for pyam.
@Suite(.serialized) struct AfterARunTests {
    static let root = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-after-\(UUID().uuidString)")
    static func folder(_ name: String) -> String { root.appendingPathComponent(name).path }

    static let prepared: Bool = {
        _ = try? CLI.run(["run", "Scenarios/baseline.yaml", "--out", folder("baseline"), "--quiet"])
        _ = try? CLI.run(["run", "Scenarios/miit-2023.yaml", "--draws", "6", "--out", folder("miit"), "--quiet"])
        _ = try? CLI.run(["attribute", "Scenarios/miit-2023.yaml", "--out", folder("miit"), "--quiet"])
        return FileManager.default.fileExists(atPath: folder("miit") + "/attribution.csv")
    }()

    @Test func compareExplainPlotAndIAMC() throws {
        #expect(AfterARunTests.prepared)
        let compare = try CLI.run(["compare", AfterARunTests.folder("baseline"), AfterARunTests.folder("miit"), "--format", "markdown",
                                   "--out", AfterARunTests.folder("comparison.csv")])
        #expect(compare.status == 0, "\(compare.stderr)")
        for words in ["| GDP China |", "| GDP Central-West |", "| Output steel Northeast |", "GDP per yuan of fiscal cost", "delta p5"] {
            #expect(compare.stdout.contains(words), "compare lacks \(words)")
        }
        let table = try String(contentsOfFile: AfterARunTests.folder("comparison.csv"), encoding: .utf8)
        #expect(table.hasPrefix("run,year,area,area_kind,sector,variable,unit,reference,value,delta,delta_pct,delta_p5,delta_p95\n"))

        let explain = try CLI.run(["explain", AfterARunTests.folder("miit"), "--area", "Hebei", "--sector", "steel", "--year", "2025"])
        #expect(explain.status == 0, "\(explain.stderr)")
        // Attributed by task: the task split, and the command that gives each rule's effect. The
        // JJJ synergy acts on every sector of Beijing-Tianjin-Hebei, steel among them.
        for words in ["baseline", "Rules that fired on steel in Hebei", "jjj-synergy", "Contributions to the change by task", "total:",
                      "not by rule", "--by rule --out"] {
            #expect(explain.stdout.contains(words), "explain lacks \(words)")
        }

        let png = AfterARunTests.folder("gdp.png")
        let plot = try CLI.run(["plot", AfterARunTests.folder("baseline"), AfterARunTests.folder("miit"), "--variable", "gdp",
                                "--areas", "China,Central", "--out", png])
        #expect(plot.status == 0, "\(plot.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(bytes.count > 5000)
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "not a PNG")
        let bars = try CLI.run(["plot", AfterARunTests.folder("baseline"), AfterARunTests.folder("miit"), "--variable", "output",
                                "--kind", "bars", "--out", AfterARunTests.folder("bars.svg")])
        #expect(bars.status == 0, "\(bars.stderr)")
        #expect(try String(contentsOfFile: AfterARunTests.folder("bars.svg"), encoding: .utf8).contains("<svg"))

        // iamc.csv loads in pandas with the IAMC columns and the expected variables.
        let script = """
            import pandas as pd, sys
            df = pd.read_csv(sys.argv[1])
            assert list(df.columns[:5]) == ["Model", "Scenario", "Region", "Variable", "Unit"], df.columns
            assert [int(c) for c in df.columns[5:]] == list(range(2022, 2031))
            for v in ["GDP", "Output|Automobiles and parts", "Employment", "Fiscal Cost|2 increase investment|major-projects"]:
                assert (df.Variable == v).any(), v
            assert df.isna().sum().sum() == 0
            print(len(df))
            """
        let py = Process()
        py.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        py.arguments = ["python3", "-c", script, AfterARunTests.folder("miit") + "/iamc.csv"]
        let out = Pipe()
        py.standardOutput = out
        try py.run()
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        py.waitUntilExit()
        #expect(py.terminationStatus == 0, "pandas could not read iamc.csv as IAMC")
        #expect((Int(printed.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 1000)
    }

    /// One folder whose baseline contains its measures is compared with its own no-package path,
    /// and the report says where the effect lands: the four regions (which partition the
    /// provinces) add up to China, each the sum over the years of central - no_policy, which this
    /// test computes from output.csv itself.
    @Test func compareAgainstTheNoPackagePathShowsWhereTheEffectLands() throws {
        #expect(AfterARunTests.prepared)
        let r = try CLI.run(["compare", AfterARunTests.folder("miit")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("miit-2023 vs its no-package path"), "\(r.stdout)")
        let text = try String(contentsOfFile: AfterARunTests.folder("miit") + "/output.csv", encoding: .utf8)
        var effect: [String: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 9, f[5] == "gdp", f[4] == "all", Int(f[1])! > 2022, let v = Double(f[8]) else { continue }
            if f[7] == "central" { effect[f[2], default: 0] += v }
            if f[7] == "no_policy" { effect[f[2], default: 0] -= v }
        }
        guard let line = r.stdout.split(separator: "\n").first(where: { $0.hasPrefix("where the GDP effect lands") }) else {
            Issue.record("no balance line in \(r.stdout)"); return
        }
        for area in ["East", "Central", "West", "Northeast", "China"] {
            let printed = try #require(line.components(separatedBy: "\(area) ").dropFirst().first.flatMap { Double($0.prefix { "+-0123456789.".contains($0) }) })
            #expect(abs(printed - effect[area]!) <= 0.5, "\(area): printed \(printed), output.csv \(effect[area]!)")
        }
        let regions = ["East", "Central", "West", "Northeast"].reduce(0.0) { $0 + effect[$1]! }
        #expect(abs(regions - effect["China"]!) <= 1e-6 * abs(effect["China"]!))
        #expect(r.stdout.contains("provinces gain"))
        // Against another scenario's folder, a policy-inclusive run is flagged.
        let other = try CLI.run(["compare", AfterARunTests.folder("baseline"), AfterARunTests.folder("miit")])
        #expect(other.stderr.contains("baseline contains its measures"), "\(other.stderr)")
        // A folder without a no-policy path needs a reference.
        let plain = try CLI.run(["compare", AfterARunTests.folder("baseline")])
        #expect(plain.status == 65 && plain.stderr.contains("has no no-policy path"), "\(plain.status) \(plain.stderr)")
    }

    @Test func strictCompareRefusesMismatchedRuns() throws {
        #expect(AfterARunTests.prepared)
        let copy = AfterARunTests.folder("tampered")
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: AfterARunTests.folder("miit"), toPath: copy)
        let manifest = URL(fileURLWithPath: copy).appendingPathComponent("manifest.json")
        let text = try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "\"version\" : \"0.", with: "\"version\" : \"9.")
        try text.write(to: manifest, atomically: true, encoding: .utf8)
        let loose = try CLI.run(["compare", AfterARunTests.folder("miit"), copy])
        #expect(loose.status == 0 && loose.stderr.contains("warning:") && loose.stderr.contains("policysim 9."))
        let strict = try CLI.run(["compare", AfterARunTests.folder("miit"), copy, "--strict"])
        #expect(strict.status == 65)
    }
}

@Suite struct ExportPeerTests {
    /// The exported systems are the ones policysim solved: numpy, rebuilding every (I - B) from
    /// the exported components and solving it afresh, gets policysim's solutions to 1e-9.
    @Test func numpyPeerReproducesTheExportedSolutions() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let export = try CLI.run(["export", "Scenarios/miit-2023-export-slump.yaml", "--draws", "2", "--out", folder.path])
        #expect(export.status == 0, "\(export.stderr)")
        let py = Process()
        py.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        py.arguments = ["python3", CLI.packageRoot.appendingPathComponent("bench/peer.py").path, "systems", folder.path]
        let out = Pipe()
        py.standardOutput = out
        try py.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        py.waitUntilExit()
        #expect(py.terminationStatus == 0)
        let result = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        #expect(result["outputs_match"] as? Bool == true, "\(result)")
        // Central run and two draws, eight years each, and the conditional phase of 2023.
        #expect((result["systems"] as? Int ?? 0) >= 24)
    }
}
