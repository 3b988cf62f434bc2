// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData

/// `plot --kind lines` and `--kind delta`: one panel per area (a gnuplot multiplot where more
/// than one area is asked), a colour per run, the legend below the panels, and each panel's
/// axis in a unit that keeps its numbers short.
extension Plot {
    /// The Okabe-Ito colours, told apart by colour-blind readers: one per run after the
    /// reference, which is black. (Yellow, the palette's weakest on white, comes last.)
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"]

    /// The gnuplot colour of the k-th run after the reference (or of the k-th region of a bar chart).
    static func colour(_ k: Int) -> String { "rgb '\(palette[k % palette.count])'" }

    static let black = "rgb '#000000'"

    /// A unit for an axis: the values in the data file divided by `divisor` are in `unit`.
    struct Scale: Equatable {
        var divisor: Double
        var unit: String

        /// A `using` column of the data file, divided where the unit is larger than the file's.
        func column(_ k: Int) -> String { divisor == 1 ? "\(k)" : "($\(k)/\(CSV.number(divisor)))" }
    }

    /// The unit of output.csv made readable for values up to `largest` in absolute value:
    /// 100m yuan stays 100 million yuan below 10^4 and becomes trillion yuan (10^4 x 100m)
    /// from there; 10k persons becomes million persons from 10^4 (100 million persons). The
    /// qualifier in parentheses ("2022 prices") is kept; an unknown unit is left as it is.
    static func readable(_ unit: String, largest: Double) -> Scale {
        var base = unit, qualifier = ""
        if let open = unit.range(of: " ("), unit.hasSuffix(")") {
            base = String(unit[..<open.lowerBound])
            qualifier = ", " + String(unit[open.upperBound...].dropLast())
        }
        let large = largest >= 1e4
        switch base {
        case "100m yuan": return large ? Scale(divisor: 1e4, unit: "trillion yuan" + qualifier) : Scale(divisor: 1, unit: "100 million yuan" + qualifier)
        case "10k persons": return large ? Scale(divisor: 100, unit: "million persons" + qualifier) : Scale(divisor: 1, unit: "10 thousand persons" + qualifier)
        default: return Scale(divisor: 1, unit: unit)
        }
    }

    /// The names of the runs in legends and titles: each run's scenario, or its folder where
    /// two of the folders share a scenario.
    static func legendNames(_ runs: [ResultFolder]) -> [String] {
        runs.map { run in
            runs.filter { $0.scenario == run.scenario }.count > 1 ? URL(fileURLWithPath: run.path).standardizedFileURL.lastPathComponent : run.scenario
        }
    }

    /// A picture's width in pixels: `least`, or wide enough for the title in the default font.
    static func titleWidth(_ title: String, least: Int) -> Int { max(least, title.count * 9 + 60) }

    /// "GDP", "Output of steel", "Value added": the variable (and sector) in words.
    static func label(_ variable: String, sector: String) -> String {
        let words = variable == "gdp" ? "GDP" : variable.replacingOccurrences(of: "_", with: " ")
        let text = sector == "all" ? words : "\(words) of \(sector)"
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// One line of a panel: a data block of one run in one area.
    struct Series {
        var run: Int
        var block: Int
        var banded: Bool
    }

    /// One area's panel and the largest value it shows (for its unit).
    struct Panel {
        var area: String
        var series: [Series] = []
        var largest = 0.0
    }

    /// Lines (the runs' values, with p5-p95 of output.csv where a run has draws) or deltas
    /// (each run minus the reference, with the p5-p95 band of the delta paired draw by draw as
    /// `compare` computes it, where the run has the cell's draws in draws.csv).
    static func panels(_ runs: [ResultFolder], variable: String, areas: [String], sector: String, kind: Kind, dataName: String) throws -> Chart {
        let first = runs[0]
        if kind == .delta && runs.count < 2 {
            throw Failure(description: "--kind delta shows each run's difference from the reference and needs two folders or more; use --kind lines for one")
        }
        let comparison = Comparison(reference: first, runs: Array(runs.dropFirst()))
        let names = legendNames(runs), years = first.years
        var dat = "", panels: [Panel] = [], block = 0, notes: [String] = []
        for area in areas {
            var panel = Panel(area: area)
            for (r, run) in runs.enumerated() where kind == .lines || r > 0 {
                var rows: [(Double, Double?, Double?)] = []
                for y in years {
                    let cell = ResultFolder.Cell(year: y, area: area, sector: sector, variable: variable)
                    guard let v = run.value(cell) else { throw Failure(description: "\(run.path) has no \(variable) for \(area), \(sector) in \(y)") }
                    if kind == .lines {
                        rows.append((v, run.value(cell, "p5"), run.value(cell, "p95")))
                    } else {
                        guard let reference = first.value(cell) else { throw Failure(description: "\(first.path) has no \(variable) for \(area), \(sector) in \(y)") }
                        let band = try comparison.pairedBand(run, [cell])
                        rows.append((v - reference, band?.0, band?.1))
                    }
                }
                let banded = rows.contains { $0.1 != nil && $0.2 != nil }
                if kind == .delta {
                    dat += comment("\(names[r]) minus \(names[0]), \(area), \(variable), \(sector)") + "\n"
                    dat += "# year delta delta_p5 delta_p95 (p5 and p95 of the delta paired draw by draw; against the reference's central value where it has no draws; nan: no draws of the cell)\n"
                    if !banded && !run.draws.isEmpty {
                        notes.append("note: no band for \(names[r]) in \(area): its draws.csv holds the headline cells only (GDP of the regions, clusters and China, output of the key industries in China and the regions)")
                    }
                } else {
                    dat += comment("\(names[r]) \(area)") + "\n# year central p5 p95 (\(variable), \(sector); nan: no draws)\n"
                }
                for (y, row) in zip(years, rows) {
                    dat += "\(y) \(row.0) \(row.1 ?? .nan) \(row.2 ?? .nan)\n"
                    panel.largest = max(panel.largest, abs(row.0), abs(row.1 ?? 0), abs(row.2 ?? 0))
                }
                dat += "\n\n"
                panel.series.append(Series(run: r, block: block, banded: banded))
                block += 1
            }
            panels.append(panel)
        }
        if kind == .delta { notes = comparison.warnings.map { "warning: " + $0 } + notes }
        var chart = layout(panels, runs: runs, names: names, kind: kind, variable: variable, sector: sector, dataName: dataName, notes: notes)
        chart.data = dat
        return chart
    }

    /// The script of the panels: a multiplot of one panel per area in a grid, each axis in its
    /// panel's readable unit, and the legend in a strip below them, a column per run (its line
    /// over its band).
    static func layout(_ panels: [Panel], runs: [ResultFolder], names: [String], kind: Kind, variable: String, sector: String,
                       dataName: String, notes: [String]) -> Chart {
        let unit = runs[0].units[variable] ?? ""
        let scales = panels.map { readable(unit, largest: $0.largest) }
        let years = runs[0].years, first = years.first ?? 0, last = years.last ?? 0
        let areas = panels.count > 6 ? "\(panels.count) areas" : panels.map(\.area).joined(separator: ", ")
        let shared = Set(scales.map(\.unit)).count == 1 ? " (\(scales[0].unit))" : " (units on each axis)"
        let what = kind == .delta ? "\(label(variable, sector: sector)): difference from \(names[0]), the reference" : label(variable, sector: sector)
        let title = "\(what)\(shared), \(areas), \(first)-\(last)"
        func colour(ofRun r: Int) -> String { r == 0 ? black : Plot.colour(r - 1) }

        // The legend: a column per run, the reference first; its line, then its band where it
        // has one in any panel (a blank entry where it has none, to keep the columns in step).
        func banded(_ r: Int) -> Bool { panels.contains { $0.series.contains { $0.run == r && $0.banded } } }
        let anyBand = runs.indices.contains(where: banded)
        var key: [String] = [], longest = 0
        let blank = "keyentry with lines lc rgb '#FFFFFF' title ' '"
        for r in runs.indices {
            let line = r == 0 ? (kind == .delta ? "\(names[0]) (reference) = 0" : "\(names[0]) (reference)") : names[r]
            key.append("keyentry with lines lw 2\(r == 0 ? " dt 2" : "") lc \(colour(ofRun: r)) title \(quoted(line))")
            longest = max(longest, line.count)
            if banded(r) {
                key.append("keyentry with filledcurves fs transparent solid \(r == 0 ? "0.15" : "0.25") noborder lc \(colour(ofRun: r)) title \(quoted("\(names[r]) p5-p95"))")
                longest = max(longest, names[r].count + 7)
            } else if anyBand {
                key.append(blank)
            }
        }

        // Sizes in pixels: a grid of at most 3 columns up to 9 panels, square beyond.
        let n = panels.count
        let columns = n <= 3 ? n : (n == 4 ? 2 : max(3, Int(Double(n).squareRoot().rounded(.up))))
        let rows = (n + columns - 1) / columns
        let width = titleWidth(title, least: n == 1 ? 1000 : max(1000, 400 * columns + 100))
        // Legend columns that fit (a generous 11 pixels a character, so that gnuplot, which
        // measures them itself, fits as many), rows of runs, and the blanks that fill the last
        // column so that gnuplot, filling column by column, keeps each line over its band.
        let fit = max(1, (width - 40) / (longest * 11 + 60))
        let groups = (runs.count + fit - 1) / fit, keyColumns = (runs.count + groups - 1) / groups
        let keyRows = anyBand ? 2 * groups : groups
        while anyBand && key.count < keyRows * keyColumns { key.append(blank) }
        let left = 95, right = 25, gapX = 100, gapY = 75
        let top = n == 1 ? 45 : 75, panelHeight = n == 1 ? 420 : 280, axis = n == 1 ? 60 : 40, keyHeight = 20 * keyRows + 12
        let panelWidth = (width - left - right - gapX * (columns - 1)) / columns
        let height = top + rows * panelHeight + (rows - 1) * gapY + axis + keyHeight
        func x(_ pixels: Int) -> String { String(format: "%.4f", Double(pixels) / Double(width)) }
        func y(_ pixels: Int) -> String { String(format: "%.4f", 1 - Double(pixels) / Double(height)) }

        var script = ["set xrange [\(first):\(last)]", "set format x '%.0f'", "set xtics \(years.count > 10 || (n > 1 && years.count > 6) ? 2 : 1)",
                      "set offsets 0, 0, graph 0.04, graph 0.04", "unset key", "set multiplot title \(quoted(title))"]
        if n == 1 { script.append("set xlabel 'year'") }
        for (k, panel) in panels.enumerated() {
            let c = k % columns, r = k / columns
            let x0 = left + c * (panelWidth + gapX), y0 = top + r * (panelHeight + gapY)
            var items: [String] = kind == .delta ? ["0 with lines lw 1.5 dt 2 lc \(black) notitle"] : []
            for s in panel.series where s.banded {
                items.append("\(dataName) index \(s.block) using 1:\(scales[k].column(3)):\(scales[k].column(4)) with filledcurves fs transparent solid \(s.run == 0 ? "0.15" : "0.25") noborder lc \(colour(ofRun: s.run)) notitle")
            }
            for s in panel.series {
                items.append("\(dataName) index \(s.block) using 1:\(scales[k].column(2)) with lines lw 2 lc \(colour(ofRun: s.run))\(s.run == 0 ? " dt 2" : "") notitle")
            }
            script += ["set lmargin at screen \(x(x0)); set rmargin at screen \(x(x0 + panelWidth))",
                       "set tmargin at screen \(y(y0)); set bmargin at screen \(y(y0 + panelHeight))",
                       n == 1 ? "unset title" : "set title \(quoted(panel.area))",
                       "set ylabel \(quoted(n == 1 && kind == .delta ? "difference (\(scales[k].unit))" : scales[k].unit))",
                       "plot " + items.joined(separator: ", \\\n     ")]
        }
        // The legend, in a plot of its own over the strip below the panels.
        script += ["set lmargin at screen 0.01; set rmargin at screen 0.99; set tmargin at screen \(y(height - keyHeight)); set bmargin at screen 0",
                   "unset border; unset tics; unset title; unset xlabel; unset ylabel; unset grid; set xrange [0:1]; set yrange [0:1]",
                   "set key inside center center horizontal reverse Left samplen 3 maxrows \(keyRows) maxcols \(keyColumns)",
                   "plot NaN notitle, \\\n     " + key.joined(separator: ", \\\n     "),
                   "unset multiplot"]
        return Chart(script: script, data: "", width: width, height: height, notes: notes)
    }
}
