// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyNumerics

/// Solves (I - B) x = y for one year's structure: directly with its own LU factorisation, or by
/// iterative refinement preconditioned with the factorisation of a nearby structure.
enum LinearSolve {
    case direct(LUFactorization)
    case refined(reference: LUFactorization, operator: StructuredOperator, tally: RefinementTally)

    /// Refinement of `structure` against the factorisation `reference` of a nearby one.
    static func refined(_ reference: LUFactorization, _ structure: Structure, _ economy: Economy, tally: RefinementTally) -> LinearSolve {
        .refined(reference: reference, operator: StructuredOperator(structure, economy), tally: tally)
    }

    /// The factorisation the solve uses: its own, or the reference it refines against.
    var basis: LUFactorization {
        switch self {
        case let .direct(lu): return lu
        case let .refined(reference, _, _): return reference
        }
    }

    /// Stop when the residual's largest entry is below this times the right-hand side's.
    static let tolerance = 1e-13
    static let maxIterations = 30

    func solve(_ y: Vector) throws -> Vector {
        switch self {
        case let .direct(lu):
            return try lu.solve(y)
        case let .refined(m, op, tally):
            var x = try m.solve(y)
            let scale = max(y.normInfinity, 1e-300)
            for step in 0..<LinearSolve.maxIterations {
                let r = y - op.apply(x)
                if r.normInfinity <= LinearSolve.tolerance * scale {
                    tally.record(steps: step)
                    return x
                }
                x = x + (try LinearSolve.correction(m, r))
            }
            throw NumericsError.notConverged(label: "iterative refinement of a structural change", iterations: LinearSolve.maxIterations)
        }
    }

    func solve(_ y: Matrix) throws -> Matrix {
        switch self {
        case let .direct(lu):
            return try lu.solve(y)
        case let .refined(m, op, tally):
            // Every column refined at once: each step is one multi-column solve (two dtrsm
            // calls, the factorisation read once for all columns) instead of one triangular
            // solve pair per column. Columns that have converged are not touched again.
            let rows = y.rows, columns = y.columns
            guard columns > 0 else { return Matrix(rows: rows, columns: 0) }
            var x = try m.solve(y)
            let scales = (0..<columns).map { max(y.column($0).normInfinity, 1e-300) }
            var open = Array(0..<columns)
            for step in 0..<LinearSolve.maxIterations {
                var residuals: [(column: Int, r: Vector)] = []
                for j in open {
                    let r = y.column(j) - op.apply(x.column(j))
                    if r.normInfinity <= LinearSolve.tolerance * scales[j] {
                        tally.record(steps: step)
                    } else {
                        residuals.append((j, r))
                    }
                }
                if residuals.isEmpty { return x }
                var r = Matrix(rows: rows, columns: residuals.count)
                for (c, entry) in residuals.enumerated() { for i in 0..<rows { r[i, c] = entry.r[i] } }
                let d = try LinearSolve.correction(m, r)
                for (c, entry) in residuals.enumerated() { for i in 0..<rows { x[i, entry.column] += d[i, c] } }
                open = residuals.map(\.column)
            }
            throw NumericsError.notConverged(label: "iterative refinement of a structural change", iterations: LinearSolve.maxIterations)
        }
    }

    /// A refinement step's correction M^-1 r: in single precision where the reference is well
    /// enough conditioned (`LUFactorization.singlePrecisionCorrects`), since the residual r is
    /// computed in double precision and the steps go on until it meets the tolerance, so the
    /// result is the double-precision solution; in double precision otherwise.
    static func correction(_ m: LUFactorization, _ r: Vector) throws -> Vector {
        if m.singlePrecisionCorrects, let d = m.solveInSinglePrecision(r.elements, columns: 1) { return Vector(d) }
        return try m.solve(r)
    }

    static func correction(_ m: LUFactorization, _ r: Matrix) throws -> Matrix {
        if m.singlePrecisionCorrects, let d = m.solveInSinglePrecision(r.storage, columns: r.columns) {
            return try Matrix(rows: r.rows, columns: r.columns, storage: d)
        }
        return try m.solve(r)
    }

    /// How fast refinement against `reference` converges for `structure`: the ratio of two
    /// successive residuals on a test vector, which estimates the iteration's contraction
    /// factor (0.2 means each step gains about 0.7 digits). Measured with double-precision
    /// corrections; the single-precision ones the refinement then uses add at most about
    /// kappa x 2^-24 (below 1e-3 where they are used, `LUFactorization.singlePrecisionCorrects`).
    static func contraction(_ reference: LUFactorization, _ op: StructuredOperator) throws -> Double {
        let y = Vector(repeating: 1, count: op.n * op.provinces)
        let x0 = try reference.solve(y)
        let r1 = y - op.apply(x0)
        let first = r1.normInfinity
        guard first > 1e-15 else { return 0 }
        let x1 = x0 + (try reference.solve(r1))
        let r2 = y - op.apply(x1)
        return r2.normInfinity / first
    }
}

/// I - B of one structure as an operator, without forming B: the structure's coefficient and
/// sourcing matrices and domestic shares gathered once, for the many products of a refinement.
struct StructuredOperator {
    let n: Int
    let provinces: Int
    /// A_r by province (provinces with base coefficients share one array).
    let coefficients: [Matrix]
    /// t_i by sector, origin x destination.
    let sourcing: [Matrix]
    /// 1 - m by row.
    let keep: [Double]

    init(_ s: Structure, _ e: Economy) {
        n = e.n
        provinces = e.provinces
        coefficients = (0..<e.provinces).map { s.coefficients(e, $0) }
        sourcing = (0..<e.n).map { s.sourcing(e, $0) }
        keep = s.domesticShares(e)
    }

    /// (I - B) x: z_r = A_r x_r, w[r, i] = (1 - m[r, i]) z_r[i], (B x)[s, i] = sum_r t_i[s, r] w[r, i].
    /// Costs provinces x n^2 + n x provinces^2.
    func apply(_ x: Vector) -> Vector {
        let n = self.n, np = provinces
        // w by sector then province, so that each sector's sum over origins reads it contiguously.
        var w = [Double](repeating: 0, count: n * np)
        x.elements.withUnsafeBufferPointer { xp in
            for r in 0..<np {
                coefficients[r].storage.withUnsafeBufferPointer { ap in
                    for i in 0..<n {
                        w[i * np + r] = keep[r * n + i] * Dot.product(ap.baseAddress! + i * n, xp.baseAddress! + r * n, count: n)
                    }
                }
            }
        }
        var out = x
        w.withUnsafeBufferPointer { wp in
            for i in 0..<n {
                sourcing[i].storage.withUnsafeBufferPointer { tp in
                    for si in 0..<np {
                        out[si * n + i] -= Dot.product(tp.baseAddress! + si * np, wp.baseAddress! + i * np, count: np)
                    }
                }
            }
        }
        return out
    }
}
