// SPDX-License-Identifier: GPL-3.0-or-later
import Dispatch
import Foundation
import PolicyData
import PolicyModel
import PolicyNumerics

/// The variables of `output.csv`, with units.
public enum OutputVariable: String, CaseIterable, Sendable {
    case output, valueAdded = "value_added", gdp, employment, investment, capitalStock = "capital_stock", fiscalCost = "fiscal_cost"
    /// The part of the fiscal cost that adds to the deficit (net of the taxes raised and the
    /// spending cut to pay for it).
    case fiscalCostNet = "fiscal_cost_net"

    public var unit: String {
        switch self {
        case .employment: return "10k persons"
        default: return "100m yuan (2022 prices)"
        }
    }

    /// Variables reported by sector; the others only for all sectors.
    public var bySector: Bool { ![.gdp, .fiscalCost, .fiscalCostNet].contains(self) }

    var index: Int { OutputVariable.allCases.firstIndex(of: self)! }

    /// Variables held by province, not by province and sector.
    var byProvince: Bool { self == .fiscalCost || self == .fiscalCostNet }
}

/// Builds the tidy long table `output.csv`:
/// scenario,year,area,area_kind,sector,variable,unit,statistic,value.
public struct OutputTable: Sendable {
    public static let header = "scenario,year,area,area_kind,sector,variable,unit,statistic,value"
    public static let quantiles: [(String, Double)] = [("p5", 0.05), ("p50", 0.5), ("p95", 0.95)]

    let result: ProjectionResult
    let economy: Economy
    let keepDraws: Bool

    let drawCells = DrawCellCache()

    /// The size a piece of output.csv is cut to with kept draws.
    let pieceBytes: Int

    public init(result: ProjectionResult, economy: Economy, keepDraws: Bool, pieceBytes: Int = 4 << 20) {
        self.result = result
        self.economy = economy
        self.keepDraws = keepDraws
        self.pieceBytes = pieceBytes
    }

    var cellMaker: AreaCells { AreaCells(economy: economy) }
    var areas: [AreaCells.Area] { cellMaker.areas }
    func cells(_ s: PathSummary, _ y: Int, _ v: OutputVariable, _ areas: [AreaCells.Area], into out: inout [Double]) {
        cellMaker.cells(s, y, v, areas, into: &out)
    }

    /// The whole table as text (for small tables: tests, central runs).
    public func text() throws -> String {
        var out = ""
        try write(threads: 2) { out += $0 }
        return out
    }

    /// Hands the table to `emit` in order, piece by piece. The pieces, one per year, variable
    /// and area (with kept draws, per few sectors of an area, so that a piece stays near
    /// `pieceBytes`), are made on `threads` workers and emitted in table order, at most
    /// `threads` of them waiting at a time: the text never depends on the thread count, and
    /// memory stays bounded by a few pieces however many draws are kept.
    public func write(threads: Int, _ emit: (String) throws -> Void) throws {
        try emit(OutputTable.header + "\n")
        let central = PathSummary(result.central), baseline = PathSummary(result.baseline.states)
        let noPolicy = result.baseline.includesPolicy ? PathSummary(result.baseline.noPolicy) : nil
        let areas = self.areas
        let variables = OutputVariable.allCases
        let width = economy.n + 1
        let perPiece = keepDraws ? max(1, min(width, pieceBytes / ((result.draws.count + 7) * 120))) : width
        let parts = (width + perPiece - 1) / perPiece
        let units = result.years.count * variables.count * areas.count * parts
        try orderedParallel(count: units, threads: threads, make: { u in
            let part = u % parts, a = u / parts
            let x = a % areas.count, v = variables[(a / areas.count) % variables.count], y = a / (areas.count * variables.count)
            return try areaText(y, v, x, sectors: part * perPiece..<min(width, (part + 1) * perPiece), areas: areas,
                                central: central, baseline: baseline, noPolicy: noPolicy)
        }, consume: emit)
    }

    /// Rows of one area for one variable and year, for the sector slots `sectorSlots` (the
    /// last slot is the total): central, baseline (the target path), the no-policy path where
    /// the baseline contains policy, and, with draws, mean, quantiles and (kept) every draw.
    func areaText(_ y: Int, _ v: OutputVariable, _ x: Int, sectors sectorSlots: Range<Int>, areas: [AreaCells.Area],
                  central: PathSummary, baseline: PathSummary, noPolicy: PathSummary?) throws -> String {
        let area = areas[x]
        if area.external != nil && v != .gdp { return "" }
        let d = economy.data, n = economy.n, width = n + 1
        let sectors = d.sectors.map(\.id) + ["all"]
        let one = [area]
        var centralCells = [Double](repeating: 0, count: width), baselineCells = centralCells
        var noPolicyCells = centralCells
        cells(central, y, v, one, into: &centralCells)
        cells(baseline, y, v, one, into: &baselineCells)
        if let noPolicy { cells(noPolicy, y, v, one, into: &noPolicyCells) }
        let drawCount = result.draws.count
        // Draw values of the area's cells, cell-major: byCell[cell * drawCount + draw].
        let byCell = drawCount > 0 ? try drawCells.cells(key: (y * OutputVariable.allCases.count + v.index) * areas.count + x) {
            try areaDraws(y, v, area)
        } : []
        var column = [Double](repeating: 0, count: drawCount)
        let head = "\(CSV.escape(result.scenario.name)),\(result.years[y]),\(CSV.escape(area.id)),\(area.kind),"
        let tail = "\(v.rawValue),\(v.unit),"
        // Rows are put together as bytes: no string is made per row (a number's text is a small
        // string, held inline).
        var out: [UInt8] = []
        out.reserveCapacity(sectorSlots.count * (drawCount > 0 ? (keepDraws ? drawCount : 0) + 7 : 3) * (prefixBytes(head, tail, sectors) + 32))
        var prefix: [UInt8] = []
        func row(_ statistic: String, _ x: Double) {
            out.append(contentsOf: prefix)
            out.append(contentsOf: statistic.utf8)
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: CSV.number(x).utf8)
            out.append(UInt8(ascii: "\n"))
        }
        for si in sectorSlots {
            if !v.bySector && si != n { continue }
            prefix = Array((head + sectors[si] + "," + tail).utf8)
            row("central", centralCells[si])
            row("baseline", baselineCells[si])
            if noPolicy != nil { row("no_policy", noPolicyCells[si]) }
            guard drawCount > 0 else { continue }
            for k in 0..<drawCount { column[k] = byCell[si * drawCount + k] }
            let mean = try Statistics.mean(column)
            let qs = try Statistics.quantiles(column, OutputTable.quantiles.map(\.1))
            row("mean", mean)
            for (q, (label, _)) in zip(qs, OutputTable.quantiles) { row(label, q) }
            if keepDraws {
                for k in 0..<drawCount { row("draw_\(result.drawIndexes[k])", column[k]) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Every draw's values of one area's cells (sectors and total) for a variable in a year,
    /// cell-major, summed member by member from the members' values in the draws' file: the
    /// same sums in the same order as `AreaCells.cells` makes for one path.
    func areaDraws(_ y: Int, _ v: OutputVariable, _ area: AreaCells.Area) throws -> [Double] {
        let draws = result.draws, count = draws.count, n = economy.n, width = n + 1
        var byCell = [Double](repeating: 0, count: width * count)
        if let ext = area.external {
            let values = try draws.group(year: y, .external, ext)
            for k in 0..<count { byCell[n * count + k] = values[k] }
            return byCell
        }
        let family = AreaCells.family(v)
        if v.byProvince {
            for (p, w) in area.members {
                let values = try draws.group(year: y, family, p)
                for k in 0..<count { byCell[n * count + k] += w * values[k] }
            }
            return byCell
        }
        precondition(draws.groupWidth(family) == n)
        for (p, w) in area.members {
            let values = try draws.group(year: y, family, p)
            for k in 0..<count { for i in 0..<n { byCell[i * count + k] += w * values[k * n + i] } }
        }
        for k in 0..<count {
            var total = 0.0
            for i in 0..<n { total += byCell[i * count + k] }
            byCell[n * count + k] = total
        }
        return byCell
    }

    func prefixBytes(_ head: String, _ tail: String, _ sectors: [String]) -> Int {
        head.utf8.count + tail.utf8.count + (sectors.map(\.utf8.count).max() ?? 0) + 1
    }

    /// `draws.csv`: every draw's value of the headline cells (GDP of regions, clusters and the
    /// nation; output of key industries nationally and by region), for paired comparisons.
    /// Rows go by year, variable, draw (in draw order), area and sector.
    public func headlineDraws(_ emit: (String) throws -> Void) throws {
        try emit("year,area,sector,variable,draw,value\n")
        guard !result.draws.isEmpty else { return }
        let d = economy.data, n = economy.n, width = n + 1
        let areas = self.areas
        let keys = d.sectors.indices.filter { d.sectors[$0].isKeyIndustry }
        var scratch = [Double](repeating: 0, count: areas.count * width)
        let wanted = areas.indices.filter { ["region", "cluster", "nation"].contains(areas[$0].kind) }
        var out = ""
        for (y, year) in result.years.enumerated() {
            for v in [OutputVariable.gdp, .output] {
                let cellMaker = self.cellMaker
                var family: [Double] = [], external: [Double] = [], batch = result.draws.draws(ofBatch: 0)
                for k in 0..<result.draws.count {
                    if k == 0 || k == batch.upperBound {
                        let j = k / DrawSet.batchSize
                        batch = result.draws.draws(ofBatch: j)
                        family = try result.draws.block(year: y, AreaCells.family(v), batch: j)
                        external = try result.draws.block(year: y, .external, batch: j)
                    }
                    cellMaker.cells(draw: k - batch.lowerBound, of: batch.count, family: family, external: external, v, areas, into: &scratch)
                    for x in wanted {
                        if v == .gdp {
                            out += "\(year),\(CSV.escape(areas[x].id)),all,gdp,\(result.drawIndexes[k]),\(CSV.number(scratch[x * width + n]))\n"
                        } else if areas[x].kind != "cluster" {
                            for i in keys {
                                out += "\(year),\(CSV.escape(areas[x].id)),\(d.sectors[i].id),output,\(result.drawIndexes[k]),\(CSV.number(scratch[x * width + i]))\n"
                            }
                        }
                    }
                    if out.utf8.count > 1 << 20 {
                        try emit(out)
                        out = ""
                    }
                }
            }
        }
        try emit(out)
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

/// Runs `make(i)` for i in 0..<count on `threads` workers and hands each result to `consume`
/// in index order. A worker that finishes early waits for its turn, so at most `threads`
/// results are held at a time; `consume` runs for one result at a time.
func orderedParallel(count: Int, threads: Int, make: @Sendable (Int) throws -> String, consume: (String) throws -> Void) throws {
    let relay = OrderedRelay()
    withoutActuallyEscaping(consume) { consume in
        let box = UnsafeSendable(consume)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
            while let i = relay.take(count) {
                let text: String
                do { text = try make(i) } catch { relay.fail(error); return }
                if !relay.hand(i, text, box.value) { return }
            }
        }
    }
    if let error = relay.error { throw error }
}

/// The draw values of the area last asked for, shared by the pieces of its rows (workers take
/// pieces in table order, so two entries serve both workers).
final class DrawCellCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(key: Int, cells: [Double])] = []

    func cells(key: Int, _ make: () throws -> [Double]) throws -> [Double] {
        lock.lock()
        if let hit = entries.first(where: { $0.key == key }) {
            lock.unlock()
            return hit.cells
        }
        lock.unlock()
        let cells = try make()
        lock.lock()
        entries.insert((key, cells), at: 0)
        if entries.count > 2 { entries.removeLast() }
        lock.unlock()
        return cells
    }
}

/// The turn-taking of `orderedParallel`.
final class OrderedRelay: @unchecked Sendable {
    private let condition = NSCondition()
    private var issued = 0
    private var next = 0
    private(set) var error: Error?

    /// The next index to make, unless all are handed out or one failed.
    func take(_ count: Int) -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard error == nil, issued < count else { return nil }
        issued += 1
        return issued - 1
    }

    /// Waits for index `i`'s turn and consumes its text; false once anything failed.
    func hand(_ i: Int, _ text: String, _ consume: (String) throws -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while next != i && error == nil { condition.wait() }
        guard error == nil else { return false }
        do { try consume(text) } catch { self.error = error }
        next += 1
        condition.broadcast()
        return error == nil
    }

    func fail(_ e: Error) {
        condition.lock()
        if error == nil { error = e }
        condition.broadcast()
        condition.unlock()
    }
}

/// Carries a non-Sendable value into `concurrentPerform`, where `OrderedRelay` makes sure only
/// one worker uses it at a time.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
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
        case .fiscalCostNet: return s.fiscalNet[year]
        }
    }

    /// The draw-set family that holds variable `v`.
    public static func family(_ v: OutputVariable) -> DrawSet.Family {
        switch v {
        case .output: return .output
        case .valueAdded, .gdp: return .valueAdded
        case .employment: return .employment
        case .investment: return .investment
        case .capitalStock: return .capital
        case .fiscalCost: return .fiscal
        case .fiscalCostNet: return .fiscalNet
        }
    }

    /// Every area's values of one variable in one year for one path: [area][sector], the last
    /// sector slot holding the sum over sectors.
    public func cells(_ s: PathSummary, _ y: Int, _ v: OutputVariable, _ areas: [Area], into out: inout [Double]) {
        let a = array(s, y, v)
        a.withUnsafeBufferPointer { values in
            s.external[y].withUnsafeBufferPointer { external in cells(values, external, v, areas, into: &out) }
        }
    }

    /// The same for draw `k` of `draws`, from blocks of the variable's family and of external
    /// GDP in year `y` (see `DrawSet.block`).
    public func cells(draw k: Int, of count: Int, family: [Double], external: [Double], _ v: OutputVariable, _ areas: [Area],
                      into out: inout [Double]) {
        let n = family.count / count, e = external.count / count
        family.withUnsafeBufferPointer { f in
            external.withUnsafeBufferPointer { x in
                cells(UnsafeBufferPointer(rebasing: f[k * n..<(k + 1) * n]), UnsafeBufferPointer(rebasing: x[k * e..<(k + 1) * e]),
                      v, areas, into: &out)
            }
        }
    }

    func cells(_ values: UnsafeBufferPointer<Double>, _ external: UnsafeBufferPointer<Double>, _ v: OutputVariable, _ areas: [Area],
               into out: inout [Double]) {
        let n = economy.n, width = n + 1
        for k in 0..<out.count { out[k] = 0 }
        for (x, area) in areas.enumerated() {
            let base = x * width
            if let ext = area.external {
                out[base + n] = external[ext]
                continue
            }
            if v.byProvince {
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
