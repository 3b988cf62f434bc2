// SPDX-License-Identifier: GPL-3.0-or-later
@preconcurrency internal import CGSL
import Foundation

/// Rank correlation between parameters by a Gaussian copula: each parameter's uniform u_i is
/// taken to a standard normal z_i = Phi^-1(u_i), the vector z is multiplied by the Cholesky
/// factor L of the normal correlation matrix R, and each parameter's value is its own quantile
/// at Phi((L z)_i). Each marginal distribution is kept exactly; a Spearman rank correlation
/// rho_s between two parameters is met in the population by the normal correlation
/// r = 2 sin(pi rho_s / 6), whose inverse is Pearson's (1907) rho_s = (6 / pi) asin(r / 2).
public struct GaussianCopula: Sendable {
    /// The lower Cholesky factor of R, row-major, `size` x `size`.
    public let factor: [Double]
    public let size: Int

    /// The normal correlation that gives Spearman's rank correlation `rank` (Pearson 1907).
    public static func normalCorrelation(rank: Double) -> Double { 2 * sin(Double.pi * rank / 6) }

    /// `ranks[i][j]`: the rank correlation of parameters i and j (symmetric, 1 on the
    /// diagonal). Throws when the normal correlations are not positive definite (no joint
    /// distribution has them).
    public init(ranks: [[Double]]) throws {
        let k = ranks.count
        size = k
        var l = [Double](repeating: 0, count: k * k)
        // Cholesky-Banachiewicz on a k x k matrix (k is the handful of correlated parameters).
        for i in 0..<k {
            for j in 0...i {
                let r = i == j ? 1 : GaussianCopula.normalCorrelation(rank: ranks[i][j])
                var sum = r
                for m in 0..<j { sum -= l[i * k + m] * l[j * k + m] }
                if i == j {
                    guard sum > 1e-10 else {
                        throw NumericsError.invalidArgument("the rank correlations are not positive definite: no joint distribution has them all (the first \(i + 1) parameters already conflict)")
                    }
                    l[i * k + i] = sum.squareRoot()
                } else {
                    l[i * k + j] = sum / l[j * k + j]
                }
            }
        }
        factor = l
    }

    /// Correlated uniforms from independent ones (each in (0, 1)).
    public func correlate(_ u: [Double]) -> [Double] {
        precondition(u.count == size)
        let z = u.map { gsl_cdf_ugaussian_Pinv($0) }
        return (0..<size).map { i in
            var x = 0.0
            for j in 0...i { x += factor[i * size + j] * z[j] }
            return gsl_cdf_ugaussian_P(x)
        }
    }
}
