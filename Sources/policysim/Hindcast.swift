// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyModel
import PolicyResults

extension PolicySim {
    struct HindcastCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hindcast",
            abstract: "Project a base-year data set over years the record holds and score it against the record and naive benchmarks.",
            discussion: """
                Runs the baseline of the data set (default Scenarios/data/china-2017) with national real \
                growth set to the record, makes it nominal with one national deflator, and compares \
                provincial, regional and cluster GDP growth with the NBS record, beside (a) every province \
                at the national rate, (b) each province keeping its previous five-year growth differential \
                and (c) the model on the benchmark build of the same base year (national sector mixes and \
                shares, one gravity model). Prints the skill table and writes hindcast.csv into --out; \
                an existing hindcast.csv is replaced only with --force (exit code 73 otherwise).
                """
        )

        @Option(help: "The base-year data set folder.") var data = "Scenarios/data/china-2017"
        @Option(help: "Folder of copied source files (the record, and the benchmark build's inputs).") var sources = "Scenarios/data/sources"
        @Option(help: "Folder of the project's build inputs (for the benchmark build).") var inputs = "Scenarios/data/build"
        @Option(help: "Last projected year (2019; up to 2022, the Covid years scored apart and flagged).") var through = 2019
        @Option(help: "Output folder for hindcast.csv.") var out = "Results/hindcast"
        @Flag(help: "Replace an existing hindcast.csv.") var force = false
        @OptionGroup var silence: Silence

        func validate() throws { try validateOut(out) }

        func run() throws {
            let loaded: DataSet, benchmark: DataSet, record: HindcastRecord
            let file = URL(fileURLWithPath: out).appendingPathComponent("hindcast.csv")
            do {
                loaded = try DataSetReader.load(URL(fileURLWithPath: data)).data
                guard let years = BuildYears.known.first(where: { $0.base == loaded.baseYear }) else {
                    throw ValidationError("Please give a data set whose base year the build knows (\(BuildYears.known.map { String($0.base) }.joined(separator: ", "))); \(data) has \(loaded.baseYear).")
                }
                guard through > loaded.baseYear, through <= 2022 else {
                    throw ValidationError("Please give --through between \(loaded.baseYear + 1) and 2022, the last year the record holds.")
                }
                // The arguments first, then an existing hindcast.csv, both before the benchmark
                // build and the runs.
                do { try AtomicFile.checkTarget(file, force: force) } catch { throw failure(error) }
                benchmark = try DataSetBuilder.build(DataSetBuildOptions(sources: URL(fileURLWithPath: sources), inputs: URL(fileURLWithPath: inputs),
                                                                         years: years, method: .nationalShares))
                record = try HindcastRecord.read(sources: URL(fileURLWithPath: sources))
            } catch let error as DataError {
                printIssues(error.issues.map(\.description), limit: 50)
                throw ExitCode(dataErrorExitCode)
            }
            let result: HindcastResult
            do {
                result = try Hindcast.run(data: loaded, benchmarkData: benchmark, record: record,
                                          settings: HindcastSettings(years: (loaded.baseYear + 1)...through))
            } catch {
                printError("hindcast: error: \(error)")
                throw ExitCode.failure
            }
            do {
                try AtomicFile.write(Data(Hindcast.csv(result).utf8), to: file, force: force)
            } catch {
                throw failure(error, otherwise: Exit.cannotWrite)
            }
            silence.say(Hindcast.table(result), terminator: "")
            silence.say("\nwrote \(displayPath(file))")
        }
    }
}
