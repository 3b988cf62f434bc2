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
                --kind delta (the default for two folders or more): each run's difference from the \
                reference (the first folder) over the years, with the p5-p95 band of the delta \
                paired draw by draw as `compare` computes it where the run has the cell's draws. \
                --kind lines (the default for one folder): each run's values over the years (the \
                reference dashed, black), with p5-p95 bands where a run has draws. Several --areas \
                give one panel per area. --kind bars: the last year's delta of the second folder \
                against the first, sectors x regions; --year Y, --peak (the year China's delta is \
                largest) or --cumulative choose another. --variable defaults to gdp for lines and \
                delta and output for bars. Axes are in 100 million yuan, or trillion yuan where the \
                numbers reach 10^4 x 100m; the data file keeps output.csv's units. Without --out the \
                picture goes to plots/ beside the last folder: Results/plots/<folder>-<variable>-<kind>.svg \
                for a folder in Results/. The picture, OUT.gp and OUT.dat are never replaced \
                without --force (exit code 73).
                """
        )

        @Argument(help: "Result folders; the first is the reference.") var folders: [String]
        @Option(help: "Variable to plot (default: gdp for delta and lines, output for bars).") var variable: String?
        @Option(help: "Comma-separated areas (ids, English or Chinese names, aliases: `policysim list areas`), CSV-quoted where a name holds a comma: China,\"Central, West\" (bars: regions; default East, Central, West, Northeast).") var areas = "China"
        @Option(help: "Sector id, name or alias (`policysim list sectors`), or all.") var sector = "all"
        @Option(help: "delta, lines or bars (default: delta for two folders or more, lines for one).") var kind: String?
        @Option(parsing: .unconditional, help: "Output picture, .png or .svg; the script and data are written beside it (default: plots/ beside the last folder).") var out: String?
        @Flag(help: "Replace the picture, script and data if they exist.") var force = false
        @OptionGroup var span: YearOptions
        @OptionGroup var silence: Silence

        func validate() throws {
            if let kind, Plot.Kind(rawValue: kind) == nil {
                throw ValidationError("--kind '\(kind)' is not a kind of chart; please use --kind delta, --kind lines or --kind bars.")
            }
            if folders.isEmpty { throw ValidationError("Please give at least one result folder.") }
            if try span.single("plot --kind bars") != nil && chosenKind != .bars {
                throw ValidationError("--year, --peak and --cumulative choose the deltas of --kind bars; --kind \(chosenKind.rawValue) shows every year.")
            }
            if chosenKind == .delta && folders.count < 2 {
                throw ValidationError("--kind delta shows each run's difference from the reference (the first folder), but one folder was given; give the reference and a run, or use --kind lines.")
            }
            if out?.isEmpty == true { throw ValidationError("Please give --out a picture name ending in .png or .svg.") }
            if chosenKind == .bars && folders.count > 2 {
                throw ValidationError("--kind bars shows one run against the reference, but \(folders.count) folders were given (\(folders.dropFirst(2).joined(separator: ", ")) would not be shown); give two folders, or use --kind lines or `policysim compare` for several.")
            }
        }

        /// The kind: as given, else delta for two folders or more and lines for one.
        var chosenKind: Plot.Kind { kind.flatMap(Plot.Kind.init(rawValue:)) ?? (folders.count >= 2 ? .delta : .lines) }

        /// The variable: as given, else gdp for lines and delta, output for bars (gdp has no sector detail).
        var chosenVariable: String { variable ?? (chosenKind == .bars ? "output" : "gdp") }

        /// The picture: --out, else plots/ beside the last folder, named by it, the variable and kind.
        var picture: String {
            if let out { return out }
            let last = URL(fileURLWithPath: folders[folders.count - 1]).standardizedFileURL
            let name = "\(last.lastPathComponent)-\(chosenVariable)-\(chosenKind.rawValue).svg"
            return last.deletingLastPathComponent().appendingPathComponent("plots").appendingPathComponent(name).path
        }

        func run() throws {
            StagingFolder.removeOnSignals()
            let out = picture, variable = chosenVariable, kind = chosenKind
            let files: Plot.Files
            do {
                let runs = try folders.map(ResultFolder.init)
                let written = try CSV.fields(areas, what: "--areas").map { $0.trimmingCharacters(in: .whitespaces) }
                // Names as written (广东, YRD, cars) to the ids of the last run's data set; every
                // name that does not resolve in one message.
                let last = runs[runs.count - 1]
                let names = last.nameResolver(data: last.dataSetForNames())
                let resolved = written.map(names.area), resolvedSector = names.sector(sector)
                let problems = resolved.compactMap(\.message) + [resolvedSector.message].compactMap { $0 }
                if !problems.isEmpty { throw NameFailure(description: "\(last.path): " + problems.joined(separator: "; ")) }
                let list = resolved.compactMap(\.value), sector = resolvedSector.value ?? sector
                files = try Plot.make(runs, variable: variable, areas: kind == .bars && areas == "China" ? [] : list,
                                      sector: sector, kind: kind, out: URL(fileURLWithPath: out), span: try span.single("plot --kind bars"))
            } catch {
                throw failure(error)
            }
            do {
                if self.out == nil {
                    try FileManager.default.createDirectory(at: files.picture.deletingLastPathComponent(), withIntermediateDirectories: true)
                }
                for url in [files.picture, files.script, files.data] { try AtomicFile.checkTarget(url, force: force) }
                try AtomicFile.write(Data(files.dataText.utf8), to: files.data, force: force)
                try AtomicFile.write(Data(files.scriptText.utf8), to: files.script, force: force)
                for note in files.notes { silence.note(note) }
                if try Plot.render(files) {
                    let rendered = files.picture.deletingLastPathComponent().appendingPathComponent(files.renderName)
                    try AtomicFile.place(rendered, at: files.picture, force: force)
                    silence.say("wrote \(displayPath(files.picture)) (script \(displayPath(files.script)))")
                } else {
                    silence.say("wrote \(displayPath(files.script)); gnuplot is not installed, so render it with `gnuplot \(files.script.lastPathComponent)` (Debian: apt-get install gnuplot-nox)")
                }
            } catch let e as Plot.Failure {
                throw failure(e, otherwise: Exit.runFailed)
            } catch {
                throw failure(error, otherwise: Exit.cannotWrite)
            }
        }
    }
}
