// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyNumerics

/// The baseline path: final demand, exports and investment by year, with no measure.
///
/// Every province's final demand, exports and investment grow by 1 + lambda_t + d_p a year:
/// d_p is the province's historical differential, persistence x (its average nominal GDP growth
/// over the history years - that of the provincial sum); lambda_t is found by Brent's method so
/// that national real GDP grows by the scenario's target in year t.
public struct Baseline: Sendable {
    public let years: [Int]
    public let demand: [[[Double]]]
    public let exports: [[Double]]
    public let investment: [[Double]]
    public let lambda: [Double]
    public let differentials: [Double]
    public let states: [YearState]
}

/// Runs one path (the central run, a draw, or the baseline) year by year.
struct PathRunner {
    let economy: Economy
    let scenario: Scenario
    let solver: YearSolver
    /// Capacity per unit of capital (industry sectors; 0 where no limit applies).
    let capacityPerCapital: [Double]

    init(economy: Economy, scenario: Scenario, cache: FactorisationCache, recorder: SystemRecorder? = nil) {
        self.economy = economy
        self.scenario = scenario
        solver = YearSolver(economy: economy, cache: cache, recorder: recorder)
        let u = scenario.baseline.capacityUtilisation
        capacityPerCapital = (0..<economy.size).map { k in
            economy.capacityLimited[k % economy.n] && economy.capital[k] > 0 ? economy.output[k] / (u * economy.capital[k]) : 0
        }
    }

    func capacity(_ capital: [Double]) -> [Double] {
        (0..<economy.size).map { capacityPerCapital[$0] > 0 ? capacityPerCapital[$0] * capital[$0] : .infinity }
    }

    func employmentPerOutput(_ year: Int) -> [Double] {
        let factor = pow(1 + scenario.baseline.labourProductivityGrowth, Double(year - economy.data.baseYear))
        return economy.employmentPerOutput.map { $0 / factor }
    }

    /// The base year as a state.
    func baseState(rules: Int) -> YearState {
        let e = economy, size = e.size
        return YearState(year: e.data.baseYear, output: e.output, valueAdded: e.data.provincial[.valueAdded],
                         employment: e.data.provincial[.employment], investment: e.investment, capital: e.capital,
                         capacity: capacity(e.capital), demand: e.demand, exports: e.exports, imports: e.data.provincial[.imports],
                         leak: [Double](repeating: 0, count: size), intermediateUse: e.data.provincial[.intermediateUse],
                         purchases: Structure().domesticPurchases(e, output: e.output, domesticDemand: (0..<size).map { k in e.demand.reduce(0) { $0 + $1[k] } }),
                         outflow: e.data.provincial[.interprovincialOutflow], inflow: e.data.provincial[.interprovincialInflow],
                         gdp: e.gdp, fiscal: Array(repeating: [Double](repeating: 0, count: e.provinces), count: rules),
                         external: e.data.externals.map(\.gdp))
    }

    /// Integrates dK/dt = I(t) - delta K over [year - 1, year] with I linear from last year's to this year's investment.
    func integrateCapital(_ ode: ODEIntegrator, _ path: InvestmentPath, from capital: [Double], previous: [Double], current: [Double], year: Int) throws -> [Double] {
        path.start = Double(year - 1)
        path.from = previous
        path.to = current
        var k = capital
        try ode.integrate(from: Double(year - 1), to: Double(year), state: &k, label: "capital stock in \(year)")
        return k
    }

    func makeIntegrator(_ path: InvestmentPath) throws -> ODEIntegrator {
        let delta = economy.depreciation
        return try ODEIntegrator(dimension: economy.size, method: .rk8pd, initialStep: 0.25,
                                 absoluteTolerance: 1e-8, relativeTolerance: 1e-11) { t, k, dk in
            let w = t - path.start
            for i in 0..<k.count { dk[i] = path.from[i] + (path.to[i] - path.from[i]) * w - delta * k[i] }
        }
    }

    /// Calibrates the baseline.
    func calibrateBaseline() throws -> Baseline {
        let e = economy, n = e.n, spec = scenario.baseline
        let d = differentials()
        var states = [baseState(rules: 0)]
        var demand = [e.demand], exports = [e.exports], investment = [e.investment], lambdas = [0.0]
        let path = InvestmentPath(size: e.size)
        let ode = try makeIntegrator(path)
        for year in scenario.startYear...scenario.endYear {
            let prev = states.last!
            let target = prev.gdp.reduce(0, +) * (1 + (spec.growth[year] ?? 0))
            let cap = capacity(prev.capital)
            let employment = employmentPerOutput(year)
            func grown(_ v: [Double], _ lambda: Double) -> [Double] { (0..<v.count).map { v[$0] * (1 + lambda + d[$0 / n]) } }
            func attempt(_ lambda: Double) throws -> YearState {
                var previous: LUFactorization?
                return try solver.state(year: year, structure: Structure(), demand: demand.last!.map { grown($0, lambda) },
                                        exports: grown(exports.last!, lambda), capacity: cap, employmentPerOutput: employment,
                                        label: "the baseline of \(year)", previous: &previous)
            }
            let g = spec.growth[year] ?? 0
            let lambda: Double, solved: YearState
            if let (l, state) = affineRoot(g, target, attempt) {
                (lambda, solved) = (l, state)
            } else {
                lambda = try bracketedRoot(g, year: year, target, attempt)
                solved = try attempt(lambda)
            }
            var s = solved
            s.investment = grown(investment.last!, lambda)
            s.capital = try integrateCapital(ode, path, from: prev.capital, previous: prev.investment, current: s.investment, year: year)
            s.fiscal = []
            s.external = e.data.externals.enumerated().map { prev.external[$0.offset] * (1 + (spec.externalGrowth[$0.element.id] ?? 0)) }
            demand.append(s.demand)
            exports.append(s.exports)
            investment.append(s.investment)
            lambdas.append(lambda)
            states.append(s)
        }
        return Baseline(years: Array(e.data.baseYear...scenario.endYear), demand: demand, exports: exports,
                        investment: investment, lambda: lambdas, differentials: d, states: states)
    }

    /// The baseline's lambda when no capacity limit binds. GDP is then affine in lambda
    /// (x = (I - B)^-1 y and y is affine in lambda), so the secant through two trial solves
    /// hits the target exactly, up to rounding; a third solve at the root confirms it. Nil when
    /// a row is at capacity in any of the three (GDP is then only piecewise affine) or the
    /// confirmation misses by more than rounding: the caller falls back to Brent.
    func affineRoot(_ g: Double, _ target: Double, _ attempt: (Double) throws -> YearState) -> (Double, YearState)? {
        func gdp(_ s: YearState) -> Double { s.gdp.reduce(0, +) }
        func free(_ s: YearState) -> Bool { s.leak.allSatisfy { $0 == 0 } }
        let step = 0.01
        // A trial that fails (output pushed negative, say) leaves the search to Brent, which
        // reports the failure if no value in its brackets succeeds either.
        guard let a = try? attempt(g), let b = try? attempt(g + step), free(a), free(b), gdp(b) != gdp(a) else { return nil }
        let lambda = g - (gdp(a) - target) * step / (gdp(b) - gdp(a))
        guard lambda.isFinite, lambda > -0.9 else { return nil }
        guard let s = try? attempt(lambda), free(s), abs(gdp(s) - target) <= 1e-12 * abs(target) else { return nil }
        return (lambda, s)
    }

    /// The baseline's lambda by Brent's method, bracketing the target growth narrowly first and
    /// widening only if needed (far-off trial values would push many sectors past capacity).
    func bracketedRoot(_ g: Double, year: Int, _ target: Double, _ attempt: (Double) throws -> YearState) throws -> Double {
        var failure: Error?
        for width in [0.02, 0.08, 0.3] {
            do {
                let lambda = try RootFinder.brent(in: max(-0.9, g - width), g + width, absoluteTolerance: 1e-13, relativeTolerance: 1e-13,
                                                  label: "baseline growth of \(year)") { lambda in
                    do { return try attempt(lambda).gdp.reduce(0, +) - target } catch { failure = error; return .nan }
                }
                if let failure { throw failure }
                return lambda
            } catch NumericsError.noBracket {
                continue
            } catch {
                // A trial solve that failed explains more than the root finder's complaint about it.
                throw failure ?? error
            }
        }
        if let failure { throw failure }
        throw EngineError.calibration(year: year, message: "no final-demand growth between \(g - 0.3) and \(g + 0.3) a year reaches the target")
    }

    /// d_p = persistence x (province's average nominal growth - provincial sum's), over the history years.
    func differentials() -> [Double] {
        let spec = scenario.baseline, h = economy.data.gdpHistory
        guard spec.differentialPersistence > 0 else { return [Double](repeating: 0, count: economy.provinces) }
        let span = Double(spec.historyTo - spec.historyFrom)
        func growth(_ a: Double, _ b: Double) -> Double { a > 0 && b > 0 ? pow(b / a, 1 / span) - 1 : 0 }
        let ids = economy.data.provinces.map(\.id)
        let from = ids.reduce(0.0) { $0 + (h[$1]?[spec.historyFrom] ?? 0) }
        let to = ids.reduce(0.0) { $0 + (h[$1]?[spec.historyTo] ?? 0) }
        let national = growth(from, to)
        return ids.map { spec.differentialPersistence * (growth(h[$0]?[spec.historyFrom] ?? 0, h[$0]?[spec.historyTo] ?? 0) - national) }
    }

    /// Runs the scenario's rules on top of the baseline with the given parameter values.
    /// `central`: this run's factorisations become the preconditioners of the draws (slot = year x 2 + phase).
    func run(baseline: Baseline, values: [String: Double], recordTrace: Bool, central: Bool = false) throws -> (states: [YearState], trace: [TraceEntry]) {
        let e = economy, size = e.size, rules = scenario.rules
        var states = [baseState(rules: rules.count)]
        var trace: [TraceEntry] = []
        let path = InvestmentPath(size: size)
        let ode = try makeIntegrator(path)
        let linked = externalLinks()
        // Rules apply in the order of their ids, not of the file: structural changes to the same
        // coefficients do not commute, and sums taken in a fixed order are bit-for-bit the same.
        let canonical = rules.indices.sorted { rules[$0].id < rules[$1].id }
        // The base structure's factorisation (the baseline's) is where the first year starts: it
        // is close to a first year's structure, so refinement against it usually saves a factorisation.
        var previousLU: LUFactorization? = solver.cache.cached(Structure())
        for (y, year) in (scenario.startYear...scenario.endYear).enumerated() {
            let index = y + 1
            let prev = states.last!
            let cap = capacity(prev.capital)
            let employment = employmentPerOutput(year)
            var structure = Structure()
            var effects = Effects(size: size, rules: rules.count, provinces: e.provinces)
            func context(_ r: Int, pre: YearState?) -> MeasureContext {
                MeasureContext(economy: e, year: year, baselineDemand: baseline.demand[index], baselineExports: baseline.exports[index],
                               previous: prev, pre: pre, values: values, ruleIndex: r, recordTrace: recordTrace)
            }
            for r in canonical where rules[r].isActive(year) && !rules[r].isConditionalPhase {
                Measures.apply(rules[r], context(r, pre: nil), &structure, &effects, &trace)
            }
            func solve(phase: Int) throws -> YearState {
                let demand = (0..<Economy.components.count).map { c in (0..<size).map { baseline.demand[index][c][$0] + effects.demand[c][$0] } }
                let exports = (0..<size).map { baseline.exports[index][$0] + effects.exports[$0] }
                return try solver.state(year: year, structure: structure, demand: demand, exports: exports, capacity: cap,
                                        employmentPerOutput: employment, label: "\(scenario.name) \(year)",
                                        reference: year * 2 + phase, makeReference: central, previous: &previousLU)
            }
            var state = try solve(phase: 0)
            let conditional = canonical.filter { rules[$0].isActive(year) && rules[$0].isConditionalPhase }.map { ($0, rules[$0]) }
            if !conditional.isEmpty {
                let pre = state
                let before = effects
                let keyBefore = structure.key
                var phase2 = Effects(size: size, rules: rules.count, provinces: e.provinces)
                for (r, rule) in conditional { Measures.apply(rule, context(r, pre: pre), &structure, &phase2, &trace) }
                effects = before
                effects.add(phase2)
                if phase2.demand.contains(where: { $0.contains { $0 != 0 } }) || phase2.exports.contains(where: { $0 != 0 }) || structure.key != keyBefore {
                    state = try solve(phase: 1)
                }
            }
            state.investment = (0..<size).map { baseline.investment[index][$0] + effects.investment[$0] }
            state.capital = try integrateCapital(ode, path, from: prev.capital, previous: prev.investment, current: state.investment, year: year)
            state.fiscal = effects.fiscal
            state.external = e.data.externals.enumerated().map { x, ext in
                var gain = 0.0
                for (cluster, elasticity) in linked[ext.cluster] ?? [] {
                    let members = e.members(cluster)
                    let now = members.reduce(0.0) { $0 + $1.weight * state.gdp[$1.province] }
                    let base = members.reduce(0.0) { $0 + $1.weight * baseline.states[index].gdp[$1.province] }
                    if base > 0 { gain += elasticity(values, year) * (now / base - 1) }
                }
                return baseline.states[index].external[x] * (1 + gain)
            }
            states.append(state)
        }
        return (states, trace)
    }

    /// cluster -> [(cluster id, elasticity(values, year))] from cluster_synergy rules.
    func externalLinks() -> [String: [(String, ([String: Double], Int) -> Double)]] {
        var out: [String: [(String, ([String: Double], Int) -> Double)]] = [:]
        for rule in scenario.rules where rule.measure == .clusterSynergy {
            for area in rule.areas {
                out[area, default: []].append((area, { values, year in rule.number("external_elasticity", values) * rule.level(year) }))
            }
        }
        return out
    }
}

/// The investment path of one year, read by the capital ODE's right-hand side.
final class InvestmentPath {
    var start = 0.0
    var from: [Double]
    var to: [Double]
    init(size: Int) {
        from = [Double](repeating: 0, count: size)
        to = from
    }
}
