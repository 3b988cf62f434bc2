// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics

extension DataSetBuilder {
    /// The 31 provinces in the order of the NBS membership file, with final-verified GDP of
    /// `year` and capital coordinates.
    static func readProvinces(membership: CSVTable, gdp: CSVTable, capitals: CSVTable, year: Int) throws -> [Province] {
        let m = try membership.require(["province_en", "province_zh", "nbs_region"])
        let g = try gdp.require(["province_en", "year", "grp_100m_yuan"])
        let c = try capitals.require(["province", "capital", "latitude", "longitude"])
        var provinces: [Province] = []
        for r in membership.rows.indices {
            let id = membership.rows[r][m[0]]
            guard let gr = gdp.rows.indices.first(where: { gdp.rows[$0][g[0]] == id && gdp.rows[$0][g[1]] == String(year) }) else {
                throw DataError(file: gdp.file, "has no \(year) GDP for \(id)")
            }
            guard let cr = capitals.rows.indices.first(where: { capitals.rows[$0][c[0]] == id }) else {
                throw DataError(file: capitals.file, "has no capital for \(id)")
            }
            let lat = try capitals.number(cr, c[2]), lon = try capitals.number(cr, c[3])
            guard abs(lat) <= 90, abs(lon) <= 180 else {
                throw DataError(file: capitals.file, line: capitals.lines[cr], "coordinates \(lat), \(lon) are not on Earth")
            }
            provinces.append(Province(id: id, nameZh: membership.rows[r][m[1]], region: membership.rows[r][m[2]],
                                      capital: capitals.rows[cr][c[1]], latitude: lat, longitude: lon, gdp: try gdp.number(gr, g[2])))
        }
        for r in capitals.rows.indices where !provinces.contains(where: { $0.id == capitals.rows[r][c[0]] }) {
            throw DataError(file: capitals.file, line: capitals.lines[r], column: "province", "unknown province '\(capitals.rows[r][c[0]])'")
        }
        return provinces
    }

    /// Priors of the provinces x {agriculture, industry, construction, services} fit of value
    /// added (100 million yuan): GDP x primary share, industrial value added, GDP x secondary
    /// share - industry, GDP x tertiary share, with GDP the province's final-verified figure
    /// (`Province.gdp`). The shares and industrial value added come from `source`, restated on
    /// that GDP when they belong to another vintage of it.
    static func groupPriors(_ source: BuildYears.GroupValueAddedSource, year: Int, provinces: [Province], sources: URL,
                            macro: CSVTable) throws -> Matrix {
        struct Row { var gdp, primary, secondary, tertiary, industry: Double; var file: String; var line: Int? }
        var rows: [Row] = []
        switch source {
        case .firstRelease:
            func read(_ path: String) throws -> CSVTable {
                let url = sources.appendingPathComponent(path)
                return try CSV.read(url, display: displayPath(url))
            }
            let shares = try read("gdpviz_nbs_province_gdp_sectors/province_gdp_sector_shares_1952_2022_long.csv")
            let industryVA = try read("gdpviz_nbs_province_industry_va/province_industry_value_added_2013_2022_long.csv")
            let cols = try shares.require(["gdp_100m_yuan", "primary_share_pct", "secondary_share_pct", "tertiary_share_pct"])
            let ic = try industryVA.require(["industry_va_100m_yuan"])[0]
            for province in provinces {
                let row = try firstRow(shares, ["year": String(year), "province_en": province.id])
                let irow = try firstRow(industryVA, ["year": String(year), "province_en": province.id])
                rows.append(Row(gdp: try shares.number(row, cols[0]), primary: try shares.number(row, cols[1]) / 100,
                                secondary: try shares.number(row, cols[2]) / 100, tertiary: try shares.number(row, cols[3]) / 100,
                                industry: try industryVA.number(irow, ic), file: industryVA.file, line: industryVA.lines[irow]))
            }
        case .interprovincialDatabase:
            let items = ["gdp", "va_pri", "va_sec", "va_ter", "va_ind"]
            let values = try InterprovincialDatabase.items(macro, items, provinces: provinces, year: year)
            for v in values {
                guard v[0] > 0 else { throw DataError(file: macro.file, "gdp of \(year) must be above 0") }
                rows.append(Row(gdp: v[0], primary: v[1] / v[0], secondary: v[2] / v[0], tertiary: v[3] / v[0], industry: v[4],
                                file: macro.file, line: nil))
            }
        }
        var prior = Matrix(rows: provinces.count, columns: Sector.Group.allCases.count)
        for (p, province) in provinces.enumerated() {
            let r = rows[p]
            let industry = r.industry * province.gdp / r.gdp
            let construction = province.gdp * r.secondary - industry
            guard construction > 0 else {
                throw DataError(file: r.file, line: r.line, column: source == .firstRelease ? "industry_va_100m_yuan" : "va_ind",
                    "\(province.id): industrial value added exceeds secondary-industry value added, leaving no room for construction")
            }
            prior[p, 0] = province.gdp * r.primary
            prior[p, 1] = industry
            prior[p, 2] = construction
            prior[p, 3] = province.gdp * r.tertiary
        }
        return prior
    }

    /// Regions (NBS 2011), Central-West, the three clusters and the nation.
    static func readAggregates(provinces: [Province], membership: CSVTable, guangdong: CSVTable, year: Int) throws -> [Aggregate] {
        let m = try membership.require(["province_en", "nbs_region", "cluster"])
        var out: [Aggregate] = []
        for region in ["East", "Central", "West", "Northeast"] {
            let members = membership.rows.filter { $0[m[1]] == region }.map { Aggregate.Member(province: $0[m[0]], weight: 1) }
            out.append(Aggregate(id: region, kind: .region, members: members))
        }
        out.append(Aggregate(id: "Central-West", kind: .region,
                             members: membership.rows.filter { $0[m[1]] == "Central" || $0[m[1]] == "West" }.map { Aggregate.Member(province: $0[m[0]], weight: 1) }))
        for (code, name) in [("JJJ", "Beijing-Tianjin-Hebei"), ("YRD", "Yangtze River Delta")] {
            out.append(Aggregate(id: name, kind: .cluster,
                                 members: membership.rows.filter { $0[m[2]] == code }.map { Aggregate.Member(province: $0[m[0]], weight: 1) }))
        }
        // Greater Bay Area: Guangdong weighted by the nine Pearl River Delta cities' share of its GDP in the base year.
        let g = try guangdong.require(["row_type", "gba_mainland_city", "year", "gdp_100m_yuan"])
        var all = 0.0, bay = 0.0
        for r in guangdong.rows.indices where guangdong.rows[r][g[2]] == String(year) && guangdong.rows[r][g[0]] == "city" {
            let v = try guangdong.number(r, g[3])
            all += v
            if guangdong.rows[r][g[1]] == "True" { bay += v }
        }
        guard all > 0, bay > 0 else { throw DataError(file: guangdong.file, "has no \(year) city GDP for Guangdong") }
        out.append(Aggregate(id: "Greater Bay Area", kind: .cluster, members: [Aggregate.Member(province: "Guangdong", weight: bay / all)]))
        out.append(Aggregate(id: "China", kind: .nation, members: provinces.map { Aggregate.Member(province: $0.id, weight: 1) }))
        return out
    }

    /// Hong Kong and Macao, at their typed-in 2022 GDP.
    static func readExternals(_ t: CSVTable) throws -> [ExternalEconomy] {
        let c = try t.require(["cluster", "member", "gdp_2022_100m_yuan_prelim", "source"])
        var out: [ExternalEconomy] = []
        for (member, id) in [("Hong Kong SAR", "Hong Kong"), ("Macao SAR", "Macao")] {
            guard let r = t.rows.firstIndex(where: { $0[c[0]] == "GBA" && $0[c[1]] == member }) else {
                throw DataError(file: t.file, "has no row for \(member)")
            }
            out.append(ExternalEconomy(id: id, gdp: try t.number(r, c[2]), cluster: "Greater Bay Area", source: t.rows[r][c[3]]))
        }
        return out
    }

    /// Nominal GDP by province (NBS export), from its first year through `through` (the base
    /// year: a data set holds no figure from after it).
    static func readHistory(_ t: CSVTable, through: Int) throws -> [String: [Int: Double]] {
        let c = try t.require(["province_en", "year", "grp_100m_yuan"])
        var out: [String: [Int: Double]] = [:]
        for r in t.rows.indices {
            guard let year = Int(t.rows[r][c[1]]) else { throw DataError(file: t.file, line: t.lines[r], column: "year", "'\(t.rows[r][c[1]])' is not a year") }
            guard year <= through else { continue }
            out[t.rows[r][c[0]], default: [:]][year] = try t.number(r, c[2])
        }
        return out
    }
}
