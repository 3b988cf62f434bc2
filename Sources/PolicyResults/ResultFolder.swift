// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel

/// A result folder read back and verified: every file that `manifest.json` lists must have
/// the data rows and the SHA-256 recorded when it was written, and `output.csv` must hold
/// finite numbers, each cell and statistic once. A truncated, edited, reordered or duplicated
/// file is refused with a message that says so, rather than turned into numbers.
///
/// The files are read record by record as bytes (`CSVFileScanner`): names are looked up by
/// their bytes and kept as small integers, and a string is made only for a number and for a
/// name seen for the first time, so a folder of 200 draws (25 MB of `output.csv`) reads in a
/// fraction of a second.
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
    public private(set) var values = CellValues()
    public private(set) var kinds: [String: String] = [:]
    public private(set) var units: [String: String] = [:]
    /// Cells in file order (first appearance).
    public private(set) var order: [Cell] = []
    /// The years of the cells, in order.
    public private(set) var years: [Int] = []
    /// Headline cell -> draw -> value.
    public private(set) var draws: [Cell: [Int: Double]] = [:]
    public private(set) var trace: [[String]] = []
    /// Cell -> group -> contribution.
    public private(set) var attribution = CellValues()
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
        var names = CellNames()
        var table = CellTable()
        // The kind of each area and the unit of each variable, by id (the last row's).
        var kindOf: [Int] = [], unitOf: [Int] = []
        var kindNames = NameTable(), unitNames = NameTable()
        let scenario = manifest.scenario
        let scenarioBytes = Array(scenario.utf8)
        // The bytes of fields year to unit of the last plain row read, and the cell, kind and
        // unit they gave: a cell's rows (one per statistic) follow each other.
        var lastKey: [UInt8] = [], lastCell = -1, lastKind = 0, lastUnit = 0
        try scenarioBytes.withUnsafeBufferPointer { scenarioBytes in
            try ResultFolder.read(folder, manifest, "output.csv", OutputTable.header.components(separatedBy: ",")) { f in
                let line = f.line
                var cell = -1, kind = 0, unit = 0
                // Fields 1 to 6 of a plain record are one run of bytes, commas included.
                var key = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
                if f.plain {
                    let first = f.bytes(1), last = f.bytes(6)
                    key = UnsafeBufferPointer(start: first.baseAddress!, count: last.baseAddress! + last.count - first.baseAddress!)
                    if lastCell >= 0 && key.count == lastKey.count
                        && lastKey.withUnsafeBufferPointer({ memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 }) {
                        cell = lastCell
                        kind = lastKind
                        unit = lastUnit
                    }
                }
                let year: Int
                if cell >= 0 {
                    year = table.keys[cell].year
                } else {
                    guard let y = Int(f.string(1)) else { throw Failure(description: "\(shown)/output.csv:\(line): year '\(f.string(1))' is not a year") }
                    year = y
                }
                guard f.field(0, is: scenarioBytes) || f.string(0) == scenario else {
                    throw Failure(description: "\(shown)/output.csv:\(line): scenario '\(f.string(0))', but the folder is of '\(scenario)'")
                }
                // Kept draws are verified with the file but not held: draws.csv serves comparisons.
                if ResultFolder.isDraw(f, 7) { return }
                let value = try ResultFolder.finite(f, 8, "\(shown)/output.csv:\(line)")
                if cell < 0 {
                    cell = table.cell(CellKey(year: year, area: names.areas.id(f, 2), sector: names.sectors.id(f, 4), variable: names.variables.id(f, 5)))
                    kind = kindNames.id(f, 3)
                    unit = unitNames.id(f, 6)
                }
                let statistic = table.columns.id(f, 7)
                guard table.set(cell, statistic, value) else {
                    throw Failure(description: "\(shown)/output.csv:\(line) repeats the \(f.string(7)) value of \(f.string(5)), \(f.string(2)), \(f.string(4)), \(year); \(ResultFolder.remake)")
                }
                let area = table.keys[cell].area, variable = table.keys[cell].variable
                while kindOf.count <= area { kindOf.append(-1) }
                while unitOf.count <= variable { unitOf.append(-1) }
                kindOf[area] = kind
                unitOf[variable] = unit
                if f.plain && cell != lastCell {
                    lastKey.removeAll(keepingCapacity: true)
                    lastKey.append(contentsOf: key)
                    lastCell = cell
                    lastKind = kind
                    lastUnit = unit
                }
            }
        }
        let central = table.columns.find("central"), baseline = table.columns.find("baseline")
        for (c, key) in table.keys.enumerated() {
            let hasCentral = central.map { !table.data[$0][c].isNaN } ?? false
            let hasBaseline = baseline.map { !table.data[$0][c].isNaN } ?? false
            if !hasCentral || !hasBaseline {
                throw Failure(description: "\(shown)/output.csv lacks the \(!hasCentral ? "central" : "baseline") value of \(names.variables.names[key.variable]), \(names.areas.names[key.area]), \(names.sectors.names[key.sector]), \(key.year); \(ResultFolder.remake)")
            }
        }
        for (area, kind) in kindOf.enumerated() where kind >= 0 { kinds[names.areas.names[area]] = kindNames.names[kind] }
        for (variable, unit) in unitOf.enumerated() where unit >= 0 { units[names.variables.names[variable]] = unitNames.names[unit] }
        if manifest.files["draws.csv"] != nil {
            var byCell: [Cell: [Int: Double]] = [:]
            var cells = CellTable()
            var found: [[(Int, Double)]] = []
            try ResultFolder.read(folder, manifest, "draws.csv", ["year", "area", "sector", "variable", "draw", "value"]) { f in
                guard let year = Int(f.string(0)), let d = Int(f.string(4)) else { throw Failure(description: "\(shown)/draws.csv:\(f.line): year and draw must be whole numbers") }
                let v = try ResultFolder.finite(f, 5, "\(shown)/draws.csv:\(f.line)")
                let c = cells.cell(CellKey(year: year, area: names.areas.id(f, 1), sector: names.sectors.id(f, 2), variable: names.variables.id(f, 3)))
                if c == found.count { found.append([]) }
                found[c].append((d, v))
            }
            for (c, key) in cells.keys.enumerated() {
                var one: [Int: Double] = [:]
                one.reserveCapacity(found[c].count)
                for (d, v) in found[c] { one[d] = v }
                byCell[names.cell(key)] = one
            }
            draws = byCell
        }
        if manifest.files["trace.csv"] != nil {
            var rows: [[String]] = []
            try ResultFolder.read(folder, manifest, "trace.csv", ["rule", "task", "measure", "year", "area", "sector", "condition", "effect", "effect_unit", "fiscal_cost"]) { f in rows.append(f.strings) }
            trace = rows
        }
        if manifest.files["attribution.csv"] != nil {
            var split = CellTable()
            try ResultFolder.read(folder, manifest, "attribution.csv", AttributionTable.header.components(separatedBy: ",")) { f in
                guard let year = Int(f.string(0)) else { throw Failure(description: "\(shown)/attribution.csv:\(f.line): '\(f.string(0))' is not a year") }
                let v = try ResultFolder.finite(f, 7, "\(shown)/attribution.csv:\(f.line)")
                let group = split.columns.id(f, 6)
                let c = split.cell(CellKey(year: year, area: names.areas.id(f, 1), sector: names.sectors.id(f, 3), variable: names.variables.id(f, 4)))
                split.ensure(group)
                split.data[group][c] = v
            }
            attributionGroups = split.columns.names
            attribution = CellValues(split, names)
        }
        values = CellValues(table, names)
        order = table.keys.map(names.cell)
        years = Array(Set(table.keys.map(\.year))).sorted()
    }

    /// Streams a listed file through the CSV scanner with its header, handing each data row to
    /// `row`, then checks the rows and the SHA-256 against the manifest.
    static func read(_ folder: URL, _ manifest: RunManifest, _ name: String, _ header: [String], _ row: (CSVRecord) throws -> Void) throws {
        let url = folder.appendingPathComponent(name)
        let shown = displayPath(url)
        guard let record = manifest.files[name] else { return }
        var hasher = SHA256Hex()
        var rows = 0, started = false
        var rowError: Error?
        do {
            let scanner = try CSVFileScanner(url, display: shown) { hasher.update($0) }
            try scanner.forEach { r in
                guard started else {
                    started = true
                    guard r.strings == header else {
                        throw Failure(description: "\(shown) does not start with the header \(header.joined(separator: ",")); \(ResultFolder.remake)")
                    }
                    return
                }
                rows += 1
                // A bad row is reported after the whole file is read: if the file is not the
                // one the run wrote, that is the news, and the bad row only a symptom of it.
                guard rowError == nil else { return }
                do {
                    guard r.count == header.count else {
                        throw Failure(description: "\(shown):\(r.line) has \(r.count) fields; the header has \(header.count) (a cut or edited line?); \(ResultFolder.remake)")
                    }
                    try row(r)
                } catch {
                    rowError = error
                }
            }
            guard started else {
                throw Failure(description: "\(shown) is empty, but the run wrote \(record.rows) rows; \(ResultFolder.remake)")
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

    /// Field `i` as a finite number (read as `Double(String)` reads it).
    static func finite(_ f: CSVRecord, _ i: Int, _ at: String) throws -> Double {
        let text = f.string(i)
        guard let v = Double(text), v.isFinite else {
            throw Failure(description: "\(at): '\(text)' is not a finite number; \(ResultFolder.remake)")
        }
        return v
    }

    /// Whether field `i` is a kept draw's statistic, `draw_<d>`.
    static func isDraw(_ f: CSVRecord, _ i: Int) -> Bool {
        guard f.plain else { return f.string(i).hasPrefix("draw_") }
        let b = f.bytes(i)
        return b.count >= 5 && b[0] == UInt8(ascii: "d") && b[1] == UInt8(ascii: "r") && b[2] == UInt8(ascii: "a")
            && b[3] == UInt8(ascii: "w") && b[4] == UInt8(ascii: "_")
    }

    public func value(_ cell: Cell, _ statistic: String = "central") -> Double? { values.value(cell, statistic) }
}

/// Values of cells by column (a statistic of `output.csv`, a group of `attribution.csv`):
/// `values[cell]` is the cell's columns and values, as a dictionary, or nil for a cell the file
/// does not hold.
public struct CellValues {
    let table: CellTable
    let names: CellNames

    init() {
        table = CellTable()
        names = CellNames()
    }

    init(_ table: CellTable, _ names: CellNames) {
        self.table = table
        self.names = names
    }

    /// Columns in the order they first appear.
    public var columns: [String] { table.columns.names }

    /// Whether any cell has a value in `column`.
    public func has(_ column: String) -> Bool { table.columns.find(column) != nil }

    func index(_ cell: ResultFolder.Cell) -> Int? {
        guard let a = names.areas.find(cell.area), let s = names.sectors.find(cell.sector), let v = names.variables.find(cell.variable) else { return nil }
        return table.find(CellKey(year: cell.year, area: a, sector: s, variable: v))
    }

    public func value(_ cell: ResultFolder.Cell, _ column: String) -> Double? {
        guard let c = index(cell), let k = table.columns.find(column) else { return nil }
        let v = table.data[k][c]
        return v.isNaN ? nil : v
    }

    public subscript(cell: ResultFolder.Cell) -> [String: Double]? {
        guard let c = index(cell) else { return nil }
        var out: [String: Double] = [:]
        for (k, name) in table.columns.names.enumerated() where !table.data[k][c].isNaN { out[name] = table.data[k][c] }
        return out
    }
}

/// A cell as integers: the year and the ids of its area, sector and variable in `CellNames`.
struct CellKey: Hashable {
    var year: Int
    var area: Int
    var sector: Int
    var variable: Int
}

/// The names of a folder's areas, sectors and variables, shared by its files.
struct CellNames {
    var areas = NameTable(), sectors = NameTable(), variables = NameTable()

    func cell(_ key: CellKey) -> ResultFolder.Cell {
        ResultFolder.Cell(year: key.year, area: areas.names[key.area], sector: sectors.names[key.sector], variable: variables.names[key.variable])
    }
}

/// Cells in the order they first appear, each with a value per column (NaN: none; the values
/// read are finite), found by their keys in an open-addressing table.
struct CellTable {
    private(set) var keys: [CellKey] = []
    /// Index into `keys`, or -1.
    private var slots = [Int](repeating: -1, count: 1024)
    var columns = NameTable()
    var data: [[Double]] = []

    @inline(__always)
    static func hash(_ k: CellKey) -> Int {
        var h = UInt64(bitPattern: Int64(k.year)) &* 0x9E37_79B9_7F4A_7C15
        h ^= UInt64(bitPattern: Int64(k.area)) &* 0xC2B2_AE3D_27D4_EB4F
        h ^= UInt64(bitPattern: Int64(k.sector)) &* 0x1656_67B1_9E37_79F9
        h ^= UInt64(bitPattern: Int64(k.variable)) &* 0x27D4_EB2F_1656_67C5
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The index of a cell, or nil.
    func find(_ key: CellKey) -> Int? {
        let mask = slots.count - 1
        var slot = CellTable.hash(key) & mask
        while slots[slot] >= 0 {
            if keys[slots[slot]] == key { return slots[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// The cell's index, added if new.
    mutating func cell(_ key: CellKey) -> Int {
        let mask = slots.count - 1
        var slot = CellTable.hash(key) & mask
        while slots[slot] >= 0 {
            if keys[slots[slot]] == key { return slots[slot] }
            slot = (slot + 1) & mask
        }
        let c = keys.count
        keys.append(key)
        slots[slot] = c
        for k in data.indices { data[k].append(.nan) }
        if keys.count * 2 > slots.count {
            slots = [Int](repeating: -1, count: slots.count * 2)
            let mask = slots.count - 1
            for (c, key) in keys.enumerated() {
                var slot = CellTable.hash(key) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = c
            }
        }
        return c
    }

    /// Sets the value of a cell in a column unless it has one; false if it had.
    mutating func set(_ cell: Int, _ column: Int, _ value: Double) -> Bool {
        ensure(column)
        guard data[column][cell].isNaN else { return false }
        data[column][cell] = value
        return true
    }

    mutating func ensure(_ column: Int) {
        while data.count <= column { data.append([Double](repeating: .nan, count: keys.count)) }
    }
}

/// Names as small integers, in the order they first appear: looked up by their bytes (FNV-1a,
/// open addressing) for a plain record, by text for any other, so that two spellings Swift
/// holds equal (canonically equivalent) are one name, as they were as dictionary keys.
struct NameTable {
    private(set) var names: [String] = []
    private var ids: [String: Int] = [:]
    /// Open addressing over the byte spellings seen: index into `spellings`, or -1.
    private var slots = [Int](repeating: -1, count: 64)
    private var spellings: [(hash: UInt64, start: Int, count: Int, id: Int)] = []
    private var bytes: [UInt8] = []

    /// The id of a name given as text.
    mutating func id(_ name: String) -> Int {
        if let k = ids[name] { return k }
        ids[name] = names.count
        names.append(name)
        return names.count - 1
    }

    func find(_ name: String) -> Int? { ids[name] }

    /// The id of field `i` of a record.
    mutating func id(_ f: CSVRecord, _ i: Int) -> Int {
        guard f.plain else { return id(f.string(i)) }
        let b = f.bytes(i)
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in b { h = (h ^ UInt64(c)) &* 0x100_0000_01b3 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while slots[slot] >= 0 {
            let s = spellings[slots[slot]]
            if s.hash == h && s.count == b.count && bytes.withUnsafeBufferPointer({ b.count == 0 || memcmp($0.baseAddress! + s.start, b.baseAddress!, b.count) == 0 }) {
                return s.id
            }
            slot = (slot + 1) & mask
        }
        let k = id(String(decoding: b, as: UTF8.self))
        slots[slot] = spellings.count
        spellings.append((h, bytes.count, b.count, k))
        bytes.append(contentsOf: b)
        if spellings.count * 2 > slots.count { grow() }
        return k
    }

    private mutating func grow() {
        slots = [Int](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (k, s) in spellings.enumerated() {
            var slot = Int(truncatingIfNeeded: s.hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = k
        }
    }
}
