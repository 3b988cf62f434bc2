// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyModel
import PolicyNumerics
import PolicyResults

extension PolicySim {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Project a scenario year by year and write a result folder.",
            discussion: """
                Writes Results/<scenario name>/ (or --out): output.csv, trace.csv, manifest.json, \
                iamc.csv. The folder is written atomically and never replaced without --force. \
                Exit codes: 0 success, 64 bad arguments, 65 invalid scenario or data, 1 run failure.
                """
        )

        @Argument(help: "The scenario file.") var scenario: String
        @Option(help: "Monte Carlo draws (default: the file's `draws`).") var draws: Int?
        @Option(help: "Seed (default: the file's `seed`).") var seed: UInt64?
        @Option(help: "Worker threads for the draws (default: all cores).") var threads: Int?
        @Option(help: "Run only draws i with i mod N == k, written as k/N, for a scheduler to run shards.") var shard: String?
        @Flag(help: "Also write every draw to output.csv (statistic draw_<i>).") var keepDraws = false
        @Option(help: "Result folder (default: Results/<scenario name>).") var out: String?
        @Flag(help: "Replace an existing result folder.") var force = false
        @Flag(help: "No progress output.") var quiet = false

        func validate() throws {
            if let draws, draws < 0 || draws > 100_000 { throw ValidationError("Please give --draws between 0 and 100000.") }
            if let threads, threads < 1 { throw ValidationError("Please give --threads of at least 1.") }
            if let shard, parseShard(shard) == nil { throw ValidationError("Please write --shard as k/N with 0 <= k < N, e.g. 0/4.") }
        }

        func run() throws {
            let started = Date()
            var (scenario, data) = try loadScenario(self.scenario)
            if let seed { scenario.seed = seed }
            let folder = URL(fileURLWithPath: out ?? "Results/\(scenario.name)")
            do { try RunFolder.checkWritable(folder, force: force) } catch {
                printError("\(error)")
                throw ExitCode(dataErrorExitCode)
            }
            let (shardIndex, shardCount) = shard.flatMap(parseShard) ?? (0, 1)
            let reporter = ProgressReporter(quiet: quiet)
            let options = ProjectionOptions(threads: threads ?? ProcessInfo.processInfo.activeProcessorCount, draws: draws,
                                            shardIndex: shardIndex, shardCount: shardCount,
                                            progress: { reporter.update($0, $1, "draws") })
            let economy = Economy(data)
            let result: ProjectionResult
            do {
                result = try Projection.run(economy, scenario, options: options)
            } catch {
                printError("\(self.scenario): error: \(error)")
                throw ExitCode.failure
            }
            let writeStart = Date()
            let files = try RunOutput.files(result: result, economy: economy, keepDraws: keepDraws, threads: options.threads,
                                            shard: "\(shardIndex)/\(shardCount)", started: started, version: PolicySim.version,
                                            writeStart: writeStart)
            try RunFolder.write(files, to: folder, force: force)
            if !quiet {
                print(RunOutput.summary(result: result, folder: folder.path))
            }
        }
    }
}

func parseShard(_ text: String) -> (Int, Int)? {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 0, k < n else { return nil }
    return (k, n)
}
