// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyData
import PolicyModel

/// trends.csv holds the national final demand of the NBS 2017 and 2020 tables by component and
/// sector: summed here straight from the source tables' columns (FU101 rural households, FU102
/// urban households, FU103 government, FU201 fixed capital formation, EX exports; 10 thousand
/// yuan) over the products each concordance maps to a sector.
@Suite struct DemandTrendTests {
    static func sums(_ table: String, _ concordance: String) throws -> [String: [String: Double]] {
        let io = try CSV.read(Repo.sources.appendingPathComponent(table), display: table)
        let map = try CSV.read(Repo.inputs.appendingPathComponent(concordance), display: concordance)
        var sectorOf: [String: String] = [:]
        for r in map.rows.indices { sectorOf[map.rows[r][map.column("product")!]] = map.rows[r][map.column("sector")!] }
        let code = io.column("Code")!
        var out: [String: [String: Double]] = [:]
        for (component, column) in [("rural_households", "FU101"), ("urban_households", "FU102"), ("government", "FU103"),
                                    ("fixed_capital", "FU201"), ("exports", "EX")] {
            let c = io.column(column)!
            for r in io.rows.indices {
                guard let sector = sectorOf[io.rows[r][code]] else { continue }
                out[component, default: [:]][sector, default: 0] += try io.number(r, c) / 1e4
            }
        }
        return out
    }

    @Test func trendsAreTheSourceTablesSummedBySector() throws {
        let from = try Self.sums("ionet_nbs_io/china_2017_149.csv", "products-149/concordance.csv")
        let to = try Self.sums("ionet_nbs_io/china_2020_153.csv", "concordance.csv")
        let t = try #require(Repo.data.demandTrends)
        #expect(t.from == 2017 && t.to == 2020)
        for c in DemandTrends.components {
            for (i, s) in Repo.data.sectors.enumerated() {
                let a = from[c.rawValue]?[s.id] ?? 0, b = to[c.rawValue]?[s.id] ?? 0
                #expect(abs(t.demandFrom[c]![i] - a) <= 1e-9 * max(1, abs(a)), "\(c.rawValue) \(s.id) 2017: \(t.demandFrom[c]![i]) vs \(a)")
                #expect(abs(t.demandTo[c]![i] - b) <= 1e-9 * max(1, abs(b)), "\(c.rawValue) \(s.id) 2020: \(t.demandTo[c]![i]) vs \(b)")
            }
        }
        // The fixed-capital share of electronics, 2017 -> 2020, and its annual log change.
        let e = Repo.data.sectorIndex("electronics")!
        let s17 = from["fixed_capital"]!["electronics"]! / from["fixed_capital"]!.values.reduce(0, +)
        let s20 = to["fixed_capital"]!["electronics"]! / to["fixed_capital"]!.values.reduce(0, +)
        #expect(abs(t.sectorChange(.fixedCapital, e) - log(s20 / s17) / 3) < 1e-12)
    }
}
