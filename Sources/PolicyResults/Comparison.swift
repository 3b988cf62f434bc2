// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyNumerics

/// `policysim compare`: runs side by side with absolute and percentage deltas.
public struct Comparison {
    public let reference: ResultFolder
    public let runs: [ResultFolder]
    /// The reference's statistic the runs are compared with: `central`, or `no_policy` when one
    /// folder is compared with its own no-package path (`policysim compare FOLDER`).
    public let referenceStatistic: String

    public init(reference: ResultFolder, runs: [ResultFolder]) {
        self.reference = reference
        self.runs = runs
        referenceStatistic = "central"
    }

    /// One run against its own no-package path (its baseline contains its measures).
    public init(againstNoPolicy run: ResultFolder) throws {
        guard run.values.has("no_policy") else {
            throw ResultFolder.Failure(description: "\(run.path) has no no-policy path: its baseline contains no measures, so its effects are against its baseline; give a reference folder to compare with")
        }
        reference = run
        runs = [run]
        referenceStatistic = "no_policy"
    }

    /// The reference's value of a cell.
    func referenceValue(_ cell: ResultFolder.Cell) -> Double? { reference.value(cell, referenceStatistic) }

    /// The reference's name in the report.
    var referenceName: String { referenceStatistic == "central" ? reference.scenario : "its no-package path" }

    /// Why two runs should not be compared silently: different data sets or program versions.
    public var warnings: [String] {
        var out: [String] = []
        for r in runs where referenceStatistic == "central" {
            if r.values.has("no_policy") && r.scenario != reference.scenario {
                out.append("\(r.path)'s baseline contains its measures (a policy-inclusive target path): its deltas against \(reference.path) are not its effects, which are against its no-package path (`policysim compare \(r.path)`)")
            }
            if r.dataHash != reference.dataHash {
                out.append("\(r.path) was made on data set '\(r.dataName)' (sha256 \(r.dataHash.prefix(12))...), \(reference.path) on '\(reference.dataName)' (\(reference.dataHash.prefix(12))...): the deltas mix data and policy")
            }
            if r.version != reference.version {
                out.append("\(r.path) was made by policysim \(r.version), \(reference.path) by \(reference.version): the deltas may mix model changes and policy")
            }
        }
        return out
    }

    public struct HeadlineRow {
        public var label: String
        public var unit: String
        public var reference: Double
        public var run: Double
        public var delta: Double { run - reference }
        public var percent: Double { reference != 0 ? 100 * delta / reference : .nan }
        public var band: (Double, Double)?
        /// The year shown: that of `--year`, the last year, or the row's peak year; nil when cumulative.
        public var year: Int?
    }

    /// Which years a headline shows: one year, each row's peak year (the year its delta is
    /// largest in absolute value), or the sum over the simulated years.
    public enum Span: Equatable, Sendable {
        case year(Int)
        case peak
        case cumulative
    }

    /// The default: the last year, each row's peak year and the cumulative effect (a policy
    /// that ends before the last year shows its effect in the other two).
    public var defaultSpans: [Span] { [.year(reference.years.last ?? 0), .peak, .cumulative] }

    /// Refuses a year the reference does not hold, naming those it does.
    public func check(_ spans: [Span]) throws {
        let years = reference.years
        for case .year(let y) in spans where !years.contains(y) {
            throw ResultFolder.Failure(description: "\(reference.path) has no year \(y); its years are \(years.first ?? 0)-\(years.last ?? 0) (give --year one of them, or --peak or --cumulative)")
        }
    }

    /// Headline cells: GDP of regions, clusters and China; output of the key industries in China
    /// and each region.
    public func headlineCells(year: Int) -> [(String, ResultFolder.Cell)] {
        var out: [(String, ResultFolder.Cell)] = []
        let gdpAreas = ["East", "Central", "West", "Northeast", "Central-West", "Beijing-Tianjin-Hebei", "Yangtze River Delta", "Greater Bay Area", "China"]
        for a in gdpAreas { out.append(("GDP \(a)", .init(year: year, area: a, sector: "all", variable: "gdp"))) }
        let keys = reference.draws.keys.filter { $0.variable == "output" }.map(\.sector)
        let keySectors = Array(Set(keys)).sorted()
        let sectors = keySectors.isEmpty ? ["electronics", "automobiles", "steel", "nonferrous_metals", "petrochemicals"] : keySectors
        for s in sectors {
            for a in ["China", "East", "Central", "West", "Northeast"] {
                out.append(("Output \(s) \(a)", .init(year: year, area: a, sector: s, variable: "output")))
            }
        }
        return out.filter { reference.values[$0.1] != nil }
    }

    /// The headline rows of one run over one span.
    public func headline(_ run: ResultFolder, _ span: Span) throws -> [HeadlineRow] {
        let years = reference.years
        guard let lastYear = years.last else { return [] }
        let simulated = Array(years.dropFirst())
        var rows: [HeadlineRow] = []
        for (label, cell) in headlineCells(year: lastYear) {
            let unit = reference.units[cell.variable] ?? ""
            func at(_ y: Int) -> ResultFolder.Cell { .init(year: y, area: cell.area, sector: cell.sector, variable: cell.variable) }
            switch span {
            case .year(let y):
                guard let r = referenceValue(at(y)), let v = run.value(at(y)) else { continue }
                rows.append(HeadlineRow(label: label, unit: unit, reference: r, run: v, band: try pairedBand(run, [at(y)]), year: y))
            case .peak:
                var best: (Int, Double, Double)?
                for y in simulated {
                    guard let r = referenceValue(at(y)), let v = run.value(at(y)) else { continue }
                    if best == nil || abs(v - r) > abs(best!.2 - best!.1) { best = (y, r, v) }
                }
                guard let (y, r, v) = best else { continue }
                rows.append(HeadlineRow(label: label, unit: unit, reference: r, run: v, band: try pairedBand(run, [at(y)]), year: y))
            case .cumulative:
                let cells = simulated.map(at)
                let rs = cells.compactMap { referenceValue($0) }, vs = cells.compactMap { run.value($0) }
                guard !rs.isEmpty, rs.count == vs.count else { continue }
                rows.append(HeadlineRow(label: label, unit: unit, reference: rs.reduce(0, +), run: vs.reduce(0, +),
                                        band: try pairedBand(run, cells), year: nil))
            }
        }
        return rows
    }

    /// Last-year and cumulative (over the simulated years) headline rows for one run.
    public func headline(_ run: ResultFolder) throws -> (last: [HeadlineRow], cumulative: [HeadlineRow]) {
        guard let lastYear = reference.years.last else { return ([], []) }
        return (try headline(run, .year(lastYear)), try headline(run, .cumulative))
    }

    /// p5 and p95 of the delta summed over `cells`, paired draw by draw (same seed, common random
    /// numbers); against the reference's central value where the reference has no draws.
    func pairedBand(_ run: ResultFolder, _ cells: [ResultFolder.Cell]) throws -> (Double, Double)? {
        guard let first = run.draws[cells[0]], !first.isEmpty else { return nil }
        var deltas: [Double] = []
        for d in first.keys.sorted() {
            var delta = 0.0
            for cell in cells {
                guard let v = run.draws[cell]?[d] else { return nil }
                let r = (referenceStatistic == "central" ? reference.draws[cell]?[d] : nil) ?? referenceValue(cell) ?? .nan
                delta += v - r
            }
            deltas.append(delta)
        }
        let q = try Statistics.quantiles(deltas, [0.05, 0.95])
        return (q[0], q[1])
    }

    /// Fiscal cost of a run's measures, cumulative, and GDP gained per yuan, in total and by rule
    /// (by rule only where `attribution.csv` splits the GDP gain by rule).
    public func fiscal(_ run: ResultFolder) -> (total: Double, gdpGain: Double, byRule: [(String, Double, Double?)]) {
        let simulated = Array(run.years.dropFirst())
        let cost = simulated.compactMap { run.value(.init(year: $0, area: "China", sector: "all", variable: "fiscal_cost")) }.reduce(0, +)
        let gain = simulated.reduce(0.0) { acc, y in
            let cell = ResultFolder.Cell(year: y, area: "China", sector: "all", variable: "gdp")
            return acc + (run.value(cell) ?? 0) - (referenceValue(cell) ?? 0)
        }
        var byRule: [String: Double] = [:], order: [String] = []
        for row in run.trace where row.count >= 10 {
            if byRule[row[0]] == nil { order.append(row[0]) }
            byRule[row[0], default: 0] += Double(row[9]) ?? 0
        }
        let rows = order.map { rule -> (String, Double, Double?) in
            let gained: Double? = run.attributionGroups.contains(rule) ? simulated.reduce(0.0) { acc, y in
                acc + (run.attribution[.init(year: y, area: "China", sector: "all", variable: "gdp")]?[rule] ?? 0)
            } : nil
            return (rule, byRule[rule]!, gained)
        }
        return (cost, gain, rows)
    }

    /// Every cell of every run against the reference, central values, with p5 and p95 of the
    /// paired deltas where the run kept draws of the cell (draws.csv; empty otherwise):
    /// run,year,area,area_kind,sector,variable,unit,reference,value,delta,delta_pct,delta_p5,delta_p95.
    public func fullTable() throws -> String {
        var out = "run,year,area,area_kind,sector,variable,unit,reference,value,delta,delta_pct,delta_p5,delta_p95\n"
        for run in runs {
            for cell in reference.order {
                guard let r = referenceValue(cell), let v = run.value(cell) else { continue }
                let pct = r != 0 ? CSV.number(100 * (v - r) / r) : ""
                let band = run.draws[cell] != nil ? try pairedBand(run, [cell]) : nil
                out += CSV.line([name(run), String(cell.year), cell.area, reference.kinds[cell.area] ?? "", cell.sector, cell.variable,
                                 reference.units[cell.variable] ?? "", CSV.number(r), CSV.number(v), CSV.number(v - r), pct,
                                 band.map { CSV.number($0.0) } ?? "", band.map { CSV.number($0.1) } ?? ""]) + "\n"
            }
        }
        return out
    }

    /// A run's name in tables: its scenario, or its folder where two runs share a scenario.
    public func name(_ run: ResultFolder) -> String {
        let same = runs.filter { $0.scenario == run.scenario }.count
        return same > 1 ? URL(fileURLWithPath: run.path).lastPathComponent : run.scenario
    }

    func title(_ span: Span) -> String {
        let simulated = reference.years.dropFirst()
        switch span {
        case .year(let y): return "\(y)"
        case .peak: return "peak year of each row's delta \(simulated.first ?? 0)-\(simulated.last ?? 0)"
        case .cumulative: return "cumulative \(simulated.first ?? 0)-\(simulated.last ?? 0)"
        }
    }

    /// The headline as text (aligned columns) or Markdown tables, for each span (default: the
    /// last year and cumulative). Several runs share one side-by-side table per span.
    public func report(markdown: Bool, spans: [Span]? = nil) throws -> String {
        let spans = spans ?? defaultSpans
        try check(spans)
        var out: [String] = []
        for w in warnings { out.append((markdown ? "> **Warning:** " : "WARNING: ") + w) }
        func heading(_ t: String) -> String { markdown ? "### \(t) (100 million yuan, 2022 prices)" : "\(t) (100 million yuan, 2022 prices)" }
        if runs.count == 1 {
            let run = runs[0]
            for span in spans {
                out.append("")
                out.append(heading("\(name(run)) vs \(referenceName), \(title(span))"))
                var header = ["", "reference", "run", "delta", "delta %", "delta p5", "delta p95"]
                if span == .peak { header.insert("year", at: 1) }
                var table = [header]
                for r in try headline(run, span) {
                    var row = [r.label, fixed(r.reference, 0), fixed(r.run, 0), fixed(r.delta, 1), fixed(r.percent, 3),
                               r.band.map { fixed($0.0, 1) } ?? "", r.band.map { fixed($0.1, 1) } ?? ""]
                    if span == .peak { row.insert(r.year.map(String.init) ?? "", at: 1) }
                    table.append(row)
                }
                out.append(contentsOf: render(table, markdown: markdown))
            }
        } else {
            for span in spans {
                out.append("")
                out.append(heading("\(runs.map(name).joined(separator: ", ")) vs \(referenceName), \(title(span)): deltas"))
                var header = ["", "reference"]
                for run in runs {
                    let n = name(run)
                    if span == .peak { header.append("\(n) year") }
                    header += ["\(n) delta", "\(n) %", "\(n) p5", "\(n) p95"]
                }
                let headlines = try runs.map { try headline($0, span) }
                let rows = headlines.map { Dictionary($0.map { ($0.label, $0) }, uniquingKeysWith: { a, _ in a }) }
                // The reference's value is the same for every run but at each run's own peak year.
                let labels = headlines[0].map(\.label)
                var table = [header]
                for label in labels {
                    guard let first = rows[0][label] else { continue }
                    var row = [label, span == .peak ? "" : fixed(first.reference, 0)]
                    for k in runs.indices {
                        guard let r = rows[k][label] else { row += Array(repeating: "", count: span == .peak ? 5 : 4); continue }
                        if span == .peak { row.append(r.year.map(String.init) ?? "") }
                        row += [fixed(r.delta, 1), fixed(r.percent, 3), r.band.map { fixed($0.0, 1) } ?? "", r.band.map { fixed($0.1, 1) } ?? ""]
                    }
                    table.append(row)
                }
                out.append(contentsOf: render(table, markdown: markdown))
            }
        }
        for run in runs {
            let b = balance(run)
            if !b.isEmpty {
                out.append("")
                if runs.count > 1 { out.append("\(name(run)):") }
                out.append(contentsOf: b)
            }
            let f = fiscal(run)
            out.append("")
            let perYuan = f.total > 0 ? fixed(f.gdpGain / f.total, 3) : "n/a"
            out.append("fiscal cost of \(name(run))'s measures: \(fixed(f.total, 0)); GDP gained \(fixed(f.gdpGain, 0)); GDP per yuan of fiscal cost \(perYuan) (cumulative)")
            var table = [["rule", "fiscal cost", "GDP gained", "GDP per yuan"]]
            for (rule, cost, gained) in f.byRule {
                table.append([rule, fixed(cost, 0), gained.map { fixed($0, 0) } ?? "", gained.flatMap { cost > 0 ? fixed($0 / cost, 3) : nil } ?? ""])
            }
            if f.byRule.contains(where: { $0.2 == nil }) {
                out.append(Comparison.attributeHint(run))
            }
            out.append(contentsOf: render(table, markdown: markdown))
        }
        return out.joined(separator: "\n")
    }

    /// Where the GDP effect lands, cumulatively: each of the four regions (which partition the
    /// provinces), the provinces that gain and those that lose, and how much of the gains is a
    /// transfer from the losers. A measure that only moves supply (transfer, synergy, local
    /// sourcing) shows here as gains and losses even where the national sum is zero.
    public func regionalBalance(_ run: ResultFolder) -> (regions: [(String, Double)], gains: Double, losses: Double, gaining: Int, losing: Int)? {
        let simulated = Array(reference.years.dropFirst())
        func effect(_ area: String) -> Double? {
            var total = 0.0
            for y in simulated {
                let cell = ResultFolder.Cell(year: y, area: area, sector: "all", variable: "gdp")
                guard let r = referenceValue(cell), let v = run.value(cell) else { return nil }
                total += v - r
            }
            return total
        }
        let regions = ["East", "Central", "West", "Northeast"].compactMap { a in effect(a).map { (a, $0) } }
        let provinces = reference.kinds.filter { $0.value == "province" }.keys.sorted().compactMap(effect)
        guard regions.count == 4, !provinces.isEmpty else { return nil }
        return (regions, provinces.filter { $0 > 0 }.reduce(0, +), provinces.filter { $0 < 0 }.reduce(0, +),
                provinces.filter { $0 > 0 }.count, provinces.filter { $0 < 0 }.count)
    }

    func balance(_ run: ResultFolder) -> [String] {
        guard let b = regionalBalance(run) else { return [] }
        let span = reference.years.dropFirst()
        let net = b.gains + b.losses
        var lines = ["where the GDP effect lands, cumulative \(span.first ?? 0)-\(span.last ?? 0) (100 million yuan): "
                     + b.regions.map { "\($0.0) \(signed($0.1))" }.joined(separator: ", ") + "; China \(signed(net))"]
        lines.append("\(b.gaining) provinces gain \(signed(b.gains)), \(b.losing) lose \(signed(b.losses))"
                     + (b.losses < 0 ? String(format: "; %@ of the gains is a transfer from the provinces that lose", fixed(min(b.gains, -b.losses), 0)) : ""))
        return lines
    }

    func signed(_ x: Double) -> String { x.isFinite ? String(format: "%+.0f", x) : "n/a" }

    func fixed(_ x: Double, _ digits: Int) -> String { x.isFinite ? String(format: "%.\(digits)f", x) : "n/a" }

    func render(_ rows: [[String]], markdown: Bool) -> [String] {
        if markdown {
            var out = ["| " + rows[0].joined(separator: " | ") + " |", "|" + rows[0].map { _ in "---" }.joined(separator: "|") + "|"]
            for r in rows.dropFirst() { out.append("| " + r.joined(separator: " | ") + " |") }
            return out
        }
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { r in
            r.enumerated().map { c, v in c == 0 ? v.padding(toLength: widths[c], withPad: " ", startingAt: 0) : String(repeating: " ", count: widths[c] - v.count) + v }
                .joined(separator: "  ")
        }
    }
}
