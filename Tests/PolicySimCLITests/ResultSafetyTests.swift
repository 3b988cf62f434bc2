// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A started `policysim` whose output goes to files, for tests that race or kill it.
struct Started {
    let process: Process
    let out: URL, err: URL

    static func start(_ arguments: [String], in directory: URL? = nil) throws -> Started {
        let p = Process()
        p.executableURL = CLI.executable
        p.arguments = arguments
        p.currentDirectoryURL = directory ?? CLI.packageRoot
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-proc-\(UUID().uuidString)")
        let out = base.appendingPathExtension("out"), err = base.appendingPathExtension("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        try p.run()
        return Started(process: p, out: out, err: err)
    }

    func wait() -> CLI.Result {
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        return CLI.Result(status: process.terminationStatus,
                          stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                          stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}

/// A temporary folder of its own for each test, removed at the end.
final class Scratch: @unchecked Sendable {
    let root: URL
    init(_ name: String) {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: root) }
    func url(_ name: String) -> URL { root.appendingPathComponent(name) }
    func path(_ name: String) -> String { url(name).path }
    var entries: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted() }

    /// A scenario file here that extends the shipped baseline by its absolute path.
    func scenario(_ file: String, _ body: String) throws -> String {
        let text = "version: 1\nextends: \(CLI.packageRoot.appendingPathComponent("Scenarios/baseline.yaml").path)\n" + body
        try text.write(to: url(file), atomically: true, encoding: .utf8)
        return path(file)
    }

    /// Files of a folder and their bytes.
    func snapshot(_ name: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for f in try FileManager.default.contentsOfDirectory(atPath: path(name)) { out[f] = try Data(contentsOf: url(name).appendingPathComponent(f)) }
        return out
    }
}

/// Result folders never lose data: names that are paths, --force over the wrong folder, two
/// runs at once, a kill in the middle of the write, a read-only or full disk.
@Suite struct ResultSafetyTests {
    @Test(arguments: ["..", ".", "../x", "a/b", ""])
    func scenarioNamesArePlainIdentifiers(_ name: String) throws {
        let box = Scratch("name")
        try Data("mine".utf8).write(to: box.url("canary.txt"))
        let file = try box.scenario("s.yaml", "name: \"\(name)\"\n")
        let r = try CLI.run(["run", file, "--force", "--quiet"], in: box.root)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("s.yaml:3:7: error: name '\(name)' must be a plain identifier"), "\(r.stderr)")
        #expect(box.entries == ["canary.txt", "s.yaml"])
    }

    @Test func anEmptyOrDotOutIsAUsageError() throws {
        let box = Scratch("out")
        for (out, words) in [("", "an empty --out would be the current folder"), (".", "not '.'"), ("Results/..", "not 'Results/..'")] {
            let r = try CLI.run(["run", CLI.packageRoot.appendingPathComponent("Scenarios/baseline.yaml").path, "--out", out, "--force", "--quiet"], in: box.root)
            #expect(r.status == 64, "\(out): \(r.stderr)")
            #expect(r.stderr.contains(words), "\(out): \(r.stderr)")
        }
        #expect(box.entries.isEmpty)
    }

    /// `--out Scenarios --force` deleted the input files; now --force replaces result folders only.
    @Test func forceNeverReplacesAFolderOfInputs() throws {
        let box = Scratch("inputs")
        try FileManager.default.createDirectory(at: box.url("Scenarios"), withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: box.url("Scenarios/mine.yaml"))
        let r = try CLI.run(["run", CLI.packageRoot.appendingPathComponent("Scenarios/baseline.yaml").path, "--out", "Scenarios", "--force", "--quiet"], in: box.root)
        #expect(r.status == 73)
        #expect(r.stderr.contains("error: Scenarios exists and is not a policysim result folder; only a policysim result folder is replaced, so nothing was changed"), "\(r.stderr)")
        #expect(try String(contentsOf: box.url("Scenarios/mine.yaml"), encoding: .utf8) == "precious")
        #expect(box.entries == ["Scenarios"])
    }

    /// Two runs started together into one new folder: one writes it, the other is refused with
    /// the exit code of "already exists", and the folder is a whole run.
    @Test func twoRunsAtOnceCannotBothWin() throws {
        let box = Scratch("race")
        let args = ["run", "Scenarios/baseline.yaml", "--out", box.path("out"), "--quiet"]
        let a = try Started.start(args), b = try Started.start(args)
        let results = [a.wait(), b.wait()]
        #expect(results.map(\.status).sorted() == [0, 73], "\(results.map(\.stderr))")
        #expect(results.contains { $0.stderr.contains("already exists") })
        #expect(box.entries == ["out"])
        let check = try CLI.run(["compare", box.path("out"), box.path("out")])
        #expect(check.status == 0, "\(check.stderr)")
    }

    /// Waits until `path` exists (true) or the process ends (false).
    func waitFor(_ path: () -> Bool, _ p: Started) -> Bool {
        for _ in 0..<6000 {
            if path() { return true }
            if !p.process.isRunning { return false }
            usleep(10_000)
        }
        return false
    }

    func temporaries(_ box: Scratch, _ name: String) -> [String] { box.entries.filter { $0.hasPrefix(".\(name).tmp-") } }

    /// SIGTERM and SIGINT while output.csv is being written: the old folder is byte for byte
    /// the same, the unfinished one is removed, and the exit code is 128 + the signal.
    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalDuringTheWriteKeepsTheOldFolderAndLeavesNothing(_ sig: Int32) throws {
        let box = Scratch("signal")
        #expect(try CLI.run(["run", "Scenarios/baseline.yaml", "--out", box.path("out"), "--quiet"]).status == 0)
        let before = try box.snapshot("out")
        let p = try Started.start(["run", "Scenarios/miit-2023.yaml", "--draws", "6", "--keep-draws", "--out", box.path("out"), "--force", "--quiet"])
        let writing = waitFor({ temporaries(box, "out").contains { FileManager.default.fileExists(atPath: box.path("\($0)/output.csv")) } }, p)
        #expect(writing, "the run ended before it wrote output.csv")
        kill(p.process.processIdentifier, sig)
        let r = p.wait()
        #expect(r.status == 128 + sig, "\(r.stderr)")
        #expect(r.stderr.contains("policysim: interrupted (\(sig == SIGTERM ? "SIGTERM" : "SIGINT")); removed the unfinished"), "\(r.stderr)")
        #expect(try box.snapshot("out") == before)
        #expect(box.entries == ["out"])
    }

    /// SIGKILL cannot be caught: the old folder is intact, the unfinished one stays until the
    /// next run into the same folder removes it.
    @Test func afterAKillTheNextRunRemovesWhatWasLeft() throws {
        let box = Scratch("kill")
        #expect(try CLI.run(["run", "Scenarios/baseline.yaml", "--out", box.path("out"), "--quiet"]).status == 0)
        let before = try box.snapshot("out")
        let p = try Started.start(["run", "Scenarios/miit-2023.yaml", "--draws", "6", "--keep-draws", "--out", box.path("out"), "--force", "--quiet"])
        let writing = waitFor({ temporaries(box, "out").contains { FileManager.default.fileExists(atPath: box.path("\($0)/output.csv")) } }, p)
        #expect(writing)
        kill(p.process.processIdentifier, SIGKILL)
        _ = p.wait()
        #expect(try box.snapshot("out") == before)
        #expect(temporaries(box, "out").count == 1, "\(box.entries)")
        let next = try CLI.run(["run", "Scenarios/baseline.yaml", "--out", box.path("other"), "--quiet"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(box.entries == ["other", "out"])
    }

    @Test func negativeDrawsAreSaidToBeInvalid() throws {
        let r = try CLI.run(["run", "Scenarios/baseline.yaml", "--draws", "-1"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("The value '-1' is invalid for '--draws'"), "\(r.stderr)")
        #expect(!r.stderr.contains("Missing value"))
    }

    /// A run too large for the memory this process may have is refused before it starts, with
    /// the figure and the remedy. `ulimit -v` sets the limit the same way on every machine.
    @Test func aRunTooLargeForMemoryIsRefusedWithTheRemedy() throws {
        let box = Scratch("memory")
        // Draws wait on disk, not in memory (about 0.01 MB a draw is held), so it takes many
        // draws and a tight limit.
        let r = try CLI.run(["/bin/sh", "-c", "ulimit -v 600000; exec \"$0\" run Scenarios/miit-2023.yaml --draws 100000 --keep-draws --out \"$1\"",
                             CLI.executable.path, box.path("out")], program: "/usr/bin/env")
        #expect(r.status == 69, "\(r.stderr)")
        for words in ["error: this run would need about", "100000 draws x 0.0", "(ulimit -v)", "--shard k/", "policysim merge"] {
            #expect(r.stderr.contains(words), "\(words): \(r.stderr)")
        }
        #expect(box.entries.isEmpty)
    }

    /// One exit code, 73, wherever an output exists and is not replaced.
    @Test func alreadyExistsHasOneExitCode() throws {
        let box = Scratch("exists")
        #expect(try CLI.run(["run", "Scenarios/baseline.yaml", "--out", box.path("run"), "--quiet"]).status == 0)
        try Data("x".utf8).write(to: box.url("table.csv"))
        try Data("x".utf8).write(to: box.url("chart.png"))
        try FileManager.default.createDirectory(at: box.url("folder"), withIntermediateDirectories: true)
        let cases: [[String]] = [
            ["run", "Scenarios/baseline.yaml", "--out", box.path("run")],
            ["merge", box.path("run"), box.path("run"), "--out", box.path("run")],
            ["compare", box.path("run"), box.path("run"), "--out", box.path("table.csv")],
            ["plot", box.path("run"), "--out", box.path("chart.png")],
            ["data", "build", "--out", box.path("folder")],
        ]
        for args in cases {
            let r = try CLI.run(args)
            #expect(r.status == 73, "\(args[0]): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("already exists") || r.stderr.contains("exists and is not"), "\(args[0]): \(r.stderr)")
        }
        #expect(try String(contentsOf: box.url("table.csv"), encoding: .utf8) == "x")
    }

    static let canMount: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        p.arguments = ["-m", "/bin/sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    /// A read-only target and one without room are refused before the run, in words (a private
    /// mount namespace holds a small tmpfs; needs root, as CI has).
    @Test(.enabled(if: canMount, "needs root and unshare to mount a small file system"))
    func aReadOnlyOrFullDiskIsSaidBeforeTheRun() throws {
        let box = Scratch("mount")
        try FileManager.default.createDirectory(at: box.url("disk"), withIntermediateDirectories: true)
        let exe = CLI.executable.path, disk = box.path("disk")
        let readOnly = try CLI.run(["-m", "/bin/sh", "-c", "mount -t tmpfs -o size=1m,ro tmpfs \"$1\" && exec \"$0\" run Scenarios/baseline.yaml --out \"$1/r\" --quiet", exe, disk],
                                   program: "/usr/bin/unshare")
        #expect(readOnly.status == 74, "\(readOnly.stderr)")
        #expect(readOnly.stderr.contains("cannot write into") && readOnly.stderr.contains("the file system is read-only; write elsewhere (--out)"), "\(readOnly.stderr)")
        #expect(!readOnly.stderr.contains("NSCocoaErrorDomain"))
        let full = try CLI.run(["-m", "/bin/sh", "-c", "mount -t tmpfs -o size=256k tmpfs \"$1\" && exec \"$0\" run Scenarios/baseline.yaml --out \"$1/r\" --quiet", exe, disk],
                               program: "/usr/bin/unshare")
        #expect(full.status == 74, "\(full.stderr)")
        #expect(full.stderr.contains("would need about") && full.stderr.contains("MB free; free some space, or write elsewhere (--out)"), "\(full.stderr)")
        #expect(box.entries == ["disk"])
    }
}
