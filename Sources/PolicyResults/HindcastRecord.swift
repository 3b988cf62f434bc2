// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel

/// What happened after a base year, as the sources record it: what a hindcast is scored
/// against and the national path it is given.
public struct HindcastRecord: Sendable {
    /// Nominal GDP by province id and year, 100 million yuan at current prices (NBS export,
    /// final-verified figures, revised after the 2018 economic census).
    public var provincialGDP: [String: [Int: Double]]
    /// National real GDP growth by year, fraction a year: World Bank NY.GDP.MKTP.KD (constant
    /// 2015 USD, via OWID), growth of the level over the previous year's.
    public var nationalRealGrowth: [Int: Double]
    /// Nominal GDP of aggregates the record measures directly rather than as a weighted sum of
    /// provinces, by aggregate id and year, 100 million yuan: the Greater Bay Area's nine
    /// Guangdong cities, as Guangdong's GDP (the NBS export) times the nine cities' share of the
    /// 21 cities in the year (Guangdong Statistical Yearbook 2023, table 2-14). The share, not
    /// the cities' sum: the yearbook's 2017 city figures predate the census revision (they sum
    /// to 93,265 against Guangdong's revised 91,649), its 2022 ones are first-release.
    public var aggregateGDP: [String: [Int: Double]]

    public init(provincialGDP: [String: [Int: Double]], nationalRealGrowth: [Int: Double], aggregateGDP: [String: [Int: Double]] = [:]) {
        self.provincialGDP = provincialGDP
        self.nationalRealGrowth = nationalRealGrowth
        self.aggregateGDP = aggregateGDP
    }

    static let provincialFile = "lgeaw_nbs_province_gdp/nbs_gross_regional_product_2004_2022_long.csv"
    static let nationalFile = PriceIndex.realFile
    static let bayAreaFile = "gd_yearbook_city_gdp/guangdong_city_gdp_2000_2022_long.csv"

    /// The record as the copied sources hold it (`Scenarios/data/sources`).
    public static func read(sources: URL) throws -> HindcastRecord {
        func table(_ path: String) throws -> CSVTable {
            let url = sources.appendingPathComponent(path)
            return try CSV.read(url, display: displayPath(url))
        }
        let g = try table(provincialFile)
        let gc = try g.require(["province_en", "year", "grp_100m_yuan"])
        var provincial: [String: [Int: Double]] = [:]
        for r in g.rows.indices {
            guard let year = Int(g.rows[r][gc[1]]) else {
                throw DataError(file: g.file, line: g.lines[r], column: "year", "'\(g.rows[r][gc[1]])' is not a year")
            }
            let v = try g.number(r, gc[2])
            guard v > 0 else { throw DataError(file: g.file, line: g.lines[r], column: "grp_100m_yuan", "GDP \(v) must be above 0") }
            provincial[g.rows[r][gc[0]], default: [:]][year] = v
        }
        let level = try PriceIndex.realGDP(sources: sources)
        var growth: [Int: Double] = [:]
        for (year, v) in level { if let previous = level[year - 1], previous > 0 { growth[year] = v / previous - 1 } }
        let c = try table(bayAreaFile)
        let cc = try c.require(["row_type", "gba_mainland_city", "year", "gdp_100m_yuan"])
        var bay: [Int: Double] = [:], all: [Int: Double] = [:]
        for r in c.rows.indices where c.rows[r][cc[0]] == "city" {
            guard let year = Int(c.rows[r][cc[2]]) else {
                throw DataError(file: c.file, line: c.lines[r], column: "year", "'\(c.rows[r][cc[2]])' is not a year")
            }
            let v = try c.number(r, cc[3])
            all[year, default: 0] += v
            if c.rows[r][cc[1]] == "True" { bay[year, default: 0] += v }
        }
        var bayArea: [Int: Double] = [:]
        for (year, v) in bay { if let total = all[year], total > 0, let gd = provincial["Guangdong"]?[year] { bayArea[year] = gd * v / total } }
        return HindcastRecord(provincialGDP: provincial, nationalRealGrowth: growth, aggregateGDP: ["Greater Bay Area": bayArea])
    }
}
