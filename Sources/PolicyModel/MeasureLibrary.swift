// SPDX-License-Identifier: GPL-3.0-or-later

/// The fixed library of measure kinds. `policysim rules` prints it, scenario validation checks
/// rules against it and the engine applies it: one set of definitions for all three.
public enum MeasureKind: String, Sendable, CaseIterable {
    case demandSupport = "demand_support"
    case investmentProgramme = "investment_programme"
    case investmentFund = "investment_fund"
    case creditSupport = "credit_support"
    case foreignInvestment = "foreign_investment"
    case consumptionProgramme = "consumption_programme"
    case qualityUpgrading = "quality_upgrading"
    case exportSupport = "export_support"
    case industrialTransfer = "industrial_transfer"
    case growthPole = "growth_pole"
    case technologyUpgrade = "technology_upgrade"
    case clusterSynergy = "cluster_synergy"
    case finalDemandShock = "final_demand_shock"
    case coefficientShock = "coefficient_shock"

    public var spec: MeasureSpec { MeasureLibrary.spec(self) }
}

/// How a measure parameter is written and checked.
public struct ParameterSpec: Sendable {
    public enum Kind: String, Sendable {
        /// Money, 100 million yuan at 2022 prices, >= 0; may name an uncertain parameter.
        case amount
        /// A fraction in [0, 1]; may name an uncertain parameter.
        case share
        /// A fraction per year or per yuan (0.03 or 3% is three percent), any finite value; may name a parameter.
        case rate
        /// A non-negative ratio (yuan per yuan); may name a parameter.
        case ratio
        /// A final-demand component: rural_households, urban_households, government, fixed_capital, inventories, exports.
        case component
        /// A list of areas (provinces, regions, clusters, China).
        case areas
        /// A list of sector ids.
        case sectors
        /// A map sector id -> share, shares summing to 1.
        case composition
        /// add, scale or set.
        case operation
        /// debt, taxes or reallocation.
        case financing
        /// A year (of the base data or the horizon).
        case year
    }

    public var name: String
    public var kind: Kind
    /// Numeric default; nil with `required == false` means "derived from the data" (see description).
    public var defaultValue: Double?
    public var required: Bool
    public var description: String
    /// Plausible values of a numeric parameter: a value outside them is refused (nil for the
    /// kinds that are not numbers).
    public var range: ParameterRange?

    public var isNumeric: Bool { [.amount, .share, .rate, .ratio].contains(kind) }

    public var unit: String {
        switch kind {
        case .amount: return "100 million yuan, 2022 prices"
        case .share: return "fraction in [0, 1]"
        case .rate: return range.map { !$0.byOperation.isEmpty } == true ? "a number whose meaning depends on `operation` (3% = 0.03)" : "fraction (3% = 0.03)"
        case .ratio: return "yuan per yuan, >= 0"
        case .component: return "final-demand component: " + FlowColumn.finalDemand.map(\.rawValue).joined(separator: ", ")
        case .areas: return "list of areas"
        case .sectors: return "list of sectors"
        case .composition: return "map sector: share, summing to 1"
        case .operation: return "add | scale | set"
        case .financing: return "debt | taxes | reallocation"
        case .year: return "a year, from the data set's base year to the year before the rule's first"
        }
    }
}

/// The values a numeric measure parameter may plausibly take, in its unit: fractions for rates
/// and shares (0.03 is three percent), 100 million yuan for amounts. Wide enough for any policy
/// the library models, narrow enough that a rate written as a whole number (`floor: 3` for
/// 3 %) or an amount in yuan instead of 100 million yuan is refused instead of run.
public struct ParameterRange: Sendable {
    public var lower: Double
    public var upper: Double
    /// For `value`, whose unit depends on the operation: ranges by operation.
    public var byOperation: [ShockOperation: ClosedRange<Double>]

    public init(_ lower: Double, _ upper: Double, byOperation: [ShockOperation: ClosedRange<Double>] = [:]) {
        self.lower = lower
        self.upper = upper
        self.byOperation = byOperation
    }

    /// The bounds for a rule with `operation`.
    public func bounds(_ operation: ShockOperation?) -> ClosedRange<Double> {
        if let operation, let r = byOperation[operation] { return r }
        return lower...upper
    }

    /// Money above this total (100 trillion yuan, about China's GDP) is not a programme.
    public static let amount = ParameterRange(0, 1e6)
    public static let share = ParameterRange(0, 1)
    /// Budget cost per yuan of something (lent, moved, exported, invested).
    public static let costPerYuan = ParameterRange(0, 0.5)
    /// Yuan drawn or induced per yuan (leverage, capital-output ratios).
    public static let multiplier = ParameterRange(0, 20)
}

public struct MeasureSpec: Sendable {
    public var kind: MeasureKind
    /// The task of the 2023 statement it serves (the shipped scenarios' `task` labels).
    public var task: String
    public var summary: String
    /// What the measure changes in the economy.
    public var changes: String
    /// How its fiscal cost is counted.
    public var fiscalCost: String
    /// What `sectors:` of the rule means for this kind.
    public var sectorsMean: String
    public var parameters: [ParameterSpec]

    public func parameter(_ name: String) -> ParameterSpec? { parameters.first { $0.name == name } }
}

public enum MeasureLibrary {
    static func p(_ name: String, _ kind: ParameterSpec.Kind, _ defaultValue: Double?, _ description: String,
                  range: ParameterRange? = nil) -> ParameterSpec {
        ParameterSpec(name: name, kind: kind, defaultValue: defaultValue, required: false, description: description,
                      range: range ?? defaultRange(kind))
    }

    static func p(_ name: String, _ kind: ParameterSpec.Kind, required: Bool = false, _ description: String,
                  range: ParameterRange? = nil) -> ParameterSpec {
        ParameterSpec(name: name, kind: kind, defaultValue: nil, required: required, description: description,
                      range: range ?? defaultRange(kind))
    }

    /// Amounts and shares have the same plausible values wherever they appear; rates and
    /// ratios say theirs in each spec.
    static func defaultRange(_ kind: ParameterSpec.Kind) -> ParameterRange? {
        switch kind {
        case .amount: return .amount
        case .share: return .share
        default: return nil
        }
    }

    /// The parameters every spending measure has: how much of its gross spending is new demand,
    /// and how its budget cost is paid. `additionality` is the kind's default with its basis.
    static func spending(additionality: Double, basis: String) -> [ParameterSpec] {
        [
            p("additionality", .share, additionality, "share of the gross spending that is new demand; the rest would have been spent anyway (\(basis))"),
            p("financing", .financing, "how the budget cost is paid: debt (default), taxes or reallocation"),
            p("financing_crowding_out", .share, nil,
              "share of the budget cost that other demand loses: with debt, private fixed investment (default 0.2, an assumption; range 0 to 0.5); with taxes and exogenous households, household consumption (default 0.5, an assumption); with reallocation, other government spending (default 1); with taxes and the household closure, unused (the propensity applies)"),
        ]
    }

    /// How a measure's budget cost is paid, for kinds whose spending adds no demand of its own.
    static let financing = Array(spending(additionality: 1, basis: "").dropFirst())

    /// The split of an investing sector's investment between equipment and buildings.
    static let equipmentShare = p("equipment_share", .share, 0.55,
        "share of an investing sector's investment that buys equipment, vehicles, software and R&D (the national mix of non-construction fixed capital formation); the rest buys construction. Used when the rule names sectors and gives no composition. An assumption: manufacturing investment buys more equipment than the national mix, whose non-construction share is 0.35 in china-2022; no staged source splits investment by investing sector; range 0.35 to 0.75")

    static let compositionDefault = "default: the national mix of gross fixed capital formation by product in the data set"
    static let investingCompositionDefault = "default: with investing sectors, equipment_share at the national mix of non-construction fixed capital formation and the rest at construction; without, the national mix of gross fixed capital formation by product in the data set"
    static let investmentSectors = "investing sectors: their capital stock (capacity) grows by the investment, split by their base-year investment; without sectors the spending is public capital that adds to no sector's capacity"

    /// The specification of a kind: it stands in the kind's own file under Engine/Measures.
    public static func spec(_ kind: MeasureKind) -> MeasureSpec { Measures.implementation(kind).spec }

    /// The fields every rule has, beside its measure's parameters.
    public static let ruleFields: [(name: String, meaning: String)] = [
        ("id", "unique name of the rule; a later file in an `extends` chain replaces the rule with the same id"),
        ("task", "a label that groups rules (the statement's four tasks in the shipped scenarios)"),
        ("description", "what the rule stands for, in words"),
        ("measure", "one measure kind of the library"),
        ("areas", "provinces, regions, clusters or China, by name or alias"),
        ("per_province", "true: evaluate the condition and apply the effect for every province of the areas separately (default false: once per listed area)"),
        ("sectors", "sector ids; what they mean depends on the measure"),
        ("when", "a condition (see the variables below); without it the rule fires in every active year"),
        ("years", "first and last active year: `2023-2025`, `[2023, 2025]` or one year"),
        ("phase_in", "map year: level in [0, 1], linearly interpolated between the years given and constant outside them (default 1)"),
        ("prices", "the price base of the rule's money amounts (default: the data's base-year prices): a year (`prices: 2020`, nominal yuan of 2020, converted by the GDP deflator of the staged sources, NBS nominal over World Bank real GDP), or for a year they do not cover `{year: 2024, deflator: 1.01, source: \"...\"}` with the year's price level over the base year's and where it comes from"),
    ]
}
