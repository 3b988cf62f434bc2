// SPDX-License-Identifier: GPL-3.0-or-later

/// Changes to final demand, exports and investment made by the rules in one year, in the
/// engine's row layout (k = province * sectors + sector), 100 million yuan at 2022 prices.
struct Effects {
    /// Domestic final demand by component (Economy.components order).
    var demand: [[Double]]
    var exports: [Double]
    /// Investment made by investing sectors (adds to their capital, not to demand).
    var investment: [Double]
    /// Fiscal cost by rule and province.
    var fiscal: [[Double]]

    init(size: Int, rules: Int, provinces: Int) {
        demand = Array(repeating: [Double](repeating: 0, count: size), count: Economy.components.count)
        exports = [Double](repeating: 0, count: size)
        investment = [Double](repeating: 0, count: size)
        fiscal = Array(repeating: [Double](repeating: 0, count: provinces), count: rules)
    }

    mutating func add(_ other: Effects) {
        for c in 0..<demand.count { for k in 0..<demand[c].count { demand[c][k] += other.demand[c][k] } }
        for k in 0..<exports.count {
            exports[k] += other.exports[k]
            investment[k] += other.investment[k]
        }
        for r in 0..<fiscal.count { for p in 0..<fiscal[r].count { fiscal[r][p] += other.fiscal[r][p] } }
    }
}

/// One rule firing, as `trace.csv` records it.
public struct TraceEntry: Sendable, Equatable {
    public var rule: String
    public var task: String
    public var measure: String
    public var year: Int
    public var area: String
    public var sector: String
    /// The condition's variables and their values ("output_growth=0.0213; year=2023"), or "always".
    public var condition: String
    public var effect: Double
    public var effectUnit: String
    public var fiscalCost: Double
}
