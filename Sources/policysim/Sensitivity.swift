// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyModel
import PolicyNumerics
import PolicyResults

extension PolicySim {
    struct Sensitivity: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Which uncertain parameters drive the headline results: variance-based (Sobol') first-order and total indices.",
            discussion: """
                Runs a Saltelli design: N rows (--samples) of two independent samples A and B of the \
                varied parameters, and for each parameter A with that parameter taken from B, N (k + 2) \
                runs for k parameters. From them come, for every headline output, the first-order index \
                S1 (the share of the output's variance the parameter explains alone; Saltelli 2010, f(B) centred) and \
                the total index ST (with its interactions; Jansen 1999), with 95 % bootstrap half-widths \
                as SALib reports them. Outputs: the GDP effect of China, each region and each cluster \
                (against the reference path `run` measures against) and the national fiscal cost, in \
                --year (default: the year of the central run's largest GDP effect) and summed over the \
                simulated years. Points are GSL's Sobol' sequence with a seeded random shift when \
                2k <= 40, seeded Mersenne Twister uniforms otherwise (--sampler). Results are the same \
                for any --threads. Writes OUT/sensitivity.csv, evaluations.csv, design.json and a \
                tornado chart (tornado.gp, .dat and .svg when gnuplot is installed). With --shard k/N \
                only rows j with j mod N == k are run and no indices are written; --merge SHARD... then \
                gives exactly the unsharded folder. Exit codes as `run`'s. \(Verbosity.help)
                """
        )

        @Argument(help: "The scenario file (not with --merge).") var scenario: String?
        @Option(help: "N, rows of the design: N (k + 2) runs for k parameters.") var samples = 256
        @Option(help: "auto (Sobol' when 2k <= 40, else random), sobol or random.") var sampler = "auto"
        @Option(help: "Parameters to vary, comma-separated (default: every uncertain one; the rest stay central).") var parameters: String?
        @Option(help: "The year of the yearly outputs (default: the central run's peak GDP effect).") var year: Int?
        @Option(help: "Areas of the GDP outputs, comma-separated (default: China, the regions and the clusters).") var areas: String?
        @Option(help: "Area whose cumulative GDP effect the tornado chart shows.") var tornado = "China"
        @Option(help: "Chart format: svg, png or none.") var chart = "svg"
        @Option(parsing: .unconditional, help: "Seed (default: the file's `seed`).") var seed: UInt64?
        @Option(parsing: .unconditional, help: "Worker threads (default: all cores).") var threads: Int?
        @Option(help: "Run only rows j with j mod N == k, written as k/N.") var shard: String?
        @Option(parsing: .upToNextOption, help: "Shard folders to merge into one result (instead of a scenario).") var merge: [String] = []
        @Option(help: "Output folder (default: Results/<scenario name>-sensitivity).") var out: String?
        @Flag(help: "Replace an existing folder (only one policysim sensitivity wrote).") var force = false
        @OptionGroup var verbosity: Verbosity

        static let bootstrapResamples = 1000

        func validate() throws {
            if merge.isEmpty && scenario == nil { throw ValidationError("Please give a scenario file, or --merge with the shard folders.") }
            if !merge.isEmpty && scenario != nil { throw ValidationError("Please give a scenario or --merge, not both: the shards record their scenario.") }
            if !merge.isEmpty && out == nil { throw ValidationError("Please give --out for the merged folder.") }
            if samples < 2 || samples > 1_000_000 { throw ValidationError("Please give --samples from 2 to 1000000 (256 is a sensible start).") }
            if !["auto", "sobol", "random"].contains(sampler) { throw ValidationError("Please use --sampler auto, sobol or random.") }
            if !["svg", "png", "none"].contains(chart.lowercased()) { throw ValidationError("Please use --chart svg, png or none.") }
            if let threads, threads < 1 { throw ValidationError("Please give --threads of at least 1.") }
            if let shard, parseShard(shard) == nil { throw ValidationError("Please write --shard as k/N with 0 <= k < N, e.g. 0/4.") }
            if shard != nil && !merge.isEmpty { throw ValidationError("--shard runs part of a design and --merge joins the parts: give one of them.") }
            if let out { try validateOut(out) }
        }

        func run() throws {
            StagingFolder.removeOnSignals()
            if !merge.isEmpty { return try mergeShards() }
            var (scenario, data) = try loadScenario(self.scenario!)
            if let seed { scenario.seed = seed }
            let file = self.scenario!
            guard scenario.correlations.isEmpty else {
                printError("\(file): error: the scenario correlates parameters (`correlations:`), and Sobol' indices apportion variance among independent ones; run `sensitivity` on a copy without `correlations`, and read its indices as those of independent assumptions")
                throw ExitCode(Exit.invalidInput)
            }
            let uncertain = SensitivityRun.uncertainParameters(scenario)
            var varied = uncertain
            if let list = parameters {
                varied = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                let unknown = varied.filter { scenario.parameters[$0] == nil }
                let fixed = varied.filter { scenario.parameters[$0]?.isFixed == true }
                if !unknown.isEmpty || !fixed.isEmpty || Set(varied).count != varied.count || varied.isEmpty {
                    var problems: [String] = []
                    if !unknown.isEmpty { problems.append("no parameter " + unknown.map { "'\($0)'" }.joined(separator: ", ") + " in \(file)") }
                    if !fixed.isEmpty { problems.append(fixed.joined(separator: ", ") + " is fixed (no variance to apportion)") }
                    if Set(varied).count != varied.count { problems.append("a parameter is named twice") }
                    if varied.isEmpty { problems.append("no parameter named") }
                    printError("error: --parameters: " + problems.joined(separator: "; ") + ". Its uncertain parameters: " + uncertain.joined(separator: ", ") + " (`policysim list parameters \(file)`)")
                    throw ExitCode(Exit.usage)
                }
                varied.sort()
            }
            guard !varied.isEmpty else {
                printError("\(file): error: the scenario has no uncertain parameter, so there is no variance to apportion; give a parameter a distribution")
                throw ExitCode(Exit.invalidInput)
            }
            let chosenSampler: SaltelliDesign.Sampler
            switch sampler {
            case "sobol":
                guard 2 * varied.count <= SaltelliDesign.sobolMaxDimension else {
                    printError("error: --sampler sobol: GSL's Sobol' sequence has \(SaltelliDesign.sobolMaxDimension) dimensions and \(varied.count) parameters need \(2 * varied.count); use --sampler random, or vary at most \(SaltelliDesign.sobolMaxDimension / 2) with --parameters")
                    throw ExitCode(Exit.usage)
                }
                chosenSampler = .sobol
            case "random": chosenSampler = .random
            default: chosenSampler = SensitivityRun.defaultSampler(parameters: varied.count)
            }
            let resolver = NameResolver(data: data)
            var areaIds: [String]? = nil
            if let areas {
                var ids: [String] = [], problems: [String] = []
                for name in areas.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                    switch resolver.area(name) {
                    case let .success(id): ids.append(id)
                    case let .failure(m): problems.append(m)
                    }
                }
                if !problems.isEmpty { printError("error: --areas: " + problems.joined(separator: "; ")); throw ExitCode(Exit.usage) }
                areaIds = ids
            }
            let tornadoArea: String
            switch resolver.area(tornado) {
            case let .success(id): tornadoArea = id
            case let .failure(m): printError("error: --tornado: " + m); throw ExitCode(Exit.usage)
            }
            let (shardIndex, shardCount) = shard.flatMap(parseShard) ?? (0, 1)
            let threads = self.threads ?? ProcessInfo.processInfo.activeProcessorCount
            let folder = out ?? "Results/\(scenario.name)-sensitivity"
            let staging: StagingFolder
            do { staging = try StagingFolder(folder, kind: SensitivityTables.folderKind, force: force) } catch { throw failure(error) }

            let runs = ((0..<samples).filter { $0 % shardCount == shardIndex }.count) * (varied.count + 2)
            if verbosity.showsProgress {
                printError("\(varied.count) parameters x \(samples) rows (\(chosenSampler.rawValue) points): \(runs) runs\(shardCount > 1 ? " in shard \(shardIndex)/\(shardCount)" : "") on \(threads) thread\(threads == 1 ? "" : "s")")
            }
            let reporter = ProgressReporter(quiet: !verbosity.showsProgress)
            let options = SensitivityOptions(threads: threads, rows: samples, sampler: chosenSampler, parameters: varied,
                                             shardIndex: shardIndex, shardCount: shardCount, progress: { reporter.update($0, $1, "runs") })
            let year = self.year
            let evaluations: SensitivityEvaluations
            do {
                evaluations = try SensitivityRun.evaluate(Economy(data), scenario, outputs: { years, peak in
                    let y = year ?? peak
                    guard years.contains(y) else { throw SensitivityError("--year \(y) is not a simulated year of \(file) (\(years.first!)-\(years.last!))") }
                    var outputs = SensitivityRun.defaultOutputs(data, year: y)
                    if let areaIds {
                        outputs = areaIds.flatMap { [SensitivityOutput(variable: .gdp, area: $0, year: y), SensitivityOutput(variable: .gdp, area: $0, year: nil)] }
                            + outputs.filter { $0.variable == .fiscalCost }
                    }
                    if !outputs.contains(SensitivityOutput(variable: .gdp, area: tornadoArea, year: nil)) {
                        outputs.insert(contentsOf: [SensitivityOutput(variable: .gdp, area: tornadoArea, year: y),
                                                    SensitivityOutput(variable: .gdp, area: tornadoArea, year: nil)], at: 0)
                    }
                    return outputs
                }, options: options)
            } catch {
                reporter.abandon()
                printError("\(file): error: \(error)")
                throw ExitCode(error is SensitivityError ? Exit.usage : Exit.runFailed)
            }
            let labels = evaluations.outputs.map { SensitivityTables.label($0, years: evaluations.years) }
            let record = SensitivityDesignRecord(version: PolicySim.version, scenario: scenario.name, scenarioFile: file, seed: scenario.seed,
                                                 sampler: chosenSampler.rawValue, rows: samples, parameters: varied, outputs: labels,
                                                 years: evaluations.years, shard: "\(shardIndex)/\(shardCount)",
                                                 bootstrapResamples: Sensitivity.bootstrapResamples)
            reporter.writing(staging.display)
            let evaluationsText = SensitivityTables.evaluationsCSV(evaluations, distributions: varied.map { scenario.parameters[$0]! }, labels: labels)
            if shardCount > 1 {
                do {
                    try staging.write(SensitivityTables.evaluationsFile, Data(evaluationsText.utf8))
                    try staging.write(SensitivityTables.designFile, SensitivityTables.encode(record))
                    try staging.publish()
                } catch { throw failure(error, otherwise: Exit.cannotWrite) }
                reporter.finish()
                verbosity.say("wrote \(staging.display): evaluations.csv, design.json (shard \(shardIndex)/\(shardCount): \(evaluations.rows.count) of \(samples) rows)")
                verbosity.say("when every shard is done: policysim sensitivity --merge SHARD_FOLDERS... --out FOLDER")
                return
            }
            let report = try failing { try SensitivityReport(record: record, values: evaluations.values, central: evaluations.central) }
            try publish(report, evaluationsText: evaluationsText, staging: staging, tornadoArea: tornadoArea, reporter: reporter)
        }

        /// Joins shard folders: their designs must agree and their rows cover the design once.
        func mergeShards() throws {
            let folders = merge.map { URL(fileURLWithPath: $0) }
            var rows: [Int: [[Double]]] = [:]
            var first: SensitivityDesignRecord?
            var shards: Set<String> = []
            var evaluationLines: [Int: [Substring]] = [:]
            for folder in folders {
                let record: SensitivityDesignRecord
                do { record = try SensitivityTables.readDesign(folder) } catch { throw failure(error) }
                if let first, !first.sameDesign(record) {
                    printError("error: \(displayPath(folder)) is a shard of another design than \(displayPath(folders[0])) (scenario, seed, sampler, rows, parameters, outputs or version differ)")
                    throw ExitCode(Exit.invalidInput)
                }
                if !shards.insert(record.shard).inserted {
                    printError("error: shard \(record.shard) is given twice (\(displayPath(folder)))")
                    throw ExitCode(Exit.invalidInput)
                }
                first = first ?? record
                let part: [Int: [[Double]]]
                do { part = try SensitivityTables.readEvaluations(folder, record) } catch { throw failure(error) }
                let text = try String(contentsOf: folder.appendingPathComponent(SensitivityTables.evaluationsFile), encoding: .utf8)
                for line in text.split(separator: "\n").dropFirst() {
                    let row = Int(line.prefix { $0 != "," })!
                    evaluationLines[row, default: []].append(line)
                }
                for (row, values) in part {
                    if rows[row] != nil {
                        printError("error: row \(row) is in two shards (\(displayPath(folder)))")
                        throw ExitCode(Exit.invalidInput)
                    }
                    rows[row] = values
                }
            }
            var record = first!
            let missing = (0..<record.rows).filter { rows[$0] == nil }
            if !missing.isEmpty {
                printError("error: \(missing.count) of the design's \(record.rows) rows are in none of the shards (first: row \(missing[0])); give every shard's folder")
                throw ExitCode(Exit.invalidInput)
            }
            record.shard = "0/1"
            let header = CSV.line(["row", "evaluation"] + record.parameters + record.outputs)
            let evaluationsText = ([header] + (0..<record.rows).flatMap { evaluationLines[$0]! }.map(String.init)).joined(separator: "\n") + "\n"
            let staging: StagingFolder
            do { staging = try StagingFolder(out!, kind: SensitivityTables.folderKind, force: force) } catch { throw failure(error) }
            let report = try failing { try SensitivityReport(record: record, values: (0..<record.rows).map { rows[$0]! }, central: nil) }
            let tornadoArea = record.outputs.contains("gdp:\(tornado):\(record.years.first!)-\(record.years.last!)") ? tornado : SensitivityTables.parts(record.outputs[0]).area
            try publish(report, evaluationsText: evaluationsText, staging: staging, tornadoArea: tornadoArea, reporter: ProgressReporter(quiet: true))
        }

        func publish(_ report: SensitivityReport, evaluationsText: String, staging: StagingFolder, tornadoArea: String,
                     reporter: ProgressReporter) throws {
            let record = report.record
            let cumulative = "gdp:\(tornadoArea):\(record.years.first!)-\(record.years.last!)"
            let shown = report.labels.firstIndex(of: cumulative) ?? 0
            var written = [SensitivityTables.indicesFile, SensitivityTables.evaluationsFile, SensitivityTables.designFile]
            var note: String?
            do {
                try staging.write(SensitivityTables.indicesFile, Data(SensitivityTables.indicesCSV(report).utf8))
                try staging.write(SensitivityTables.evaluationsFile, Data(evaluationsText.utf8))
                try staging.write(SensitivityTables.designFile, SensitivityTables.encode(record))
                if chart.lowercased() != "none" {
                    if report.indices[shown].variance > 0 {
                        let files = try SensitivityTables.tornado(report, output: shown, format: chart.lowercased(), folder: staging.url)
                        let chart = try staging.writeChart(files)
                        written += chart.files
                        if let picture = chart.picture {
                            written.append(picture)
                        } else {
                            note = "gnuplot is not installed, so render tornado.gp with gnuplot (Debian: apt-get install gnuplot-nox)"
                        }
                    } else {
                        note = "no tornado chart: \(cumulative) does not vary"
                    }
                }
                try staging.publish()
            } catch {
                throw chartWriteFailure(error)
            }
            reporter.finish()
            verbosity.say("wrote \(staging.display): " + written.joined(separator: ", "))
            if let note { verbosity.say(note) }
            verbosity.say("")
            verbosity.say(SensitivitySummary.text(report, output: shown))
            let yearly = report.labels.indices.first { k in
                let (v, a, span) = SensitivityTables.parts(report.labels[k])
                return v == "gdp" && a == tornadoArea && !span.contains("-")
            }
            if let yearly {
                verbosity.say("")
                verbosity.say(SensitivitySummary.text(report, output: yearly, top: 5))
            }
        }

        func failing<T>(_ body: () throws -> T) throws -> T {
            do { return try body() } catch { throw failure(error, otherwise: Exit.runFailed) }
        }
    }
}
