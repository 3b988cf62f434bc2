// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData

extension PolicySim {
    struct DataCheck: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a data set folder against the format and its accounting identities.",
            discussion: "Prints every problem as file:line: error: column 'c': message, and exits 65 if there is any."
        )

        @Argument(help: "The data set folder.") var folder: String
        @Option(help: "Print at most this many problems (0: all).") var limit = 50

        func run() throws {
            let issues = DataSetReader.check(URL(fileURLWithPath: folder))
            if issues.isEmpty {
                print("\(folder): ok")
                return
            }
            printIssues(issues.map(\.description), limit: limit)
            printError("\(folder): \(issues.count) problem\(issues.count == 1 ? "" : "s")")
            throw ExitCode(dataErrorExitCode)
        }
    }
}
