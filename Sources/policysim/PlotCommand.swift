// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyModel
import PolicyResults

extension PolicySim {
    struct PlotCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plot",
            abstract: "Write a gnuplot script and data for result folders, and render PNG or SVG when gnuplot is installed.",
            discussion: """
                --kind lines: one line per run and area over the years (the first folder, the \
                reference, dashed), with p5-p95 bands where a run has draws. --kind bars: the \
                last year's delta of the second folder against the first, sectors x regions; \
                --year Y, --peak (the year China's delta is largest) or --cumulative choose another. \
                The picture, OUT.gp and OUT.dat are never replaced without --force.
                """
        )

        @Argument(help: "Result folders; the first is the reference.") var folders: [String]
        @Option(help: "Variable to plot.") var variable = "gdp"
        @Option(help: "Comma-separated areas, CSV-quoted where a name holds a comma: China,\"Central, West\" (bars: regions; default East, Central, West, Northeast).") var areas = "China"
        @Option(help: "Sector id, or all.") var sector = "all"
        @Option(help: "lines or bars.") var kind = "lines"
        @Option(parsing: .unconditional, help: "Output picture, .png or .svg; the script and data are written beside it.") var out: String
        @Flag(help: "Replace the picture, script and data if they exist.") var force = false
        @OptionGroup var span: YearOptions

        func validate() throws {
            if Plot.Kind(rawValue: kind) == nil { throw ValidationError("Please use --kind lines or --kind bars.") }
            if folders.isEmpty { throw ValidationError("Please give at least one result folder.") }
            if try span.single("plot --kind bars") != nil && kind != "bars" {
                throw ValidationError("--year, --peak and --cumulative choose the deltas of --kind bars; --kind lines shows every year.")
            }
            if out.isEmpty { throw ValidationError("Please give --out a picture name ending in .png or .svg.") }
        }

        func run() throws {
            StagingFolder.removeOnSignals()
            let files: Plot.Files
            do {
                let runs = try folders.map(ResultFolder.init)
                let list = try CSV.fields(areas, what: "--areas").map { $0.trimmingCharacters(in: .whitespaces) }
                files = try Plot.make(runs, variable: variable, areas: kind == "bars" && areas == "China" ? [] : list,
                                      sector: sector, kind: Plot.Kind(rawValue: kind) ?? .lines, out: URL(fileURLWithPath: out), span: try span.single("plot --kind bars"))
            } catch {
                throw failure(error)
            }
            do {
                for url in [files.picture, files.script, files.data] { try AtomicFile.checkTarget(url, force: force) }
                try AtomicFile.write(Data(files.dataText.utf8), to: files.data, force: force)
                try AtomicFile.write(Data(files.scriptText.utf8), to: files.script, force: force)
                if try Plot.render(files) {
                    let rendered = files.picture.deletingLastPathComponent().appendingPathComponent(files.renderName)
                    try AtomicFile.place(rendered, at: files.picture, force: force)
                    print("wrote \(out) (script \(displayPath(files.script)))")
                } else {
                    print("wrote \(displayPath(files.script)); gnuplot is not installed, so render it with `gnuplot \(files.script.lastPathComponent)` (Debian: apt-get install gnuplot-nox)")
                }
            } catch let e as Plot.Failure {
                throw failure(e, otherwise: Exit.runFailed)
            } catch {
                throw failure(error, otherwise: Exit.cannotWrite)
            }
        }
    }
}
