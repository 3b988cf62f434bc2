// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics

/// A table in pymrio's text format: what pandas' `DataFrame.to_csv(sep="\t")` writes for a
/// frame with `indexColumns` index levels and `headerRows` column levels (pymrio's
/// `file_parameters.json` gives both as `nr_index_col` and `nr_header`).
///
/// Layout, for headerRows h > 1: h header lines, each the column level's name, h - 1 blanks...
/// precisely: the level's name, `indexColumns - 1` empty cells, then that level's label of every
/// column; then a line of the index level names followed by empty cells; then one line per row,
/// its index labels and values. For h = 1 the single header line holds the index names and
/// then the column labels. Cells are tab-separated (a comma-separated file is read as well);
/// pandas quotes a cell that holds the separator or a quote with double quotes.
public struct PymrioTable: Sendable {
    /// The path shown in messages.
    public var file: String
    public var indexNames: [String]
    /// Labels of each data row, one per index level.
    public var rowLabels: [[String]]
    /// Labels of each column, one per header level.
    public var columnLabels: [[String]]
    public var values: Matrix
    /// The line of each data row (1-based), for messages.
    public var lines: [Int]
    /// The header line that holds the last column level (for messages about columns).
    public var lastHeaderLine: Int

    public init(file: String, indexNames: [String], rowLabels: [[String]], columnLabels: [[String]], values: Matrix, lines: [Int] = [], lastHeaderLine: Int = 1) {
        self.file = file
        self.indexNames = indexNames
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.lines = lines
        self.lastHeaderLine = lastHeaderLine
    }
}

public enum PymrioText {
    /// Splits one line into cells, undoing pandas' minimal quoting.
    static func cells(_ line: Substring, separator: Character, file: String, lineNumber: Int) throws -> [String] {
        var out: [String] = [], field = "", quoted = false, wasQuoted = false
        var chars = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" && field.isEmpty && !wasQuoted {
                quoted = true
                wasQuoted = true
            } else if c == separator {
                out.append(field)
                field = ""
                wasQuoted = false
            } else {
                field.append(c)
            }
        }
        if quoted { throw DataError(file: file, line: lineNumber, "a quoted cell is never closed") }
        out.append(field)
        return out
    }

    /// Reads a table; every problem is reported with the file, line and the fix.
    public static func read(_ url: URL, indexColumns ic: Int, headerRows h: Int) throws -> PymrioTable {
        let file = displayPath(url)
        guard ic >= 1, h >= 1 else { throw DataError(file: file, "needs at least one index column and one header row (file_parameters.json: nr_index_col, nr_header)") }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataError(file: file, "cannot be read (missing, or not a file)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw DataError(file: file, "is not UTF-8 text") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard lines.count >= h else { throw DataError(file: file, "has \(lines.count) lines; a pymrio table with \(h) header row(s) needs them and its data") }
        let separator: Character = lines[0].contains("\t") ? "\t" : ","
        var header: [[String]] = []
        for r in 0..<h { header.append(try cells(lines[r], separator: separator, file: file, lineNumber: r + 1)) }
        let columns = header[0].count - ic
        guard columns >= 1 else {
            throw DataError(file: file, line: 1, "has no value columns after its \(ic) index column(s); is nr_index_col right?")
        }
        for (r, row) in header.enumerated() where row.count != header[0].count {
            throw DataError(file: file, line: r + 1, "has \(row.count) cells; the first header line has \(header[0].count)")
        }
        let columnLabels = (0..<columns).map { c in header.map { $0[ic + c] } }
        var start = h
        var indexNames = h == 1 ? Array(header[0][0..<ic]) : [String](repeating: "", count: ic)
        if h > 1, start < lines.count {
            let names = try cells(lines[start], separator: separator, file: file, lineNumber: start + 1)
            if names.count >= ic, names.dropFirst(ic).allSatisfy({ $0.isEmpty }) {
                indexNames = Array(names[0..<ic])
                start += 1
            }
        }
        let rows = lines.count - start
        var values = Matrix(rows: rows, columns: columns)
        var rowLabels: [[String]] = [], numbers: [Int] = []
        rowLabels.reserveCapacity(rows)
        for r in 0..<rows {
            let lineNumber = start + r + 1
            let row = try cells(lines[start + r], separator: separator, file: file, lineNumber: lineNumber)
            guard row.count == ic + columns else {
                throw DataError(file: file, line: lineNumber, "has \(row.count) cells; the header has \(ic + columns) (\(ic) label(s) and \(columns) values)")
            }
            rowLabels.append(Array(row[0..<ic]))
            numbers.append(lineNumber)
            for c in 0..<columns {
                let cell = row[ic + c]
                guard let v = Double(cell), v.isFinite else {
                    let label = columnLabels[c].joined(separator: "/")
                    if cell.isEmpty {
                        throw DataError(file: file, line: lineNumber, column: label, "is empty (NaN in pandas); a pymrio system needs every value: fill missing values with 0 before saving")
                    }
                    throw DataError(file: file, line: lineNumber, column: label, "'\(cell)' is not a finite number")
                }
                values.storage[r * columns + c] = v
            }
        }
        return PymrioTable(file: file, indexNames: indexNames, rowLabels: rowLabels, columnLabels: columnLabels, values: values,
                           lines: numbers, lastHeaderLine: h)
    }

    /// A cell as pandas writes it: quoted, with inner quotes doubled, when it holds a tab, a
    /// quote or a line break.
    static func cell(_ s: String) -> String {
        s.contains(where: { $0 == "\t" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// A table of labels only (pymrio's unit.txt): a header line and one line per row.
    static func labelTable(_ header: [String], _ rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(cell).joined(separator: "\t") + "\n" }.joined()
    }

    /// The text pandas would write for the table (tab-separated), numbers in their shortest
    /// round-trip form, so `pandas.read_csv(..., sep="\t", index_col=..., header=...)` reads
    /// back the same doubles. `columnNames` names the header levels.
    public static func text(_ t: PymrioTable, columnNames: [String]) -> String {
        let ic = t.indexNames.count, h = columnNames.count
        var out = ""
        if h == 1 {
            out += (t.indexNames + t.columnLabels.map { $0[0] }).map(cell).joined(separator: "\t") + "\n"
        } else {
            for level in 0..<h {
                out += ([columnNames[level]] + [String](repeating: "", count: ic - 1) + t.columnLabels.map { $0[level] }).map(cell).joined(separator: "\t") + "\n"
            }
            out += (t.indexNames + [String](repeating: "", count: t.columnLabels.count)).map(cell).joined(separator: "\t") + "\n"
        }
        let columns = t.values.columns
        for r in 0..<t.values.rows {
            var line = t.rowLabels[r].map(cell).joined(separator: "\t")
            for c in 0..<columns {
                line += "\t"
                line += CSV.number(t.values.storage[r * columns + c])
            }
            out += line + "\n"
        }
        return out
    }
}
