// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// Two small rules on the shipped baseline (a run of 4 draws takes a few seconds), one with an
/// uncertain reach; the same with a larger export push differs from it, and draw d of both uses
/// the same random numbers for the reach, so their paired difference varies from draw to draw.
private func exports(_ name: String, east: String) -> String {
    """
    name: \(name)
    parameters:
      reach: {distribution: uniform, lower: 0.2, upper: 0.8}
    rules:
      - id: east-exports
        measure: export_support
        additionality: reach
        areas: East
        years: 2023-2024
        export_growth: \(east)
      - id: west-exports
        measure: export_support
        areas: West
        years: 2023-2024
        export_growth: 1%

    """
}

/// The blocks of a plot's data file (gnuplot's `index`, two blank lines apart): the first
/// comment line and the rows of numbers ("nan" read as nan).
private func blocks(_ text: String) -> [(title: String, rows: [[Double]])] {
    text.components(separatedBy: "\n\n\n").filter { !$0.isEmpty }.map { block in
        let lines = block.split(separator: "\n").map(String.init)
        let rows = lines.filter { !$0.hasPrefix("#") }.map { $0.split(separator: " ").map { Double($0) ?? .nan } }
        return (lines.first.map { String($0.dropFirst(2)) } ?? "", rows)
    }
}

/// `plot --kind delta`: the default for two folders, its numbers against output.csv and
/// draws.csv read here, its band, one panel per area, and the kinds it refuses.
@Suite(.serialized) struct PlotDeltaTests {
    static let box = Scratch("plotdelta")
    static let years = Array(2022...2030)

    static let prepared: Bool = {
        let runs = [("mine", "2%", "4"), ("other", "4%", "4"), ("still", "4%", "0")]
        for (name, east, draws) in runs {
            guard let file = try? box.scenario("\(name).yaml", exports(name, east: east)) else { return false }
            _ = try? CLI.run(["run", file, "--draws", draws, "--out", box.path(name), "--quiet"])
        }
        return runs.allSatisfy { FileManager.default.fileExists(atPath: box.path($0.0) + "/manifest.json") }
    }()

    /// With two folders and no --kind the chart is the delta, under plots/ beside the last
    /// folder; each number of its data file is the difference of the two output.csv columns, and
    /// the band the p5 and p95 of the draw-by-draw differences in the two draws.csv.
    @Test func deltaIsTheDefaultAndItsNumbersAreTheDifferences() throws {
        #expect(PlotDeltaTests.prepared)
        let box = PlotDeltaTests.box
        let r = try CLI.run(["plot", box.path("mine"), box.path("other"), "--areas", "China,East"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("plots/other-gdp-delta.svg"), "\(r.stdout)")
        let picture = try String(contentsOf: box.url("plots/other-gdp-delta.svg"), encoding: .utf8)
        #expect(picture.contains("<svg"))
        let dat = try String(contentsOf: box.url("plots/other-gdp-delta.dat"), encoding: .utf8)
        let mine = try OutputFile(box.path("mine")), other = try OutputFile(box.path("other"))
        let found = blocks(dat)
        #expect(found.map(\.title) == ["other minus mine, China, gdp, all", "other minus mine, East, gdp, all"])
        for (block, area) in zip(found, ["China", "East"]) {
            #expect(block.rows.map { Int($0[0]) } == PlotDeltaTests.years, "\(area)")
            let a = try drawsOf(box.path("mine"), 2025, area, "all", "gdp"), b = try drawsOf(box.path("other"), 2025, area, "all", "gdp")
            #expect(a.count == 4 && b.count == 4, "\(area): \(a) \(b)")
            for row in block.rows {
                let year = Int(row[0])
                // The difference as the file holds it, to the last bit: both are read from the same text.
                #expect(row[1] == other.value(year, area, "all", "gdp") - mine.value(year, area, "all", "gdp"), "\(area) \(year)")
                let x = try drawsOf(box.path("mine"), year, area, "all", "gdp"), y = try drawsOf(box.path("other"), year, area, "all", "gdp")
                let paired = x.keys.sorted().map { y[$0]! - x[$0]! }
                for (value, p) in [(row[2], 0.05), (row[3], 0.95)] {
                    let expected = quantile(paired, p)
                    #expect(abs(value - expected) <= 1e-9 * max(1, abs(expected)), "\(area) \(year) p\(p): \(value) vs \(expected)")
                }
            }
        }
        // The run differs from the reference after the base year, and its band is not a point.
        let china = found[0].rows
        #expect(china.dropFirst().contains { $0[1] != 0 } && china.dropFirst().contains { $0[3] > $0[2] })
    }

    /// Several areas: a panel each (its title the area, its data blocks its own), the legend
    /// once, below; the axis in the unit the numbers call for; a band drawn only where the run
    /// has the cell's draws, with a note where it has draws but not of that cell.
    @Test func onePanelPerAreaAndABandOnlyWithDraws() throws {
        #expect(PlotDeltaTests.prepared)
        let box = PlotDeltaTests.box
        let r = try CLI.run(["plot", box.path("mine"), box.path("other"), "--areas", "China,East,Hebei", "--out", box.path("three.png")])
        #expect(r.status == 0, "\(r.stderr)")
        let png = try Data(contentsOf: box.url("three.png"))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "not a PNG")
        let script = try String(contentsOf: box.url("three.gp"), encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(script.contains { $0.hasPrefix("set multiplot title 'GDP: difference from mine, the reference") && $0.contains("China, East, Hebei, 2022-2030") }, "\(script)")
        #expect(script.filter { $0.hasPrefix("set title ") } == ["set title 'China'", "set title 'East'", "set title 'Hebei'"])
        let panels = script.filter { $0.hasPrefix("plot 0 with lines") }
        #expect(panels.count == 3)
        // Panel k plots block k (one run against the reference) and only it.
        let text = script.joined(separator: "\n")
        let plots = text.components(separatedBy: "\nplot ").dropFirst().map { $0.components(separatedBy: "\nset ")[0] }
        #expect(plots.count == 4, "three panels and the legend")
        for (k, plot) in plots.prefix(3).enumerated() {
            #expect(plot.contains("index \(k) ") && !plot.contains("index \((k + 1) % 3) "), "panel \(k): \(plot)")
        }
        // The legend is the last plot, alone in a strip below the panels, and names the runs.
        #expect(plots[3].contains("title 'other'") && plots[3].contains("title 'other p5-p95'") && plots[3].contains("title 'mine (reference) = 0'"))
        #expect(!plots.prefix(3).contains { $0.contains("keyentry") || $0.contains(" title '") })
        // China and the East have draws in draws.csv, Hebei (a province) has none: no band there, and a note.
        #expect(plots[0].contains("filledcurves") && plots[1].contains("filledcurves") && !plots[2].contains("filledcurves"))
        #expect(r.stderr.contains("note: no band for other in Hebei: its draws.csv holds the headline cells only"), "\(r.stderr)")
        let hebei = blocks(try String(contentsOf: box.url("three.dat"), encoding: .utf8))[2]
        #expect(hebei.rows.allSatisfy { $0[2].isNaN && $0[3].isNaN })
        // Each axis in the unit its numbers call for: trillion yuan from 10^4 x 100m yuan.
        let mine = try OutputFile(box.path("mine")), other = try OutputFile(box.path("other"))
        let ylabels = script.filter { $0.hasPrefix("set ylabel ") }
        #expect(ylabels.count == 3)
        for (k, area) in ["China", "East", "Hebei"].enumerated() {
            let largest = PlotDeltaTests.years.map { abs(other.value($0, area, "all", "gdp") - mine.value($0, area, "all", "gdp")) }.max()!
            #expect(largest > 0)
            let unit = largest >= 1e4 ? "trillion yuan, 2022 prices" : "100 million yuan, 2022 prices"
            #expect(ylabels[k] == "set ylabel '\(unit)'", "\(area): largest \(largest)")
        }

        // A run without draws has no band anywhere: no band columns, nothing filled.
        let bare = try CLI.run(["plot", box.path("mine"), box.path("still"), "--areas", "China,East", "--out", box.path("bare.svg")])
        #expect(bare.status == 0, "\(bare.stderr)")
        #expect(!(try String(contentsOf: box.url("bare.gp"), encoding: .utf8)).contains("filledcurves"))
        let still = try OutputFile(box.path("still"))
        for (block, area) in zip(blocks(try String(contentsOf: box.url("bare.dat"), encoding: .utf8)), ["China", "East"]) {
            for row in block.rows {
                #expect(row[1] == still.value(Int(row[0]), area, "all", "gdp") - mine.value(Int(row[0]), area, "all", "gdp"))
                #expect(row[2].isNaN && row[3].isNaN, "\(area) \(row)")
            }
        }
    }

    /// Lines of several areas are panels too, a colour per run (the reference black, dashed),
    /// in trillion yuan where the levels reach 10^4 x 100m yuan.
    @Test func linesOfSeveralAreasArePanels() throws {
        #expect(PlotDeltaTests.prepared)
        let box = PlotDeltaTests.box
        let r = try CLI.run(["plot", box.path("mine"), box.path("other"), "--kind", "lines", "--areas", "China,Central", "--out", box.path("lines.svg")])
        #expect(r.status == 0, "\(r.stderr)")
        let script = try String(contentsOf: box.url("lines.gp"), encoding: .utf8)
        let lines = script.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("set title ") } == ["set title 'China'", "set title 'Central'"])
        let china = try OutputFile(box.path("mine")).value(2022, "China", "all", "gdp")
        #expect(china >= 1e4)
        #expect(script.contains("'./lines.dat' index 0 using 1:($2/10000) with lines lw 2 lc rgb '#000000' dt 2 notitle"), "\(script)")
        #expect(script.contains("'./lines.dat' index 1 using 1:($2/10000) with lines lw 2 lc rgb '#0072B2' notitle"), "\(script)")
        #expect(lines.contains("set ylabel 'trillion yuan, 2022 prices'"))
    }

    /// The same folders give the same script, data and picture, byte for byte.
    @Test func theSameInputGiveTheSameBytes() throws {
        #expect(PlotDeltaTests.prepared)
        let box = PlotDeltaTests.box
        var outputs: [[Data]] = []
        for _ in 0..<2 {
            let r = try CLI.run(["plot", box.path("mine"), box.path("other"), "--areas", "China,West", "--out", box.path("same.svg"), "--force"])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(try ["same.svg", "same.gp", "same.dat"].map { try Data(contentsOf: box.url($0)) })
        }
        #expect(outputs[0] == outputs[1])
    }

    /// One folder keeps lines; --kind delta with one folder and an unknown kind are usage
    /// errors (64) that name the fix, and write nothing.
    @Test func theKindsItRefuses() throws {
        #expect(PlotDeltaTests.prepared)
        let box = PlotDeltaTests.box
        let one = try CLI.run(["plot", box.path("mine")])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(FileManager.default.fileExists(atPath: box.path("plots/mine-gdp-lines.svg")))
        let alone = try CLI.run(["plot", box.path("mine"), "--kind", "delta", "--out", box.path("alone.svg")])
        #expect(alone.status == 64, "\(alone.stderr)")
        #expect(alone.stderr.contains("--kind delta shows each run's difference from the reference (the first folder), but one folder was given; give the reference and a run, or use --kind lines"), "\(alone.stderr)")
        let pie = try CLI.run(["plot", box.path("mine"), box.path("other"), "--kind", "pie", "--out", box.path("pie.svg")])
        #expect(pie.status == 64, "\(pie.stderr)")
        #expect(pie.stderr.contains("--kind 'pie' is not a kind of chart; please use --kind delta, --kind lines or --kind bars"), "\(pie.stderr)")
        #expect(!box.entries.contains { $0.hasPrefix("alone.") || $0.hasPrefix("pie.") }, "\(box.entries)")
    }
}
