// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// `policysim plot`: a gnuplot script and its data, rendered to PNG or SVG when gnuplot is
/// installed. Lines: one per run and area (the reference dashed), with p5-p95 bands where the
/// run has draws. Bars: last-year deltas of each run against the reference, regions x sectors.
public enum Plot {
    public enum Kind: String, CaseIterable, Sendable { case lines, bars }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes `<out>.gp` and `<out>.dat` next to `out` and returns the script's path.
    public static func write(_ runs: [ResultFolder], variable: String, areas: [String], sector: String, kind: Kind, out: URL) throws -> URL {
        let base = out.deletingPathExtension()
        let script = base.appendingPathExtension("gp"), data = base.appendingPathExtension("dat")
        let ext = out.pathExtension.lowercased()
        let terminal: String
        switch ext {
        case "png": terminal = "pngcairo size 1000,600 noenhanced"
        case "svg": terminal = "svg size 1000,600 noenhanced"
        default: throw Failure(description: "--out must end in .png or .svg, not '\(out.lastPathComponent)'")
        }
        guard let first = runs.first else { throw Failure(description: "plot needs at least one result folder") }
        let unit = first.units[variable] ?? ""
        var dat = "", plots: [String] = []
        var block = 0
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "\"", with: "'") }
        switch kind {
        case .lines:
            for (r, run) in runs.enumerated() {
                for (a, area) in areas.enumerated() {
                    let cells = run.years.map { ResultFolder.Cell(year: $0, area: area, sector: sector, variable: variable) }
                    guard cells.allSatisfy({ run.values[$0] != nil }) else {
                        throw Failure(description: "\(run.path) has no \(variable) for \(area), \(sector)")
                    }
                    dat += "# \(run.scenario) \(area)\n# year central p5 p95\n"
                    for c in cells {
                        let v = run.values[c]!
                        dat += "\(c.year) \(v["central"]!) \(v["p5"] ?? v["central"]!) \(v["p95"] ?? v["central"]!)\n"
                    }
                    dat += "\n\n"
                    let title = esc("\(run.scenario) \(area)")
                    if run.values[cells[0]]?["p5"] != nil {
                        plots.append("'\(data.lastPathComponent)' index \(block) using 1:3:4 with filledcurves fs transparent solid 0.2 lc \(a + 1) title \"\(title) p5-p95\"")
                    }
                    // Colour by area; the reference dashed, further runs dotted and dash-dotted.
                    let dash = r == 0 ? " dt 2" : (r == 1 ? "" : " dt \(r + 2)")
                    plots.append("'\(data.lastPathComponent)' index \(block) using 1:2 with lines lw 2 lc \(a + 1)\(dash) title \"\(title)\(r == 0 ? " (reference)" : "")\"")
                    block += 1
                }
            }
        case .bars:
            guard runs.count >= 2 else { throw Failure(description: "a bar chart of deltas needs a reference and at least one run") }
            let year = first.years.last!
            let regions = areas.isEmpty ? ["East", "Central", "West", "Northeast"] : areas
            let sectors = Array(Set(first.order.filter { $0.variable == variable && $0.sector != "all" }.map(\.sector))).sorted()
            guard !sectors.isEmpty else { throw Failure(description: "\(variable) has no sector detail; use output, value_added, employment or investment") }
            dat += "sector " + regions.map { "\"\($0)\"" }.joined(separator: " ") + "\n"
            for s in sectors {
                var row = "\"\(s)\""
                for a in regions {
                    let cell = ResultFolder.Cell(year: year, area: a, sector: s, variable: variable)
                    row += " \((runs[1].value(cell) ?? 0) - (first.value(cell) ?? 0))"
                }
                dat += row + "\n"
            }
            for k in regions.indices {
                plots.append("'\(data.lastPathComponent)' using \(k + 2):xtic(1) title columnheader(\(k + 2))")
            }
        }
        var gp = ["# Made by policysim plot. Render with: gnuplot \(script.lastPathComponent)",
                  "set terminal \(terminal)", "set output '\(out.lastPathComponent)'", "set key outside right",
                  "set grid", "set datafile missing 'nan'"]
        if kind == .lines {
            gp += ["set title \"\(esc(variable)), \(esc(sector))\"", "set xlabel 'year'", "set ylabel \"\(esc(variable)) (\(esc(unit)))\""]
        } else {
            gp += ["set title \"\(esc(variable)): \(esc(runs[1].scenario)) minus \(esc(first.scenario)), \(first.years.last!)\"",
                   "set style data histograms", "set style histogram clustered gap 1", "set style fill solid 0.8",
                   "set xtics rotate by -45", "set ylabel \"delta (\(esc(unit)))\"", "set key autotitle columnheader"]
        }
        gp.append("plot " + plots.joined(separator: ", \\\n     "))
        try FileManager.default.createDirectory(at: data.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(dat.utf8).write(to: data)
        try Data((gp.joined(separator: "\n") + "\n").utf8).write(to: script)
        return script
    }

    /// Runs gnuplot on the script in its folder; returns false when gnuplot is not installed.
    public static func render(_ script: URL) throws -> Bool {
        let candidates = ["/usr/bin/gnuplot", "/usr/local/bin/gnuplot"]
        guard let gnuplot = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return false }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: gnuplot)
        p.arguments = [script.lastPathComponent]
        p.currentDirectoryURL = script.deletingLastPathComponent()
        let err = Pipe()
        p.standardError = err
        try p.run()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failure(description: "gnuplot failed on \(script.path): \(String(decoding: message, as: UTF8.self))")
        }
        return true
    }
}
