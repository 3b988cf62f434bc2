// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyModel
import PolicyScenario

/// Loads and validates a scenario file against its data set; prints diagnostics and exits 65 on problems.
func loadScenario(_ path: String) throws -> (Scenario, DataSet) {
    let loader = ScenarioLoader { folder in try DataSetReader.load(URL(fileURLWithPath: folder)).data }
    do {
        return try loader.load(path)
    } catch let error as ScenarioError {
        printIssues(error.diagnostics.map(\.description), limit: 50)
        printError("\(path): \(error.diagnostics.count) problem\(error.diagnostics.count == 1 ? "" : "s")")
        throw ExitCode(dataErrorExitCode)
    }
}

/// Progress on standard error: a bar when it is a terminal, a line per tenth otherwise; only for
/// runs that last over a second.
final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let start = Date()
    private let terminal = isatty(STDERR_FILENO) != 0
    private var lastTenth = -1
    private var shown = false
    let quiet: Bool

    init(quiet: Bool) { self.quiet = quiet }

    func update(_ done: Int, _ total: Int, _ what: String) {
        guard !quiet, total > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        guard Date().timeIntervalSince(start) > 1 || shown else { return }
        shown = true
        if terminal {
            let width = 30, filled = width * done / total
            let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
            printErrorInline("\r[\(bar)] \(done)/\(total) \(what)")
            if done == total { printErrorInline("\n") }
        } else {
            let tenth = 10 * done / total
            if tenth > lastTenth {
                lastTenth = tenth
                printError("\(done)/\(total) \(what)")
            }
        }
    }
}

func printErrorInline(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
