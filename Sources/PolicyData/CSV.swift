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
        return try data.withUnsafeBytes { try parse(bytes: $0.bindMemory(to: UInt8.self), file: name) }
    }

    /// Parses CSV text. Every record must have as many fields as the header.
    public static func parse(_ text: String, file: String) throws -> CSVTable {
        var copy = text
        return try copy.withUTF8 { try parse(bytes: $0, file: file) }
    }

    /// Parses CSV bytes (UTF-8, with or without a byte-order mark) into a table.
    public static func parse(bytes: UnsafeBufferPointer<UInt8>, file: String) throws -> CSVTable {
        var parser = CSVRecordParser(file: file)
        var records: [[String]] = []
        var starts: [Int] = []
        try parser.feed(bytes) { records.append($0); starts.append($1) }
        try parser.finish { records.append($0); starts.append($1) }
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

    /// The fields of one line of CSV text (a command-line list, say), by the one grammar:
    /// `China,"Central, West"` is two fields.
    public static func fields(_ line: String, what: String) throws -> [String] {
        var parser = CSVRecordParser(file: what)
        var out: [[String]] = []
        var copy = line
        try copy.withUTF8 { try parser.feed($0) { r, _ in out.append(r) } }
        try parser.finish { r, _ in out.append(r) }
        return out.first ?? []
    }

    /// One CSV line (no newline), quoting fields that need it.
    public static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",")
    }

    public static func escape(_ field: String) -> String {
        // Bytes, not Characters: faster, "\r\n" (one Character, equal to neither "\r" nor "\n")
        // is quoted too, and every quote is doubled, even one that a combining mark follows (which
        // makes one Character with it).
        guard field.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else { return field }
        var out: [UInt8] = [34]
        out.reserveCapacity(field.utf8.count + 8)
        for b in field.utf8 {
            out.append(b)
            if b == 34 { out.append(34) }
        }
        out.append(34)
        return String(decoding: out, as: UTF8.self)
    }

    /// The shortest text that reads back as exactly `x` (Swift's round-trip formatting).
    public static func number(_ x: Double) -> String {
        if x == 0 { return "0" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}

/// The one CSV grammar of the program (RFC 4180: quoted fields may hold commas, quotes and
/// newlines; CRs outside quotes are dropped), fed bytes in pieces of any size. Every CSV file,
/// whether a data set table read whole or a result file streamed, goes through it.
///
/// Works on UTF-8 bytes: the delimiters (quote, comma, CR, LF) are ASCII and never part of a
/// multi-byte character, so fields are byte ranges, each checked and decoded once.
public struct CSVRecordParser {
    let file: String
    private var record: [String] = []
    private var field: [UInt8] = []
    private var inQuotes = false
    private var fieldWasQuoted = false
    /// The last byte closed a quoted field; a quote now is a doubled (escaped) quote.
    private var justClosedQuote = false
    private var line = 1
    private var recordStart = 1
    /// Bytes seen so far, to recognise byte-order marks at the very start.
    private var offset = 0
    private var bomLeft = 0

    public init(file: String) {
        self.file = file
        field.reserveCapacity(64)
    }

    /// A parser that starts on `line` in the middle of a file: no byte-order mark is looked for.
    init(file: String, line: Int) {
        self.init(file: file)
        self.line = line
        recordStart = line
        offset = 1
    }

    /// Feeds the next bytes; `emit` receives each complete record and the line it starts on.
    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ emit: ([String], Int) throws -> Void) throws {
        var i = 0
        let count = bytes.count
        if offset == 0 && count > 0 {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                bomLeft = 3
            } else if count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
                throw DataError(file: file, "is UTF-16 text; save it as UTF-8")
            }
        }
        offset += count
        while bomLeft > 0 && i < count { bomLeft -= 1; i += 1 }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        while i < count {
            let c = bytes[i]
            i += 1
            if inQuotes {
                if c == quote {
                    inQuotes = false
                    justClosedQuote = true
                } else {
                    if c == lf { line += 1 }
                    field.append(c)
                }
                continue
            }
            let closed = justClosedQuote
            justClosedQuote = false
            switch c {
            case quote:
                if closed {
                    field.append(quote)
                    inQuotes = true
                } else if field.isEmpty && !fieldWasQuoted {
                    inQuotes = true
                    fieldWasQuoted = true
                } else {
                    throw DataError(file: file, line: line, "a quote inside an unquoted field; quote the whole field and double inner quotes")
                }
            case comma:
                try endField()
            case cr:
                break
            case lf:
                try endRecord(emit)
                line += 1
                recordStart = line
            default:
                field.append(c)
            }
        }
    }

    /// Ends the input: emits a last record without a final newline, or reports an open quote.
    public mutating func finish(_ emit: ([String], Int) throws -> Void) throws {
        if inQuotes { throw DataError(file: file, line: recordStart, "a quoted field is never closed") }
        if !field.isEmpty || !record.isEmpty || fieldWasQuoted { try endRecord(emit) }
    }

    private mutating func endField() throws {
        if field.allSatisfy({ $0 < 0x80 }) {
            record.append(String(decoding: field, as: UTF8.self))
        } else if let text = String(validating: field, as: UTF8.self) {
            record.append(text)
        } else {
            throw DataError(file: file, line: line, "is not UTF-8 text (this line is the first that is not); save the file as UTF-8")
        }
        field.removeAll(keepingCapacity: true)
        fieldWasQuoted = false
    }

    private mutating func endRecord(_ emit: ([String], Int) throws -> Void) throws {
        let blank = record.isEmpty && field.isEmpty && !fieldWasQuoted
        try endField()
        if !blank { try emit(record, recordStart) }
        record = []
    }
}

/// Reads a CSV file record by record, a piece at a time, so a result file of any size is read
/// in bounded memory. `observe` sees every byte of the file in order (to hash it).
public final class CSVFileReader {
    public let file: String
    private let handle: FileHandle
    private var parser: CSVRecordParser
    private var queue: [([String], Int)] = []
    private var head = 0
    private var ended = false
    private let observe: ((UnsafeRawBufferPointer) -> Void)?
    public private(set) var bytesRead = 0

    /// `display` is the path shown in messages.
    public init(_ url: URL, display: String, observe: ((UnsafeRawBufferPointer) -> Void)? = nil) throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw DataError(file: display, "cannot be read (missing, or not a file)")
        }
        self.handle = handle
        self.file = display
        self.parser = CSVRecordParser(file: display)
        self.observe = observe
    }

    deinit { try? handle.close() }

    /// The next record and the line it starts on; nil at the end of the file.
    public func next() throws -> (fields: [String], line: Int)? {
        while head == queue.count {
            if ended { return nil }
            queue.removeAll(keepingCapacity: true)
            head = 0
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw DataError(file: file, "cannot be read: \(error.localizedDescription)")
            }
            if chunk.isEmpty {
                ended = true
                try parser.finish { queue.append(($0, $1)) }
            } else {
                bytesRead += chunk.count
                try chunk.withUnsafeBytes { raw in
                    observe?(raw)
                    try parser.feed(raw.bindMemory(to: UInt8.self)) { queue.append(($0, $1)) }
                }
            }
        }
        head += 1
        return queue[head - 1]
    }
}
