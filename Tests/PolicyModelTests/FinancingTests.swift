// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyModel
import PolicyNumerics

/// Additionality and financing of spending measures, against closed forms.
@Suite struct FinancingTests {
    /// One province, one sector with no intermediate inputs and no imports, all value added paid
    /// as compensation (w = 1): a one-good Keynesian economy.
    static func oneGood() throws -> DataSet {
        let sector = Sector(id: "s", name: "only", group: .services, isKeyIndustry: false, provinceKey: .group, products: [])
        var national = FlowTable(rows: 1, columns: FlowColumn.national)
        var provincial = FlowTable(rows: 1, columns: FlowColumn.allCases)
        for table in 0..<2 {
            func set(_ c: FlowColumn, _ v: Double) { if table == 0 { national[c, 0] = v } else { provincial[c, 0] = v } }
            set(.output, 100); set(.valueAdded, 100); set(.compensation, 100)
            set(.ruralHouseholds, 40); set(.government, 50); set(.fixedCapital, 10); set(.employment, 1); set(.investment, 10); set(.capitalStock, 100)
        }
        return DataSet(name: "one", title: "one good", baseYear: 2022, sectors: [sector],
                       provinces: [Province(id: "Alpha", nameZh: "", region: "East", capital: "", latitude: 0, longitude: 0, gdp: 100)],
                       aggregates: [Aggregate(id: "China", kind: .nation, members: [.init(province: "Alpha", weight: 1)])],
                       externals: [], national: national, coefficients: try Matrix([[0]]), provincial: provincial,
                       sourcing: [Matrix.identity(1)], gdpHistory: ["Alpha": [2017: 1, 2022: 1]],
                       parameters: ["depreciation_rate": 0.1], provenance: [])
    }

    static func spending(_ numbers: [String: ParameterValue], financing: FinancingMethod) -> Rule {
        Rule(id: "g", task: "t", description: "", measure: .finalDemandShock, areas: ["Alpha"], perProvince: false, sectors: ["s"],
             condition: nil, conditionText: "", firstYear: 2023, lastYear: 2023, phaseIn: [],
             numbers: numbers, composition: nil, component: .government, fromAreas: [], operation: .add,
             inputSectors: [], origin: "", financing: financing)
    }

    /// Haavelmo's balanced-budget theorem: government spending dG paid by a tax of the same size
    /// raises output by exactly dG, whatever the propensity c: dY = dG + c (dY - dG).
    @Test(arguments: [0.3, 0.6, 0.9])
    func taxFinancedSpendingHasAMultiplierOfOne(_ c: Double) throws {
        let rule = Self.spending(["amount": .value(10), "fiscal_share": .value(1)], financing: .taxes)
        let scenario = TinyEconomy.scenario(rules: [rule], households: .endogenous(propensity: .value(c)))
        let result = try Projection.run(Economy(try Self.oneGood()), scenario, options: ProjectionOptions(threads: 1))
        let dY = result.central[1].gdp[0] - result.baseline.noPolicy[1].gdp[0]
        #expect(abs(dY - 10) < 1e-9, "c = \(c): dY = \(dY)")
        // Gross cost 10, no deficit: the tax paid for it.
        #expect(abs(result.central[1].fiscal[0][0] - 10) < 1e-12 && result.central[1].deficit[0][0] == 0)
        // Debt-financed with no crowding out, the same spending has the Keynesian multiplier 1 / (1 - c).
        let debt = Self.spending(["amount": .value(10), "fiscal_share": .value(1), "financing_crowding_out": .value(0)], financing: .debt)
        let r2 = try Projection.run(Economy(try Self.oneGood()), TinyEconomy.scenario(rules: [debt], households: .endogenous(propensity: .value(c))),
                                    options: ProjectionOptions(threads: 1))
        let dY2 = r2.central[1].gdp[0] - r2.baseline.noPolicy[1].gdp[0]
        #expect(abs(dY2 - 10 / (1 - c)) < 1e-9 && abs(r2.central[1].deficit[0][0] - 10) < 1e-12)
        // Debt that crowds out half its amount of private investment: dY = (10 - 5) / (1 - c).
        let crowding = Self.spending(["amount": .value(10), "fiscal_share": .value(1), "financing_crowding_out": .value(0.5)], financing: .debt)
        let r3 = try Projection.run(Economy(try Self.oneGood()), TinyEconomy.scenario(rules: [crowding], households: .endogenous(propensity: .value(c))),
                                    options: ProjectionOptions(threads: 1))
        #expect(abs(r3.central[1].gdp[0] - r3.baseline.noPolicy[1].gdp[0] - 5 / (1 - c)) < 1e-9)
    }

    /// Spending none of which is new demand changes nothing but the budget.
    @Test func zeroAdditionalityHasNoEffect() throws {
        let data = TinyEconomy.make()
        let rule = Rule(id: "p", task: "t", description: "", measure: .investmentProgramme, areas: ["Alpha"], perProvince: false,
                        sectors: [], condition: nil, conditionText: "", firstYear: 2023, lastYear: 2023, phaseIn: [],
                        numbers: ["amount": .value(300), "additionality": .value(0), "financing_crowding_out": .value(0)],
                        composition: nil, component: nil, fromAreas: [], operation: nil, inputSectors: [], origin: "")
        let result = try Projection.run(Economy(data), TinyEconomy.scenario(rules: [rule]), options: ProjectionOptions(threads: 1))
        for i in 0..<2 { #expect(result.central[1].output[i] == result.baseline.states[1].output[i]) }
        #expect(abs(result.central[1].fiscal[0][0] - 300) < 1e-12)
    }

    /// Reallocation takes the budget cost out of other government spending: with a full cut,
    /// spending on the good at government's own mix changes nothing at all.
    @Test func fullReallocationOfGovernmentSpendingIsNeutral() throws {
        let rule = Self.spending(["amount": .value(10), "fiscal_share": .value(1)], financing: .reallocation)
        let result = try Projection.run(Economy(try Self.oneGood()), TinyEconomy.scenario(rules: [rule]), options: ProjectionOptions(threads: 1))
        #expect(abs(result.central[1].output[0] - result.baseline.states[1].output[0]) < 1e-12)
        #expect(result.central[1].deficit[0][0] == 0)
    }
}
