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
        case .rate: return "fraction (3% = 0.03)"
        case .ratio: return "yuan per yuan, >= 0"
        case .component: return "final-demand component"
        case .areas: return "list of areas"
        case .sectors: return "list of sectors"
        case .composition: return "map sector: share, summing to 1"
        case .operation: return "add | scale | set"
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

    static let compositionDefault = "default: the national mix of gross fixed capital formation by product in the data set"
    static let investmentSectors = "investing sectors: their capital stock (capacity) grows by the investment, split by their base-year investment; without sectors the spending is public capital that adds to no sector's capacity"

    public static func spec(_ kind: MeasureKind) -> MeasureSpec {
        switch kind {
        case .demandSupport:
            return MeasureSpec(kind: kind, task: "1 stabilise key industries",
                summary: "Supports demand for an industry whose output growth falls short of a floor.",
                changes: "adds gap_share x the output gap to the chosen final-demand component of each sector in each area where the rule fires; the gap is (1 + floor) x last year's output - this year's output before conditional measures (never negative); spread over the area's provinces by their output of the sector",
                fiscalCost: "cost_share x the added demand",
                sectorsMean: "the supported sectors (default: all)",
                parameters: [
                    p("floor", .rate, 0.03, "target real growth of output per year", range: ParameterRange(-0.3, 0.3)),
                    p("gap_share", .share, 0.5, "fraction of the output gap closed by added demand"),
                    p("component", .component, "final-demand component that receives the support (default government)"),
                    p("cost_share", .share, 1, "fiscal cost per yuan of added demand"),
                ])
        case .investmentProgramme:
            return MeasureSpec(kind: kind, task: "2 increase investment",
                summary: "A programme of major projects with a spending total spread over its years.",
                changes: "adds the year's spending to fixed capital formation, split by product by `composition`, over the areas' provinces by GDP; the year's spending is amount x the year's phase-in level / the sum of levels over the rule's years",
                fiscalCost: "fiscal_share x the year's spending",
                sectorsMean: investmentSectors,
                parameters: [
                    p("amount", .amount, required: true, "total spending over the rule's years"),
                    p("composition", .composition, "what the spending buys, " + compositionDefault),
                    p("fiscal_share", .share, 1, "share of spending paid from the budget (special bonds, central transfers)"),
                ])
        case .investmentFund:
            return MeasureSpec(kind: kind, task: "2 increase investment",
                summary: "Government industrial investment funds that draw in social capital.",
                changes: "adds fund x leverage of fixed capital formation (split by `composition`, over the areas' provinces by GDP) and the same amount to the investing sectors' capital",
                fiscalCost: "the fund's own money in the year (fund x level / sum of levels)",
                sectorsMean: investmentSectors,
                parameters: [
                    p("fund", .amount, required: true, "total government money put into funds over the rule's years"),
                    p("leverage", .ratio, 4, "total investment per yuan of government money (fund plus the social capital it draws)", range: .multiplier),
                    p("composition", .composition, "what the investment buys, " + compositionDefault),
                ])
        case .creditSupport:
            return MeasureSpec(kind: kind, task: "2 increase investment",
                summary: "Credit to manufacturing (industry-finance integration) with an interest subsidy.",
                changes: "adds lending x investment_uptake of fixed capital formation (split by `composition`) and of the investing sectors' capital",
                fiscalCost: "lending x interest_subsidy in the year the loans are made",
                sectorsMean: investmentSectors,
                parameters: [
                    p("lending", .amount, required: true, "total new lending over the rule's years"),
                    p("investment_uptake", .share, 0.5, "fraction of the lending spent on fixed investment"),
                    p("interest_subsidy", .rate, 0.01, "budget cost per yuan lent", range: ParameterRange(0, 0.2)),
                    p("composition", .composition, "what the investment buys, " + compositionDefault),
                ])
        case .foreignInvestment:
            return MeasureSpec(kind: kind, task: "2 increase investment",
                summary: "Support for foreign-invested projects.",
                changes: "adds the inflow to fixed capital formation (split by `composition`) and to the investing sectors' capital",
                fiscalCost: "inflow x service_cost",
                sectorsMean: investmentSectors,
                parameters: [
                    p("inflow", .amount, required: true, "total additional foreign direct investment over the rule's years"),
                    p("service_cost", .rate, 0, "budget cost per yuan of inflow (service guarantees, incentives)", range: .costPerYuan),
                    p("composition", .composition, "what the investment buys, " + compositionDefault),
                ])
        case .consumptionProgramme:
            return MeasureSpec(kind: kind, task: "3 expand consumption",
                summary: "Consumption subsidies: new-energy vehicles, smart appliances and green building materials to the countryside.",
                changes: "adds subsidy x leverage of household demand for the listed sectors (split by their base demand of the component) and removes crowding_out x that amount from the component's demand for all sectors in proportion to its base mix",
                fiscalCost: "the subsidy paid in the year",
                sectorsMean: "the subsidised goods (required)",
                parameters: [
                    p("subsidy", .amount, required: true, "total subsidy over the rule's years"),
                    p("leverage", .ratio, 4, "household spending on the goods per yuan of subsidy", range: .multiplier),
                    p("component", .component, "households that spend (default rural_households)"),
                    p("crowding_out", .share, 0.3, "fraction of the induced spending that displaces other consumption"),
                ])
        case .qualityUpgrading:
            return MeasureSpec(kind: kind, task: "3 expand consumption",
                summary: "The three products (varieties, quality, brands): domestic goods win back buyers from imports and abroad.",
                changes: "cuts the import share of domestic use of the listed sectors in the areas by import_substitution x level (imports replaced by domestic supply) and raises their exports by export_gain x level",
                fiscalCost: "budget spread over the rule's years",
                sectorsMean: "the upgraded sectors (default: all)",
                parameters: [
                    p("import_substitution", .share, 0.05, "fractional cut of the import share at full phase-in"),
                    p("export_gain", .rate, 0.01, "fractional rise of exports at full phase-in", range: ParameterRange(0, 1)),
                    p("budget", .amount, 0, "total programme spending over the rule's years (accounted, not added to demand)"),
                ])
        case .exportSupport:
            return MeasureSpec(kind: kind, task: "4 play to local strengths",
                summary: "Consolidates export advantages (for the east).",
                changes: "raises the exports of the listed sectors in the areas by export_growth x level of the year's baseline exports",
                fiscalCost: "cost_per_yuan x the added exports",
                sectorsMean: "the supported sectors (default: all)",
                parameters: [
                    p("export_growth", .rate, 0.02, "added exports as a fraction of the year's baseline exports", range: ParameterRange(-0.5, 1)),
                    p("cost_per_yuan", .rate, 0.05, "budget cost per yuan of added exports (credit insurance, rebates)", range: .costPerYuan),
                ])
        case .industrialTransfer:
            return MeasureSpec(kind: kind, task: "4 play to local strengths",
                summary: "Industrial transfer from the east to the central and western regions.",
                changes: "moves share x level of every buyer's purchases of the listed sectors from suppliers in `from` to suppliers in the rule's areas (in proportion to their current shares, or to their output where they have none), changing the sourcing coefficients; the destinations invest capital_per_output x the increase of the moved supply",
                fiscalCost: "cost_per_yuan x the supply moved in the year",
                sectorsMean: "the transferred sectors (default: all industry sectors)",
                parameters: [
                    p("from", .areas, "where production leaves (default East)"),
                    p("share", .share, required: true, "fraction of purchases from `from` that moves, at full phase-in"),
                    p("cost_per_yuan", .rate, 0.02, "budget cost per yuan of moved supply (relocation subsidies)", range: .costPerYuan),
                    p("capital_per_output", .ratio, nil, "capital built per yuan of moved supply (default: the sector's base capital-output ratio)", range: .multiplier),
                ])
        case .growthPole:
            return MeasureSpec(kind: kind, task: "4 play to local strengths",
                summary: "New growth poles: concentrated investment plus local supply chains.",
                changes: "adds the year's investment to fixed capital formation in the areas (and the listed sectors' capital) and moves local_sourcing x level of the areas' purchases of the listed sectors from other provinces to their own supply",
                fiscalCost: "fiscal_share x the year's investment",
                sectorsMean: "the pole's sectors: investing sectors and the sectors whose local sourcing rises",
                parameters: [
                    p("investment", .amount, required: true, "total investment over the rule's years"),
                    p("local_sourcing", .share, 0.05, "fraction of purchases from other provinces moved to own supply, at full phase-in"),
                    p("fiscal_share", .share, 0.5, "share of the investment paid from the budget"),
                    p("composition", .composition, "what the investment buys, " + compositionDefault),
                ])
        case .technologyUpgrade:
            return MeasureSpec(kind: kind, task: "4 play to local strengths",
                summary: "Transformation and upgrading of traditional industries (for the northeast).",
                changes: "scales every intermediate-input coefficient of the listed sectors in the areas by (1 - input_saving x level): less input per unit of output, more value added",
                fiscalCost: "budget spread over the rule's years",
                sectorsMean: "the upgraded sectors (default: all)",
                parameters: [
                    p("input_saving", .share, 0.02, "fractional cut of intermediate inputs per unit of output at full phase-in", range: ParameterRange(0, 0.5)),
                    p("budget", .amount, 0, "total programme spending over the rule's years (accounted, not added to demand)"),
                ])
        case .clusterSynergy:
            return MeasureSpec(kind: kind, task: "4 play to local strengths",
                summary: "Synergy within Beijing-Tianjin-Hebei, the Yangtze River Delta or the Greater Bay Area.",
                changes: "moves share x level of the cluster members' purchases of the listed sectors from suppliers outside the cluster to members; external economies linked to the cluster (Hong Kong, Macao) grow by external_elasticity x the cluster's GDP gain over the baseline",
                fiscalCost: "budget spread over the rule's years",
                sectorsMean: "the sectors whose supply chains integrate (default: all)",
                parameters: [
                    p("share", .share, required: true, "fraction of purchases from outside moved inside the cluster, at full phase-in"),
                    p("external_elasticity", .ratio, 0, "growth of linked external economies per unit of the cluster's relative GDP gain", range: ParameterRange(0, 5)),
                    p("budget", .amount, 0, "total programme spending over the rule's years (accounted, not added to demand)"),
                ])
        case .finalDemandShock:
            return MeasureSpec(kind: kind, task: "generic",
                summary: "Any change to a final-demand component: add an amount, scale by a factor, or set a level.",
                changes: "add: value per year (100 million yuan) over the areas' provinces and sectors in proportion to the component's base-year values; scale: multiplies the component by value; set: makes the component of each listed sector in the areas total value, keeping its provincial split",
                fiscalCost: "fiscal_share x the added demand (0 for a fall)",
                sectorsMean: "the sectors changed (default: all)",
                parameters: [
                    p("component", .component, required: true, "the final-demand component"),
                    p("operation", .operation, "add (default), scale or set"),
                    p("value", .rate, required: true, "amount (add, set: 100 million yuan per year) or factor (scale)",
                      range: ParameterRange(-1e6, 1e6, byOperation: [.add: -1e6...1e6, .scale: 0...10, .set: 0...1e6])),
                    p("fiscal_share", .share, 0, "budget cost per yuan of added demand"),
                ])
        case .coefficientShock:
            return MeasureSpec(kind: kind, task: "generic",
                summary: "Any change to technical coefficients: how much of each input a sector uses per unit of output.",
                changes: "applies the operation to A[input, sector] for the listed (using) sectors in the areas' provinces: scale multiplies by value x level + (1 - level); add adds value x level; set moves to value by level",
                fiscalCost: "none",
                sectorsMean: "the using sectors whose input coefficients change (default: all)",
                parameters: [
                    p("input_sectors", .sectors, "the inputs changed (default: all)"),
                    p("operation", .operation, "scale (default), add or set"),
                    p("value", .rate, required: true, "factor (scale), increment (add) or target coefficient (set)",
                      range: ParameterRange(-1, 10, byOperation: [.scale: 0...10, .add: -1...1, .set: 0...1])),
                ])
        }
    }

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
    ]
}
