// SPDX-License-Identifier: GPL-3.0-or-later
@preconcurrency internal import CGSL

/// Saltelli's sampling design for variance-based sensitivity indices (Saltelli 2002; Saltelli
/// et al. 2010, "Variance based sensitivity analysis of model output", Comput. Phys. Commun.
/// 181, 259-270).
///
/// Two independent N x k matrices A and B of points in the unit cube; for each parameter i the
/// matrix A_B^(i) is A with its column i taken from B. A model is evaluated on row j of A, of B
/// and of each A_B^(i): k + 2 evaluations a row, N (k + 2) in all. Evaluation `e` of row j is
/// A_j for e = 0, B_j for e = 1 and A_B^(e-2)_j otherwise.
///
/// Points come from one of two samplers:
/// - `.sobol`: the first N points of GSL's Sobol' sequence in 2k dimensions (`gsl_qrng_sobol`;
///   A takes dimensions 1..k, B dimensions k+1..2k, as in Saltelli 2002), each dimension shifted
///   modulo 1 by a uniform drawn from the seed (a Cranley-Patterson rotation), so that the seed
///   gives independent replicates and no point sits on the cube's boundary. GSL's sequence has
///   at most 40 dimensions (it silently returns zeros beyond: checked here), so k <= 20.
/// - `.random`: Mersenne Twister uniforms, row j from its own stream `RandomStream(run: seed,
///   draw: j)` (A's k values, then B's), for any k.
///
/// Every point depends only on the seed and its row, never on threads or shards.
public struct SaltelliDesign: Sendable {
    public enum Sampler: String, Sendable, CaseIterable {
        case sobol, random
    }

    /// GSL's Sobol' generator covers this many dimensions (SOBOL_MAX_DIMENSION in gsl/qrng/sobol.c).
    public static let sobolMaxDimension = 40

    public let parameters: Int
    public let rows: Int
    public let sampler: Sampler
    public let seed: UInt64
    /// Row-major rows x 2k: A's k coordinates, then B's.
    private let points: [Double]

    public init(parameters k: Int, rows n: Int, sampler: Sampler, seed: UInt64) throws {
        guard k >= 1 else { throw NumericsError.invalidArgument("a sensitivity design needs at least one uncertain parameter") }
        guard n >= 2 else { throw NumericsError.invalidArgument("a sensitivity design needs at least 2 rows, not \(n)") }
        parameters = k
        rows = n
        self.sampler = sampler
        self.seed = seed
        let d = 2 * k
        var points = [Double](repeating: 0, count: n * d)
        switch sampler {
        case .sobol:
            guard d <= SaltelliDesign.sobolMaxDimension else {
                throw NumericsError.invalidArgument("GSL's Sobol' sequence has at most \(SaltelliDesign.sobolMaxDimension) dimensions, and \(k) parameters need \(d): use the random sampler, or fewer parameters")
            }
            _ = NumericsRuntime.ready
            guard let q = gsl_qrng_alloc(cgsl_qrng_sobol(), UInt32(d)) else {
                throw NumericsError.invalidArgument("GSL could not allocate a \(d)-dimensional Sobol' generator")
            }
            defer { gsl_qrng_free(q) }
            let shifts = RandomStream(run: seed, draw: 0)
            let shift = (0..<d).map { _ in shifts.uniform() }
            var v = [Double](repeating: 0, count: d)
            for j in 0..<n {
                let status = v.withUnsafeMutableBufferPointer { gsl_qrng_get(q, $0.baseAddress) }
                guard status == GSL_SUCCESS else { throw NumericsError.invalidArgument("GSL's Sobol' generator failed at point \(j)") }
                for c in 0..<d {
                    let x = v[c] + shift[c]
                    points[j * d + c] = x >= 1 ? x - 1 : x
                }
            }
        case .random:
            for j in 0..<n {
                let stream = RandomStream(run: seed, draw: j)
                for c in 0..<d { points[j * d + c] = stream.uniformPositive() }
            }
        }
        self.points = points
    }

    /// Evaluations a row: A, B and one A_B^(i) for each parameter.
    public var evaluationsPerRow: Int { parameters + 2 }
    public var evaluations: Int { rows * evaluationsPerRow }

    /// The unit-cube point of evaluation `e` of row `j` (see the type's comment).
    public func point(row j: Int, evaluation e: Int) -> [Double] {
        let k = parameters, base = j * 2 * k
        let a = Array(points[base..<base + k]), b = Array(points[base + k..<base + 2 * k])
        switch e {
        case 0: return a
        case 1: return b
        default:
            var p = a
            p[e - 2] = b[e - 2]
            return p
        }
    }
}

/// First-order and total indices of one output from the evaluations of a `SaltelliDesign`, with
/// the estimators Saltelli et al. (2010) recommend, as SALib's `sobol.analyze` computes them but
/// for one change: f(B) is centred at the mean m of f(A) and f(B) in the first-order sum.
///
///   V    = the variance (1/(2N) denominator) of f(A) and f(B) together, m their mean
///   S_i  = (1/N) sum_j (f(B)_j - m) (f(A_B^(i))_j - f(A)_j) / V    (Saltelli 2010, Table 2 (b))
///   ST_i = (1/(2N)) sum_j (f(A)_j - f(A_B^(i))_j)^2 / V            (Jansen 1999; Table 2 (f))
///
/// Centring leaves the estimator's expectation as it is (f(A_B^(i)) and f(A) have the same
/// distribution, so m times their mean difference has expectation zero) and removes the term in
/// m^2 from its variance. It matters here: a policy's effect has a mean several times its spread.
/// On `miit-2023` at N = 256 (23 parameters, random points), the leading S1 of China's cumulative
/// GDP effect (import_substitution) is 0.52 +- 0.75 uncentred and 0.40 +- 0.11 centred
/// (`python3 bench/sensitivity_centring.py FOLDER/evaluations.csv gdp:China:2023-2030`).
///
/// Confidence half-widths are 1.96 standard deviations of the indices over `resamples` bootstrap
/// resamples of the rows (SALib's `conf_level` 0.95), drawn from `RandomStream(run: seed, draw: r)`.
public struct SobolIndices: Sendable, Equatable {
    public var firstOrder: [Double]
    public var total: [Double]
    public var firstOrderConfidence: [Double]
    public var totalConfidence: [Double]
    public var mean: Double
    public var variance: Double

    /// `values[j][e]`: evaluation e of row j. A variance of zero (an output no parameter moves)
    /// gives NaN indices, which callers report as "no variance".
    public init(_ values: [[Double]], parameters k: Int, resamples: Int = 1000, seed: UInt64 = 0) throws {
        let n = values.count
        guard n >= 2 else { throw NumericsError.invalidArgument("Sobol' indices need at least 2 rows") }
        guard values.allSatisfy({ $0.count == k + 2 }) else {
            throw NumericsError.invalidArgument("each row needs \(k + 2) evaluations (A, B and one per parameter)")
        }
        guard values.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw NumericsError.invalidArgument("an evaluation is not a finite number")
        }
        let all = Array(0..<n)
        let (s, t, m, v) = SobolIndices.estimate(values, rows: all, k: k)
        firstOrder = s
        total = t
        mean = m
        variance = v
        var sBoot = [[Double]](repeating: [], count: k), tBoot = [[Double]](repeating: [], count: k)
        if resamples > 1 && v > 0 {
            for r in 0..<resamples {
                let stream = RandomStream(run: seed, draw: r)
                let rows = (0..<n).map { _ in min(n - 1, Int(stream.uniform() * Double(n))) }
                let (bs, bt, _, _) = SobolIndices.estimate(values, rows: rows, k: k)
                for i in 0..<k {
                    sBoot[i].append(bs[i])
                    tBoot[i].append(bt[i])
                }
            }
        }
        func halfWidth(_ x: [Double]) -> Double {
            let finite = x.filter(\.isFinite)
            guard finite.count > 1 else { return .nan }
            return 1.959963984540054 * ((try? Statistics.standardDeviation(finite)) ?? .nan)
        }
        firstOrderConfidence = sBoot.map(halfWidth)
        totalConfidence = tBoot.map(halfWidth)
    }

    /// The estimators on the given rows (with repeats, for the bootstrap). Sums run in row order.
    static func estimate(_ values: [[Double]], rows: [Int], k: Int) -> (s: [Double], t: [Double], mean: Double, variance: Double) {
        let n = Double(rows.count)
        var sum = 0.0
        for j in rows { sum += values[j][0] + values[j][1] }
        let mean = sum / (2 * n)
        var v = 0.0
        for j in rows {
            let a = values[j][0] - mean, b = values[j][1] - mean
            v += a * a + b * b
        }
        v /= 2 * n
        guard v > 0 else { return (Array(repeating: .nan, count: k), Array(repeating: .nan, count: k), mean, 0) }
        var s = [Double](repeating: 0, count: k), t = [Double](repeating: 0, count: k)
        for i in 0..<k {
            var first = 0.0, tot = 0.0
            for j in rows {
                let fa = values[j][0], fb = values[j][1], fab = values[j][i + 2]
                first += (fb - mean) * (fab - fa)
                tot += (fa - fab) * (fa - fab)
            }
            s[i] = first / n / v
            t[i] = tot / (2 * n) / v
        }
        return (s, t, mean, v)
    }
}
