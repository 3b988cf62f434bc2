// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyScenario

extension PolicySim {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check scenario files without running them.",
            discussion: "Reports every problem as file:line:column: error: message with the source line and a caret; exits 65 if any file has one."
        )

        @Argument(help: "Scenario files.") var files: [String]

        func run() throws {
            let loader = ScenarioLoader { folder in try DataSetReader.load(URL(fileURLWithPath: folder)).data }
            var failed = 0
            for file in files {
                do {
                    let (s, _) = try loader.load(file)
                    print("\(file): ok (\(s.rules.count) rule\(s.rules.count == 1 ? "" : "s"), \(s.parameters.count) parameter\(s.parameters.count == 1 ? "" : "s"), \(s.startYear)-\(s.endYear))")
                } catch let error as ScenarioError {
                    failed += 1
                    printError(error.description)
                    printError("\(file): \(error.diagnostics.count) problem\(error.diagnostics.count == 1 ? "" : "s")")
                }
            }
            if failed > 0 { throw ExitCode(dataErrorExitCode) }
        }
    }
}
