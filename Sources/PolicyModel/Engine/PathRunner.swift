// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyNumerics

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
                         purchases: Structure.base.domesticPurchases(e, output: e.output, domesticDemand: e.demand.total),
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

    /// The rules of one year applied in two phases and solved: first the scheduled rules, then
    /// (on that pre-measure state) the conditional ones, solved again if they changed anything.
    /// Rules apply in the order of their ids, not of the file: structural changes to the same
    /// coefficients do not commute, and sums taken in a fixed order are bit-for-bit the same.
    /// `households`: the compensation of the no-policy path this year when household consumption
    /// responds to income (nil: it does not). Returns the state (without investment, capital,
    /// fiscal cost and external economies, which the caller adds) and the rules' effects.
    func step(year: Int, inputs: BaselineYear, previous prev: YearState, rules: [Rule], values: [String: Double],
              recordTrace: Bool, reference: SolveRequest.ReferenceUse, households compensation: [Double]?,
              earlier: @escaping (Int) -> BaselineYear? = { _ in nil },
              previousLU: inout LUFactorization?) throws -> (state: YearState, effects: PhaseEffects) {
        let e = economy, size = e.size
        let canonical = rules.indices.sorted { rules[$0].id < rules[$1].id }
        let cap = capacity(prev.capital)
        let employment = employmentPerOutput(year)
        var propensity: Double?
        if compensation != nil, case let .endogenous(c) = scenario.baseline.households {
            switch c {
            case let .value(v): propensity = v
            case let .parameter(name): propensity = values[name] ?? scenario.baseline.included.values[name] ?? .nan
            case let .formula(f, _): propensity = (try? f.evaluate { values[$0] ?? scenario.baseline.included.values[$0] ?? .nan }) ?? .nan
            }
        }
        /// The household closure of a phase's solve: income taken by taxes is the phase's.
        func loop(_ effects: PhaseEffects) -> HouseholdLoop? {
            guard let propensity, let compensation else { return nil }
            return HouseholdLoop(propensity: propensity, economy: e, baselineDemand: inputs.demand, reference: compensation,
                                 otherIncome: effects.income)
        }
        /// The rules of one phase applied in id order, each seeing the structure the ones
        /// before it left; `pre` is the state conditions read (the conditional phase).
        func apply(_ phase: YearPhase, from structure: Structure, pre: YearState?) throws -> PhaseEffects {
            var effects = PhaseEffects(size: size, rules: rules.count, provinces: e.provinces, structure: structure)
            for r in canonical where rules[r].isActive(year) && rules[r].phase == phase {
                let context = MeasureContext(economy: e, year: year, phase: phase, baselineDemand: inputs.demand,
                                             baselineExports: inputs.exports, previous: prev, pre: pre,
                                             structure: effects.structure, values: values, recordTrace: recordTrace,
                                             householdsEndogenous: propensity != nil, earlier: earlier)
                effects.add(try Measures.effect(of: rules[r], context), rule: r, e)
            }
            return effects
        }
        func solve(_ phase: YearPhase, _ effects: PhaseEffects) throws -> YearState {
            let active = canonical.filter { rules[$0].isActive(year) && (phase == .conditional || rules[$0].phase == .scheduled) }.map { rules[$0].id }
            let request = SolveRequest(year: year, phase: phase, rules: active, label: "\(scenario.name) \(year)", reference: reference)
            let exports = (0..<size).map { inputs.exports[$0] + effects.exports[$0] }
            return try solver.state(request, structure: effects.structure, demand: inputs.demand + effects.demand,
                                    exports: exports, capacity: cap, employmentPerOutput: employment, households: loop(effects),
                                    previous: &previousLU)
        }
        let scheduled = try apply(.scheduled, from: .base, pre: nil)
        var state = try solve(.scheduled, scheduled)
        var effects = scheduled
        if canonical.contains(where: { rules[$0].isActive(year) && rules[$0].phase == .conditional }) {
            let conditional = try apply(.conditional, from: scheduled.structure, pre: state)
            effects = scheduled.combined(with: conditional)
            if conditional.changesSystem(since: scheduled.structure) {
                state = try solve(.conditional, effects)
            }
        }
        state.investment = (0..<size).map { inputs.investment[$0] + effects.investment[$0] }
        state.fiscal = effects.fiscal
        state.deficit = effects.deficit
        return (state, effects)
    }

    /// Runs the scenario's rules on top of the baseline with the given parameter values.
    /// `central`: this run's factorisations become the references that the draws refine against.
    func run(baseline: Baseline, values: [String: Double], recordTrace: Bool, central: Bool = false) throws -> (states: [YearState], trace: [TraceEntry]) {
        let e = economy, size = e.size, rules = scenario.rules
        var states = [baseState(rules: rules.count)]
        var trace: [TraceEntry] = []
        let path = InvestmentPath(size: size)
        let ode = try makeIntegrator(path)
        let linked = externalLinks(rules)
        let endogenous = scenario.baseline.households != .exogenous
        // The base structure's factorisation (the baseline's) is where the first year starts: it
        // is close to a first year's structure, so refinement against it usually saves a factorisation.
        var previousLU: LUFactorization? = solver.cache.cached(StructureIdentity(.base))
        for (y, year) in (scenario.startYear...scenario.endYear).enumerated() {
            let index = y + 1
            let prev = states.last!
            let noPolicy = baseline.noPolicy[index]
            var (state, effects) = try step(year: year, inputs: baseline.inputs(index), previous: prev, rules: rules, values: values,
                                            recordTrace: recordTrace, reference: central ? .record : .refine,
                                            households: endogenous ? HouseholdLoop.compensation(noPolicy.output, e.compensationPerOutput, provinces: e.provinces) : nil,
                                            earlier: baseline.earlier(than: index, baseYear: e.data.baseYear),
                                            previousLU: &previousLU)
            trace += effects.trace
            state.capital = try integrateCapital(ode, path, from: prev.capital, previous: prev.investment, current: state.investment, year: year)
            state.external = external(state, against: noPolicy, links: linked, values: values, year: year)
            states.append(state)
        }
        return (states, trace)
    }

    /// External economies (Hong Kong, Macao) follow the no-policy path, raised by each linked
    /// cluster's relative GDP gain over it times the linking rule's elasticity.
    func external(_ state: YearState, against noPolicy: YearState, links: [String: [(String, ([String: Double], Int) -> Double)]],
                  values: [String: Double], year: Int) -> [Double] {
        let e = economy
        return e.data.externals.enumerated().map { x, ext in
            var gain = 0.0
            for (cluster, elasticity) in links[ext.cluster] ?? [] {
                let members = e.members(cluster)
                let now = members.reduce(0.0) { $0 + $1.weight * state.gdp[$1.province] }
                let base = members.reduce(0.0) { $0 + $1.weight * noPolicy.gdp[$1.province] }
                if base > 0 { gain += elasticity(values, year) * (now / base - 1) }
            }
            return noPolicy.external[x] * (1 + gain)
        }
    }

    /// cluster -> [(cluster id, elasticity(values, year))] from cluster_synergy rules.
    func externalLinks(_ rules: [Rule]) -> [String: [(String, ([String: Double], Int) -> Double)]] {
        var out: [String: [(String, ([String: Double], Int) -> Double)]] = [:]
        for rule in rules where rule.measure == .clusterSynergy {
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
