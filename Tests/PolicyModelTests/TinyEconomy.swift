// SPDX-License-Identifier: GPL-3.0-or-later
import PolicyModel
import PolicyNumerics

/// A one-province, two-sector data set from Miller & Blair (2009), Table 2.3:
/// Z = [[150, 500], [200, 100]], x = [1000, 2000], so final demand f = x - Z 1 = [350, 1700].
/// No imports, no exports, no capacity limits (both sectors are services).
enum TinyEconomy {
    /// `compensation`: labour compensation per unit of output by sector (default: all value
    /// added); `households`: rural household consumption by sector, taken out of the government
    /// final demand that balances the table (default none).
    static func make(capital: [Double] = [200, 400], investment: [Double] = [50, 100], depreciation: Double = 0.1,
                     groups: [Sector.Group] = [.services, .services], compensation: [Double]? = nil,
                     households: [Double] = [0, 0]) -> DataSet {
        let a = try! Matrix([[0.15, 0.25], [0.20, 0.05]])
        let x = [1000.0, 2000.0]
        let sectors = [
            Sector(id: "a", name: "first", group: groups[0], isKeyIndustry: false, provinceKey: .group, products: []),
            Sector(id: "b", name: "second", group: groups[1], isKeyIndustry: false, provinceKey: .group, products: []),
        ]
        var national = FlowTable(rows: 2, columns: FlowColumn.national)
        var provincial = FlowTable(rows: 2, columns: FlowColumn.allCases)
        let inputs = a.columnSums()
        let use = a * Vector(x)
        for i in 0..<2 {
            for table in [0, 1] {
                func set(_ c: FlowColumn, _ v: Double) { if table == 0 { national[c, i] = v } else { provincial[c, i] = v } }
                set(.output, x[i])
                set(.intermediateInput, inputs[i] * x[i])
                set(.valueAdded, (1 - inputs[i]) * x[i])
                let w = compensation?[i] ?? (1 - inputs[i])
                set(.compensation, w * x[i])
                set(.operatingSurplus, (1 - inputs[i] - w) * x[i])
                set(.intermediateUse, use[i])
                set(.ruralHouseholds, households[i])
                set(.government, x[i] - use[i] - households[i])
                set(.employment, x[i] / 100)
                set(.investment, investment[i])
                set(.capitalStock, capital[i])
            }
        }
        let gdp = (0..<2).reduce(0.0) { $0 + (1 - inputs[$1]) * x[$1] }
        return DataSet(name: "miller-blair", title: "Miller & Blair Table 2.3", baseYear: 2022, sectors: sectors,
                       provinces: [Province(id: "Alpha", nameZh: "", region: "East", capital: "", latitude: 0, longitude: 0, gdp: gdp)],
                       aggregates: [Aggregate(id: "China", kind: .nation, members: [.init(province: "Alpha", weight: 1)])],
                       externals: [], national: national, coefficients: a, provincial: provincial,
                       sourcing: [Matrix.identity(1), Matrix.identity(1)], gdpHistory: ["Alpha": [2017: 1, 2022: 1]],
                       parameters: ["depreciation_rate": depreciation], provenance: [])
    }

    static func scenario(rules: [Rule], years: ClosedRange<Int> = 2023...2025, growth: Double = 0,
                         included: IncludedPolicy = IncludedPolicy(), households: HouseholdClosure = .exogenous) -> Scenario {
        Scenario(name: "tiny", title: "", description: "", files: [], dataPath: "", startYear: years.lowerBound, endYear: years.upperBound,
                 baseline: BaselineSpec(growth: Dictionary(uniqueKeysWithValues: years.map { ($0, growth) }), differentialPersistence: 0,
                                        historyFrom: 2017, historyTo: 2022, labourProductivityGrowth: 0, capacityUtilisation: 1, externalGrowth: [:],
                                        included: included, households: households),
                 seed: 1, draws: 0, parameters: [:], rules: rules)
    }

    /// Adds `value` a year of government demand for `sector` (an amount of value x the years).
    static func shock(_ id: String, sector: String, value: Double, years: ClosedRange<Int>) -> Rule {
        Rule(id: id, task: "t", description: "", measure: .finalDemandShock, areas: ["Alpha"], perProvince: false, sectors: [sector],
             condition: nil, conditionText: "", firstYear: years.lowerBound, lastYear: years.upperBound, phaseIn: [],
             numbers: ["amount": .value(value * Double(years.count))], composition: nil, component: .government, fromAreas: [], operation: .add,
             inputSectors: [], origin: "")
    }
}
