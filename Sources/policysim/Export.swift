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
            discussion: "Writes DIR/systems.json and DIR/systems.f64 (see the README's benchmarks section); bench/peer.py reads them."
        )

        @Argument(help: "The scenario file.") var scenario: String
        @Option(help: "Output folder.") var out: String
        @Option(help: "Monte Carlo draws (default: the file's).") var draws: Int?

        func run() throws {
            let (s, data) = try loadScenario(scenario)
            let economy = Economy(data)
            let recorder = SystemRecorder(economy: economy)
            do {
                _ = try Projection.run(economy, s, options: ProjectionOptions(threads: 1, draws: draws), recorder: recorder)
            } catch {
                printError("\(scenario): error: \(error)")
                throw ExitCode.failure
            }
            do {
                try SystemExport.write(recorder, economy: economy, to: URL(fileURLWithPath: out))
            } catch {
                throw failure(FileWriteError.from(error, "cannot write the systems into \(out)"))
            }
            print("wrote \(out): \(recorder.systems.count) systems, \(recorder.structures.count) structures, size \(economy.size)")
        }
    }
}
