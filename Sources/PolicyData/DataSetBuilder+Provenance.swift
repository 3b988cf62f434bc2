// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel

extension DataSetBuilder {
    static func describeProvenance(scaleFactors: [String: Double], rowScaling: (Double, Double), vaOverGDP: Double,
                                   parameters: [String: Double]) -> [ProvenanceEntry] {
        func f(_ x: Double) -> String { String(format: "%.6f", x) }
        let io = "ionet_nbs_io/china_2020_153.csv (NBS 2020 input-output table, 153 products)"
        let scaling = "2020 table restated at 2022 values with its technical and value-added coefficients held: final demand, exports and imports of every product scaled by the factor of its three-industry class (primary \(f(scaleFactors["primary"] ?? .nan)), secondary \(f(scaleFactors["secondary"] ?? .nan)), tertiary \(f(scaleFactors["tertiary"] ?? .nan))), the three factors solving the linear system that makes value added by class equal the NBS 2022 figures; output = (I - A)^-1 final demand; aggregated by the concordance"
        let split = "national value of the sector times the province's share of the sector's value added (two-level biproportional fit; see value_added)"
        var out: [ProvenanceEntry] = [
            ProvenanceEntry(table: DataSetFile.national, column: "output, intermediate_input, value added components", status: .estimated, source: io + "; gdpviz_nbs_province_gdp_sectors/national_gdp_sectors_1952_2022.csv", method: scaling),
            ProvenanceEntry(table: DataSetFile.national, column: "final demand, exports, imports", status: .estimated, source: io, method: scaling),
            ProvenanceEntry(table: DataSetFile.national, column: "employment", status: .estimated, source: "ionet_nbs_io/china_employment.csv (2018, latest year); ionet_nbs_io/china_2018_153.csv", method: "2018 employment by industry (employment_concordance.csv) split over products by 2018 gross output and summed by sector; carried to 2022 unchanged because the sources hold no later figure"),
            ProvenanceEntry(table: DataSetFile.national, column: "capital_stock", status: .estimated, source: io, method: "depreciation of fixed assets divided by the depreciation rate \(f(parameters["depreciation_rate"] ?? .nan)) per year (parameters.csv)"),
            ProvenanceEntry(table: DataSetFile.coefficients, column: "all", status: .estimated, source: io, method: "A[i, j] = Z[i, j] / x[j] of the scaled, aggregated table (total coefficients, imported inputs included)"),
            ProvenanceEntry(table: DataSetFile.provinces, column: "gdp", status: .measured, source: "lgeaw_nbs_province_gdp/nbs_gross_regional_product_2004_2022_long.csv", method: "NBS final-verified 2022 gross regional product, copied"),
            ProvenanceEntry(table: DataSetFile.provinces, column: "region", status: .measured, source: "derived/region_membership.csv", method: "NBS 2011 four-region grouping, copied"),
            ProvenanceEntry(table: DataSetFile.provinces, column: "latitude, longitude", status: .measured, source: "build/capitals.csv (typed-in gazetteer coordinates)", method: "copied"),
            ProvenanceEntry(table: DataSetFile.provincial, column: "value_added", status: .estimated, source: "provincial GDP (lgeaw), three-industry shares (gdpviz, first release), industrial value added 2022 (gdpviz), crude steel top provinces and capacity proxy, typed-in vehicle output", method: "level 1: provinces x {agriculture, industry, construction, services} fitted biproportionally to province GDP x \(f(vaOverGDP)) (national table value added over the provincial GDP sum) and the table's group totals, from priors GDP x primary share, industrial value added restated on final GDP, GDP x secondary share - industry, GDP x tertiary share; level 2: provinces x sectors within each group fitted to the level-1 totals and the sectors' national value added, from priors proportional to the group's value added, or to crude steel output (steel) or vehicle output (automobiles)"),
            ProvenanceEntry(table: DataSetFile.provincial, column: "output, intermediate_input, value added components, exports, employment, capital_stock", status: .estimated, source: "national.csv", method: split),
            ProvenanceEntry(table: DataSetFile.provincial, column: "intermediate_use", status: .estimated, source: "coefficients.csv", method: "sum over j of A[i, j] x[province, j]"),
            ProvenanceEntry(table: DataSetFile.provincial, column: "rural_households, urban_households, government, fixed_capital, inventories", status: .estimated, source: "national.csv; provincial GDP", method: "national component split by the province's share of the provincial GDP sum (no provincial expenditure data in the sources)"),
            ProvenanceEntry(table: DataSetFile.provincial, column: "imports", status: .estimated, source: "national.csv", method: "national import share of domestic use (imports / (intermediate use + domestic final demand)) times the province's domestic use"),
            ProvenanceEntry(table: DataSetFile.provincial, column: "interprovincial_outflow, interprovincial_inflow", status: .estimated, source: "sourcing.csv", method: "sales to and purchases from other provinces implied by the sourcing shares and each province's domestic demand"),
            ProvenanceEntry(table: DataSetFile.sourcing, column: "share", status: .estimated, source: "build/capitals.csv; parameters.csv", method: "doubly-constrained gravity model (Wilson 1970): flows s -> r proportional to a_s b_r w[s, r], w = distance^-\(f(parameters["gravity_distance_elasticity"] ?? .nan)) between capitals (haversine, km), own province \(f(parameters["own_province_preference"] ?? .nan)) x the largest other weight; a_s, b_r balanced (Furness) so that each province's supply (output - exports) and demand (domestic use - imports) are met; share = flow / destination demand"),
            ProvenanceEntry(table: DataSetFile.aggregates, column: "weight", status: .measured, source: "derived/region_membership.csv; gd_yearbook_city_gdp/guangdong_city_gdp_2000_2022_long.csv", method: "1 for full members; Greater Bay Area: Guangdong weighted by its nine Pearl River Delta cities' share of the 21 cities' 2022 GDP (Guangdong Statistical Yearbook 2023, table 2-14)"),
            ProvenanceEntry(table: DataSetFile.externals, column: "gdp", status: .measured, source: "derived/city_cluster_members_gdp_2022.csv (TYPED-IN)", method: "Hong Kong and Macao 2022 GDP converted to yuan at the 2022 average rate, as typed in; outside the mainland input-output system"),
            ProvenanceEntry(table: DataSetFile.gdpHistory, column: "gdp", status: .measured, source: "lgeaw_nbs_province_gdp/nbs_gross_regional_product_2004_2022_long.csv", method: "nominal GDP, current prices, copied"),
        ]
        for (name, _) in parameters.sorted(by: { $0.key < $1.key }) where ["gravity_distance_elasticity", "own_province_preference", "depreciation_rate"].contains(name) {
            out.append(ProvenanceEntry(table: DataSetFile.manifest, column: name, status: .assumed, source: "build/parameters.csv", method: "a modelling assumption; see its source column for the range"))
        }
        return out
    }
}
