// SPDX-License-Identifier: GPL-3.0-or-later
import PolicyNumerics

/// Solves one year's multi-regional system and derives the year's accounts.
struct YearSolver {
    let economy: Economy
    let cache: FactorisationCache
    /// Receives every solved system (for `policysim export`); nil in ordinary runs.
    var recorder: SystemRecorder?

    /// Solves x = B x + y with output capped at capacity: demand beyond a row's capacity leaks
    /// to imports. The leak l on the capped set C solves L_CC l = x0_C - cap_C with L = (I - B)^-1
    /// (its columns for C from the same factorisation), so x = x0 - L_:C l meets cap_C exactly.
    /// Rows whose leak would be negative leave C; rows newly above capacity join it.
    func solve(_ lu: LinearSolve, _ y: Vector, capacity: [Double], label: String) throws -> (x: [Double], leak: [Double]) {
        let x0 = try lu.solve(y)
        var leak = [Double](repeating: 0, count: economy.size)
        var capped = (0..<economy.size).filter { x0[$0] > capacity[$0] }
        var x = x0.elements
        var rounds = 0
        while !capped.isEmpty {
            rounds += 1
            if rounds > 100 {
                throw NumericsError.notConverged(label: "capacity limits in \(label)", iterations: 100)
            }
            var unit = Matrix(rows: economy.size, columns: capped.count)
            for (c, k) in capped.enumerated() { unit[k, c] = 1 }
            let columns = try lu.solve(unit)
            var block = Matrix(rows: capped.count, columns: capped.count)
            var excess = Vector.zeros(capped.count)
            for (a, k) in capped.enumerated() {
                excess[a] = x0[k] - capacity[k]
                for b in 0..<capped.count { block[a, b] = columns[k, b] }
            }
            let l = try LUFactorization(block, label: "capacity block of \(label)").solve(excess)
            if let negative = (0..<capped.count).first(where: { l[$0] < 0 }) {
                capped.remove(at: negative)
                continue
            }
            x = x0.elements
            for (b, _) in capped.enumerated() {
                for k in 0..<economy.size { x[k] -= columns[k, b] * l[b] }
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

    /// Solves the year and fills every account except investment, capital and fiscal cost.
    /// The solver for a structure: its cached factorisation; else refinement against the
    /// reference of this year and phase (the central run's), or against `previous` (the
    /// factorisation this path used last), when one test step contracts the residual below 0.2;
    /// else a new factorisation. Also returns the factorisation the solve rests on.
    func system(_ structure: Structure, reference slot: Int?, previous: LUFactorization?, label: String) throws -> (LinearSolve, LUFactorization) {
        if let lu = cache.cached(structure) { return (.direct(lu), lu) }
        // The central run's factorisation of the same year and phase is close to a draw's
        // structure: refine against it directly (a solve that does not converge falls back to
        // a factorisation in `state`). Other candidates are tested first.
        if let slot, let reference = cache.reference(slot) {
            return (.refined(reference, structure, economy, tally: cache.tally), reference)
        }
        if let previous {
            let op = StructuredOperator(structure, economy)
            if try LinearSolve.contraction(previous, op) < 0.2 { return (.refined(reference: previous, operator: op, tally: cache.tally), previous) }
        }
        let lu = try cache.factor(structure, economy, label: "(I - B) of \(label)")
        return (.direct(lu), lu)
    }

    func state(year: Int, structure: Structure, demand: [[Double]], exports: [Double], capacity: [Double],
               employmentPerOutput: [Double], label: String, reference: Int? = nil, makeReference: Bool = false,
               previous: inout LUFactorization?) throws -> YearState {
        let e = economy, n = e.n, size = e.size
        let (lu, basis) = try system(structure, reference: makeReference ? nil : reference, previous: previous, label: label)
        previous = basis
        if makeReference, let reference { cache.setReference(reference, basis) }
        var total = [Double](repeating: 0, count: size)
        for c in demand { for k in 0..<size { total[k] += c[k] } }
        let y = structure.rightHandSide(e, domesticDemand: total, exports: exports)
        let x: [Double], leak: [Double]
        do {
            (x, leak) = try solve(lu, y, capacity: capacity, label: label)
        } catch NumericsError.notConverged where { if case .refined = lu { return true } else { return false } }() {
            let exact = try cache.factor(structure, economy, label: "(I - B) of \(label)")
            previous = exact
            (x, leak) = try solve(.direct(exact), y, capacity: capacity, label: label)
        }
        recorder?.record(structure: structure, rightHandSide: (0..<size).map { y[$0] - leak[$0] }, solution: x, year: year)
        for k in 0..<size where x[k] < -1e-9 * max(1, abs(e.output[k])) {
            throw EngineError.negativeOutput(year: year, province: e.data.provinces[k / n].id, sector: e.data.sectors[k % n].id, value: x[k])
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
        let state = YearState(year: year, output: x, valueAdded: va, employment: (0..<size).map { employmentPerOutput[$0 % n] * x[$0] },
                              investment: [], capital: [], capacity: capacity, demand: demand, exports: exports, imports: imports,
                              leak: leak, intermediateUse: use, purchases: purchases, outflow: outflow, inflow: inflow,
                              gdp: gdp, fiscal: [], external: [])
        // Invariant (debug builds): the accounting identity of every province and sector.
        assert(state.identityResidual < 1e-9, "accounting identity broken in \(label): residual \(state.identityResidual)")
        return state
    }
}

public enum EngineError: Error, CustomStringConvertible, Equatable {
    case negativeOutput(year: Int, province: String, sector: String, value: Double)
    case calibration(year: Int, message: String)

    public var description: String {
        switch self {
        case let .negativeOutput(year, province, sector, value):
            return "in \(year) the measures push output of \(sector) in \(province) below zero (\(value)); check amounts and crowding-out, or the signs of shocks"
        case let .calibration(year, message):
            return "the baseline cannot reach its growth target in \(year): \(message)"
        }
    }
}
