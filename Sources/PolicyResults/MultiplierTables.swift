// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel

/// The files of `policysim multipliers` and the summary it prints.
///
/// - `multipliers.csv`: `area,sector,multiplier,type,value` (names in `MultiplierReport`).
/// - `spillover.csv`: `area,demand_area,sector,measure,type,value`: the effect in `area` per
///   unit of `demand_area`'s final demand for `sector` (or `all`, a yuan in its mix).
/// - `system.csv`: the system by row: `area,sector,output,final_demand,solved_output,
///   value_added_per_output,income_per_output,employment_per_output,forward_linkage`, with
///   solved_output = L y.
/// - `leontief.csv` (on request): `area,sector,demand_area,demand_sector,value`, every nonzero
///   L[(area, sector), (demand_area, demand_sector)].
///
/// Units: output, value added and income in yuan per yuan of final demand; employment in 10
/// thousand persons per 100 million yuan; ratios and normalised linkages have none.
public enum MultiplierTables {
    public static func multipliersCSV(_ r: MultiplierReport) -> String {
        let areas = r.areas.map { CSV.escape($0.id) }, sectors = r.sectorNames.map(CSV.escape), names = r.names.map(CSV.escape)
        var out = "area,sector,multiplier,type,value\n"
        out.reserveCapacity(r.rows.count * 48)
        for row in r.rows {
            out += areas[row.area]; out += ","; out += sectors[row.sector]; out += ","; out += names[row.multiplier]
            out += row.type == .typeI ? ",I," : ",II,"
            out += CSV.number(row.value); out += "\n"
        }
        return out
    }

    public static func spilloverCSV(_ r: MultiplierReport) -> String {
        let areas = r.areas.map { CSV.escape($0.id) }, sectors = r.sectorNames.map(CSV.escape)
        var out = "area,demand_area,sector,measure,type,value\n"
        out.reserveCapacity(r.spillovers.count * 56)
        for row in r.spillovers {
            out += areas[row.area]; out += ","; out += areas[row.demandArea]; out += ","; out += sectors[row.sector]; out += ","
            out += row.measure.rawValue; out += row.type == .typeI ? ",I," : ",II,"
            out += CSV.number(row.value); out += "\n"
        }
        return out
    }

    public static func systemCSV(_ a: MultiplierAnalysis) throws -> String {
        let s = a.system
        let solved = try a.solvedOutput()
        var out = "area,sector,output,final_demand,solved_output,value_added_per_output,income_per_output,employment_per_output,forward_linkage\n"
        for k in 0..<s.size {
            let (p, i) = s.label(k)
            out += CSV.line([p, i] + [s.output[k], s.finalDemand[k], solved[k], s.valueAddedPerOutput[k], s.compensationPerOutput[k],
                                      s.employmentPerOutput[k], a.forwardLinkage[k]].map(CSV.number)) + "\n"
        }
        return out
    }

    public static func leontiefCSV(_ a: MultiplierAnalysis) throws -> String {
        let s = a.system, l = try a.leontief()
        var out = "area,sector,demand_area,demand_sector,value\n"
        let labels = (0..<s.size).map { k -> String in let (p, i) = s.label(k); return CSV.line([p, i]) }
        for k in 0..<s.size {
            for c in 0..<s.size where l[k, c] != 0 { out += labels[k] + "," + labels[c] + "," + CSV.number(l[k, c]) + "\n" }
        }
        return out
    }

    /// A folder `policysim multipliers` wrote: the only kind it replaces, and only with --force.
    public static let folderKind = FolderKind(name: "a policysim multipliers folder") { url in
        guard let handle = try? FileHandle(forReadingFrom: url.appendingPathComponent("multipliers.csv")) else { return false }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: 40)) ?? Data()
        return String(decoding: start, as: UTF8.self).hasPrefix("area,sector,multiplier,type,value\n")
    }

    /// Writes the tables into the staging folder; returns their names.
    public static func write(_ report: MultiplierReport, _ analysis: MultiplierAnalysis, into staging: StagingFolder, leontief: Bool) throws -> [String] {
        var files: [(String, String)] = [("multipliers.csv", multipliersCSV(report)), ("spillover.csv", spilloverCSV(report)),
                                         ("system.csv", try systemCSV(analysis))]
        if leontief { files.append(("leontief.csv", try leontiefCSV(analysis))) }
        for (name, text) in files { try staging.write(name, Data(text.utf8)) }
        return files.map(\.0)
    }
}

/// The summary `policysim multipliers` prints: the nation's top multipliers, one spillover pair,
/// the areas' intra-regional split, and (for regions and clusters) the spillover matrix.
public enum MultiplierSummary {
    static func f(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }

    public static func text(_ r: MultiplierReport, _ a: MultiplierAnalysis, nation: AnalysisArea, pair: (from: AnalysisArea, to: AnalysisArea)?,
                            matrix: Bool, top: Int = 5) -> String {
        var lines: [String] = []
        let types = a.types
        let sectors = a.system.sectors
        let output = sectors.map { r.value(area: nation.id, sector: $0, "output") ?? 0 }
        let ranked = sectors.indices.sorted { output[$0] > output[$1] }.map { sectors[$0] }
        lines.append("Top \(min(top, sectors.count)) output multipliers, \(nation.id) (per yuan of final demand for the sector; employment in 10 thousand persons per 100 million yuan):")
        lines.append("")
        var header = "| sector |", rule = "|---|"
        for m in MultiplierMeasure.allCases {
            for t in types { header += " \(m.rawValue.replacingOccurrences(of: "_", with: " ")) \(t.rawValue) |"; rule += "---:|" }
        }
        lines += [header, rule]
        for s in ranked.prefix(top) {
            var row = "| \(s) |"
            for m in MultiplierMeasure.allCases {
                for t in types { row += " \(f(r.value(area: nation.id, sector: s, m.rawValue, t) ?? .nan)) |" }
            }
            lines.append(row)
        }
        if let (from, to) = pair {
            lines += ["", "Spillover of \(from.id)'s final demand to \(to.id), per yuan of \(from.id)'s final demand in its own mix:", ""]
            lines.append("| effect in \(to.id) |" + types.map { " Type \($0.rawValue) |" }.joined())
            lines.append("|---|" + types.map { _ in "---:|" }.joined())
            for m in MultiplierMeasure.allCases {
                lines.append("| \(m.rawValue.replacingOccurrences(of: "_", with: " ")) |"
                             + types.map { " \(f(r.spillover(m, $0, in: to.id, of: from.id) ?? .nan)) |" }.joined())
            }
            let back = r.spillover(.output, .typeI, in: from.id, of: to.id) ?? .nan
            let forth = r.spillover(.output, .typeI, in: to.id, of: from.id) ?? .nan
            lines += ["", "and back: output in \(from.id) per yuan of \(to.id)'s final demand \(f(back)) (Type I); net spillover \(to.id) - \(from.id) \(f(forth - back))."]
        }
        lines += ["", "Where a yuan of each area's final demand (in its own mix) raises output, Type I (Miller & Blair 2009, section 3.4):", "",
                  "| area | total | intra-regional | isolated | feedback | spillover |", "|---|---:|---:|---:|---:|---:|"]
        for area in r.areas {
            let v = ["output", "output_intra_regional", "output_isolated", "output_feedback", "output_spillover"].map { r.value(area: area.id, $0) ?? .nan }
            lines.append("| \(area.id) |" + v.map { " \(f($0)) |" }.joined())
        }
        if matrix {
            let shown = r.areas.filter { $0.kind != .nation }
            lines += ["", "Output in each area (rows) per yuan of final demand of each area (columns), Type I:", "",
                      "| in \\ of |" + shown.map { " \($0.id) |" }.joined(), "|---|" + shown.map { _ in "---:|" }.joined()]
            for target in shown {
                lines.append("| \(target.id) |" + shown.map { " \(f(r.spillover(.output, .typeI, in: target.id, of: $0.id) ?? .nan)) |" }.joined())
            }
        }
        return lines.joined(separator: "\n")
    }
}
