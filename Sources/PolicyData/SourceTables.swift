// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyNumerics

/// The NBS national input-output table in the ionet layout (products, then TII, VA001-VA004,
/// TVA, TI rows; products, then TIU, FU101 ... GO columns), converted from 10 thousand yuan to
/// 100 million yuan on reading.
public struct NationalIOTable: Sendable {
    public var codes: [String]
    public var names: [String]
    public var namesZh: [String]
    /// Intermediate flows Z[i, j]: product i used by product j.
    public var flows: Matrix
    /// Value-added rows VA001-VA004 by product (columns).
    public var compensation: [Double]
    public var netTaxes: [Double]
    public var depreciation: [Double]
    public var operatingSurplus: [Double]
    /// Final-demand columns by product (rows).
    public var ruralHouseholds: [Double]
    public var urbanHouseholds: [Double]
    public var government: [Double]
    public var fixedCapital: [Double]
    public var inventories: [Double]
    public var exports: [Double]
    public var imports: [Double]
    public var output: [Double]

    public var valueAdded: [Double] { sumOfComponents(compensation, netTaxes, depreciation, operatingSurplus) }

    /// 10 thousand yuan per 100 million yuan.
    static let unitDivisor = 1e4

    public static func read(_ url: URL, display: String) throws -> NationalIOTable {
        let t = try CSV.read(url, display: display)
        guard let codeColumn = t.column("Code") else { throw DataError(file: display, line: 1, column: "Code", "missing column") }
        let productRows = t.rows.indices.filter { t.rows[$0][codeColumn].allSatisfy(\.isNumber) }
        let codes = productRows.map { t.rows[$0][codeColumn] }
        let n = codes.count
        guard n > 0 else { throw DataError(file: display, "has no product rows (numeric codes)") }
        let productColumns = try t.require(codes)
        let fdNames = ["FU101", "FU102", "FU103", "FU201", "FU202", "EX", "IM", "GO"]
        let fd = try t.require(fdNames)
        func rowIndex(_ code: String) throws -> Int {
            guard let r = t.rows.firstIndex(where: { $0[codeColumn] == code }) else {
                throw DataError(file: display, column: "Code", "missing row \(code)")
            }
            return r
        }
        var z = Matrix(rows: n, columns: n)
        for (i, r) in productRows.enumerated() {
            for (j, c) in productColumns.enumerated() { z[i, j] = try t.number(r, c) / unitDivisor }
        }
        func vaRow(_ code: String) throws -> [Double] {
            let r = try rowIndex(code)
            return try productColumns.map { try t.number(r, $0) / unitDivisor }
        }
        func fdColumn(_ k: Int) throws -> [Double] {
            try productRows.map { try t.number($0, fd[k]) / unitDivisor }
        }
        let desc = t.column("Description"), zh = t.column("DescriptionInChinese")
        return NationalIOTable(
            codes: codes,
            names: productRows.map { r in desc.map { t.rows[r][$0] } ?? "" },
            namesZh: productRows.map { r in zh.map { t.rows[r][$0] } ?? "" },
            flows: z,
            compensation: try vaRow("VA001"), netTaxes: try vaRow("VA002"),
            depreciation: try vaRow("VA003"), operatingSurplus: try vaRow("VA004"),
            ruralHouseholds: try fdColumn(0), urbanHouseholds: try fdColumn(1), government: try fdColumn(2),
            fixedCapital: try fdColumn(3), inventories: try fdColumn(4), exports: try fdColumn(5),
            imports: try fdColumn(6), output: try fdColumn(7))
    }
}

/// Value added as the sum of its four components, element by element.
func sumOfComponents(_ compensation: [Double], _ netTaxes: [Double], _ depreciation: [Double], _ surplus: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: compensation.count)
    for p in 0..<out.count {
        let a: Double = compensation[p] + netTaxes[p]
        let b: Double = depreciation[p] + surplus[p]
        out[p] = a + b
    }
    return out
}
