// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyNumerics

/// The baseline path: final demand, exports and investment by year, with no measure.
///
/// Every province's final demand, exports and investment grow by 1 + lambda_t + d_p a year:
/// d_p is the province's historical differential, persistence x (its average nominal GDP growth
/// over the history years - that of the provincial sum); lambda_t is found by root finding so
/// that national real GDP grows by the scenario's target in year t (`calibrateBaseline`).
///
/// With measures in the baseline (`BaselineSpec.included`), lambda_t is found with them in force:
/// `states` is the target path, which meets the growth target and contains the measures, and
/// `noPolicy` the path derived from the same final-demand growth without them, against which a
/// run's effects are measured. Without included measures the two are the same path.
public struct Baseline: Sendable {
    public let years: [Int]
    /// Final demand, exports and investment of each year before any measure (the lambda path).
    public let demand: [DemandByComponent]
    public let exports: [[Double]]
    public let investment: [[Double]]
    public let lambda: [Double]
    public let differentials: [Double]
    /// The target path: the growth target met, with the included measures.
    public let states: [YearState]
    /// The same final-demand path without the included measures.
    public let noPolicy: [YearState]
    /// Whether the target path contains measures (then `noPolicy` differs from `states`).
    public var includesPolicy: Bool

    func inputs(_ index: Int) -> BaselineYear {
        BaselineYear(demand: demand[index], exports: exports[index], investment: investment[index])
    }

    /// The inputs of the years before the one at `index` (index 0 is the base year).
    func earlier(than index: Int, baseYear: Int) -> (Int) -> BaselineYear? {
        BaselineYear.lookup(demand: demand, exports: exports, investment: investment, count: index, baseYear: baseYear)
    }
}

/// One year of the lambda path: final demand, exports and investment before any measure.
struct BaselineYear {
    let demand: DemandByComponent
    let exports: [Double]
    let investment: [Double]

    /// The year of a path's inputs held year by year from the base year on: the first `count`
    /// of them (all by default), nil outside them.
    static func lookup(demand: [DemandByComponent], exports: [[Double]], investment: [[Double]], count: Int? = nil,
                       baseYear: Int) -> (Int) -> BaselineYear? {
        let held = min(count ?? demand.count, demand.count)
        return { year in
            let i = year - baseYear
            return i >= 0 && i < held ? BaselineYear(demand: demand[i], exports: exports[i], investment: investment[i]) : nil
        }
    }
}

extension PathRunner {
    /// Calibrates the baseline: for every year, the lambda at which national GDP of the target
    /// path (with the included measures, at their parameters' central values) grows by the
    /// target, and the no-policy path on the same final demand.
    func calibrateBaseline() throws -> Baseline {
        let e = economy, n = e.n, spec = scenario.baseline
        let included = spec.included
        let d = differentials()
        let trends = demandTrends()
        var states = [baseState(rules: 0)], noPolicy = [baseState(rules: 0)]
        var demand = [e.demand], exports = [e.exports], investment = [e.investment], lambdas = [0.0]
        let path = InvestmentPath(size: e.size)
        let ode = try makeIntegrator(path)
        let links = externalLinks(included.rules)
        let endogenous = spec.households != .exogenous
        for year in scenario.startYear...scenario.endYear {
            let prev = states.last!, prevNoPolicy = noPolicy.last!
            let target = prev.gdp.reduce(0, +) * (1 + (spec.growth[year] ?? 0))
            let employment = employmentPerOutput(year)
            /// v grown a year: 1 + (the component's own growth, or lambda) + d_p + its trend.
            func grown(_ v: [Double], _ lambda: Double, _ column: FlowColumn, bySector: Bool = true) -> [Double] {
                let g = spec.componentGrowth[column] ?? lambda
                let trend = trends[column]
                return (0..<v.count).map { k in
                    let t = trend.map { $0.component + (bySector ? $0.bySector[k % n] : 0) } ?? 0
                    return v[k] * (1 + g + d[k / n] + t)
                }
            }
            func inputs(_ lambda: Double) -> BaselineYear {
                BaselineYear(demand: demand.last!.map { grown($1, lambda, $0.column) }, exports: grown(exports.last!, lambda, .exports),
                             investment: grown(investment.last!, lambda, .fixedCapital, bySector: false))
            }
            let request = SolveRequest(year: year, phase: nil, rules: [], label: "the baseline of \(year)", reference: .none)
            /// The no-policy state at lambda (on the no-policy path's capital).
            func bare(_ lambda: Double) throws -> YearState {
                var previous: LUFactorization?
                let i = inputs(lambda)
                return try solver.state(request, structure: .base, demand: i.demand, exports: i.exports, capacity: capacity(prevNoPolicy.capital),
                                        employmentPerOutput: employment, previous: &previous)
            }
            /// Both paths at lambda: the no-policy state, and the target state with the included measures.
            var last: (lambda: Double, bare: YearState, target: YearState)?
            func attempt(_ lambda: Double) throws -> YearState {
                let free = try bare(lambda)
                var target = free
                if !included.isEmpty {
                    var previous: LUFactorization?
                    let reference = endogenous ? HouseholdLoop.compensation(free.output, e.compensationPerOutput, provinces: e.provinces) : nil
                    target = try step(year: year, inputs: inputs(lambda), previous: prev, rules: included.rules, values: included.values,
                                      recordTrace: false, reference: .none, households: reference,
                                      earlier: BaselineYear.lookup(demand: demand, exports: exports, investment: investment, baseYear: e.data.baseYear),
                                      previousLU: &previous).state
                }
                last = (lambda, free, target)
                return target
            }
            let g = spec.growth[year] ?? 0
            let lambda: Double
            if let (l, _) = secantRoot(g, target, attempt) {
                lambda = l
            } else {
                lambda = try bracketedRoot(g, year: year, target, attempt)
            }
            if last?.lambda.bitPattern != lambda.bitPattern { _ = try attempt(lambda) }
            guard let solved = last else { throw EngineError.calibration(year: year, message: "no trial solve was made") }
            var free = solved.bare, s = solved.target
            free.investment = inputs(lambda).investment
            free.capital = try integrateCapital(ode, path, from: prevNoPolicy.capital, previous: prevNoPolicy.investment, current: free.investment, year: year)
            free.fiscal = []
            free.external = e.data.externals.enumerated().map { prevNoPolicy.external[$0.offset] * (1 + (spec.externalGrowth[$0.element.id] ?? 0)) }
            if included.isEmpty {
                s = free
            } else {
                s.capital = try integrateCapital(ode, path, from: prev.capital, previous: prev.investment, current: s.investment, year: year)
                s.fiscal = []
                s.external = external(s, against: free, links: links, values: included.values, year: year)
            }
            let i = inputs(lambda)
            demand.append(i.demand)
            exports.append(i.exports)
            investment.append(i.investment)
            lambdas.append(lambda)
            states.append(s)
            noPolicy.append(free)
        }
        return Baseline(years: Array(e.data.baseYear...scenario.endYear), demand: demand, exports: exports,
                        investment: investment, lambda: lambdas, differentials: d, states: states, noPolicy: noPolicy,
                        includesPolicy: !included.isEmpty)
    }

    /// The baseline's composition trends by final-demand column, persistence x (tau_c, tau_ci)
    /// from the data set's `DemandTrends` (none without them or at persistence 0).
    func demandTrends() -> [FlowColumn: (component: Double, bySector: [Double])] {
        let pi = scenario.baseline.trendPersistence
        guard pi != 0, let t = economy.data.demandTrends else { return [:] }
        var out: [FlowColumn: (component: Double, bySector: [Double])] = [:]
        for c in DemandTrends.components {
            out[c] = (pi * t.componentChange(c), (0..<economy.n).map { pi * t.sectorChange(c, $0) })
        }
        return out
    }

    /// The baseline's lambda by the secant method from two trial solves. When no capacity limit
    /// binds and no included measure acts through households, GDP is affine in lambda
    /// (x = (I - B)^-1 y and y is affine in lambda), so the first secant step hits the target
    /// exactly, up to rounding, and its solve confirms it. Otherwise GDP is nearly affine (smooth
    /// through households, with kinks where a capacity limit starts to bind), and the secant goes on from its last two points until GDP meets the target to
    /// 1e-12 relative (superlinear convergence: two or three more solves), at most
    /// `secantSteps` steps. Nil when a trial fails, a step leaves the range Brent would search,
    /// or the steps run out: the caller falls back to Brent, which brackets the root.
    func secantRoot(_ g: Double, _ target: Double, _ attempt: (Double) throws -> YearState) -> (Double, YearState)? {
        func gdp(_ s: YearState) -> Double { s.gdp.reduce(0, +) }
        let step = 0.01
        // A trial that fails (output pushed negative, say) leaves the search to Brent, which
        // reports the failure if no value in its brackets succeeds either.
        guard let a = try? attempt(g), let b = try? attempt(g + step) else { return nil }
        var p0 = (lambda: g, gdp: gdp(a)), p1 = (lambda: g + step, gdp: gdp(b))
        for _ in 0..<PathRunner.secantSteps {
            guard p1.gdp != p0.gdp else { return nil }
            let lambda = p1.lambda - (p1.gdp - target) * (p1.lambda - p0.lambda) / (p1.gdp - p0.gdp)
            guard lambda.isFinite, lambda > -0.9, abs(lambda - g) <= 0.3 else { return nil }
            guard let s = try? attempt(lambda) else { return nil }
            if abs(gdp(s) - target) <= 1e-12 * abs(target) { return (lambda, s) }
            (p0, p1) = (p1, (lambda, gdp(s)))
        }
        return nil
    }

    /// Secant steps `secantRoot` takes before it leaves the root to Brent.
    static let secantSteps = 6

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

}
