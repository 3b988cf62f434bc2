// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics

/// Reads a data set folder written by `DataSetWriter` or by hand (say, from a surveyed
/// multi-regional table), reporting every problem with file, line and column.
public enum DataSetReader {
    /// The data set and, for messages, the line of every data row of every table.
    public struct Loaded: Sendable {
        public var data: DataSet
        public var lines: [String: [Int]]
        public func line(_ table: String, _ row: Int) -> Int? {
            guard let l = lines[table], row < l.count else { return nil }
            return l[row]
        }
    }

    /// Reads and fully checks a folder; throws `DataError` listing every problem found.
    public static func load(_ folder: URL) throws -> Loaded {
        let loaded = try read(folder)
        let issues = loaded.data.check(line: loaded.line)
        if !issues.isEmpty { throw DataError(issues.map { prefixed($0, folder) }) }
        return loaded
    }

    /// Every problem of a folder: parse errors, then (if it parses) the accounting checks.
    public static func check(_ folder: URL) -> [DataIssue] {
        do {
            let loaded = try read(folder)
            return loaded.data.check(line: loaded.line).map { prefixed($0, folder) }
        } catch let error as DataError {
            return error.issues
        } catch {
            return [DataIssue(file: folder.path, message: "\(error)")]
        }
    }

    static func prefixed(_ issue: DataIssue, _ folder: URL) -> DataIssue {
        var i = issue
        if !i.file.contains("/") { i.file = displayPath(folder.appendingPathComponent(i.file)) }
        return i
    }

    /// Parses every table; throws `DataError` with all parse and reference problems.
    public static func read(_ folder: URL) throws -> Loaded {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataError(file: displayPath(folder), "is not a data set folder (no such directory)")
        }
        var issues: [DataIssue] = []
        var lines: [String: [Int]] = [:]
        func table(_ name: String, _ columns: [String]) -> (CSVTable, [Int])? {
            do {
                let t = try CSV.read(folder.appendingPathComponent(name), display: displayPath(folder.appendingPathComponent(name)))
                let c = try t.require(columns)
                let allowed = Set(columns)
                for h in t.header where !allowed.contains(h) {
                    issues.append(DataIssue(file: t.file, line: 1, column: h, message: "unknown column; the allowed columns are \(columns.joined(separator: ", "))"))
                }
                lines[name] = t.lines
                return (t, c)
            } catch let e as DataError {
                issues += e.issues
                return nil
            } catch {
                issues.append(DataIssue(file: name, message: "\(error)"))
                return nil
            }
        }
        func number(_ t: CSVTable, _ r: Int, _ c: Int) -> Double {
            do { return try t.number(r, c) } catch let e as DataError { issues += e.issues } catch {}
            return .nan
        }

        let manifest = readManifest(folder, &issues)
        let st = table(DataSetFile.sectors, ["id", "name", "group", "key_industry", "province_key", "products"])
        let pt = table(DataSetFile.provinces, ["id", "name_zh", "region", "capital", "latitude", "longitude", "gdp"])
        var sectors: [Sector] = []
        if let (t, c) = st {
            for r in t.rows.indices {
                let row = t.rows[r]
                if sectors.contains(where: { $0.id == row[c[0]] }) {
                    issues.append(DataIssue(file: t.file, line: t.lines[r], column: "id", message: "sector '\(row[c[0]])' is listed twice"))
                }
                let group = Sector.Group(rawValue: row[c[2]])
                let key = Sector.ProvinceKey(rawValue: row[c[4]])
                if group == nil { issues.append(DataIssue(file: t.file, line: t.lines[r], column: "group", message: "'\(row[c[2]])' must be one of \(Sector.Group.allCases.map(\.rawValue).joined(separator: ", "))")) }
                if key == nil { issues.append(DataIssue(file: t.file, line: t.lines[r], column: "province_key", message: "'\(row[c[4]])' must be one of \(Sector.ProvinceKey.allCases.map(\.rawValue).joined(separator: ", "))")) }
                if row[c[3]] != "yes" && row[c[3]] != "no" { issues.append(DataIssue(file: t.file, line: t.lines[r], column: "key_industry", message: "'\(row[c[3]])' must be yes or no")) }
                sectors.append(Sector(id: row[c[0]], name: row[c[1]], group: group ?? .industry, isKeyIndustry: row[c[3]] == "yes",
                                      provinceKey: key ?? .group, products: row[c[5]].split(separator: " ").map(String.init)))
            }
        }
        var provinces: [Province] = []
        if let (t, c) = pt {
            for r in t.rows.indices {
                let row = t.rows[r]
                if provinces.contains(where: { $0.id == row[c[0]] }) {
                    issues.append(DataIssue(file: t.file, line: t.lines[r], column: "id", message: "province '\(row[c[0]])' is listed twice"))
                }
                provinces.append(Province(id: row[c[0]], nameZh: row[c[1]], region: row[c[2]], capital: row[c[3]],
                                          latitude: number(t, r, c[4]), longitude: number(t, r, c[5]), gdp: number(t, r, c[6])))
            }
        }
        guard st != nil, pt != nil else {
            // Every other table names sectors and provinces: checked against an empty list, each of
            // their rows would be an error of its own. Report only what is wrong with the files.
            let others = [DataSetFile.aggregates, DataSetFile.externals, DataSetFile.national, DataSetFile.coefficients,
                          DataSetFile.provincial, DataSetFile.sourcing, DataSetFile.gdpHistory, DataSetFile.provenance]
            for name in others {
                let url = folder.appendingPathComponent(name)
                do { _ = try CSV.read(url, display: displayPath(url)) } catch let e as DataError { issues += e.issues } catch {}
            }
            issues.append(DataIssue(file: displayPath(folder), message: "the rows of the other tables were not checked: they refer to the sectors and provinces, which could not be read"))
            throw DataError(issues)
        }
        let n = sectors.count, np = provinces.count
        func sectorIndex(_ t: CSVTable, _ r: Int, _ column: String, _ id: String) -> Int? {
            if let i = sectors.firstIndex(where: { $0.id == id }) { return i }
            issues.append(DataIssue(file: t.file, line: t.lines[r], column: column,
                message: "unknown sector '\(id)'" + (nearestName(id, sectors.map(\.id)).map { "; did you mean '\($0)'?" } ?? "")))
            return nil
        }
        func provinceIndex(_ t: CSVTable, _ r: Int, _ column: String, _ id: String) -> Int? {
            if let p = provinces.firstIndex(where: { $0.id == id }) { return p }
            issues.append(DataIssue(file: t.file, line: t.lines[r], column: column,
                message: "unknown province '\(id)'" + (nearestName(id, provinces.map(\.id)).map { "; did you mean '\($0)'?" } ?? "")))
            return nil
        }

        var aggregates: [Aggregate] = []
        if let (t, c) = table(DataSetFile.aggregates, ["aggregate", "kind", "member", "weight"]) {
            for r in t.rows.indices {
                let row = t.rows[r]
                guard let kind = Aggregate.Kind(rawValue: row[c[1]]) else {
                    issues.append(DataIssue(file: t.file, line: t.lines[r], column: "kind", message: "'\(row[c[1]])' must be one of region, cluster, nation"))
                    continue
                }
                _ = provinceIndex(t, r, "member", row[c[2]])
                let member = Aggregate.Member(province: row[c[2]], weight: number(t, r, c[3]))
                if let k = aggregates.firstIndex(where: { $0.id == row[c[0]] }) {
                    if aggregates[k].members.contains(where: { $0.province == member.province }) {
                        issues.append(DataIssue(file: t.file, line: t.lines[r], column: "member", message: "\(member.province) is listed twice in \(row[c[0]])"))
                    }
                    aggregates[k].members.append(member)
                } else {
                    aggregates.append(Aggregate(id: row[c[0]], kind: kind, members: [member]))
                }
            }
        }
        var externals: [ExternalEconomy] = []
        if let (t, c) = table(DataSetFile.externals, ["id", "gdp", "cluster", "source"]) {
            for r in t.rows.indices { externals.append(ExternalEconomy(id: t.rows[r][c[0]], gdp: number(t, r, c[1]), cluster: t.rows[r][c[2]], source: t.rows[r][c[3]])) }
        }

        var national = FlowTable(rows: n, columns: FlowColumn.national)
        if let (t, c) = table(DataSetFile.national, ["sector"] + FlowColumn.national.map(\.rawValue)) {
            var seen = Set<Int>()
            for r in t.rows.indices {
                guard let i = sectorIndex(t, r, "sector", t.rows[r][c[0]]) else { continue }
                if !seen.insert(i).inserted { issues.append(DataIssue(file: t.file, line: t.lines[r], column: "sector", message: "sector '\(sectors[i].id)' is listed twice")) }
                for (k, column) in FlowColumn.national.enumerated() { national[column, i] = number(t, r, c[k + 1]) }
            }
            for i in 0..<n where !seen.contains(i) { issues.append(DataIssue(file: t.file, column: "sector", message: "sector '\(sectors[i].id)' has no row")) }
        }
        var coefficients = Matrix(rows: n, columns: n)
        if let (t, c) = table(DataSetFile.coefficients, ["sector"] + sectors.map(\.id)) {
            for r in t.rows.indices {
                guard let i = sectorIndex(t, r, "sector", t.rows[r][c[0]]) else { continue }
                for j in 0..<n { coefficients[i, j] = number(t, r, c[j + 1]) }
            }
            if t.rows.count != n { issues.append(DataIssue(file: t.file, message: "has \(t.rows.count) rows; it needs one per sector (\(n))")) }
        }
        var provincial = FlowTable(rows: np * n, columns: FlowColumn.allCases)
        if let (t, c) = table(DataSetFile.provincial, ["province", "sector"] + FlowColumn.allCases.map(\.rawValue)) {
            var rowLines = [Int](repeating: 0, count: np * n)
            var seen = Set<Int>()
            for r in t.rows.indices {
                guard let p = provinceIndex(t, r, "province", t.rows[r][c[0]]), let i = sectorIndex(t, r, "sector", t.rows[r][c[1]]) else { continue }
                let k = p * n + i
                if !seen.insert(k).inserted { issues.append(DataIssue(file: t.file, line: t.lines[r], message: "\(provinces[p].id), \(sectors[i].id) is listed twice")) }
                rowLines[k] = t.lines[r]
                for (m, column) in FlowColumn.allCases.enumerated() { provincial[column, k] = number(t, r, c[m + 2]) }
            }
            if seen.count < np * n && np * n > 0 {
                let missing = (0..<(np * n)).first { !seen.contains($0) }!
                issues.append(DataIssue(file: t.file, message: "\(np * n - seen.count) province-sector rows are missing, the first being \(provinces[missing / n].id), \(sectors[missing % n].id); every province needs a row for every sector"))
            }
            lines[DataSetFile.provincial] = rowLines
        }
        var sourcing = [Matrix](repeating: Matrix(rows: np, columns: np), count: n)
        if let (t, c) = table(DataSetFile.sourcing, ["sector", "origin", "destination", "share"]) {
            for r in t.rows.indices {
                guard let i = sectorIndex(t, r, "sector", t.rows[r][c[0]]),
                      let s = provinceIndex(t, r, "origin", t.rows[r][c[1]]),
                      let d = provinceIndex(t, r, "destination", t.rows[r][c[2]]) else { continue }
                sourcing[i][s, d] = number(t, r, c[3])
            }
        }
        var history: [String: [Int: Double]] = [:]
        if let (t, c) = table(DataSetFile.gdpHistory, ["province", "year", "gdp"]) {
            for r in t.rows.indices {
                guard provinceIndex(t, r, "province", t.rows[r][c[0]]) != nil else { continue }
                guard let year = Int(t.rows[r][c[1]]) else {
                    issues.append(DataIssue(file: t.file, line: t.lines[r], column: "year", message: "'\(t.rows[r][c[1]])' is not a year"))
                    continue
                }
                history[t.rows[r][c[0]], default: [:]][year] = number(t, r, c[2])
            }
        }
        var provenance: [ProvenanceEntry] = []
        if let (t, c) = table(DataSetFile.provenance, ["table", "column", "status", "source", "method"]) {
            for r in t.rows.indices {
                guard let status = ProvenanceEntry.Status(rawValue: t.rows[r][c[2]]) else {
                    issues.append(DataIssue(file: t.file, line: t.lines[r], column: "status", message: "'\(t.rows[r][c[2]])' must be measured, estimated or assumed"))
                    continue
                }
                provenance.append(ProvenanceEntry(table: t.rows[r][c[0]], column: t.rows[r][c[1]], status: status, source: t.rows[r][c[3]], method: t.rows[r][c[4]]))
            }
        }
        if !issues.isEmpty { throw DataError(issues) }
        let data = DataSet(name: manifest.name, title: manifest.title, baseYear: manifest.baseYear, sectors: sectors, provinces: provinces,
                           aggregates: aggregates, externals: externals, national: national, coefficients: coefficients,
                           provincial: provincial, sourcing: sourcing, gdpHistory: history, parameters: manifest.parameters,
                           provenance: provenance)
        return Loaded(data: data, lines: lines)
    }

    struct Manifest {
        var name = "", title = "", baseYear = 0
        var parameters: [String: Double] = [:]
    }

    static func readManifest(_ folder: URL, _ issues: inout [DataIssue]) -> Manifest {
        let url = folder.appendingPathComponent(DataSetFile.manifest)
        let file = displayPath(url)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            issues.append(DataIssue(file: file, message: "is missing; a data set folder needs a manifest"))
            return Manifest()
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            issues.append(DataIssue(file: file, message: "is not a JSON object"))
            return Manifest()
        }
        var m = Manifest()
        if object["format"] as? String != "policysim-dataset" {
            issues.append(DataIssue(file: file, column: "format", message: "must be \"policysim-dataset\""))
        }
        if let v = object["format_version"] as? Int {
            if v > DataSetWriter.formatVersion {
                issues.append(DataIssue(file: file, column: "format_version", message: "is \(v), but this policysim reads data set format \(DataSetWriter.formatVersion) at most; upgrade policysim"))
            }
        } else {
            issues.append(DataIssue(file: file, column: "format_version", message: "must be a whole number"))
        }
        if let name = object["name"] as? String { m.name = name } else { issues.append(DataIssue(file: file, column: "name", message: "must be a string")) }
        m.title = object["title"] as? String ?? ""
        if let year = object["base_year"] as? Int { m.baseYear = year } else { issues.append(DataIssue(file: file, column: "base_year", message: "must be a year")) }
        if let p = object["parameters"] as? [String: Any] {
            for (k, v) in p {
                if let d = (v as? NSNumber)?.doubleValue { m.parameters[k] = d } else { issues.append(DataIssue(file: file, column: "parameters." + k, message: "must be a number")) }
            }
        }
        let known: Set<String> = ["format", "format_version", "name", "title", "base_year", "money_unit", "employment_unit", "provinces", "sectors", "parameters", "tables"]
        for key in object.keys.sorted() where !known.contains(key) {
            issues.append(DataIssue(file: file, column: key, message: "unknown key; the allowed keys are \(known.sorted().joined(separator: ", "))"))
        }
        return m
    }
}
