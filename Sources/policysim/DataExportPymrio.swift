// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyModel

extension PolicySim {
    struct DataExportPymrio: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-pymrio",
            abstract: "Write a data set's base year as a pymrio folder (pymrio.load(DIR) reads it; load_all adds the extensions).",
            discussion: """
                Z (domestic intermediate flows), Y (final demand by province and component, and \
                exports), x, and the extensions factor_inputs (value added, imports), income \
                (compensation), employment and imports (by product). Money in 100 million yuan (2022 prices). What is \
                lost is listed in docs/multipliers.md. An existing folder is replaced only with \
                --force, and only a pymrio IOSystem folder (exit code 73 otherwise).
                """
        )

        @Argument(help: "The data set folder.") var dataset: String
        @Argument(help: "The pymrio folder to write.") var folder: String
        @Flag(help: "Replace the folder if it is a pymrio IOSystem folder.") var force = false
        @OptionGroup var silence: Silence

        func validate() throws { try validateOut(folder) }

        func run() throws {
            StagingFolder.removeOnSignals()
            let staging: StagingFolder
            do { staging = try StagingFolder(folder, kind: PymrioExport.folderKind, force: force) } catch { throw failure(error) }
            let source = URL(fileURLWithPath: dataset)
            let data: DataSet, table: MultiRegionalTable?
            do {
                data = try DataSetReader.load(source).data
                table = MultiRegionalTableFiles.exists(in: source) ? try MultiRegionalTableFiles.read(source, data) : nil
            } catch {
                throw failure(error)
            }
            do {
                try PymrioExport.write(data, table: table, into: staging)
            } catch let error as FileWriteError {
                throw failure(error)
            } catch {
                throw failure(error, otherwise: Exit.runFailed)
            }
            silence.say("wrote \(staging.display): pymrio IOSystem of \(data.provinceCount) regions x \(data.sectorCount) sectors (\(table == nil ? "the engine's structure" : "the data set's full table")), extensions factor_inputs, income, employment\(table == nil ? ", imports" : "")")
        }
    }
}
