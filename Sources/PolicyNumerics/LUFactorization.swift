// SPDX-License-Identifier: GPL-3.0-or-later
@preconcurrency internal import CGSL
import Synchronization

/// The LU factorisation P A = L U of a square matrix, computed once by GSL's recursive
/// (level-3 BLAS) `gsl_linalg_LU_decomp` and then reused for any number of right-hand sides.
///
/// For a Leontief system, factor `I - A` once and solve `(I - A) x = f` for every final-demand
/// vector f that shares the coefficients; `solve(_:)` with a matrix solves many at once with
/// two triangular `dtrsm` calls.
///
/// The factorisation refuses a singular matrix (a zero pivot) and, by default, a nearly
/// singular one: its 1-norm condition number is estimated (Hager's method, as LAPACK's
/// `dlacon`) and compared with `conditionLimit`.
///
/// Immutable after `init` but for a single-precision copy of the factors, made once under a
/// lock on first use: solving only reads the factors, so one instance may serve many threads at
/// once.
public final class LUFactorization: @unchecked Sendable {
    public let dimension: Int
    /// What the factored matrix is, for error messages ("(I - A) of 2025").
    public let label: String
    /// Sign of the permutation, for the determinant.
    public let permutationSign: Int
    /// 1-norm of the original matrix.
    public let norm1: Double
    /// Estimated 1-norm condition number, ||A||_1 ||A^-1||_1.
    public private(set) var conditionNumber: Double = .infinity

    private let lu: UnsafeMutablePointer<gsl_matrix>
    private let permutation: UnsafeMutablePointer<gsl_permutation>
    private let perm: [Int]
    /// The factors rounded to single precision (n x n, row-major), made on first use by
    /// `solveInSinglePrecision`.
    private let singleFactors = Mutex<UnsafeMutablePointer<Float>?>(nil)

    /// Systems with a larger estimated condition number than this are refused by default:
    /// about 12 of 16 significant digits would be lost.
    public static let defaultConditionLimit = 1e12

    /// Factors `a`. Throws `NumericsError.singular` for a zero pivot and
    /// `.nearlySingular` when the estimated condition number exceeds `conditionLimit`.
    public init(_ a: Matrix, label: String = "matrix", conditionLimit: Double = LUFactorization.defaultConditionLimit) throws {
        _ = NumericsRuntime.ready
        guard a.isSquare, a.rows > 0 else {
            throw NumericsError.dimensionMismatch("\(label) is \(a.rows) x \(a.columns); an LU factorisation needs a non-empty square matrix")
        }
        let n = a.rows
        guard let m = gsl_matrix_alloc(n, n) else {
            throw NumericsError.invalidArgument("out of memory allocating a \(n) x \(n) LU factorisation")
        }
        guard let p = gsl_permutation_alloc(n) else {
            gsl_matrix_free(m)
            throw NumericsError.invalidArgument("out of memory allocating a \(n) x \(n) LU factorisation")
        }
        lu = m
        permutation = p
        dimension = n
        self.label = label
        // One pass over the matrix: copy it into GSL's and sum each column's magnitudes for the
        // 1-norm, in the order Matrix.norm1 sums them. A non-finite element makes its column's sum
        // non-finite, and only then is the matrix searched for it.
        var sums = [Double](repeating: 0, count: n)
        a.storage.withUnsafeBufferPointer { src in
            sums.withUnsafeMutableBufferPointer { s in
                let dst = m.pointee.data!
                for i in 0..<n {
                    let row = src.baseAddress! + i * n, out = dst + i * n
                    for j in 0..<n {
                        let v = row[j]
                        out[j] = v
                        s[j] += abs(v)
                    }
                }
            }
        }
        if sums.contains(where: { !$0.isFinite }), let k = a.firstNonFiniteIndex {
            // Not every stored property is set, so deinit will not run: free here.
            gsl_matrix_free(m)
            gsl_permutation_free(p)
            throw NumericsError.nonFinite(label: label, index: k)
        }
        norm1 = sums.max() ?? 0
        var signum: Int32 = 0
        let status = gsl_linalg_LU_decomp(m, p, &signum)
        permutationSign = Int(signum)
        perm = (0..<n).map { Int(p.pointee.data[$0]) }
        try check(status, "LU factorisation of \(label)")
        let tda = m.pointee.tda
        for i in 0..<n {
            let pivot = m.pointee.data[i * tda + i]
            if pivot == 0 { throw NumericsError.singular(label: label, pivot: i) }
            if !pivot.isFinite { throw NumericsError.nonFinite(label: "LU factors of \(label)", index: i) }
        }
        conditionNumber = norm1 * estimateInverseNorm1()
        if !(conditionNumber <= conditionLimit) {
            throw NumericsError.nearlySingular(label: label, conditionNumber: conditionNumber, limit: conditionLimit)
        }
    }

    deinit {
        gsl_matrix_free(lu)
        gsl_permutation_free(permutation)
        singleFactors.withLock { $0?.deallocate() }
    }

    /// Whether single-precision solves are accurate enough to serve as corrections: the
    /// estimated condition number times single precision's unit roundoff (2^-24) below 1e-3. A
    /// rule of thumb, not a bound (the error of a single-precision solve is about c(n) kappa
    /// 2^-24, c(n) a modest function of n); refinement still checks every residual and stops
    /// with `notConverged` after 30 steps.
    public var singlePrecisionCorrects: Bool { conditionNumber * 0x1p-24 < 1e-3 }

    private func singlePrecisionFactors() -> UnsafePointer<Float> {
        singleFactors.withLock { held in
            if let held { return UnsafePointer(held) }
            let n = dimension, tda = lu.pointee.tda, data = lu.pointee.data!
            let f = UnsafeMutablePointer<Float>.allocate(capacity: n * n)
            for i in 0..<n {
                for j in 0..<n { f[i * n + j] = Float(data[i * tda + j]) }
            }
            held = f
            return UnsafePointer(f)
        }
    }

    /// Solves A X = B approximately, with the factors rounded to single precision (two
    /// single-precision triangular solves, which read half the bytes of the double ones): for the
    /// corrections of iterative refinement, whose residuals are computed in double precision, so
    /// that the refinement still converges to the double-precision solution (mixed-precision
    /// iterative refinement: Moler, J. ACM 14(2), 1967; Langou et al., SC'06). `b` is n x m
    /// row-major in a flat array. `b` is scaled by a power of two (exact) so that its largest
    /// magnitude is near 1 before it is rounded to single precision, and the solution scaled
    /// back: tiny residuals do not underflow. Nil when a value is not finite or the solution
    /// leaves single precision's range.
    public func solveInSinglePrecision(_ b: [Double], columns m: Int) -> [Double]? {
        let n = dimension
        precondition(b.count == n * m, "right-hand sides of \(label) have \(b.count) values, not \(n) x \(m)")
        guard m > 0 else { return [] }
        var largest = 0.0
        for v in b { largest = max(largest, abs(v)) }
        guard largest.isFinite else { return nil }
        guard largest > 0 else { return b }
        let exponent = max(-1_000, min(1_000, largest.exponent))
        let down = Double(sign: .plus, exponent: -exponent, significand: 1)
        let up = Double(sign: .plus, exponent: exponent, significand: 1)
        let f = singlePrecisionFactors()
        var z = [Float](repeating: 0, count: n * m)
        for i in 0..<n {
            let from = perm[i] * m
            for j in 0..<m { z[i * m + j] = Float(b[from + j] * down) }
        }
        z.withUnsafeMutableBufferPointer { zp in
            if m == 1 || (m <= 32 && n * n * MemoryLayout<Float>.size <= 4 << 20) {
                // One column, or a few and factors that stay in cache: one triangular solve pair
                // each (strided), not strsm, whose packing costs more than it saves here. 200
                // draws of miit-2023 (n = 558), draws phase, two runs each on the idle machine:
                // 4.15-4.20 s with strsm for every m > 1, 3.53-3.55 s with this (any limit from
                // 8 columns up alike). Large factors are read once for all columns by strsm: column
                // by column, the full-detail run (n = 4,743) took 2.47-2.64 s in its central phase
                // against 2.14-2.32 s.
                for j in 0..<m {
                    cblas_strsv(CblasRowMajor, CblasLower, CblasNoTrans, CblasUnit, Int32(n), f, Int32(n), zp.baseAddress! + j, Int32(m))
                    cblas_strsv(CblasRowMajor, CblasUpper, CblasNoTrans, CblasNonUnit, Int32(n), f, Int32(n), zp.baseAddress! + j, Int32(m))
                }
            } else {
                cblas_strsm(CblasRowMajor, CblasLeft, CblasLower, CblasNoTrans, CblasUnit, Int32(n), Int32(m), 1, f, Int32(n), zp.baseAddress!, Int32(m))
                cblas_strsm(CblasRowMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, Int32(n), Int32(m), 1, f, Int32(n), zp.baseAddress!, Int32(m))
            }
        }
        var x = [Double](repeating: 0, count: n * m)
        for k in 0..<(n * m) {
            guard z[k].isFinite else { return nil }
            x[k] = Double(z[k]) * up
        }
        return x
    }

    /// Determinant of the factored matrix, product of U's diagonal times the permutation sign.
    public var determinant: Double {
        gsl_linalg_LU_det(lu, Int32(permutationSign))
    }

    /// Solves A x = b.
    public func solve(_ b: Vector) throws -> Vector {
        guard b.count == dimension else {
            throw NumericsError.dimensionMismatch("right-hand side has \(b.count) values, \(label) is \(dimension) x \(dimension)")
        }
        var x = Vector.zeros(dimension)
        let status = b.withGSLVector { pb in
            x.withMutableGSLVector { px in gsl_linalg_LU_solve(lu, permutation, pb, px) }
        }
        try check(status, "solve with \(label)")
        if let k = x.firstNonFiniteIndex { throw NumericsError.nonFinite(label: "solution of \(label)", index: k) }
        return x
    }

    /// Solves A X = B for every column of B at once (two level-3 triangular solves).
    public func solve(_ b: Matrix) throws -> Matrix {
        guard b.rows == dimension else {
            throw NumericsError.dimensionMismatch("right-hand sides have \(b.rows) rows, \(label) is \(dimension) x \(dimension)")
        }
        guard b.columns > 0 else { return b }
        let m = b.columns
        var x = Matrix(rows: dimension, columns: m)
        // X = P B: row i of P B is row perm[i] of B.
        b.storage.withUnsafeBufferPointer { src in
            x.storage.withUnsafeMutableBufferPointer { dst in
                for i in 0..<dimension {
                    let from = perm[i] * m
                    for j in 0..<m { dst[i * m + j] = src[from + j] }
                }
            }
        }
        let status: Int32 = x.withMutableGSLMatrix { px in
            let s1 = gsl_blas_dtrsm(CblasLeft, CblasLower, CblasNoTrans, CblasUnit, 1.0, lu, px)
            if s1 != 0 { return s1 }
            return gsl_blas_dtrsm(CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, 1.0, lu, px)
        }
        try check(status, "solve with \(label)")
        if let k = x.firstNonFiniteIndex { throw NumericsError.nonFinite(label: "solution of \(label)", index: k) }
        return x
    }

    /// Solves A^T x = b (A = P^T L U, so A^T = U^T L^T P).
    public func solveTransposed(_ b: Vector) throws -> Vector {
        guard b.count == dimension else {
            throw NumericsError.dimensionMismatch("right-hand side has \(b.count) values, \(label) is \(dimension) x \(dimension)")
        }
        var z = b
        let status: Int32 = z.withMutableGSLVector { pz in
            let s1 = gsl_blas_dtrsv(CblasUpper, CblasTrans, CblasNonUnit, lu, pz)
            if s1 != 0 { return s1 }
            return gsl_blas_dtrsv(CblasLower, CblasTrans, CblasUnit, lu, pz)
        }
        try check(status, "transposed solve with \(label)")
        var x = Vector.zeros(dimension)
        for i in 0..<dimension { x[perm[i]] = z[i] }
        if let k = x.firstNonFiniteIndex { throw NumericsError.nonFinite(label: "solution of \(label)", index: k) }
        return x
    }

    /// The inverse, column by column (for small systems and multipliers; prefer `solve`).
    public func inverse() throws -> Matrix {
        try solve(Matrix.identity(dimension))
    }

    /// Hager's estimate of ||A^-1||_1 with Higham's extra test vector (Higham, "FORTRAN codes for
    /// estimating the one-norm of a real or complex matrix", ACM TOMS 14(4), 1988): a lower bound
    /// that is almost always within a factor of 3 of the truth, for a few O(n^2) solves.
    private func estimateInverseNorm1() -> Double {
        let n = dimension
        var x = Vector(repeating: 1.0 / Double(n), count: n)
        var estimate = 0.0
        var lastJ = -1
        for _ in 0..<5 {
            guard let y = try? solve(x) else { return .infinity }
            estimate = max(estimate, y.norm1)
            let xi = Vector(y.elements.map { $0 >= 0 ? 1.0 : -1.0 })
            guard let z = try? solveTransposed(xi) else { return .infinity }
            var j = 0
            for k in 1..<n where abs(z[k]) > abs(z[j]) { j = k }
            if j == lastJ || abs(z[j]) <= z.dot(x) { break }
            lastJ = j
            x = Vector.zeros(n)
            x[j] = 1
        }
        // Higham's alternating vector guards against the rare cases the iteration misses.
        let denominator = Double(max(n - 1, 1))
        var alt = Vector.zeros(n)
        for i in 0..<n {
            let magnitude: Double = 1 + Double(i) / denominator
            alt[i] = i % 2 == 0 ? magnitude : -magnitude
        }
        if let w = try? solve(alt) {
            estimate = max(estimate, 2 * w.norm1 / Double(3 * n))
        }
        return estimate
    }
}

extension LUFactorization {
    /// Solves a x = b (b with one or more columns) by Gaussian elimination with partial
    /// pivoting in plain Swift, in a fixed order: the result has the same bits whichever BLAS
    /// the program links, whereas the blocked factorisation rounds as its BLAS does. For small
    /// systems whose results are committed (the data build). `a` is first checked exactly as a
    /// factorisation checks it, with the same errors.
    public static func solveInFixedOrder(_ a: Matrix, _ b: Matrix, label: String) throws -> Matrix {
        _ = try LUFactorization(a, label: label)
        let n = a.rows, k = b.columns
        guard b.rows == n else {
            throw NumericsError.dimensionMismatch("\(label): \(b.rows) right-hand-side rows for a \(n) x \(n) system")
        }
        if let bad = b.firstNonFiniteIndex { throw NumericsError.nonFinite(label: "right-hand side of \(label)", index: bad) }
        var m = a.storage, x = b.storage
        for col in 0..<n {
            var pivotRow = col, largest = abs(m[col * n + col])
            for r in (col + 1)..<n where abs(m[r * n + col]) > largest {
                largest = abs(m[r * n + col])
                pivotRow = r
            }
            guard largest > 0 else { throw NumericsError.singular(label: label, pivot: col) }
            if pivotRow != col {
                for c in 0..<n { m.swapAt(col * n + c, pivotRow * n + c) }
                for c in 0..<k { x.swapAt(col * k + c, pivotRow * k + c) }
            }
            let pivot = m[col * n + col]
            for r in (col + 1)..<n {
                let f = m[r * n + col] / pivot
                guard f != 0 else { continue }
                m[r * n + col] = 0
                for c in (col + 1)..<n { m[r * n + c] -= f * m[col * n + c] }
                for c in 0..<k { x[r * k + c] -= f * x[col * k + c] }
            }
        }
        for row in stride(from: n - 1, through: 0, by: -1) {
            for c in 0..<k {
                var s = x[row * k + c]
                for j in (row + 1)..<n { s -= m[row * n + j] * x[j * k + c] }
                x[row * k + c] = s / m[row * n + row]
            }
        }
        return try Matrix(rows: n, columns: k, storage: x)
    }
}
