// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser

extension PolicySim {
    struct DataGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "data",
            abstract: "Build, check and describe base data sets.",
            subcommands: [DataBuild.self, DataCheck.self, DataReport.self, DataImportPymrio.self, DataExportPymrio.self]
        )
    }
}

/// Exit code for a data set or scenario that fails validation (see `Exit`).
let dataErrorExitCode = Exit.invalidInput
