// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyModel
import PolicyResults

extension PolicySim {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the yearly linear systems of a run (coefficients, right-hand sides, solutions) for an outside peer.",
            discussion: """
                Writes DIR/systems.json and DIR/systems.f64 (see the README's benchmarks section); \
                bench/peer.py reads them. The folder is written atomically; an existing DIR is \
                replaced only with --force, and only a folder export wrote (exit code 73 otherwise).
                """
        )

        @Argument(help: "The scenario file.") var scenario: String
        @Option(help: "Output folder.") var out: String
        @Option(help: "Monte Carlo draws (default: the file's).") var draws: Int?
        @Flag(help: "Replace the output folder if an earlier export wrote it.") var force = false
        @OptionGroup var silence: Silence

        func validate() throws {
            try validateOut(out)
            if let draws, draws < 0 || draws > 100_000 { throw ValidationError("The value '\(draws)' is invalid for '--draws': please give a whole number of draws from 0 to 100000.") }
        }

        func run() throws {
            StagingFolder.removeOnSignals()
            let (s, data) = try loadScenario(scenario)
            let staging: StagingFolder
            do { staging = try StagingFolder(out, kind: SystemExport.folderKind, force: force) } catch { throw failure(error) }
            let economy = Economy(data)
            let recorder = SystemRecorder(economy: economy)
            do {
                _ = try Projection.run(economy, s, options: ProjectionOptions(threads: 1, draws: draws), recorder: recorder)
            } catch {
                printError("\(scenario): error: \(error)")
                throw ExitCode.failure
            }
            do {
                try SystemExport.write(recorder, economy: economy, into: staging)
            } catch {
                throw failure(FileWriteError.from(error, "cannot write the systems into \(staging.display)"), otherwise: Exit.cannotWrite)
            }
            silence.say("wrote \(staging.display): \(recorder.systems.count) systems, \(recorder.structures.count) structures, size \(economy.size)")
        }
    }
}
