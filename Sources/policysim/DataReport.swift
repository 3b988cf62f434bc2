// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData

extension PolicySim {
    struct DataReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Say what a data set holds and what in it is measured, scaled, estimated or assumed."
        )

        @Argument(help: "The data set folder.") var folder = "Scenarios/data/china-2022"
        @Flag(help: "Also print the checks province by province (sector shares against the source, net outflow).") var detail = false

        func run() throws {
            do {
                let loaded = try DataSetReader.load(URL(fileURLWithPath: folder))
                print(DataSetReport.text(loaded.data, detail: detail))
            } catch let error as DataError {
                printIssues(error.issues.map(\.description), limit: 50)
                throw ExitCode(dataErrorExitCode)
            }
        }
    }
}
