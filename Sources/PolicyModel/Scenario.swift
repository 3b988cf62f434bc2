// SPDX-License-Identifier: GPL-3.0-or-later
import PolicyNumerics

/// A numeric measure parameter: a value, or the name of an uncertain scenario parameter.
public enum ParameterValue: Sendable, Equatable {
    case value(Double)
    case parameter(String)
    /// Arithmetic on parameters (`-0.33 * tradein_leverage * 900`), evaluated on each draw's
    /// values: +, -, *, division by a constant, min, max, abs.
    case formula(Expression, text: String)

    /// The parameters the value names.
    public var parameters: [String] {
        switch self {
        case .value: return []
        case let .parameter(name): return [name]
        case let .formula(e, _): return e.variablesUsed
        }
    }
}

/// How the budget cost of a spending measure is paid, and so which demand it takes away.
public enum FinancingMethod: String, Sendable, CaseIterable {
    /// Borrowing: `financing_crowding_out` of the cost displaces private fixed investment.
    case debt
    /// Taxes: households' income falls by the cost (their consumption by the propensity of the
    /// household closure, or by `financing_crowding_out` of it with exogenous households).
    case taxes
    /// Other government spending is cut by `financing_crowding_out` of the cost.
    case reallocation
}

/// How a final-demand shock or coefficient shock applies its value.
public enum ShockOperation: String, Sendable, CaseIterable {
    case add, scale, set
}

/// One validated rule: who, when, what.
public struct Rule: Sendable {
    public var id: String
    public var task: String
    public var description: String
    public var measure: MeasureKind
    /// Area ids as resolved from names and aliases: provinces or aggregates of the data set.
    public var areas: [String]
    public var perProvince: Bool
    /// Sector ids; empty means the measure's default (see `MeasureSpec.sectorsMean`).
    public var sectors: [String]
    public var condition: Expression?
    public var conditionText: String
    public var firstYear: Int
    public var lastYear: Int
    /// (year, level) points of the phase-in schedule, years increasing; empty means level 1.
    public var phaseIn: [(year: Int, level: Double)]
    public var numbers: [String: ParameterValue]
    public var composition: [(sector: String, share: Double)]?
    /// The final-demand components the rule acts on, in the order written (empty: the kind's
    /// default). Only `consumption_programme` takes more than one.
    public var components: [FlowColumn]
    /// The first of `components`: the one component of every kind but `consumption_programme`.
    public var component: FlowColumn? {
        get { components.first }
        set { components = newValue.map { [$0] } ?? [] }
    }
    public var fromAreas: [String]
    public var operation: ShockOperation?
    public var inputSectors: [String]
    /// How a spending measure's budget cost is paid (nil: the kind's default, debt).
    public var financing: FinancingMethod?
    /// A target relative to the baseline (final_demand_shock's `set` with `relative_to`): the
    /// level is `value` times the baseline's level in this year, a year before the rule's first.
    public var relativeTo: Int?
    /// The price base of the rule's money amounts when they are not at the data's base-year
    /// prices: each is divided by the year's price level over the base year's.
    public var prices: PriceBase?
    /// The file and line the rule came from, for traces and messages.
    public var origin: String

    public init(id: String, task: String, description: String, measure: MeasureKind, areas: [String], perProvince: Bool,
                sectors: [String], condition: Expression?, conditionText: String, firstYear: Int, lastYear: Int,
                phaseIn: [(year: Int, level: Double)], numbers: [String: ParameterValue],
                composition: [(sector: String, share: Double)]?, component: FlowColumn?, fromAreas: [String],
                operation: ShockOperation?, inputSectors: [String], origin: String, financing: FinancingMethod? = nil) {
        self.id = id
        self.task = task
        self.description = description
        self.measure = measure
        self.areas = areas
        self.perProvince = perProvince
        self.sectors = sectors
        self.condition = condition
        self.conditionText = conditionText
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.phaseIn = phaseIn
        self.numbers = numbers
        self.composition = composition
        self.components = component.map { [$0] } ?? []
        self.fromAreas = fromAreas
        self.operation = operation
        self.inputSectors = inputSectors
        self.financing = financing
        self.origin = origin
    }

    public func isActive(_ year: Int) -> Bool { year >= firstYear && year <= lastYear }

    /// The phase-in level of `year`: linear between the schedule's points, flat outside them,
    /// 1 without a schedule, 0 outside the rule's years.
    public func level(_ year: Int) -> Double {
        guard isActive(year) else { return 0 }
        guard let first = phaseIn.first, let last = phaseIn.last else { return 1 }
        if year <= first.year { return first.level }
        if year >= last.year { return last.level }
        for k in 1..<phaseIn.count where year <= phaseIn[k].year {
            let (y0, l0) = phaseIn[k - 1], (y1, l1) = phaseIn[k]
            return l0 + (l1 - l0) * Double(year - y0) / Double(y1 - y0)
        }
        return last.level
    }

    /// Share of a total-over-years amount spent in `year`: level / sum of levels.
    public func spendingShare(_ year: Int) -> Double {
        let total = (firstYear...lastYear).reduce(0.0) { $0 + level($1) }
        return total > 0 ? level(year) / total : 0
    }
}

/// Nominal yuan of a year: the amounts of a rule written at that year's prices, and the price
/// level that converts them to the data's base-year prices, with where it comes from.
public struct PriceBase: Sendable, Equatable {
    public var year: Int
    /// The year's price level over the base year's (the GDP deflator's ratio).
    public var level: Double
    public var source: String

    public init(year: Int, level: Double, source: String) {
        self.year = year
        self.level = level
        self.source = source
    }
}

/// The national growth path and how provinces differ from it.
public struct BaselineSpec: Sendable {
    /// National real GDP growth by year (fraction per year), for every simulated year.
    public var growth: [Int: Double]
    /// Fraction of the historical provincial growth differential carried into the projection (0: none).
    public var differentialPersistence: Double
    /// Years over which provincial nominal growth differentials are measured.
    public var historyFrom: Int
    public var historyTo: Int
    /// Growth of output per worker per year (employment per unit of output falls by it).
    public var labourProductivityGrowth: Double
    /// Base-year utilisation of capacity in industry sectors (capacity = output / utilisation).
    public var capacityUtilisation: Double
    /// Real growth per year of each external economy (Hong Kong, Macao).
    public var externalGrowth: [String: Double]
    /// Measures that are part of the target path: the growth target is met with them in force,
    /// and effects are measured against the path derived without them (`Baseline.noPolicy`).
    public var included: IncludedPolicy
    /// Whether household consumption responds to labour income (a Type II closure).
    public var households: HouseholdClosure
    /// The fraction of the data set's measured composition trends (`DemandTrends`) carried into
    /// the baseline: final demand of component c for sector i grows by 1 + lambda + d_p +
    /// persistence x (tau_c + tau_ci) a year (0: every sector at one rate).
    public var trendPersistence: Double
    /// Components given their own growth a year instead of lambda (exports tied to world demand,
    /// say); lambda is then the residual that meets the target. Exports are `.exports`.
    public var componentGrowth: [FlowColumn: Double]

    public init(growth: [Int: Double], differentialPersistence: Double, historyFrom: Int, historyTo: Int,
                labourProductivityGrowth: Double, capacityUtilisation: Double, externalGrowth: [String: Double],
                included: IncludedPolicy = IncludedPolicy(), households: HouseholdClosure = .exogenous,
                trendPersistence: Double = 0, componentGrowth: [FlowColumn: Double] = [:]) {
        self.trendPersistence = trendPersistence
        self.componentGrowth = componentGrowth
        self.growth = growth
        self.differentialPersistence = differentialPersistence
        self.historyFrom = historyFrom
        self.historyTo = historyTo
        self.labourProductivityGrowth = labourProductivityGrowth
        self.capacityUtilisation = capacityUtilisation
        self.externalGrowth = externalGrowth
        self.included = included
        self.households = households
    }
}

/// The measures a baseline's growth target already contains (the 2023 target of 5 % was set in
/// the Government Work Report that announced the package's bond and budget increments).
public struct IncludedPolicy: Sendable {
    /// The rules, as validated (from another scenario file or this one's), and the values of
    /// the parameters they name: each distribution's central value (the target is one path).
    public var rules: [Rule]
    public var values: [String: Double]
    /// Where the rules come from, for headlines ("miit-2023.yaml").
    public var source: String

    public init(rules: [Rule] = [], values: [String: Double] = [:], source: String = "") {
        self.rules = rules
        self.values = values
        self.source = source
    }

    public var isEmpty: Bool { rules.isEmpty }
}

/// How household consumption is determined.
public enum HouseholdClosure: Sendable, Equatable {
    /// Household consumption follows the baseline path plus what measures add (Type I).
    case exogenous
    /// Household consumption of each province also changes by `propensity` times the change of
    /// its labour compensation (and of any income measures take or give) against the no-policy
    /// path (Type II, Miller & Blair 2009, section 2.5).
    case endogenous(propensity: ParameterValue)
}

/// A validated scenario: base data, horizon, baseline, uncertain parameters and ordered rules.
public struct Scenario: Sendable {
    public static let formatVersion = 1
    public var name: String
    public var title: String
    public var description: String
    /// The scenario file and the files it extends, outermost first, as given.
    public var files: [String]
    /// The data set folder, resolved against the file that named it.
    public var dataPath: String
    public var startYear: Int
    public var endYear: Int
    public var baseline: BaselineSpec
    public var seed: UInt64
    public var draws: Int
    /// Uncertain (or fixed) named parameters.
    public var parameters: [String: Distribution]
    public var rules: [Rule]

    public init(name: String, title: String, description: String, files: [String], dataPath: String, startYear: Int,
                endYear: Int, baseline: BaselineSpec, seed: UInt64, draws: Int, parameters: [String: Distribution], rules: [Rule]) {
        self.name = name
        self.title = title
        self.description = description
        self.files = files
        self.dataPath = dataPath
        self.startYear = startYear
        self.endYear = endYear
        self.baseline = baseline
        self.seed = seed
        self.draws = draws
        self.parameters = parameters
        self.rules = rules
    }

    /// Rank correlations between uncertain parameters (`correlations:`), joined by a Gaussian
    /// copula; empty: every parameter is drawn independently.
    public var correlations: [ParameterCorrelation] = []

    /// Parameter names in a fixed order: the order in which a draw samples them.
    public var parameterNames: [String] { parameters.keys.sorted() }

    /// The correlated parameters in name order, and the copula that joins them (nil without
    /// correlations). The loader has checked that the copula exists.
    public var copula: (names: [String], copula: GaussianCopula)? { ParameterCorrelation.copula(correlations) }
}

/// Spearman's rank correlation between two uncertain parameters.
public struct ParameterCorrelation: Sendable, Equatable {
    public var first: String
    public var second: String
    public var rank: Double

    public init(first: String, second: String, rank: Double) {
        self.first = first
        self.second = second
        self.rank = rank
    }

    /// The parameters `list` names, in name order, and the copula of their correlations; nil
    /// for no correlations, or ones that no joint distribution has.
    public static func copula(_ list: [ParameterCorrelation]) -> (names: [String], copula: GaussianCopula)? {
        guard !list.isEmpty else { return nil }
        let names = Array(Set(list.flatMap { [$0.first, $0.second] })).sorted()
        var ranks = names.map { a in names.map { $0 == a ? 1.0 : 0.0 } }
        for c in list {
            let i = names.firstIndex(of: c.first)!, j = names.firstIndex(of: c.second)!
            ranks[i][j] = c.rank
            ranks[j][i] = c.rank
        }
        return (try? GaussianCopula(ranks: ranks)).map { (names, $0) }
    }
}
