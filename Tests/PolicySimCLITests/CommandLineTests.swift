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

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
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

final class DataBox: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
}

@Suite struct CommandLineTests {
    @Test func doctorReportsOpenBLASAndTheKnownAnswer() throws {
        let r = try CLI.run(["doctor"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("cblas: openblas"))
        #expect(r.stdout.contains("libopenblas"))
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
