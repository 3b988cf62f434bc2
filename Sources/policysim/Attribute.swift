// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyModel
import PolicyResults

extension PolicySim {
    struct Attribute: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Split a scenario's effect between its rules or task groups (Shapley values); writes attribution.csv.",
            discussion: """
                Central values. Exact for up to 10 groups (2^G runs of the scenario with subsets of \
                its rules); beyond that, the average over --samples random orders. Contributions add \
                up to the run minus its baseline and do not depend on the order of rules in the file. \
                Writes attribution.csv into the scenario's result folder (--out, or \
                Results/<scenario name>), which must exist and must have been made by \
                `policysim run` from the same scenario files and data set; the folder is replaced \
                atomically by itself plus attribution.csv, recorded in its manifest. An \
                attribution.csv the folder already holds is replaced only with --force (exit code \
                73 otherwise). \(Verbosity.help)
                """
        )

        @Argument(help: "The scenario file.") var scenario: String
        @Option(help: "Group rules by task or by rule.") var by: String = "task"
        @Option(help: "Random orders when groups exceed 10.") var samples = 64
        @Option(help: "The scenario's result folder to write attribution.csv into (default: Results/<scenario name>).") var out: String?
        @Flag(help: "Replace the folder's attribution.csv if it has one.") var force = false
        @OptionGroup var verbosity: Verbosity

        func validate() throws {
            guard Attribution.Grouping(rawValue: by) != nil else { throw ValidationError("Please use --by task or --by rule.") }
            if samples < 1 { throw ValidationError("Please give --samples of at least 1.") }
            if let out { try validateOut(out) }
        }

        func run() throws {
            StagingFolder.removeOnSignals()
            let (s, data) = try loadScenario(scenario)
            let path = out ?? "Results/\(s.name)"
            let manifest: RunManifest
            let writer: ResultWriter
            do {
                manifest = try AttributionTable.folderManifest(path, scenario: s, file: scenario)
                if !force && manifest.files["attribution.csv"] != nil {
                    let how = manifest.attribution.map { " (by \($0.by))" } ?? ""
                    throw FileWriteError(.alreadyExists, "\(displayPath(URL(fileURLWithPath: path).appendingPathComponent("attribution.csv")))\(how) already exists; pass --force to replace it, or --out to write into another folder of this scenario's run")
                }
                // Every file of the folder must be the one its run wrote before it is carried over.
                _ = try ResultFolder(path)
                writer = try RunFolder.create(path, force: true)
            } catch {
                throw failure(error)
            }
            let economy = Economy(data)
            let reporter = ProgressReporter(quiet: !verbosity.showsProgress)
            let grouping = Attribution.Grouping(rawValue: by) ?? .task
            let result: Attribution.Result
            do {
                result = try Attribution.run(economy, s, by: grouping, samples: samples,
                                             progress: { reporter.update($0, $1, "coalitions") })
            } catch {
                reporter.abandon()
                printError("\(scenario): error: \(error)")
                throw ExitCode(Exit.runFailed)
            }
            reporter.writing(writer.display)
            do {
                let folder = URL(fileURLWithPath: path)
                for (name, record) in manifest.files.sorted(by: { $0.key < $1.key }) where name != "attribution.csv" {
                    try writer.add(name, from: folder.appendingPathComponent(name), record: record)
                }
                try writer.file("attribution.csv", text: AttributionTable.text(result, economy: economy))
                var m = manifest
                m.attribution = RunManifest.AttributionRecord(by: by, groups: result.groups.count, exact: result.exact)
                try writer.finish(m)
            } catch {
                reporter.abandon()
                throw failure(error, otherwise: Exit.cannotWrite)
            }
            reporter.finish()
            verbosity.say("wrote \(writer.display)/attribution.csv: \(result.groups.count) groups by \(by), \(result.exact ? "exact" : "\(samples) sampled orders"), \(result.coalitionRuns) runs")
        }
    }
}
