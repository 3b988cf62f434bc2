// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser

@main
struct PolicySim: ParsableCommand {
    static let version = "0.1.0-dev"

    static let configuration = CommandConfiguration(
        commandName: "policysim",
        abstract: "Rule-based simulator of regional industrial policy for China.",
        discussion: """
            Projects output, value added, GDP, employment and fiscal cost by province and sector \
            on a multi-regional input-output core (GSL numerics).
            """,
        version: version,
        subcommands: [Run.self, New.self, Validate.self, Rules.self, List.self, Prices.self, Compare.self, Sensitivity.self, Attribute.self, Explain.self, PlotCommand.self, Multipliers.self, MergeCommand.self, Export.self, Kernels.self, DataGroup.self, HindcastCommand.self, Doctor.self]
    )
}
