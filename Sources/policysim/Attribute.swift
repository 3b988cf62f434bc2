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
                Writes <folder>/attribution.csv, the folder being --out or Results/<scenario name>.
                """
        )

        @Argument(help: "The scenario file.") var scenario: String
        @Option(help: "Group rules by task or by rule.") var by: String = "task"
        @Option(help: "Random orders when groups exceed 10.") var samples = 64
        @Option(help: "Result folder to write attribution.csv into (default: Results/<scenario name>).") var out: String?
        @Flag(help: "No progress output.") var quiet = false

        func validate() throws {
            guard Attribution.Grouping(rawValue: by) != nil else { throw ValidationError("Please use --by task or --by rule.") }
            if samples < 1 { throw ValidationError("Please give --samples of at least 1.") }
        }

        func run() throws {
            let (s, data) = try loadScenario(scenario)
            let economy = Economy(data)
            let reporter = ProgressReporter(quiet: quiet)
            let result: Attribution.Result
            do {
                result = try Attribution.run(economy, s, by: Attribution.Grouping(rawValue: by)!, samples: samples,
                                             progress: { reporter.update($0, $1, "coalitions") })
            } catch {
                printError("\(scenario): error: \(error)")
                throw ExitCode.failure
            }
            let folder = URL(fileURLWithPath: out ?? "Results/\(s.name)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appendingPathComponent("attribution.csv")
            let temporary = folder.appendingPathComponent(".attribution.csv.tmp")
            try Data(AttributionTable.text(result, economy: economy).utf8).write(to: temporary)
            _ = try? FileManager.default.removeItem(at: file)
            try FileManager.default.moveItem(at: temporary, to: file)
            print("wrote \(file.path): \(result.groups.count) groups by \(by), \(result.exact ? "exact" : "\(samples) sampled orders"), \(result.coalitionRuns) runs")
        }
    }
}
