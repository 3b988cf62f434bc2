// SPDX-License-Identifier: GPL-3.0-or-later
import Dispatch
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
public struct OutputTable: Sendable {
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

    var cellMaker: AreaCells { AreaCells(economy: economy) }
    var areas: [AreaCells.Area] { cellMaker.areas }
    func cells(_ s: PathSummary, _ y: Int, _ v: OutputVariable, _ areas: [AreaCells.Area], into out: inout [Double]) {
        cellMaker.cells(s, y, v, areas, into: &out)
    }

    /// Years are computed in parallel and joined in order, so the text never depends on threads.
    public func text() throws -> String {
        let years = result.years.count
        let blocks = TextBlocks(count: years)
        let central = PathSummary(result.central), baseline = PathSummary(result.baseline.states)
        let areas = self.areas
        DispatchQueue.concurrentPerform(iterations: years) { y in
            do { blocks.set(y, try yearText(y, central: central, baseline: baseline, areas: areas)) } catch { blocks.fail(error) }
        }
        if let error = blocks.error { throw error }
        return OutputTable.header + "\n" + blocks.texts.joined()
    }

    func yearText(_ y: Int, central: PathSummary, baseline: PathSummary, areas: [AreaCells.Area]) throws -> String {
        let d = economy.data, n = economy.n, width = n + 1
        let sectors = d.sectors.map(\.id) + ["all"]
        let cellCount = areas.count * width
        var out = ""
        out.reserveCapacity(1 << 22)
        var baselineCells = [Double](repeating: 0, count: cellCount)
        let name = CSV.escape(result.scenario.name)
        let drawCount = result.draws.count
        var centralCells = [Double](repeating: 0, count: cellCount)
        var scratch = [Double](repeating: 0, count: cellCount)
        // Draw values of every cell, cell-major: values[cell * drawCount + draw].
        var byCell = [Double](repeating: 0, count: cellCount * drawCount)
        var column = [Double](repeating: 0, count: drawCount)
        let labels = areas.map { "\(CSV.escape($0.id)),\($0.kind)," }
        let year = result.years[y]
        do {
            for v in OutputVariable.allCases {
                cells(central, y, v, areas, into: &centralCells)
                cells(baseline, y, v, areas, into: &baselineCells)
                for k in 0..<drawCount {
                    cells(result.draws[k], y, v, areas, into: &scratch)
                    for c in 0..<cellCount { byCell[c * drawCount + k] = scratch[c] }
                }
                let tail = "\(v.rawValue),\(v.unit),"
                for (x, area) in areas.enumerated() {
                    if area.external != nil && v != .gdp { continue }
                    for si in 0..<width {
                        if !v.bySector && si != n { continue }
                        let c = x * width + si
                        let prefix = "\(name),\(year),\(labels[x])\(sectors[si]),\(tail)"
                        out += prefix + "central," + CSV.number(centralCells[c]) + "\n"
                        out += prefix + "baseline," + CSV.number(baselineCells[c]) + "\n"
                        guard drawCount > 0 else { continue }
                        for k in 0..<drawCount { column[k] = byCell[c * drawCount + k] }
                        let mean = try Statistics.mean(column)
                        let qs = try Statistics.quantiles(column, OutputTable.quantiles.map(\.1))
                        out += prefix + "mean," + CSV.number(mean) + "\n"
                        for (q, (label, _)) in zip(qs, OutputTable.quantiles) { out += prefix + label + "," + CSV.number(q) + "\n" }
                        if keepDraws {
                            for k in 0..<drawCount { out += prefix + "draw_\(result.drawIndexes[k])," + CSV.number(column[k]) + "\n" }
                        }
                    }
                }
            }
        }
        return out
    }

    /// `draws.csv`: every draw's value of the headline cells (GDP of regions, clusters and the
    /// nation; output of key industries nationally and by region), for paired comparisons.
    public func headlineDraws() -> String {
        var out = "year,area,sector,variable,draw,value\n"
        guard !result.draws.isEmpty else { return out }
        let d = economy.data, n = economy.n, width = n + 1
        let areas = self.areas
        let keys = d.sectors.indices.filter { d.sectors[$0].isKeyIndustry }
        var scratch = [Double](repeating: 0, count: areas.count * width)
        let wanted = areas.indices.filter { ["region", "cluster", "nation"].contains(areas[$0].kind) }
        for (y, year) in result.years.enumerated() {
            for v in [OutputVariable.gdp, .output] {
                for (k, s) in result.draws.enumerated() {
                    cells(s, y, v, areas, into: &scratch)
                    for x in wanted {
                        if v == .gdp {
                            out += "\(year),\(CSV.escape(areas[x].id)),all,gdp,\(result.drawIndexes[k]),\(CSV.number(scratch[x * width + n]))\n"
                        } else if areas[x].kind != "cluster" {
                            for i in keys {
                                out += "\(year),\(CSV.escape(areas[x].id)),\(d.sectors[i].id),output,\(result.drawIndexes[k]),\(CSV.number(scratch[x * width + i]))\n"
                            }
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

/// Per-year text blocks filled by parallel workers.
final class TextBlocks: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var texts: [String]
    private(set) var error: Error?
    init(count: Int) { texts = Array(repeating: "", count: count) }
    func set(_ i: Int, _ text: String) { lock.lock(); texts[i] = text; lock.unlock() }
    func fail(_ e: Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
}

/// Values of output cells (area x sector, plus the sum over sectors) from a path's
/// province x sector arrays: every aggregate is the weighted sum of its members.
public struct AreaCells: Sendable {
    public let economy: Economy

    public init(economy: Economy) { self.economy = economy }

    public struct Area: Sendable {
        public var id: String
        public var kind: String
        public var members: [(Int, Double)]
        public var external: Int?
    }

    public var areas: [Area] {
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

    /// Every area's values of one variable in one year for one path: [area][sector], the last
    /// sector slot holding the sum over sectors.
    public func cells(_ s: PathSummary, _ y: Int, _ v: OutputVariable, _ areas: [Area], into out: inout [Double]) {
        let n = economy.n, width = n + 1
        for k in 0..<out.count { out[k] = 0 }
        let a = v == .fiscalCost ? s.fiscal[y] : array(s, y, v)
        a.withUnsafeBufferPointer { values in
            for (x, area) in areas.enumerated() {
                let base = x * width
                if let ext = area.external {
                    out[base + n] = s.external[y][ext]
                    continue
                }
                if v == .fiscalCost {
                    for (p, w) in area.members { out[base + n] += w * values[p] }
                    continue
                }
                for (p, w) in area.members {
                    for i in 0..<n { out[base + i] += w * values[p * n + i] }
                }
                var total = 0.0
                for i in 0..<n { total += out[base + i] }
                out[base + n] = total
            }
        }
    }

    /// Writes the whole table as UTF-8 text.
}
