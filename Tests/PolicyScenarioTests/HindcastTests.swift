// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyData
import PolicyModel
import PolicyNumerics
import PolicyResults

/// A synthetic base-2017 economy whose future is known in closed form: three provinces that
/// buy only from themselves (identity sourcing), no imports or exports, Miller & Blair's Table
/// 2.3 coefficients in each (A = [[0.15, 0.25], [0.20, 0.05]]), output s_p x [1000, 2000] with
/// s = (1, 2, 0.5), services only (no capacity limit). The engine's baseline grows every
/// province's demand by 1 + lambda_t + d_p, so its GDP grows by the same factor (x = (I - A)^-1 f
/// is linear), and lambda_t makes national growth g_t: lambda_t = g_t - sum_q w_q d_q with w the
/// GDP shares of the year before. d_p = 0.5 (province's 2012-2017 growth - the sum's).
enum SyntheticHindcast {
    static let scale = [1.0, 2.0, 0.5]
    static let ids = ["Alpha", "Beta", "Gamma"]
    /// 2012 and 2017 nominal GDP: 8 %, 6 % and 4 % a year.
    static let history: [String: [Int: Double]] = [
        "Alpha": [2012: 100, 2017: 100 * pow(1.08, 5)], "Beta": [2012: 200, 2017: 200 * pow(1.06, 5)], "Gamma": [2012: 50, 2017: 50 * pow(1.04, 5)],
    ]
    static let growth = [2018: 0.0675, 2019: 0.0595]
    static let price = [2017: 1.0, 2018: 1.03, 2019: 1.045]

    static func data() throws -> DataSet {
        let a = try Matrix([[0.15, 0.25], [0.20, 0.05]])
        let inputs = a.columnSums()
        let sectors = [
            Sector(id: "a", name: "first", group: .services, isKeyIndustry: false, provinceKey: .group, products: []),
            Sector(id: "b", name: "second", group: .services, isKeyIndustry: false, provinceKey: .group, products: []),
        ]
        var national = FlowTable(rows: 2, columns: FlowColumn.national)
        var provincial = FlowTable(rows: 6, columns: FlowColumn.allCases)
        var provinces: [Province] = []
        for (p, s) in scale.enumerated() {
            let x = [1000 * s, 2000 * s]
            let use = a * Vector(x)
            for i in 0..<2 {
                let k = p * 2 + i
                let values: [(FlowColumn, Double)] = [(.output, x[i]), (.intermediateInput, inputs[i] * x[i]), (.valueAdded, (1 - inputs[i]) * x[i]),
                                                      (.compensation, (1 - inputs[i]) * x[i]), (.intermediateUse, use[i]), (.government, x[i] - use[i]),
                                                      (.employment, x[i] / 100), (.investment, x[i] / 10), (.capitalStock, x[i])]
                for (c, v) in values {
                    provincial[c, k] = v
                    national[c, i] += v
                }
            }
            let gdp = (0..<2).reduce(0.0) { $0 + (1 - inputs[$1]) * x[$1] }
            provinces.append(Province(id: ids[p], nameZh: "", region: p < 2 ? "East" : "West", capital: "", latitude: 0, longitude: 0, gdp: gdp))
        }
        let aggregates = [
            Aggregate(id: "East", kind: .region, members: [.init(province: "Alpha", weight: 1), .init(province: "Beta", weight: 1)]),
            Aggregate(id: "West", kind: .region, members: [.init(province: "Gamma", weight: 1)]),
            Aggregate(id: "Bay", kind: .cluster, members: [.init(province: "Beta", weight: 0.8)]),
            Aggregate(id: "China", kind: .nation, members: ids.map { .init(province: $0, weight: 1) }),
        ]
        return DataSet(name: "synthetic", title: "", baseYear: 2017, sectors: sectors, provinces: provinces, aggregates: aggregates,
                       externals: [], national: national, coefficients: a, provincial: provincial,
                       sourcing: [Matrix.identity(3), Matrix.identity(3)], gdpHistory: history,
                       parameters: ["depreciation_rate": 0.096], provenance: [])
    }

    /// The record the closed form gives: real GDP G_p,t = G_p,t-1 (1 + g_t + d_p - sum_q w_q,t-1 d_q),
    /// nominal G_p,t x price_t.
    static func record(_ d: DataSet) -> HindcastRecord {
        let span = 5.0
        let national = pow(ids.reduce(0.0) { $0 + history[$1]![2017]! } / ids.reduce(0.0) { $0 + history[$1]![2012]! }, 1 / span) - 1
        let diff = ids.map { 0.5 * (pow(history[$0]![2017]! / history[$0]![2012]!, 1 / span) - 1 - national) }
        var real = [d.provinces.map(\.gdp)]
        for year in 2018...2019 {
            let last = real.last!, total = last.reduce(0, +)
            let mean = (0..<3).reduce(0.0) { $0 + last[$1] / total * diff[$1] }
            real.append((0..<3).map { last[$0] * (1 + growth[year]! + diff[$0] - mean) })
        }
        var gdp: [String: [Int: Double]] = [:]
        for (p, id) in ids.enumerated() {
            for (t, year) in (2017...2019).enumerated() { gdp[id, default: [:]][year] = real[t][p] * price[year]! }
        }
        return HindcastRecord(provincialGDP: gdp, nationalRealGrowth: growth)
    }
}

@Suite struct HindcastTests {
    /// The model, and benchmark (c) given the same data set, reproduce the synthetic record:
    /// zero error in every province, region, cluster and year.
    @Test func syntheticFutureKnownByConstructionGivesZeroError() throws {
        let d = try SyntheticHindcast.data()
        let r = try Hindcast.run(data: d, benchmarkData: d, record: SyntheticHindcast.record(d), settings: HindcastSettings(years: 2018...2019))
        #expect(r.rows.count == (3 + 4) * 2)
        for row in r.rows {
            #expect(abs(row.error(.model)) < 1e-9, "\(row.area) \(row.year): \(row.error(.model))")
            #expect(abs(row.error(.nationalSharesModel)) < 1e-9, "\(row.area) \(row.year)")
        }
        // The deflator is the price index's growth: 3 %, then 1.045 / 1.03 - 1.
        #expect(abs(r.deflator[2018]! - 0.03) < 1e-12 && abs(r.deflator[2019]! - (1.045 / 1.03 - 1)) < 1e-12)
        // Not vacuous: provinces grow apart, so the national rate misses.
        #expect(r.rows.contains { $0.kind == nil && abs($0.error(.nationalRate)) > 0.005 })
        let skill = Hindcast.skill(r, window: 2018...2019)
        #expect(skill[.model]!.rootMeanSquareError < 1e-9)
        #expect(abs(skill[.model]!.rankCorrelation - 1) < 1e-12)
        #expect(skill[.model]!.regionOrder == ["East", "West"] && skill[.model]!.regionsInPlace == 2)
    }

    /// The naive benchmarks from the record alone, against hand-computed values. Two provinces,
    /// recorded 2017-2019: A 100, 110, 121; B 100, 90, 99 (sums 200, 200, 220: national nominal
    /// growth 0 % in 2018 and 10 % in 2019). History 2012-2017: A 100 -> 161.051 (10 % a year),
    /// B 100 -> 100 (0 %); the sum's growth is (261.051 / 200)^(1/5) - 1 = 5.4725 %, so
    /// d_A = +4.5275 and d_B = -5.4725 points.
    /// (a): both 100, 100, 110. (b): A 100, 104.5275, 104.5275 x 1.145275 = 119.7128;
    /// B 100, 94.5275, 94.5275 x 1.045275 = 98.8073.
    @Test func naiveBenchmarksAreComputedFromTheRecordAlone() throws {
        let actual = [[100.0, 110, 121], [100.0, 90, 99]]
        let history: [String: [Int: Double]] = ["A": [2012: 100, 2017: 161.051], "B": [2012: 100, 2017: 100]]
        let (a, b) = try Hindcast.naiveBenchmarks(actual: actual, history: history, provinces: ["A", "B"], base: 2017, historyYears: 5)
        let gotA: [Double] = a.flatMap { $0 }, gotB: [Double] = b.flatMap { $0 }
        let wantA: [Double] = [100, 100, 110, 100, 100, 110], wantB: [Double] = [100, 104.5275, 119.7128, 100, 94.5275, 98.8073]
        #expect(gotA.count == 6 && gotB.count == 6)
        for k in 0..<6 {
            #expect(abs(gotA[k] - wantA[k]) < 1e-9)
            #expect(abs(gotB[k] - wantB[k]) < 1e-4, "\(gotB[k]) vs \(wantB[k])")
        }
    }

    /// Scores on a hand example (one year, three provinces in three regions): recorded growth
    /// 5, 7, 10 %; model 6, 7, 8 %; (a) 7 % everywhere. Model: MAE (1 + 0 + 2) / 3 = 1 point,
    /// RMSE sqrt((1 + 0 + 4) / 3) = 1.2910; (a): MSE (4 + 0 + 9) / 3; skill of the model against
    /// (a) 1 - 5 / 13 = 0.61538. The model ranks the provinces and regions as recorded.
    @Test func skillScoresOfAHandExample() {
        let actual = [0.05, 0.07, 0.10], model = [0.06, 0.07, 0.08]
        var rows: [HindcastResult.Row] = []
        for (p, id) in ["P", "Q", "R"].enumerated() {
            for (area, kind) in [(id, nil as Aggregate.Kind?), ("region-\(id)", .region)] {
                rows.append(HindcastResult.Row(area: area, kind: kind, year: 2018, actual: actual[p], projected: [model[p], 0.07, .nan, .nan], flagged: false))
            }
        }
        let r = HindcastResult(dataName: "hand", baseYear: 2017, settings: HindcastSettings(years: 2018...2018), nationalRealGrowth: [2018: 0.05],
                               deflator: [2018: 0.02], rows: rows, regions: ["region-P", "region-Q", "region-R"], projections: [.model, .nationalRate])
        let s = Hindcast.skill(r, window: 2018...2018)
        #expect(abs(s[.model]!.meanAbsoluteError - 0.01) < 1e-12)
        #expect(abs(s[.model]!.rootMeanSquareError - (5e-4 / 3).squareRoot()) < 1e-12)
        #expect(abs(s[.model]!.skill[.nationalRate]! - (1 - 5.0 / 13)) < 1e-9)
        #expect(abs(s[.nationalRate]!.skill[.model]! - (1 - 13.0 / 5)) < 1e-9)
        #expect(abs(s[.model]!.rankCorrelation - 1) < 1e-12)
        #expect(s[.nationalRate]!.rankCorrelation.isNaN && s[.nationalRate]!.regionOrder == nil)
        #expect(s[.model]!.regionOrder == ["region-R", "region-Q", "region-P"] && s[.model]!.regionsInPlace == 3)
        #expect(s[.model]!.closerThanNationalRate == 2)
    }

    /// Spearman with a tie: ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4) correlate at
    /// 4.5 / sqrt(4.5 x 5) = 0.948683.
    @Test func spearmanAveragesTiedRanks() {
        #expect(abs(Hindcast.spearman([1, 2, 2, 3], [1, 2, 3, 4]) - 4.5 / (4.5 * 5).squareRoot()) < 1e-12)
    }

    /// The record as read from the copied sources: NBS provincial GDP (Tianjin 2018 13,362.9 in
    /// the export), World Bank real growth 2018 (13,493.4 / 12,640.3 bn 2015 USD - 1 = 6.75 %),
    /// the Bay Area as Guangdong's GDP times the nine cities' share of the yearbook's 21.
    @Test func recordReadsTheSources() throws {
        let sources = Fixtures.repo.appendingPathComponent("Scenarios/data/sources")
        let r = try HindcastRecord.read(sources: sources)
        #expect(r.provincialGDP.count == 31)
        #expect(r.provincialGDP["Tianjin"]![2018] == 13_362.9)
        #expect(abs(r.nationalRealGrowth[2018]! - (13_493.4 / 12_640.3 - 1)) < 1e-6)
        #expect(abs(r.nationalRealGrowth[2019]! - (14_296.4 / 13_493.4 - 1)) < 1e-6)
        let gd = r.provincialGDP["Guangdong"]![2018]!
        #expect(abs(r.aggregateGDP["Greater Bay Area"]![2018]! / gd - 80_440.7211 / 99_945.2199) < 1e-6)
    }
}
