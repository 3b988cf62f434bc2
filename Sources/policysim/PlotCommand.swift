// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyResults

extension PolicySim {
    struct PlotCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plot",
            abstract: "Write a gnuplot script and data for result folders, and render PNG or SVG when gnuplot is installed.",
            discussion: """
                --kind lines: one line per run and area over the years (the first folder, the \
                reference, dashed), with p5-p95 bands where a run has draws. --kind bars: the \
                last year's delta of the second folder against the first, sectors x regions.
                """
        )

        @Argument(help: "Result folders; the first is the reference.") var folders: [String]
        @Option(help: "Variable to plot.") var variable = "gdp"
        @Option(help: "Comma-separated areas (bars: regions; default East, Central, West, Northeast).") var areas = "China"
        @Option(help: "Sector id, or all.") var sector = "all"
        @Option(help: "lines or bars.") var kind = "lines"
        @Option(help: "Output picture, .png or .svg; the script and data are written beside it.") var out: String

        func validate() throws {
            if Plot.Kind(rawValue: kind) == nil { throw ValidationError("Please use --kind lines or --kind bars.") }
            if folders.isEmpty { throw ValidationError("Please give at least one result folder.") }
        }

        func run() throws {
            do {
                let runs = try folders.map(ResultFolder.init)
                let list = areas.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                let target = URL(fileURLWithPath: out)
                let script = try Plot.write(runs, variable: variable, areas: kind == "bars" && areas == "China" ? [] : list,
                                            sector: sector, kind: Plot.Kind(rawValue: kind)!, out: target)
                if try Plot.render(script) {
                    print("wrote \(out) (script \(script.path))")
                } else {
                    print("wrote \(script.path); gnuplot is not installed, so render it with `gnuplot \(script.lastPathComponent)` (Debian: apt-get install gnuplot-nox)")
                }
            } catch {
                printError("\(error)")
                throw ExitCode(dataErrorExitCode)
            }
        }
    }
}
