// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics

/// The years a data set is built for and from, and the files that depend on them. `china2022`
/// builds the shipped data set; `china2017` the hindcast's base year (issue 15). Both run the
/// same build; only these settings differ.
public struct BuildYears: Sendable, Equatable {
    /// The base year: GDP, three-industry and industrial value added, national accounts.
    public var base: Int
    /// The national input-output table restated at the base year, and its file under the sources.
    public var table: Int
    public var tableFile: String
    /// The year of the interprovincial database (Chen et al. 2023) whose provincial gross
    /// output, expenditure shares and customs trade give the provincial structure.
    public var structure: Int
    /// Folder under the build inputs with the inputs keyed to the table's product codes
    /// (`concordance.csv`, `concordance-42.csv`, `three_industries.csv`,
    /// `employment_concordance.csv`); empty for the inputs folder itself, whose files are keyed
    /// to the 153 products of the NBS 2018 and 2020 tables.
    public var productInputs: String
    /// The year of the employment file (sectoral employment 1990-2018) used, and the table whose
    /// gross output splits an industry's employment over its products (same product codes as
    /// `tableFile`).
    public var employmentYear: Int
    public var employmentTableFile: String
    /// Where provincial value added by three-industry class and industrial value added come from.
    public var groupValueAdded: GroupValueAddedSource
    /// Hong Kong's and Macao's GDP in yuan of the base year (typed-in), or nil where no source
    /// holds it: the data set then has no external economies.
    public var externalsFile: String?
    /// An earlier NBS table whose final-demand composition, against the base table's, gives the
    /// baseline's sector trends (`trends.csv`); nil: the data set has no trends.
    public var trendTable: TrendTable?

    public struct TrendTable: Sendable, Equatable {
        public var year: Int
        public var tableFile: String
        /// The folder under the build inputs with that table's product concordance.
        public var productInputs: String
    }

    public enum GroupValueAddedSource: String, Sendable, Equatable {
        /// The gdpviz three-industry shares and industrial value added, figures as first
        /// published, restated on final-verified GDP (`china2022`: first and final 2022 GDP differ
        /// by 0.8 % in the median province).
        case firstRelease
        /// The production-approach items of the interprovincial database in the structure year
        /// (`gdp`, `va_pri`, `va_sec`, `va_ter`, `va_ind`), revised after the 2018 economic census
        /// like the final-verified GDP (`china2017`: the first-published 2017 figures put
        /// Tianjin's GDP 49 % above the revised one).
        case interprovincialDatabase
    }

    public init(base: Int, table: Int, tableFile: String, structure: Int, productInputs: String = "",
                employmentYear: Int = 2018, employmentTableFile: String = "ionet_nbs_io/china_2018_153.csv",
                groupValueAdded: GroupValueAddedSource = .firstRelease,
                externalsFile: String? = "derived/city_cluster_members_gdp_2022.csv", trendTable: TrendTable? = nil) {
        self.trendTable = trendTable
        self.base = base
        self.table = table
        self.tableFile = tableFile
        self.structure = structure
        self.productInputs = productInputs
        self.employmentYear = employmentYear
        self.employmentTableFile = employmentTableFile
        self.groupValueAdded = groupValueAdded
        self.externalsFile = externalsFile
    }

    public static let china2022 = BuildYears(base: 2022, table: 2020, tableFile: "ionet_nbs_io/china_2020_153.csv", structure: 2017,
                                             trendTable: TrendTable(year: 2017, tableFile: "ionet_nbs_io/china_2017_149.csv", productInputs: "products-149"))
    public static let china2017 = BuildYears(base: 2017, table: 2017, tableFile: "ionet_nbs_io/china_2017_149.csv", structure: 2017,
                                             productInputs: "products-149", employmentYear: 2017,
                                             employmentTableFile: "ionet_nbs_io/china_2017_149.csv",
                                             groupValueAdded: .interprovincialDatabase, externalsFile: nil)
    /// The base years the sources support.
    public static let known: [BuildYears] = [.china2022, .china2017]
}

/// How the provincial economy is estimated.
public enum BuildMethod: String, Sendable, CaseIterable {
    /// Provincial sector mixes, final demand, exports and imports from the interprovincial
    /// database and customs; sourcing per sector group (`trade.csv`). The shipped data sets.
    case measured
    /// The build before the interprovincial database (issue 13), kept as the hindcast's
    /// benchmark (c): every province has the national sector mix within each group (the
    /// group totals of step 4 are still measured), the national composition of final demand
    /// split by GDP, exports by output share, imports at the national share of each product,
    /// and one gravity model for every sector group (the industry rule of `trade.csv`).
    case nationalShares = "national-shares"
}

/// Where `policysim data build` reads from.
public struct DataSetBuildOptions: Sendable {
    /// Copies of the source files (`Scenarios/data/sources`), never edited.
    public var sources: URL
    /// The project's own build inputs (`Scenarios/data/build`): concordances, coordinates, parameters.
    public var inputs: URL
    public var sectorsFile: URL
    public var concordanceFile: URL
    /// Products of the table to the 42 NBS sectors of the provincial database.
    public var concordance42File: URL
    /// Products of the table to the three industries (ranges of codes).
    public var threeIndustriesFile: URL
    /// Industries of the employment file to ranges of the employment table's products.
    public var employmentConcordanceFile: URL
    /// Sourcing rule per sector group.
    public var tradeFile: URL
    public var name: String
    public var title: String
    public var years: BuildYears
    public var method: BuildMethod
    /// Typed-in provincial levels the structure keeps (base-year crude steel and vehicles), as
    /// files under the sources; nil for a base year that has none.
    public var typedInLevels: TypedInLevelFiles?

    public struct TypedInLevelFiles: Sendable, Equatable {
        public var crudeSteelTop: String
        public var steelCapacity: String
        public var vehicles: String
        public static let china2022 = TypedInLevelFiles(
            crudeSteelTop: "province_key_industries/TYPED-IN_province_crude_steel_2022_top7.csv",
            steelCapacity: "province_key_industries/PROXY_province_steel_capacity_eaf_bof_zzzzty29.csv",
            vehicles: "province_key_industries/TYPED-IN_automobile_output_2022.csv")
    }

    /// `typedInLevels` defaults to the 2022 files for base year 2022 and to none otherwise; the
    /// name to `china-<base year>`.
    public init(sources: URL, inputs: URL, sectorsFile: URL? = nil, concordanceFile: URL? = nil,
                name: String? = nil, title: String? = nil, years: BuildYears = .china2022, method: BuildMethod = .measured,
                typedInLevels: TypedInLevelFiles?? = nil) {
        self.sources = sources
        self.inputs = inputs
        let products = years.productInputs.isEmpty ? inputs : inputs.appendingPathComponent(years.productInputs)
        self.sectorsFile = sectorsFile ?? inputs.appendingPathComponent("sectors.csv")
        self.concordanceFile = concordanceFile ?? products.appendingPathComponent("concordance.csv")
        self.concordance42File = products.appendingPathComponent("concordance-42.csv")
        self.threeIndustriesFile = products.appendingPathComponent("three_industries.csv")
        self.employmentConcordanceFile = products.appendingPathComponent("employment_concordance.csv")
        self.tradeFile = inputs.appendingPathComponent("trade.csv")
        self.name = name ?? "china-\(years.base)"
        self.years = years
        self.method = method
        self.typedInLevels = typedInLevels ?? (years.base == 2022 ? .china2022 : nil)
        let table = "China \(years.base): the NBS \(years.table) input-output table" + (years.table == years.base ? "" : " scaled to \(years.base) and")
        self.title = title ?? table + (method == .measured ? " split over the 31 mainland provinces by their \(years.structure) structure"
                                                           : " split over the 31 mainland provinces with national sector mixes and shares (the benchmark build)")
    }
}

/// Builds the base data set from the sources, deterministically (same inputs, same bytes).
///
/// Steps (each recorded in the data set's provenance; docs/data.md explains them):
/// 1. Read the NBS table of `years.table` and convert 10 thousand yuan to 100 million yuan.
/// 2. Restate it at base-year values: coefficients held, final demand scaled by one factor per
///    three-industry class, the factors solving for NBS base-year value added by class.
/// 3. Aggregate products to sectors with the concordance.
/// 4. Split value added over provinces in two biproportional fits: provinces x {agriculture,
///    industry, construction, services} (rows: GDP scaled to the national table; prior: GDP x
///    three-industry shares and industrial value added), then provinces x sectors within each
///    group from the structure year's provincial gross output (Chen et al. 2023, 42 sectors,
///    carried to model sectors by the national product mix), keeping typed-in crude steel and
///    vehicle levels exactly.
/// 5. Output, inputs and value-added components follow from national ratios; domestic final
///    demand by component from the structure year's expenditure-approach shares applied to
///    base-year GDP; exports and imports by the customs shares of the structure year (by source
///    of goods and by destination), services' imports at the national share of domestic use.
/// 6. Interprovincial sourcing shares per sector group (gravity, or own supply first for
///    non-tradables), balanced so that every province's supply and demand are met: the
///    multi-regional system then reproduces base-year output exactly.
public enum DataSetBuilder {
    public static func build(_ options: DataSetBuildOptions) throws -> DataSet {
        let src = options.sources, inp = options.inputs, years = options.years
        let base = String(years.base)
        func source(_ path: String) -> URL { src.appendingPathComponent(path) }
        func read(_ url: URL) throws -> CSVTable { try CSV.read(url, display: displayPath(url)) }

        // Inputs of the project.
        let parameters = try readParameters(read(inp.appendingPathComponent("parameters.csv")))
        func parameter(_ name: String) throws -> Double {
            guard let v = parameters[name] else {
                throw DataError(file: displayPath(inp.appendingPathComponent("parameters.csv")), "missing parameter '\(name)'")
            }
            return v
        }
        var sectors = try readSectors(read(options.sectorsFile))
        let tableURL = source(years.tableFile)
        let io = try NationalIOTable.read(tableURL, display: displayPath(tableURL))
        let productSector = try readConcordance(read(options.concordanceFile), products: io.codes, sectors: &sectors)
        let industryClass = try readThreeIndustries(read(options.threeIndustriesFile), products: io.codes)
        let concordance42 = try readConcordance42(read(options.concordance42File), products: io.codes)
        let readRules = try readTradeRules(read(options.tradeFile))
        // The benchmark method sources every group by the industry rule (one gravity model for all).
        let tradeRules = options.method == .measured ? readRules : readRules.mapValues { _ in readRules[.industry]! }

        // Step 2: scale the table to the base year.
        let nationalAccounts = try read(source("gdpviz_nbs_province_gdp_sectors/national_gdp_sectors_1952_2022.csv"))
        guard let baseRow = nationalAccounts.rows(where: "year", is: base).first else {
            throw DataError(file: nationalAccounts.file, "has no row for \(base)")
        }
        let vaBase: [String: Double] = [
            "primary": try nationalAccounts.number(baseRow, try nationalAccounts.require(["primary_va_100m_yuan"])[0]),
            "secondary": try nationalAccounts.number(baseRow, try nationalAccounts.require(["secondary_va_100m_yuan"])[0]),
            "tertiary": try nationalAccounts.number(baseRow, try nationalAccounts.require(["tertiary_va_100m_yuan"])[0]),
        ]
        let scaled = try scaleToBaseYear(io, industryClass: industryClass, target: vaBase, file: displayPath(tableURL))

        // Step 3: aggregate to sectors.
        let n = sectors.count
        let sectorOf = io.codes.map { productSector[$0]! }
        var z = Matrix(rows: n, columns: n)
        for p in 0..<io.codes.count {
            for q in 0..<io.codes.count { z[sectorOf[p], sectorOf[q]] += scaled.flows[p, q] }
        }
        func aggregate(_ v: [Double]) -> [Double] {
            var s = [Double](repeating: 0, count: n)
            for p in 0..<v.count { s[sectorOf[p]] += v[p] }
            return s
        }
        var national = FlowTable(rows: n, columns: FlowColumn.national)
        national[.output] = aggregate(scaled.output)
        national[.compensation] = aggregate(scaled.compensation)
        national[.netTaxes] = aggregate(scaled.netTaxes)
        national[.depreciation] = aggregate(scaled.depreciation)
        national[.operatingSurplus] = aggregate(scaled.operatingSurplus)
        national[.valueAdded] = aggregate(scaled.valueAdded)
        national[.intermediateInput] = z.columnSums().elements
        national[.intermediateUse] = z.rowSums().elements
        national[.ruralHouseholds] = aggregate(scaled.ruralHouseholds)
        national[.urbanHouseholds] = aggregate(scaled.urbanHouseholds)
        national[.government] = aggregate(scaled.government)
        national[.fixedCapital] = aggregate(scaled.fixedCapital)
        national[.inventories] = aggregate(scaled.inventories)
        national[.exports] = aggregate(scaled.exports)
        national[.imports] = aggregate(scaled.imports)
        let delta = try parameter("depreciation_rate")
        let capitalGrowth = try averageRealGrowth(read(source("owid_wb_real_gdp/gdp_constant_2015usd_CHN_HKG_MAC.csv")), code: "CHN", from: years.base - 10, to: years.base)
        let employmentTable = source(years.employmentTableFile)
        national[.employment] = try employment(
            read(source("ionet_nbs_io/china_employment.csv")), year: years.employmentYear,
            split: years.employmentTableFile == years.tableFile ? io : NationalIOTable.read(employmentTable, display: displayPath(employmentTable)),
            concordance: read(options.employmentConcordanceFile),
            products: io.codes, sectorOf: sectorOf, sectors: n)
        var coefficients = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for j in 0..<n where national[.output, j] > 0 { coefficients[i, j] = z[i, j] / national[.output, j] }
        }

        // Provinces.
        let provinces = try readProvinces(
            membership: read(source("derived/region_membership.csv")),
            gdp: read(source("lgeaw_nbs_province_gdp/nbs_gross_regional_product_2004_2022_long.csv")),
            capitals: read(inp.appendingPathComponent("capitals.csv")), year: years.base)
        let np = provinces.count
        let macroURL = source("chen2023_ipio/provincial_macro_initial_1997_2017_long.csv")
        let macro = try read(macroURL)

        // Step 4, level 1: provinces x groups.
        let groups = Sector.Group.allCases
        let prior1 = try groupPriors(years.groupValueAdded, year: years.base, provinces: provinces, sources: src, macro: macro)
        let totalVA = national[.valueAdded].reduce(0, +)
        let totalGDP = provinces.reduce(0) { $0 + $1.gdp }
        let groupVA = groups.map { g in (0..<n).filter { sectors[$0].group == g }.reduce(0) { $0 + national[.valueAdded, $1] } }
        let level1 = try Biproportional.fit(prior: prior1, rowTargets: provinces.map { $0.gdp * totalVA / totalGDP },
                                            columnTargets: groupVA, label: "provinces x groups value added")

        // Step 4, level 2: provinces x sectors within each group, from the structure year.
        let grossOutputURL = source("chen2023_ipio/province_gross_output_by_sector_1997_2017_long.csv")
        let grossOutput42 = try InterprovincialDatabase.grossOutput(read(grossOutputURL), provinces: provinces,
                                                                   year: years.structure, sectors42: concordance42.count)
        let outputBridge = bridge(concordance42, weights: scaled.output, sectorOf: sectorOf, sectors: n)
        let structurePrior = try Matrix(rows: np, columns: n, storage: (0..<np).flatMap { p in
            (0..<n).map { i in (0..<concordance42.count).reduce(0.0) { $0 + grossOutput42[p, $1] * outputBridge[$1, i] } }
        })
        // The benchmark method gives every province the national mix within each group: a prior
        // constant across a group's sectors, which the fit turns into the national proportions.
        let measured = options.method == .measured
        let whole = measured ? wholeSectorShares(concordance42, grossOutput: grossOutput42, prior: structurePrior, sectorOf: sectorOf).map { $0 >= 0.5 }
                             : [Bool](repeating: false, count: n)
        let groupOf = sectors.map { s in Sector.Group.allCases.firstIndex(of: s.group)! }
        let fitPrior = measured ? structurePrior : try Matrix(rows: np, columns: n, storage: (0..<np).flatMap { p in (0..<n).map { level1[p, groupOf[$0]] } })
        var held: [HeldLevel] = []
        if let files = options.typedInLevels {
            held = try typedInLevels(provinces: provinces, top7: read(source(files.crudeSteelTop)), capacity: read(source(files.steelCapacity)),
                                     top7Total: try parameter("top7_crude_steel_\(base)"), nationalSteel: try parameter("national_crude_steel_\(base)"),
                                     vehicles: read(source(files.vehicles)), nationalVehicles: try parameter("national_automobiles_\(base)"))
        }
        let (va, structureStatus) = try fitStructure(level1: level1, sectors: sectors, nationalVA: national[.valueAdded],
                                                     prior: fitPrior, whole: whole,
                                                     wholeStatus: years.structure == years.base ? .measured : .scaled, held: held, provinces: provinces)

        // Step 5: provincial flows.
        var provincial = FlowTable(rows: np * n, columns: FlowColumn.allCases)
        var outputMatrix = Matrix(rows: np, columns: n)
        for p in 0..<np {
            for i in 0..<n {
                let r = p * n + i
                let outputShare = national[.valueAdded, i] != 0 ? va[p, i] / national[.valueAdded, i] : 0
                for c in [FlowColumn.output, .intermediateInput, .compensation, .netTaxes, .depreciation, .operatingSurplus, .employment] {
                    provincial[c, r] = national[c, i] * outputShare
                }
                provincial[.valueAdded, r] = va[p, i]
                outputMatrix[p, i] = provincial[.output, r]
            }
        }
        let expenditure = try InterprovincialDatabase.expenditure(macro, provinces: provinces, year: years.structure)
        let components = FlowColumn.domesticFinalDemand
        let componentTotals = components.map { national[$0].reduce(0, +) }
        let (demandTotals, demandFactors) = measured
            ? try finalDemandTotals(expenditure, provinces: provinces, national: componentTotals, file: displayPath(macroURL))
            : (try Matrix(rows: np, columns: components.count, storage: provinces.flatMap { p in componentTotals.map { $0 * p.gdp / totalGDP } }),
               [Double](repeating: 1, count: components.count))
        for p in 0..<np {
            for (k, c) in components.enumerated() {
                for i in 0..<n { provincial[c, p * n + i] = componentTotals[k] != 0 ? national[c, i] * demandTotals[p, k] / componentTotals[k] : 0 }
            }
        }
        let customsURL = source("chen2023_ipio/customs_trade_\(years.structure)_by_province_sector_usd.csv")
        let customs = try InterprovincialDatabase.customs(read(customsURL), provinces: provinces, year: years.structure, sectors42: concordance42.count)
        // Without customs cover, exports follow output shares and imports the national share of domestic use.
        var split42 = concordance42
        if !measured { split42.customs = split42.customs.map { _ in false } }
        let exports = try customsSplit("exports", national: scaled.exports, sectorOf: sectorOf, concordance: split42, customs: customs.exports,
                                       basis: outputMatrix, basisName: "output", sectorNames: sectors.map(\.id))
        for p in 0..<np { for i in 0..<n { provincial[.exports, p * n + i] = exports.values[p, i] } }

        // Investment by investing sector: the province's fixed capital formation split by the
        // sectors' depreciation; capital stock by the steady-state estimate K = I / (g + delta).
        let fixedCapitalColumn = components.firstIndex(of: .fixedCapital)!
        for p in 0..<np {
            let depreciationTotal = (0..<n).reduce(0.0) { $0 + max(provincial[.depreciation, p * n + $1], 0) }
            for i in 0..<n {
                let r = p * n + i
                provincial[.investment, r] = depreciationTotal > 0 ? demandTotals[p, fixedCapitalColumn] * max(provincial[.depreciation, r], 0) / depreciationTotal : 0
                provincial[.capitalStock, r] = provincial[.investment, r] / (capitalGrowth + delta)
            }
        }
        for c in [FlowColumn.investment, .capitalStock] {
            national[c] = (0..<n).map { i in (0..<np).reduce(0.0) { $0 + provincial[c, $1 * n + i] } }
        }
        for p in 0..<np {
            let x = Vector((0..<n).map { provincial[.output, p * n + $0] })
            let use = coefficients.timesInFixedOrder(x)   // not the BLAS: the data set's bits must not depend on it
            for i in 0..<n { provincial[.intermediateUse, p * n + i] = use[i] }
        }
        // Imports by destination: customs shares for goods, the national share of domestic use for
        // services. The engine's import share of a row is then imports / domestic use.
        var domesticUse = Matrix(rows: np, columns: n)
        for p in 0..<np {
            for i in 0..<n {
                let r = p * n + i
                domesticUse[p, i] = provincial[.intermediateUse, r] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + provincial[$1, r] }
            }
        }
        let imports = try customsSplit("imports", national: scaled.imports, sectorOf: sectorOf, concordance: split42, customs: customs.imports,
                                       basis: domesticUse, basisName: "domestic use (intermediate use + domestic final demand)", sectorNames: sectors.map(\.id))
        for p in 0..<np { for i in 0..<n { provincial[.imports, p * n + i] = imports.values[p, i] } }

        // Step 6: sourcing shares and interprovincial trade.
        let distance = capitalDistances(provinces)
        var sourcing: [Matrix] = []
        for i in 0..<n {
            var demand = [Double](repeating: 0, count: np), supply = [Double](repeating: 0, count: np)
            for p in 0..<np {
                let r = p * n + i
                demand[p] = provincial[.intermediateUse, r] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + provincial[$1, r] } - provincial[.imports, r]
                supply[p] = provincial[.output, r] - provincial[.exports, r]
                if demand[p] < 0 {
                    throw DataError(file: "sector \(sectors[i].id)", "\(provinces[p].id): domestic demand is \(demand[p]) (negative inventory change outweighs use); merge the sector with another in the concordance")
                }
                if supply[p] < 0 { throw DataError(file: "sector \(sectors[i].id)", "\(provinces[p].id): exports exceed output") }
            }
            let t = try sourcingShares(supply: supply, demand: demand, distance: distance, rule: tradeRules[sectors[i].group]!,
                                       label: "sourcing of \(sectors[i].id)")
            for p in 0..<np {
                var outflow = 0.0, inflow = 0.0
                for q in 0..<np where q != p {
                    outflow += t[p, q] * demand[q]
                    inflow += t[q, p] * demand[p]
                }
                provincial[.interprovincialOutflow, p * n + i] = outflow
                provincial[.interprovincialInflow, p * n + i] = inflow
            }
            sourcing.append(t)
        }

        let aggregates = try readAggregates(provinces: provinces, membership: read(source("derived/region_membership.csv")),
                                            guangdong: read(source("gd_yearbook_city_gdp/guangdong_city_gdp_2000_2022_long.csv")), year: years.base)
        let externals = try years.externalsFile.map { try readExternals(read(source($0))) } ?? []
        let history = try readHistory(read(source("lgeaw_nbs_province_gdp/nbs_gross_regional_product_2004_2022_long.csv")), through: years.base)
        // Parameters named for a year (the typed-in national totals of 2022) belong to that base year only.
        var allParameters = parameters.filter { name, _ in
            guard let suffix = name.split(separator: "_").last, suffix.count == 4, let year = Int(suffix) else { return true }
            return year == years.base
        }
        allParameters["capital_growth_rate"] = capitalGrowth
        for g in Sector.Group.allCases {
            let rule = tradeRules[g]!
            allParameters["distance_elasticity_\(g.rawValue)"] = rule.distanceElasticity
            if let h = rule.ownPreference { allParameters["own_province_preference_\(g.rawValue)"] = h }
        }
        let diagnostics = BuildDiagnostics(
            years: years, method: options.method, scaleFactors: scaled.factors, vaOverGDP: totalVA / totalGDP, parameters: allParameters,
            tradeRules: tradeRules, structurePrior: structurePrior, structureStatus: structureStatus, whole: whole, held: held,
            demandFactors: demandFactors, expenditure: expenditure, exports: exports, imports: imports)
        let provisional = DataSet(name: options.name, title: options.title, baseYear: years.base, sectors: sectors, provinces: provinces,
                                  aggregates: aggregates, externals: externals, national: national, coefficients: coefficients,
                                  provincial: provincial, sourcing: sourcing, gdpHistory: history, parameters: allParameters,
                                  provenance: [])
        var data = provisional
        data.provenance = describeProvenance(provisional, diagnostics)
        // The earlier table's concordance is to the default sectors: a build with other sectors
        // (the 153-product detail) has no trends.
        if let trend = years.trendTable, options.sectorsFile.standardizedFileURL == inp.appendingPathComponent("sectors.csv").standardizedFileURL {
            // Both tables at their own current prices, aggregated by their own concordances.
            let earlierURL = source(trend.tableFile)
            let earlier = try NationalIOTable.read(earlierURL, display: displayPath(earlierURL))
            var copy = sectors
            let earlierSector = try readConcordance(read(inp.appendingPathComponent(trend.productInputs).appendingPathComponent("concordance.csv")),
                                                    products: earlier.codes, sectors: &copy)
            func bySector(_ t: NationalIOTable, _ sectorOfProduct: (Int) -> Int) -> [FlowColumn: [Double]] {
                var out: [FlowColumn: [Double]] = [:]
                for c in DemandTrends.components {
                    let v: [Double]
                    switch c {
                    case .ruralHouseholds: v = t.ruralHouseholds
                    case .urbanHouseholds: v = t.urbanHouseholds
                    case .government: v = t.government
                    case .fixedCapital: v = t.fixedCapital
                    default: v = t.exports
                    }
                    var s = [Double](repeating: 0, count: n)
                    for p in v.indices { s[sectorOfProduct(p)] += v[p] }
                    out[c] = s
                }
                return out
            }
            data.demandTrends = DemandTrends(from: trend.year, to: years.table,
                                             demandFrom: bySector(earlier) { earlierSector[earlier.codes[$0]]! },
                                             demandTo: bySector(io) { sectorOf[$0] })
            data.provenance.append(ProvenanceEntry(
                table: DataSetFile.trends, column: "demand_from, demand_to", status: .measured,
                source: "\(trend.tableFile); \(years.tableFile)",
                method: "final demand by component (rural and urban households, government, fixed capital formation, exports) of the NBS \(trend.year) and \(years.table) tables at their own current prices, aggregated to sectors by build/\(trend.productInputs)/concordance.csv and build/concordance.csv; the baseline reads their log share changes per year"))
        }
        return data
    }

    /// Geometric mean real growth per year of an economy between two years (World Bank constant
    /// 2015 USD, via OWID): (GDP_to / GDP_from)^(1 / (to - from)) - 1.
    static func averageRealGrowth(_ t: CSVTable, code: String, from: Int, to: Int) throws -> Double {
        let c = try t.require(["Code", "Year", "GDP (constant 2015 USD)"])
        func value(_ year: Int) throws -> Double {
            guard let r = t.rows.indices.first(where: { t.rows[$0][c[0]] == code && t.rows[$0][c[1]] == String(year) }) else {
                throw DataError(file: t.file, "has no \(code) row for \(year)")
            }
            return try t.number(r, c[2])
        }
        return pow(try value(to) / value(from), 1 / Double(to - from)) - 1
    }

    static func firstRow(_ t: CSVTable, _ match: [String: String]) throws -> Int {
        let cols = try t.require(match.keys.sorted())
        let keys = match.keys.sorted()
        guard let r = t.rows.indices.first(where: { r in zip(keys, cols).allSatisfy { t.rows[r][$1] == match[$0] } }) else {
            throw DataError(file: t.file, "has no row with " + keys.map { "\($0) = \(match[$0]!)" }.joined(separator: ", "))
        }
        return r
    }
}
