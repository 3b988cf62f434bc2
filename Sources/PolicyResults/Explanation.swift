// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// `policysim explain`: why one number of a run moved, in words.
public enum Explanation {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `containing`: for an area, the areas that hold it or that it holds (provinces of a region,
    /// regions of a province), from the data set's membership.
    public static func text(_ run: ResultFolder, area: String, sector: String, year: Int, variable: String,
                            related: Set<String>) throws -> String {
        let cell = ResultFolder.Cell(year: year, area: area, sector: sector, variable: variable)
        guard let values = run.values[cell] else {
            let known = Array(Set(run.order.map(\.area))).sorted()
            throw Failure(description: "\(run.path) has no \(variable) for \(area), \(sector), \(year); areas are \(known.prefix(12).joined(separator: ", "))..., years \(run.years.first ?? 0)-\(run.years.last ?? 0), sector ids or all")
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
