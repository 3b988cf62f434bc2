// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics

extension DataSetBuilder {
    /// `parameters.csv`: name, value, unit, status, source.
    static func readParameters(_ t: CSVTable) throws -> [String: Double] {
        let c = try t.require(["name", "value"])
        var out: [String: Double] = [:]
        for r in t.rows.indices {
            let name = t.rows[r][c[0]]
            if out[name] != nil { throw DataError(file: t.file, line: t.lines[r], column: "name", "parameter '\(name)' is defined twice") }
            out[name] = try t.number(r, c[1])
        }
        return out
    }

    /// Sector definitions: id, name, group, key_industry (yes/no), province_key.
    static func readSectors(_ t: CSVTable) throws -> [Sector] {
        let c = try t.require(["id", "name", "group", "key_industry", "province_key"])
        var sectors: [Sector] = []
        var issues: [DataIssue] = []
        var seen = Set<String>()
        for r in t.rows.indices {
            let row = t.rows[r], line = t.lines[r]
            let id = row[c[0]]
            if id.isEmpty || !id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                issues.append(DataIssue(file: t.file, line: line, column: "id", message: "'\(id)' must be letters, digits and underscores"))
            }
            if !seen.insert(id).inserted { issues.append(DataIssue(file: t.file, line: line, column: "id", message: "sector '\(id)' is defined twice")) }
            guard let group = Sector.Group(rawValue: row[c[2]]) else {
                issues.append(DataIssue(file: t.file, line: line, column: "group",
                    message: "'\(row[c[2]])' is not a group; use one of \(Sector.Group.allCases.map(\.rawValue).joined(separator: ", "))"))
                continue
            }
            guard row[c[3]] == "yes" || row[c[3]] == "no" else {
                issues.append(DataIssue(file: t.file, line: line, column: "key_industry", message: "'\(row[c[3]])' must be yes or no"))
                continue
            }
            guard let key = Sector.ProvinceKey(rawValue: row[c[4]]) else {
                issues.append(DataIssue(file: t.file, line: line, column: "province_key",
                    message: "'\(row[c[4]])' is not a province key; use one of \(Sector.ProvinceKey.allCases.map(\.rawValue).joined(separator: ", "))"))
                continue
            }
            if key != .group && group != .industry {
                issues.append(DataIssue(file: t.file, line: line, column: "province_key", message: "\(key.rawValue) applies to industry sectors only"))
            }
            sectors.append(Sector(id: id, name: row[c[1]], group: group, isKeyIndustry: row[c[3]] == "yes", provinceKey: key, products: []))
        }
        if sectors.isEmpty && issues.isEmpty { issues.append(DataIssue(file: t.file, message: "defines no sector")) }
        if !issues.isEmpty { throw DataError(issues) }
        return sectors
    }

    /// Concordance: product, product_name, sector. Every product of the table exactly once.
    static func readConcordance(_ t: CSVTable, products: [String], sectors: inout [Sector]) throws -> [String: Int] {
        let c = try t.require(["product", "sector"])
        var map: [String: Int] = [:]
        var issues: [DataIssue] = []
        let known = Set(products)
        for r in t.rows.indices {
            let product = t.rows[r][c[0]], sector = t.rows[r][c[1]]
            if !known.contains(product) {
                issues.append(DataIssue(file: t.file, line: t.lines[r], column: "product", message: "'\(product)' is not a product code of the NBS table (001 to 153)"))
                continue
            }
            if map[product] != nil { issues.append(DataIssue(file: t.file, line: t.lines[r], column: "product", message: "product \(product) is mapped twice")) }
            guard let s = sectors.firstIndex(where: { $0.id == sector }) else {
                let ids = sectors.map(\.id)
                issues.append(DataIssue(file: t.file, line: t.lines[r], column: "sector",
                    message: "unknown sector '\(sector)'" + (nearestName(sector, ids).map { "; did you mean '\($0)'?" } ?? "")))
                continue
            }
            map[product] = s
        }
        for p in products where map[p] == nil && !issues.contains(where: { $0.message.contains("product \(p) ") }) {
            issues.append(DataIssue(file: t.file, column: "product", message: "product \(p) is not mapped to any sector"))
        }
        for (k, s) in sectors.enumerated() where !map.values.contains(k) {
            issues.append(DataIssue(file: t.file, column: "sector", message: "sector '\(s.id)' receives no product"))
        }
        if !issues.isEmpty { throw DataError(issues) }
        for p in products { sectors[map[p]!].products.append(p) }
        return map
    }

    /// Three-industry class of every product, from ranges of product codes.
    static func readThreeIndustries(_ t: CSVTable, products: [String]) throws -> [String: String] {
        let c = try t.require(["first_product", "last_product", "industry"])
        var out: [String: String] = [:]
        for r in t.rows.indices {
            let first = t.rows[r][c[0]], last = t.rows[r][c[1]], industry = t.rows[r][c[2]]
            guard ["primary", "secondary", "tertiary"].contains(industry) else {
                throw DataError(file: t.file, line: t.lines[r], column: "industry", "'\(industry)' must be primary, secondary or tertiary")
            }
            for p in products where p >= first && p <= last {
                if out[p] != nil { throw DataError(file: t.file, line: t.lines[r], "product \(p) is classified twice") }
                out[p] = industry
            }
        }
        if let p = products.first(where: { out[$0] == nil }) { throw DataError(file: t.file, "product \(p) has no three-industry class") }
        return out
    }

    /// Employment by sector, 10 thousand persons: `year`'s column of the employment file by
    /// industry (2018, its latest, for china-2022; 2017 for china-2017), split over the products
    /// of the industry by their gross output in `split` (the 2018 table; the 2017 table itself).
    static func employment(_ t: CSVTable, year: Int, split: NationalIOTable, concordance: CSVTable,
                           products: [String], sectorOf: [Int], sectors: Int) throws -> [Double] {
        guard split.codes == products else {
            throw DataError(file: t.file, "the employment split table's products differ from the build table's; the split needs the same product codes")
        }
        guard let codeColumn = t.column("Code") else {
            throw DataError(file: t.file, line: 1, column: "Code", "missing column")
        }
        guard let yearColumn = t.column(String(year)) else {
            throw DataError(file: t.file, line: 1, "has no column for \(year); its years are \(t.header.filter { Int($0) != nil }.first ?? "?") to \(t.header.last ?? "?")")
        }
        let cc = try concordance.require(["employment_code", "first_product", "last_product"])
        var perProduct = [Double](repeating: 0, count: products.count)
        for r in concordance.rows.indices {
            let code = concordance.rows[r][cc[0]]
            guard let er = t.rows.firstIndex(where: { $0[codeColumn] == code }) else {
                throw DataError(file: concordance.file, line: concordance.lines[r], column: "employment_code", "'\(code)' is not a code of \(t.file)")
            }
            let persons = try t.number(er, yearColumn)
            let first = concordance.rows[r][cc[1]], last = concordance.rows[r][cc[2]]
            let members = products.indices.filter { products[$0] >= first && products[$0] <= last }
            guard !members.isEmpty else {
                throw DataError(file: concordance.file, line: concordance.lines[r], "the range \(first) to \(last) holds no product")
            }
            let total = members.reduce(0) { $0 + split.output[$1] }
            for p in members { perProduct[p] += total > 0 ? persons * split.output[p] / total : persons / Double(members.count) }
        }
        var out = [Double](repeating: 0, count: sectors)
        for p in products.indices { out[sectorOf[p]] += perProduct[p] }
        return out
    }
}

/// The national table restated at base-year values.
struct ScaledTable {
    var flows: Matrix
    var output, compensation, netTaxes, depreciation, operatingSurplus: [Double]
    var ruralHouseholds, urbanHouseholds, government, fixedCapital, inventories, exports, imports: [Double]
    var valueAdded: [Double] { sumOfComponents(compensation, netTaxes, depreciation, operatingSurplus) }
    /// Final-demand factor h_c by three-industry class.
    var factors: [String: Double]
    /// Smallest and largest of the factors.
    var rowScalingRange: (Double, Double)
}

extension DataSetBuilder {
    /// Restates the table (2020 for china-2022) at base-year values with its coefficients held:
    /// every product's final demand, exports and imports are scaled by the factor h_c of its
    /// three-industry class c, and the three factors solve the 3 x 3 linear system
    ///
    ///     sum_{p in c} v_p x'_p = VA_base,c   for c = primary, secondary, tertiary,
    ///     x' = (I - A)^-1 f',  f'_q = h_c(q) (final demand + exports - imports)_q,
    ///
    /// with A and the value-added ratios v of the table's year. Row and column balances hold exactly.
    static func scaleToBaseYear(_ io: NationalIOTable, industryClass: [String: String], target: [String: Double], file: String) throws -> ScaledTable {
        let n = io.codes.count
        let classes = ["primary", "secondary", "tertiary"]
        let classOf = io.codes.map { classes.firstIndex(of: industryClass[$0]!)! }
        var a = Matrix(rows: n, columns: n)
        for p in 0..<n { for q in 0..<n where io.output[q] > 0 { a[p, q] = io.flows[p, q] / io.output[q] } }
        let va = io.valueAdded
        let use = io.flows.rowSums()
        // Net final demand of each class, one right-hand side per class.
        var rhs = Matrix(rows: n, columns: 3)
        for q in 0..<n { rhs[q, classOf[q]] = io.output[q] - use[q] }
        // Solved in a fixed order (not by the BLAS), so the committed data set is the same bits
        // whichever BLAS policysim is built with.
        let y = try LUFactorization.solveInFixedOrder(Matrix.identity(n) - a, rhs, label: "(I - A) of the national table")
        var m = Matrix(rows: 3, columns: 3)
        for p in 0..<n where io.output[p] > 0 {
            for k in 0..<3 { m[classOf[p], k] += va[p] / io.output[p] * y[p, k] }
        }
        let targets = try Matrix(rows: 3, columns: 1, storage: classes.map { target[$0]! })
        let h = try LUFactorization.solveInFixedOrder(m, targets, label: "value added by class as a function of the final-demand factors").column(0)
        for k in 0..<3 where !(h[k] > 0) {
            throw DataError(file: file, "scaling to the base year needs a negative final-demand factor for \(classes[k]) industry (\(h[k])); the targets are inconsistent with the table")
        }
        let output = (0..<n).map { p in (0..<3).reduce(0.0) { $0 + h[$1] * y[p, $1] } }
        if let p = output.indices.first(where: { !(output[$0] >= 0) }) {
            throw DataError(file: file, column: io.codes[p], "product \(io.codes[p]) (\(io.names[p])) would have negative output \(output[p]) in the base year")
        }
        var flows = Matrix(rows: n, columns: n)
        for p in 0..<n { for q in 0..<n { flows[p, q] = a[p, q] * output[q] } }
        func columns(_ v: [Double]) -> [Double] { (0..<n).map { io.output[$0] > 0 ? v[$0] / io.output[$0] * output[$0] : 0 } }
        func rows(_ v: [Double]) -> [Double] { (0..<n).map { v[$0] * h[classOf[$0]] } }
        var factors: [String: Double] = [:]
        for k in 0..<3 { factors[classes[k]] = h[k] }
        return ScaledTable(
            flows: flows, output: output, compensation: columns(io.compensation), netTaxes: columns(io.netTaxes),
            depreciation: columns(io.depreciation), operatingSurplus: columns(io.operatingSurplus),
            ruralHouseholds: rows(io.ruralHouseholds), urbanHouseholds: rows(io.urbanHouseholds), government: rows(io.government),
            fixedCapital: rows(io.fixedCapital), inventories: rows(io.inventories), exports: rows(io.exports), imports: rows(io.imports),
            factors: factors, rowScalingRange: (h.elements.min()!, h.elements.max()!))
    }
}
