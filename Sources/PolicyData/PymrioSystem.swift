// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics

/// A pymrio IOSystem read from its folder: `IOSystem.save()` / `save_all()` text format
/// (`file_parameters.json` naming each table with `nr_index_col` and `nr_header`, extensions in
/// subfolders with their own `file_parameters.json`), or bare `Z.txt`, `Y.txt` and `x.txt` (or
/// `A.txt` and `x.txt`) with pymrio's labels: rows and columns (region, sector), final-demand
/// columns (region, category).
///
/// pymrio computes x = Z 1 + Y 1 when x is absent (`calc_x`) and Z = A diag(x) from A; so does
/// this reader. Money is in the system's unit (`unit.txt`).
public struct PymrioSystem: Sendable {
    public struct Extension: Sendable {
        public var name: String
        /// The folder name (pymrio's attribute name), used in mapping files: `factor_inputs`.
        public var folder: String
        /// Row labels, levels joined by "/" (`emission_type1/air`).
        public var rows: [String]
        public var units: [String]
        /// F: rows x (region, sector) columns, in Z's order.
        public var f: Matrix
        /// F_Y: rows x Y's columns, when present.
        public var fY: Matrix?
        public var file: String
    }

    public var folder: String
    public var name: String
    public var regions: [String]
    public var sectors: [String]
    public var z: Matrix
    public var y: Matrix
    public var categories: [String]
    /// Y's column c is (regions[yRegion[c]], categories[yCategory[c]]).
    public var yRegion: [Int]
    public var yCategory: [Int]
    public var x: [Double]
    public var unit: String
    public var extensions: [Extension]
    /// Where tables came from, for messages: the Z file and the Y file with its category line.
    public var zFile: String
    public var yFile: String
    public var yCategoryLine: Int
    /// Tables the reader does not carry (A, L, population, ...): file names.
    public var ignored: [String]

    public var size: Int { regions.count * sectors.count }
}

extension PymrioSystem {
    struct FileEntry {
        var key: String, name: String, indexColumns: Int, headerRows: Int
    }

    /// Reads file_parameters.json: its system type and files. nil when the folder has none.
    static func parameters(_ folder: URL) throws -> (type: String, name: String?, files: [FileEntry])? {
        let url = folder.appendingPathComponent("file_parameters.json")
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let file = displayPath(url)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw DataError(file: file, "is not a JSON object; pymrio writes it with IOSystem.save()")
        }
        guard let files = object["files"] as? [String: Any] else {
            throw DataError(file: file, column: "files", "is missing; it must map each table to its name, nr_index_col and nr_header")
        }
        var entries: [FileEntry] = []
        for key in files.keys.sorted() {
            guard let e = files[key] as? [String: Any], let name = e["name"] as? String else {
                throw DataError(file: file, column: "files.\(key)", "needs a name")
            }
            func int(_ k: String) -> Int? { (e[k] as? String).flatMap(Int.init) ?? (e[k] as? Int) }
            guard let ic = int("nr_index_col"), let h = int("nr_header") else {
                throw DataError(file: file, column: "files.\(key)", "needs nr_index_col and nr_header as whole numbers")
            }
            entries.append(FileEntry(key: key, name: name, indexColumns: ic, headerRows: h))
        }
        return (object["systemtype"] as? String ?? "", object["name"] as? String, entries)
    }

    static func table(_ folder: URL, _ e: FileEntry) throws -> PymrioTable {
        let ext = (e.name as NSString).pathExtension.lowercased()
        guard ["txt", "tsv", "csv", "text"].contains(ext) else {
            throw DataError(file: displayPath(folder.appendingPathComponent(e.name)),
                            "is stored as \(ext.isEmpty ? "an unknown format" : ext); policysim reads pymrio's text format: in Python, save it with io.save(DIR, table_format='txt')")
        }
        return try PymrioText.read(folder.appendingPathComponent(e.name), indexColumns: e.indexColumns, headerRows: e.headerRows)
    }

    /// Reads the folder; throws `DataError` naming the file, line and fix.
    public static func read(_ folder: URL) throws -> PymrioSystem {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataError(file: displayPath(folder), "is not a folder; give the folder pymrio's IOSystem.save() wrote")
        }
        var entries: [String: FileEntry] = [:]
        if let p = try parameters(folder) {
            if p.type == "Extension" {
                throw DataError(file: displayPath(folder.appendingPathComponent("file_parameters.json")),
                                "describes an extension (\(p.name ?? "unnamed")), not an IOSystem; give the folder above it")
            }
            for e in p.files { entries[e.key] = e }
        } else {
            for (key, ic, h) in [("Z", 2, 2), ("A", 2, 2), ("Y", 2, 2), ("x", 2, 1), ("unit", 2, 1)] {
                for ext in ["txt", "tsv", "csv"] where FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(key).\(ext)").path) {
                    entries[key] = FileEntry(key: key, name: "\(key).\(ext)", indexColumns: ic, headerRows: h)
                    break
                }
            }
        }
        let where_ = displayPath(folder)
        guard let yEntry = entries["Y"] else {
            throw DataError(file: where_, "has no Y (final demand): pymrio's IOSystem.save() writes Y.txt; without file_parameters.json policysim looks for Z.txt, Y.txt and x.txt")
        }
        guard entries["Z"] != nil || (entries["A"] != nil && entries["x"] != nil) else {
            throw DataError(file: where_, "has no Z (and no A with x): save the system with io.save(DIR) after io.calc_all() or with Z present")
        }
        let yTable = try table(folder, yEntry)
        var zTable: PymrioTable
        var x: [Double]? = nil
        if let xEntry = entries["x"] {
            let t = try table(folder, xEntry)
            guard t.values.columns == 1 else { throw DataError(file: t.file, line: 1, "must have one column of output (indout); it has \(t.values.columns)") }
            x = (0..<t.values.rows).map { t.values[$0, 0] }
            try checkRowsMatch(t.rowLabels, nil, t, what: "x")
        }
        if let zEntry = entries["Z"] {
            zTable = try table(folder, zEntry)
        } else {
            zTable = try table(folder, entries["A"]!)
            guard let x, x.count == zTable.values.columns else { throw DataError(file: zTable.file, "A needs an x with one value per column") }
            for r in 0..<zTable.values.rows { for c in 0..<zTable.values.columns { zTable.values[r, c] *= x[c] } }
        }
        guard zTable.indexNames.count == 2, zTable.columnLabels.first?.count == 2 else {
            throw DataError(file: zTable.file, line: 1, "must have (region, sector) rows and columns: nr_index_col 2 and nr_header 2")
        }
        // Region-major grid: every region lists the same sectors in the same order.
        var regions: [String] = [], sectors: [String] = []
        for label in zTable.rowLabels {
            if regions.last != label[0] {
                if regions.contains(label[0]) {
                    throw DataError(file: zTable.file, line: zTable.lines[zTable.rowLabels.firstIndex { $0 == label }!],
                                    "region '\(label[0])' appears in two separate blocks of rows; pymrio lists every sector of a region together")
                }
                regions.append(label[0])
            }
            if regions.count == 1 {
                if sectors.contains(label[1]) { throw DataError(file: zTable.file, line: zTable.lines[sectors.count], "sector '\(label[1])' appears twice in region '\(label[0])'") }
                sectors.append(label[1])
            }
        }
        let n = sectors.count, size = regions.count * n
        guard size == zTable.rowLabels.count else {
            throw DataError(file: zTable.file, "has \(zTable.rowLabels.count) rows, not \(regions.count) regions x \(n) sectors; every region must list the sectors of '\(regions[0])' (\(sectors.joined(separator: ", ")))")
        }
        for (k, label) in zTable.rowLabels.enumerated() where label != [regions[k / n], sectors[k % n]] {
            throw DataError(file: zTable.file, line: zTable.lines[k], "row (\(label.joined(separator: ", "))) should be (\(regions[k / n]), \(sectors[k % n])): every region must list the same sectors in the same order")
        }
        guard zTable.values.columns == size else {
            throw DataError(file: zTable.file, line: 1, "has \(zTable.values.columns) columns and \(size) rows; Z must be square")
        }
        for (c, label) in zTable.columnLabels.enumerated() where label != [regions[c / n], sectors[c % n]] {
            throw DataError(file: zTable.file, line: 2, column: label.joined(separator: "/"), "column \(c + 1) should be (\(regions[c / n]), \(sectors[c % n])): Z's columns must follow its rows")
        }
        try checkRowsMatch(yTable.rowLabels, zTable, yTable, what: "Y")
        guard yTable.columnLabels.first?.count == 2 else {
            throw DataError(file: yTable.file, line: 1, "must have (region, category) columns: nr_header 2")
        }
        var categories: [String] = [], yRegion: [Int] = [], yCategory: [Int] = []
        for (c, label) in yTable.columnLabels.enumerated() {
            guard let r = regions.firstIndex(of: label[0]) else {
                throw DataError(file: yTable.file, line: 1, column: label.joined(separator: "/"), "final-demand column \(c + 1) names region '\(label[0])', which is not a region of Z (\(regions.joined(separator: ", ")))")
            }
            if !categories.contains(label[1]) { categories.append(label[1]) }
            yRegion.append(r)
            yCategory.append(categories.firstIndex(of: label[1])!)
        }
        let computed = (0..<size).map { k in
            (0..<size).reduce(0.0) { $0 + zTable.values[k, $1] } + (0..<yTable.values.columns).reduce(0.0) { $0 + yTable.values[k, $1] }
        }
        if let x {
            guard x.count == size else { throw DataError(file: displayPath(folder.appendingPathComponent(entries["x"]!.name)), "has \(x.count) rows; Z has \(size)") }
            for k in 0..<size where abs(x[k] - computed[k]) > 1e-9 * max(abs(x[k]), abs(computed[k]), 1e-300) {
                throw DataError(file: displayPath(folder.appendingPathComponent(entries["x"]!.name)), line: k + 2,
                                "output of (\(regions[k / n]), \(sectors[k % n])) is \(x[k]), but Z 1 + Y 1 is \(computed[k]); x must equal row sums of Z and Y (pymrio's calc_x), or leave x.txt out")
            }
        }
        var unit = ""
        if let u = entries["unit"], let t = try? PymrioText.readLabels(folder.appendingPathComponent(u.name)) { unit = t.first ?? "" }
        var extensions: [Extension] = []
        let fm = FileManager.default
        for sub in (try? fm.contentsOfDirectory(atPath: folder.path))?.sorted() ?? [] {
            let dir = folder.appendingPathComponent(sub)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue, let p = try parameters(dir), p.type == "Extension" else { continue }
            guard let fEntry = p.files.first(where: { $0.key == "F" }) else { continue }
            let f = try table(dir, fEntry)
            for (c, label) in f.columnLabels.enumerated() where label != [regions[c / n], sectors[c % n]] || f.columnLabels.count != size {
                throw DataError(file: f.file, line: 2, "column \(c + 1) (\(label.joined(separator: ", "))) does not follow Z's columns; an extension's F has one column per (region, sector)")
            }
            var fY: Matrix? = nil
            if let e = p.files.first(where: { $0.key == "F_Y" }) {
                let t = try table(dir, e)
                guard t.columnLabels == yTable.columnLabels, t.rowLabels == f.rowLabels else {
                    throw DataError(file: t.file, line: 2, "F_Y's rows and columns must follow F's rows and Y's columns")
                }
                fY = t.values
            }
            var units = [String](repeating: "", count: f.rowLabels.count)
            if let e = p.files.first(where: { $0.key == "unit" }), let labels = try? PymrioText.readLabels(dir.appendingPathComponent(e.name)), labels.count == units.count {
                units = labels
            }
            extensions.append(Extension(name: p.name ?? sub, folder: sub, rows: f.rowLabels.map { $0.joined(separator: "/") }, units: units,
                                        f: f.values, fY: fY, file: f.file))
        }
        let ignored = entries.keys.filter { !["Z", "Y", "x", "unit"].contains($0) && !($0 == "A" && entries["Z"] == nil) }.sorted().map { entries[$0]!.name }
        var name = (folder.lastPathComponent)
        if let data = fm.contents(atPath: folder.appendingPathComponent("metadata.json").path),
           let meta = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let n = meta["name"] as? String { name = n }
        return PymrioSystem(folder: where_, name: name, regions: regions, sectors: sectors, z: zTable.values, y: yTable.values,
                            categories: categories, yRegion: yRegion, yCategory: yCategory, x: x ?? computed, unit: unit,
                            extensions: extensions, zFile: zTable.file, yFile: yTable.file, yCategoryLine: yTable.lastHeaderLine, ignored: ignored)
    }

    static func checkRowsMatch(_ labels: [[String]], _ z: PymrioTable?, _ t: PymrioTable, what: String) throws {
        guard let z else { return }
        guard labels.count == z.rowLabels.count else {
            throw DataError(file: t.file, "has \(labels.count) rows; Z has \(z.rowLabels.count): \(what) needs one row per (region, sector) of Z")
        }
        for (k, label) in labels.enumerated() where label != z.rowLabels[k] {
            throw DataError(file: t.file, line: t.lines[k], "row (\(label.joined(separator: ", "))) should be (\(z.rowLabels[k].joined(separator: ", "))) as in Z")
        }
    }
}

extension PymrioText {
    /// The last cell of every data line of a small label table (unit.txt): one unit per row.
    static func readLabels(_ url: URL) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else { return [] }
        let lines = text.split(separator: "\n").map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard let first = lines.first else { return [] }
        let separator: Character = first.contains("\t") ? "\t" : ","
        return try lines.dropFirst().enumerated().map { try cells($0.element, separator: separator, file: url.path, lineNumber: $0.offset + 2).last ?? "" }
    }
}
