// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel

/// The scores of one projection over a window of years, across the provinces.
public struct HindcastSkill: Sendable {
    /// Mean absolute and root mean square error of nominal growth over province-years, fraction.
    public var meanAbsoluteError: Double
    public var rootMeanSquareError: Double
    /// Spearman rank correlation across provinces of projected and recorded average growth over
    /// the window (nan when the projection ranks no province above another).
    public var rankCorrelation: Double
    /// The four regions from fastest to slowest average growth over the window, and how many
    /// hold the recorded rank (nil when the projection ties them all).
    public var regionOrder: [String]?
    public var regionsInPlace: Int
    /// Skill score against each other projection: 1 - MSE(this) / MSE(other).
    public var skill: [HindcastProjection: Double]
    /// Province-years in which this projection is closer to the record than (a).
    public var closerThanNationalRate: Int
    public var provinceYears: Int
}

extension Hindcast {
    /// Windows scored apart: the years before the flagged (Covid) years, and the flagged years.
    public static func windows(_ r: HindcastResult) -> [ClosedRange<Int>] {
        let years = r.settings.years, flagged = r.settings.flagged
        var out: [ClosedRange<Int>] = []
        let lastPlain = min(years.upperBound, flagged.lowerBound - 1)
        if lastPlain >= years.lowerBound { out.append(years.lowerBound...lastPlain) }
        let firstFlagged = max(years.lowerBound, flagged.lowerBound), lastFlagged = min(years.upperBound, flagged.upperBound)
        if firstFlagged <= lastFlagged { out.append(firstFlagged...lastFlagged) }
        return out
    }

    /// Average growth a year over the window of every area, recorded (index `nil`) and by projection.
    static func windowGrowth(_ r: HindcastResult, _ window: ClosedRange<Int>, area: String, _ p: HindcastProjection?) -> Double {
        let rows = r.rows.filter { $0.area == area && window.contains($0.year) }
        let factor = rows.reduce(1.0) { product, row in product * (1 + (p.map { row.projected[$0.rawValue] } ?? row.actual)) }
        return pow(factor, 1 / Double(rows.count)) - 1
    }

    public static func skill(_ r: HindcastResult, window: ClosedRange<Int>) -> [HindcastProjection: HindcastSkill] {
        let provinces = r.rows.filter { $0.kind == nil && window.contains($0.year) }
        let ids = Array(Set(provinces.map(\.area))).sorted()
        func mse(_ p: HindcastProjection) -> Double { provinces.reduce(0.0) { $0 + pow($1.error(p), 2) } / Double(provinces.count) }
        let actualOrder = r.regions.sorted { windowGrowth(r, window, area: $0, nil) > windowGrowth(r, window, area: $1, nil) }
        var out: [HindcastProjection: HindcastSkill] = [:]
        for p in r.projections {
            let growth = r.regions.map { windowGrowth(r, window, area: $0, p) }
            let tied = growth.allSatisfy { abs($0 - growth[0]) <= 1e-12 }
            let order = tied ? nil : r.regions.indices.sorted { growth[$0] > growth[$1] }.map { r.regions[$0] }
            var skill: [HindcastProjection: Double] = [:]
            for q in r.projections where q != p { skill[q] = 1 - mse(p) / mse(q) }
            out[p] = HindcastSkill(
                meanAbsoluteError: provinces.reduce(0.0) { $0 + abs($1.error(p)) } / Double(provinces.count),
                rootMeanSquareError: mse(p).squareRoot(),
                rankCorrelation: spearman(ids.map { windowGrowth(r, window, area: $0, p) }, ids.map { windowGrowth(r, window, area: $0, nil) }),
                regionOrder: order, regionsInPlace: order.map { o in o.indices.filter { o[$0] == actualOrder[$0] }.count } ?? 0,
                skill: skill, closerThanNationalRate: provinces.filter { abs($0.error(p)) < abs($0.error(.nationalRate)) }.count,
                provinceYears: provinces.count)
        }
        return out
    }

    /// Spearman's rank correlation: Pearson's of the ranks, ties at their average rank.
    public static func spearman(_ a: [Double], _ b: [Double]) -> Double {
        func ranks(_ v: [Double]) -> [Double] {
            let order = v.indices.sorted { v[$0] < v[$1] }
            var out = [Double](repeating: 0, count: v.count)
            var k = 0
            while k < order.count {
                var j = k
                while j + 1 < order.count && v[order[j + 1]] == v[order[k]] { j += 1 }
                for m in k...j { out[order[m]] = Double(k + j) / 2 + 1 }
                k = j + 1
            }
            return out
        }
        return correlation(ranks(a), ranks(b))
    }

    /// `hindcast.csv`: one row per area and year, growth in percent.
    public static func csv(_ r: HindcastResult) -> String {
        func pct(_ x: Double) -> String { x.isNaN ? "" : String(format: "%.4f", 100 * x) }
        var lines = [CSV.line(["area", "area_kind", "year", "flag", "unit", "actual"]
            + HindcastProjection.allCases.flatMap { [$0.column, $0 == .model ? "error" : $0.column + "_error"] })]
        for row in r.rows {
            lines.append(CSV.line([row.area, row.areaKind, String(row.year), row.flagged ? "covid" : "", "percent a year (nominal GDP growth)", pct(row.actual)]
                + HindcastProjection.allCases.flatMap { [pct(row.projected[$0.rawValue]), pct(row.error($0))] }))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The skill table as `policysim hindcast` prints it (Markdown), one table per window.
    public static func table(_ r: HindcastResult) -> String {
        func pct(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", 100 * x) }
        let years = r.settings.years
        var out: [String] = []
        let growth = years.map { "\($0) \(pct(r.nationalRealGrowth[$0] ?? .nan)) %" }.joined(separator: ", ")
        let deflator = years.map { "\($0) \(pct(r.deflator[$0] ?? .nan)) %" }.joined(separator: ", ")
        out.append("Hindcast of \(r.dataName): nominal GDP growth of the 31 provinces, \(years.lowerBound)-\(years.upperBound), projected from \(r.baseYear).")
        out.append("National real growth set to the record (World Bank): \(growth); one national deflator for every province: \(deflator).")
        out.append("Model baseline: \(CSV.number(r.settings.persistence)) of each province's \(r.baseYear - r.settings.historyYears)-\(r.baseYear) nominal growth differential carried into its demand (the shipped setting; nothing fitted).")
        for window in windows(r) {
            let scores = skill(r, window: window)
            let actualOrder = r.regions.sorted { windowGrowth(r, window, area: $0, nil) > windowGrowth(r, window, area: $1, nil) }
            let flagged = window.overlaps(r.settings.flagged)
            out.append("")
            out.append("\(window.lowerBound)-\(window.upperBound)\(flagged ? " (Covid years, flagged)" : ""): recorded regions, fastest first: "
                + actualOrder.map { "\($0) \(pct(windowGrowth(r, window, area: $0, nil), 1)) %" }.joined(separator: ", "))
            out.append("")
            let others = r.projections.filter { $0 != .model }
            out.append("| projection | MAE (points) | RMSE (points) | rank correlation | regions in recorded place | " + r.projections.map { "skill vs \($0 == .model ? "model" : String($0.label.prefix(3)))" }.joined(separator: " | ") + " |")
            out.append("|---|---|---|---|---|" + r.projections.map { _ in "---|" }.joined())
            for p in r.projections {
                let s = scores[p]!
                let rank = s.rankCorrelation.isNaN ? "n/a" : String(format: "%.2f", s.rankCorrelation)
                let regions = s.regionOrder.map { "\(s.regionsInPlace) of \($0.count)" } ?? "tied"
                // Whole percent; a score that rounds to zero is printed without a sign.
                let skills = r.projections.map { q -> String in
                    guard q != p else { return "" }
                    let v = (100 * s.skill[q]!).rounded()
                    return v == 0 ? "0 %" : String(format: "%+.0f %%", v)
                }
                out.append("| \(p.label) | \(pct(s.meanAbsoluteError)) | \(pct(s.rootMeanSquareError)) | \(rank) | \(regions) | " + skills.joined(separator: " | ") + " |")
            }
            out.append("")
            let m = scores[.model]!
            out.append("Province-years where the model is closer to the record than (a): \(m.closerThanNationalRate) of \(m.provinceYears)"
                + (others.contains(.nationalSharesModel) ? "; (c): \(scores[.nationalSharesModel]!.closerThanNationalRate) of \(m.provinceYears)" : "") + ".")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
