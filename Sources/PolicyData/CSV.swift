// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel

/// A parsed CSV file (RFC 4180: quoted fields may hold commas, quotes and newlines) that
/// remembers the line each record starts on, for error messages.
public struct CSVTable: Sendable {
    /// The path shown in messages.
    public let file: String
    public let header: [String]
    public let rows: [[String]]
    /// Line number (1-based) on which each row starts.
    public let lines: [Int]

    /// Index of a header column.
    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Indexes of the required columns, or one issue per missing column.
    public func require(_ names: [String]) throws -> [Int] {
        var missing: [DataIssue] = []
        var found: [Int] = []
        for name in names {
            if let i = column(name) { found.append(i) } else {
                missing.append(DataIssue(file: file, line: 1, column: name,
                    message: "missing column; the header must name \(names.joined(separator: ", "))"))
            }
        }
        if !missing.isEmpty { throw DataError(missing) }
        return found
    }

    /// A cell as a finite number, or an issue naming file, line and column.
    public func number(_ row: Int, _ column: Int) throws -> Double {
        let text = CSV.trimmed(rows[row][column])
        guard let v = Double(text), v.isFinite else {
            throw DataError([DataIssue(file: file, line: lines[row], column: header[column],
                message: "'\(text)' is not a finite number")])
        }
        return v
    }

    /// Rows whose `column` equals `value`.
    public func rows(where column: String, is value: String) -> [Int] {
        guard let c = self.column(column) else { return [] }
        return rows.indices.filter { rows[$0][c] == value }
    }
}

/// One or more data problems, each with file, line and column.
public struct DataError: Error, CustomStringConvertible {
    public var issues: [DataIssue]
    public init(_ issues: [DataIssue]) { self.issues = issues }
    public init(file: String, line: Int? = nil, column: String? = nil, _ message: String) {
        issues = [DataIssue(file: file, line: line, column: column, message: message)]
    }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

public enum CSV {
    /// `text` without leading and trailing whitespace; ASCII blanks are stripped byte-wise
    /// (the common case, and hot when a data set has millions of numbers), anything else by
    /// Foundation.
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return text }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        if first < 0x80 && last < 0x80 && !blank(first) && !blank(last) { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// Reads and parses a file; `display` is the path shown in messages.
    public static func read(_ url: URL, display: String? = nil) throws -> CSVTable {
        let name = display ?? url.path
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataError(file: name, "cannot be read (missing, or not a file)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataError(file: name, "is not UTF-8 text")
        }
        return try parse(text, file: name)
    }

    /// Parses CSV text. Every record must have as many fields as the header.
    ///
    /// Works on the UTF-8 bytes: the delimiters (quote, comma, CR, LF) are ASCII and never part
    /// of a multi-byte character, so fields are byte ranges decoded once each.
    public static func parse(_ text: String, file: String) throws -> CSVTable {
        var records: [[String]] = []
        var starts: [Int] = []
        var record: [String] = []
        var line = 1
        var recordStart = 1
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        // The current field: its bytes (CRs outside quotes dropped, doubled quotes undoubled).
        var field: [UInt8] = []
        var inQuotes = false
        var fieldWasQuoted = false
        func endField() {
            record.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func endRecord() {
            let blank = record.isEmpty && field.isEmpty && !fieldWasQuoted
            endField()
            if !blank {
                records.append(record)
                starts.append(recordStart)
            }
            record = []
        }
        var i = 0
        let count = bytes.count
        while i < count {
            let c = bytes[i]
            if inQuotes {
                if c == quote {
                    if i + 1 < count && bytes[i + 1] == quote {
                        field.append(quote)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == lf { line += 1 }
                    field.append(c)
                }
            } else {
                switch c {
                case quote:
                    if field.isEmpty { inQuotes = true; fieldWasQuoted = true } else {
                        throw DataError(file: file, line: line, "a quote inside an unquoted field; quote the whole field and double inner quotes")
                    }
                case comma:
                    endField()
                case cr:
                    break
                case lf:
                    endRecord()
                    line += 1
                    recordStart = line
                default:
                    field.append(c)
                }
            }
            i += 1
        }
        if inQuotes { throw DataError(file: file, line: recordStart, "a quoted field is never closed") }
        if !field.isEmpty || !record.isEmpty || fieldWasQuoted { endRecord() }
        guard let header = records.first else { throw DataError(file: file, line: 1, "is empty; it needs a header line") }
        var issues: [DataIssue] = []
        var seen = Set<String>()
        for name in header where !seen.insert(name).inserted {
            issues.append(DataIssue(file: file, line: 1, column: name, message: "appears twice in the header"))
        }
        for (k, r) in records.enumerated().dropFirst() where r.count != header.count {
            issues.append(DataIssue(file: file, line: starts[k], message: "has \(r.count) fields; the header has \(header.count)"))
        }
        if !issues.isEmpty { throw DataError(issues) }
        return CSVTable(file: file, header: header, rows: Array(records.dropFirst()), lines: Array(starts.dropFirst()))
    }

    /// One CSV line (no newline), quoting fields that need it.
    public static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",")
    }

    public static func escape(_ field: String) -> String {
        if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return field
    }

    /// The shortest text that reads back as exactly `x` (Swift's round-trip formatting).
    public static func number(_ x: Double) -> String {
        if x == 0 { return "0" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}
