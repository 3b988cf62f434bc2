// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyModel

extension BuildMethod: ExpressibleByArgument {}

extension PolicySim {
    struct DataBuild: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build",
            abstract: "Build a data set from the copied sources, deterministically.",
            discussion: """
                Reads Scenarios/data/sources (copies of the NBS and other files, never edited) and \
                Scenarios/data/build (concordance, coordinates, parameters), checks the result and \
                writes it atomically. An existing folder is replaced only with --force, and only a \
                data set folder (exit code 73 otherwise). With the defaults and --force it \
                regenerates Scenarios/data/china-2022 byte for byte; with --base-year 2017, \
                Scenarios/data/china-2017 (the NBS 2017 table, the hindcast's base). For the full \
                153-product detail:
                  policysim data build --sectors Scenarios/data/build/sectors-153.csv \\
                    --concordance Scenarios/data/build/concordance-153.csv \\
                    --name china-2022-153 --out Scenarios/data/china-2022-153
                """
        )

        @Option(help: "Folder of copied source files.") var sources = "Scenarios/data/sources"
        @Option(help: "Folder of the project's build inputs.") var inputs = "Scenarios/data/build"
        @Option(help: "Sector definitions (default: <inputs>/sectors.csv).") var sectors: String?
        @Option(help: "Product-to-sector concordance (default: <inputs>/concordance.csv).") var concordance: String?
        @Option(help: "Base year: 2022 (the NBS 2020 table scaled to 2022) or 2017 (the NBS 2017 table).") var baseYear = 2022
        @Option(help: "Build method: measured, or national-shares (national sector mixes and shares, the hindcast's benchmark (c)).")
        var method: BuildMethod = .measured
        @Option(help: "Data set name (default: china-<base year>).") var name: String?
        @Option(help: "Output folder (default: Scenarios/data/<name>).") var out: String?
        @Flag(help: "Replace the output folder if it is a data set folder.") var force = false
        @OptionGroup var silence: Silence

        func validate() throws {
            if let out { try validateOut(out) }
            if let name {
                guard let first = name.first, first.isLetter || first.isNumber, !name.contains(".."),
                      name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                    throw ValidationError("Please give --name as a plain identifier (letters, digits, '-', '_', '.'); it names the folder Scenarios/data/NAME.")
                }
            }
            guard BuildYears.known.contains(where: { $0.base == baseYear }) else {
                throw ValidationError("Please give --base-year as one of \(BuildYears.known.map { String($0.base) }.joined(separator: ", ")); the sources hold the tables for no other.")
            }
        }

        func run() throws {
            StagingFolder.removeOnSignals()
            let years = BuildYears.known.first { $0.base == baseYear }!
            let options = DataSetBuildOptions(
                sources: URL(fileURLWithPath: sources), inputs: URL(fileURLWithPath: inputs),
                sectorsFile: sectors.map { URL(fileURLWithPath: $0) }, concordanceFile: concordance.map { URL(fileURLWithPath: $0) },
                name: name, years: years, method: method)
            let folder = URL(fileURLWithPath: out ?? "Scenarios/data/\(options.name)")
            let staging: StagingFolder
            do { staging = try DataSetWriter.staging(folder, force: force) } catch { throw failure(error) }
            let data: DataSet
            do {
                data = try DataSetBuilder.build(options)
            } catch let error as DataError {
                printIssues(error.issues.map(\.description), limit: 50)
                throw ExitCode(dataErrorExitCode)
            }
            let issues = data.check()
            guard issues.isEmpty else {
                printError(issues.map { "(built) " + $0.description }.joined(separator: "\n"))
                printError("the build produced an inconsistent data set; nothing was written")
                throw ExitCode(dataErrorExitCode)
            }
            do {
                try DataSetWriter.write(data, into: staging)
            } catch {
                throw failure(error, otherwise: Exit.cannotWrite)
            }
            silence.say("wrote \(folder.path): \(data.provinceCount) provinces x \(data.sectorCount) sectors, checks passed")
        }
    }
}
