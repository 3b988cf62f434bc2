// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel

/// `policysim explain`: why one number of a run moved, in words.
public enum Explanation {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// The year of `area`, `sector`, `variable` whose delta against the reference path
    /// (no_policy where the run has it, else baseline) is largest in absolute value.
    public static func peakYear(_ run: ResultFolder, area: String, sector: String, variable: String) -> Int? {
        var best: (Int, Double)?
        for y in run.years.dropFirst() {
            guard let v = run.values[.init(year: y, area: area, sector: sector, variable: variable)], let c = v["central"],
                  let r = v["no_policy"] ?? v["baseline"] else { continue }
            if best == nil || abs(c - r) > abs(best!.1) { best = (y, c - r) }
        }
        return best?.0
    }

    /// Which of area, sector, variable or year the run does not hold, with the names it does;
    /// an area or sector given as nil (a name that did not resolve, reported apart) is not checked.
    public static func problems(_ run: ResultFolder, area: String?, sector: String?, year: Int?, variable: String) -> [String] {
        let areas = Set(run.order.map(\.area)), sectors = Set(run.order.map(\.sector)), variables = Set(run.order.map(\.variable))
        var problems: [String] = []
        if let area, !areas.contains(area) { problems.append("area '\(area)' was not found (see `policysim list areas \(run.path)`)") }
        if let sector, !sectors.contains(sector) { problems.append("sector '\(sector)' was not found (sector ids or all; see `policysim list sectors \(run.path)`)") }
        if !variables.contains(variable) { problems.append("variable '\(variable)' was not found (\(variables.sorted().joined(separator: ", ")))") }
        if let year, !run.years.contains(year) { problems.append("year \(year) was not found (the run holds \(run.years.first ?? 0)-\(run.years.last ?? 0))") }
        return problems
    }

    /// Says which of area, sector, variable or year the run does not hold, with the names it does.
    public static func checkCell(_ run: ResultFolder, area: String, sector: String, year: Int?, variable: String) throws {
        let problems = problems(run, area: area, sector: sector, year: year, variable: variable)
        if !problems.isEmpty { throw Failure(description: "\(run.path): " + problems.joined(separator: "; ")) }
        if let year, run.values[.init(year: year, area: area, sector: sector, variable: variable)] == nil {
            throw Failure(description: "\(run.path) has no \(variable) for \(area), \(sector), \(year): \(variable) is not kept at that detail (try --sector all)")
        }
    }

    /// Why the cell moved over the simulated years, summed (`policysim explain --cumulative`).
    public static func cumulative(_ run: ResultFolder, area: String, sector: String, variable: String,
                                  related: Set<String>) throws -> String {
        try checkCell(run, area: area, sector: sector, year: nil, variable: variable)
        let years = Array(run.years.dropFirst())
        let cells = years.map { ResultFolder.Cell(year: $0, area: area, sector: sector, variable: variable) }
        let values = cells.compactMap { run.values[$0] }
        guard values.count == cells.count, let first = years.first, let last = years.last else {
            throw Failure(description: "\(run.path) has no \(variable) for \(area), \(sector) in every year \(years.first ?? 0)-\(years.last ?? 0) (try --sector all)")
        }
        let unit = run.units[variable] ?? ""
        let central = values.reduce(0) { $0 + ($1["central"] ?? .nan) }
        let hasNoPolicy = values.allSatisfy { $0["no_policy"] != nil }
        let base = values.reduce(0) { $0 + ((hasNoPolicy ? $1["no_policy"] : $1["baseline"]) ?? .nan) }
        var out = ["\(variable) of \(sector == "all" ? "all sectors" : sector) in \(area), cumulative \(first)-\(last), scenario \(run.scenario) (\(unit), summed over the years):"]
        out.append(String(format: "  %@ %.1f -> with the measures %.1f: %+.1f (%+.3f %%)", hasNoPolicy ? "the no-policy path" : "baseline", base, central,
                          central - base, base != 0 ? 100 * (central - base) / base : 0))
        if let peak = peakYear(run, area: area, sector: sector, variable: variable) {
            out.append("  the effect peaks in \(peak) (`--peak` or `--year \(peak)` explains that year)")
        }
        let direct = run.trace.filter { (Int($0[3]).map(years.contains) ?? false) && actedOn($0, area: area, sector: sector, related: related) }
        out.append("")
        if direct.isEmpty {
            out.append("No rule fired directly on \(place(area, sector)) or an area holding it in \(first)-\(last).")
        } else {
            out.append("Rules that fired on \(place(area, sector)) (or an area holding it), \(first)-\(last) (fiscal cost summed over their years):")
            var order: [String] = [], cost: [String: Double] = [:], firedYears: [String: [Int]] = [:], about: [String: [String]] = [:]
            for r in direct {
                let key = "\(r[0])|\(r[4])|\(r[5])"
                if cost[key] == nil { order.append(key); about[key] = r }
                cost[key, default: 0] += Double(r[9]) ?? 0
                if let y = Int(r[3]) { firedYears[key, default: []].append(y) }
            }
            for key in order {
                let r = about[key]!, ys = Array(Set(firedYears[key] ?? [])).sorted()
                let span = ys.count > 1 ? "\(ys.min()!)-\(ys.max()!) (\(ys.count) years)" : "\(ys.first ?? 0)"
                out.append("  \(r[0]) [\(r[2]), task \(r[1])] on \(r[4]), \(r[5]): \(span); fiscal cost \(String(format: "%.2f", cost[key]!))")
            }
        }
        out.append("")
        out += reach(run, cells: cells, area: area, sector: sector, related: related, scale: abs(base), span: "\(first)-\(last)")
        return out.joined(separator: "\n")
    }

    /// `containing`: for an area, the areas that hold it or that it holds (provinces of a region,
    /// regions of a province), from the data set's membership.
    public static func text(_ run: ResultFolder, area: String, sector: String, year: Int, variable: String,
                            related: Set<String>) throws -> String {
        let cell = ResultFolder.Cell(year: year, area: area, sector: sector, variable: variable)
        try checkCell(run, area: area, sector: sector, year: year, variable: variable)
        guard let values = run.values[cell] else {
            throw Failure(description: "\(run.path) has no \(variable) for \(area), \(sector), \(year)")
        }
        let unit = run.units[variable] ?? ""
        var out: [String] = []
        let central = values["central"] ?? .nan
        // A baseline that contains the measures: their effect is against the no-policy path.
        let reference = values["no_policy"].map { ("the no-policy path", $0) } ?? ("baseline", values["baseline"] ?? .nan)
        let base = reference.1
        out.append("\(variable) of \(sector == "all" ? "all sectors" : sector) in \(area), \(year), scenario \(run.scenario) (\(unit)):")
        out.append(String(format: "  %@ %.1f -> with the measures %.1f: %+.1f (%+.3f %%)", reference.0, base, central, central - base, base != 0 ? 100 * (central - base) / base : 0))
        if let target = values["baseline"], values["no_policy"] != nil {
            out.append(String(format: "  (the baseline %.1f is the target path, which contains the measures)", target))
        }
        if let p5 = values["p5"], let p95 = values["p95"] {
            out.append(String(format: "  over the draws: p5 %.1f, median %.1f, p95 %.1f", p5, values["p50"] ?? .nan, p95))
        }
        let direct = run.trace.filter { Int($0[3]) == year && actedOn($0, area: area, sector: sector, related: related) }
        out.append("")
        if direct.isEmpty {
            out.append("No rule fired directly on \(place(area, sector)) or an area holding it in \(year).")
        } else {
            out.append("Rules that fired on \(place(area, sector)) (or an area holding it) in \(year):")
            for r in direct {
                let condition = r[6] == "always" ? "unconditional" : "condition \(r[6])"
                out.append("  \(r[0]) [\(r[2]), task \(r[1])] on \(r[4]), \(r[5]): \(condition); effect \(String(format: "%.2f", Double(r[7]) ?? .nan)) \(r[8]); fiscal cost \(String(format: "%.2f", Double(r[9]) ?? .nan))")
            }
        }
        out.append("")
        out += reach(run, cells: [cell], area: area, sector: sector, related: related, scale: abs(base), span: "\(year)")
        return out.joined(separator: "\n")
    }

    /// "steel in Hebei", or "Hebei" for the cell of all sectors.
    static func place(_ area: String, _ sector: String) -> String {
        sector == "all" ? area : "\(sector) in \(area)"
    }

    /// Whether a trace row's area is the cell's area or one holding it or held by it (`related`;
    /// a row of several areas, joined by '+', when any of them is).
    static func touchesArea(_ row: [String], area: String, related: Set<String>) -> Bool {
        guard row.count >= 10 else { return false }
        return row[4] == area || related.contains(row[4]) || TraceEntry.sectors(of: row[4]).contains { related.contains($0) }
    }

    /// Whether a trace row's sector column names the cell's sector (or says all); a cell of all
    /// sectors is touched by every row.
    static func touchesSector(_ row: [String], sector: String) -> Bool {
        guard row.count >= 10 else { return false }
        return sector == "all" || row[5] == "all" || row[5] == sector || TraceEntry.sectors(of: row[5]).contains(sector)
    }

    /// A firing on the cell itself: on its area (or one holding it) and on its sector.
    static func actedOn(_ row: [String], area: String, sector: String, related: Set<String>) -> Bool {
        touchesArea(row, area: area, related: related) && touchesSector(row, sector: sector)
    }

    /// Which rules reached `cells` (one cell of one year, or the cell in every simulated year)
    /// and by how much. With attribution.csv by rule: each rule's Shapley value summed over the
    /// cells, those that are not zero largest first, each with how it acted (on the cell itself,
    /// on the area's other sectors, on the sector elsewhere; from trace.csv up to the last
    /// year of the cells). A rule that acted on neither the area nor the sector is not listed as
    /// having reached the cell: what such rules moved is one line, their sum, carried by supply
    /// chains between provinces and sectors. A contribution within 1e-9 of `scale` (the cell's
    /// reference value) is rounding of the coalition runs, and zero. Without attribution.csv by
    /// rule: the task split where there is one, and the command that gives the rule split.
    static func reach(_ run: ResultFolder, cells: [ResultFolder.Cell], area: String, sector: String,
                      related: Set<String>, scale: Double, span: String) -> [String] {
        let splits = cells.compactMap { run.attribution[$0] }
        let groups = run.attributionGroups.filter { $0 != "total" }
        var out: [String] = []
        guard splits.count == cells.count, !cells.isEmpty, !groups.isEmpty else {
            out.append("No attribution.csv in \(displayPath(run.path)): which rules reached \(place(area, sector)), and by how much, is not known from trace.csv alone.")
            out.append(Comparison.attributeHint(run, for: "Each rule's effect on this cell"))
            return out
        }
        func sum(_ g: String) -> Double { splits.reduce(0) { $0 + ($1[g] ?? 0) } }
        let total: Double? = splits.allSatisfy { $0["total"] != nil } ? sum("total") : nil
        let byRule = run.manifest.attribution?.by == "rule"
        guard byRule else {
            let by = run.manifest.attribution?.by ?? "group"
            out.append("Contributions to the change by \(by) (Shapley values over \(groups.count) groups; they add up to the total):")
            for g in groups { out.append(String(format: "  %@: %+.2f", g, sum(g))) }
            if let total { out.append(String(format: "  total: %+.2f", total)) }
            out.append("")
            out.append("attribution.csv splits the change by \(by), not by rule, so which rules reached \(place(area, sector)) is not known.")
            out.append(Comparison.attributeHint(run, for: "Each rule's effect on this cell"))
            return out
        }
        let last = cells.map(\.year).max() ?? 0
        let rows = run.trace.filter { $0.count >= 10 && (Int($0[3]).map { $0 <= last } ?? false) }
        let tolerance = 1e-9 * max(1, scale, abs(total ?? 0))
        var listed: [(rule: String, value: Double, how: String)] = []
        var elsewhere = 0.0, elsewhereCount = 0, none = 0
        for g in groups {
            let v = sum(g)
            guard abs(v) > tolerance else { none += 1; continue }
            let own = rows.filter { $0[0] == g }
            let onArea = own.contains { touchesArea($0, area: area, related: related) }
            let onSector = own.contains { touchesSector($0, sector: sector) }
            let how: String
            if own.contains(where: { actedOn($0, area: area, sector: sector, related: related) }) {
                how = "acted on \(place(area, sector))" + (sector == "all" ? "" : " (or an area holding it)")
            } else if onArea {
                how = "acted on other sectors of \(area) (or an area holding it); reached \(sector) through supply chains"
            } else if onSector {
                how = "acted on \(sector) in other areas; reached \(area) through trade between provinces"
            } else {
                elsewhere += v
                elsewhereCount += 1
                continue
            }
            listed.append((g, v, how))
        }
        listed.sort { abs($0.value) != abs($1.value) ? abs($0.value) > abs($1.value) : $0.rule < $1.rule }
        let unit = run.units[cells[0].variable] ?? ""
        if listed.isEmpty {
            out.append("No rule that acted on \(area) or on \(sector == "all" ? "its sectors" : sector) changed this cell in \(span) (attribution.csv, by rule).")
        } else {
            out.append("Rules that reached \(place(area, sector)) in \(span), largest effect first (Shapley values by rule from attribution.csv, \(unit)\(cells.count > 1 ? ", summed over the years" : "")):")
            for r in listed { out.append(String(format: "  %@: %@ (%@)", r.rule, signed(r.value), r.how)) }
        }
        if elsewhereCount > 0 {
            out.append("  \(signed(elsewhere)) from \(elsewhereCount) rule\(elsewhereCount == 1 ? "" : "s") that acted on neither \(area) (nor an area holding it) nor \(sector == "all" ? "its sectors" : sector), through supply chains between provinces and sectors")
        }
        if let total { out.append("  total: \(signed(total)) (the run minus its baseline; the contributions add up to it)") }
        if none > 0 { out.append("  \(none) rule\(none == 1 ? "" : "s") of the scenario had no effect on this cell") }
        return out
    }

    /// A contribution as printed: two decimals, or three significant digits below 0.01.
    static func signed(_ v: Double) -> String {
        abs(v) >= 0.005 || v == 0 ? String(format: "%+.2f", v) : String(format: "%+.3g", v)
    }
}
