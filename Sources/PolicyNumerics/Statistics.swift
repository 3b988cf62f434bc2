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

    /// Quantiles `ps` of an unsorted sample (sorted once, with `gsl_sort`).
    public static func quantiles(_ x: [Double], _ ps: [Double]) throws -> [Double] {
        try requireSample(x, "quantile")
        var sorted = x
        sorted.withUnsafeMutableBufferPointer { gsl_sort($0.baseAddress, 1, $0.count) }
        return try ps.map { try quantile(sorted: sorted, $0) }
    }

    private static func requireSample(_ x: [Double], _ what: String) throws {
        _ = NumericsRuntime.ready
        guard !x.isEmpty else { throw NumericsError.invalidArgument("the \(what) of an empty sample is undefined") }
        if let k = x.firstIndex(where: { !$0.isFinite }) { throw NumericsError.nonFinite(label: "sample for the \(what)", index: k) }
    }
}
