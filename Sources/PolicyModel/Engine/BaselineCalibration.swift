// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyNumerics

/// The baseline path: final demand, exports and investment by year, with no measure.
///
/// Every province's final demand, exports and investment grow by 1 + lambda_t + d_p a year:
/// d_p is the province's historical differential, persistence x (its average nominal GDP growth
/// over the history years - that of the provincial sum); lambda_t is found by root finding so
/// that national real GDP grows by the scenario's target in year t (`calibrateBaseline`).
public struct Baseline: Sendable {
    public let years: [Int]
    public let demand: [DemandByComponent]
    public let exports: [[Double]]
    public let investment: [[Double]]
    public let lambda: [Double]
    public let differentials: [Double]
    public let states: [YearState]
}

extension PathRunner {
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
            let request = SolveRequest(year: year, phase: nil, rules: [], label: "the baseline of \(year)", reference: .none)
            func attempt(_ lambda: Double) throws -> YearState {
                var previous: LUFactorization?
                return try solver.state(request, structure: .base, demand: demand.last!.map { grown($1, lambda) },
                                        exports: grown(exports.last!, lambda), capacity: cap, employmentPerOutput: employment,
                                        previous: &previous)
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

}
