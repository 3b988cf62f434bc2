// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Prints problems to standard error, the first `limit` of them (all when `limit` is 0).
func printIssues(_ lines: [String], limit: Int) {
    let shown = limit > 0 ? Array(lines.prefix(limit)) : lines
    printError(shown.joined(separator: "\n"))
    if shown.count < lines.count {
        printError("... and \(lines.count - shown.count) more (--limit 0 prints all)")
    }
}
