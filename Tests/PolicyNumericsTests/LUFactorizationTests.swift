// SPDX-License-Identifier: GPL-3.0-or-later
import Dispatch
import Foundation
import Testing
@testable import PolicyNumerics

@Suite struct LUFactorizationTests {
    /// A diagonally dominant n x n matrix with entries from a fixed stream (never singular).
    func dominant(_ n: Int, seed: UInt32) -> Matrix {
        let stream = RandomStream(seed: seed)
        var a = Matrix(rows: n, columns: n)
        for i in 0..<n {
            var rowSum = 0.0
            for j in 0..<n where j != i {
                a[i, j] = stream.uniform() - 0.5
                rowSum += abs(a[i, j])
            }
            a[i, i] = rowSum + 1
        }
        return a
    }

    @Test func singularSystemIsAnErrorNotACrash() throws {
        // A = [[0.5, 0.5], [0.5, 0.5]] makes I - A = [[0.5, -0.5], [-0.5, 0.5]], rank 1.
        let a = try Matrix([[0.5, 0.5], [0.5, 0.5]])
        #expect {
            _ = try LUFactorization(Matrix.identity(2) - a, label: "(I - A) of 2025")
        } throws: { error in
            guard case let NumericsError.singular(label, pivot) = error else { return false }
            return label == "(I - A) of 2025" && pivot == 1
                && "\(error)".contains("singular") && "\(error)".contains("2025")
        }
    }

    @Test func nearlySingularSystemIsReportedWithItsCondition() throws {
        // [[1, 1], [1, 1 + 1e-14]] has condition number about 4e14 (1-norm): above the 1e12 limit.
        let a = try Matrix([[1, 1], [1, 1 + 1e-14]])
        #expect {
            _ = try LUFactorization(a, label: "test matrix")
        } throws: { error in
            guard case let NumericsError.nearlySingular(_, condition, _) = error else { return false }
            return condition > 1e13 && "\(error)".contains("condition number")
        }
    }

    @Test func nonFiniteInputIsRefused() throws {
        let a = try Matrix([[1, .nan], [0, 1]])
        #expect(throws: NumericsError.nonFinite(label: "m", index: 1)) { _ = try LUFactorization(a, label: "m") }
    }

    @Test func conditionEstimateIsExactForATwoByTwo() throws {
        // A = [[4, 1], [2, 3]]: ||A||_1 = 6, A^-1 = [[3, -1], [-2, 4]] / 10, ||A^-1||_1 = 0.5, so kappa_1 = 3.
        let lu = try LUFactorization(try Matrix([[4, 1], [2, 3]]))
        #expect(close(lu.conditionNumber, 3, rel: 1e-12))
    }

    @Test func manyRightHandSidesAgreeWithOneAtATime() throws {
        let n = 60, m = 7
        let a = dominant(n, seed: 11)
        let lu = try LUFactorization(a)
        let stream = RandomStream(seed: 12)
        var b = Matrix(rows: n, columns: m)
        for k in 0..<(n * m) { b.storage[k] = 100 * stream.uniform() }
        let together = try lu.solve(b)
        for j in 0..<m {
            let alone = try lu.solve(b.column(j))
            for i in 0..<n { #expect(close(together[i, j], alone[i], rel: 1e-12)) }
        }
        // And both actually solve the system: the residual A X - B is at rounding level.
        let residual = a * together - b
        #expect(residual.storage.allSatisfy { abs($0) < 1e-10 })
    }

    /// The single-precision solve answers to single precision (relative error about the condition
    /// number times 2^-24, far above double rounding) for one column and many, and serves as the
    /// correction of a refinement whose residuals are computed in double precision: refining the
    /// system of a perturbed matrix against A's factors this way reaches the perturbed system's
    /// own double-precision solution (its fresh LU) to 1e-13.
    @Test func singlePrecisionCorrectionsRefineToTheDoublePrecisionSolution() throws {
        let n = 80, m = 3
        // Rows shifted by one place, so that partial pivoting must permute them (a cycle of 80
        // rows, an odd permutation, whose inverse is not itself).
        let base = dominant(n, seed: 21)
        var a = base
        for i in 0..<n { for j in 0..<n { a[i, j] = base[(i + 1) % n, j] } }
        let lu = try LUFactorization(a)
        #expect(lu.permutationSign == -1)
        #expect(lu.singlePrecisionCorrects, "condition \(lu.conditionNumber)")
        let stream = RandomStream(seed: 22)
        var b = Matrix(rows: n, columns: m)
        for k in 0..<(n * m) { b.storage[k] = 100 * stream.uniform() }
        let exact = try lu.solve(b)
        let single = try #require(lu.solveInSinglePrecision(b.storage, columns: m))
        let scale = exact.storage.map(abs).max()!
        let worst = zip(single, exact.storage).map { abs($0 - $1) }.max()!
        #expect(worst <= 1e-5 * scale && worst > 1e-12 * scale, "single against double: \(worst / scale)")
        for j in 0..<m {
            let one = try #require(lu.solveInSinglePrecision(b.column(j).elements, columns: 1))
            for i in 0..<n { #expect(abs(one[i] - exact[i, j]) <= 1e-5 * scale) }
        }
        // Many columns go through strsm, not a triangular solve pair per column.
        var wide = Matrix(rows: n, columns: 40)
        for k in 0..<(n * 40) { wide.storage[k] = 100 * stream.uniform() }
        let wideExact = try lu.solve(wide)
        let wideSingle = try #require(lu.solveInSinglePrecision(wide.storage, columns: 40))
        let wideScale = wideExact.storage.map(abs).max()!
        #expect(zip(wideSingle, wideExact.storage).allSatisfy { abs($0 - $1) <= 1e-5 * wideScale })
        // Right-hand sides far below single precision's smallest normal number (1.2e-38) are
        // scaled first, so they solve as well; no columns, no values.
        let tiny = b.storage.map { $0 * 1e-60 }
        let small = try #require(lu.solveInSinglePrecision(tiny, columns: m))
        for k in 0..<(n * m) { #expect(abs(small[k] - exact.storage[k] * 1e-60) <= 1e-5 * scale * 1e-60) }
        #expect(lu.solveInSinglePrecision([], columns: 0) == [])
        // A perturbed by about 1e-3 of its entries, refined against A's factors.
        var p = a
        for k in 0..<(n * n) { p.storage[k] *= 1 + 1e-3 * (stream.uniform() - 0.5) }
        let y = b.column(0)
        let target = try LUFactorization(p).solve(y)
        var x = try lu.solve(y)
        var steps = 0
        while (y - p * x).normInfinity > 1e-13 * y.normInfinity && steps < 30 {
            x = x + Vector(try #require(lu.solveInSinglePrecision((y - p * x).elements, columns: 1)))
            steps += 1
        }
        #expect(steps < 30)
        let size = target.normInfinity
        for i in 0..<n { #expect(abs(x[i] - target[i]) <= 1e-13 * size, "row \(i): \(x[i]) against \(target[i])") }
    }

    /// A matrix whose condition number times 2^-24 is not small keeps double-precision corrections.
    @Test func illConditionedFactorsKeepDoublePrecisionCorrections() throws {
        // [[1, 1], [1, 1 + 1e-6]] has 1-norm condition number about 4e6: 4e6 x 2^-24 = 0.24.
        let lu = try LUFactorization(try Matrix([[1, 1], [1, 1 + 1e-6]]))
        #expect(lu.conditionNumber > 3e6)
        #expect(!lu.singlePrecisionCorrects)
    }

    @Test func transposedSolveSolvesTheTransposedSystem() throws {
        let a = dominant(30, seed: 5)
        let lu = try LUFactorization(a)
        let b = Vector((0..<30).map { Double($0) - 7.5 })
        let x = try lu.solveTransposed(b)
        let r = a.transposed() * x - b
        #expect(r.normInfinity < 1e-11)
    }

    @Test func wrongSizedRightHandSideIsAnError() throws {
        let lu = try LUFactorization(Matrix.identity(3))
        #expect(throws: NumericsError.self) { _ = try lu.solve(Vector([1, 2])) }
    }

    @Test func matrixProductsMatchHandComputation() throws {
        let a = try Matrix([[1, 2, 3], [4, 5, 6]])
        let b = try Matrix([[7, 8], [9, 10], [11, 12]])
        // [[1*7+2*9+3*11, 1*8+2*10+3*12], [4*7+5*9+6*11, 4*8+5*10+6*12]]
        #expect(a * b == (try Matrix([[58, 64], [139, 154]])))
        #expect(a * Vector([1, 0, -1]) == Vector([-2, -2]))
        #expect(a.transposed() == (try Matrix([[1, 4], [2, 5], [3, 6]])))
        #expect(a.columnSums() == Vector([5, 7, 9]))
    }
}

/// Reproducibility across BLAS threads: results must not depend on how many threads the BLAS
/// uses inside a call (the engine uses all cores for a central run and one per draw). Both
/// BLIS and OpenBLAS split a product's rows and columns between threads, never an inner sum,
/// so an LU and its solves must be bit-identical. n = 700 is large enough that GSL's recursive
/// LU hands the BLAS products it splits between threads.
@Suite(.serialized) struct BLASThreadReproducibilityTests {
    @Test func factorisationAndSolvesAreBitIdenticalWithOneAndTwoThreads() throws {
        let n = 700
        let stream = RandomStream(seed: 42)
        var a = Matrix.identity(n)
        for k in 0..<a.storage.count { a.storage[k] -= 0.9 * stream.uniform() / Double(n) }
        var b = Matrix(rows: n, columns: 3)
        for k in 0..<b.storage.count { b.storage[k] = stream.uniform() }
        var results: [(Vector, Matrix)] = []
        for threads in [1, 2] {
            try NumericsRuntime.withBLASThreads(threads) {
                let lu = try LUFactorization(a, label: "random diagonally dominant")
                results.append((try lu.solve(b.column(0)), try lu.solve(b)))
            }
        }
        #expect(results[0].0.elements.map(\.bitPattern) == results[1].0.elements.map(\.bitPattern))
        #expect(results[0].1.storage.map(\.bitPattern) == results[1].1.storage.map(\.bitPattern))
        // And the solution is a solution (residual against the matrix product, computed here).
        let x = results[0].0
        var worst = 0.0
        for i in 0..<n {
            var r = b[i, 0]
            for j in 0..<n { r -= a[i, j] * x[j] }
            worst = max(worst, abs(r))
        }
        #expect(worst < 1e-12)
    }
}

@Suite struct FixedOrderSolveTests {
    /// Miller & Blair (2009), Table 2.3: (I - A) x = [600, 1500] gives x = [1247.525, 1841.584].
    @Test func millerBlairTable23() throws {
        let a = try Matrix([[0.85, -0.25], [-0.20, 0.95]])
        let x = try LUFactorization.solveInFixedOrder(a, try Matrix([[600], [1500]]), label: "M&B")
        #expect(abs(x[0, 0] - 1247.525) < 5e-4 && abs(x[1, 0] - 1841.584) < 5e-4)
    }

    /// Agrees with the BLAS-backed factorisation on a random 60 x 60 system with three
    /// right-hand sides, and needs row exchanges (a zero leading entry).
    @Test func agreesWithTheBlockedFactorisation() throws {
        let stream = RandomStream(seed: 11)
        var a = Matrix(rows: 60, columns: 60)
        for k in 0..<a.storage.count { a.storage[k] = stream.uniform() - 0.5 }
        a[0, 0] = 0
        var b = Matrix(rows: 60, columns: 3)
        for k in 0..<b.storage.count { b.storage[k] = stream.uniform() }
        let fixed = try LUFactorization.solveInFixedOrder(a, b, label: "random")
        let blocked = try LUFactorization(a, label: "random").solve(b)
        for k in 0..<fixed.storage.count { #expect(abs(fixed.storage[k] - blocked.storage[k]) <= 1e-10 * max(1, abs(blocked.storage[k]))) }
    }

    @Test func singularSystemsAreErrors() {
        #expect(throws: NumericsError.self) {
            _ = try LUFactorization.solveInFixedOrder(try Matrix([[1, 2], [2, 4]]), try Matrix([[1], [1]]), label: "singular")
        }
    }
}

/// The BLAS thread count is one setting per process: single-thread leases taken by concurrent
/// projections must neither undo each other nor leave the count changed when the last ends.
/// Checked on a governor of its own over a counter (the process's one is shared by every test).
@Suite struct BLASThreadLeaseTests {
    final class Library: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 4
        var threads: Int { lock.lock(); defer { lock.unlock() }; return count }
        func set(_ n: Int) { lock.lock(); count = n; lock.unlock() }
    }

    @Test func overlappingLeasesKeepOneThreadAndRestoreTheCountAfterTheLast() {
        let library = Library()
        let governor = BLASThreadGovernor(get: { library.threads }, set: { library.set($0) })
        let leases = (0..<64).map { _ in governor.lease() }
        #expect(library.threads == 1)
        // Taken and ended from many threads at once, in no particular order.
        DispatchQueue.concurrentPerform(iterations: 200) { k in
            let l = governor.lease()
            #expect(library.threads == 1)
            l.end()
            if k < leases.count { leases[k].end() }
        }
        #expect(library.threads == 4)
        leases[0].end()
        #expect(library.threads == 4)
    }

    @Test func aCountSetDuringALeaseTakesEffectWhenItEnds() {
        let library = Library()
        let governor = BLASThreadGovernor(get: { library.threads }, set: { library.set($0) })
        let lease = governor.lease()
        governor.setThreads(3)
        #expect(library.threads == 1)
        lease.end()
        #expect(library.threads == 3)
    }
}
