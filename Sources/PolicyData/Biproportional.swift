// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics

/// Biproportional fitting (RAS; Stone 1961, Bacharach 1970; Miller & Blair 2009, section 7.4):
/// the matrix X = diag(r) P diag(s) closest to the prior P in the information sense whose row
/// sums and column sums equal the targets. Zeros of the prior stay zero.
///
/// Alternates row and column scaling and ends on a column step, so column sums are exact to
/// rounding and row sums are within `tolerance` (relative) of their targets.
public enum Biproportional {
    public static func fit(prior: Matrix, rowTargets: [Double], columnTargets: [Double],
                           tolerance: Double = 1e-14, maxIterations: Int = 100_000,
                           label: String) throws -> Matrix {
        let m = prior.rows, n = prior.columns
        guard rowTargets.count == m, columnTargets.count == n else {
            throw DataError(file: label, "biproportional fit: \(m) x \(n) prior with \(rowTargets.count) row and \(columnTargets.count) column targets")
        }
        if let k = prior.storage.firstIndex(where: { !($0 >= 0) }) {
            throw DataError(file: label, "biproportional fit: prior entry \(k / n + 1),\(k % n + 1) is \(prior.storage[k]); priors must be finite and >= 0")
        }
        for t in rowTargets + columnTargets where !(t >= 0) {
            throw DataError(file: label, "biproportional fit: target \(t) must be finite and >= 0")
        }
        let rowTotal = rowTargets.reduce(0, +), columnTotal = columnTargets.reduce(0, +)
        guard abs(rowTotal - columnTotal) <= 1e-9 * max(rowTotal, columnTotal) else {
            throw DataError(file: label, "biproportional fit: row targets sum to \(rowTotal), column targets to \(columnTotal); they must agree")
        }
        let priorRows = prior.rowSums(), priorColumns = prior.columnSums()
        for i in 0..<m where rowTargets[i] > 0 && priorRows[i] == 0 {
            throw DataError(file: label, "biproportional fit: row \(i + 1) needs a total of \(rowTargets[i]) but its prior is all zero")
        }
        for j in 0..<n where columnTargets[j] > 0 && priorColumns[j] == 0 {
            throw DataError(file: label, "biproportional fit: column \(j + 1) needs a total of \(columnTargets[j]) but its prior is all zero")
        }
        var x = prior
        for iteration in 0..<maxIterations {
            let rows = x.rowSums()
            for i in 0..<m {
                let f = rows[i] > 0 ? rowTargets[i] / rows[i] : 0
                for j in 0..<n { x[i, j] *= f }
            }
            let columns = x.columnSums()
            for j in 0..<n {
                let f = columns[j] > 0 ? columnTargets[j] / columns[j] : 0
                for i in 0..<m { x[i, j] *= f }
            }
            let after = x.rowSums()
            var worst = 0.0
            for i in 0..<m where rowTargets[i] > 0 { worst = max(worst, abs(after[i] / rowTargets[i] - 1)) }
            if worst <= tolerance { return x }
            if iteration == maxIterations - 1 {
                throw DataError(file: label, "biproportional fit did not converge in \(maxIterations) iterations (largest row error \(worst)); the prior's zero pattern may make the targets unreachable")
            }
        }
        return x
    }

    /// The fit with some cells held at given values (RAS with exogenous cells; Miller & Blair
    /// 2009, section 7.4): held cells are taken out of the prior and their values out of the
    /// row and column targets, the rest is fitted, and the held values are put back. Row and
    /// column sums then meet the targets and every held cell keeps its value exactly.
    ///
    /// `held` maps a cell's storage index (row * columns + column) to its value, which must be
    /// finite and >= 0 and leave every residual target >= 0.
    public static func fit(prior: Matrix, rowTargets: [Double], columnTargets: [Double], held: [Int: Double],
                           tolerance: Double = 1e-14, maxIterations: Int = 100_000, label: String) throws -> Matrix {
        guard !held.isEmpty else {
            return try fit(prior: prior, rowTargets: rowTargets, columnTargets: columnTargets,
                           tolerance: tolerance, maxIterations: maxIterations, label: label)
        }
        let n = prior.columns
        guard rowTargets.count == prior.rows, columnTargets.count == n else {
            throw DataError(file: label, "biproportional fit: \(prior.rows) x \(n) prior with \(rowTargets.count) row and \(columnTargets.count) column targets")
        }
        var free = prior
        var rows = rowTargets, columns = columnTargets
        for (k, v) in held.sorted(by: { $0.key < $1.key }) {
            guard k >= 0, k < prior.storage.count, v >= 0, v.isFinite else {
                throw DataError(file: label, "biproportional fit: held cell \(k / n + 1),\(k % n + 1) is \(v); held values must be finite and >= 0")
            }
            free.storage[k] = 0
            rows[k / n] -= v
            columns[k % n] -= v
        }
        // Rounding can leave a residual target a few ulps below zero when held cells fill it.
        for (i, r) in rows.enumerated() {
            guard r >= -1e-12 * max(rowTargets[i], 1) else {
                throw DataError(file: label, "biproportional fit: held cells of row \(i + 1) sum to more than its target \(rowTargets[i])")
            }
            rows[i] = max(r, 0)
        }
        for (j, c) in columns.enumerated() {
            guard c >= -1e-12 * max(columnTargets[j], 1) else {
                throw DataError(file: label, "biproportional fit: held cells of column \(j + 1) sum to more than its target \(columnTargets[j])")
            }
            columns[j] = max(c, 0)
        }
        var x = try fit(prior: free, rowTargets: rows, columnTargets: columns, tolerance: tolerance, maxIterations: maxIterations, label: label)
        for (k, v) in held { x.storage[k] = v }
        return x
    }
}

/// Great-circle distance between two points, by the haversine formula on a sphere of radius
/// 6371.0088 km (the IUGG mean Earth radius).
public func greatCircleKilometres(latitude1: Double, longitude1: Double, latitude2: Double, longitude2: Double) -> Double {
    let rad = Double.pi / 180
    let dLat = (latitude2 - latitude1) * rad, dLon = (longitude2 - longitude1) * rad
    let a = sin(dLat / 2) * sin(dLat / 2) + cos(latitude1 * rad) * cos(latitude2 * rad) * sin(dLon / 2) * sin(dLon / 2)
    return 2 * 6371.0088 * asin(min(1, a.squareRoot()))
}
