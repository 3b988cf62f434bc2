// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics

/// What the build knows beyond the tables, for `provenance.csv`.
struct BuildDiagnostics {
    var years: BuildYears
    var method: BuildMethod
    var scaleFactors: [String: Double]
    var vaOverGDP: Double
    var parameters: [String: Double]
    var tradeRules: [Sector.Group: TradeRule]
    /// Provinces x sectors: the structure year's gross output carried to model sectors.
    var structurePrior: Matrix
    /// Status of every province x sector cell of output and value added.
    var structureStatus: [ProvenanceEntry.Status]
    var whole: [Bool]
    var held: [HeldLevel]
    var demandFactors: [Double]
    var expenditure: [InterprovincialDatabase.Expenditure]
    /// Exports and imports by customs shares, with the cells held at output or domestic use.
    var exports: CustomsSplit
    var imports: CustomsSplit
}

/// Prefixes of provenance rows that report checks rather than sources: `data report` prints
/// them in their own sections.
public enum ProvenanceCheck {
    public static let shareOfValues = "share of values"
    public static let structure = "check: structure, "
    public static let largestSector = "check: largest industry, "
    public static let netOutflow = "check: interprovincial net outflow, "
    public static let netOutflowCriterion = "check: interprovincial net outflow, all provinces"
    public static let other = "check: "
}

/// Pearson correlation of two equally long series, summed in index order (nan when either is
/// constant).
public func correlation(_ a: [Double], _ b: [Double]) -> Double {
    let m = Double(a.count)
    let ma = a.reduce(0, +) / m, mb = b.reduce(0, +) / m
    var sab = 0.0, saa = 0.0, sbb = 0.0
    for k in a.indices {
        sab += (a[k] - ma) * (b[k] - mb)
        saa += (a[k] - ma) * (a[k] - ma)
        sbb += (b[k] - mb) * (b[k] - mb)
    }
    return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : .nan
}

extension DataSetBuilder {
    static func describeProvenance(_ d: DataSet, _ x: BuildDiagnostics) -> [ProvenanceEntry] {
        func f(_ v: Double) -> String { String(format: "%.6f", v) }
        func f1(_ v: Double) -> String { String(format: "%.1f", v) }
        func f3(_ v: Double) -> String { String(format: "%.3f", v) }
        let y = x.years
        let chen = InterprovincialDatabase.citation
        let io = "\(y.tableFile) (NBS \(y.table) input-output table)"
        let scaling = "\(y.table) table restated at \(y.table == y.base ? "the final \(y.base) national accounts" : "\(y.base) values") with its technical and value-added coefficients held: final demand, exports and imports of every product scaled by the factor of its three-industry class (primary \(f(x.scaleFactors["primary"] ?? .nan)), secondary \(f(x.scaleFactors["secondary"] ?? .nan)), tertiary \(f(x.scaleFactors["tertiary"] ?? .nan))), the three factors solving the linear system that makes value added by class equal the NBS \(y.base) figures; output = (I - A)^-1 final demand; aggregated by the concordance"
        let components = FlowColumn.domesticFinalDemand
        let factorText = zip(components, x.demandFactors).map { "\($0.rawValue) \(f3($1))" }.joined(separator: ", ")
        func cappedCells(_ split: CustomsSplit, _ basis: String) -> String {
            let cells = split.capped.map { "\(d.provinces[$0.province].id) \(d.sectors[$0.sector].id) (\($0.ratio.isFinite ? f1($0.ratio) + " x " + basis : "no " + basis))" }
            return cells.isEmpty ? "" : " (capped: " + cells.joined(separator: ", ") + ")"
        }
        // Shares measured in the base year itself, or carried to it from the structure year.
        let sameYear: ProvenanceEntry.Status = y.structure == y.base ? .measured : .scaled
        let c42 = "build/" + (y.productInputs.isEmpty ? "" : y.productInputs + "/") + "concordance-42.csv"
        let employmentSource = y.employmentYear == 2018 && y.employmentTableFile == "ionet_nbs_io/china_2018_153.csv"
            ? "ionet_nbs_io/china_employment.csv (2018, latest year); ionet_nbs_io/china_2018_153.csv"
            : "ionet_nbs_io/china_employment.csv (\(y.employmentYear)); \(y.employmentTableFile)"
        let employmentConcordance = "employment_concordance.csv" + (y.productInputs.isEmpty ? "" : " of build/\(y.productInputs)")
        let employmentMethod = "\(y.employmentYear) employment by industry (\(employmentConcordance)) split over products by \(y.employmentYear) gross output and summed by sector"
            + (y.employmentYear < y.base ? "; carried to \(y.base) unchanged because the sources hold no later figure" : "")
        let groupSource = y.groupValueAdded == .firstRelease
            ? "three-industry shares (gdpviz, first release), industrial value added \(y.base) (gdpviz)"
            : "three-industry and industrial value added \(y.base) (chen2023_ipio/provincial_macro_initial_1997_2017_long.csv: gdp, va_pri, va_sec, va_ter, va_ind, census-revised like the GDP; \(chen))"
        let groupRules = Sector.Group.allCases.map { g -> String in
            let r = x.tradeRules[g]!
            switch r.sourcing {
            case .gravity: return "\(g.rawValue): gravity, distance^-\(CSV.number(r.distanceElasticity)), own province \(CSV.number(r.ownPreference!)) x the largest other weight"
            case .localFirst: return "\(g.rawValue): own supply first (min(supply, demand) bought locally), surpluses to deficits over distance^-\(CSV.number(r.distanceElasticity))"
            }
        }.joined(separator: "; ")
        var out: [ProvenanceEntry] = [
            ProvenanceEntry(table: DataSetFile.national, column: "output, intermediate_input, value added components, intermediate_use", status: .scaled, source: io + "; gdpviz_nbs_province_gdp_sectors/national_gdp_sectors_1952_2022.csv", method: scaling),
            ProvenanceEntry(table: DataSetFile.national, column: "final demand, exports, imports", status: .scaled, source: io, method: scaling),
            ProvenanceEntry(table: DataSetFile.national, column: "employment", status: .estimated, source: employmentSource, method: employmentMethod),
            ProvenanceEntry(table: DataSetFile.provincial, column: "investment", status: .estimated, source: "fixed_capital of this table", method: "the province's gross fixed capital formation (its fixed_capital, from the expenditure-approach shares) split over investing sectors by their depreciation of fixed assets; national = sum of provinces"),
            ProvenanceEntry(table: DataSetFile.provincial, column: "capital_stock", status: .estimated, source: "owid_wb_real_gdp/gdp_constant_2015usd_CHN_HKG_MAC.csv; parameters.csv", method: "steady-state initial capital (Harberger 1978): investment / (g + delta), g = \(f(x.parameters["capital_growth_rate"] ?? .nan)) (China's average real GDP growth \(y.base - 10)-\(y.base), World Bank), delta = \(f(x.parameters["depreciation_rate"] ?? .nan)); national = sum of provinces"),
            ProvenanceEntry(table: DataSetFile.coefficients, column: "all", status: .scaled, source: io, method: "A[i, j] = Z[i, j] / x[j] of the scaled, aggregated table (total coefficients, imported inputs included): the \(y.table) coefficients held"),
            ProvenanceEntry(table: DataSetFile.provinces, column: "gdp", status: .measured, source: "lgeaw_nbs_province_gdp/nbs_gross_regional_product_2004_2022_long.csv", method: "NBS final-verified \(y.base) gross regional product, copied"),
            ProvenanceEntry(table: DataSetFile.provinces, column: "region", status: .measured, source: "derived/region_membership.csv", method: "NBS 2011 four-region grouping, copied"),
            ProvenanceEntry(table: DataSetFile.provinces, column: "latitude, longitude", status: .measured, source: "build/capitals.csv (typed-in gazetteer coordinates)", method: "copied"),
            ProvenanceEntry(table: DataSetFile.provincial, column: "value_added, output", status: sameYear,
                source: "provincial GDP (lgeaw), \(groupSource); provincial gross output \(y.structure) by 42 sectors (chen2023_ipio/province_gross_output_by_sector_1997_2017_long.csv, \(chen)); typed-in crude steel and vehicle output",
                method: "level 1: provinces x {agriculture, industry, construction, services} fitted biproportionally to province GDP x \(f(x.vaOverGDP)) (national table value added over the provincial GDP sum) and the table's group totals, from priors GDP x primary share, industrial value added\(y.groupValueAdded == .firstRelease ? " restated on final GDP" : ""), GDP x secondary share - industry, GDP x tertiary share; level 2: provinces x sectors within each group fitted biproportionally to the level-1 totals and the sectors' national value added, from the prior of \(y.structure) provincial gross output carried to model sectors by the national product mix of each 42-sector (\(c42)), with the typed-in levels held exactly (share of national value added = share of national tonnes or vehicles: \(x.held.map { "\(d.provinces[$0.province].id) \($0.key.rawValue) \($0.note)" }.joined(separator: "; "))); output = national output x the province's share of the sector's value added. Cells: measured where a typed-in level holds them or the group has one sector (the level-1 fit of base-year data), \(sameYear.rawValue) where the sector is made of whole 42-sectors, estimated where a 42-sector is split between sectors by the national mix"),
            ProvenanceEntry(table: DataSetFile.provincial, column: "intermediate_input, value added components, employment", status: .estimated, source: "national.csv", method: "national value of the sector times the province's share of the sector's value added"),
            ProvenanceEntry(table: DataSetFile.provincial, column: "intermediate_use", status: .estimated, source: "coefficients.csv", method: "sum over j of A[i, j] x[province, j]"),
            ProvenanceEntry(table: DataSetFile.provincial, column: "rural_households, urban_households, government, fixed_capital, inventories", status: .estimated,
                source: "chen2023_ipio/provincial_macro_initial_1997_2017_long.csv (\(y.structure), initial data: NBS and provincial yearbooks; \(chen)); provincial GDP; national.csv",
                method: "province total of each component = its \(y.structure) expenditure-approach share (item / sum of the province's items, the first-published GRP) x \(y.base) GDP, times one factor per component so that provinces sum to the national table (\(factorText)); the product mix within each component is national"),
            ProvenanceEntry(table: DataSetFile.provincial, column: "exports", status: sameYear,
                source: "chen2023_ipio/customs_trade_\(y.structure)_by_province_sector_usd.csv (China Customs by domestic source of goods, via \(chen)); \(c42)",
                method: "national exports of each product split over provinces by their \(y.structure) share of the customs exports of the product's 42-sector (goods; the USD-yuan rate cancels within the year, so none is used), or by output share where customs does not cover the sector (services); a province exports at most its output, the excess going to the other provinces pro rata" + cappedCells(x.exports, "output")),
            ProvenanceEntry(table: DataSetFile.provincial, column: "imports", status: sameYear,
                source: "chen2023_ipio/customs_trade_\(y.structure)_by_province_sector_usd.csv (China Customs by domestic destination, via \(chen)); \(c42); national.csv",
                method: "national imports of each product split over provinces by their \(y.structure) share of the customs imports of the product's 42-sector (goods; customs imports by province follow the expenditure approach's import_d, imports by destination, not import_b, docs/data.md), or by the province's share of the sector's domestic use where customs does not cover the sector (services: the national import share in every province); a province imports at most its domestic use (intermediate use + domestic final demand), the excess going to the other provinces pro rata" + cappedCells(x.imports, "domestic use") + ". The engine's import share of a province and sector is imports / domestic use"),
            ProvenanceEntry(table: DataSetFile.provincial, column: "interprovincial_outflow, interprovincial_inflow", status: .estimated, source: "sourcing.csv", method: "sales to and purchases from other provinces implied by the sourcing shares and each province's domestic demand; net outflow = supply - demand of the province, whatever the sourcing rule"),
            ProvenanceEntry(table: DataSetFile.sourcing, column: "share", status: .estimated, source: "build/capitals.csv; build/trade.csv",
                method: "per sector group (\(groupRules)); distances between capitals by haversine (km); flows balanced (Furness) so that each province's supply (output - exports) and demand (domestic use - imports) are met; share = flow / destination demand. No staged source observes gross interprovincial flows, so the rules' parameters are assumptions, not fits (docs/data.md)"),
            ProvenanceEntry(table: DataSetFile.aggregates, column: "weight", status: .measured, source: "derived/region_membership.csv; gd_yearbook_city_gdp/guangdong_city_gdp_2000_2022_long.csv", method: "1 for full members; Greater Bay Area: Guangdong weighted by its nine Pearl River Delta cities' share of the 21 cities' \(y.base) GDP (Guangdong Statistical Yearbook 2023, table 2-14)"),
            y.externalsFile.map { ProvenanceEntry(table: DataSetFile.externals, column: "gdp", status: .measured, source: "\($0) (TYPED-IN)", method: "Hong Kong and Macao 2022 GDP converted to yuan at the 2022 average rate, as typed in; outside the mainland input-output system") }
                ?? ProvenanceEntry(table: DataSetFile.externals, column: "gdp", status: .assumed, source: "none", method: "no external economy: no staged source holds Hong Kong's and Macao's \(y.base) GDP in yuan, so the Greater Bay Area is its nine Guangdong cities only"),
            ProvenanceEntry(table: DataSetFile.gdpHistory, column: "gdp", status: .measured, source: "lgeaw_nbs_province_gdp/nbs_gross_regional_product_2004_2022_long.csv", method: "nominal GDP, current prices, copied through \(y.base)"),
            ProvenanceEntry(table: DataSetFile.manifest, column: "depreciation_rate", status: .assumed, source: "build/parameters.csv", method: "a modelling assumption; see its source column for the range"),
        ]
        if x.method == .nationalShares { out = out.map { nationalSharesEntry($0, d, x) ?? $0 } }
        for g in Sector.Group.allCases {
            let r = x.tradeRules[g]!
            let names = ["distance_elasticity_\(g.rawValue)"] + (r.ownPreference == nil ? [] : ["own_province_preference_\(g.rawValue)"])
            out.append(ProvenanceEntry(table: DataSetFile.manifest, column: names.joined(separator: ", "), status: r.status, source: "build/trade.csv", method: r.source))
        }
        out += shareOfValues(d, x)
        out += structureChecks(d, x)
        out += netOutflowChecks(d, x)
        return out
    }

    /// The provenance of the columns the benchmark method (`BuildMethod.nationalShares`)
    /// estimates differently; nil for the others.
    static func nationalSharesEntry(_ e: ProvenanceEntry, _ d: DataSet, _ x: BuildDiagnostics) -> ProvenanceEntry? {
        guard e.table == DataSetFile.provincial else { return nil }
        let benchmark = "the benchmark build (national shares, as before the interprovincial database): "
        switch e.column {
        case "value_added, output":
            return ProvenanceEntry(table: e.table, column: e.column, status: .estimated, source: "provincial GDP (lgeaw); the level-1 sources as in the measured build",
                method: benchmark + "level 1 as in the measured build (provinces x groups fitted to GDP and the national group totals); level 2: within each group the national sector mix in every province (a prior constant across the group's sectors, fitted to the same totals)" + (x.held.isEmpty ? "" : ", with the typed-in levels held"))
        case "rural_households, urban_households, government, fixed_capital, inventories":
            return ProvenanceEntry(table: e.table, column: e.column, status: .estimated, source: "provincial GDP; national.csv",
                method: benchmark + "the national table's component split over provinces by GDP share, with the national product mix")
        case "exports":
            return ProvenanceEntry(table: e.table, column: e.column, status: .estimated, source: "national.csv", method: benchmark + "national exports of each sector split by the provinces' shares of its output")
        case "imports":
            return ProvenanceEntry(table: e.table, column: e.column, status: .estimated, source: "national.csv",
                method: benchmark + "national import share of each sector's domestic use (imports / (intermediate use + domestic final demand)) in every province")
        default:
            return nil
        }
    }

    /// One row per table and status: how many of the table's values have that status.
    static func shareOfValues(_ d: DataSet, _ x: BuildDiagnostics) -> [ProvenanceEntry] {
        let n = d.sectorCount, np = d.provinceCount
        typealias Counts = [ProvenanceEntry.Status: Int]
        var tables: [(String, Counts, String)] = []
        let estimatedNational: Set<FlowColumn> = [.employment, .investment, .capitalStock]
        var national: Counts = [:]
        for c in FlowColumn.national { national[estimatedNational.contains(c) ? .estimated : .scaled, default: 0] += n }
        tables.append((DataSetFile.national, national, "employment, investment and capital stock estimated; the rest the \(x.years.table) table restated at \(x.years.base)"))
        tables.append((DataSetFile.coefficients, [.scaled: n * n], "the \(x.years.table) coefficients"))
        var provincial: Counts = [:]
        let sameYear: ProvenanceEntry.Status = x.years.structure == x.years.base ? .measured : .scaled
        func customsStatus(_ split: CustomsSplit, _ r: Int) -> ProvenanceEntry.Status {
            x.method == .measured && !split.capped.contains { $0.province * n + $0.sector == r } && split.customsFraction[r % n] >= 0.5 ? sameYear : .estimated
        }
        for r in 0..<(np * n) {
            for c in d.provincial.columnList {
                switch c {
                case .output, .valueAdded: provincial[x.structureStatus[r], default: 0] += 1
                case .exports: provincial[customsStatus(x.exports, r), default: 0] += 1
                case .imports: provincial[customsStatus(x.imports, r), default: 0] += 1
                default: provincial[.estimated, default: 0] += 1
                }
            }
        }
        let carried = sameYear == .measured ? "measured in \(x.years.base)" : "scaled from \(x.years.structure)"
        tables.append((DataSetFile.provincial, provincial, "output and value added by cell (typed-in and one-sector groups measured, whole 42-sectors \(carried), split sectors estimated); exports and imports \(carried) where at least half the sector's exports or imports follow customs shares; the rest estimated"))
        let sourcingValues = d.sourcing.reduce(0) { sum, t in sum + t.storage.filter { $0 != 0 }.count }
        tables.append((DataSetFile.sourcing, [.estimated: sourcingValues], "gravity or own-supply-first rules"))
        tables.append((DataSetFile.provinces, [.measured: 3 * np], "latitude, longitude, gdp"))
        tables.append((DataSetFile.aggregates, [.measured: d.aggregates.reduce(0) { $0 + $1.members.count }], "weights"))
        tables.append((DataSetFile.externals, [.measured: d.externals.count], "typed-in GDP"))
        tables.append((DataSetFile.gdpHistory, [.measured: d.gdpHistory.values.reduce(0) { $0 + $1.count }], "NBS GDP"))
        var out: [ProvenanceEntry] = []
        for (table, counts, note) in tables {
            let total = counts.values.reduce(0, +)
            for status in ProvenanceEntry.Status.allCases {
                guard let k = counts[status], k > 0 else { continue }
                out.append(ProvenanceEntry(table: table, column: ProvenanceCheck.shareOfValues, status: status, source: note,
                                           method: String(format: "%d of %d values (%.1f %%)", k, total, 100 * Double(k) / Double(total))))
            }
        }
        return out
    }

    /// For every industry sector: correlation across provinces of the data set's shares of
    /// national output with the structure year's (the prior), and both shares by province; for
    /// every province: its largest industry sector in the source and that sector's share of the
    /// province's output then and now.
    static func structureChecks(_ d: DataSet, _ x: BuildDiagnostics) -> [ProvenanceEntry] {
        let n = d.sectorCount, np = d.provinceCount
        let prior = x.structurePrior
        let priorTotals = prior.columnSums()
        var out: [ProvenanceEntry] = []
        let industry = (0..<n).filter { d.sectors[$0].group == .industry }
        let source = "chen2023_ipio/province_gross_output_by_sector_1997_2017_long.csv (\(x.years.structure)); \(InterprovincialDatabase.citation)"
        for i in industry {
            let nationalOutput = d.national[.output, i]
            guard priorTotals[i] > 0, nationalOutput > 0 else { continue }
            let then = (0..<np).map { prior[$0, i] / priorTotals[i] }
            let now = (0..<np).map { d.provincial[.output, d.row($0, i)] / nationalOutput }
            let kind = x.whole[i] ? "made of whole 42-sectors" : "split from a shared 42-sector by the national product mix"
            let detail = (0..<np).map { "\(d.provinces[$0].id) \(String(format: "%.1f -> %.1f", 100 * then[$0], 100 * now[$0]))" }.joined(separator: ", ")
            out.append(ProvenanceEntry(table: DataSetFile.provincial, column: ProvenanceCheck.structure + d.sectors[i].id, status: x.whole[i] ? .scaled : .estimated, source: source,
                method: String(format: "correlation %.3f across provinces (%@); share of national output, %d source -> %d, %%: ", correlation(then, now), kind, x.years.structure, x.years.base) + detail))
        }
        for p in 0..<np {
            guard let top = industry.max(by: { prior[p, $0] < prior[p, $1] }) else { continue }
            let priorTotal = (0..<n).reduce(0.0) { $0 + prior[p, $1] }
            let outputTotal = d.provinceTotal(.output, p)
            guard priorTotal > 0, outputTotal > 0 else { continue }
            let nationalShareThen = priorTotals[top] > 0 ? prior[p, top] / priorTotals[top] : 0
            let nationalShareNow = d.provincial[.output, d.row(p, top)] / d.national[.output, top]
            out.append(ProvenanceEntry(table: DataSetFile.provincial, column: ProvenanceCheck.largestSector + d.provinces[p].id, status: .scaled, source: source,
                method: String(format: "%@: %.1f %% of the province's output in %d, %.1f %% in %d; %.1f %% -> %.1f %% of national %@ output",
                               d.sectors[top].id, 100 * prior[p, top] / priorTotal, x.years.structure, 100 * d.provincial[.output, d.row(p, top)] / outputTotal, x.years.base,
                               100 * nationalShareThen, 100 * nationalShareNow, d.sectors[top].id)))
        }
        return out
    }

    /// Each province's interprovincial net outflow in the data set (supply - demand summed over
    /// sectors = value added - domestic final demand - exports + imports) against the
    /// observation: the structure year's net outflow less foreign net exports (net_flow -
    /// (export_s - import_d)) as a share of the expenditure items' sum, applied to the
    /// province's value added and shifted by one GDP-proportional amount so that provinces sum
    /// to zero (the observed shares sum to a deficit of several percent of GDP).
    ///
    /// The same is computed with one national import share per product (imports m_i x domestic
    /// use in every province, the build before provincial import shares) for comparison: only
    /// imports differ, so the difference is what the provincial import shares changed.
    static func netOutflowChecks(_ d: DataSet, _ x: BuildDiagnostics) -> [ProvenanceEntry] {
        let np = d.provinceCount, n = d.sectorCount
        let va = (0..<np).map { d.provinceTotal(.valueAdded, $0) }
        let observed = x.expenditure.map { ($0.netOutflow - ($0.exportsBySource - $0.importsByDestination)) / $0.total }
        let vaTotal = va.reduce(0, +)
        let shift = (0..<np).reduce(0.0) { $0 + observed[$1] * va[$1] } / vaTotal
        let target = (0..<np).map { (observed[$0] - shift) * va[$0] }
        let implied = (0..<np).map { p in d.provinceTotal(.interprovincialOutflow, p) - d.provinceTotal(.interprovincialInflow, p) }
        // Imports at the national share of each product's domestic use, province by province.
        let nationalShareImports = (0..<np).map { p in
            (0..<n).reduce(0.0) { sum, i in
                let r = d.row(p, i)
                return sum + d.importShare(i) * (d.provincial[.intermediateUse, r] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + d.provincial[$1, r] })
            }
        }
        let impliedNational = (0..<np).map { implied[$0] + nationalShareImports[$0] - d.provinceTotal(.imports, $0) }
        let foreignModel = (0..<np).map { p in (d.provinceTotal(.exports, p) - d.provinceTotal(.imports, p)) / va[p] }
        let foreignNational = (0..<np).map { p in (d.provinceTotal(.exports, p) - nationalShareImports[p]) / va[p] }
        let foreignObserved = x.expenditure.map { ($0.exportsBySource - $0.importsByDestination) / $0.total }
        let source = "chen2023_ipio/provincial_macro_initial_1997_2017_long.csv (\(x.years.structure): net_flow, export_s, import_d); \(InterprovincialDatabase.citation)"
        var out: [ProvenanceEntry] = []
        for p in 0..<np {
            let error = (implied[p] - target[p]) / va[p]
            out.append(ProvenanceEntry(table: DataSetFile.provincial, column: ProvenanceCheck.netOutflow + d.provinces[p].id, status: .estimated, source: source,
                method: String(format: "observed %.1f %% of GDP (%.1f before the zero-sum shift), data set %.1f %%, error %+.1f points (with national import shares %.1f %%, error %+.1f); foreign net exports: data set %.1f %% (with national import shares %.1f %%), observed %.1f %%",
                               100 * target[p] / va[p], 100 * observed[p], 100 * implied[p] / va[p], 100 * error,
                               100 * impliedNational[p] / va[p], 100 * (impliedNational[p] - target[p]) / va[p],
                               100 * foreignModel[p], 100 * foreignNational[p], 100 * foreignObserved[p])))
        }
        let targets = (0..<np).map { target[$0] / va[$0] }
        func fit(_ net: [Double]) -> (rms: Double, correlation: Double, errors: [Double]) {
            let shares = (0..<np).map { net[$0] / va[$0] }
            let errors = (0..<np).map { shares[$0] - targets[$0] }
            return ((errors.reduce(0.0) { $0 + $1 * $1 } / Double(np)).squareRoot(), correlation(shares, targets), errors)
        }
        let now = fit(implied), before = fit(impliedNational)
        let foreignGap = (0..<np).map { foreignModel[$0] - foreignObserved[$0] }
        // Net outflow to the rest of China and the world together is value added less absorption:
        // observed net_flow over the items' sum, shifted by one GDP-proportional amount so that
        // provinces sum to the data set's national net exports.
        let absorption = (0..<np).map { p in FlowColumn.domesticFinalDemand.reduce(0.0) { $0 + d.provinceTotal($1, p) } }
        let totalNow = (0..<np).map { (va[$0] - absorption[$0]) / va[$0] }
        let totalObserved = x.expenditure.map { $0.netOutflow / $0.total }
        let totalShift = (0..<np).reduce(0.0) { $0 + (totalNow[$1] - totalObserved[$1]) * va[$1] } / vaTotal
        let totalRMS = ((0..<np).reduce(0.0) { $0 + pow(totalNow[$1] - totalObserved[$1] - totalShift, 2) } / Double(np)).squareRoot()
        let largest = (0..<np).sorted { abs(now.errors[$0]) > abs(now.errors[$1]) }.prefix(3)
            .map { String(format: "%@ %+.1f", d.provinces[$0].id, 100 * now.errors[$0]) }.joined(separator: ", ")
        out.append(ProvenanceEntry(table: DataSetFile.provincial, column: ProvenanceCheck.netOutflowCriterion, status: .estimated, source: source,
            method: String(format: "criterion: root mean square of the errors over %d provinces %.1f points of GDP (%.1f with one national import share per product); correlation of data set and observed shares %.3f (%.3f); largest errors %@; the observed shares sum to %.1f %% of GDP before the shift; correlation of the errors with the gap in foreign net exports (data set - observed) %.3f; the sourcing rule cannot change a net outflow, so nothing is fitted to these targets. Net outflow to China and the world together (value added - absorption) against net_flow: root mean square error %.1f points, correlation %.3f",
                           np, 100 * now.rms, 100 * before.rms, now.correlation, before.correlation, largest, 100 * shift, correlation(now.errors, foreignGap),
                           100 * totalRMS, correlation(totalNow, totalObserved))))
        return out
    }
}
