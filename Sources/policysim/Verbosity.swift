// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser

/// `--quiet` and `--silent`, shared by the commands that show progress (run, attribute).
/// `--quiet` hides the progress only; `--silent` prints nothing but errors.
struct Verbosity: ParsableArguments {
    @Flag(help: "Hide the progress on standard error; the headline and results still print.") var quiet = false
    @Flag(help: "Print nothing but errors (on standard error): no progress, headline or results.") var silent = false

    /// Whether progress goes to standard error.
    var showsProgress: Bool { !quiet && !silent }

    /// Prints a result line on standard output, unless --silent.
    func say(_ text: String) {
        if !silent { print(text) }
    }

    /// The words for each command's discussion.
    static let help = "--quiet hides the progress only (the headline and results still print); --silent prints nothing but errors."
}

/// `--silent` alone, for the commands that show no progress but print what they wrote or a
/// report (hindcast, multipliers, merge, export, plot, data build, data import-pymrio, data
/// export-pymrio): the same meaning as on `run`, nothing but errors, the exit code says how it went.
struct Silence: ParsableArguments {
    @Flag(help: "Print nothing but errors (on standard error): no report, notes or warnings.") var silent = false

    /// Prints a line on standard output, unless --silent.
    func say(_ text: String, terminator: String = "\n") {
        if !silent { print(text, terminator: terminator) }
    }

    /// Prints a note or warning on standard error, unless --silent.
    func note(_ text: String) {
        if !silent { printError(text) }
    }
}
