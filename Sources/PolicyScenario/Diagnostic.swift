// SPDX-License-Identifier: GPL-3.0-or-later

/// A problem in a scenario file, shown as a compiler would:
///
///     Scenarios/miit-2023.yaml:14:7: error: unknown key 'leverag'; did you mean 'leverage'? ...
///         leverag: 4
///         ^
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// The text of the line, for the caret display.
    public var sourceLine: String?

    public init(file: String, line: Int, column: Int, message: String, sourceLine: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.sourceLine = sourceLine
    }

    public var description: String {
        var s = "\(file):\(line):\(column): error: \(message)"
        if let source = sourceLine {
            s += "\n    " + source + "\n    " + String(repeating: " ", count: max(0, column - 1)) + "^"
        }
        return s
    }
}

/// Every problem found in one validation.
public struct ScenarioError: Error, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
