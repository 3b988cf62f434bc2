// SPDX-License-Identifier: GPL-3.0-or-later
import PolicyNumerics

/// One kind of measure of the library (`MeasureKind`, specified in `MeasureLibrary`).
///
/// A measure is a function from what a rule sees in one year of one path to the rule's effect
/// in that year, a value: final demand, exports and investment added, a change of structure,
/// the fiscal cost and the trace. It reads the economy, the baseline and the states of the
/// path, and the structure left by the rules before it; it writes nothing else. Adding a kind
/// means a case of `MeasureKind` and one file in this folder with its `Measure` type (its
/// specification and its effect), entered in `Measures.implementation`.
protocol Measure {
    static var kind: MeasureKind { get }
    /// What the kind does and its parameters, for `policysim rules` and the scenario validator.
    static var spec: MeasureSpec { get }

    /// Computes the rule's effect into `application.effect` (and its structure editor).
    static func apply(_ application: inout RuleApplication) throws
}

enum Measures {
    /// The implementation of every kind (the switch is exhaustive: a kind cannot lack one).
    static func implementation(_ kind: MeasureKind) -> any Measure.Type {
        switch kind {
        case .demandSupport: return DemandSupport.self
        case .investmentProgramme: return InvestmentProgramme.self
        case .investmentFund: return InvestmentFund.self
        case .creditSupport: return CreditSupport.self
        case .foreignInvestment: return ForeignInvestment.self
        case .consumptionProgramme: return ConsumptionProgramme.self
        case .qualityUpgrading: return QualityUpgrading.self
        case .exportSupport: return ExportSupport.self
        case .industrialTransfer: return IndustrialTransfer.self
        case .growthPole: return GrowthPole.self
        case .technologyUpgrade: return TechnologyUpgrade.self
        case .clusterSynergy: return ClusterSynergy.self
        case .finalDemandShock: return FinalDemandShock.self
        case .coefficientShock: return CoefficientShock.self
        }
    }

    /// The effect of `rule` in the context's year; an empty effect when its level is 0.
    static func effect(of rule: Rule, _ context: MeasureContext) throws -> MeasureEffect {
        var application = RuleApplication(rule, context)
        guard application.level > 0 else { return MeasureEffect() }
        let implementation = implementation(rule.measure)
        assert(implementation.kind == rule.measure, "\(implementation) registered for \(rule.measure)")
        try implementation.apply(&application)
        if implementation.spec.parameter("financing") != nil { application.finance() }
        application.effect.structure = application.structure.change
        return application.effect
    }
}

/// What a measure may read when it computes its effect for one year of one path.
struct MeasureContext {
    let economy: Economy
    let year: Int
    let phase: YearPhase
    /// Baseline final demand of the year (domestic components) and exports.
    let baselineDemand: DemandByComponent
    let baselineExports: [Double]
    /// Last year's final state of this path.
    let previous: YearState
    /// This year's state before conditional measures (nil in the scheduled phase).
    let pre: YearState?
    /// The structure in force: the base changed by the rules applied before this one this year.
    let structure: Structure
    /// Parameter values of this path.
    let values: [String: Double]
    let recordTrace: Bool
    /// Whether household consumption responds to income (then taxes act through the closure).
    var householdsEndogenous = false

    /// The baseline's final demand and exports of an earlier year (the base year onwards), nil
    /// for this year or later: what a target relative to the baseline is measured against.
    var earlier: (Int) -> BaselineYear? = { _ in nil }

    /// Baseline demand of the year of a final-demand target, row k.
    func baseline(_ target: DemandTarget, _ k: Int) -> Double {
        switch target {
        case let .domestic(c): return baselineDemand[c, k]
        case .exports: return baselineExports[k]
        }
    }

    /// Baseline demand of a final-demand target in an earlier year, row k (nil: not earlier).
    func baseline(_ target: DemandTarget, _ k: Int, year: Int) -> Double? {
        guard let b = earlier(year) else { return nil }
        switch target {
        case let .domestic(c): return b.demand[c, k]
        case .exports: return b.exports[k]
        }
    }
}

/// A rule's effect in one year: everything it adds, in the order it adds it (sums are taken in
/// that order, so results do not depend on how the effect is stored).
struct MeasureEffect {
    struct Addition {
        var flow: Flow
        var row: Int
        var amount: Double
    }

    var additions: [Addition] = []
    /// Fiscal cost by province, in the order incurred (gross: the budget's outlays).
    var fiscal: [(province: Int, amount: Double)] = []
    /// The part of the fiscal cost that adds to the deficit (all of it when debt-financed, none
    /// when paid by taxes or by cuts elsewhere), by province.
    var deficit: [(province: Int, amount: Double)] = []
    /// Household income the measure gives or takes (taxes: negative), by province, for the
    /// household closure.
    var income: [(province: Int, amount: Double)] = []
    var structure = StructureChange()
    var trace: [TraceEntry] = []
}

/// A target of a rule: an area as listed (or one province of it with `per_province`).
struct Target {
    var label: String
    var members: [(province: Int, weight: Double)]
}

/// The values of the condition language's variables (Expression.variables) for one target,
/// sector and state. A struct with a switch, not a dictionary: conditions are evaluated for
/// every target and sector of every year of every draw.
struct ConditionValues {
    var year, output, outputGrowth, gdp, gdpGrowth, shareOfGDP, capacityUtilisation: Double
    var exports, employment, nationalOutputGrowth, nationalGDPGrowth: Double

    /// The value of a variable by its name in the condition language; NaN for an unknown name
    /// (the validator rejects those before a run).
    subscript(name: String) -> Double {
        switch name {
        case "year": return year
        case "output": return output
        case "output_growth": return outputGrowth
        case "gdp": return gdp
        case "gdp_growth": return gdpGrowth
        case "share_of_gdp": return shareOfGDP
        case "capacity_utilisation": return capacityUtilisation
        case "exports": return exports
        case "employment": return employment
        case "national_output_growth": return nationalOutputGrowth
        case "national_gdp_growth": return nationalGDPGrowth
        default: return .nan
        }
    }

    /// Condition variables of a target and sector (nil sector: all sectors) on a state.
    init(_ t: Target, _ sector: Int?, year: Int, economy e: Economy, state: YearState, previous prev: YearState) {
        let n = e.n
        var out = 0.0, outPrev = 0.0, gdp = 0.0, gdpPrev = 0.0, va = 0.0, cap = 0.0, exp = 0.0, emp = 0.0
        let sectorRange = sector.map { $0..<($0 + 1) } ?? 0..<n
        for (p, w) in t.members {
            gdp += w * state.gdp[p]
            gdpPrev += w * prev.gdp[p]
            for i in sectorRange {
                let k = p * n + i
                out += w * state.output[k]
                outPrev += w * prev.output[k]
                va += w * state.valueAdded[k]
                if state.capacity[k].isFinite { cap += w * state.capacity[k] }
                exp += w * state.exports[k]
                emp += w * state.employment[k]
            }
        }
        var nationalOut = 0.0, nationalOutPrev = 0.0
        for p in 0..<e.provinces {
            for i in sectorRange {
                nationalOut += state.output[p * n + i]
                nationalOutPrev += prev.output[p * n + i]
            }
        }
        let nationalGDP = state.gdp.reduce(0, +), nationalGDPPrev = prev.gdp.reduce(0, +)
        self.init(year: Double(year), output: out, outputGrowth: outPrev > 0 ? out / outPrev - 1 : 0,
                  gdp: gdp, gdpGrowth: gdpPrev > 0 ? gdp / gdpPrev - 1 : 0, shareOfGDP: gdp > 0 ? va / gdp : 0,
                  capacityUtilisation: cap > 0 ? out / cap : 0, exports: exp, employment: emp,
                  nationalOutputGrowth: nationalOutPrev > 0 ? nationalOut / nationalOutPrev - 1 : 0,
                  nationalGDPGrowth: nationalGDPPrev > 0 ? nationalGDP / nationalGDPPrev - 1 : 0)
    }

    init(year: Double, output: Double, outputGrowth: Double, gdp: Double, gdpGrowth: Double, shareOfGDP: Double,
         capacityUtilisation: Double, exports: Double, employment: Double, nationalOutputGrowth: Double, nationalGDPGrowth: Double) {
        self.year = year
        self.output = output
        self.outputGrowth = outputGrowth
        self.gdp = gdp
        self.gdpGrowth = gdpGrowth
        self.shareOfGDP = shareOfGDP
        self.capacityUtilisation = capacityUtilisation
        self.exports = exports
        self.employment = employment
        self.nationalOutputGrowth = nationalOutputGrowth
        self.nationalGDPGrowth = nationalGDPGrowth
    }
}

/// One rule applied in one year: what the rule and its context determine (level, spending share,
/// targets, sectors, parameter values), the helpers every kind shares, and the effect under
/// construction. Local to one computation; nothing in it is shared.
struct RuleApplication {
    let rule: Rule
    let context: MeasureContext
    /// The phase-in level of the year, and the year's share of amounts totalled over the rule's years.
    let level: Double
    let spendingShare: Double
    /// The sectors the rule names (or its kind's default), as indices.
    let sectors: [Int]
    let targets: [Target]
    /// Share of the rule's gross spending that is new demand (1 for kinds without the parameter).
    let additionality: Double
    var effect = MeasureEffect()
    var structure: StructureEditor

    var economy: Economy { context.economy }

    init(_ rule: Rule, _ context: MeasureContext) {
        self.rule = rule
        self.context = context
        level = rule.level(context.year)
        spendingShare = rule.spendingShare(context.year)
        let e = context.economy
        if !rule.sectors.isEmpty {
            sectors = rule.sectors.compactMap { e.data.sectorIndex($0) }
        } else if rule.measure == .industrialTransfer {
            sectors = (0..<e.n).filter { e.capacityLimited[$0] }
        } else {
            sectors = Array(0..<e.n)
        }
        var ts: [Target] = []
        for area in rule.areas {
            let members = e.members(area)
            if rule.perProvince {
                for m in members { ts.append(Target(label: e.data.provinces[m.province].id, members: [m])) }
            } else {
                ts.append(Target(label: area, members: members))
            }
        }
        targets = ts
        structure = StructureEditor(e, context.structure)
        additionality = rule.measure.spec.parameter("additionality") != nil ? rule.number("additionality", context.values) : 1
    }

    /// The budget cost's financing, from what the rule charged each province this year:
    ///
    ///     debt          fixed capital formation falls by theta F_p (national product mix);
    ///                   F_p adds to the deficit
    ///     taxes         households' income falls by F_p (the closure spends it at its
    ///                   propensity), or, with exogenous households, their consumption falls
    ///                   by theta F_p (their baseline mix)
    ///     reallocation  government consumption falls by theta F_p (its baseline mix)
    ///
    /// theta is `financing_crowding_out` (defaults: debt 0.2, taxes 0.5, reallocation 1).
    mutating func finance() {
        let e = economy, n = e.n
        let method = rule.financing ?? .debt
        let theta: Double = rule.numbers["financing_crowding_out"] != nil ? number("financing_crowding_out") : {
            switch method {
            case .debt: return 0.2
            case .taxes: return 0.5
            case .reallocation: return 1
            }
        }()
        let mark = effect.additions.count
        var cost = [Double](repeating: 0, count: e.provinces)
        for (p, x) in effect.fiscal { cost[p] += x }
        var lost = 0.0
        for p in 0..<e.provinces where cost[p] != 0 {
            let f = cost[p]
            switch method {
            case .debt:
                effect.deficit.append((p, f))
                for i in 0..<n where e.investmentMix[i] != 0 { add(.demand(.fixedCapital), p * n + i, -(theta * f * e.investmentMix[i])) }
                lost += theta * f
            case .taxes where context.householdsEndogenous:
                effect.income.append((p, -f))
                lost += f
            case .taxes, .reallocation:
                let components: [DemandComponent] = method == .taxes ? [.ruralHouseholds, .urbanHouseholds] : [.government]
                let total = components.reduce(0.0) { acc, c in (0..<n).reduce(acc) { $0 + context.baselineDemand[c, p * n + $1] } }
                guard total > 0 else { continue }
                for c in components {
                    for i in 0..<n where context.baselineDemand[c, p * n + i] != 0 {
                        add(.demand(c), p * n + i, -(theta * f * context.baselineDemand[c, p * n + i] / total))
                    }
                }
                lost += theta * f
            }
        }
        guard lost != 0, let first = targets.first else { return }
        let what: String
        switch method {
        case .debt: what = "100 million yuan of private investment crowded out (debt financing)"
        case .taxes: what = context.householdsEndogenous ? "100 million yuan of household income taxed (tax financing)" : "100 million yuan of household consumption cut (tax financing)"
        case .reallocation: what = "100 million yuan of other government spending cut (reallocation)"
        }
        let label = targets.count == 1 ? first.label : targets.map(\.label).joined(separator: "+")
        // Taxed income acts through the household closure: on what the taxed provinces' households buy.
        let touched = sectorsChanged(since: mark)
        let acted = !touched.isEmpty ? touched : (0..<n).filter { i in
            (0..<e.provinces).contains { p in cost[p] != 0 && context.baselineDemand[.ruralHouseholds, p * n + i] + context.baselineDemand[.urbanHouseholds, p * n + i] != 0 }
        }
        record(Target(label: label, members: []), acted, "always", lost, what, 0)
    }

    /// A numeric parameter of the rule: its value, the path's value of the uncertain parameter it
    /// names, or the library default.
    func number(_ name: String) -> Double { rule.number(name, context.values) }

    /// Whether the rule's condition holds for a target and sector (nil: all sectors) on the
    /// pre-measure state, and the condition's values for the trace. A rule without a condition
    /// always fires.
    func fires(_ t: Target, _ sector: Int?) throws -> (Bool, String) {
        guard let condition = rule.condition, let pre = context.pre else { return (true, "always") }
        let vars = ConditionValues(t, sector, year: context.year, economy: economy, state: pre, previous: context.previous)
        let value: Double
        do {
            value = try condition.evaluate { vars[$0] }
        } catch {
            throw EngineError.condition(rule: rule.id, origin: rule.origin, year: context.year, area: t.label,
                                        sector: sector.map { economy.data.sectors[$0].id } ?? "all", message: error.message)
        }
        // The description is text for the trace; draws record none and skip building it.
        return (value != 0, context.recordTrace ? describe(vars) : "")
    }

    func describe(_ vars: ConditionValues) -> String {
        guard let c = rule.condition else { return "always" }
        return c.variablesUsed.map { "\($0)=\(RuleApplication.traceNumber(vars[$0]))" }.joined(separator: "; ")
    }

    static func traceNumber(_ x: Double) -> String {
        let r = (x * 1e6).rounded() / 1e6
        return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : "\(r)"
    }

    mutating func add(_ flow: Flow, _ k: Int, _ amount: Double) {
        effect.additions.append(MeasureEffect.Addition(flow: flow, row: k, amount: amount))
    }

    mutating func charge(_ p: Int, _ amount: Double) {
        effect.fiscal.append((p, amount))
    }

    /// Fiscal cost charged so far: the sum over provinces of what each was charged (the same
    /// order of sums as the year's fiscal table).
    var charged: Double {
        var byProvince = [Double](repeating: 0, count: economy.provinces)
        for (p, x) in effect.fiscal { byProvince[p] += x }
        return byProvince.reduce(0, +)
    }

    /// Records a firing that acted on one sector (its coefficients, sourcing, import share or
    /// demand).
    mutating func record(_ t: Target, _ sector: Int, _ condition: String, _ size: Double, _ unit: String, _ fiscal: Double) {
        record(t, [sector], condition, size, unit, fiscal)
    }

    /// Records a firing that acted on `sectors` (indices): the trace names them joined by '+'
    /// in the data set's order, or `all` when they are every sector.
    mutating func record(_ t: Target, _ sectors: [Int], _ condition: String, _ size: Double, _ unit: String, _ fiscal: Double) {
        guard context.recordTrace else { return }
        effect.trace.append(TraceEntry(rule: rule.id, task: rule.task, measure: rule.measure.rawValue, year: context.year, area: t.label,
                                       sector: TraceEntry.sectorLabel(sectors, economy.data.sectors.map(\.id)), condition: condition,
                                       effect: size, effectUnit: unit, fiscalCost: fiscal))
    }

    /// The sectors (indices, ascending) of the rows whose demand, exports or investment the
    /// effect changed since `mark`, a count of `effect.additions`: what a firing that adds
    /// over several sectors (an investment's product mix, a programme's goods and the spending
    /// it displaces, financing's crowding-out) acted on.
    func sectorsChanged(since mark: Int) -> [Int] {
        let n = economy.n
        var hit = [Bool](repeating: false, count: n)
        for a in effect.additions[mark...] where a.amount != 0 { hit[a.row % n] = true }
        return (0..<n).filter { hit[$0] }
    }

    /// `sectorsChanged(since:)`, or the rule's sectors where the firing changed no row.
    func actedOn(since mark: Int) -> [Int] {
        let changed = sectorsChanged(since: mark)
        return changed.isEmpty ? sectors : changed
    }

    /// Spreads `amount` over a target's provinces in proportion to weight x key(p).
    func spread(_ t: Target, _ amount: Double, key: (Int) -> Double) -> [(Int, Double)] {
        let weights = t.members.map { ($0.province, $0.weight * key($0.province)) }
        let total = weights.reduce(0) { $0 + $1.1 }
        guard total > 0 else { return [] }
        return weights.map { ($0.0, amount * $0.1 / total) }
    }

    /// Each target's share of a rule's total, in proportion to weight x key(province).
    func targetShares(_ key: (Int) -> Double) -> [Double] {
        let sizes = targets.map { t in t.members.reduce(0.0) { $0 + $1.weight * key($1.province) } }
        let total = sizes.reduce(0, +)
        return sizes.map { total > 0 ? $0 / total : 0 }
    }

    /// Each target's share of the targets' GDP: how amounts and budgets are split between them.
    var gdpShares: [Double] { targetShares { economy.gdp[$0] } }

    /// A programme budget: a fiscal cost that adds no demand, traced as its own line.
    mutating func spendBudget(_ t: Target, _ amount: Double) {
        guard amount > 0 else { return }
        for (p, x) in spread(t, amount, key: { economy.gdp[$0] }) { charge(p, x) }
        // The budget adds no demand; it pays for the measure on the rule's sectors.
        record(t, sectors, "always", amount, "100 million yuan of programme budget", amount)
    }
}

extension Rule {
    /// Conditional measures run after the pre-measure solve: those with a `when`, and demand
    /// support, whose output gap needs this year's state.
    public var isConditionalPhase: Bool { condition != nil || measure == .demandSupport }

    /// The phase of a year in which the rule applies.
    public var phase: YearPhase { isConditionalPhase ? .conditional : .scheduled }

    func number(_ name: String, _ values: [String: Double]) -> Double {
        let v: Double
        switch numbers[name] {
        case let .value(x): v = x
        case let .parameter(p): v = values[p] ?? .nan
        // The loader admits only formulas that cannot fail (no division by a parameter).
        case let .formula(e, _): v = (try? e.evaluate { values[$0] ?? .nan }) ?? .nan
        case nil: return measure.spec.parameter(name)?.defaultValue ?? .nan
        }
        guard let prices, isMoney(name) else { return v }
        return v / prices.level
    }

    /// Whether the number is money (converted from the rule's `prices` to base-year prices):
    /// amounts, and the level of a final-demand shock's set.
    public func isMoney(_ name: String) -> Bool {
        measure.spec.parameter(name)?.kind == .amount
            || (measure == .finalDemandShock && name == "value" && operation == .set && relativeTo == nil)
    }
}
