// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel

/// `iamc.csv`: the central run in the IAMC wide format that pyam reads
/// (`pyam.IamDataFrame("iamc.csv")`): Model, Scenario, Region, Variable, Unit, then one column
/// per year. Variables: GDP, Output, Output|<Sector>, Value Added|<Sector>, Employment,
/// Employment|<Sector>, Investment, Capital Stock, Fiscal Cost, and Fiscal Cost|<rule id> for China.
public enum IAMC {
    static let money = "100m CNY_2022"
    static let persons = "10k persons"

    /// "nonferrous_metals" -> "Nonferrous Metals".
    public static func label(_ sectorID: String) -> String {
        sectorID.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    public static func text(result: ProjectionResult, economy: Economy, version: String) -> String {
        let d = economy.data, n = economy.n
        let s = PathSummary(result.central)
        let table = AreaCells(economy: economy)
        let areas = table.areas
        let width = n + 1
        var lines = [CSV.line(["Model", "Scenario", "Region", "Variable", "Unit"] + result.years.map(String.init))]
        let model = "policysim \(version)"
        var cells: [OutputVariable: [[Double]]] = [:]
        for v in OutputVariable.allCases {
            cells[v] = result.years.indices.map { y in
                var out = [Double](repeating: 0, count: areas.count * width)
                table.cells(s, y, v, areas, into: &out)
                return out
            }
        }
        func row(_ region: String, _ variable: String, _ unit: String, _ values: [Double]) {
            lines.append(CSV.line([model, result.scenario.name, region, variable, unit] + values.map(CSV.number)))
        }
        for (x, area) in areas.enumerated() {
            func series(_ v: OutputVariable, _ slot: Int) -> [Double] { result.years.indices.map { cells[v]![$0][x * width + slot] } }
            row(area.id, "GDP", money, series(.gdp, n))
            if area.external != nil { continue }
            row(area.id, "Output", money, series(.output, n))
            for i in 0..<n { row(area.id, "Output|\(label(d.sectors[i].id))", money, series(.output, i)) }
            for i in 0..<n { row(area.id, "Value Added|\(label(d.sectors[i].id))", money, series(.valueAdded, i)) }
            row(area.id, "Employment", persons, series(.employment, n))
            for i in 0..<n { row(area.id, "Employment|\(label(d.sectors[i].id))", persons, series(.employment, i)) }
            row(area.id, "Investment", money, series(.investment, n))
            row(area.id, "Capital Stock", money, series(.capitalStock, n))
            row(area.id, "Fiscal Cost", money, series(.fiscalCost, n))
            if area.kind == "nation" {
                for (r, rule) in result.scenario.rules.enumerated() {
                    row(area.id, "Fiscal Cost|\(rule.id)", money, result.years.indices.map { y in y < s.fiscalByRule.count && r < s.fiscalByRule[y].count ? s.fiscalByRule[y][r] : 0 })
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
