// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyNumerics

/// Sample moments of 10^6 draws against the distributions' closed-form moments (computed here
/// with Foundation's erf/exp, not GSL). The mean must lie within 5 standard errors
/// (sd / sqrt(n) = sd / 1000) and the variance within 1 % (at least 5 standard errors of the
/// sample variance for these shapes).
@Suite struct DistributionTests {
    static let n = 1_000_000

    func moments(_ d: Distribution, draw: Int) throws -> (mean: Double, variance: Double) {
        try d.validate()
        let stream = RandomStream(run: 777, draw: draw)
        var sample = [Double](repeating: 0, count: Self.n)
        for i in 0..<Self.n { sample[i] = d.sample(stream) }
        let m = try Statistics.mean(sample)
        let sd = try Statistics.standardDeviation(sample)
        return (m, sd * sd)
    }

    func expectMoments(_ d: Distribution, mean: Double, variance: Double, draw: Int) throws {
        let (m, v) = try moments(d, draw: draw)
        let se = (variance / Double(Self.n)).squareRoot()
        #expect(abs(m - mean) < 5 * se, "\(d): mean \(m), expected \(mean)")
        #expect(abs(v - variance) < 0.01 * variance, "\(d): variance \(v), expected \(variance)")
    }

    @Test func normal() throws {
        try expectMoments(.normal(mean: 2, sd: 3), mean: 2, variance: 9, draw: 1)
    }

    @Test func lognormal() throws {
        let mu = 0.1, s = 0.5
        try expectMoments(.lognormal(mu: mu, sigma: s), mean: exp(mu + s * s / 2),
                          variance: (exp(s * s) - 1) * exp(2 * mu + s * s), draw: 2)
    }

    @Test func uniform() throws {
        try expectMoments(.uniform(lower: 1, upper: 3), mean: 2, variance: 4.0 / 12, draw: 3)
    }

    @Test func triangular() throws {
        // mean (a + b + c) / 3, variance (a^2 + b^2 + c^2 - ab - ac - bc) / 18
        try expectMoments(.triangular(lower: 0, mode: 1, upper: 4), mean: 5.0 / 3, variance: 13.0 / 18, draw: 4)
    }

    @Test func beta() throws {
        // Beta(2, 5): mean a / (a + b) = 2/7, variance ab / ((a + b)^2 (a + b + 1)) = 10/392;
        // stretched to [10, 20]: mean 10 + 10 * 2/7, variance 100 * 10/392.
        try expectMoments(.beta(alpha: 2, beta: 5, lower: 10, upper: 20), mean: 10 + 20.0 / 7,
                          variance: 1000.0 / 392, draw: 5)
    }

    @Test(arguments: [(-1.0, 2.0), (0.5, 3.0), (1.5, 4.0)])
    func truncatedNormal(bounds: (Double, Double)) throws {
        let (a, b) = bounds
        func phi(_ x: Double) -> Double { exp(-x * x / 2) / (2 * Double.pi).squareRoot() }
        func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
        let z = cdf(b) - cdf(a)
        let mean = (phi(a) - phi(b)) / z
        let variance = 1 + (a * phi(a) - b * phi(b)) / z - mean * mean
        try expectMoments(.truncatedNormal(mean: 0, sd: 1, lower: a, upper: b), mean: mean, variance: variance, draw: 6)
    }

    @Test func samplesStayInsideTheirSupport() {
        let stream = RandomStream(run: 1, draw: 0)
        for _ in 0..<100_000 {
            let t = Distribution.truncatedNormal(mean: 0, sd: 1, lower: 2.5, upper: 2.6).sample(stream)
            #expect(t >= 2.5 && t <= 2.6)
        }
    }

    @Test func centralValuesAreMedians() {
        #expect(Distribution.normal(mean: 3, sd: 1).central == 3)
        #expect(close(Distribution.lognormal(mu: 0.2, sigma: 0.4).central, exp(0.2), rel: 1e-12))
        #expect(Distribution.uniform(lower: 1, upper: 2).central == 1.5)
        // Triangular(0, 1, 4): mode below the midpoint, median b - sqrt((b - a)(b - c)/2) = 4 - sqrt(6).
        #expect(close(Distribution.triangular(lower: 0, mode: 1, upper: 4).central, 4 - 6.0.squareRoot(), rel: 1e-12))
        // Beta(1, 1) is uniform: median of [0, 10] is 5.
        #expect(close(Distribution.beta(alpha: 1, beta: 1, lower: 0, upper: 10).central, 5, rel: 1e-9))
        // Symmetric truncation keeps the median at the mean.
        #expect(abs(Distribution.truncatedNormal(mean: 1, sd: 2, lower: -1, upper: 3).central - 1) < 1e-9)
    }

    @Test func badParametersAreRefused() {
        let bad: [Distribution] = [
            .normal(mean: 0, sd: -1), .normal(mean: .nan, sd: 1), .lognormal(mu: 0, sigma: 0),
            .uniform(lower: 2, upper: 1), .triangular(lower: 0, mode: 5, upper: 4),
            .beta(alpha: 0, beta: 1, lower: 0, upper: 1), .truncatedNormal(mean: 0, sd: 1, lower: 3, upper: 3),
            .truncatedNormal(mean: 0, sd: 1, lower: 60, upper: 70), .fixed(.infinity),
        ]
        for d in bad { #expect(throws: NumericsError.self, "\(d)") { try d.validate() } }
    }
}
