// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel

/// China's GDP deflator by year relative to a base year, implied by the staged sources: NBS
/// nominal GDP (`national_gdp_sectors_1952_2022.csv`, 100 million yuan at current prices) over
/// World Bank real GDP (NY.GDP.MKTP.KD, constant 2015 USD, via OWID; a constant-price series, so
/// its ratios are real growth whatever its currency). The level of year y is
/// (N_y / N_base) / (R_y / R_base): what converts nominal yuan of y to base-year prices.
public struct PriceIndex: Sendable {
    public var baseYear: Int
    /// Price level of each year over the base year's (1 in the base year).
    public var levels: [Int: Double]

    public static let nominalFile = "gdpviz_nbs_province_gdp_sectors/national_gdp_sectors_1952_2022.csv"
    public static let realFile = "owid_wb_real_gdp/gdp_constant_2015usd_CHN_HKG_MAC.csv"
    public static let source = "GDP deflator implied by NBS nominal GDP (\(nominalFile)) over World Bank real GDP (NY.GDP.MKTP.KD via OWID, \(realFile))"

    public init(baseYear: Int, levels: [Int: Double]) {
        self.baseYear = baseYear
        self.levels = levels
    }

    /// The sources folder that goes with a data set folder: `Scenarios/data/sources` beside
    /// `Scenarios/data/<name>`.
    public static func sources(besideDataSet folder: URL) -> URL {
        folder.standardizedFileURL.deletingLastPathComponent().appendingPathComponent("sources")
    }

    /// The years both series hold, as price levels over `baseYear`'s.
    public static func read(sources: URL, baseYear: Int) throws -> PriceIndex {
        func table(_ path: String) throws -> CSVTable {
            let url = sources.appendingPathComponent(path)
            return try CSV.read(url, display: displayPath(url))
        }
        let n = try table(nominalFile)
        let nc = try n.require(["year", "gdp_100m_yuan"])
        var nominal: [Int: Double] = [:]
        for r in n.rows.indices {
            guard let year = Int(n.rows[r][nc[0]]) else {
                throw DataError(file: n.file, line: n.lines[r], column: "year", "'\(n.rows[r][nc[0]])' is not a year")
            }
            let v = try n.number(r, nc[1])
            guard v > 0 else { throw DataError(file: n.file, line: n.lines[r], column: "gdp_100m_yuan", "GDP \(v) must be above 0") }
            nominal[year] = v
        }
        let real = try realGDP(sources: sources)
        guard let n0 = nominal[baseYear], let r0 = real[baseYear] else {
            throw DataError(file: displayPath(sources), "the sources hold no national GDP of \(baseYear), the data set's base year, so they give no deflator to its prices")
        }
        var levels: [Int: Double] = [:]
        for (year, v) in nominal { if let r = real[year] { levels[year] = (v / n0) / (r / r0) } }
        return PriceIndex(baseYear: baseYear, levels: levels)
    }

    /// China's real GDP by year (constant 2015 USD), as the World Bank file of the sources holds it.
    public static func realGDP(sources: URL) throws -> [Int: Double] {
        let url = sources.appendingPathComponent(realFile)
        let w = try CSV.read(url, display: displayPath(url))
        let wc = try w.require(["Code", "Year", "GDP (constant 2015 USD)"])
        var real: [Int: Double] = [:]
        for r in w.rows.indices where w.rows[r][wc[0]] == "CHN" {
            guard let year = Int(w.rows[r][wc[1]]) else {
                throw DataError(file: w.file, line: w.lines[r], column: "Year", "'\(w.rows[r][wc[1]])' is not a year")
            }
            let v = try w.number(r, wc[2])
            guard v > 0 else { throw DataError(file: w.file, line: w.lines[r], column: "GDP (constant 2015 USD)", "GDP \(v) must be above 0") }
            real[year] = v
        }
        return real
    }

    /// Why a year has no level, and what a scenario writes instead.
    public func uncovered(_ year: Int) -> String {
        let covered = years.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "no year"
        return "the staged sources give the GDP deflator for \(covered), not \(year); write prices: {year: \(year), deflator: <the price level of \(year) over \(baseYear)'s>, source: \"where it comes from\"}"
    }

    /// The years the index covers.
    public var years: ClosedRange<Int>? {
        guard let a = levels.keys.min(), let b = levels.keys.max() else { return nil }
        return a...b
    }
}
