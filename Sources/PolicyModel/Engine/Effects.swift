// SPDX-License-Identifier: GPL-3.0-or-later

/// What the rules of one phase of a year add (final demand, exports, investment, fiscal cost)
/// and the structure they leave, in the engine's row layout (k = province * sectors + sector),
/// 100 million yuan at 2022 prices. Rules enter in id order and each effect's additions in the
/// order it made them, so every sum is taken in one fixed order.
struct PhaseEffects {
    var demand: DemandByComponent
    var exports: [Double]
    /// Investment made by investing sectors (adds to their capital, not to demand).
    var investment: [Double]
    /// Fiscal cost by rule (scenario order) and province; and the part of it that adds to the
    /// deficit (debt-financed).
    var fiscal: [[Double]]
    var deficit: [[Double]]
    /// Household income measures give or take (taxes), by province.
    var income: [Double]
    var trace: [TraceEntry] = []
    /// The structure in force after the phase's rules.
    var structure: Structure

    init(size: Int, rules: Int, provinces: Int, structure: Structure) {
        demand = DemandByComponent(size: size)
        exports = [Double](repeating: 0, count: size)
        investment = [Double](repeating: 0, count: size)
        fiscal = Array(repeating: [Double](repeating: 0, count: provinces), count: rules)
        deficit = fiscal
        income = [Double](repeating: 0, count: provinces)
        self.structure = structure
    }

    /// Adds the effect of rule `r` (its index in the scenario's rules).
    mutating func add(_ effect: MeasureEffect, rule r: Int, _ economy: Economy) {
        for a in effect.additions {
            switch a.flow {
            case let .demand(c): demand[c, a.row] += a.amount
            case .exports: exports[a.row] += a.amount
            case .investment: investment[a.row] += a.amount
            }
        }
        for (p, x) in effect.fiscal { fiscal[r][p] += x }
        for (p, x) in effect.deficit { deficit[r][p] += x }
        for (p, x) in effect.income { income[p] += x }
        trace += effect.trace
        if !effect.structure.isEmpty { structure = structure.applying(effect.structure, economy) }
    }

    /// Whether the phase changes the system a solve before it solved: added demand or exports,
    /// or a structure whose content differs from `before`.
    func changesSystem(since before: Structure) -> Bool {
        !demand.isZero || exports.contains { $0 != 0 } || income.contains { $0 != 0 }
            || StructureIdentity(structure) != StructureIdentity(before)
    }

    /// The two phases' flows together, row by row (the structure and trace of `later`).
    func combined(with later: PhaseEffects) -> PhaseEffects {
        var out = later
        out.demand = demand + later.demand
        out.exports = (0..<exports.count).map { exports[$0] + later.exports[$0] }
        out.investment = (0..<investment.count).map { investment[$0] + later.investment[$0] }
        out.fiscal = (0..<fiscal.count).map { r in (0..<fiscal[r].count).map { fiscal[r][$0] + later.fiscal[r][$0] } }
        out.deficit = (0..<deficit.count).map { r in (0..<deficit[r].count).map { deficit[r][$0] + later.deficit[r][$0] } }
        out.income = (0..<income.count).map { income[$0] + later.income[$0] }
        out.trace = trace + later.trace
        return out
    }
}

/// One rule firing, as `trace.csv` records it.
public struct TraceEntry: Sendable, Equatable {
    public var rule: String
    public var task: String
    public var measure: String
    public var year: Int
    public var area: String
    /// The sector the firing acted on, or several joined by '+' in the data set's order
    /// (`automobiles+electronics`), or `all` when it acted on every sector.
    public var sector: String
    /// The condition's variables and their values ("output_growth=0.0213; year=2023"), or "always".
    public var condition: String
    public var effect: Double
    public var effectUnit: String
    public var fiscalCost: Double
}

extension TraceEntry {
    /// The trace's name for the sectors `indices` of `ids`: one id, several joined by '+' in
    /// the order of `ids`, or `all` when they are every sector (or none is known).
    public static func sectorLabel(_ indices: [Int], _ ids: [String]) -> String {
        let set = Set(indices)
        if set.isEmpty || set.count == ids.count { return "all" }
        return ids.indices.filter(set.contains).map { ids[$0] }.joined(separator: "+")
    }

    /// The sector ids a trace row's sector column names (`all` stays `all`).
    public static func sectors(of column: String) -> [String] {
        column.split(separator: "+").map(String.init)
    }
}
