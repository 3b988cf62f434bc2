// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

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
        let direct = run.trace.filter { $0.count >= 10 && (Int($0[3]).map(years.contains) ?? false) && (related.contains($0[4]) || $0[4] == area) && ($0[5] == sector || $0[5] == "all" || sector == "all") }
        out.append("")
        if direct.isEmpty {
            out.append("No rule fired directly on \(area) or an area holding it in \(first)-\(last).")
        } else {
            out.append("Rules that fired on \(area) (or an area holding it), \(first)-\(last) (fiscal cost summed over their years):")
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
        let splits = cells.compactMap { run.attribution[$0] }
        if splits.count == cells.count {
            out.append("Contributions to the change, summed over the years (Shapley values over \(run.attributionGroups.filter { $0 != "total" }.count) groups; they add up to the total):")
            for g in run.attributionGroups where g != "total" {
                out.append(String(format: "  %@: %+.2f", g, splits.reduce(0) { $0 + ($1[g] ?? 0) }))
            }
            if splits.allSatisfy({ $0["total"] != nil }) { out.append(String(format: "  total: %+.2f", splits.reduce(0) { $0 + $1["total"]! })) }
        } else {
            out.append("For each rule's share of the change, run `policysim attribute` on the scenario (writes attribution.csv).")
        }
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
        let direct = run.trace.filter { $0.count >= 10 && Int($0[3]) == year && (related.contains($0[4]) || $0[4] == area) && ($0[5] == sector || $0[5] == "all" || sector == "all") }
        out.append("")
        if direct.isEmpty {
            out.append("No rule fired directly on \(area) or an area holding it in \(year).")
        } else {
            out.append("Rules that fired on \(area) (or an area holding it) in \(year):")
            for r in direct {
                let condition = r[6] == "always" ? "unconditional" : "condition \(r[6])"
                out.append("  \(r[0]) [\(r[2]), task \(r[1])] on \(r[4]), \(r[5]): \(condition); effect \(String(format: "%.2f", Double(r[7]) ?? .nan)) \(r[8]); fiscal cost \(String(format: "%.2f", Double(r[9]) ?? .nan))")
            }
        }
        out.append("")
        if let split = run.attribution[cell] {
            let firedGroups = Set(direct.map { $0[0] }).union(direct.map { $0[1] })
            out.append("Contributions to the change (Shapley values over \(run.attributionGroups.filter { $0 != "total" }.count) groups; they add up to the total):")
            for g in run.attributionGroups where g != "total" {
                let v = split[g] ?? 0
                let how = firedGroups.contains(g) ? "fired here" : "reached through supply chains"
                out.append(String(format: "  %@: %+.2f (%@)", g, v, how))
            }
            if let total = split["total"] { out.append(String(format: "  total: %+.2f", total)) }
        } else {
            out.append("For each rule's share of the change, run `policysim attribute` on the scenario (writes attribution.csv).")
        }
        return out.joined(separator: "\n")
    }
}
