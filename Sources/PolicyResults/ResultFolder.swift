// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel

/// A result folder read back and verified: every file that `manifest.json` lists must have
/// the data rows and the SHA-256 recorded when it was written, and `output.csv` must hold
/// finite numbers, each cell and statistic once. A truncated, edited, reordered or duplicated
/// file is refused with a message that says so, rather than turned into numbers.
public struct ResultFolder {
    public struct Cell: Hashable, Sendable {
        public var year: Int
        public var area: String
        public var sector: String
        public var variable: String

        public init(year: Int, area: String, sector: String, variable: String) {
            self.year = year
            self.area = area
            self.sector = sector
            self.variable = variable
        }
    }

    public let path: String
    public let manifest: RunManifest
    public var scenario: String { manifest.scenario }
    public var version: String { manifest.version }
    public var dataName: String { manifest.dataSet.name }
    public var dataHash: String { manifest.dataSet.sha256 }
    /// Cell -> statistic -> value (every statistic but the kept draws, `draw_<d>`).
    public private(set) var values: [Cell: [String: Double]] = [:]
    public private(set) var kinds: [String: String] = [:]
    public private(set) var units: [String: String] = [:]
    /// Cells in file order (first appearance).
    public private(set) var order: [Cell] = []
    /// Headline cell -> draw -> value.
    public private(set) var draws: [Cell: [Int: Double]] = [:]
    public private(set) var trace: [[String]] = []
    /// Cell -> group -> contribution.
    public private(set) var attribution: [Cell: [String: Double]] = [:]
    public private(set) var attributionGroups: [String] = []

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static let remake = "make the folder again with `policysim run`"

    public init(_ path: String) throws {
        self.path = path
        let folder = URL(fileURLWithPath: path)
        manifest = try RunManifest.read(folder)
        let shown = displayPath(folder)
        guard manifest.files["output.csv"] != nil else {
            throw Failure(description: "\(shown)/manifest.json lists no output.csv; \(ResultFolder.remake)")
        }
        for name in manifest.files.keys.sorted() where !FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
            throw Failure(description: "\(shown)/\(name) is missing, though manifest.json lists it; \(ResultFolder.remake)")
        }
        try ResultFolder.read(folder, manifest, "output.csv", OutputTable.header.components(separatedBy: ",")) { f, line in
            guard let year = Int(f[1]) else { throw Failure(description: "\(shown)/output.csv:\(line): year '\(f[1])' is not a year") }
            let statistic = f[7]
            guard f[0] == manifest.scenario else {
                throw Failure(description: "\(shown)/output.csv:\(line): scenario '\(f[0])', but the folder is of '\(manifest.scenario)'")
            }
            // Kept draws are verified with the file but not held: draws.csv serves comparisons.
            if statistic.hasPrefix("draw_") { return }
            let value = try ResultFolder.finite(f[8], "\(shown)/output.csv:\(line)")
            let cell = Cell(year: year, area: f[2], sector: f[4], variable: f[5])
            if values[cell] == nil { order.append(cell) }
            if values[cell]?[statistic] != nil {
                throw Failure(description: "\(shown)/output.csv:\(line) repeats the \(statistic) value of \(f[5]), \(f[2]), \(f[4]), \(year); \(ResultFolder.remake)")
            }
            values[cell, default: [:]][statistic] = value
            kinds[cell.area] = f[3]
            units[cell.variable] = f[6]
        }
        for (cell, stats) in values where stats["central"] == nil || stats["baseline"] == nil {
            throw Failure(description: "\(shown)/output.csv lacks the \(stats["central"] == nil ? "central" : "baseline") value of \(cell.variable), \(cell.area), \(cell.sector), \(cell.year); \(ResultFolder.remake)")
        }
        if manifest.files["draws.csv"] != nil {
            try ResultFolder.read(folder, manifest, "draws.csv", ["year", "area", "sector", "variable", "draw", "value"]) { f, line in
                guard let year = Int(f[0]), let d = Int(f[4]) else { throw Failure(description: "\(shown)/draws.csv:\(line): year and draw must be whole numbers") }
                let v = try ResultFolder.finite(f[5], "\(shown)/draws.csv:\(line)")
                draws[Cell(year: year, area: f[1], sector: f[2], variable: f[3]), default: [:]][d] = v
            }
        }
        if manifest.files["trace.csv"] != nil {
            var rows: [[String]] = []
            try ResultFolder.read(folder, manifest, "trace.csv", ["rule", "task", "measure", "year", "area", "sector", "condition", "effect", "effect_unit", "fiscal_cost"]) { f, _ in rows.append(f) }
            trace = rows
        }
        if manifest.files["attribution.csv"] != nil {
            var groups: [String] = []
            try ResultFolder.read(folder, manifest, "attribution.csv", AttributionTable.header.components(separatedBy: ",")) { f, line in
                guard let year = Int(f[0]) else { throw Failure(description: "\(shown)/attribution.csv:\(line): '\(f[0])' is not a year") }
                let v = try ResultFolder.finite(f[7], "\(shown)/attribution.csv:\(line)")
                if !groups.contains(f[6]) { groups.append(f[6]) }
                attribution[Cell(year: year, area: f[1], sector: f[3], variable: f[4]), default: [:]][f[6]] = v
            }
            attributionGroups = groups
        }
    }

    /// Streams a listed file through the CSV reader with its header, handing each data row to
    /// `row`, then checks the rows and the SHA-256 against the manifest.
    static func read(_ folder: URL, _ manifest: RunManifest, _ name: String, _ header: [String], _ row: ([String], Int) throws -> Void) throws {
        let url = folder.appendingPathComponent(name)
        let shown = displayPath(url)
        guard let record = manifest.files[name] else { return }
        var hasher = SHA256Hex()
        var rows = 0
        var rowError: Error?
        do {
            let reader = try CSVFileReader(url, display: shown) { hasher.update($0) }
            guard let first = try reader.next() else {
                throw Failure(description: "\(shown) is empty, but the run wrote \(record.rows) rows; \(ResultFolder.remake)")
            }
            guard first.fields == header else {
                throw Failure(description: "\(shown) does not start with the header \(header.joined(separator: ",")); \(ResultFolder.remake)")
            }
            // A bad row is reported after the whole file is read: if the file is not the one
            // the run wrote, that is the news, and the bad row only a symptom of it.
            while let r = try reader.next() {
                rows += 1
                guard rowError == nil else { continue }
                do {
                    guard r.fields.count == header.count else {
                        throw Failure(description: "\(shown):\(r.line) has \(r.fields.count) fields; the header has \(header.count) (a cut or edited line?); \(ResultFolder.remake)")
                    }
                    try row(r.fields, r.line)
                } catch {
                    rowError = error
                }
            }
        } catch let e as DataError {
            throw Failure(description: e.description)
        }
        if rows != record.rows {
            let how = rows < record.rows ? "it was cut short or rows were removed" : "rows were added"
            throw Failure(description: "\(shown) has \(rows) data rows, but the run wrote \(record.rows) (manifest.json): \(how); \(ResultFolder.remake)")
        }
        if hasher.hex() != record.sha256 {
            throw Failure(description: "\(shown) is not the file the run wrote: its SHA-256 differs from the one in manifest.json (edited, reordered or damaged); \(ResultFolder.remake)")
        }
        if let rowError { throw rowError }
    }

    static func finite(_ text: String, _ at: String) throws -> Double {
        guard let v = Double(text), v.isFinite else {
            throw Failure(description: "\(at): '\(text)' is not a finite number; \(ResultFolder.remake)")
        }
        return v
    }

    public func value(_ cell: Cell, _ statistic: String = "central") -> Double? { values[cell]?[statistic] }

    public var years: [Int] { Array(Set(order.map(\.year))).sorted() }
}
