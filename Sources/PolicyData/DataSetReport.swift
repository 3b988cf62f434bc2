// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel

/// The text of `policysim data report`: what the data set holds, what is measured, scaled,
/// estimated or assumed, the share of each table's values in each class, the build's checks
/// against its sources, and headline figures a user can check against published ones.
public enum DataSetReport {
    /// `detail` adds the per-province lines of the checks (shares of every industry sector, net
    /// outflow of every province).
    public static func text(_ d: DataSet, detail: Bool = false) -> String {
        var out: [String] = []
        func f0(_ x: Double) -> String { String(format: "%.0f", x) }
        func f1(_ x: Double) -> String { String(format: "%.1f", x) }
        func pct(_ x: Double) -> String { String(format: "%.1f %%", 100 * x) }
        out.append("\(d.name): \(d.title)")
        out.append("base year \(d.baseYear); \(d.provinceCount) provinces x \(d.sectorCount) sectors; money in 100 million yuan at \(d.baseYear) prices")
        out.append("")
        let sources = d.provenance.filter { !$0.column.hasPrefix(ProvenanceCheck.other) && $0.column != ProvenanceCheck.shareOfValues }
        for status in ProvenanceEntry.Status.allCases {
            let entries = sources.filter { $0.status == status }
            guard !entries.isEmpty else { continue }
            out.append("\(status.rawValue.uppercased()):")
            for e in entries {
                out.append("  \(e.table) [\(e.column)]")
                out.append("    source: \(e.source)")
                out.append("    method: \(e.method)")
            }
            out.append("")
        }

        let shares = d.provenance.filter { $0.column == ProvenanceCheck.shareOfValues }
        if !shares.isEmpty {
            out.append("SHARE OF VALUES (measured: copied for the base year; scaled: measured for another year and carried to it; estimated: computed by a stated method):")
            var tables: [String] = []
            for e in shares where !tables.contains(e.table) { tables.append(e.table) }
            for t in tables {
                let rows = shares.filter { $0.table == t }
                out.append("  \(t): " + rows.map { "\($0.status.rawValue) \($0.method)" }.joined(separator: "; "))
                out.append("    (\(rows[0].source))")
            }
            out.append("")
        }

        let structure = d.provenance.filter { $0.column.hasPrefix(ProvenanceCheck.structure) }
        if !structure.isEmpty {
            out.append("PROVINCIAL STRUCTURE AGAINST ITS SOURCE (\(structure[0].source)):")
            out.append("  correlation across provinces of each industry sector's shares of national output, source year against base year:")
            for e in structure {
                let head = e.method.components(separatedBy: "; ")[0]
                out.append("    \(e.column.dropFirst(ProvenanceCheck.structure.count)): \(head)")
                if detail { out.append("      " + e.method.components(separatedBy: "; ").dropFirst().joined(separator: "; ")) }
            }
            if detail {
                out.append("  each province's largest industry sector in the source:")
                for e in d.provenance where e.column.hasPrefix(ProvenanceCheck.largestSector) {
                    out.append("    \(e.column.dropFirst(ProvenanceCheck.largestSector.count)): \(e.method)")
                }
            }
            out.append("")
        }

        out.append("INTERPROVINCIAL TRADE:")
        let trade = tradeFigures(d)
        out.append("  own-province share of domestic purchases by sector group (as local as the net positions allow: min(supply, demand) / demand):")
        for g in trade {
            out.append("    \(g.group.rawValue): \(pct(g.ownShare)) (at most \(pct(g.mostLocal))); output sold to other provinces \(pct(g.outflowShare))")
        }
        let outflow = (0..<d.provinceCount).reduce(0.0) { $0 + d.provinceTotal(.interprovincialOutflow, $1) }
        let output = (0..<d.provinceCount).reduce(0.0) { $0 + d.provinceTotal(.output, $1) }
        out.append("    all sectors: output sold to other provinces \(pct(outflow / output))")
        if let criterion = d.provenance.first(where: { $0.column == ProvenanceCheck.netOutflowCriterion }) {
            out.append("  interprovincial net outflow against the expenditure approach (\(criterion.source)):")
            out.append("    \(criterion.method)")
            if detail {
                for e in d.provenance where e.column.hasPrefix(ProvenanceCheck.netOutflow) && e.column != ProvenanceCheck.netOutflowCriterion {
                    out.append("    \(e.column.dropFirst(ProvenanceCheck.netOutflow.count)): \(e.method)")
                }
            }
        }
        out.append("")

        let gdpTotal = d.national[.valueAdded].reduce(0, +)
        out.append("HEADLINES (national value added \(f0(gdpTotal)))")
        out.append("  key industries (gross output, share of GDP; the statement says each is above 1 %):")
        for (i, s) in d.sectors.enumerated() where s.isKeyIndustry {
            out.append("    \(s.id): \(f0(d.national[.output, i])) (\(f1(100 * d.national[.output, i] / gdpTotal)) %)")
        }
        out.append("  aggregates (NBS \(d.baseYear) GDP of members; model value added):")
        for a in d.aggregates {
            let nbs = d.aggregate(a) { d.provinces[$0].gdp }
            let va = d.aggregate(a) { d.provinceTotal(.valueAdded, $0) }
            out.append("    \(a.id) [\(a.kind.rawValue)]: \(f0(nbs)); \(f0(va))")
        }
        for e in d.externals { out.append("    \(e.id) [external, \(e.cluster)]: \(f0(e.gdp)) (outside the input-output system)") }
        let ratios = (0..<d.provinceCount).map { d.provinceTotal(.valueAdded, $0) / d.provinces[$0].gdp }
        out.append("  province value added / NBS GDP: \(String(format: "%.4f", ratios.min() ?? 0)) to \(String(format: "%.4f", ratios.max() ?? 0))")
        for (i, s) in d.sectors.enumerated() where s.provinceKey != .group {
            let total = d.national[.output, i]
            let top = (0..<d.provinceCount).sorted { d.provincial[.output, d.row($0, i)] > d.provincial[.output, d.row($1, i)] }.prefix(5)
            out.append("  largest \(s.id) provinces: " + top.map { "\(d.provinces[$0].id) \(f0(d.provincial[.output, d.row($0, i)])) (\(pct(d.provincial[.output, d.row($0, i)] / total)))" }.joined(separator: ", "))
        }
        if detail {
            let shown = d.sectors.indices.filter { d.sectors[$0].isKeyIndustry || d.sectors[$0].id == "mining" }
            if !shown.isEmpty {
                out.append("")
                out.append("SHARES OF NATIONAL OUTPUT BY PROVINCE (%, this data set): " + shown.map { d.sectors[$0].id }.joined(separator: ", "))
                for p in 0..<d.provinceCount {
                    out.append("  \(d.provinces[p].id): " + shown.map { f1(100 * d.provincial[.output, d.row(p, $0)] / d.national[.output, $0]) }.joined(separator: ", "))
                }
                out.append("SHARES OF EACH PROVINCE'S VALUE ADDED (%, this data set): " + shown.map { d.sectors[$0].id }.joined(separator: ", "))
                for p in 0..<d.provinceCount {
                    let total = d.provinceTotal(.valueAdded, p)
                    out.append("  \(d.provinces[p].id): " + shown.map { f1(100 * d.provincial[.valueAdded, d.row(p, $0)] / total) }.joined(separator: ", "))
                }
            }
        }
        out.append("")
        out.append("PARAMETERS: " + d.parameters.sorted { $0.key < $1.key }.map { "\($0.key) = \(CSV.number($0.value))" }.joined(separator: ", "))
        return out.joined(separator: "\n")
    }

    /// Trade figures of one sector group, from the data set itself.
    public struct GroupTrade: Sendable {
        public var group: Sector.Group
        /// sum over sectors and provinces of t[p, p] D[p] / sum of D: the share of domestic
        /// purchases (domestic use - imports) a province supplies itself.
        public var ownShare: Double
        /// sum of min(supply, demand) / sum of demand: the own share with no cross-hauling, the
        /// most local any sourcing rule can be with these net positions.
        public var mostLocal: Double
        /// Interprovincial outflow over output.
        public var outflowShare: Double
    }

    public static func tradeFigures(_ d: DataSet) -> [GroupTrade] {
        Sector.Group.allCases.compactMap { g in
            let members = d.sectors.indices.filter { d.sectors[$0].group == g }
            guard !members.isEmpty else { return nil }
            var own = 0.0, local = 0.0, demand = 0.0, outflow = 0.0, output = 0.0
            for i in members {
                let supplyTotal = (0..<d.provinceCount).reduce(0.0) { $0 + d.provincial[.output, d.row($1, i)] - d.provincial[.exports, d.row($1, i)] }
                let demands = (0..<d.provinceCount).map { p -> Double in
                    let r = d.row(p, i)
                    return d.provincial[.intermediateUse, r] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + d.provincial[$1, r] } - d.provincial[.imports, r]
                }
                let demandTotal = demands.reduce(0, +)
                for p in 0..<d.provinceCount {
                    let r = d.row(p, i)
                    own += d.sourcing[i][p, p] * demands[p]
                    let supply = d.provincial[.output, r] - d.provincial[.exports, r]
                    local += min(supply, demandTotal > 0 ? demands[p] * supplyTotal / demandTotal : 0)
                    demand += demands[p]
                    outflow += d.provincial[.interprovincialOutflow, r]
                    output += d.provincial[.output, r]
                }
            }
            return GroupTrade(group: g, ownShare: demand > 0 ? own / demand : 0, mostLocal: demand > 0 ? local / demand : 0,
                              outflowShare: output > 0 ? outflow / output : 0)
        }
    }
}
