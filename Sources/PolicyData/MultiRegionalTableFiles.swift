// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics

/// The optional full multi-regional table of a data set folder (written by `data import-pymrio`):
///
/// - `mrio_intermediate.csv`: `origin,sector,destination,using_sector,value`, every nonzero
///   domestic intermediate flow Z from (origin, sector) to the industry (destination,
///   using_sector);
/// - `mrio_final.csv`: `origin,sector,destination,component,value`, every nonzero domestic
///   final-demand flow to a component (rural_households, urban_households, government,
///   fixed_capital, inventories) of the destination province.
///
/// Money in the data set's unit. Pairs not listed are 0. Each row must satisfy
/// output = deliveries to industries + to final demand + exports (relative 1e-9), with exports
/// from `province_sector.csv`. `data check` does not read these files; `multipliers` does,
/// and reports every problem with file and line.
public enum MultiRegionalTableFiles {
    public static let intermediate = "mrio_intermediate.csv"
    public static let final = "mrio_final.csv"

    /// True when the folder holds a full table.
    public static func exists(in folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(intermediate).path)
    }

    /// The two files' contents (nonzero flows, in row order).
    public static func files(_ t: MultiRegionalTable, _ d: DataSet) -> [(String, String)] {
        let n = d.sectorCount, np = d.provinceCount, size = n * np
        func label(_ k: Int) -> [String] { [d.provinces[k / n].id, d.sectors[k % n].id] }
        var z = "origin,sector,destination,using_sector,value\n"
        for k in 0..<size {
            for l in 0..<size where t.intermediate[k, l] != 0 {
                z += CSV.line(label(k) + label(l) + [CSV.number(t.intermediate[k, l])]) + "\n"
            }
        }
        var y = "origin,sector,destination,component,value\n"
        for k in 0..<size {
            for r in 0..<np {
                for c in DemandComponent.allCases {
                    guard let v = t.finalDemand[c]?[k, r], v != 0 else { continue }
                    y += CSV.line(label(k) + [d.provinces[r].id, c.column.rawValue, CSV.number(v)]) + "\n"
                }
            }
        }
        return [(intermediate, z), (final, y)]
    }

    /// Reads the table of a data set folder; throws `DataError` listing every problem.
    public static func read(_ folder: URL, _ d: DataSet) throws -> MultiRegionalTable {
        let n = d.sectorCount, np = d.provinceCount, size = n * np
        var issues: [DataIssue] = []
        let province = Dictionary(d.provinces.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let sector = Dictionary(d.sectors.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        func index(_ t: CSVTable, _ r: Int, _ column: String, _ value: String, _ names: [String: Int], _ what: String) -> Int? {
            if let i = names[value] { return i }
            issues.append(DataIssue(file: t.file, line: t.lines[r], column: column,
                                    message: "unknown \(what) '\(value)'" + (nearestName(value, Array(names.keys)).map { "; did you mean '\($0)'?" } ?? "")))
            return nil
        }
        func load(_ name: String, _ columns: [String]) -> (CSVTable, [Int])? {
            do {
                let t = try CSV.read(folder.appendingPathComponent(name), display: displayPath(folder.appendingPathComponent(name)))
                return (t, try t.require(columns))
            } catch let e as DataError {
                issues += e.issues
            } catch {
                issues.append(DataIssue(file: name, message: "\(error)"))
            }
            return nil
        }
        var z = Matrix(rows: size, columns: size)
        if let (t, c) = load(intermediate, ["origin", "sector", "destination", "using_sector", "value"]) {
            var seen = Set<Int>()
            for r in t.rows.indices {
                let row = t.rows[r]
                guard let s = index(t, r, "origin", row[c[0]], province, "province"), let i = index(t, r, "sector", row[c[1]], sector, "sector"),
                      let p = index(t, r, "destination", row[c[2]], province, "province"),
                      let j = index(t, r, "using_sector", row[c[3]], sector, "sector") else { continue }
                do {
                    let v = try t.number(r, c[4])
                    let cell = (s * n + i) * size + p * n + j
                    if !seen.insert(cell).inserted {
                        issues.append(DataIssue(file: t.file, line: t.lines[r], message: "the flow \(row[c[0]]), \(row[c[1]]) -> \(row[c[2]]), \(row[c[3]]) is listed twice"))
                    }
                    z.storage[cell] = v
                } catch let e as DataError { issues += e.issues }
            }
        }
        var y: [DemandComponent: Matrix] = [:]
        for c in DemandComponent.allCases { y[c] = Matrix(rows: size, columns: np) }
        let components = Dictionary(uniqueKeysWithValues: DemandComponent.allCases.map { ($0.column.rawValue, $0) })
        if let (t, c) = load(final, ["origin", "sector", "destination", "component", "value"]) {
            for r in t.rows.indices {
                let row = t.rows[r]
                guard let s = index(t, r, "origin", row[c[0]], province, "province"), let i = index(t, r, "sector", row[c[1]], sector, "sector"),
                      let p = index(t, r, "destination", row[c[2]], province, "province") else { continue }
                guard let component = components[row[c[3]]] else {
                    issues.append(DataIssue(file: t.file, line: t.lines[r], column: "component",
                                            message: "'\(row[c[3]])' must be one of \(DemandComponent.allCases.map(\.column.rawValue).joined(separator: ", "))"))
                    continue
                }
                do { y[component]![s * n + i, p] += try t.number(r, c[4]) } catch let e as DataError { issues += e.issues }
            }
        }
        if !issues.isEmpty { throw DataError(issues) }
        let table = MultiRegionalTable(intermediate: z, finalDemand: y)
        let x = d.provincial[.output], e = d.provincial[.exports]
        for k in 0..<size {
            let deliveries = table.domesticDeliveries(k) + e[k]
            if abs(deliveries - x[k]) > 1e-9 * max(abs(x[k]), abs(deliveries), 1e-300) {
                issues.append(DataIssue(file: displayPath(folder.appendingPathComponent(intermediate)),
                                        message: "\(d.provinces[k / n].id), \(d.sectors[k % n].id): deliveries to industries, final demand and exports sum to \(deliveries), but output is \(x[k]) (province_sector.csv); the full table and the province table must agree"))
            }
            if issues.count >= 50 { break }
        }
        if !issues.isEmpty { throw DataError(issues) }
        return table
    }
}
