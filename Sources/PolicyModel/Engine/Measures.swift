// SPDX-License-Identifier: GPL-3.0-or-later
import PolicyNumerics

/// What a measure may read when it computes its effect for one year of one path.
struct MeasureContext {
    let economy: Economy
    let year: Int
    /// Baseline final demand of the year (domestic components), exports and investment.
    let baselineDemand: [[Double]]
    let baselineExports: [Double]
    /// Last year's final state of this path.
    let previous: YearState
    /// This year's state before conditional measures (nil while unconditional measures run).
    let pre: YearState?
    /// Parameter values of this path.
    let values: [String: Double]
    let ruleIndex: Int
    let recordTrace: Bool
}

extension Rule {
    /// Conditional measures run after the pre-measure solve: those with a `when`, and demand
    /// support, whose output gap needs this year's state.
    public var isConditionalPhase: Bool { condition != nil || measure == .demandSupport }

    /// Whether the measure changes coefficients (and so needs its own factorisation).
    var isStructural: Bool {
        [.qualityUpgrading, .industrialTransfer, .growthPole, .technologyUpgrade, .clusterSynergy, .coefficientShock].contains(measure)
    }

    /// Measures whose effect and condition apply per sector; the others per area only.
    var actsPerSector: Bool {
        ![.investmentProgramme, .investmentFund, .creditSupport, .foreignInvestment, .growthPole, .consumptionProgramme].contains(measure)
    }

    func number(_ name: String, _ values: [String: Double]) -> Double {
        switch numbers[name] {
        case let .value(v): return v
        case let .parameter(p): return values[p] ?? .nan
        case nil: return measure.spec.parameter(name)?.defaultValue ?? .nan
        }
    }
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
}

/// A target of a rule: an area as listed (or one province of it with `per_province`).
struct Target {
    var label: String
    var members: [(province: Int, weight: Double)]
}

enum Measures {
    static func targets(_ rule: Rule, _ e: Economy) -> [Target] {
        var out: [Target] = []
        for area in rule.areas {
            let members = e.members(area)
            if rule.perProvince {
                for m in members { out.append(Target(label: e.data.provinces[m.province].id, members: [m])) }
            } else {
                out.append(Target(label: area, members: members))
            }
        }
        return out
    }

    static func sectors(_ rule: Rule, _ e: Economy) -> [Int] {
        if !rule.sectors.isEmpty { return rule.sectors.compactMap { e.data.sectorIndex($0) } }
        if rule.measure == .industrialTransfer { return (0..<e.n).filter { e.capacityLimited[$0] } }
        return Array(0..<e.n)
    }

    /// Condition variables of a target and sector (nil sector: all sectors) on a state.
    static func variables(_ t: Target, _ sector: Int?, _ ctx: MeasureContext, _ state: YearState) -> ConditionValues {
        let e = ctx.economy, n = e.n, prev = ctx.previous
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
        return ConditionValues(
            year: Double(ctx.year), output: out, outputGrowth: outPrev > 0 ? out / outPrev - 1 : 0,
            gdp: gdp, gdpGrowth: gdpPrev > 0 ? gdp / gdpPrev - 1 : 0, shareOfGDP: gdp > 0 ? va / gdp : 0,
            capacityUtilisation: cap > 0 ? out / cap : 0, exports: exp, employment: emp,
            nationalOutputGrowth: nationalOutPrev > 0 ? nationalOut / nationalOutPrev - 1 : 0,
            nationalGDPGrowth: nationalGDPPrev > 0 ? nationalGDP / nationalGDPPrev - 1 : 0)
    }

    static func describe(_ rule: Rule, _ vars: ConditionValues) -> String {
        guard let c = rule.condition else { return "always" }
        return c.variablesUsed.map { "\($0)=\(traceNumber(vars[$0]))" }.joined(separator: "; ")
    }

    static func traceNumber(_ x: Double) -> String {
        let r = (x * 1e6).rounded() / 1e6
        return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : "\(r)"
    }

    /// Applies one rule for one year: adds to `effects`, changes `structure`, appends to `trace`.
    static func apply(_ rule: Rule, _ ctx: MeasureContext, _ structure: inout Structure, _ effects: inout Effects, _ trace: inout [TraceEntry]) {
        let e = ctx.economy, n = e.n
        let level = rule.level(ctx.year)
        guard level > 0 else { return }
        let share = rule.spendingShare(ctx.year)
        let v = { (name: String) in rule.number(name, ctx.values) }
        let sectors = sectors(rule, e)
        let r = ctx.ruleIndex

        func fires(_ t: Target, _ sector: Int?) -> (Bool, String) {
            guard let condition = rule.condition, let pre = ctx.pre else { return (true, "always") }
            let vars = variables(t, sector, ctx, pre)
            // The description is text for the trace; draws record none and skip building it.
            return (condition.evaluate { vars[$0] } != 0, ctx.recordTrace ? describe(rule, vars) : "")
        }
        func record(_ t: Target, _ sector: Int?, _ condition: String, _ effect: Double, _ unit: String, _ fiscal: Double) {
            guard ctx.recordTrace else { return }
            trace.append(TraceEntry(rule: rule.id, task: rule.task, measure: rule.measure.rawValue, year: ctx.year, area: t.label,
                                    sector: sector.map { e.data.sectors[$0].id } ?? "all", condition: condition,
                                    effect: effect, effectUnit: unit, fiscalCost: fiscal))
        }
        /// Spreads `amount` over a target's provinces in proportion to weight x key(p).
        func spread(_ t: Target, _ amount: Double, key: (Int) -> Double) -> [(Int, Double)] {
            let weights = t.members.map { ($0.province, $0.weight * key($0.province)) }
            let total = weights.reduce(0) { $0 + $1.1 }
            guard total > 0 else { return [] }
            return weights.map { ($0.0, amount * $0.1 / total) }
        }
        func invest(_ t: Target, _ amount: Double, fiscalShare: Double, composition: [(sector: String, share: Double)]?) {
            let mix: [Double]
            if let composition {
                var m = [Double](repeating: 0, count: n)
                for c in composition { if let i = e.data.sectorIndex(c.sector) { m[i] = c.share } }
                mix = m
            } else {
                mix = e.investmentMix
            }
            for (p, x) in spread(t, amount, key: { e.gdp[$0] }) {
                for i in 0..<n { effects.demand[3][p * n + i] += x * mix[i] }
                if !rule.sectors.isEmpty {
                    let base = sectors.map { e.investment[p * n + $0] }
                    let total = base.reduce(0, +)
                    for (k, i) in sectors.enumerated() { effects.investment[p * n + i] += x * (total > 0 ? base[k] / total : 1 / Double(sectors.count)) }
                }
                effects.fiscal[r][p] += fiscalShare * x
            }
        }

        /// A programme budget: a fiscal cost that adds no demand, traced as its own line.
        func spendBudget(_ t: Target, _ amount: Double) {
            guard amount > 0 else { return }
            for (p, x) in spread(t, amount, key: { e.gdp[$0] }) { effects.fiscal[r][p] += x }
            record(t, nil, "always", amount, "100 million yuan of programme budget", amount)
        }
        let ts = targets(rule, e)
        /// Each target's share of the targets' GDP: how amounts and budgets are split between them.
        let gdpShares = targetShares(ts) { e.gdp[$0] }

        switch rule.measure {
        case .investmentProgramme, .investmentFund, .creditSupport, .foreignInvestment, .growthPole:
            let (amount, fiscal): (Double, Double) = {
                switch rule.measure {
                case .investmentProgramme: let a = v("amount") * share; return (a, v("fiscal_share"))
                case .investmentFund: let f = v("fund") * share; let l = v("leverage"); return (f * l, l > 0 ? 1 / l : 0)
                case .creditSupport: let lend = v("lending") * share; let up = v("investment_uptake"); return (lend * up, up > 0 ? v("interest_subsidy") / up : 0)
                case .foreignInvestment: return (v("inflow") * share, v("service_cost"))
                default: return (v("investment") * share, v("fiscal_share"))
                }
            }()
            for (t, part) in zip(ts, gdpShares) {
                let (ok, cond) = fires(t, nil)
                guard ok else { continue }
                let before = effects.fiscal[r].reduce(0, +)
                invest(t, amount * part, fiscalShare: fiscal, composition: rule.composition)
                if rule.measure == .growthPole { localSourcing(rule, t, sectors, v("local_sourcing") * level, e, &structure) }
                record(t, nil, cond, amount * part, "100 million yuan of investment", effects.fiscal[r].reduce(0, +) - before)
            }
            if rule.measure == .growthPole { structure.note([Double(r), level, v("local_sourcing")]) }

        case .consumptionProgramme:
            let subsidy = v("subsidy") * share
            let induced = subsidy * v("leverage")
            let c = Economy.components.firstIndex(of: rule.component ?? .ruralHouseholds)!
            let componentTotal = { (p: Int) in (0..<n).reduce(0.0) { $0 + ctx.baselineDemand[c][p * n + $1] } }
            let crowdingOut = v("crowding_out")
            for (t, part) in zip(ts, targetShares(ts, componentTotal)) {
                let (ok, cond) = fires(t, nil)
                guard ok, induced > 0 else { continue }
                let parts = spread(t, induced * part, key: { p in (0..<n).reduce(0) { $0 + ctx.baselineDemand[c][p * n + $1] } })
                for (p, x) in parts {
                    let base = sectors.map { ctx.baselineDemand[c][p * n + $0] }
                    let total = base.reduce(0, +)
                    for (k, i) in sectors.enumerated() {
                        effects.demand[c][p * n + i] += x * (total > 0 ? base[k] / total : e.data.national[.output, i] / sectors.reduce(0) { $0 + e.data.national[.output, $1] })
                    }
                    let all = (0..<n).reduce(0) { $0 + ctx.baselineDemand[c][p * n + $1] }
                    if all > 0 {
                        for i in 0..<n { effects.demand[c][p * n + i] -= crowdingOut * x * ctx.baselineDemand[c][p * n + i] / all }
                    }
                    effects.fiscal[r][p] += subsidy * x / induced
                }
                record(t, nil, cond, induced, "100 million yuan of household spending", parts.reduce(0) { $0 + subsidy * $1.1 / induced })
            }

        case .exportSupport:
            let growth = v("export_growth"), costPerYuan = v("cost_per_yuan")
            for t in ts {
                for i in sectors {
                    let (ok, cond) = fires(t, i)
                    guard ok else { continue }
                    var added = 0.0, cost = 0.0
                    for (p, w) in t.members {
                        let x = w * growth * level * ctx.baselineExports[p * n + i]
                        effects.exports[p * n + i] += x
                        effects.fiscal[r][p] += costPerYuan * x
                        added += x
                        cost += costPerYuan * x
                    }
                    record(t, i, cond, added, "100 million yuan of exports", cost)
                }
            }

        case .qualityUpgrading:
            let budget = v("budget") * share
            let substitution = v("import_substitution"), exportGain = v("export_gain")
            for (t, gdpShare) in zip(ts, gdpShares) {
                var fired = false
                for i in sectors {
                    let (ok, cond) = fires(t, i)
                    guard ok else { continue }
                    fired = true
                    for (p, w) in t.members {
                        let k = p * n + i
                        structure.importScale[k, default: 1] *= 1 - w * substitution * level
                        effects.exports[k] += w * exportGain * level * ctx.baselineExports[k]
                    }
                    record(t, i, cond, substitution * level, "cut of the import share (fraction)", 0)
                }
                if fired { spendBudget(t, budget * gdpShare) }
            }
            structure.note([Double(r), level, v("import_substitution")])

        case .technologyUpgrade, .coefficientShock:
            let budget = rule.measure == .technologyUpgrade ? v("budget") * share : 0
            let op = rule.measure == .technologyUpgrade ? ShockOperation.scale : (rule.operation ?? .scale)
            let value = rule.measure == .technologyUpgrade ? 1 - v("input_saving") : v("value")
            let inputs = rule.inputSectors.isEmpty ? Array(0..<n) : rule.inputSectors.compactMap { e.data.sectorIndex($0) }
            for (t, gdpShare) in zip(ts, gdpShares) {
                var fired = false
                for j in sectors {
                    let (ok, cond) = fires(t, j)
                    guard ok else { continue }
                    fired = true
                    for (p, _) in t.members {
                        var a = structure.coefficients(e, p)
                        for i in inputs {
                            switch op {
                            case .scale: a[i, j] *= value * level + (1 - level)
                            case .add: a[i, j] = max(0, a[i, j] + value * level)
                            case .set: a[i, j] += (value - a[i, j]) * level
                            }
                        }
                        structure.provinceCoefficients[p] = a
                    }
                    record(t, j, cond, rule.measure == .technologyUpgrade ? v("input_saving") * level : value, rule.measure == .technologyUpgrade ? "cut of input coefficients (fraction)" : "coefficient \(op.rawValue) value", 0)
                }
                if fired { spendBudget(t, budget * gdpShare) }
            }
            structure.note([Double(r), level, value])

        case .industrialTransfer:
            // Sorted arrays, not sets: set iteration order varies between processes, and sums
            // taken in a different order differ in the last bits.
            let fromSet = Array(Set(rule.fromAreas.flatMap { e.members($0).map(\.province) })).sorted()
            let shareValue = v("share"), costPerYuan = v("cost_per_yuan")
            let s = shareValue * level
            let previousLevel = rule.level(ctx.year - 1)
            let perOutputValue = rule.numbers["capital_per_output"] == nil ? nil : v("capital_per_output")
            for t in ts {
                let to = t.members.map(\.province).filter { !fromSet.contains($0) }
                guard !to.isEmpty else { continue }
                for i in sectors {
                    let (ok, cond) = fires(t, i)
                    guard ok else { continue }
                    var tm = structure.sourcing(e, i)
                    let base = e.sourcing[i]
                    var moved = 0.0, movedIncrease = 0.0
                    var received = [Double](repeating: 0, count: e.provinces)
                    for dest in 0..<e.provinces {
                        let fromShare = fromSet.reduce(0.0) { $0 + tm[$1, dest] }
                        guard fromShare > 0 else { continue }
                        let amount = s * fromShare
                        for q in fromSet { tm[q, dest] *= 1 - s }
                        let keys = to.map { tm[$0, dest] > 0 ? tm[$0, dest] : e.output[$0 * n + i] }
                        let total = keys.reduce(0, +)
                        guard total > 0 else { continue }
                        let purchases = ctx.previous.purchases[dest * n + i]
                        for (k, q) in to.enumerated() {
                            tm[q, dest] += amount * keys[k] / total
                            received[q] += amount * keys[k] / total * purchases
                        }
                        let baseFrom = fromSet.reduce(0.0) { $0 + base[$1, dest] }
                        moved += amount * purchases
                        movedIncrease += shareValue * max(0, level - previousLevel) * baseFrom * purchases
                    }
                    structure.sourcing[i] = tm
                    let perOutput = perOutputValue ?? e.capitalPerOutput[i]
                    let receivedTotal = received.reduce(0, +)
                    var cost = 0.0
                    for q in to where receivedTotal > 0 {
                        let part = received[q] / receivedTotal
                        let build = perOutput * movedIncrease * part
                        for j in 0..<n { effects.demand[3][q * n + j] += build * e.investmentMix[j] }
                        effects.investment[q * n + i] += build
                        effects.fiscal[r][q] += costPerYuan * moved * part
                        cost += costPerYuan * moved * part
                    }
                    record(t, i, cond, moved, "100 million yuan of supply moved (at last year's purchases)", cost)
                }
            }
            structure.note([Double(r), level, shareValue])

        case .clusterSynergy:
            let budget = v("budget") * share
            let s = v("share") * level
            for (t, gdpShare) in zip(ts, gdpShares) {
                let members = Array(Set(t.members.map(\.province))).sorted()
                let outsiders = (0..<e.provinces).filter { !members.contains($0) }
                for i in sectors {
                    let (ok, cond) = fires(t, i)
                    guard ok else { continue }
                    var tm = structure.sourcing(e, i)
                    var moved = 0.0
                    for dest in members {
                        let outside = outsiders.reduce(0.0) { $0 + tm[$1, dest] }
                        guard outside > 0 else { continue }
                        let keys = members.map { tm[$0, dest] > 0 ? tm[$0, dest] : e.output[$0 * n + i] }
                        let total = keys.reduce(0, +)
                        guard total > 0 else { continue }
                        for q in outsiders { tm[q, dest] *= 1 - s }
                        for (k, q) in members.enumerated() { tm[q, dest] += s * outside * keys[k] / total }
                        moved += s * outside * ctx.previous.purchases[dest * n + i]
                    }
                    structure.sourcing[i] = tm
                    record(t, i, cond, moved, "100 million yuan of supply moved into the cluster (at last year's purchases)", 0)
                }
                spendBudget(t, budget * gdpShare)
            }
            structure.note([Double(r), level, v("share")])

        case .demandSupport:
            guard let pre = ctx.pre else { return }
            let c = Economy.components.firstIndex(of: rule.component ?? .government)!
            let floorGrowth = v("floor"), gapShare = v("gap_share"), costShare = v("cost_share")
            for t in ts {
                for i in sectors {
                    let (ok, cond) = fires(t, i)
                    guard ok else { continue }
                    var now = 0.0, last = 0.0
                    for (p, w) in t.members {
                        now += w * pre.output[p * n + i]
                        last += w * ctx.previous.output[p * n + i]
                    }
                    let gap = max(0, (1 + floorGrowth) * last - now)
                    let added = gapShare * level * gap
                    guard added > 0 else { continue }
                    var cost = 0.0
                    for (p, x) in spread(t, added, key: { pre.output[$0 * n + i] }) {
                        effects.demand[c][p * n + i] += x
                        effects.fiscal[r][p] += costShare * x
                        cost += costShare * x
                    }
                    record(t, i, cond, added, "100 million yuan of demand", cost)
                }
            }

        case .finalDemandShock:
            let component = rule.component ?? .government
            let op = rule.operation ?? .add
            let value = v("value"), fiscalShare = v("fiscal_share")
            for t in ts {
                for i in sectors {
                    let (ok, cond) = fires(t, i)
                    guard ok else { continue }
                    func current(_ p: Int) -> Double {
                        component == .exports ? ctx.baselineExports[p * n + i] : ctx.baselineDemand[Economy.components.firstIndex(of: component)!][p * n + i]
                    }
                    var deltas: [(Int, Double)] = []
                    switch op {
                    case .add:
                        let perSector = value * level / Double(sectors.count)
                        deltas = spread(t, perSector, key: { current($0) != 0 ? abs(current($0)) : e.gdp[$0] * 1e-12 })
                    case .scale:
                        deltas = t.members.map { ($0.province, $0.weight * (value - 1) * level * current($0.province)) }
                    case .set:
                        let total = t.members.reduce(0.0) { $0 + $1.weight * current($1.province) }
                        deltas = spread(t, (value - total) * level, key: { current($0) != 0 ? abs(current($0)) : 1 })
                    }
                    var added = 0.0, cost = 0.0
                    for (p, x) in deltas {
                        if component == .exports { effects.exports[p * n + i] += x } else {
                            effects.demand[Economy.components.firstIndex(of: component)!][p * n + i] += x
                        }
                        let f = fiscalShare * max(0, x)
                        effects.fiscal[r][p] += f
                        added += x
                        cost += f
                    }
                    record(t, i, cond, added, "100 million yuan of \(component.rawValue)", cost)
                }
            }
        }
    }

    /// Each target's share of a rule's total, in proportion to weight x key(province).
    static func targetShares(_ ts: [Target], _ key: (Int) -> Double) -> [Double] {
        let sizes = ts.map { t in t.members.reduce(0.0) { $0 + $1.weight * key($1.province) } }
        let total = sizes.reduce(0, +)
        return sizes.map { total > 0 ? $0 / total : 0 }
    }

    /// Moves a fraction of a pole's purchases from other provinces to its own supply.
    static func localSourcing(_ rule: Rule, _ t: Target, _ sectors: [Int], _ s: Double, _ e: Economy, _ structure: inout Structure) {
        guard s > 0 else { return }
        for i in sectors {
            var tm = structure.sourcing(e, i)
            for (p, w) in t.members {
                let others = 1 - tm[p, p]
                guard others > 0 else { continue }
                let moved = s * w * others
                for q in 0..<e.provinces where q != p { tm[q, p] *= 1 - s * w }
                tm[p, p] += moved
            }
            structure.sourcing[i] = tm
        }
    }
}
