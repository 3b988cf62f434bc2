// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel

/// Charts of `policysim multipliers --charts png|svg`: a heatmap of the spillover matrix and a
/// bar chart of the nation's top output multipliers. Each is a gnuplot script with its data
/// beside it (`spillover.gp` + `spillover.dat`, `top-multipliers.gp` + `top-multipliers.dat`),
/// rendered by `Plot.render` as `policysim plot` renders its charts.
///
/// Every string in a script is a gnuplot single-quoted string (`Plot.quoted`), data files are
/// named `./NAME`, and the data files hold numbers only: area and sector names live in the
/// scripts' tic labels, so any name is only a name.
public enum MultiplierCharts {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    static func terminal(_ format: String) throws -> String {
        switch format.lowercased() {
        case "png": return "pngcairo size 1100,900 noenhanced"
        case "svg": return "svg size 1100,900 noenhanced"
        default: throw Failure(description: "--charts must be png or svg, not '\(format)'")
        }
    }

    /// Both charts' files (nothing is written here), with `folder` the folder they go into.
    public static func make(_ r: MultiplierReport, nation: AnalysisArea, measure: MultiplierMeasure = .valueAdded,
                            format: String, folder: URL, top: Int = 15) throws -> [Plot.Files] {
        let term = try terminal(format)
        return [try heatmap(r, measure: measure, terminal: term, format: format, folder: folder),
                try bars(r, nation: nation, terminal: term, format: format, folder: folder, top: top)]
    }

    static func files(_ name: String, format: String, folder: URL, script lines: (_ output: String, _ data: String) -> [String], data: String) -> Plot.Files {
        let picture = folder.appendingPathComponent("\(name).\(format.lowercased())")
        let renderName = ".\(picture.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let dataName = Plot.quoted("./\(name).dat")
        let text = lines(Plot.quoted(picture.lastPathComponent), dataName).joined(separator: "\n") + "\n"
        let render = lines(Plot.quoted(renderName), dataName).joined(separator: "\n") + "\n"
        return Plot.Files(picture: picture, script: folder.appendingPathComponent("\(name).gp"), data: folder.appendingPathComponent("\(name).dat"),
                          scriptText: text, dataText: data, renderName: renderName, renderText: render)
    }

    static func heatmap(_ r: MultiplierReport, measure: MultiplierMeasure, terminal: String, format: String, folder: URL) throws -> Plot.Files {
        let areas = r.areas.filter { $0.kind != .nation }
        guard !areas.isEmpty else { throw Failure(description: "the spillover heatmap needs areas other than the nation") }
        var dat = "# demand area index, area index, \(measure.rawValue) in the area per yuan of the demand area's final demand (Type I); nan on the diagonal\n"
        for (y, target) in areas.enumerated() {
            for (x, source) in areas.enumerated() {
                let v = target.id == source.id ? Double.nan : (r.spillover(measure, .typeI, in: target.id, of: source.id) ?? .nan)
                dat += "\(x) \(y) \(CSV.number(v))\n"
            }
        }
        let tics = areas.enumerated().map { "\(Plot.quoted($0.element.id)) \($0.offset)" }.joined(separator: ", ")
        let label = measure.rawValue.replacingOccurrences(of: "_", with: " ")
        return files("spillover", format: format, folder: folder, script: { output, data in [
            "# Made by policysim multipliers. Render with: gnuplot ./spillover.gp",
            "set terminal \(terminal)", "set output \(output)",
            "set title \(Plot.quoted("Spillover, Type I: \(label) in the row area per yuan of the column area's final demand"))",
            "set xlabel \(Plot.quoted("area whose final demand rises (the diagonal, an area's own demand, is blank)"))",
            "set ylabel \(Plot.quoted("area where \(label) rises"))",
            "set cblabel \(Plot.quoted(measure.unit))",
            "set xtics (\(tics)) rotate by -45", "set ytics (\(tics))",
            "set xrange [-0.5:\(Double(areas.count) - 0.5)]", "set yrange [\(Double(areas.count) - 0.5):-0.5]",
            "set datafile missing 'nan'", "set palette rgbformulae 33,13,10",
            "plot \(data) using 1:2:(0.5):(0.5):3 with boxxyerror fs solid 1.0 noborder fc palette notitle",
        ] }, data: dat)
    }

    static func bars(_ r: MultiplierReport, nation: AnalysisArea, terminal: String, format: String, folder: URL, top: Int) throws -> Plot.Files {
        let sectors = Array(r.sectorNames.dropLast())
        let output = sectors.map { r.value(area: nation.id, sector: $0, "output") ?? 0 }
        let ranked = sectors.indices.sorted { output[$0] > output[$1] }.map { sectors[$0] }.prefix(top)
        guard let first = ranked.first else { throw Failure(description: "\(nation.id) has no sector multipliers to chart") }
        let hasII = r.value(area: nation.id, sector: first, "output", .typeII) != nil
        var dat = "# rank, Type I output multiplier, Type II output multiplier (nan: not computed); sector names are the script's xtics\n"
        for (k, s) in ranked.enumerated() {
            dat += "\(k) \(CSV.number(r.value(area: nation.id, sector: s, "output") ?? .nan)) \(CSV.number(r.value(area: nation.id, sector: s, "output", .typeII) ?? .nan))\n"
        }
        let tics = ranked.enumerated().map { "\(Plot.quoted($0.element)) \($0.offset)" }.joined(separator: ", ")
        return files("top-multipliers", format: format, folder: folder, script: { output, data in
            var plots = ["\(data) using ($1 - 0.2):2:(0.4) with boxes fs solid 0.8 title 'Type I'"]
            if hasII { plots.append("\(data) using ($1 + 0.2):3:(0.4) with boxes fs solid 0.5 title 'Type II'") }
            return [
                "# Made by policysim multipliers. Render with: gnuplot ./top-multipliers.gp",
                "set terminal \(terminal)", "set output \(output)",
                "set title \(Plot.quoted("Top \(ranked.count) output multipliers, \(nation.id)"))",
                "set ylabel \(Plot.quoted("output per yuan of final demand (yuan per yuan)"))",
                "set xtics (\(tics)) rotate by -45", "set xrange [-0.7:\(Double(ranked.count) - 0.3)]", "set yrange [0:*]",
                "set grid ytics", "set key top right", "set datafile missing 'nan'",
                "plot " + plots.joined(separator: ", \\\n     "),
            ]
        }, data: dat)
    }
}
