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

        func run() throws {
            let issues = DataSetReader.check(URL(fileURLWithPath: folder))
            if issues.isEmpty {
                print("\(folder): ok")
                return
            }
            printError(issues.map(\.description).joined(separator: "\n"))
            printError("\(folder): \(issues.count) problem\(issues.count == 1 ? "" : "s")")
            throw ExitCode(dataErrorExitCode)
        }
    }
}
