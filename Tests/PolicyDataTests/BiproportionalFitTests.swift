// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
@testable import PolicyData
import PolicyNumerics

@Suite struct BiproportionalFitTests {
    /// A 3 x 3 fit by hand: the unique biproportional matrix diag(r) P diag(s) with given
    /// margins (Bacharach 1970). P = [[1, 2, 0], [3, 1, 1], [0, 2, 2]], r = (1, 2, 1/2),
    /// s = (2, 1, 3) give X = [[2, 2, 0], [12, 2, 6], [0, 1, 3]], rows (4, 20, 4), columns
    /// (14, 5, 9); the fit from P and those margins must return X.
    @Test func biproportionalFitRecoversAHandComputed3x3Solution() throws {
        let prior = try Matrix([[1, 2, 0], [3, 1, 1], [0, 2, 2]])
        let expected: [[Double]] = [[2, 2, 0], [12, 2, 6], [0, 1, 3]]
        let x = try Biproportional.fit(prior: prior, rowTargets: [4, 20, 4], columnTargets: [14, 5, 9], label: "3x3")
        for i in 0..<3 { for j in 0..<3 { #expect(abs(x[i, j] - expected[i][j]) <= 1e-12 * 20, "\(i),\(j): \(x[i, j])") } }
        // Holding a cell at its solution value leaves the solution unchanged.
        let held = try Biproportional.fit(prior: prior, rowTargets: [4, 20, 4], columnTargets: [14, 5, 9], held: [3: 12], label: "3x3")
        for i in 0..<3 { for j in 0..<3 { #expect(abs(held[i, j] - expected[i][j]) <= 1e-12 * 20) } }
    }

    /// Holding cell (1, 1) at 3 instead of 2: row 1 of the free prior has only cell (1, 2), so
    /// x12 = 4 - 3 = 1; column 1 has only (2, 1), so x21 = 14 - 3 = 11; the rest is the rank-one
    /// block [[1, 1], [2, 2]] with rows (20 - 11, 4) = (9, 4) and columns (5 - 1, 9) = (4, 9):
    /// the independence table 9 x 4 / 13, 9 x 9 / 13, 4 x 4 / 13, 4 x 9 / 13 (1-based cells).
    @Test func biproportionalFitHoldsACellAndFitsTheRest() throws {
        let prior = try Matrix([[1, 2, 0], [3, 1, 1], [0, 2, 2]])
        let x = try Biproportional.fit(prior: prior, rowTargets: [4, 20, 4], columnTargets: [14, 5, 9], held: [0: 3], label: "3x3")
        let expected: [[Double]] = [[3, 1, 0], [11, 36.0 / 13, 81.0 / 13], [0, 16.0 / 13, 36.0 / 13]]
        for i in 0..<3 { for j in 0..<3 { #expect(abs(x[i, j] - expected[i][j]) <= 1e-12 * 20, "\(i),\(j): \(x[i, j]) vs \(expected[i][j])") } }
        #expect(x[0, 0] == 3)
        #expect(throws: DataError.self) {
            _ = try Biproportional.fit(prior: prior, rowTargets: [4, 20, 4], columnTargets: [14, 5, 9], held: [0: 5], label: "3x3")
        }
    }
}
