// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel

/// The text of `policysim data report`: what the data set holds, what is measured, estimated
/// or assumed, and headline figures a user can check against published ones.
public enum DataSetReport {
    public static func text(_ d: DataSet) -> String {
        var out: [String] = []
        func f0(_ x: Double) -> String { String(format: "%.0f", x) }
        func f1(_ x: Double) -> String { String(format: "%.1f", x) }
        out.append("\(d.name): \(d.title)")
        out.append("base year \(d.baseYear); \(d.provinceCount) provinces x \(d.sectorCount) sectors; money in 100 million yuan at 2022 prices")
        out.append("")
        for status in ProvenanceEntry.Status.allCases {
            let entries = d.provenance.filter { $0.status == status }
            guard !entries.isEmpty else { continue }
            out.append("\(status.rawValue.uppercased()):")
            for e in entries {
                out.append("  \(e.table) [\(e.column)]")
                out.append("    source: \(e.source)")
                out.append("    method: \(e.method)")
            }
            out.append("")
        }
        let gdpTotal = d.national[.valueAdded].reduce(0, +)
        out.append("HEADLINES (national value added \(f0(gdpTotal)))")
        out.append("  key industries (gross output, share of GDP; the statement says each is above 1 %):")
        for (i, s) in d.sectors.enumerated() where s.isKeyIndustry {
            out.append("    \(s.id): \(f0(d.national[.output, i])) (\(f1(100 * d.national[.output, i] / gdpTotal)) %)")
        }
        out.append("  aggregates (NBS 2022 GDP of members; model value added):")
        for a in d.aggregates {
            let nbs = d.aggregate(a) { d.provinces[$0].gdp }
            let va = d.aggregate(a) { d.provinceTotal(.valueAdded, $0) }
            out.append("    \(a.id) [\(a.kind.rawValue)]: \(f0(nbs)); \(f0(va))")
        }
        for e in d.externals { out.append("    \(e.id) [external, \(e.cluster)]: \(f0(e.gdp)) (outside the input-output system)") }
        let ratios = (0..<d.provinceCount).map { d.provinceTotal(.valueAdded, $0) / d.provinces[$0].gdp }
        out.append("  province value added / NBS GDP: \(String(format: "%.4f", ratios.min() ?? 0)) to \(String(format: "%.4f", ratios.max() ?? 0))")
        for (i, s) in d.sectors.enumerated() where s.provinceKey != .group {
            let top = (0..<d.provinceCount).sorted { d.provincial[.output, d.row($0, i)] > d.provincial[.output, d.row($1, i)] }.prefix(5)
            out.append("  largest \(s.id) provinces: " + top.map { "\(d.provinces[$0].id) \(f0(d.provincial[.output, d.row($0, i)]))" }.joined(separator: ", "))
        }
        out.append("")
        out.append("PARAMETERS: " + d.parameters.sorted { $0.key < $1.key }.map { "\($0.key) = \(CSV.number($0.value))" }.joined(separator: ", "))
        return out.joined(separator: "\n")
    }
}
