// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// A scenario of two small rules on the shipped baseline: a central run takes about a second.
private let twoRules = """
    name: mine
    rules:
      - id: east-exports
        measure: export_support
        areas: East
        years: 2023-2024
        export_growth: 2%
      - id: west-exports
        measure: export_support
        areas: West
        years: 2023-2024
        export_growth: 1%

    """

/// The words of a command line as a POSIX shell splits them: plain words and single-quoted
/// parts (what `compare` prints), nothing else.
private func shellWords(_ line: String) -> [String] {
    var words: [String] = [], word = "", inWord = false, quoted = false
    for c in line {
        if quoted {
            if c == "'" { quoted = false } else { word.append(c) }
        } else if c == "'" {
            quoted = true
            inWord = true
        } else if c == " " {
            if inWord { words.append(word) }
            word = ""
            inWord = false
        } else {
            word.append(c)
            inWord = true
        }
    }
    if inWord { words.append(word) }
    return words
}

/// The command between backticks in compare's "GDP gained by rule needs `...`" line.
private func attributeHint(_ stdout: String) -> String? {
    guard let line = stdout.split(separator: "\n").first(where: { $0.contains("GDP gained by rule needs `") }),
          let open = line.range(of: "`"), let close = line[open.upperBound...].range(of: "`") else { return nil }
    return String(line[open.upperBound..<close.lowerBound])
}

/// Flags that mean one thing: --quiet hides the progress only, --silent everything but errors;
/// every command that writes exits 73 on an existing output; compare's attribute hint runs as
/// printed; the progress on a non-terminal has elapsed time, rate, estimate and "writing".
@Suite(.serialized) struct FlagTests {
    @Test func quietHidesTheProgressOnlyAndSilentPrintsNothing() throws {
        let box = Scratch("quiet")
        let file = try box.scenario("mine.yaml", twoRules)
        let always = ["POLICYSIM_PROGRESS": "always"]
        let quiet = try CLI.run(["run", file, "--draws", "4", "--out", box.path("q"), "--quiet"], environment: always)
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(quiet.stdout.hasPrefix("wrote \(box.path("q"))\n") && quiet.stdout.contains("\nGDP 2023 +"), "\(quiet.stdout)")
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")

        let silent = try CLI.run(["run", file, "--draws", "4", "--out", box.path("s"), "--silent"], environment: always)
        #expect(silent.status == 0, "\(silent.stderr)")
        #expect(silent.stdout.isEmpty && silent.stderr.isEmpty, "\(silent.stdout)\(silent.stderr)")
        #expect(FileManager.default.fileExists(atPath: box.path("s/manifest.json")))
        // An error still shows under --silent.
        let refused = try CLI.run(["run", file, "--out", box.path("s"), "--silent"])
        #expect(refused.status == 73 && refused.stdout.isEmpty && refused.stderr.contains("already exists"), "\(refused.stderr)")

        let attributeQuiet = try CLI.run(["attribute", file, "--out", box.path("q"), "--quiet"], environment: always)
        #expect(attributeQuiet.status == 0, "\(attributeQuiet.stderr)")
        #expect(attributeQuiet.stdout.hasPrefix("wrote \(box.path("q"))/attribution.csv: 1 groups by task"), "\(attributeQuiet.stdout)")
        #expect(attributeQuiet.stderr.isEmpty, "\(attributeQuiet.stderr)")
        let attributeSilent = try CLI.run(["attribute", file, "--out", box.path("s"), "--silent"], environment: always)
        #expect(attributeSilent.status == 0, "\(attributeSilent.stderr)")
        #expect(attributeSilent.stdout.isEmpty && attributeSilent.stderr.isEmpty, "\(attributeSilent.stdout)\(attributeSilent.stderr)")
        #expect(FileManager.default.fileExists(atPath: box.path("s/attribution.csv")))

        for command in ["run", "attribute"] {
            // The help wraps its lines: compare the words.
            let help = try CLI.run([command, "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(help.contains("--quiet Hide the progress on standard error; the headline and results still print."), "\(command): \(help)")
            #expect(help.contains("--silent Print nothing but errors (on standard error): no progress, headline or results."), "\(command): \(help)")
            #expect(help.contains("--quiet hides the progress only (the headline and results still print); --silent prints nothing but errors."), "\(command): \(help)")
        }
    }

    /// --silent on every other command that prints what it wrote or a report: nothing on
    /// standard output or standard error, exit 0, and the same files as without it (bytes;
    /// manifests record their times, so they are compared without them).
    @Test func silentCommandsPrintNothingAndWriteTheSameFiles() throws {
        let box = Scratch("silent")
        let file = try box.scenario("mine.yaml", twoRules)
        let keep = ["--draws", "4", "--keep-draws", "--quiet"]
        for shard in ["0/2", "1/2"] {
            #expect(try CLI.run(["run", file, "--out", box.path("shard\(shard.prefix(1))"), "--shard", shard] + keep).status == 0)
        }
        #expect(try CLI.run(["run", "Scenarios/baseline.yaml", "--out", box.path("base"), "--quiet"]).status == 0)
        // Each command writes into OUT: once as it is, once with --silent.
        let commands: [(String, (String) -> [String])] = [
            ("merge", { ["merge", box.path("shard0"), box.path("shard1"), "--out", $0] }),
            ("plot", { ["plot", box.path("base"), box.path("shard0"), "--out", $0 + "/chart.svg"] }),
            ("export", { ["export", file, "--draws", "0", "--out", $0] }),
            ("multipliers", { ["multipliers", "--out", $0] }),
            ("hindcast", { ["hindcast", "--out", $0] }),
            ("data build", { ["data", "build", "--out", $0] }),
            ("data export-pymrio", { ["data", "export-pymrio", "Scenarios/data/china-2022", $0] }),
        ]
        func files(_ folder: String) throws -> [String: Data] {
            var out: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
                var isFolder: ObjCBool = false
                let path = folder + "/" + name
                if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                    for (inner, data) in try files(path) { out[name + "/" + inner] = data }
                } else if name == "manifest.json" {
                    // Times and wall seconds differ from run to run; the file records must not.
                    let m = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
                    out[name] = try JSONSerialization.data(withJSONObject: m["files"] ?? [:], options: [.sortedKeys])
                } else {
                    out[name] = try Data(contentsOf: URL(fileURLWithPath: path))
                }
            }
            return out
        }
        for (name, args) in commands {
            let loud = box.path("loud-" + name.replacingOccurrences(of: " ", with: "-"))
            let quiet = box.path("silent-" + name.replacingOccurrences(of: " ", with: "-"))
            if name == "plot" {
                for f in [loud, quiet] { try FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true) }
            }
            let shown = try CLI.run(args(loud))
            #expect(shown.status == 0, "\(name): \(shown.stderr)")
            #expect(!shown.stdout.isEmpty, "\(name) prints what it wrote")
            let silent = try CLI.run(args(quiet) + ["--silent"])
            #expect(silent.status == 0, "\(name) --silent: \(silent.stderr)")
            #expect(silent.stdout.isEmpty && silent.stderr.isEmpty, "\(name) --silent printed: \(silent.stdout)\(silent.stderr)")
            let a = try files(loud), b = try files(quiet)
            #expect(!a.isEmpty && a.keys.sorted() == b.keys.sorted(), "\(name): \(a.keys.sorted()) vs \(b.keys.sorted())")
            for (file, data) in a where b[file] != data { Issue.record("\(name): \(file) differs with --silent") }
            // An error still shows under --silent: the output exists now.
            let refused = try CLI.run(args(quiet) + ["--silent"])
            #expect(refused.status == 73 && refused.stdout.isEmpty && refused.stderr.contains("already exists"), "\(name): \(refused.stderr)")
            let help = try CLI.run(Array(args(quiet).prefix(name.hasPrefix("data") ? 2 : 1)) + ["--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(help.contains("--silent Print nothing but errors (on standard error): no report, notes or warnings."), "\(name): \(help)")
        }
    }

    /// On a non-terminal: a line per tenth with the time elapsed, then the rate and the time
    /// left, "writing FOLDER" after the last draw, and a last line with the time of the write.
    @Test func progressOnANonTerminalHasElapsedRateEstimateAndWriting() throws {
        let box = Scratch("progress")
        let file = try box.scenario("mine.yaml", twoRules)
        let r = try CLI.run(["run", file, "--draws", "20", "--out", box.path("out")], environment: ["POLICYSIM_PROGRESS": "always"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").map(String.init)
        let draws = lines.filter { $0.range(of: #"^\d+/20 draws, [0-9.]+ s elapsed"#, options: .regularExpression) != nil && !$0.contains("writing") }
        #expect((2...11).contains(draws.count), "one line per tenth: \(lines)")
        #expect(draws.contains { $0.range(of: #", [0-9.]+ draws/s, about [0-9.]+ s left$"#, options: .regularExpression) != nil }, "\(lines)")
        #expect(draws.last?.hasPrefix("20/20 draws, ") == true && draws.last?.contains("left") == false, "\(lines)")
        let writing = lines.firstIndex { $0.hasPrefix("20/20 draws, ") && $0.hasSuffix(", writing \(box.path("out"))") }
        #expect(writing == lines.count - 2, "\(lines)")
        #expect(lines.last?.range(of: #"^done: 20/20 draws, [0-9.]+ s elapsed, [0-9.]+ draws/s, written in [0-9.]+ s$"#, options: .regularExpression) != nil, "\(lines)")
        #expect(r.stdout.hasPrefix("wrote \(box.path("out"))\n"))
    }

    /// Every command that writes a folder or file exits 73 when it exists and --force is not
    /// given, naming it and the two ways out, and leaves it as it was.
    @Test func everyCommandThatWritesExits73OnAnExistingOutput() throws {
        let box = Scratch("exists")
        let file = try box.scenario("mine.yaml", twoRules)
        #expect(try CLI.run(["run", file, "--draws", "0", "--out", box.path("run"), "--quiet"]).status == 0)
        #expect(try CLI.run(["attribute", file, "--out", box.path("run"), "--quiet"]).status == 0)
        try FileManager.default.createDirectory(at: box.url("folder"), withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: box.url("folder/keep.txt"))
        try FileManager.default.createDirectory(at: box.url("hc"), withIntermediateDirectories: true)
        for name in ["table.csv", "chart.svg", "hc/hindcast.csv"] { try Data("x".utf8).write(to: box.url(name)) }
        let before = try box.snapshot("run")
        let cases: [([String], String)] = [
            (["run", file, "--out", box.path("run")], box.path("run")),
            (["merge", box.path("run"), box.path("run"), "--out", box.path("run")], box.path("run")),
            (["multipliers", "--out", box.path("folder")], box.path("folder")),
            (["plot", box.path("run"), "--out", box.path("chart.svg")], box.path("chart.svg")),
            (["export", file, "--out", box.path("folder")], box.path("folder")),
            (["hindcast", "--out", box.path("hc")], box.path("hc/hindcast.csv")),
            (["data", "build", "--out", box.path("folder")], box.path("folder")),
            (["data", "import-pymrio", box.path("nowhere"), "--name", "x", "--out", box.path("folder")], box.path("folder")),
            (["data", "export-pymrio", "Scenarios/data/china-2022", box.path("folder")], box.path("folder")),
            (["compare", box.path("run"), box.path("run"), "--out", box.path("table.csv")], box.path("table.csv")),
            (["attribute", file, "--out", box.path("run")], box.path("run/attribution.csv")),
        ]
        for (args, target) in cases {
            let r = try CLI.run(args)
            let name = args.prefix(2).joined(separator: " ")
            #expect(r.status == 73, "\(name): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("error: \(target)") && r.stderr.contains("already exists; pass --force to replace it, or --out"), "\(name): \(r.stderr)")
        }
        #expect(try box.snapshot("run") == before)
        #expect(try box.snapshot("folder") == ["keep.txt": Data("mine".utf8)])
        for name in ["table.csv", "chart.svg", "hc/hindcast.csv"] { #expect(try Data(contentsOf: box.url(name)) == Data("x".utf8), "\(name)") }
    }

    /// Bad arguments are refused with 64 before the output is looked at: an existing --out
    /// does not turn them into 73.
    @Test func multipliersRefusesBadArgumentsBeforeAnExistingFolder() throws {
        let box = Scratch("multipliers")
        try FileManager.default.createDirectory(at: box.url("out"), withIntermediateDirectories: true)
        let cases: [([String], String)] = [
            (["--year", "2025"], "Without --scenario only the base year 2022 has a structure"),
            (["--scenario", "Scenarios/baseline.yaml", "--year", "2040"], "2040 is outside it"),
            (["--type", "III"], "Please use --type I, --type II or --type I,II."),
            (["--by", "county"], "Please use --by province"),
        ]
        for (args, words) in cases {
            let r = try CLI.run(["multipliers"] + args + ["--out", box.path("out")])
            #expect(r.status == 64, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains(words), "\(args): \(r.stderr)")
        }
        #expect(box.entries == ["out"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.path("out")).isEmpty)
    }

    /// compare's hint for attribute is a command that works as printed: from another folder
    /// (the scenario file is a path from the folder the run was made in), and from that folder
    /// with a result folder whose name needs quoting and --force once the folder holds an
    /// attribution by task.
    @Test func compareAttributeHintRunsAsPrinted() throws {
        let box = Scratch("hint")
        _ = try box.scenario("mine.yaml", "name: mine\nrules:\n  - id: east-exports\n    measure: export_support\n    areas: East\n    years: 2023-2024\n    export_growth: 2%\n")
        #expect(try CLI.run(["run", "mine.yaml", "--draws", "0", "--out", "my run", "--quiet"], in: box.root).status == 0)
        #expect(try CLI.run(["run", CLI.packageRoot.appendingPathComponent("Scenarios/baseline.yaml").path, "--out", "base", "--quiet"], in: box.root).status == 0)

        func runHint(from directory: URL, base: String, run: String) throws -> (hint: String, line: String) {
            let compare = try CLI.run(["compare", base, run], in: directory)
            #expect(compare.status == 0, "\(compare.stderr)")
            let hint = try #require(attributeHint(compare.stdout), "\(compare.stdout)")
            let words = shellWords(hint)
            #expect(words.first == "policysim", "\(hint)")
            let r = try CLI.run(Array(words.dropFirst()), in: box.root)
            #expect(r.status == 0, "`\(hint)`: \(r.stderr)")
            #expect(r.stdout.contains("attribution.csv: 1 groups by rule"), "\(r.stdout)")
            return (hint, compare.stdout.split(separator: "\n").first { $0.contains("GDP gained by rule needs") }.map(String.init) ?? "")
        }

        let elsewhere = try runHint(from: CLI.packageRoot, base: box.path("base"), run: box.path("my run"))
        #expect(elsewhere.hint == "policysim attribute mine.yaml --by rule --out '\(box.url("my run").standardizedFileURL.path)'")
        #expect(elsewhere.line.contains("run from the folder `policysim run` was started in: mine.yaml is not found from here"), "\(elsewhere.line)")
        let after = try CLI.run(["compare", "base", "my run"], in: box.root)
        #expect(attributeHint(after.stdout) == nil, "\(after.stdout)")
        #expect(columns(after.stdout, section: "GDP per yuan", row: "east-exports")?.count == 4, "\(after.stdout)")

        #expect(try CLI.run(["attribute", "mine.yaml", "--out", "my run", "--force", "--quiet"], in: box.root).status == 0)
        let here = try runHint(from: box.root, base: "base", run: "my run")
        #expect(here.hint == "policysim attribute mine.yaml --by rule --out 'my run' --force")
        #expect(!here.line.contains("not found"))
    }
}
