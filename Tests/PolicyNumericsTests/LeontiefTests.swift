// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
import PolicyNumerics

/// Relative closeness, |a - b| <= tol * max(|a|, |b|, tiny).
func close(_ a: Double, _ b: Double, rel tol: Double) -> Bool {
    abs(a - b) <= tol * max(abs(a), abs(b), 1e-300)
}

/// Miller & Blair, Input-Output Analysis (2nd ed., 2009), Table 2.3 (section 2.3).
@Suite struct MillerBlairTable23 {
    // Z and x as published; A = Z diag(x)^-1.
    let z: [[Double]] = [[150, 500], [200, 100]]
    let x: [Double] = [1000, 2000]

    func coefficients() throws -> Matrix {
        var a = Matrix(rows: 2, columns: 2)
        for i in 0..<2 { for j in 0..<2 { a[i, j] = z[i][j] / x[j] } }
        return a
    }

    @Test func technicalCoefficientsMatchTheBook() throws {
        let a = try coefficients()
        let expected = [[0.15, 0.25], [0.20, 0.05]]
        for i in 0..<2 { for j in 0..<2 { #expect(close(a[i, j], expected[i][j], rel: 1e-12)) } }
    }

    @Test func leontiefInverseMatchesTheBook() throws {
        let lu = try LUFactorization(Matrix.identity(2) - coefficients(), label: "(I - A)")
        let l = try lu.inverse()
        let published = [[1.25412541, 0.330033], [0.2640264, 1.12211221]]
        for i in 0..<2 { for j in 0..<2 { #expect(close(l[i, j], published[i][j], rel: 1e-6), "L[\(i),\(j)] = \(l[i, j])") } }
    }

    @Test func outputMultipliersMatchTheBook() throws {
        let l = try LUFactorization(Matrix.identity(2) - coefficients()).inverse()
        let m = l.columnSums()
        // Published to four decimals.
        #expect(abs(m[0] - 1.5182) < 5e-5)
        #expect(abs(m[1] - 1.4521) < 5e-5)
    }

    @Test func outputForNewFinalDemandMatchesTheBook() throws {
        let lu = try LUFactorization(Matrix.identity(2) - coefficients())
        let out = try lu.solve([600, 1500])
        // Published to three decimals.
        #expect(abs(out[0] - 1247.525) < 5e-4)
        #expect(abs(out[1] - 1841.584) < 5e-4)
    }

    @Test func determinantMatchesHandComputation() throws {
        // det(I - A) = 0.85 * 0.95 - 0.25 * 0.20 = 0.7575
        let lu = try LUFactorization(Matrix.identity(2) - coefficients())
        #expect(close(lu.determinant, 0.7575, rel: 1e-12))
    }
}
