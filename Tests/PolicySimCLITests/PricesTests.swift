// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// `prices:` converts a rule's nominal yuan of a year to the data's 2022 prices by the GDP
/// deflator the staged sources imply, computed here from the two source files themselves.
@Suite(.serialized) struct PricesTests {
    /// (NBS nominal GDP of y / of 2022) / (World Bank real GDP of y / of 2022), read with a
    /// plain split of the CSV files (neither quotes a field; the World Bank file ends lines in CRLF).
    static func level(_ year: Int) throws -> Double {
        let sources = CLI.packageRoot.appendingPathComponent("Scenarios/data/sources")
        var nominal: [Int: Double] = [:], real: [Int: Double] = [:]
        let n = try String(contentsOf: sources.appendingPathComponent("gdpviz_nbs_province_gdp_sectors/national_gdp_sectors_1952_2022.csv"), encoding: .utf8)
        for line in n.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            if let y = Int(f[0]), let v = Double(f[1]) { nominal[y] = v }
        }
        let w = try String(contentsOf: sources.appendingPathComponent("owid_wb_real_gdp/gdp_constant_2015usd_CHN_HKG_MAC.csv"), encoding: .utf8)
        for line in w.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            if f[1] == "CHN", let y = Int(f[2]), let v = Double(f[3]) { real[y] = v }
        }
        return (nominal[year]! / nominal[2022]!) / (real[year]! / real[2022]!)
    }

    static func rule(_ subsidy: String, prices: String?) -> String {
        """
        name: priced
        rules:
          - id: tradeins
            measure: consumption_programme
            areas: China
            sectors: [automobiles]
            component: [rural_households, urban_households]
            years: 2023-2024
            subsidy: \(subsidy)
        \(prices.map { "    prices: \($0)" } ?? "")

        """
    }

    static func gdp(_ folder: String) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for row in try csvTable(folder + "/output.csv") where row["variable"] == "gdp" && row["statistic"] == "central" && row["sector"] == "all" {
            out[row["area"]! + " " + row["year"]!] = Double(row["value"]!)!
        }
        return out
    }

    @Test func theCommandConvertsByTheSourcesDeflator() throws {
        let level = try Self.level(2019)
        let r = try CLI.run(["prices", "--year", "2019", "--amount", "10000"])
        #expect(r.status == 0, "\(r.stderr)")
        // "10000 at 2019 prices = X at 2022 prices (...)"
        let x = r.stdout.components(separatedBy: " = ").dropFirst().first.flatMap { Double($0.split(separator: " ")[0]) }
        #expect(x.map { abs($0 - 10000 / level) <= 1e-9 * $0 } == true, "\(r.stdout) against \(10000 / level)")
        #expect(r.stdout.contains("NBS nominal GDP") && r.stdout.contains("World Bank real GDP"))
        let table = try CLI.run(["prices"])
        #expect(table.status == 0 && table.stdout.contains("\n2022  1.0000\n"), "\(table.stdout)")
        let uncovered = try CLI.run(["prices", "--year", "2024"])
        #expect(uncovered.status == 65 && uncovered.stderr.contains("not 2024") && uncovered.stderr.contains("deflator:"), "\(uncovered.stderr)")
    }

    /// A rule at 2020 prices runs exactly as the same rule with its amount divided by the
    /// 2020 price level at 2022 prices.
    @Test func aRuleAtAYearsPricesIsItsAmountDeflated() throws {
        let box = Scratch("prices")
        let level = try Self.level(2020)
        let nominal = try box.scenario("nominal.yaml", Self.rule("3000", prices: "2020"))
        let real = try box.scenario("real.yaml", Self.rule(String(format: "%.17g", 3000 / level), prices: nil))
        for (file, out) in [(nominal, "n"), (real, "r")] {
            let r = try CLI.run(["run", file, "--draws", "0", "--out", box.path(out), "--silent"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let a = try Self.gdp(box.path("n")), b = try Self.gdp(box.path("r"))
        #expect(a.count > 10 && a.keys.sorted() == b.keys.sorted())
        for (k, v) in a { #expect(abs(v - b[k]!) <= 1e-12 * abs(v), "\(k): \(v) vs \(b[k]!)") }
        // And it differs from the same number read at 2022 prices (the deflator is not 1).
        #expect(abs(level - 1) > 0.01)
    }

    @Test func aYearTheSourcesDoNotCoverNeedsItsDeflatorAndSource() throws {
        let box = Scratch("prices-late")
        let late = try box.scenario("late.yaml", Self.rule("3000", prices: "2024"))
        let r = try CLI.run(["validate", late])
        #expect(r.status == 65 && r.stderr.contains("late.yaml:12:13: error: the staged sources give the GDP deflator for"), "\(r.stderr)")
        let unsourced = try box.scenario("unsourced.yaml", Self.rule("3000", prices: "{year: 2024, deflator: 1.01}"))
        let u = try CLI.run(["validate", unsourced])
        #expect(u.status == 65 && u.stderr.contains("prices.deflator needs `source`"), "\(u.stderr)")
        let given = try box.scenario("given.yaml", Self.rule("3000", prices: "{year: 2024, deflator: 1.01, source: \"an assumption for the test\"}"))
        let g = try CLI.run(["validate", given])
        #expect(g.status == 0, "\(g.stderr)")
    }
}
