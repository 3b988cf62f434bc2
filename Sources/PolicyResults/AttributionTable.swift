// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel

/// `attribution.csv`: year,area,area_kind,sector,variable,unit,group,contribution, with a row for
/// every group and a row `total` (the run minus its baseline) that the groups add up to.
public enum AttributionTable {
    public static let header = "year,area,area_kind,sector,variable,unit,group,contribution"
    public static let variables: [OutputVariable] = [.output, .valueAdded, .gdp, .employment, .investment, .capitalStock]

    public static func text(_ a: Attribution.Result, economy: Economy) -> String {
        let maker = AreaCells(economy: economy)
        let areas = maker.areas
        let n = economy.n, width = n + 1
        let sectors = economy.data.sectors.map(\.id) + ["all"]
        var out = header + "\n"
        var total = [Double](repeating: 0, count: areas.count * width), none = total
        var parts = [[Double]](repeating: total, count: a.groups.count)
        for (y, year) in a.years.enumerated() where y > 0 {
            for v in variables {
                maker.cells(a.all, y, v, areas, into: &total)
                maker.cells(a.none, y, v, areas, into: &none)
                for g in a.groups.indices { maker.cells(a.contributions[g], y, v, areas, into: &parts[g]) }
                for (x, area) in areas.enumerated() where area.external == nil {
                    for si in 0..<width where v.bySector || si == n {
                        let c = x * width + si
                        let prefix = "\(year),\(CSV.escape(area.id)),\(area.kind),\(sectors[si]),\(v.rawValue),\(v.unit),"
                        for (g, name) in a.groups.enumerated() { out += prefix + CSV.escape(name) + "," + CSV.number(parts[g][c]) + "\n" }
                        out += prefix + "total," + CSV.number(total[c] - none[c]) + "\n"
                    }
                }
            }
        }
        return out
    }
}
