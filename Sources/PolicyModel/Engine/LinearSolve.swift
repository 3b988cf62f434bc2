// SPDX-License-Identifier: GPL-3.0-or-later
import PolicyNumerics

/// Solves (I - B) x = y for one year's structure: directly with its own LU factorisation, or by
/// iterative refinement preconditioned with the factorisation of a nearby structure.
enum LinearSolve {
    case direct(LUFactorization)
    case refined(reference: LUFactorization, structure: Structure, economy: Economy)

    /// Stop when the residual's largest entry is below this times the right-hand side's.
    static let tolerance = 1e-13
    static let maxIterations = 30

    func solve(_ y: Vector) throws -> Vector {
        switch self {
        case let .direct(lu):
            return try lu.solve(y)
        case let .refined(m, s, e):
            var x = try m.solve(y)
            let scale = max(y.normInfinity, 1e-300)
            for _ in 0..<LinearSolve.maxIterations {
                let r = y - LinearSolve.apply(s, e, x)
                if r.normInfinity <= LinearSolve.tolerance * scale { return x }
                x = x + (try m.solve(r))
            }
            throw NumericsError.notConverged(label: "iterative refinement of a structural change", iterations: LinearSolve.maxIterations)
        }
    }

    func solve(_ y: Matrix) throws -> Matrix {
        switch self {
        case let .direct(lu):
            return try lu.solve(y)
        case .refined:
            var out = Matrix(rows: y.rows, columns: y.columns)
            for j in 0..<y.columns {
                let x = try solve(y.column(j))
                for i in 0..<y.rows { out[i, j] = x[i] }
            }
            return out
        }
    }

    /// (I - B) x without forming B: z_r = A_r x_r, w[r, i] = (1 - m[r, i]) z_r[i],
    /// (B x)[s, i] = sum_r t_i[s, r] w[r, i]. Costs provinces x n^2 + n x provinces^2.
    static func apply(_ s: Structure, _ e: Economy, _ x: Vector) -> Vector {
        let n = e.n, np = e.provinces
        var w = [Double](repeating: 0, count: e.size)
        let keep = s.domesticShares(e)
        for r in 0..<np {
            let a = s.coefficients(e, r)
            a.storage.withUnsafeBufferPointer { ap in
                x.elements.withUnsafeBufferPointer { xp in
                    for i in 0..<n {
                        var acc = 0.0
                        for j in 0..<n { acc += ap[i * n + j] * xp[r * n + j] }
                        w[r * n + i] = keep[r * n + i] * acc
                    }
                }
            }
        }
        var out = x
        for i in 0..<n {
            let t = s.sourcing(e, i)
            t.storage.withUnsafeBufferPointer { tp in
                for si in 0..<np {
                    var acc = 0.0
                    for r in 0..<np { acc += tp[si * np + r] * w[r * n + i] }
                    out[si * n + i] -= acc
                }
            }
        }
        return out
    }

    /// How fast refinement against `reference` converges for `structure`: the ratio of two
    /// successive residuals on a test vector, which estimates the iteration's contraction
    /// factor (0.2 means each step gains about 0.7 digits).
    static func contraction(_ reference: LUFactorization, _ s: Structure, _ e: Economy) throws -> Double {
        let y = Vector(repeating: 1, count: e.size)
        let x0 = try reference.solve(y)
        let r1 = y - apply(s, e, x0)
        let first = r1.normInfinity
        guard first > 1e-15 else { return 0 }
        let x1 = x0 + (try reference.solve(r1))
        let r2 = y - apply(s, e, x1)
        return r2.normInfinity / first
    }
}
