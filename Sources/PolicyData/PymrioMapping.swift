// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel

/// How a pymrio system's labels become a policysim data set's: a small CSV file
/// (`data import-pymrio --map FILE`) with the header `type,source,target,detail`:
///
/// | type | source | target | detail |
/// |---|---|---|---|
/// | `region` | a pymrio region | a province id (or an external economy's) | `province` (default), `external`, or `external:CLUSTER` (the cluster it is linked to) |
/// | `sector` | a pymrio sector | a sector id | its group: agriculture, industry (default), construction, services |
/// | `category` | a final-demand category | rural_households, urban_households, government, fixed_capital, inventories or exports | |
/// | `compensation` | `extension/row`, e.g. `factor_inputs/Compensation of employees` | | |
/// | `employment` | `extension/row` | | persons per 10 thousand persons of the row's unit: `0.1` for thousands of persons |
///
/// Several sources may share a target: their flows are summed (regions or sectors aggregated).
/// Listing one region (or sector) means listing all. Without a file, or for what it leaves out,
/// regions become provinces and sectors keep their labels (group industry); categories are
/// recognised by name (households: urban_households, NPISH: government, ...); compensation is
/// every extension row whose label starts with "Compensation", employment every row starting
/// with "Employment" whose unit is persons, thousand persons or 10 thousand persons.
public struct PymrioMapping: Sendable {
    public enum RegionKind: String, Sendable { case province, external }

    public struct Located<T: Sendable>: Sendable {
        public var value: T
        public var line: Int
    }

    public var file: String?
    public var regions: [String: Located<(id: String, kind: RegionKind, cluster: String?)>] = [:]
    public var sectors: [String: Located<(id: String, group: Sector.Group)>] = [:]
    public var categories: [String: Located<FlowColumn>] = [:]
    public var compensation: [Located<String>] = []
    public var employment: [Located<(row: String, scale: Double)>] = []

    public init() {}

    public static let targets: [FlowColumn] = FlowColumn.domesticFinalDemand + [.exports]

    /// Reads a mapping file; every problem is reported with its line.
    public static func read(_ url: URL) throws -> PymrioMapping {
        let t = try CSV.read(url, display: displayPath(url))
        let c = try t.require(["type", "source", "target", "detail"])
        var m = PymrioMapping()
        m.file = t.file
        var issues: [DataIssue] = []
        for r in t.rows.indices {
            let row = t.rows[r], line = t.lines[r]
            let source = row[c[1]], target = row[c[2]], detail = row[c[3]].trimmingCharacters(in: .whitespaces)
            func fail(_ column: String, _ message: String) { issues.append(DataIssue(file: t.file, line: line, column: column, message: message)) }
            guard !source.isEmpty else { fail("source", "is empty; name the pymrio label"); continue }
            switch row[c[0]] {
            case "region":
                guard !target.isEmpty else { fail("target", "is empty; name the province (or external economy) id"); continue }
                let parts = detail.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard let kind = detail.isEmpty ? .province : RegionKind(rawValue: parts[0]), kind == .external || parts.count <= 1 else {
                    fail("detail", "'\(detail)' must be province, external or external:CLUSTER"); continue
                }
                if m.regions[source] != nil { fail("source", "region '\(source)' is mapped twice") }
                m.regions[source] = Located(value: (target, kind, parts.count == 2 && !parts[1].isEmpty ? parts[1] : nil), line: line)
            case "sector":
                guard !target.isEmpty else { fail("target", "is empty; name the sector id"); continue }
                guard let group = detail.isEmpty ? .industry : Sector.Group(rawValue: detail) else {
                    fail("detail", "'\(detail)' must be one of \(Sector.Group.allCases.map(\.rawValue).joined(separator: ", "))"); continue
                }
                if m.sectors[source] != nil { fail("source", "sector '\(source)' is mapped twice") }
                m.sectors[source] = Located(value: (target, group), line: line)
            case "category":
                guard let column = targets.first(where: { $0.rawValue == target }) else {
                    fail("target", "'\(target)' must be one of \(targets.map(\.rawValue).joined(separator: ", "))"); continue
                }
                m.categories[source] = Located(value: column, line: line)
            case "compensation":
                m.compensation.append(Located(value: source, line: line))
            case "employment":
                guard let scale = Double(detail), scale > 0, scale.isFinite else {
                    fail("detail", "'\(detail)' must be the number of 10 thousand persons per unit of the row (0.1 for thousands of persons)"); continue
                }
                m.employment.append(Located(value: (source, scale), line: line))
            default:
                fail("type", "'\(row[c[0]])' must be region, sector, category, compensation or employment")
            }
        }
        if !issues.isEmpty { throw DataError(issues) }
        return m
    }

    /// The component a category's name means, when it is recognisable.
    public static func recognise(_ category: String) -> FlowColumn? {
        let c = category.lowercased()
        if let exact = targets.first(where: { $0.rawValue == c }) { return exact }
        if c.contains("npish") || c.contains("non-profit") || c.contains("nonprofit") { return .government }
        if c.contains("rural") { return .ruralHouseholds }
        if c.contains("household") || c.contains("urban") { return .urbanHouseholds }
        if c.contains("government") { return .government }
        if c.contains("fixed capital") || c.contains("gfcf") || c.contains("fixed_capital") { return .fixedCapital }
        if c.contains("inventor") || c.contains("valuables") { return .inventories }
        if c.contains("export") { return .exports }
        return nil
    }

    /// 10 thousand persons per unit of an employment row, from its unit; nil when unknown.
    public static func employmentScale(_ unit: String) -> Double? {
        switch unit.lowercased().trimmingCharacters(in: .whitespaces) {
        case "persons", "person", "people", "p": return 1e-4
        case "1000 persons", "1000 p.", "1000 p", "thousand persons", "1000 people": return 0.1
        case "10 thousand persons", "10000 persons", "10k persons": return 1
        default: return nil
        }
    }
}
