// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel

extension DataSetBuilder {
    /// The 31 provinces in the order of the NBS membership file, with final-verified 2022 GDP
    /// and capital coordinates.
    static func readProvinces(membership: CSVTable, gdp: CSVTable, capitals: CSVTable) throws -> [Province] {
        let m = try membership.require(["province_en", "province_zh", "nbs_region"])
        let g = try gdp.require(["province_en", "year", "grp_100m_yuan"])
        let c = try capitals.require(["province", "capital", "latitude", "longitude"])
        var provinces: [Province] = []
        for r in membership.rows.indices {
            let id = membership.rows[r][m[0]]
            guard let gr = gdp.rows.indices.first(where: { gdp.rows[$0][g[0]] == id && gdp.rows[$0][g[1]] == "2022" }) else {
                throw DataError(file: gdp.file, "has no 2022 GDP for \(id)")
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

    /// Crude steel output by province, million tonnes, 2022: the typed-in levels of the top
    /// provinces; the rest of the stated top-seven total over the top-seven provinces without a
    /// level, by steelmaking capacity; the rest of the national total over all other provinces
    /// with capacity, by capacity. Provinces without steelmaking capacity get 0.
    static func crudeSteelEstimate(provinces: [Province], top7: CSVTable, capacity: CSVTable,
                                   top7Total: Double, national: Double) throws -> [Double] {
        let t = try top7.require(["province_en", "crude_steel_2022_mt_rounded"])
        let k = try capacity.require(["province_en", "total_capacity_kt_per_yr"])
        var cap = [Double](repeating: 0, count: provinces.count)
        for r in capacity.rows.indices {
            guard let p = provinces.firstIndex(where: { $0.id == capacity.rows[r][k[0]] }) else {
                throw DataError(file: capacity.file, line: capacity.lines[r], column: "province_en", "unknown province '\(capacity.rows[r][k[0]])'")
            }
            cap[p] = try capacity.number(r, k[1])
        }
        var level = [Double?](repeating: nil, count: provinces.count)
        var inTop7 = Set<Int>()
        for r in top7.rows.indices {
            guard let p = provinces.firstIndex(where: { $0.id == top7.rows[r][t[0]] }) else {
                throw DataError(file: top7.file, line: top7.lines[r], column: "province_en", "unknown province '\(top7.rows[r][t[0]])'")
            }
            inTop7.insert(p)
            if !top7.rows[r][t[1]].isEmpty { level[p] = try top7.number(r, t[1]) }
        }
        var out = [Double](repeating: 0, count: provinces.count)
        let known = level.compactMap { $0 }.reduce(0, +)
        let unknownTop = inTop7.filter { level[$0] == nil }
        let unknownTopCapacity = unknownTop.reduce(0) { $0 + cap[$1] }
        let others = provinces.indices.filter { !inTop7.contains($0) }
        let otherCapacity = others.reduce(0) { $0 + cap[$1] }
        guard top7Total >= known, national >= top7Total, unknownTopCapacity > 0 || unknownTop.isEmpty, otherCapacity > 0 else {
            throw DataError(file: top7.file, "crude steel figures are inconsistent: top-seven total \(top7Total), listed levels \(known), national \(national)")
        }
        for p in provinces.indices {
            if let v = level[p] { out[p] = v } else if inTop7.contains(p) {
                out[p] = (top7Total - known) * cap[p] / unknownTopCapacity
            } else {
                out[p] = (national - top7Total) * cap[p] / otherCapacity
            }
        }
        return out
    }

    /// Automobile output by province, 10 thousand vehicles, 2022: typed-in levels where they
    /// exist; the rest of the national (CAAM) total over the other provinces by industrial value added.
    static func vehicleEstimate(provinces: [Province], typed: CSVTable, national: Double, industryVA: [Double]) throws -> [Double] {
        let c = try typed.require(["province_en", "value"])
        var level = [Double?](repeating: nil, count: provinces.count)
        for r in typed.rows.indices {
            guard let p = provinces.firstIndex(where: { $0.id == typed.rows[r][c[0]] }) else {
                throw DataError(file: typed.file, line: typed.lines[r], column: "province_en", "unknown province '\(typed.rows[r][c[0]])'")
            }
            level[p] = try typed.number(r, c[1])
        }
        let known = level.compactMap { $0 }.reduce(0, +)
        let rest = provinces.indices.filter { level[$0] == nil }
        let restVA = rest.reduce(0) { $0 + industryVA[$1] }
        guard national > known, restVA > 0 else {
            throw DataError(file: typed.file, "typed-in provincial vehicle output \(known) exceeds the national total \(national)")
        }
        return provinces.indices.map { level[$0] ?? (national - known) * industryVA[$0] / restVA }
    }

    /// Regions (NBS 2011), Central-West, the three clusters and the nation.
    static func readAggregates(provinces: [Province], membership: CSVTable, guangdong: CSVTable) throws -> [Aggregate] {
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
        // Greater Bay Area: Guangdong weighted by the nine Pearl River Delta cities' share of its 2022 GDP.
        let g = try guangdong.require(["row_type", "gba_mainland_city", "year", "gdp_100m_yuan"])
        var all = 0.0, bay = 0.0
        for r in guangdong.rows.indices where guangdong.rows[r][g[2]] == "2022" && guangdong.rows[r][g[0]] == "city" {
            let v = try guangdong.number(r, g[3])
            all += v
            if guangdong.rows[r][g[1]] == "True" { bay += v }
        }
        guard all > 0, bay > 0 else { throw DataError(file: guangdong.file, "has no 2022 city GDP for Guangdong") }
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

    /// Nominal GDP 2004-2022 by province (NBS export).
    static func readHistory(_ t: CSVTable) throws -> [String: [Int: Double]] {
        let c = try t.require(["province_en", "year", "grp_100m_yuan"])
        var out: [String: [Int: Double]] = [:]
        for r in t.rows.indices {
            guard let year = Int(t.rows[r][c[1]]) else { throw DataError(file: t.file, line: t.lines[r], column: "year", "'\(t.rows[r][c[1]])' is not a year") }
            out[t.rows[r][c[0]], default: [:]][year] = try t.number(r, c[2])
        }
        return out
    }
}
