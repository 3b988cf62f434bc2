// SPDX-License-Identifier: GPL-3.0-or-later
@preconcurrency internal import CGSL

/// Summary statistics of a sample, on GSL's `gsl_stats_*` routines.
public enum Statistics {
    /// Arithmetic mean (GSL's running-mean recurrence, `gsl_stats_mean`).
    public static func mean(_ x: [Double]) throws -> Double {
        try requireSample(x, "mean")
        return x.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress, 1, $0.count) }
    }

    /// Sample standard deviation with the n - 1 denominator (`gsl_stats_sd`); 0 for one value.
    public static func standardDeviation(_ x: [Double]) throws -> Double {
        try requireSample(x, "standard deviation")
        guard x.count > 1 else { return 0 }
        return x.withUnsafeBufferPointer { gsl_stats_sd($0.baseAddress, 1, $0.count) }
    }

    /// Quantile `p` in [0, 1] of data already sorted ascending, by GSL's linear interpolation
    /// between order statistics: with h = (n - 1) p, Q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h])
    /// (`gsl_stats_quantile_from_sorted_data`; Hyndman & Fan's definition 7, as R's default).
    public static func quantile(sorted x: [Double], _ p: Double) throws -> Double {
        try requireSample(x, "quantile")
        guard p >= 0, p <= 1 else { throw NumericsError.invalidArgument("quantile probability \(p) is outside [0, 1]") }
        return x.withUnsafeBufferPointer { gsl_stats_quantile_from_sorted_data($0.baseAddress, 1, $0.count, p) }
    }

    /// Quantiles `ps` of an unsorted sample, each by GSL's definition (see `quantile(sorted:_:)`)
    /// and bit-identical to it: Q = (1 - d) x(k) + d x(k+1) with k = floor((n - 1) p), d the
    /// fraction, x(k) the k-th order statistic (0-based).
    ///
    /// The order statistics come from selection (Wirth's algorithm, median-of-three pivots), not
    /// a full sort: a run summarises thousands of cells of up to thousands of draws, and a sort
    /// of each took a tenth of a 1,000-draw run's profile. Selecting rank k leaves smaller values
    /// before k and larger ones after, so ranks are selected in ascending order, each within what
    /// is left, and x(k+1) is the smallest value after k.
    public static func quantiles(_ x: [Double], _ ps: [Double]) throws -> [Double] {
        try requireSample(x, "quantile")
        for p in ps where !(p >= 0 && p <= 1) {
            throw NumericsError.invalidArgument("quantile probability \(p) is outside [0, 1]")
        }
        let n = x.count
        var work = x
        var out = [Double](repeating: 0, count: ps.count)
        work.withUnsafeMutableBufferPointer { b in
            var lo = 0
            for index in ps.indices.sorted(by: { ps[$0] < ps[$1] }) {
                let h = ps[index] * Double(n - 1)
                let k = Int(h)
                let d = h - Double(k)
                if k >= lo {
                    select(b, k, from: lo, to: n)
                    lo = k + 1
                }
                let low = b[k]
                if k == n - 1 {
                    out[index] = low
                } else {
                    var high = b[k + 1]
                    for j in (k + 2)..<n where b[j] < high { high = b[j] }
                    out[index] = (1 - d) * low + d * high
                }
            }
        }
        return out
    }

    /// Rearranges b[lo..<hi] so that b[k] holds the value a sort would put there, with no larger
    /// value before it and no smaller one after (N. Wirth, Algorithms + Data Structures =
    /// Programs, 1976, "Find"; the pivot is the median of the first, middle and last values).
    static func select(_ b: UnsafeMutableBufferPointer<Double>, _ k: Int, from lo: Int, to hi: Int) {
        var l = lo, r = hi - 1
        while r > l {
            let m = l + (r - l) / 2
            let (p, q, s) = (b[l], b[m], b[r])
            let pivot = max(min(p, q), min(max(p, q), s))
            var i = l, j = r
            repeat {
                while b[i] < pivot { i += 1 }
                while pivot < b[j] { j -= 1 }
                if i <= j {
                    b.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            } while i <= j
            if j < k { l = i }
            if k < i { r = j }
        }
    }

    private static func requireSample(_ x: [Double], _ what: String) throws {
        _ = NumericsRuntime.ready
        guard !x.isEmpty else { throw NumericsError.invalidArgument("the \(what) of an empty sample is undefined") }
        if let k = x.firstIndex(where: { !$0.isFinite }) { throw NumericsError.nonFinite(label: "sample for the \(what)", index: k) }
    }
}
