// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyModel
import PolicyResults
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

/// Progress on standard error, only for runs that last over a second (or always with
/// POLICYSIM_PROGRESS=always): on a terminal, one bar redrawn in place; otherwise a line per
/// tenth. Both show the time elapsed, the rate (over the items finished since the first, so
/// that the central run before the draws does not count) and an estimate of the time left,
/// then "writing FOLDER" while the result is written and, at the end, the time the write took.
final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let start = Date()
    private let terminal = isatty(STDERR_FILENO) != 0
    private let after: TimeInterval = ProcessInfo.processInfo.environment["POLICYSIM_PROGRESS"] == "always" ? 0 : 1
    private var lastTenth = -1
    private var shown = false
    private var lastWidth = 0
    /// The first update: the rate counts from it.
    private var first: (done: Int, time: Date)?
    private var last: (done: Int, total: Int, what: String, rate: Double?)?
    private var writingSince: Date?
    let quiet: Bool

    init(quiet: Bool) { self.quiet = quiet }

    /// `done` of `total` items (draws, coalitions) finished; called from any thread.
    func update(_ done: Int, _ total: Int, _ what: String) {
        guard !quiet, total > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date(), elapsed = now.timeIntervalSince(start)
        if first == nil { first = (done, now) }
        var rate: Double?
        if let first, done > first.done, now > first.time { rate = Double(done - first.done) / now.timeIntervalSince(first.time) }
        last = (done, total, what, rate)
        guard elapsed > after || shown else { return }
        shown = true
        var parts = summary(elapsed)
        if let rate, done < total { parts.append("about \(ProgressReporter.duration(Double(total - done) / rate)) left") }
        if terminal {
            redraw("\(bar(done, total)) " + parts.joined(separator: "  "))
        } else {
            let tenth = 10 * done / total
            if tenth > lastTenth {
                lastTenth = tenth
                printError(parts.joined(separator: ", "))
            }
        }
    }

    /// The work is done and `folder` is being written.
    func writing(_ folder: String) {
        guard !quiet else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date(), elapsed = now.timeIntervalSince(start)
        guard elapsed > after || shown else { return }
        shown = true
        writingSince = now
        var parts = summary(elapsed)
        parts.append("writing \(folder)")
        if terminal {
            redraw((last.map { bar($0.done, $0.total) + " " } ?? "") + parts.joined(separator: "  ") + " ...")
        } else {
            printError(parts.joined(separator: ", "))
        }
    }

    /// The result is written: the last line, with the time the write took.
    func finish() {
        guard !quiet else { return }
        lock.lock()
        defer { lock.unlock() }
        guard shown else { return }
        let now = Date(), elapsed = now.timeIntervalSince(start)
        var parts = summary(elapsed)
        if let writingSince { parts.append("written in \(ProgressReporter.duration(now.timeIntervalSince(writingSince)))") }
        if terminal {
            redraw((last.map { bar($0.done, $0.total) + " " } ?? "") + "done: " + parts.joined(separator: "  "))
            printErrorInline("\n")
            lastWidth = 0
        } else {
            printError("done: " + parts.joined(separator: ", "))
        }
    }

    /// Ends the terminal's line before an error is printed.
    func abandon() {
        lock.lock()
        defer { lock.unlock() }
        if terminal && lastWidth > 0 { printErrorInline("\n") }
        lastWidth = 0
    }

    /// "8/8 draws", the time elapsed and the rate.
    private func summary(_ elapsed: TimeInterval) -> [String] {
        var parts: [String] = []
        if let last { parts.append("\(last.done)/\(last.total) \(last.what)") }
        parts.append("\(ProgressReporter.duration(elapsed)) elapsed")
        if let last, let rate = last.rate { parts.append(ProgressReporter.rate(rate, last.what)) }
        return parts
    }

    private func bar(_ done: Int, _ total: Int) -> String {
        let width = 30, filled = width * done / total
        return "[" + String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled) + "]"
    }

    /// Rewrites the terminal's line, blanking what a longer earlier line left.
    private func redraw(_ text: String) {
        let pad = max(0, lastWidth - text.count)
        lastWidth = text.count
        printErrorInline("\r" + text + String(repeating: " ", count: pad))
    }

    /// "3.9 draws/s".
    static func rate(_ perSecond: Double, _ what: String) -> String {
        String(format: perSecond < 10 ? "%.2f" : perSecond < 100 ? "%.1f" : "%.0f", perSecond) + " \(what)/s"
    }

    /// 4.2 s, 42 s, 3 min 05 s, 1 h 02 min.
    static func duration(_ seconds: TimeInterval) -> String {
        if seconds < 10 { return String(format: "%.1f s", seconds) }
        let t = Int(seconds.rounded())
        if t < 60 { return "\(t) s" }
        if t < 3600 { return "\(t / 60) min " + String(format: "%02d s", t % 60) }
        return "\(t / 3600) h " + String(format: "%02d min", t % 3600 / 60)
    }
}

func printErrorInline(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

extension StagingFolder {
    /// Writes a chart's data file and gnuplot script into the folder and, when gnuplot is
    /// installed, renders the picture beside them: the names of the script and data, and of the
    /// picture if it was rendered.
    func writeChart(_ chart: Plot.Files) throws -> (files: [String], picture: String?) {
        try write(chart.data.lastPathComponent, Data(chart.dataText.utf8))
        try write(chart.script.lastPathComponent, Data(chart.scriptText.utf8))
        let files = [chart.data.lastPathComponent, chart.script.lastPathComponent]
        guard try Plot.render(chart) else { return (files, nil) }
        try FileManager.default.moveItem(at: url.appendingPathComponent(chart.renderName), to: chart.picture)
        return (files, chart.picture.lastPathComponent)
    }
}

/// The exit of a failed write of a folder with charts: a chart that could not be drawn is a
/// failed run (`Exit.runFailed`), anything else a failed write (`Exit.cannotWrite`).
func chartWriteFailure(_ error: Error) -> ExitCode {
    if error is Plot.Failure || error is MultiplierCharts.Failure { return failure(error, otherwise: Exit.runFailed) }
    return failure(error, otherwise: Exit.cannotWrite)
}
