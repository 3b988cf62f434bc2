// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel
import PolicyNumerics

/// `iamc.csv`: the run in the IAMC wide format that pyam reads (`pyam.IamDataFrame("iamc.csv")`):
/// Model, Scenario, Region, Variable, Unit, then one column per year.
///
/// - Scenario `<name>` is the central run; with draws, `<name>|p5`, `<name>|p50` and
///   `<name>|p95` hold output.csv's quantiles of the same cells (a quantile of a sum is not the
///   sum of the quantiles, so only the central scenario adds up).
/// - Variables: GDP, Output, Output|<sector>, Value Added, Value Added|<sector>, Employment,
///   Employment|<sector>, Investment, Capital Stock, Fiscal Cost; for the nation in the central
///   scenario also Fiscal Cost|<task> and Fiscal Cost|<task>|<rule id>. Sectors go by the data
///   set's English name (`policysim list sectors`). External economies have GDP only.
/// - Units are ones pint parses (`billion CNY_2022/yr`, `billion CNY_2022` for the capital
///   stock, `million` for persons); the values are output.csv's divided accordingly.
///
/// `iamc-regions.yaml` beside it says which regions partition which (see `regions`).
public enum IAMC {
    /// Money flows a year; output.csv's 100m yuan (2022 prices) are 0.1 billion CNY_2022.
    public static let flowUnit = "billion CNY_2022/yr"
    /// Stocks (the capital stock at the end of a year).
    public static let stockUnit = "billion CNY_2022"
    /// Persons; output.csv's 10k persons are 0.01 million.
    public static let personUnit = "million"
    /// output.csv's values are divided by these (a division by 10 keeps 1900 as 190, where a
    /// multiplication by 0.1 would give 190.00000000000003).
    public static let moneyDivisor = 10.0
    public static let personDivisor = 100.0
    /// IAMC's hierarchy separator: no task, rule id or sector name may hold it.
    public static let separator: Character = "|"
    public static let regionsFile = "iamc-regions.yaml"
    public static let header = ["Model", "Scenario", "Region", "Variable", "Unit"]

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// The scenario label of a quantile: `miit-2023|p5`.
    public static func scenario(_ name: String, statistic: String) -> String { "\(name)|\(statistic)" }

    /// What iamc.csv lays out, without its values: areas in output.csv's order, the sectors
    /// (id and English name) and the years.
    public struct Layout: Sendable {
        public struct Area: Sendable {
            public var id: String
            public var kind: String
            public init(id: String, kind: String) {
                self.id = id
                self.kind = kind
            }
        }
        public var model: String
        public var scenario: String
        public var years: [Int]
        public var areas: [Area]
        public var sectors: [(id: String, name: String)]

        public init(model: String, scenario: String, years: [Int], areas: [Area], sectors: [(id: String, name: String)]) {
            self.model = model
            self.scenario = scenario
            self.years = years
            self.areas = areas
            self.sectors = sectors
        }
    }

    /// One row of a scenario: which output.csv cell (variable, area, sector slot; the slot
    /// `sectors.count` is the sum over sectors, output.csv's `all`) it holds, in which unit.
    public struct Row: Sendable {
        public var region: String
        public var variable: String
        public var unit: String
        public var output: OutputVariable
        public var area: Int
        public var slot: Int
        /// output.csv's value / divisor is the row's.
        public var divisor: Double
    }

    /// The rows of one scenario, area by area in output.csv's order, without the rules' fiscal
    /// costs. `nation` is called after the nation's Fiscal Cost row (the rules' rows go there).
    public static func plan(_ layout: Layout) throws -> [Row] {
        for s in layout.sectors where s.name.contains(separator) {
            throw Failure("sector '\(s.id)' is named '\(s.name)', which holds '|', the hierarchy separator of iamc.csv's variables; rename it in the data set's sectors.csv")
        }
        let n = layout.sectors.count
        var rows: [Row] = []
        for (x, area) in layout.areas.enumerated() {
            func add(_ variable: String, _ v: OutputVariable, _ slot: Int) {
                let unit = v == .employment ? personUnit : v == .capitalStock ? stockUnit : flowUnit
                rows.append(Row(region: area.id, variable: variable, unit: unit, output: v, area: x, slot: slot,
                                divisor: v == .employment ? personDivisor : moneyDivisor))
            }
            add("GDP", .gdp, n)
            if area.kind == "external" { continue }
            for (name, v) in [("Output", OutputVariable.output), ("Value Added", .valueAdded), ("Employment", .employment)] {
                add(name, v, n)
                for (i, s) in layout.sectors.enumerated() { add("\(name)|\(s.name)", v, i) }
            }
            add("Investment", .investment, n)
            add("Capital Stock", .capitalStock, n)
            add("Fiscal Cost", .fiscalCost, n)
        }
        return rows
    }

    static func line(_ layout: Layout, _ scenario: String, _ region: String, _ variable: String, _ unit: String, _ values: [Double]) -> String {
        CSV.line([layout.model, scenario, region, variable, unit] + values.map(CSV.number)) + "\n"
    }

    /// The rows of one scenario as text; `value(row, year index)` is the cell in output.csv's
    /// unit; `after(row)` may add rows after one (the rules' fiscal costs after the nation's).
    public static func rows(_ layout: Layout, scenario: String, _ value: (Row, Int) throws -> Double,
                            after: (Row) throws -> String = { _ in "" }) throws -> String {
        var out = ""
        for r in try plan(layout) {
            let values = try layout.years.indices.map { try value(r, $0) / r.divisor }
            out += line(layout, scenario, r.region, r.variable, r.unit, values)
            out += try after(r)
        }
        return out
    }

    /// The quantile scenarios (`<name>|p5` ...) from output.csv's quantiles: `quantiles(row)`
    /// gives p5, p50, p95 of the row's cell in output.csv's unit, year by year.
    public static func quantileRows(_ layout: Layout, _ quantiles: (Row) throws -> [[Double]]) throws -> String {
        let plan = try plan(layout)
        // Every cell's quantiles once, then a scenario at a time.
        let cells = try plan.map { try quantiles($0) }
        var out = ""
        for (q, (label, _)) in OutputTable.quantiles.enumerated() {
            let name = scenario(layout.scenario, statistic: label)
            for (r, values) in zip(plan, cells) {
                out += line(layout, name, r.region, r.variable, r.unit, values.map { $0[q] / r.divisor })
            }
        }
        return out
    }

    public static func layout(economy: Economy, scenario: String, years: [Int], version: String) -> Layout {
        Layout(model: "policysim \(version)", scenario: scenario, years: years,
               areas: AreaCells(economy: economy).areas.map { Layout.Area(id: $0.id, kind: $0.kind) },
               sectors: economy.data.sectors.map { ($0.id, $0.name) })
    }

    /// The tasks of a scenario in the order they first appear, each with its rules (indices
    /// into `rules`) in scenario order.
    public static func tasks(_ rules: [Rule]) -> [(task: String, rules: [Int])] {
        var out: [(task: String, rules: [Int])] = []
        for (r, rule) in rules.enumerated() {
            if let k = out.firstIndex(where: { $0.task == rule.task }) { out[k].rules.append(r) } else { out.append((rule.task, [r])) }
        }
        return out
    }

    /// Refuses a task or rule id that holds '|' (IAMC's hierarchy separator) or is empty.
    public static func check(_ rules: [Rule]) throws {
        for rule in rules {
            if rule.id.contains(separator) || rule.id.isEmpty {
                throw Failure("rule id '\(rule.id)' cannot name an iamc.csv variable: it must not be empty or hold '|', IAMC's hierarchy separator")
            }
            if rule.task.contains(separator) || rule.task.isEmpty {
                throw Failure("rule '\(rule.id)' has task '\(rule.task)', which cannot name an iamc.csv variable (Fiscal Cost|<task>|<rule>): a task must not be empty or hold '|', IAMC's hierarchy separator")
            }
        }
    }

    /// iamc.csv of a run: the central scenario, then (with draws) the quantile scenarios.
    public static func text(result: ProjectionResult, economy: Economy, version: String) throws -> String {
        let n = economy.n, width = n + 1
        try check(result.scenario.rules)
        let layout = layout(economy: economy, scenario: result.scenario.name, years: result.years, version: version)
        let s = PathSummary(result.central)
        let table = AreaCells(economy: economy)
        let areas = table.areas
        var cells: [OutputVariable: [[Double]]] = [:]
        for v in OutputVariable.allCases {
            cells[v] = result.years.indices.map { y in
                var out = [Double](repeating: 0, count: areas.count * width)
                table.cells(s, y, v, areas, into: &out)
                return out
            }
        }
        let tasks = tasks(result.scenario.rules)
        func byRule(_ r: Int, _ y: Int) -> Double { y < s.fiscalByRule.count && r < s.fiscalByRule[y].count ? s.fiscalByRule[y][r] : 0 }
        var out = CSV.line(header + result.years.map(String.init)) + "\n"
        out += try rows(layout, scenario: layout.scenario, { r, y in cells[r.output]![y][r.area * width + r.slot] }, after: { r in
            guard r.output == .fiscalCost, layout.areas[r.area].kind == "nation" else { return "" }
            var text = ""
            for t in tasks {
                let total = result.years.indices.map { y in t.rules.reduce(0.0) { $0 + byRule($1, y) } / moneyDivisor }
                text += line(layout, layout.scenario, r.region, "Fiscal Cost|\(t.task)", flowUnit, total)
                for k in t.rules {
                    let values = result.years.indices.map { byRule(k, $0) / moneyDivisor }
                    text += line(layout, layout.scenario, r.region, "Fiscal Cost|\(t.task)|\(result.scenario.rules[k].id)", flowUnit, values)
                }
            }
            return text
        })
        guard !result.draws.isEmpty else { return out }
        // The quantiles output.csv reports: the same draws of the same cells, the same routine.
        let outputTable = OutputTable(result: result, economy: economy, keepDraws: false)
        let count = result.draws.count
        // The rows of an area and variable come together: their draws are summed once a year.
        var held: (v: OutputVariable, area: Int, byYear: [[Double]])?
        out += try quantileRows(layout) { r in
            if held?.v != r.output || held?.area != r.area {
                held = (r.output, r.area, try result.years.indices.map { try outputTable.areaDraws($0, r.output, areas[r.area]) })
            }
            return try held!.byYear.map { byCell in
                try Statistics.quantiles(Array(byCell[r.slot * count..<(r.slot + 1) * count]), OutputTable.quantiles.map(\.1))
            }
        }
        return out
    }
}

extension IAMC {
    /// `iamc-regions.yaml`: the areas of iamc.csv as region definitions in the style of
    /// nomenclature (a list of hierarchy levels, each a list of regions with attributes), saying
    /// which areas add up to which. Every area has `area_kind` (output.csv's). An area whose
    /// rows are the sum of others' has `partition`: the nation the regions that partition its
    /// provinces (the provinces' NBS regions of provinces.csv), each such region its provinces;
    /// their members have `parent`. Regions that are unions of the partition's (Central-West)
    /// and clusters have `overlapping: true`: adding them to the partition's regions counts
    /// provinces twice. A cluster lists its provinces with their weights where they are not 1;
    /// external economies (GDP only) are not in the nation.
    public static func regions(economy: Economy, version: String) -> String {
        let d = economy.data
        let provinces = d.provinces.map(\.id)
        func whole(_ a: Aggregate) -> Set<String>? { a.members.allSatisfy { $0.weight == 1 } ? Set(a.members.map(\.province)) : nil }
        // The partition: an aggregate region for every NBS region of provinces.csv, holding exactly its provinces.
        var partition: [Aggregate] = []
        var nbs: [String] = []
        for p in d.provinces where !nbs.contains(p.region) { nbs.append(p.region) }
        for r in nbs {
            guard let a = d.aggregates.first(where: { $0.id == r && $0.kind == .region }),
                  whole(a) == Set(d.provinces.filter { $0.region == r }.map(\.id)) else { partition = []; break }
            partition.append(a)
        }
        partition.sort { a, b in d.aggregates.firstIndex(of: a)! < d.aggregates.firstIndex(of: b)! }
        let parentOf = Dictionary(uniqueKeysWithValues: partition.flatMap { a in a.members.map { ($0.province, a.id) } })
        let nations = d.aggregates.filter { $0.kind == .nation }
        let nationOfAll = nations.first { whole($0) == Set(provinces) }?.id
        var out = ["# The areas of iamc.csv (\(d.name), policysim \(version)) and which add up to which.",
                   "# Nomenclature-style region definitions: hierarchy levels, each a list of regions with attributes.",
                   "# area_kind is output.csv's. `partition` lists the areas whose rows add up to this area's",
                   "# (pyam: check_aggregate_region(variable, region=area, subregions=partition)); members of a",
                   "# partition name their `parent`. `overlapping: true` marks groups outside the partition",
                   "# (unions of its regions, clusters): summing them with the partition's regions counts provinces twice."]
        func list(_ names: [String]) -> String { "[" + names.map(yamlString).joined(separator: ", ") + "]" }
        func level(_ title: String, _ entries: [(String, [String])]) {
            guard !entries.isEmpty else { return }
            out.append("- \(yamlString(title)):")
            for (name, attributes) in entries {
                out.append("  - \(yamlString(name)):")
                for a in attributes { out.append("      \(a)") }
            }
        }
        let partitionIDs = partition.map(\.id)
        level("Nation", nations.map { a in
            var attributes = ["area_kind: nation"]
            if a.id == nationOfAll && !partition.isEmpty { attributes.append("partition: \(list(partitionIDs))") }
            attributes.append("provinces: \(list(a.members.map(\.province)))")
            return (a.id, attributes)
        })
        level("Regions (partition \(nationOfAll ?? "the nation"))", partition.map { a in
            var attributes = ["area_kind: region"]
            if let nation = nationOfAll { attributes.append("parent: \(yamlString(nation))") }
            attributes.append("partition: \(list(a.members.map(\.province)))")
            return (a.id, attributes)
        })
        let others = d.aggregates.filter { $0.kind != .nation && !partitionIDs.contains($0.id) }
        level("Overlapping groups (outside the partition)", others.map { a in
            var attributes = ["area_kind: \(a.kind.rawValue)", "overlapping: true"]
            if let set = whole(a) {
                let parts = partition.filter { whole($0)!.isSubset(of: set) }
                if !parts.isEmpty && parts.reduce(Set<String>(), { $0.union(whole($1)!) }) == set {
                    attributes.append("union_of: \(list(parts.map(\.id)))")
                }
            }
            attributes.append("provinces: \(list(a.members.map(\.province)))")
            if a.members.contains(where: { $0.weight != 1 }) {
                attributes.append("weights: {" + a.members.map { "\(yamlString($0.province)): \(CSV.number($0.weight))" }.joined(separator: ", ") + "}")
            }
            let externals = d.externals.filter { $0.cluster == a.id }.map(\.id)
            if !externals.isEmpty { attributes.append("external_economies_reported_apart: \(list(externals))") }
            return (a.id, attributes)
        })
        level("Provinces", d.provinces.map { p in
            (p.id, ["area_kind: province"] + (parentOf[p.id].map { ["parent: \(yamlString($0))"] } ?? []))
        })
        level("External economies (GDP only, not in the nation)", d.externals.map { e in
            (e.id, ["area_kind: external"])
        })
        return out.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted scalar.
    static func yamlString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where u.value < 0x20 || u.value == 0x7F: out += String(format: "\\u%04X", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
