// SPDX-License-Identifier: GPL-3.0-or-later
import PolicyNumerics

/// The base-year economy in the engine's layout: flat arrays over rows k = p * n + i
/// (province p, sector i), plus the coefficients the projection holds fixed.
///
/// Units: 100 million yuan at 2022 prices; employment in 10 thousand persons.
///
/// A class, not a struct: it is immutable and read by every measure of every year of every
/// draw, and copying a struct of twenty arrays costs twenty reference-count updates each time.
public final class Economy: Sendable {
    public let data: DataSet
    public let n: Int
    public let provinces: Int
    public var size: Int { n * provinces }

    /// Technical coefficients A[i, j] (total, imported inputs included), the same in every province.
    public let coefficients: Matrix
    /// Import share of domestic use by row k = p * n + i: m[p, i] = imports / (intermediate use +
    /// domestic final demand) of province p and sector i in the base year's provincial table
    /// (0 where that use is 0).
    public let importShare: [Double]
    /// Sourcing shares per sector, origin x destination.
    public let sourcing: [Matrix]
    /// Base-year domestic final demand by component, rows k.
    public let demand: DemandByComponent
    public let exports: [Double]
    public let output: [Double]
    /// Employment per unit of output by sector (national), 10 thousand persons per 100 million yuan.
    public let employmentPerOutput: [Double]
    /// Labour compensation per unit of output by row (province and sector, base year), yuan per yuan.
    public let compensationPerOutput: [Double]
    public let investment: [Double]
    public let capital: [Double]
    /// Depreciation rate per year.
    public let depreciation: Double
    /// Base-year GDP (value added) by province.
    public let gdp: [Double]
    /// National mix of fixed capital formation by product (sums to 1).
    public let investmentMix: [Double]
    /// The national mix of fixed capital formation over construction products only, and over
    /// all other products (equipment, vehicles, software and R&D, trade margins); each sums to 1.
    /// Investment by an investing sector buys `equipment_share` at the second and the rest at
    /// the first (`Investment.productMix`).
    public let constructionMix: [Double]
    public let equipmentMix: [Double]
    /// The share of the national mix that is not construction (0.347 in china-2022).
    public let equipmentShareOfMix: Double
    /// Capital per unit of output by sector (national), for relocation investment.
    public let capitalPerOutput: [Double]
    /// Whether a sector faces a capacity limit (industry sectors).
    public let capacityLimited: [Bool]

    /// Members of every province and aggregate, resolved once.
    let membership: [String: [(province: Int, weight: Double)]]

    public init(_ d: DataSet) {
        data = d
        n = d.sectorCount
        provinces = d.provinceCount
        coefficients = d.coefficients
        importShare = (0..<(d.provinceCount * d.sectorCount)).map { k in
            let use = d.provincial[.intermediateUse, k] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + d.provincial[$1, k] }
            return use == 0 ? 0 : d.provincial[.imports, k] / use
        }
        sourcing = d.sourcing
        demand = DemandByComponent { d.provincial[$0.column] }
        exports = d.provincial[.exports]
        output = d.provincial[.output]
        employmentPerOutput = (0..<d.sectorCount).map { d.national[.output, $0] > 0 ? d.national[.employment, $0] / d.national[.output, $0] : 0 }
        let compensation = d.provincial[.compensation]
        let produced = d.provincial[.output]
        compensationPerOutput = (0..<d.provincial.rows).map { produced[$0] > 0 ? compensation[$0] / produced[$0] : 0 }
        investment = d.provincial[.investment]
        capital = d.provincial[.capitalStock]
        depreciation = d.parameters["depreciation_rate"] ?? 0.096
        gdp = (0..<d.provinceCount).map { d.provinceTotal(.valueAdded, $0) }
        let fixed = d.national[.fixedCapital]
        let total = fixed.reduce(0, +)
        investmentMix = fixed.map { total != 0 ? $0 / total : 0 }
        let building = d.sectors.map { $0.group == .construction }
        let built = zip(fixed, building).reduce(0) { $0 + ($1.1 ? $1.0 : 0) }, other = total - built
        constructionMix = zip(fixed, building).map { $1 && built != 0 ? $0 / built : 0 }
        equipmentMix = zip(fixed, building).map { !$1 && other != 0 ? $0 / other : 0 }
        equipmentShareOfMix = total != 0 ? other / total : 0
        capitalPerOutput = (0..<d.sectorCount).map { d.national[.output, $0] > 0 ? d.national[.capitalStock, $0] / d.national[.output, $0] : 0 }
        capacityLimited = d.sectors.map { $0.group == .industry }
        var membership: [String: [(province: Int, weight: Double)]] = [:]
        for (p, province) in d.provinces.enumerated() { membership[province.id] = [(p, 1)] }
        for a in d.aggregates {
            membership[a.id] = a.members.compactMap { m in d.provinceIndex(m.province).map { ($0, m.weight) } }
        }
        self.membership = membership
    }

    /// Provinces and weights of an area id (a province or an aggregate).
    public func members(_ area: String) -> [(province: Int, weight: Double)] {
        membership[area] ?? []
    }
}

extension Economy {
    /// The base year's multi-regional matrix I - B (for benchmarks and outside checks).
    public func baseLeontief() -> Matrix { Structure.base.leontief(self) }
}
