// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel

/// `policysim plot`: a gnuplot script and its data, rendered to PNG or SVG when gnuplot is
/// installed. Lines: one per run and area (the reference dashed), with p5-p95 bands where the
/// run has draws. Bars: last-year deltas of each run against the reference, regions x sectors.
///
/// Every string the script holds (file names, titles, labels) is written as a gnuplot
/// single-quoted string, in which nothing is interpreted (no backquote command substitution,
/// no macros, no escapes) but the doubled quote: a file named `p';system('x');'.png` or
/// `Xi'an.png` is only a name.
public enum Plot {
    public enum Kind: String, CaseIterable, Sendable { case lines, bars }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The script and data of a chart, and where they and the picture go.
    public struct Files: Sendable {
        public var picture: URL
        public var script: URL
        public var data: URL
        public var scriptText: String
        public var dataText: String
        /// The name gnuplot writes the picture to, in the picture's folder; renamed into place.
        public var renderName: String
        /// The script as run: the same but for the output name.
        public var renderText: String
    }

    /// A gnuplot single-quoted string: inside it only a doubled quote means anything. Line
    /// breaks and other control characters, which would end the command, become spaces.
    public static func quoted(_ s: String) -> String {
        let clean = String(s.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
        return "'" + clean.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A string inside the data file: double quotes delimit it there, so inner ones become
    /// single quotes; control characters become spaces.
    static func dataString(_ s: String) -> String {
        let clean = String(s.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
        return "\"" + clean.replacingOccurrences(of: "\"", with: "'") + "\""
    }

    /// A comment line of the data file.
    static func comment(_ s: String) -> String {
        "# " + String(s.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
    }

    /// The chart's files (nothing is written here): `<out>.gp` and `<out>.dat` beside `out`.
    /// `span` (bars only): the year of the deltas (default the last), the peak year of the delta
    /// of `variable` in China, or the sum over the simulated years.
    public static func make(_ runs: [ResultFolder], variable: String, areas: [String], sector: String, kind: Kind, out: URL,
                            span: Comparison.Span? = nil) throws -> Files {
        let name = out.lastPathComponent
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw Failure(description: "--out '\(out.path)' holds a control character (a line break or tab); name the picture without one")
        }
        let base = out.deletingPathExtension()
        let script = base.appendingPathExtension("gp"), data = base.appendingPathExtension("dat")
        let terminal: String
        switch out.pathExtension.lowercased() {
        case "png": terminal = "pngcairo size 1000,600 noenhanced"
        case "svg": terminal = "svg size 1000,600 noenhanced"
        default: throw Failure(description: "--out must end in .png or .svg, not '\(name)'")
        }
        guard let first = runs.first else { throw Failure(description: "plot needs at least one result folder") }
        guard let lastYear = first.years.last else { throw Failure(description: "\(first.path) holds no years") }
        let unit = first.units[variable] ?? ""
        // "./": a name that starts with "$" would be read as a datablock.
        let dataName = quoted("./" + data.lastPathComponent)
        var dat = "", plots: [String] = []
        var block = 0
        var spanTitle = "\(lastYear)"
        switch kind {
        case .lines:
            for (r, run) in runs.enumerated() {
                for (a, area) in areas.enumerated() {
                    let cells = run.years.map { ResultFolder.Cell(year: $0, area: area, sector: sector, variable: variable) }
                    var rows: [(Int, Double, Double, Double)] = []
                    for c in cells {
                        guard let v = run.values[c], let central = v["central"] else {
                            throw Failure(description: "\(run.path) has no \(variable) for \(area), \(sector) in \(c.year)")
                        }
                        rows.append((c.year, central, v["p5"] ?? central, v["p95"] ?? central))
                    }
                    guard !rows.isEmpty else { throw Failure(description: "\(run.path) has no \(variable) for \(area), \(sector)") }
                    dat += comment("\(run.scenario) \(area)") + "\n# year central p5 p95\n"
                    for row in rows { dat += "\(row.0) \(row.1) \(row.2) \(row.3)\n" }
                    dat += "\n\n"
                    let title = "\(run.scenario) \(area)"
                    if run.values[cells[0]]?["p5"] != nil {
                        plots.append("\(dataName) index \(block) using 1:3:4 with filledcurves fs transparent solid 0.2 lc \(a + 1) title \(quoted(title + " p5-p95"))")
                    }
                    // Colour by area; the reference dashed, further runs dotted and dash-dotted.
                    let dash = r == 0 ? " dt 2" : (r == 1 ? "" : " dt \(r + 2)")
                    plots.append("\(dataName) index \(block) using 1:2 with lines lw 2 lc \(a + 1)\(dash) title \(quoted(title + (r == 0 ? " (reference)" : "")))")
                    block += 1
                }
            }
        case .bars:
            guard runs.count >= 2 else { throw Failure(description: "a bar chart of deltas needs a reference and at least one run") }
            let regions = areas.isEmpty ? ["East", "Central", "West", "Northeast"] : areas
            let sectors = Array(Set(first.order.filter { $0.variable == variable && $0.sector != "all" }.map(\.sector))).sorted()
            guard !sectors.isEmpty else { throw Failure(description: "\(variable) has no sector detail; use output, value_added, employment or investment") }
            let simulated = Array(first.years.dropFirst())
            func delta(_ cell: ResultFolder.Cell) -> Double? {
                guard let v = runs[1].value(cell), let r = first.value(cell) else { return nil }
                return v - r
            }
            let years: [Int]
            switch span ?? .year(lastYear) {
            case .year(let y):
                guard first.years.contains(y) else {
                    throw Failure(description: "\(first.path) has no year \(y); its years are \(first.years.first ?? 0)-\(lastYear) (give --year one of them, or --peak or --cumulative)")
                }
                years = [y]
            case .peak:
                let china = simulated.compactMap { y in delta(.init(year: y, area: "China", sector: "all", variable: variable)).map { (y, $0) } }
                guard let best = china.max(by: { abs($0.1) < abs($1.1) }) else {
                    throw Failure(description: "\(first.path) has no \(variable) for China, all after its base year, so it has no peak year")
                }
                years = [best.0]
            case .cumulative:
                years = simulated
            }
            spanTitle = years.count == 1 ? (span == .peak ? "\(years[0]), the peak year of China's delta" : "\(years[0])")
                : "cumulative \(years.first ?? 0)-\(years.last ?? 0)"
            dat += "sector " + regions.map(dataString).joined(separator: " ") + "\n"
            for s in sectors {
                var row = dataString(s)
                for a in regions {
                    var sum = 0.0
                    for y in years {
                        let cell = ResultFolder.Cell(year: y, area: a, sector: s, variable: variable)
                        guard let d = delta(cell) else {
                            throw Failure(description: "\(runs[1].value(cell) == nil ? runs[1].path : first.path) has no \(variable) for \(a), \(s) in \(y)")
                        }
                        sum += d
                    }
                    row += " \(sum)"
                }
                dat += row + "\n"
            }
            for k in regions.indices {
                plots.append("\(dataName) using \(k + 2):xtic(1) title columnheader(\(k + 2))")
            }
        }
        let renderName = ".\(name).tmp-\(ProcessInfo.processInfo.processIdentifier)"
        var gp = ["# Made by policysim plot. Render with: gnuplot ./\(script.lastPathComponent)".replacingOccurrences(of: "\n", with: " "),
                  "set terminal \(terminal)", "set output \(quoted(name))", "set key outside right",
                  "set grid", "set datafile missing 'nan'"]
        if kind == .lines {
            gp += ["set title \(quoted("\(variable), \(sector)"))", "set xlabel 'year'", "set ylabel \(quoted("\(variable) (\(unit))"))"]
        } else {
            gp += ["set title \(quoted("\(variable): \(runs[1].scenario) minus \(first.scenario), \(spanTitle)"))",
                   "set style data histograms", "set style histogram clustered gap 1", "set style fill solid 0.8",
                   "set xtics rotate by -45", "set ylabel \(quoted("delta (\(unit))"))", "set key autotitle columnheader"]
        }
        gp.append("plot " + plots.joined(separator: ", \\\n     "))
        let text = gp.joined(separator: "\n") + "\n"
        let render = text.replacingOccurrences(of: "set output \(quoted(name))\n", with: "set output \(quoted(renderName))\n")
        return Files(picture: out, script: script, data: data, scriptText: text, dataText: dat, renderName: renderName, renderText: render)
    }

    /// Runs gnuplot on the script in its folder, drawing into a temporary name that the caller
    /// renames into place; returns false when gnuplot is not installed.
    public static func render(_ files: Files) throws -> Bool {
        let candidates = ["/usr/bin/gnuplot", "/usr/local/bin/gnuplot"]
        guard let gnuplot = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return false }
        let folder = files.script.deletingLastPathComponent()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: gnuplot)
        // The script comes on standard input (no file name that gnuplot could take for an
        // option), with the picture going to the temporary name.
        p.arguments = []
        p.currentDirectoryURL = folder
        let input = Pipe(), err = Pipe()
        p.standardInput = input
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let errBox = PipeReader(err)
        input.fileHandleForWriting.write(Data(files.renderText.utf8))
        try? input.fileHandleForWriting.close()
        let message = errBox.wait()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(files.renderName))
            throw Failure(description: "gnuplot failed on \(displayPath(files.script)): \(String(decoding: message, as: UTF8.self))")
        }
        return true
    }
}

/// Reads a pipe to its end on another thread, so that a full pipe never blocks the child.
final class PipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        Thread { [self] in
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
