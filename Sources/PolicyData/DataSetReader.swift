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
                if row[c[1]].contains("|") { issues.append(DataIssue(file: t.file, line: t.lines[r], column: "name", message: "'\(row[c[1]])' must not hold '|': iamc.csv names variables by sector (Output|<name>), and '|' separates the levels there")) }
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
        let manifestFile = displayPath(folder.appendingPathComponent(DataSetFile.manifest))
        if let k = manifest.sectors, k != sectors.count {
            issues.append(DataIssue(file: manifestFile, column: "sectors", message: "says \(k) sectors; \(DataSetFile.sectors) has \(sectors.count)"))
        }
        if let k = manifest.provinces, k != provinces.count {
            issues.append(DataIssue(file: manifestFile, column: "provinces", message: "says \(k) provinces; \(DataSetFile.provinces) has \(provinces.count)"))
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
            var first: [String: Int] = [:]
            for r in t.rows.indices {
                let id = t.rows[r][c[0]]
                if let l = first[id] {
                    issues.append(DataIssue(file: t.file, line: t.lines[r], column: "id", message: "economy '\(id)' is listed twice (first on line \(l))"))
                    continue
                }
                first[id] = t.lines[r]
                externals.append(ExternalEconomy(id: id, gdp: number(t, r, c[1]), cluster: t.rows[r][c[2]], source: t.rows[r][c[3]]))
            }
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
            var first: [Int: Int] = [:]
            for r in t.rows.indices {
                guard let i = sectorIndex(t, r, "sector", t.rows[r][c[0]]),
                      let s = provinceIndex(t, r, "origin", t.rows[r][c[1]]),
                      let d = provinceIndex(t, r, "destination", t.rows[r][c[2]]) else { continue }
                let key = (i * np + s) * np + d
                if let l = first[key] {
                    issues.append(DataIssue(file: t.file, line: t.lines[r], message: "\(sectors[i].id), \(provinces[s].id) -> \(provinces[d].id) is listed twice (first on line \(l)); each pair has one share"))
                    continue
                }
                first[key] = t.lines[r]
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
                let province = t.rows[r][c[0]]
                if history[province]?[year] != nil {
                    issues.append(DataIssue(file: t.file, line: t.lines[r], message: "\(province), \(year) is listed twice; each province has one GDP a year"))
                    continue
                }
                let v = number(t, r, c[2])
                if v.isFinite && v <= 0 { issues.append(DataIssue(file: t.file, line: t.lines[r], column: "gdp", message: "\(province), \(year): GDP \(v) must be above 0")) }
                history[province, default: [:]][year] = v
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
        var trends: DemandTrends?
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(DataSetFile.trends).path),
           let (t, c) = table(DataSetFile.trends, DataSetFile.trendsColumns) {
            var from: [FlowColumn: [Double]] = [:], to: [FlowColumn: [Double]] = [:], years: (Int, Int)?
            for r in t.rows.indices {
                let row = t.rows[r]
                guard let column = FlowColumn(rawValue: row[c[0]]), DemandTrends.components.contains(column) else {
                    issues.append(DataIssue(file: t.file, line: t.lines[r], column: "component", message: "'\(row[c[0]])' must be one of \(DemandTrends.components.map(\.rawValue).joined(separator: ", "))"))
                    continue
                }
                guard let i = sectorIndex(t, r, "sector", row[c[1]]) else { continue }
                guard let a = Int(row[c[2]]), let b = Int(row[c[3]]), a < b else {
                    issues.append(DataIssue(file: t.file, line: t.lines[r], column: "from_year", message: "from_year and to_year must be years, the first before the second"))
                    continue
                }
                if let y = years, y != (a, b) {
                    issues.append(DataIssue(file: t.file, line: t.lines[r], column: "from_year", message: "every row must compare the same two years (\(y.0) and \(y.1))"))
                }
                years = (a, b)
                let f = number(t, r, c[4]), e = number(t, r, c[5])
                if !(f >= 0) || !(e >= 0) {
                    issues.append(DataIssue(file: t.file, line: t.lines[r], message: "\(row[c[0]]), \(row[c[1]]): demand must be a number at or above 0"))
                }
                from[column, default: [Double](repeating: 0, count: n)][i] = f
                to[column, default: [Double](repeating: 0, count: n)][i] = e
            }
            if let (a, b) = years { trends = DemandTrends(from: a, to: b, demandFrom: from, demandTo: to) }
        }
        if !issues.isEmpty { throw DataError(issues) }
        let data = DataSet(name: manifest.name, title: manifest.title, baseYear: manifest.baseYear, sectors: sectors, provinces: provinces,
                           aggregates: aggregates, externals: externals, national: national, coefficients: coefficients,
                           provincial: provincial, sourcing: sourcing, gdpHistory: history, parameters: manifest.parameters,
                           provenance: provenance, demandTrends: trends)
        return Loaded(data: data, lines: lines)
    }

    struct Manifest {
        var name = "", title = "", baseYear = 0
        var parameters: [String: Double] = [:]
        var provinces: Int?, sectors: Int?
    }

    static let manifestKeys = ["format", "format_version", "name", "title", "base_year", "money_unit", "employment_unit", "provinces", "sectors", "parameters", "tables"]

    static func readManifest(_ folder: URL, _ issues: inout [DataIssue]) -> Manifest {
        let url = folder.appendingPathComponent(DataSetFile.manifest)
        let file = displayPath(url)
        func issue(_ column: String?, _ message: String) { issues.append(DataIssue(file: file, column: column, message: message)) }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            issue(nil, "is missing; a data set folder needs a manifest")
            return Manifest()
        }
        let object: [String: JSONValue]
        do {
            guard case let .object(o) = try JSONDecoder().decode(JSONValue.self, from: data) else {
                issue(nil, "must be a JSON object ({\"format\": \"policysim-dataset\", ...})")
                return Manifest()
            }
            object = o
        } catch {
            issue(nil, "is not valid JSON: \(JSONValue.reason(error))")
            return Manifest()
        }
        var m = Manifest()
        for key in object.keys.sorted() where !manifestKeys.contains(key) {
            issue(key, "unknown key" + (nearestName(key, manifestKeys).map { "; did you mean '\($0)'?" } ?? "") + "; the allowed keys are \(manifestKeys.sorted().joined(separator: ", "))")
        }
        if object["format"]?.string != "policysim-dataset" { issue("format", "must be \"policysim-dataset\"") }
        if let v = object["format_version"]?.int {
            if v > DataSetWriter.formatVersion {
                issue("format_version", "is \(v), but this policysim reads data set format \(DataSetWriter.formatVersion) at most; upgrade policysim")
            } else if v < 1 {
                issue("format_version", "must be 1 or more, not \(v)")
            }
        } else {
            issue("format_version", "must be a whole number")
        }
        if let name = object["name"]?.string, !name.isEmpty { m.name = name } else { issue("name", "must be a non-empty string") }
        if let t = object["title"] {
            if let s = t.string { m.title = s } else { issue("title", "must be a string") }
        }
        if let year = object["base_year"]?.int, (1950...2100).contains(year) { m.baseYear = year } else { issue("base_year", "must be a year between 1950 and 2100") }
        for key in ["money_unit", "employment_unit"] where object[key] != nil && object[key]?.string == nil { issue(key, "must be a string") }
        for key in ["provinces", "sectors"] {
            guard let v = object[key] else { continue }
            if let k = v.int, k > 0 { if key == "provinces" { m.provinces = k } else { m.sectors = k } } else { issue(key, "must be a whole number above 0") }
        }
        if let p = object["parameters"] {
            if case let .object(entries) = p {
                for (k, v) in entries {
                    if let d = v.double, d.isFinite { m.parameters[k] = d } else { issue("parameters." + k, "must be a finite number") }
                }
            } else {
                issue("parameters", "must be an object of name: number")
            }
        }
        // The engine depreciates capital at this rate; a misspelt key would leave it at a default.
        if let d = m.parameters["depreciation_rate"] {
            if !(d > 0 && d < 1) { issue("parameters.depreciation_rate", "is \(d); a depreciation rate is a fraction of capital per year in (0, 1), such as 0.096") }
        } else if object["parameters"] != nil {
            let near = nearestName("depreciation_rate", Array(m.parameters.keys)).map { "; did you mean to write 'depreciation_rate' for '\($0)'?" } ?? ""
            issue("parameters.depreciation_rate", "is missing: the engine needs the capital depreciation rate per year" + near)
        }
        if let g = m.parameters["capital_growth_rate"], !(g > -0.5 && g < 0.5) {
            issue("parameters.capital_growth_rate", "is \(g); a growth rate per year is a fraction in (-0.5, 0.5)")
        }
        for key in ["gravity_distance_elasticity", "own_province_preference"] {
            if let v = m.parameters[key], !(v > 0) { issue("parameters." + key, "is \(v); it must be above 0") }
        }
        if let t = object["tables"] {
            let known = [DataSetFile.sectors, DataSetFile.provinces, DataSetFile.aggregates, DataSetFile.externals, DataSetFile.national,
                         DataSetFile.coefficients, DataSetFile.provincial, DataSetFile.sourcing, DataSetFile.gdpHistory, DataSetFile.provenance, DataSetFile.trends]
            if case let .array(items) = t {
                for (k, item) in items.enumerated() {
                    guard case let .object(o) = item else { issue("tables[\(k)]", "must be an object {\"file\": ..., \"holds\": ..., \"unit\": ...}"); continue }
                    for key in o.keys.sorted() where !["file", "holds", "unit"].contains(key) {
                        issue("tables[\(k)].\(key)", "unknown key; the allowed keys are file, holds, unit")
                    }
                    if let f = o["file"]?.string {
                        if !known.contains(f) { issue("tables[\(k)].file", "'\(f)' is not a table of the format" + (nearestName(f, known).map { "; did you mean '\($0)'?" } ?? "")) }
                    } else {
                        issue("tables[\(k)].file", "must be a file name")
                    }
                }
            } else {
                issue("tables", "must be a list of {\"file\": ..., \"holds\": ..., \"unit\": ...}")
            }
        }
        return m
    }
}

/// A JSON document read by `JSONDecoder`, for manifests whose every key is checked (a typed
/// `Decodable` would ignore unknown keys).
public enum JSONValue: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .integer(i) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public subscript(key: String) -> JSONValue? {
        if case let .object(o) = self { return o[key] }
        return nil
    }

    public var string: String? { if case let .string(s) = self { return s }; return nil }
    public var int: Int? { if case let .integer(i) = self { return i }; return nil }
    public var double: Double? {
        switch self {
        case let .integer(i): return Double(i)
        case let .number(d): return d
        default: return nil
        }
    }

    /// What `JSONDecoder` said was wrong, without Swift's type names.
    public static func reason(_ error: Error) -> String {
        if case let DecodingError.dataCorrupted(context) = error {
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        }
        return "\(error)"
    }
}
