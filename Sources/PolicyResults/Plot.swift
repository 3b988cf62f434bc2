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
    public enum Kind: String, CaseIterable, Sendable { case lines, delta, bars }

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
        /// What the reader of the picture should know that it cannot show (a band that could
        /// not be drawn, runs made on different data), for standard error.
        public var notes: [String] = []
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
        case "png": terminal = "pngcairo"
        case "svg": terminal = "svg"
        default: throw Failure(description: "--out must end in .png or .svg, not '\(name)'")
        }
        guard let first = runs.first else { throw Failure(description: "plot needs at least one result folder") }
        guard first.years.last != nil else { throw Failure(description: "\(first.path) holds no years") }
        // "./": a name that starts with "$" would be read as a datablock.
        let chart = kind == .bars
            ? try bars(runs, variable: variable, regions: areas.isEmpty ? ["East", "Central", "West", "Northeast"] : areas, span: span,
                       dataName: quoted("./" + data.lastPathComponent))
            : try panels(runs, variable: variable, areas: areas, sector: sector, kind: kind, dataName: quoted("./" + data.lastPathComponent))
        let renderName = ".\(name).tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let gp = ["# Made by policysim plot. Render with: gnuplot ./\(script.lastPathComponent)".replacingOccurrences(of: "\n", with: " "),
                  "set terminal \(terminal) size \(chart.width),\(chart.height) noenhanced", "set output \(quoted(name))",
                  "set grid", "set datafile missing 'nan'"] + chart.script
        let text = gp.joined(separator: "\n") + "\n"
        let render = text.replacingOccurrences(of: "set output \(quoted(name))\n", with: "set output \(quoted(renderName))\n")
        return Files(picture: out, script: script, data: data, scriptText: text, dataText: chart.data, renderName: renderName,
                     renderText: render, notes: chart.notes)
    }

    /// A chart before its terminal and output lines: the script's commands, its data and size.
    struct Chart {
        var script: [String]
        var data: String
        var width: Int
        var height: Int
        var notes: [String] = []
    }

    /// `--kind bars`: the delta of the second run against the reference in one span, a cluster
    /// of bars per sector, one bar per region.
    static func bars(_ runs: [ResultFolder], variable: String, regions: [String], span: Comparison.Span?, dataName: String) throws -> Chart {
        guard runs.count >= 2 else { throw Failure(description: "a bar chart of deltas needs a reference and at least one run") }
        let first = runs[0], lastYear = first.years.last ?? 0
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
        let spanTitle = years.count == 1 ? (span == .peak ? "\(years[0]), the peak year of China's delta" : "\(years[0])")
            : "cumulative \(years.first ?? 0)-\(years.last ?? 0)"
        var dat = "sector " + regions.map(dataString).joined(separator: " ") + "\n", largest = 0.0
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
                largest = max(largest, abs(sum))
            }
            dat += row + "\n"
        }
        let scale = readable(first.units[variable] ?? "", largest: largest)
        let names = legendNames(runs)
        let plots = regions.indices.map { k in
            "\(dataName) using \(scale.column(k + 2)):xtic(1) lc \(colour(k)) title columnheader(\(k + 2))"
        }
        let title = "\(label(variable, sector: "all")) by sector and region: \(names[1]) minus \(names[0]), \(spanTitle) (\(scale.unit))"
        let script = ["set key below center horizontal reverse Left samplen 2", "set title \(quoted(title))",
                      "set style data histograms", "set style histogram clustered gap 1", "set style fill solid 0.85 noborder",
                      "set xtics rotate by 45 right scale 0", "set grid noxtics ytics", "set ylabel \(quoted("difference (\(scale.unit))"))",
                      "plot " + plots.joined(separator: ", \\\n     ")]
        return Chart(script: script, data: dat, width: titleWidth(title, least: 1100), height: 650)
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
