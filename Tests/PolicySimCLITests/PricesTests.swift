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

/// A target relative to the base year runs exactly as `set` to the level the test computes from
/// the data set's own file: 1.1 times Guangdong's 2022 fixed capital formation of automobiles
/// in `province_sector.csv`.
@Suite(.serialized) struct RelativeTargetTests {
    static func rule(_ numbers: String) -> String {
        """
        name: target
        rules:
          - id: car-plants
            measure: final_demand_shock
            areas: Guangdong
            sectors: [automobiles]
            component: fixed_capital
            operation: set
            years: 2024-2025
        \(numbers)

        """
    }

    @Test func aTargetRelativeToTheBaseYearIsASetToThatLevel() throws {
        let file = CLI.packageRoot.appendingPathComponent("Scenarios/data/china-2022/province_sector.csv")
        let lines = try String(contentsOf: file, encoding: .utf8).split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init)
        let column = try #require(header.firstIndex(of: "fixed_capital"))
        let row = try #require(lines.first { $0.hasPrefix("Guangdong,automobiles,") }).split(separator: ",", omittingEmptySubsequences: false)
        let base = try #require(Double(row[column]))
        let box = Scratch("relative")
        let relative = try box.scenario("relative.yaml", Self.rule("    value: 1.1\n    relative_to: 2022"))
        let level = try box.scenario("level.yaml", Self.rule("    value: \(String(format: "%.17g", 1.1 * base))"))
        for (f, out) in [(relative, "a"), (level, "b")] {
            let r = try CLI.run(["run", f, "--draws", "0", "--out", box.path(out), "--silent"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let a = try PricesTests.gdp(box.path("a")), b = try PricesTests.gdp(box.path("b"))
        #expect(a.count > 10 && a.keys.sorted() == b.keys.sorted())
        for (k, v) in a { #expect(abs(v - b[k]!) <= 1e-12 * abs(v), "\(k): \(v) vs \(b[k]!)") }
        // The target moved GDP in 2024, and 2023 (before the rule) is the baseline's.
        var effect: [String: Double] = [:]
        for row in try csvTable(box.path("a") + "/output.csv") where row["area"] == "China" && row["variable"] == "gdp" && row["sector"] == "all" {
            effect[row["year"]!, default: 0] += (row["statistic"] == "central" ? 1 : row["statistic"] == "baseline" ? -1 : 0) * Double(row["value"]!)!
        }
        #expect(effect["2023"] == 0 && abs(effect["2024"] ?? 0) > 1, "\(effect)")
    }
}
