// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
@testable import PolicyNumerics

@Suite struct StatisticsTests {
    let oneToTen = (1...10).map(Double.init)

    @Test func meanAndStandardDeviationOfOneToTen() throws {
        #expect(try Statistics.mean(oneToTen) == 5.5)
        // Sum of squared deviations 82.5 over n - 1 = 9.
        #expect(close(try Statistics.standardDeviation(oneToTen), (82.5 / 9).squareRoot(), rel: 1e-14))
    }

    @Test func quantilesInterpolateBetweenOrderStatistics() throws {
        // h = (n - 1) p: p = 0.05 -> h = 0.45 -> 1.45; p = 0.5 -> 5.5; p = 0.95 -> h = 8.55 -> 9.55.
        let q = try Statistics.quantiles(oneToTen.reversed(), [0.05, 0.5, 0.95, 0, 1])
        let expected = [1.45, 5.5, 9.55, 1, 10]
        for (a, b) in zip(q, expected) { #expect(close(a, b, rel: 1e-14)) }
    }

    /// Selection must give exactly what GSL's `gsl_stats_quantile_from_sorted_data` gives on a
    /// fully sorted copy, bit for bit: samples of 1 to 1,200 values from a fixed stream, some
    /// with many ties (values rounded to a few levels), at the probabilities a run reports and
    /// at the ends.
    @Test func selectionQuantilesEqualGSLOnSortedData() throws {
        let stream = RandomStream(seed: 7)
        let ps = [0.95, 0.05, 0.5, 0, 1, 0.05, 0.999]
        for n in [1, 2, 3, 5, 20, 199, 200, 1000, 1200] {
            for ties in [false, true] {
                let x = (0..<n).map { _ in ties ? (stream.uniform() * 4).rounded() : Distribution.normal(mean: 0, sd: 3).sample(stream) }
                let fast = try Statistics.quantiles(x, ps)
                let sorted = x.sorted()
                let reference = try ps.map { try Statistics.quantile(sorted: sorted, $0) }
                #expect(fast.map(\.bitPattern) == reference.map(\.bitPattern), "n = \(n), ties = \(ties): \(fast) vs \(reference)")
            }
        }
    }

    @Test func badSamplesAreErrors() {
        #expect(throws: NumericsError.self) { _ = try Statistics.mean([]) }
        #expect(throws: NumericsError.self) { _ = try Statistics.quantiles([1, .nan], [0.5]) }
        #expect(throws: NumericsError.self) { _ = try Statistics.quantiles([1, 2], [1.5]) }
    }
}

@Suite struct InterpolationTests {
    @Test func linearScheduleMatchesHandValues() throws {
        let s = try Interpolation(x: [2020, 2025, 2030], y: [100, 150, 130], method: .linear)
        #expect(close(try s.value(at: 2022), 120, rel: 1e-14))
        #expect(close(try s.value(at: 2027.5), 140, rel: 1e-14))
        #expect(try s.value(at: 2030) == 130)
        // Integral of the piecewise-linear path from 2020 to 2025: trapezium 5 * (100 + 150) / 2.
        #expect(close(try s.integral(from: 2020, to: 2025), 625, rel: 1e-14))
    }

    @Test func naturalCubicSplineMatchesHandValues() throws {
        // Through (0, 0), (1, 1), (2, 0) with S'' = 0 at the ends: 4 M1 = 6 (-1 - 1), M1 = -3,
        // so S(x) = -x^3 / 2 + 3x / 2 on [0, 1]: S(0.5) = 0.6875, S'(0) = 1.5, and S(1.5) = 0.6875.
        let s = try Interpolation(x: [0, 1, 2], y: [0, 1, 0], method: .cubicSpline)
        #expect(close(try s.value(at: 0.5), 0.6875, rel: 1e-14))
        #expect(close(try s.value(at: 1.5), 0.6875, rel: 1e-14))
        #expect(close(try s.derivative(at: 0), 1.5, rel: 1e-14))
    }

    @Test func askingOutsideTheRangeIsAnError() throws {
        let s = try Interpolation(x: [2023, 2025], y: [1, 2], label: "phase-in")
        #expect {
            _ = try s.value(at: 2026)
        } throws: { error in
            "\(error)".contains("phase-in") && "\(error)".contains("2026") && "\(error)".contains("2023 to 2025")
        }
        #expect(throws: NumericsError.self) { _ = try s.value(at: 2022.5) }
        #expect(throws: NumericsError.self) { _ = try s.value(at: .nan) }
    }

    @Test func badGridsAreErrors() {
        #expect(throws: NumericsError.self) { _ = try Interpolation(x: [1, 1, 2], y: [0, 1, 2]) }
        #expect(throws: NumericsError.self) { _ = try Interpolation(x: [1, 2], y: [0, 1], method: .cubicSpline) }
        #expect(throws: NumericsError.self) { _ = try Interpolation(x: [1, 2], y: [0]) }
    }
}

@Suite struct RootFinderTests {
    @Test func squareRootOfTwo() throws {
        let r = try RootFinder.brent(in: 0, 2) { $0 * $0 - 2 }
        #expect(abs(r - 1.4142135623730951) < 1e-11)
    }

    @Test func dottieNumber() throws {
        // The fixed point of cos, 0.739085133215160641655... (OEIS A003957).
        let r = try RootFinder.brent(in: 0, 1) { _cos($0) - $0 }
        #expect(abs(r - 0.7390851332151607) < 1e-11)
    }

    @Test func unbracketedIntervalIsAnError() {
        #expect {
            _ = try RootFinder.brent(in: 2, 3) { $0 * $0 - 2 }
        } throws: { error in
            guard case NumericsError.noBracket = error else { return false }
            return "\(error)".contains("same sign")
        }
    }
}

/// cos by its Taylor series around 0 (|x| <= 1 here), so the test does not lean on any library.
func _cos(_ x: Double) -> Double {
    var term = 1.0, sum = 1.0
    for k in 1..<30 {
        term *= -x * x / Double((2 * k - 1) * (2 * k))
        sum += term
    }
    return sum
}

/// A set-up that GSL refuses frees its object once and reports the failure (it used to be freed
/// again by `deinit`: a double free).
@Suite struct InterpolationFailureTests {
    @Test func aFailedSetUpThrowsAndFreesOnce() {
        for _ in 0..<100 {
            #expect(throws: NumericsError.self) {
                _ = try Interpolation(x: [0, 1, 2], y: [0, 1, 0], method: .linear, label: "failing") { _, _, _, _ in 4 }  // GSL_EINVAL
            }
        }
    }
}
