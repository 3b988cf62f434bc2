// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics

/// Where `policysim data build` reads from.
public struct DataSetBuildOptions: Sendable {
    /// Copies of the source files (`Scenarios/data/sources`), never edited.
    public var sources: URL
    /// The project's own build inputs (`Scenarios/data/build`): concordances, coordinates, parameters.
    public var inputs: URL
    public var sectorsFile: URL
    public var concordanceFile: URL
    public var name: String
    public var title: String

    public init(sources: URL, inputs: URL, sectorsFile: URL? = nil, concordanceFile: URL? = nil,
                name: String = "china-2022", title: String? = nil) {
        self.sources = sources
        self.inputs = inputs
        self.sectorsFile = sectorsFile ?? inputs.appendingPathComponent("sectors.csv")
        self.concordanceFile = concordanceFile ?? inputs.appendingPathComponent("concordance.csv")
        self.name = name
        self.title = title ?? "China 2022: the NBS 2020 input-output table scaled to 2022 and split over the 31 mainland provinces"
    }
}

/// Builds the base data set from the sources, deterministically (same inputs, same bytes).
///
/// Steps (each recorded in the data set's provenance):
/// 1. Read the NBS 2020 table (153 products) and convert 10 thousand yuan to 100 million yuan.
/// 2. Restate it at 2022 values: coefficients held, final demand scaled by one factor per
///    three-industry class, the factors solving for NBS 2022 value added by class.
/// 3. Aggregate products to sectors with the concordance.
/// 4. Split value added over provinces in two biproportional fits: provinces x {agriculture,
///    industry, construction, services} (rows: GDP scaled to the national table; prior: GDP x
///    three-industry shares and industrial value added), then provinces x sectors within each
///    group (prior: the group's value added, or crude steel and vehicle output estimates).
/// 5. Output, inputs and value-added components follow from national ratios; domestic final
///    demand is split by GDP share, exports by output share; imports leak at national import shares.
/// 6. Interprovincial sourcing shares from a doubly-constrained gravity model on great-circle
///    distances between capitals, balanced so that every province's supply and demand are met:
///    the multi-regional system then reproduces base-year output exactly.
public enum DataSetBuilder {
    public static func build(_ options: DataSetBuildOptions) throws -> DataSet {
        let src = options.sources, inp = options.inputs
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
        let io = try NationalIOTable.read(source("ionet_nbs_io/china_2020_153.csv"), display: displayPath(source("ionet_nbs_io/china_2020_153.csv")))
        let productSector = try readConcordance(read(options.concordanceFile), products: io.codes, sectors: &sectors)
        let industryClass = try readThreeIndustries(read(inp.appendingPathComponent("three_industries.csv")), products: io.codes)

        // Step 2: scale 2020 to 2022.
        let nationalAccounts = try read(source("gdpviz_nbs_province_gdp_sectors/national_gdp_sectors_1952_2022.csv"))
        guard let row2022 = nationalAccounts.rows(where: "year", is: "2022").first else {
            throw DataError(file: nationalAccounts.file, "has no row for 2022")
        }
        let va2022: [String: Double] = [
            "primary": try nationalAccounts.number(row2022, try nationalAccounts.require(["primary_va_100m_yuan"])[0]),
            "secondary": try nationalAccounts.number(row2022, try nationalAccounts.require(["secondary_va_100m_yuan"])[0]),
            "tertiary": try nationalAccounts.number(row2022, try nationalAccounts.require(["tertiary_va_100m_yuan"])[0]),
        ]
        let scaled = try scaleTo2022(io, industryClass: industryClass, target: va2022, file: displayPath(source("ionet_nbs_io/china_2020_153.csv")))

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
        let capitalGrowth = try averageRealGrowth(read(source("owid_wb_real_gdp/gdp_constant_2015usd_CHN_HKG_MAC.csv")), code: "CHN", from: 2012, to: 2022)
        national[.employment] = try employment(
            read(source("ionet_nbs_io/china_employment.csv")),
            output2018: NationalIOTable.read(source("ionet_nbs_io/china_2018_153.csv"), display: displayPath(source("ionet_nbs_io/china_2018_153.csv"))),
            concordance: read(inp.appendingPathComponent("employment_concordance.csv")),
            products: io.codes, sectorOf: sectorOf, sectors: n)
        var coefficients = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for j in 0..<n where national[.output, j] > 0 { coefficients[i, j] = z[i, j] / national[.output, j] }
        }

        // Provinces.
        let provinces = try readProvinces(
            membership: read(source("derived/region_membership.csv")),
            gdp: read(source("lgeaw_nbs_province_gdp/nbs_gross_regional_product_2004_2022_long.csv")),
            capitals: read(inp.appendingPathComponent("capitals.csv")))
        let np = provinces.count
        let shares = try read(source("gdpviz_nbs_province_gdp_sectors/province_gdp_sector_shares_1952_2022_long.csv"))
        let industryVA = try read(source("gdpviz_nbs_province_industry_va/province_industry_value_added_2013_2022_long.csv"))

        // Step 4, level 1: provinces x groups.
        let groups = Sector.Group.allCases
        var prior1 = Matrix(rows: np, columns: groups.count)
        var industryVA2022 = [Double](repeating: 0, count: np)
        for (p, province) in provinces.enumerated() {
            let row = try firstRow(shares, ["year": "2022", "province_en": province.id])
            let cols = try shares.require(["gdp_100m_yuan", "primary_share_pct", "secondary_share_pct", "tertiary_share_pct"])
            let firstRelease = try shares.number(row, cols[0])
            let primary = try shares.number(row, cols[1]) / 100, secondary = try shares.number(row, cols[2]) / 100
            let tertiary = try shares.number(row, cols[3]) / 100
            let irow = try firstRow(industryVA, ["year": "2022", "province_en": province.id])
            // The shares and the industry series are first-release figures; restate on final GDP.
            let industry = try industryVA.number(irow, try industryVA.require(["industry_va_100m_yuan"])[0]) * province.gdp / firstRelease
            industryVA2022[p] = industry
            let construction = province.gdp * secondary - industry
            guard construction > 0 else {
                throw DataError(file: industryVA.file, line: industryVA.lines[irow], column: "industry_va_100m_yuan",
                    "\(province.id): industrial value added exceeds secondary-industry value added, leaving no room for construction")
            }
            prior1[p, 0] = province.gdp * primary
            prior1[p, 1] = industry
            prior1[p, 2] = construction
            prior1[p, 3] = province.gdp * tertiary
        }
        let totalVA = national[.valueAdded].reduce(0, +)
        let totalGDP = provinces.reduce(0) { $0 + $1.gdp }
        let groupVA = groups.map { g in (0..<n).filter { sectors[$0].group == g }.reduce(0) { $0 + national[.valueAdded, $1] } }
        let level1 = try Biproportional.fit(prior: prior1, rowTargets: provinces.map { $0.gdp * totalVA / totalGDP },
                                            columnTargets: groupVA, label: "provinces x groups value added")

        // Step 4, level 2: provinces x sectors within each group.
        let steel = try crudeSteelEstimate(provinces: provinces,
            top7: read(source("province_key_industries/TYPED-IN_province_crude_steel_2022_top7.csv")),
            capacity: read(source("province_key_industries/PROXY_province_steel_capacity_eaf_bof_zzzzty29.csv")),
            top7Total: try parameter("top7_crude_steel_2022"), national: try parameter("national_crude_steel_2022"))
        let vehicles = try vehicleEstimate(provinces: provinces,
            typed: read(source("province_key_industries/TYPED-IN_automobile_output_2022.csv")),
            national: try parameter("national_automobiles_2022"), industryVA: industryVA2022)
        var va = Matrix(rows: np, columns: n)
        for (gi, g) in groups.enumerated() {
            let members = (0..<n).filter { sectors[$0].group == g }
            guard !members.isEmpty else { continue }
            var prior = Matrix(rows: np, columns: members.count)
            for (k, i) in members.enumerated() {
                let key: [Double]
                switch sectors[i].provinceKey {
                case .group: key = (0..<np).map { level1[$0, gi] }
                case .crudeSteel: key = steel
                case .vehicles: key = vehicles
                }
                let keyTotal = key.reduce(0, +)
                for p in 0..<np { prior[p, k] = keyTotal > 0 ? key[p] / keyTotal * national[.valueAdded, i] : 0 }
            }
            let fitted = try Biproportional.fit(prior: prior, rowTargets: (0..<np).map { level1[$0, gi] },
                                                columnTargets: members.map { national[.valueAdded, $0] },
                                                label: "provinces x \(g.rawValue) sectors value added")
            for (k, i) in members.enumerated() { for p in 0..<np { va[p, i] = fitted[p, k] } }
        }

        // Step 5: provincial flows.
        var provincial = FlowTable(rows: np * n, columns: FlowColumn.allCases)
        let gdpShare = provinces.map { $0.gdp / totalGDP }
        for p in 0..<np {
            for i in 0..<n {
                let r = p * n + i
                let outputShare = national[.valueAdded, i] != 0 ? va[p, i] / national[.valueAdded, i] : 0
                for c in [FlowColumn.output, .intermediateInput, .compensation, .netTaxes, .depreciation, .operatingSurplus, .exports, .employment] {
                    provincial[c, r] = national[c, i] * outputShare
                }
                provincial[.valueAdded, r] = va[p, i]
                for c in FlowColumn.domesticFinalDemand { provincial[c, r] = national[c, i] * gdpShare[p] }
            }
        }
        // Investment by investing sector: the province's fixed capital formation split by the
        // sectors' depreciation; capital stock by the steady-state estimate K = I / (g + delta).
        let totalFixedCapital = national[.fixedCapital].reduce(0, +)
        for p in 0..<np {
            let depreciationTotal = (0..<n).reduce(0.0) { $0 + max(provincial[.depreciation, p * n + $1], 0) }
            for i in 0..<n {
                let r = p * n + i
                provincial[.investment, r] = depreciationTotal > 0 ? totalFixedCapital * gdpShare[p] * max(provincial[.depreciation, r], 0) / depreciationTotal : 0
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
        var importShares = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let use = national[.intermediateUse, i] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + national[$1, i] }
            importShares[i] = use != 0 ? national[.imports, i] / use : 0
        }
        for r in 0..<(np * n) {
            let i = r % n
            let use = provincial[.intermediateUse, r] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + provincial[$1, r] }
            provincial[.imports, r] = importShares[i] * use
        }

        // Step 6: sourcing shares and interprovincial trade.
        let beta = try parameter("gravity_distance_elasticity"), preference = try parameter("own_province_preference")
        var gravity = Matrix(rows: np, columns: np)
        for s in 0..<np {
            for r in 0..<np where s != r {
                let d = greatCircleKilometres(latitude1: provinces[s].latitude, longitude1: provinces[s].longitude,
                                              latitude2: provinces[r].latitude, longitude2: provinces[r].longitude)
                gravity[s, r] = pow(d, -beta)
            }
        }
        for r in 0..<np {
            gravity[r, r] = preference * (0..<np).filter { $0 != r }.map { gravity[$0, r] }.max()!
        }
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
            var prior = gravity
            for s in 0..<np where supply[s] == 0 { for r in 0..<np { prior[s, r] = 0 } }
            for r in 0..<np where demand[r] == 0 { for s in 0..<np { prior[s, r] = 0 } }
            // Rounding leaves supply and demand totals a few ulps apart; give the difference to demand.
            let supplyTotal = supply.reduce(0, +), demandTotal = demand.reduce(0, +)
            let flows = try Biproportional.fit(prior: prior, rowTargets: supply,
                                               columnTargets: demand.map { demandTotal > 0 ? $0 * supplyTotal / demandTotal : 0 },
                                               label: "gravity model for \(sectors[i].id)")
            let flowColumns = flows.columnSums()
            var t = Matrix(rows: np, columns: np)
            for r in 0..<np {
                if flowColumns[r] > 0 {
                    for s in 0..<np { t[s, r] = flows[s, r] / flowColumns[r] }
                } else {
                    t[r, r] = 1
                }
            }
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
                                            guangdong: read(source("gd_yearbook_city_gdp/guangdong_city_gdp_2000_2022_long.csv")))
        let externals = try readExternals(read(source("derived/city_cluster_members_gdp_2022.csv")))
        let history = try readHistory(read(source("lgeaw_nbs_province_gdp/nbs_gross_regional_product_2004_2022_long.csv")))
        var allParameters = parameters
        allParameters["capital_growth_rate"] = capitalGrowth
        let provenance = describeProvenance(scaleFactors: scaled.factors, rowScaling: scaled.rowScalingRange,
                                            vaOverGDP: totalVA / totalGDP, parameters: allParameters)
        return DataSet(name: options.name, title: options.title, baseYear: 2022, sectors: sectors, provinces: provinces,
                       aggregates: aggregates, externals: externals, national: national, coefficients: coefficients,
                       provincial: provincial, sourcing: sourcing, gdpHistory: history, parameters: allParameters,
                       provenance: provenance)
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
