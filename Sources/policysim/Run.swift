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
                Writes Results/<scenario name>/ (or --out): output.csv, trace.csv, iamc.csv \
                (for pyam) with iamc-regions.yaml, draws.csv and manifest.json, which lists every \
                other file with its rows and SHA-256. \
                The folder is written into a temporary sibling made before the run and published \
                atomically at the end; an existing folder is never replaced without --force, and \
                --force replaces only a policysim result folder. \
                Exit codes: 0 success, 1 run failure, 64 bad arguments, 65 invalid scenario or data, \
                69 too large for this machine's memory, 73 the folder exists (add --force, or choose \
                another --out), 74 cannot write, 130/143 interrupted. Progress (elapsed time, draws/s, \
                time left, then "writing") goes to standard error for runs over a second. \
                \(Verbosity.help)
                """
        )

        @Argument(help: "The scenario file.") var scenario: String
        @Option(parsing: .unconditional, help: "Monte Carlo draws, 0 to 100000 (default: the file's `draws`).") var draws: Int?
        @Option(parsing: .unconditional, help: "Seed (default: the file's `seed`).") var seed: UInt64?
        @Option(parsing: .unconditional, help: "Worker threads for the draws (default: all cores).") var threads: Int?
        @Option(help: "Run only draws i with i mod N == k, written as k/N, for a scheduler to run shards.") var shard: String?
        @Flag(help: "Also write every draw to output.csv (statistic draw_<i>).") var keepDraws = false
        @Option(help: "Result folder (default: Results/<scenario name>).") var out: String?
        @Flag(help: "Replace an existing result folder (only a folder that policysim run or merge made).") var force = false
        @OptionGroup var verbosity: Verbosity

        func validate() throws {
            if let draws, draws < 0 || draws > 100_000 { throw ValidationError("The value '\(draws)' is invalid for '--draws': please give a whole number of draws from 0 to 100000.") }
            if let threads, threads < 1 { throw ValidationError("The value '\(threads)' is invalid for '--threads': please give at least 1.") }
            if let shard, parseShard(shard) == nil { throw ValidationError("Please write --shard as k/N with 0 <= k < N, e.g. 0/4.") }
            if let out { try validateOut(out) }
        }

        func run() throws {
            StagingFolder.removeOnSignals()
            let started = Date()
            var (scenario, data) = try loadScenario(self.scenario)
            if let seed { scenario.seed = seed }
            let (shardIndex, shardCount) = shard.flatMap(parseShard) ?? (0, 1)
            let threads = self.threads ?? ProcessInfo.processInfo.activeProcessorCount
            let ensemble = draws ?? scenario.draws
            let held = (0..<ensemble).filter { $0 % shardCount == shardIndex }.count
            let economy = Economy(data)
            let estimate = RunEstimate(economy: economy, scenario: scenario, draws: held, keepDraws: keepDraws, threads: threads)
            if let refusal = estimate.refusal(limit: MemoryLimit.current(), scenarioFile: self.scenario, ensembleDraws: ensemble) {
                printError("\(self.scenario): error: \(refusal)")
                throw ExitCode(Exit.tooLarge)
            }
            let writer: ResultWriter
            do {
                writer = try RunFolder.create(out ?? "Results/\(scenario.name)", force: force)
                try writer.staging.requireSpace(estimate.disk, for: "the result files")
            } catch {
                throw failure(error)
            }
            let reporter = ProgressReporter(quiet: !verbosity.showsProgress)
            let options = ProjectionOptions(threads: threads, draws: draws, shardIndex: shardIndex, shardCount: shardCount,
                                            progress: { reporter.update($0, $1, "draws") }, drawDirectory: writer.staging.url)
            let result: ProjectionResult
            do {
                result = try Projection.run(economy, scenario, options: options)
            } catch {
                reporter.abandon()
                printError("\(self.scenario): error: \(error)")
                throw ExitCode(Exit.runFailed)
            }
            let info = RunOutput.RunInfo(version: PolicySim.version, threads: threads, shardIndex: shardIndex, shardCount: shardCount,
                                         ensembleDraws: ensemble, keepDraws: keepDraws, started: started)
            reporter.writing(writer.display)
            do {
                try RunOutput.write(result: result, economy: economy, info: info, to: writer)
            } catch {
                reporter.abandon()
                throw failure(error, otherwise: Exit.cannotWrite)
            }
            reporter.finish()
            verbosity.say(RunOutput.summary(result: result, folder: writer.display))
        }
    }
}

func parseShard(_ text: String) -> (Int, Int)? {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 0, k < n else { return nil }
    return (k, n)
}

/// Refuses an --out that names no folder of its own: empty (the current folder), or ending in
/// `.` or `..`.
func validateOut(_ out: String) throws {
    if out.isEmpty {
        throw ValidationError("Please give --out a folder name; an empty --out would be the current folder.")
    }
    let last = out.split(separator: "/").last.map(String.init) ?? ""
    if last.isEmpty || last == "." || last == ".." {
        throw ValidationError("Please give --out a folder of its own, such as Results/NAME, not '\(out)'.")
    }
}
