// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel
import PolicyNumerics

/// The variables of `output.csv`, with units.
public enum OutputVariable: String, CaseIterable, Sendable {
    case output, valueAdded = "value_added", gdp, employment, investment, capitalStock = "capital_stock", fiscalCost = "fiscal_cost"

    public var unit: String {
        switch self {
        case .employment: return "10k persons"
        default: return "100m yuan (2022 prices)"
        }
    }

    /// Variables reported by sector; the others only for all sectors.
    public var bySector: Bool { ![.gdp, .fiscalCost].contains(self) }
}

/// Builds the tidy long table `output.csv`:
/// scenario,year,area,area_kind,sector,variable,unit,statistic,value.
public struct OutputTable {
    public static let header = "scenario,year,area,area_kind,sector,variable,unit,statistic,value"
    public static let quantiles: [(String, Double)] = [("p5", 0.05), ("p50", 0.5), ("p95", 0.95)]

    let result: ProjectionResult
    let economy: Economy
    let keepDraws: Bool

    public init(result: ProjectionResult, economy: Economy, keepDraws: Bool) {
        self.result = result
        self.economy = economy
        self.keepDraws = keepDraws
    }

    struct Area {
        var id: String
        var kind: String
        var members: [(Int, Double)]
        var external: Int?
    }

    var areas: [Area] {
        let d = economy.data
        var out = d.provinces.enumerated().map { Area(id: $0.element.id, kind: "province", members: [($0.offset, 1)], external: nil) }
        for a in d.aggregates { out.append(Area(id: a.id, kind: a.kind.rawValue, members: economy.members(a.id), external: nil)) }
        for (x, ext) in d.externals.enumerated() { out.append(Area(id: ext.id, kind: "external", members: [], external: x)) }
        return out
    }

    /// Values of one cell family: per path, for a year, a variable, the province x sector array.
    func array(_ s: PathSummary, _ year: Int, _ v: OutputVariable) -> [Double] {
        switch v {
        case .output: return s.output[year]
        case .valueAdded, .gdp: return s.valueAdded[year]
        case .employment: return s.employment[year]
        case .investment: return s.investment[year]
        case .capitalStock: return s.capital[year]
        case .fiscalCost: return s.fiscal[year]
        }
    }

    /// Writes the whole table as UTF-8 text.
    public func text() throws -> String {
        let d = economy.data, n = economy.n
        let central = PathSummary(result.central)
        let sectors = d.sectors.map(\.id) + ["all"]
        var out = OutputTable.header + "\n"
        out.reserveCapacity(1 << 22)
        let name = CSV.escape(result.scenario.name)
        let drawCount = result.draws.count
        var scratch = [Double](repeating: 0, count: drawCount)
        for (y, year) in result.years.enumerated() {
            for area in areas {
                for v in OutputVariable.allCases {
                    if area.external != nil && v != .gdp { continue }
                    for (si, sector) in sectors.enumerated() {
                        let all = si == n
                        if !v.bySector && !all { continue }
                        func value(_ s: PathSummary) -> Double {
                            if let x = area.external { return s.external[y][x] }
                            let a = array(s, y, v)
                            if v == .fiscalCost { return area.members.reduce(0) { $0 + $1.1 * a[$1.0] } }
                            var acc = 0.0
                            for (p, w) in area.members {
                                if all { for i in 0..<n { acc += w * a[p * n + i] } } else { acc += w * a[p * n + si] }
                            }
                            return acc
                        }
                        let prefix = "\(name),\(year),\(CSV.escape(area.id)),\(area.kind),\(sector),\(v.rawValue),\(v.unit),"
                        out += prefix + "central," + CSV.number(value(central)) + "\n"
                        guard drawCount > 0 else { continue }
                        for k in 0..<drawCount { scratch[k] = value(result.draws[k]) }
                        let mean = try Statistics.mean(scratch)
                        let qs = try Statistics.quantiles(scratch, OutputTable.quantiles.map(\.1))
                        out += prefix + "mean," + CSV.number(mean) + "\n"
                        for (q, (label, _)) in zip(qs, OutputTable.quantiles) { out += prefix + label + "," + CSV.number(q) + "\n" }
                        if keepDraws {
                            for k in 0..<drawCount { out += prefix + "draw_\(result.drawIndexes[k])," + CSV.number(scratch[k]) + "\n" }
                        }
                    }
                }
            }
        }
        return out
    }

    public static func trace(_ result: ProjectionResult) -> String {
        var out = "rule,task,measure,year,area,sector,condition,effect,effect_unit,fiscal_cost\n"
        for t in result.trace {
            out += CSV.line([t.rule, t.task, t.measure, String(t.year), t.area, t.sector, t.condition,
                             CSV.number(t.effect), t.effectUnit, CSV.number(t.fiscalCost)]) + "\n"
        }
        return out
    }
}
