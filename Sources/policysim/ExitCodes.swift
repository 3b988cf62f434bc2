// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import PolicyData
import PolicyResults

/// The exit codes of every subcommand (sysexits.h where one fits); the README's table lists
/// them. ArgumentParser exits 64 for bad arguments itself.
enum Exit {
    /// A run that failed: a singular system, say, with the year and matrix named.
    static let runFailed: Int32 = 1
    /// Bad command-line arguments (EX_USAGE).
    static let usage: Int32 = 64
    /// An invalid scenario or data set, or a result folder that fails its manifest (EX_DATAERR).
    static let invalidInput: Int32 = 65
    /// The run would need more memory than this process may use (EX_UNAVAILABLE).
    static let tooLarge: Int32 = 69
    /// The output exists and was not replaced: without --force, or not a folder --force may
    /// replace (EX_CANTCREAT).
    static let alreadyExists: Int32 = 73
    /// The output could not be written: disk full, read-only, permission, a failed rename (EX_IOERR).
    static let cannotWrite: Int32 = 74
    // 128 + the signal (130 SIGINT, 143 SIGTERM, 129 SIGHUP) when interrupted: StagingFolder.
}

/// Prints `error` and returns the exit code for it: writing problems by their kind, problems
/// of the inputs (scenario, data, result folders) 65, anything else `otherwise`.
func failure(_ error: Error, otherwise: Int32 = Exit.invalidInput) -> ExitCode {
    if let e = error as? ExitCode { return e }
    // Data errors carry their own "file:line: error:" prefix.
    printError(error is DataError ? "\(error)" : "error: \(error)")
    if let w = error as? FileWriteError {
        switch w.kind {
        case .alreadyExists, .notReplaceable: return ExitCode(Exit.alreadyExists)
        case .invalidTarget: return ExitCode(Exit.usage)
        case .cannotWrite: return ExitCode(Exit.cannotWrite)
        }
    }
    return ExitCode(otherwise)
}
