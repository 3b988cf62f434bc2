// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics

/// The files of the interprovincial input-output database of Chen Q., Gao Y., Pan C. et al.
/// (2023), "An interprovincial input-output database distinguishing firm ownership in China
/// from 1997 to 2017", *Scientific Data* 10, doi:10.1038/s41597-023-02183-2, as staged in
/// `Scenarios/data/sources/chen2023_ipio` (see its SOURCE.md). Money in 100 million yuan, current
/// prices of the year, unless a field says USD.
///
/// The database names provinces without spaces ("InnerMongolia"); they are matched to the
/// data set's ids with spaces removed.
enum InterprovincialDatabase {
    static let citation = "Chen et al. (2023), Scientific Data 10, doi:10.1038/s41597-023-02183-2"

    /// Index in `provinces` of each province name as the database spells it.
    static func provinceIndex(_ provinces: [Province]) -> [String: Int] {
        var out: [String: Int] = [:]
        for (p, province) in provinces.enumerated() { out[province.id.replacingOccurrences(of: " ", with: "")] = p }
        return out
    }

    /// Gross output by province and 42 NBS input-output sectors in `year`
    /// (`province_gross_output_by_sector_1997_2017_long.csv`): a provinces x 42 matrix.
    static func grossOutput(_ t: CSVTable, provinces: [Province], year: Int, sectors42: Int) throws -> Matrix {
        let c = try t.require(["year", "province", "sector_index", "gross_output_100m_yuan"])
        let index = provinceIndex(provinces)
        var out = Matrix(rows: provinces.count, columns: sectors42)
        var seen = Set<Int>()
        for r in t.rows.indices where t.rows[r][c[0]] == String(year) {
            guard let p = index[t.rows[r][c[1]]] else {
                throw DataError(file: t.file, line: t.lines[r], column: "province", "unknown province '\(t.rows[r][c[1]])'")
            }
            guard let k = Int(t.rows[r][c[2]]), k >= 1, k <= sectors42 else {
                throw DataError(file: t.file, line: t.lines[r], column: "sector_index",
                    "'\(t.rows[r][c[2]])' is not a sector of the 42-sector concordance (1 to \(sectors42))")
            }
            let v = try t.number(r, c[3])
            guard v >= 0 else { throw DataError(file: t.file, line: t.lines[r], column: "gross_output_100m_yuan", "gross output \(v) is negative") }
            guard seen.insert(p * sectors42 + k - 1).inserted else {
                throw DataError(file: t.file, line: t.lines[r], "\(provinces[p].id), sector \(k) appears twice for \(year)")
            }
            out[p, k - 1] = v
        }
        try requireComplete(seen, provinces: provinces, sectors42: sectors42, file: t.file, what: "gross output for \(year)")
        return out
    }

    /// Customs exports and imports by province and 42 sectors in `year`
    /// (`customs_trade_<year>_by_province_sector_usd.csv`), USD. A blank cell is no recorded
    /// trade (the repository leaves sectors without customs records blank) and reads as 0.
    static func customs(_ t: CSVTable, provinces: [Province], year: Int, sectors42: Int) throws -> (exports: Matrix, imports: Matrix) {
        let c = try t.require(["year", "province", "sector_index", "exports_total", "imports_total"])
        let index = provinceIndex(provinces)
        var exports = Matrix(rows: provinces.count, columns: sectors42), imports = exports
        var seen = Set<Int>()
        for r in t.rows.indices where t.rows[r][c[0]] == String(year) {
            guard let p = index[t.rows[r][c[1]]] else {
                throw DataError(file: t.file, line: t.lines[r], column: "province", "unknown province '\(t.rows[r][c[1]])'")
            }
            guard let k = Int(t.rows[r][c[2]]), k >= 1, k <= sectors42 else {
                throw DataError(file: t.file, line: t.lines[r], column: "sector_index", "'\(t.rows[r][c[2]])' is not a sector (1 to \(sectors42))")
            }
            guard seen.insert(p * sectors42 + k - 1).inserted else {
                throw DataError(file: t.file, line: t.lines[r], "\(provinces[p].id), sector \(k) appears twice for \(year)")
            }
            func value(_ column: Int) throws -> Double {
                if CSV.trimmed(t.rows[r][column]).isEmpty { return 0 }
                let v = try t.number(r, column)
                guard v >= 0 else { throw DataError(file: t.file, line: t.lines[r], column: t.header[column], "trade value \(v) is negative") }
                return v
            }
            exports[p, k - 1] = try value(c[3])
            imports[p, k - 1] = try value(c[4])
        }
        try requireComplete(seen, provinces: provinces, sectors42: sectors42, file: t.file, what: "customs trade for \(year)")
        return (exports, imports)
    }

    /// The expenditure-approach items of one province and year
    /// (`provincial_macro_initial_1997_2017_long.csv`, the database's "initial data": NBS and
    /// provincial yearbook figures, before the authors' balancing).
    struct Expenditure {
        /// hsh_rural, hsh_urban, gov, fixed_capital, inventory: in the order of
        /// `FlowColumn.domesticFinalDemand`.
        var components: [Double]
        /// Net outflow of goods and services, foreign and interprovincial together (net_flow).
        var netOutflow: Double
        /// Customs exports by domestic source of goods (export_s) and imports by domestic
        /// destination (import_d), converted to yuan by the source; see docs/data.md for how
        /// these undocumented names were established.
        var exportsBySource: Double
        var importsByDestination: Double
        /// The items sum to the first-published GRP of the year, not to the census-revised
        /// `gdp` of the same file: every share is taken against this sum.
        var total: Double { components.reduce(0, +) + netOutflow }
    }

    static let expenditureItems = ["hsh_rural", "hsh_urban", "gov", "fixed_capital", "inventory"]

    static func expenditure(_ t: CSVTable, provinces: [Province], year: Int) throws -> [Expenditure] {
        let values = try items(t, expenditureItems + ["net_flow", "export_s", "import_d"], provinces: provinces, year: year)
        return try provinces.indices.map { p in
            let v = values[p]
            let e = Expenditure(components: Array(v[0..<5]), netOutflow: v[5], exportsBySource: v[6], importsByDestination: v[7])
            guard e.total > 0 else { throw DataError(file: t.file, "\(provinces[p].id) \(year): the expenditure items sum to \(e.total)") }
            return e
        }
    }

    /// The named items of every province in `year` from the macro file, in `items` order.
    static func items(_ t: CSVTable, _ items: [String], provinces: [Province], year: Int) throws -> [[Double]] {
        let c = try t.require(["region", "item", "year", "value"])
        let index = provinceIndex(provinces)
        var values = [[Double?]](repeating: [Double?](repeating: nil, count: items.count), count: provinces.count)
        for r in t.rows.indices where t.rows[r][c[2]] == String(year) {
            guard let k = items.firstIndex(of: t.rows[r][c[1]]) else { continue }
            let region = t.rows[r][c[0]]
            if region == "nation" { continue }
            guard let p = index[region] else {
                throw DataError(file: t.file, line: t.lines[r], column: "region", "unknown province '\(region)'")
            }
            guard values[p][k] == nil else { throw DataError(file: t.file, line: t.lines[r], "\(region) \(items[k]) appears twice for \(year)") }
            values[p][k] = try t.number(r, c[3])
        }
        return try provinces.indices.map { p in
            try items.indices.map { k -> Double in
                guard let x = values[p][k] else {
                    throw DataError(file: t.file, "has no \(items[k]) for \(provinces[p].id) in \(year)")
                }
                return x
            }
        }
    }

    private static func requireComplete(_ seen: Set<Int>, provinces: [Province], sectors42: Int, file: String, what: String) throws {
        guard seen.count == provinces.count * sectors42 else {
            let missing = (0..<(provinces.count * sectors42)).first { !seen.contains($0) }!
            throw DataError(file: file, "has no \(what) for \(provinces[missing / sectors42].id), sector \(missing % sectors42 + 1) (\(provinces.count * sectors42 - seen.count) of \(provinces.count * sectors42) cells missing)")
        }
    }
}
