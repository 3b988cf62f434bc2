// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel

/// How a hindcast runs: the years it projects and the baseline settings of the model. Nothing
/// here is fitted: the persistence and the history window are the shipped baseline's
/// (`Scenarios/baseline.yaml`: half of the previous five years' differential), the other two
/// are the engine's defaults.
public struct HindcastSettings: Sendable {
    /// The projected years, the first the year after the data set's base year.
    public var years: ClosedRange<Int>
    /// Fraction of each province's nominal growth differential over the `historyYears` years
    /// before the base year that the model's baseline carries into its demand.
    public var persistence: Double
    public var historyYears: Int
    public var labourProductivityGrowth: Double
    public var capacityUtilisation: Double
    /// Years scored apart and flagged in `hindcast.csv` (Covid: 2020-2022).
    public var flagged: ClosedRange<Int>

    public init(years: ClosedRange<Int>, persistence: Double = 0.5, historyYears: Int = 5, labourProductivityGrowth: Double = 0.042,
                capacityUtilisation: Double = 0.756, flagged: ClosedRange<Int> = 2020...2022) {
        self.years = years
        self.persistence = persistence
        self.historyYears = historyYears
        self.labourProductivityGrowth = labourProductivityGrowth
        self.capacityUtilisation = capacityUtilisation
        self.flagged = flagged
    }
}

/// The projections a hindcast scores.
public enum HindcastProjection: Int, CaseIterable, Sendable {
    /// The engine on the data set, its baseline set to the recorded national real growth.
    case model
    /// (a) Every province grows at the national rate.
    case nationalRate
    /// (b) Every province keeps its nominal growth differential of the five years before the base year.
    case previousDifferential
    /// (c) The engine on the benchmark build of the same base year (`BuildMethod.nationalShares`):
    /// national sector mixes and shares and one gravity model, the data before issue 13.
    case nationalSharesModel

    public var label: String {
        switch self {
        case .model: return "model"
        case .nationalRate: return "(a) national rate"
        case .previousDifferential: return "(b) previous differential"
        case .nationalSharesModel: return "(c) model, national shares"
        }
    }

    /// Column name in `hindcast.csv`.
    public var column: String {
        switch self {
        case .model: return "projected"
        case .nationalRate: return "national_rate"
        case .previousDifferential: return "previous_differential"
        case .nationalSharesModel: return "national_shares_model"
        }
    }
}

/// A hindcast: projections of a base-year data set over years the record holds, scored
/// against the record and against naive benchmarks (issue 15).
///
/// What is compared is nominal GDP growth by area and year, percent. The sources hold nominal
/// provincial GDP and national real growth; the model projects real GDP at base-year prices.
/// Every projection is made nominal with one national deflator, the recorded growth of the
/// provinces' nominal GDP sum over the recorded real growth, (1 + G_t) / (1 + g_t). So every
/// projection gets the national total right by construction (the model exactly, since its
/// national real growth is set to the record), and what is scored is how growth is allocated
/// across provinces: a province's projected growth against its share of the nominal total.
/// Relative price changes between provinces (the 2021-2022 coal price, say) are error for
/// every projection alike.
public struct HindcastResult: Sendable {
    public struct Row: Sendable {
        public var area: String
        public var kind: Aggregate.Kind?
        public var year: Int
        /// Recorded nominal growth over the year before, fraction.
        public var actual: Double
        /// Projected nominal growth by projection, fraction (nan where a projection is missing).
        public var projected: [Double]
        public var flagged: Bool
        public var areaKind: String { kind?.rawValue ?? "province" }

        public init(area: String, kind: Aggregate.Kind?, year: Int, actual: Double, projected: [Double], flagged: Bool) {
            self.area = area
            self.kind = kind
            self.year = year
            self.actual = actual
            self.projected = projected
            self.flagged = flagged
        }
        public func error(_ p: HindcastProjection) -> Double { projected[p.rawValue] - actual }
    }

    public var dataName: String
    public var baseYear: Int
    public var settings: HindcastSettings
    /// Recorded national real growth and the deflator growth (1 + G_t) / (1 + g_t) - 1, by year.
    public var nationalRealGrowth: [Int: Double]
    public var deflator: [Int: Double]
    public var rows: [Row]
    /// The four NBS regions (ids), for the ranking.
    public var regions: [String]
    /// Which projections were run (benchmark (c) needs its data set).
    public var projections: [HindcastProjection]

    public init(dataName: String, baseYear: Int, settings: HindcastSettings, nationalRealGrowth: [Int: Double], deflator: [Int: Double],
                rows: [Row], regions: [String], projections: [HindcastProjection]) {
        self.dataName = dataName
        self.baseYear = baseYear
        self.settings = settings
        self.nationalRealGrowth = nationalRealGrowth
        self.deflator = deflator
        self.rows = rows
        self.regions = regions
        self.projections = projections
    }
}

public enum Hindcast {
    /// Runs the model (and benchmark (c) when `benchmarkData` is given) and the two naive
    /// benchmarks, and compares them with the record.
    public static func run(data: DataSet, benchmarkData: DataSet?, record: HindcastRecord, settings: HindcastSettings) throws -> HindcastResult {
        let base = data.baseYear
        guard settings.years.lowerBound == base + 1 else {
            throw HindcastError("the hindcast starts the year after the base year \(base), not \(settings.years.lowerBound)")
        }
        if let b = benchmarkData {
            guard b.baseYear == base, b.provinces.map(\.id) == data.provinces.map(\.id) else {
                throw HindcastError("the benchmark data set \(b.name) must have the base year and provinces of \(data.name)")
            }
        }
        let ids = data.provinces.map(\.id)
        let years = Array(base...settings.years.upperBound)
        // Recorded nominal GDP, provinces x years (base year first).
        let actual = try ids.map { id in
            try years.map { y -> Double in
                guard let v = record.provincialGDP[id]?[y] else { throw HindcastError("the record has no \(y) GDP for \(id) (\(HindcastRecord.provincialFile))") }
                return v
            }
        }
        var realGrowth: [Int: Double] = [:], deflator: [Int: Double] = [:]
        for (t, y) in years.enumerated().dropFirst() {
            guard let g = record.nationalRealGrowth[y] else { throw HindcastError("the record has no national real growth for \(y) (\(HindcastRecord.nationalFile))") }
            realGrowth[y] = g
            let nominal = ids.indices.reduce(0.0) { $0 + actual[$1][t] } / ids.indices.reduce(0.0) { $0 + actual[$1][t - 1] }
            deflator[y] = nominal / (1 + g) - 1
        }
        // Price index of each year relative to the base year.
        var price = [1.0]
        for y in years.dropFirst() { price.append(price.last! * (1 + deflator[y]!)) }

        var levels = [[[Double]]](repeating: [], count: HindcastProjection.allCases.count)
        func nominal(_ real: [[Double]]) -> [[Double]] {
            // real: years x provinces, the engine's GDP at base-year prices.
            ids.indices.map { p in years.indices.map { t in actual[p][0] * real[t][p] / real[0][p] * price[t] } }
        }
        levels[HindcastProjection.model.rawValue] = nominal(try project(data, record: realGrowth, settings: settings))
        if let b = benchmarkData {
            levels[HindcastProjection.nationalSharesModel.rawValue] = nominal(try project(b, record: realGrowth, settings: settings))
        }
        let naive = try naiveBenchmarks(actual: actual, history: data.gdpHistory, provinces: ids, base: base, historyYears: settings.historyYears)
        levels[HindcastProjection.nationalRate.rawValue] = naive.nationalRate
        levels[HindcastProjection.previousDifferential.rawValue] = naive.previousDifferential
        let run = HindcastProjection.allCases.filter { !levels[$0.rawValue].isEmpty }

        var rows: [HindcastResult.Row] = []
        func add(_ area: String, _ kind: Aggregate.Kind?, actual a: [Double], projected: [[Double]?]) {
            for t in years.indices.dropFirst() {
                let y = years[t]
                rows.append(HindcastResult.Row(area: area, kind: kind, year: y, actual: a[t] / a[t - 1] - 1,
                                               projected: projected.map { l in l.map { $0[t] / $0[t - 1] - 1 } ?? .nan },
                                               flagged: settings.flagged.contains(y)))
            }
        }
        for (p, id) in ids.enumerated() {
            add(id, nil, actual: actual[p], projected: levels.map { $0.isEmpty ? nil : $0[p] })
        }
        for a in data.aggregates {
            let members = a.members.compactMap { m in data.provinceIndex(m.province).map { ($0, m.weight) } }
            func sum(_ l: [[Double]]) -> [Double] { years.indices.map { t in members.reduce(0.0) { $0 + $1.1 * l[$1.0][t] } } }
            let recorded: [Double]
            if let direct = record.aggregateGDP[a.id] {
                recorded = try years.map { y in
                    guard let v = direct[y] else { throw HindcastError("the record has no \(y) GDP for \(a.id)") }
                    return v
                }
            } else {
                recorded = sum(actual)
            }
            add(a.id, a.kind, actual: recorded, projected: levels.map { $0.isEmpty ? nil : sum($0) })
        }
        let regions = Array(Set(data.provinces.map(\.region))).sorted()
        return HindcastResult(dataName: data.name, baseYear: base, settings: settings, nationalRealGrowth: realGrowth, deflator: deflator,
                              rows: rows, regions: regions, projections: run)
    }

    /// The engine's baseline real GDP by year (the base year first) and province, with the
    /// national real growth of every year set to the record's. Uses the engine's public API
    /// only: a scenario without rules.
    static func project(_ data: DataSet, record growth: [Int: Double], settings: HindcastSettings) throws -> [[Double]] {
        let spec = BaselineSpec(growth: growth, differentialPersistence: settings.persistence,
                                historyFrom: data.baseYear - settings.historyYears, historyTo: data.baseYear,
                                labourProductivityGrowth: settings.labourProductivityGrowth, capacityUtilisation: settings.capacityUtilisation,
                                externalGrowth: [:])
        let scenario = Scenario(name: "hindcast-\(data.name)", title: "hindcast of \(data.name)", description: "", files: [], dataPath: data.name,
                                startYear: settings.years.lowerBound, endYear: settings.years.upperBound, baseline: spec, seed: 1, draws: 0,
                                parameters: [:], rules: [])
        let result = try Projection.run(Economy(data), scenario, options: ProjectionOptions(threads: 1, draws: 0))
        return result.baseline.states.map(\.gdp)
    }

    /// The naive benchmarks as nominal GDP levels, provinces x years (base year first), from the
    /// record alone (no engine): (a) every province grows by the provinces' recorded nominal
    /// growth G_t; (b) by G_t + d_p, with d_p the province's average nominal growth over the
    /// `historyYears` before the base year less the provincial sum's (`history`, the data set's
    /// GDP history, which ends in the base year).
    public static func naiveBenchmarks(actual: [[Double]], history: [String: [Int: Double]], provinces: [String], base: Int,
                                       historyYears: Int) throws -> (nationalRate: [[Double]], previousDifferential: [[Double]]) {
        let from = base - historyYears
        let span = Double(historyYears)
        let start = try provinces.map { id -> Double in
            guard let v = history[id]?[from], v > 0 else { throw HindcastError("the data set's GDP history has no \(from) figure for \(id)") }
            return v
        }
        let end = try provinces.map { id -> Double in
            guard let v = history[id]?[base], v > 0 else { throw HindcastError("the data set's GDP history has no \(base) figure for \(id)") }
            return v
        }
        let nationalHistory = pow(end.reduce(0, +) / start.reduce(0, +), 1 / span) - 1
        let differential = provinces.indices.map { pow(end[$0] / start[$0], 1 / span) - 1 - nationalHistory }
        let count = actual.first?.count ?? 0
        let totals = (0..<count).map { t in actual.reduce(0.0) { $0 + $1[t] } }
        var a = actual.map { [$0[0]] }, b = a
        for t in 1..<max(count, 1) {
            let g = totals[t] / totals[t - 1] - 1
            for p in provinces.indices {
                a[p].append(a[p][t - 1] * (1 + g))
                b[p].append(b[p][t - 1] * (1 + g + differential[p]))
            }
        }
        return (a, b)
    }
}

public struct HindcastError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
