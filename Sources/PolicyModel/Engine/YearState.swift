// SPDX-License-Identifier: GPL-3.0-or-later

/// The economy in one year of one path, rows k = province * sectors + sector.
/// Money in 100 million yuan at 2022 prices; employment in 10 thousand persons.
public struct YearState: Sendable {
    public var year: Int
    public var output: [Double]
    public var valueAdded: [Double]
    public var employment: [Double]
    /// Investment made by each investing sector in the year.
    public var investment: [Double]
    /// Capital stock at the end of the year.
    public var capital: [Double]
    /// Productive capacity during the year (infinite where no limit applies).
    public var capacity: [Double]
    /// Domestic final demand by component.
    public var demand: DemandByComponent
    public var exports: [Double]
    /// Foreign imports used in the province (capacity leakage included).
    public var imports: [Double]
    /// Demand for the province's output that capacity could not meet and imports filled.
    public var leak: [Double]
    /// Intermediate use of the product in the province.
    public var intermediateUse: [Double]
    /// Domestic purchases D = (1 - m)(intermediate use + domestic final demand).
    public var purchases: [Double]
    /// Sales to other provinces and purchases from them.
    public var outflow: [Double]
    public var inflow: [Double]
    /// GDP (value added) by province.
    public var gdp: [Double]
    /// Fiscal cost by rule (scenario order) and province: the budget's outlays (gross).
    public var fiscal: [[Double]]
    /// The part of `fiscal` that adds to the deficit (net of taxes raised and spending cut to pay for it).
    public var deficit: [[Double]] = []
    /// GDP of external economies (data set order).
    public var external: [Double]
}

extension YearState {
    /// The largest relative residual of output = intermediate use + domestic final demand + exports
    /// - imports + outflow - inflow over rows, each relative to the sum of its terms' magnitudes.
    public var identityResidual: Double {
        var worst = 0.0
        for k in 0..<output.count {
            var f = 0.0, scale = 0.0
            for c in DemandComponent.allCases { f += demand[c, k]; scale += abs(demand[c, k]) }
            let rhs = intermediateUse[k] + f + exports[k] - imports[k] + outflow[k] - inflow[k]
            scale += abs(intermediateUse[k]) + abs(exports[k]) + abs(imports[k]) + abs(outflow[k]) + abs(inflow[k])
            if scale > 0 { worst = max(worst, abs(output[k] - rhs) / scale) }
        }
        return worst
    }
}

/// The per-draw results kept for statistics: what `output.csv` reports.
public struct PathSummary: Sendable {
    public var output: [[Double]]
    public var valueAdded: [[Double]]
    public var employment: [[Double]]
    public var investment: [[Double]]
    public var capital: [[Double]]
    /// Fiscal cost by province (all rules), gross; and net (what adds to the deficit).
    public var fiscal: [[Double]]
    public var fiscalNet: [[Double]]
    /// Fiscal cost by rule (national).
    public var fiscalByRule: [[Double]]
    public var external: [[Double]]

    public init(_ states: [YearState]) {
        output = states.map(\.output)
        valueAdded = states.map(\.valueAdded)
        employment = states.map(\.employment)
        investment = states.map(\.investment)
        capital = states.map(\.capital)
        fiscal = states.map { s in (0..<s.gdp.count).map { p in s.fiscal.reduce(0) { $0 + $1[p] } } }
        fiscalNet = states.map { s in (0..<s.gdp.count).map { p in s.deficit.reduce(0) { $0 + $1[p] } } }
        fiscalByRule = states.map { s in s.fiscal.map { $0.reduce(0, +) } }
        external = states.map(\.external)
    }
}
