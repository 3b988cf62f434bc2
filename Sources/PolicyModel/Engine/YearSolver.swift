// SPDX-License-Identifier: GPL-3.0-or-later
import PolicyNumerics

/// Which solve of a projection a system belongs to, for messages and for the central run's
/// reference factorisations.
struct SolveRequest {
    let year: Int
    /// nil for the baseline's calibration.
    let phase: YearPhase?
    /// Ids of the rules whose effects the system holds.
    let rules: [String]
    let label: String
    /// What the solve does with the central run's factorisation of its year and phase.
    let reference: ReferenceUse

    enum ReferenceUse {
        /// Nothing (the baseline, attribution's coalitions).
        case none
        /// Keeps its factorisation as the reference of its slot (the central run).
        case record
        /// Refines against the reference of its slot when there is one (the draws).
        case refine
    }

    var slot: SolveSlot? { phase.map { SolveSlot(year: year, phase: $0) } }
}

/// Solves one year's multi-regional system, checks the solution, and derives the year's accounts.
struct YearSolver {
    let economy: Economy
    let cache: FactorisationCache
    /// Receives every solved system (for `policysim export`); nil in ordinary runs.
    var recorder: SystemRecorder?

    /// The largest ||(I - B) x - (y - leak)||_inf / ||y - leak||_inf a solve may leave. LU with
    /// partial pivoting on these diagonally dominant systems leaves about 1e-15; refinement stops
    /// at `LinearSolve.tolerance` (1e-13).
    static let residualTolerance = 1e-10
    /// The largest relative residual of any row's accounting identity (`YearState.identityResidual`).
    static let identityTolerance = 1e-9
    /// Capped rows up to which the capacity columns are refined rather than factored for, on a
    /// system of `n` rows: n / 12, at least 16. A refined column costs its first solve and about
    /// 4.6 correction steps (the draws of miit-2023 and the full-detail run, from the manifests'
    /// `refinement`), about 11 n^2 flops in multi-column solves, against 2 n^2 for a column of
    /// an exact factorisation that itself costs 2/3 n^3: refinement is cheaper below about
    /// n / 14 columns. (A fixed 16 made the full-detail run, n = 4,743, factor every year: 15.7 s
    /// and 9 factorisations against 5.0 s and 1, measured with `/usr/bin/time policysim run
    /// bench/full-detail.yaml`.)
    static func refinedCapacityColumns(_ n: Int) -> Int { max(16, n / 12) }

    /// Solves x = B x + y with output capped at capacity: demand beyond a row's capacity leaks
    /// to imports. The leak l on the capped set C solves L_CC l = x0_C - cap_C with L = (I - B)^-1
    /// (its columns for C solved as below), so x = x0 - L_:C l meets cap_C exactly.
    /// Rows whose leak would be negative leave C; rows newly above capacity join it. The columns
    /// of L come by refinement while C is small, from an exact factorisation (`exact`) beyond
    /// `refinedCapacityColumns`.
    ///
    /// `known` holds the columns of L already solved for this structure (by row), so that the
    /// rounds of the capacity loop and the household loop's Newton steps, which all solve
    /// with the same structure, solve each column once.
    func solve(_ system: LinearSolve, _ y: Vector, capacity: [Double], label: String, known: inout [Int: [Double]],
               exact: () throws -> LUFactorization) throws -> (x: [Double], leak: [Double]) {
        let x0 = try system.solve(y)
        var leak = [Double](repeating: 0, count: economy.size)
        var capped = (0..<economy.size).filter { x0[$0] > capacity[$0] }
        var lu = system
        var x = x0.elements
        var rounds = 0
        while !capped.isEmpty {
            if capped.count > Self.refinedCapacityColumns(economy.size), case .refined = lu { lu = .direct(try exact()) }
            rounds += 1
            if rounds > 100 {
                throw NumericsError.notConverged(label: "capacity limits in \(label)", iterations: 100)
            }
            let missing = capped.filter { known[$0] == nil }
            if !missing.isEmpty {
                var unit = Matrix(rows: economy.size, columns: missing.count)
                for (c, k) in missing.enumerated() { unit[k, c] = 1 }
                let solved = try lu.solve(unit)
                for (c, k) in missing.enumerated() { known[k] = (0..<economy.size).map { solved[$0, c] } }
            }
            let columns = capped.map { known[$0]! }
            var block = Matrix(rows: capped.count, columns: capped.count)
            var excess = Vector.zeros(capped.count)
            for (a, k) in capped.enumerated() {
                excess[a] = x0[k] - capacity[k]
                for b in 0..<capped.count { block[a, b] = columns[b][k] }
            }
            let l = try LUFactorization(block, label: "capacity block of \(label)").solve(excess)
            if let negative = (0..<capped.count).first(where: { l[$0] < 0 }) {
                capped.remove(at: negative)
                continue
            }
            x = x0.elements
            for b in capped.indices {
                for k in 0..<economy.size { x[k] -= columns[b][k] * l[b] }
            }
            let newly = (0..<economy.size).filter { !capped.contains($0) && x[$0] > capacity[$0] * (1 + 1e-12) }
            if newly.isEmpty {
                leak = [Double](repeating: 0, count: economy.size)
                for (b, k) in capped.enumerated() { leak[k] = l[b] }
                break
            }
            capped += newly
        }
        return (x, leak)
    }

    /// The solver for a structure: its cached factorisation; else refinement against the
    /// central run's factorisation of the same year and phase (the draws), or against `previous`
    /// (the factorisation this path used last) when one test step contracts the residual below
    /// 0.2; else a new factorisation. Also returns the factorisation the solve rests on. With the
    /// fresh strategy, always a new factorisation.
    func system(_ id: StructureIdentity, _ request: SolveRequest, previous: LUFactorization?) throws -> (LinearSolve, LUFactorization) {
        let label = "(I - B) of \(request.label)"
        guard cache.strategy == .reuse else {
            let lu = try cache.factor(id, economy, label: label)
            return (.direct(lu), lu)
        }
        if let lu = cache.cached(id) { return (.direct(lu), lu) }
        // The central run's factorisation of the same year and phase is close to a draw's
        // structure: refine against it directly (a solve that does not converge falls back to
        // a factorisation in `state`). Other candidates are tested first.
        if case .refine = request.reference, let slot = request.slot, let reference = cache.reference(slot) {
            return (.refined(reference, id.structure, economy, tally: cache.tally), reference)
        }
        if let previous {
            let op = StructuredOperator(id.structure, economy)
            if try LinearSolve.contraction(previous, op) < 0.2 { return (.refined(reference: previous, operator: op, tally: cache.tally), previous) }
        }
        let lu = try cache.factor(id, economy, label: label)
        return (.direct(lu), lu)
    }

    /// Solves the year and fills every account except investment, capital and fiscal cost, after
    /// checking the solution's residual and the accounting identity of every row. With
    /// `households`, household consumption also responds to income (`HouseholdLoop`): the
    /// induced consumption dC solves c (W(x(dC)) - W^ref + T) = dC by Newton steps whose
    /// Jacobian I - c K uses K[p, q], the compensation earned in p per yuan of household
    /// spending in q (one solve per province of the structure, or the central run's for a draw).
    func state(_ request: SolveRequest, structure: Structure, demand: DemandByComponent, exports: [Double], capacity: [Double],
               employmentPerOutput: [Double], households: HouseholdLoop? = nil, previous: inout LUFactorization?) throws -> YearState {
        let e = economy
        let id = StructureIdentity(structure)
        var (lu, basis) = try system(id, request, previous: previous)
        previous = basis
        if case .record = request.reference, let slot = request.slot { cache.setReference(slot, basis) }
        func exact() throws -> LUFactorization { try cache.factor(id, economy, label: "(I - B) of \(request.label)") }
        var known: [Int: [Double]] = [:]
        /// x for a demand, by the chosen system (falling back to an exact factorisation if
        /// refinement stalls), with the right-hand side it solved and the capacity leak.
        func solved(_ demand: DemandByComponent) throws -> (x: [Double], leak: [Double], y: Vector) {
            let y = structure.rightHandSide(e, domesticDemand: demand.total, exports: exports)
            do {
                let (x, leak) = try solve(lu, y, capacity: capacity, label: request.label, known: &known, exact: exact)
                return (x, leak, y)
            } catch NumericsError.notConverged where { if case .refined = lu { return true } else { return false } }() {
                let direct = try exact()
                previous = direct
                lu = .direct(direct)
                let (x, leak) = try solve(lu, y, capacity: capacity, label: request.label, known: &known, exact: exact)
                return (x, leak, y)
            }
        }
        var finalDemand = demand
        var (x, leak, y) = try solved(demand)
        if let households {
            var induced = [Double](repeating: 0, count: e.provinces)
            var jacobian: LUFactorization?
            var converged = false
            for _ in 0..<HouseholdLoop.maximumSteps {
                let gap = households.gap(x, induced: induced)
                let scale = max(1, induced.map(abs).max() ?? 0, households.reference.map(abs).max() ?? 0)
                if gap.allSatisfy({ abs($0) <= HouseholdLoop.tolerance * scale }) {
                    converged = true
                    break
                }
                if jacobian == nil {
                    let k = try incomeResponse(request, structure: structure, households: households, lu: lu)
                    var j = Matrix.identity(e.provinces)
                    for p in 0..<e.provinces { for q in 0..<e.provinces { j[p, q] -= households.propensity * k[p, q] } }
                    jacobian = try LUFactorization(j, label: "household income loop of \(request.label)")
                }
                let step = try jacobian!.solve(Vector(gap))
                for p in 0..<e.provinces { induced[p] += step[p] }
                finalDemand = households.adding(induced, to: demand)
                (x, leak, y) = try solved(finalDemand)
            }
            guard converged else {
                throw NumericsError.notConverged(label: "induced household consumption in \(request.label)", iterations: HouseholdLoop.maximumSteps)
            }
        }
        return try accounts(request, structure: structure, id: id, demand: finalDemand, exports: exports, capacity: capacity,
                            employmentPerOutput: employmentPerOutput, x: x, leak: leak, y: y)
    }

    /// K[p, q]: compensation earned in province p per yuan of household spending in q, from one
    /// solve per province with the system's factorisation (a refined system's reference), cached
    /// by year and phase in the central run; a draw uses the central run's as its Newton
    /// Jacobian, exact or not: the iteration checks its own convergence.
    func incomeResponse(_ request: SolveRequest, structure: Structure, households: HouseholdLoop, lu: LinearSolve) throws -> Matrix {
        if case .refine = request.reference, let slot = request.slot, let k = cache.incomeResponse(slot) { return k }
        let e = economy, np = e.provinces
        var y = Matrix(rows: e.size, columns: np)
        let noExports = [Double](repeating: 0, count: e.size)
        for q in 0..<np {
            let rhs = structure.rightHandSide(e, domesticDemand: households.mixDemand(q, size: e.size), exports: noExports)
            for k in 0..<e.size { y[k, q] = rhs[k] }
        }
        // A Jacobian only steers the Newton steps (each checks the gap it leaves), so a refined
        // system's K comes from its reference factorisation: one multi-column solve, not 31
        // refinements (attribution's coalitions and the calibration's trials).
        let z = try lu.basis.solve(y)
        var out = Matrix(rows: np, columns: np)
        for q in 0..<np {
            let w = HouseholdLoop.compensation((0..<e.size).map { z[$0, q] }, households.compensationPerOutput, provinces: np)
            for p in 0..<np { out[p, q] = w[p] }
        }
        if case .record = request.reference, let slot = request.slot { cache.setIncomeResponse(slot, out) }
        return out
    }

    /// The year's accounts from its solution x (with the capacity leak and the right-hand side
    /// y it solved), after checking the residual and the accounting identity.
    func accounts(_ request: SolveRequest, structure: Structure, id: StructureIdentity, demand: DemandByComponent, exports: [Double],
                  capacity: [Double], employmentPerOutput: [Double], x: [Double], leak: [Double], y: Vector) throws -> YearState {
        let e = economy, n = e.n, size = e.size
        let total = demand.total
        let solved = Vector((0..<size).map { y[$0] - leak[$0] })
        let residual = Self.residual(StructuredOperator(structure, e), x: x, y: solved)
        guard residual <= Self.residualTolerance else {
            throw EngineError.verification(year: request.year, phase: request.phase, rules: request.rules,
                                           check: "the residual of (I - B) x = y", value: residual, tolerance: Self.residualTolerance)
        }
        recorder?.record(id, rightHandSide: solved.elements, solution: x, year: request.year)
        for k in 0..<size where x[k] < -1e-9 * max(1, abs(e.output[k])) {
            throw EngineError.negativeOutput(year: request.year, province: e.data.provinces[k / n].id, sector: e.data.sectors[k % n].id, value: x[k])
        }
        var va = [Double](repeating: 0, count: size), use = [Double](repeating: 0, count: size)
        var imports = [Double](repeating: 0, count: size), gdp = [Double](repeating: 0, count: e.provinces)
        for p in 0..<e.provinces {
            let a = structure.coefficients(e, p)
            let inputShare = a.columnSums()
            for i in 0..<n {
                let k = p * n + i
                va[k] = (1 - inputShare[i]) * x[k]
                gdp[p] += va[k]
                let u = a.storage.withUnsafeBufferPointer { ap in
                    x.withUnsafeBufferPointer { Dot.product(ap.baseAddress! + i * n, $0.baseAddress! + p * n, count: n) }
                }
                use[k] = u
                imports[k] = structure.importShare(e, k) * (u + total[k]) + leak[k]
            }
        }
        let purchases = structure.domesticPurchases(e, output: x, domesticDemand: total)
        var outflow = [Double](repeating: 0, count: size), inflow = [Double](repeating: 0, count: size)
        for i in 0..<n {
            let t = structure.sourcing(e, i)
            for s in 0..<e.provinces {
                var sales = 0.0
                for r in 0..<e.provinces where r != s { sales += t[s, r] * purchases[r * n + i] }
                outflow[s * n + i] = sales
                inflow[s * n + i] = (1 - t[s, s]) * purchases[s * n + i]
            }
        }
        let state = YearState(year: request.year, output: x, valueAdded: va, employment: (0..<size).map { employmentPerOutput[$0 % n] * x[$0] },
                              investment: [], capital: [], capacity: capacity, demand: demand, exports: exports, imports: imports,
                              leak: leak, intermediateUse: use, purchases: purchases, outflow: outflow, inflow: inflow,
                              gdp: gdp, fiscal: [], external: [])
        let identity = state.identityResidual
        guard identity <= Self.identityTolerance else {
            throw EngineError.verification(year: request.year, phase: request.phase, rules: request.rules,
                                           check: "the accounting identity of a province and sector", value: identity, tolerance: Self.identityTolerance)
        }
        cache.verification.record(residual: residual, identity: identity)
        return state
    }


    /// ||y - (I - B) x||_inf / ||y||_inf, with (I - B) x from the structure's parts (not the
    /// factorisation the solve used, so the check is independent of it).
    static func residual(_ op: StructuredOperator, x: [Double], y: Vector) -> Double {
        let r = y - op.apply(Vector(x))
        let scale = y.normInfinity
        guard scale > 0 else { return r.normInfinity }
        return r.normInfinity / scale
    }
}

public enum EngineError: Error, CustomStringConvertible, Equatable {
    case negativeOutput(year: Int, province: String, sector: String, value: Double)
    case calibration(year: Int, message: String)
    /// A solve failed its check: the year, the phase (nil: the baseline), the rules in the system.
    case verification(year: Int, phase: YearPhase?, rules: [String], check: String, value: Double, tolerance: Double)
    /// A rule's condition could not be evaluated (a division by zero).
    case condition(rule: String, origin: String, year: Int, area: String, sector: String, message: String)
    /// A target relative to a year of the baseline that is not before the year it applies in.
    case relativeYear(rule: String, origin: String, year: Int, at: Int)

    public var description: String {
        switch self {
        case let .negativeOutput(year, province, sector, value):
            return "in \(year) the measures push output of \(sector) in \(province) below zero (\(value)); check amounts and crowding-out, or the signs of shocks"
        case let .calibration(year, message):
            return "the baseline cannot reach its growth target in \(year): \(message)"
        case let .verification(year, phase, rules, check, value, tolerance):
            let stage = phase.map { "the \($0.rawValue) phase" } ?? "the baseline"
            let active = rules.isEmpty ? "no rule" : "rules " + rules.joined(separator: ", ")
            return "the solve of \(year), \(stage) (\(active)) failed its check: \(check) is \(value), above the tolerance \(tolerance); the system is singular or nearly so, or a measure made it inconsistent (check the coefficients these rules change)"
        case let .condition(rule, origin, year, area, sector, message):
            return "rule '\(rule)' (\(origin)): its condition cannot be evaluated in \(year) for \(area), sector \(sector): \(message); guard the divisor, e.g. 'x > 0 and y / x < 1'"
        case let .relativeYear(rule, origin, year, at):
            return "rule '\(rule)' (\(origin)): relative_to \(year) is not a year of the baseline before \(at); use the base year or a year before the rule's first"
        }
    }
}
