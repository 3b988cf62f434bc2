// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyNumerics

/// The Saltelli design and the Saltelli/Jansen estimators against functions whose indices are
/// known in closed form, computed here from the formulas, not from the program.
@Suite struct SensitivityTests {
    /// Evaluates `f` on every point of the design, parameters mapped through their quantiles.
    func evaluate(_ design: SaltelliDesign, _ parameters: [Distribution], _ f: ([Double]) -> Double) -> [[Double]] {
        (0..<design.rows).map { j in
            (0..<design.evaluationsPerRow).map { e in
                f(zip(design.point(row: j, evaluation: e), parameters).map { $1.quantile($0) })
            }
        }
    }

    /// The Ishigami function f = sin x1 + a sin^2 x2 + b x3^4 sin x1 with x_i ~ U(-pi, pi),
    /// a = 7, b = 0.1 (Ishigami & Homma 1990). Its variance decomposition (Sobol' & Levitan 1999;
    /// Saltelli et al. 2008, "Global Sensitivity Analysis: The Primer", section 4.6):
    ///   V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2, V1 = b pi^4/5 + b^2 pi^8/50 + 1/2, V2 = a^2/8,
    ///   V3 = 0, V13 = 8 b^2 pi^8 / 225, and no other interaction.
    /// So S = (0.3139, 0.4424, 0) and ST = (0.5576, 0.4424, 0.2437).
    static let a = 7.0, b = 0.1
    static func ishigami(_ x: [Double]) -> Double { sin(x[0]) + a * pow(sin(x[1]), 2) + b * pow(x[2], 4) * sin(x[0]) }
    static var ishigamiIndices: (s: [Double], st: [Double]) {
        let pi4 = pow(Double.pi, 4), pi8 = pow(Double.pi, 8)
        let v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5
        let v1 = b * pi4 / 5 + b * b * pi8 / 50 + 0.5, v2 = a * a / 8, v13 = 8 * b * b * pi8 / 225
        return ([v1 / v, v2 / v, 0], [(v1 + v13) / v, v2 / v, v13 / v])
    }

    @Test func closedFormIshigamiIndicesAreThePublishedOnes() {
        // Saltelli et al. (2008), Table 4.1 to four digits: a check of the formulas above.
        let (s, st) = Self.ishigamiIndices
        for (x, published) in zip(s + st, [0.3139, 0.4424, 0, 0.5576, 0.4424, 0.2437]) {
            #expect(abs(x - published) < 5e-5)
        }
    }

    /// 2^13 rows of the Sobol' design: every index within 0.02 of the closed form, and the
    /// bootstrap half-widths small enough to say so.
    @Test func ishigamiWithSobolPoints() throws {
        let u = Distribution.uniform(lower: -.pi, upper: .pi)
        let design = try SaltelliDesign(parameters: 3, rows: 8192, sampler: .sobol, seed: 1)
        let values = evaluate(design, [u, u, u], Self.ishigami)
        let r = try SobolIndices(values, parameters: 3, resamples: 100, seed: 2)
        let (s, st) = Self.ishigamiIndices
        for i in 0..<3 {
            #expect(abs(r.firstOrder[i] - s[i]) < 0.02, "S\(i + 1) = \(r.firstOrder[i]), closed form \(s[i])")
            #expect(abs(r.total[i] - st[i]) < 0.02, "ST\(i + 1) = \(r.total[i]), closed form \(st[i])")
            #expect(r.firstOrderConfidence[i] < 0.05 && r.totalConfidence[i] < 0.05)
        }
        let pi4 = pow(Double.pi, 4), pi8 = pow(Double.pi, 8)
        let variance = Self.a * Self.a / 8 + Self.b * pi4 / 5 + Self.b * Self.b * pi8 / 18 + 0.5
        #expect(abs(r.variance - variance) / variance < 0.02)
        #expect(abs(r.mean - Self.a / 2) < 0.05)   // E f = a/2: E sin^2 = 1/2, the odd terms vanish
    }

    /// Pseudo-random points converge more slowly: 2^14 rows, within 0.05.
    @Test func ishigamiWithRandomPoints() throws {
        let u = Distribution.uniform(lower: -.pi, upper: .pi)
        let design = try SaltelliDesign(parameters: 3, rows: 16384, sampler: .random, seed: 7)
        let r = try SobolIndices(evaluate(design, [u, u, u], Self.ishigami), parameters: 3, resamples: 50, seed: 8)
        let (s, st) = Self.ishigamiIndices
        for i in 0..<3 {
            #expect(abs(r.firstOrder[i] - s[i]) < 0.05, "S\(i + 1) = \(r.firstOrder[i]), closed form \(s[i])")
            #expect(abs(r.total[i] - st[i]) < 0.05, "ST\(i + 1) = \(r.total[i]), closed form \(st[i])")
        }
    }

    /// y = sum c_i x_i with independent x_i: S_i = ST_i = c_i^2 var(x_i) / sum_j c_j^2 var(x_j),
    /// the squared standardised coefficients. Variances from the closed forms: normal sd^2,
    /// uniform (b - a)^2 / 12, triangular (a^2 + b^2 + c^2 - ab - ac - bc) / 18.
    @Test(arguments: [SaltelliDesign.Sampler.sobol, .random])
    func linearModelIndicesAreSquaredStandardisedCoefficients(_ sampler: SaltelliDesign.Sampler) throws {
        let parameters: [Distribution] = [.normal(mean: 1, sd: 2), .uniform(lower: 0, upper: 6), .triangular(lower: 0, mode: 1, upper: 4), .lognormal(mu: 0, sigma: 0.25)]
        let c = [1.0, -0.5, 2.0, 0.0]
        let lognormalVariance = (exp(0.0625) - 1) * exp(0.0625)
        // triangular(0, 1, 4): (0 + 16 + 1 - 0 - 0 - 4) / 18 = 13 / 18
        let triangularVariance: Double = 13.0 / 18.0
        let variances: [Double] = [4.0, 36.0 / 12.0, triangularVariance, lognormalVariance]
        let parts: [Double] = (0..<4).map { c[$0] * c[$0] * variances[$0] }
        let total = parts.reduce(0, +)
        let design = try SaltelliDesign(parameters: 4, rows: sampler == .sobol ? 4096 : 16384, sampler: sampler, seed: 11)
        let r = try SobolIndices(evaluate(design, parameters) { x in zip(c, x).map { $0 * $1 }.reduce(0, +) },
                                 parameters: 4, resamples: 50, seed: 12)
        let tolerance = sampler == .sobol ? 0.01 : 0.03
        for i in 0..<4 {
            #expect(abs(r.firstOrder[i] - parts[i] / total) < tolerance, "\(sampler) S\(i + 1) = \(r.firstOrder[i]), expected \(parts[i] / total)")
            #expect(abs(r.total[i] - parts[i] / total) < tolerance, "\(sampler) ST\(i + 1) = \(r.total[i]), expected \(parts[i] / total)")
        }
        // A parameter that does not enter the model has a total index of exactly 0: A and
        // A_B^(i) give the same value on every row.
        #expect(r.total[3] == 0)
    }

    @Test func designIsReproducibleAndSeeded() throws {
        let one = try SaltelliDesign(parameters: 5, rows: 64, sampler: .sobol, seed: 3)
        let same = try SaltelliDesign(parameters: 5, rows: 64, sampler: .sobol, seed: 3)
        let other = try SaltelliDesign(parameters: 5, rows: 64, sampler: .sobol, seed: 4)
        #expect(one.point(row: 17, evaluation: 4) == same.point(row: 17, evaluation: 4))
        #expect(one.point(row: 17, evaluation: 4) != other.point(row: 17, evaluation: 4))
        // A_B^(i) is A with column i from B.
        let a = one.point(row: 9, evaluation: 0), b = one.point(row: 9, evaluation: 1), ab = one.point(row: 9, evaluation: 2 + 3)
        #expect(ab == a.enumerated().map { $0.offset == 3 ? b[3] : $0.element })
        // A row of the random design does not depend on how many rows there are (shards).
        let short = try SaltelliDesign(parameters: 5, rows: 20, sampler: .random, seed: 3)
        let long = try SaltelliDesign(parameters: 5, rows: 200, sampler: .random, seed: 3)
        #expect(short.point(row: 19, evaluation: 1) == long.point(row: 19, evaluation: 1))
        #expect((0..<64).allSatisfy { j in one.point(row: j, evaluation: 1).allSatisfy { $0 >= 0 && $0 < 1 } })
    }

    @Test func refusals() {
        // GSL's generator silently gives zeros beyond 40 dimensions: 21 parameters are refused.
        #expect(throws: NumericsError.self) { try SaltelliDesign(parameters: 21, rows: 8, sampler: .sobol, seed: 1) }
        #expect(throws: Never.self) { try SaltelliDesign(parameters: 21, rows: 8, sampler: .random, seed: 1) }
        #expect(throws: NumericsError.self) { try SaltelliDesign(parameters: 0, rows: 8, sampler: .random, seed: 1) }
        #expect(throws: NumericsError.self) { try SobolIndices([[1, 2, .nan]], parameters: 1) }
        // No variance: NaN indices, not a division by zero passed off as a number.
        let flat = try? SobolIndices(Array(repeating: [5, 5, 5], count: 8), parameters: 1)
        #expect(flat?.variance == 0 && flat?.firstOrder[0].isNaN == true)
    }

    @Test func quantilesInvertTheDistributionFunctions() {
        // Closed forms: the uniform's is linear, the normal's median is its mean, the lognormal's
        // exp(mu), and each quantile at 1/2 is the central value.
        let cases: [Distribution] = [.uniform(lower: 2, upper: 4), .normal(mean: 3, sd: 2), .lognormal(mu: 1, sigma: 0.5),
                                     .triangular(lower: 0, mode: 1, upper: 4), .beta(alpha: 2, beta: 5, lower: 0, upper: 10),
                                     .truncatedNormal(mean: 0, sd: 1, lower: -1, upper: 3)]
        for d in cases { #expect(abs(d.quantile(0.5) - d.central) < 1e-12, "\(d)") }
        #expect(Distribution.uniform(lower: 2, upper: 4).quantile(0.25) == 2.5)
        #expect(abs(Distribution.normal(mean: 0, sd: 1).quantile(0.975) - 1.959963984540054) < 1e-12)
        #expect(Distribution.normal(mean: 0, sd: 1).quantile(0).isFinite)
        #expect(Distribution.truncatedNormal(mean: 0, sd: 1, lower: -1, upper: 3).quantile(0) >= -1)
    }
}
