// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics

extension DataSetBuilder {
    /// Provincial domestic final demand by component, 100 million yuan at base-year prices: a
    /// provinces x 5 matrix in the order of `FlowColumn.domesticFinalDemand`.
    ///
    ///     F[p, c] = h_c s[p, c] GDP_p,   s[p, c] = item[p, c] / (sum of p's expenditure items),
    ///     h_c = F_c / sum_q s[q, c] GDP_q,
    ///
    /// with s the structure year's expenditure-approach shares (Chen et al. 2023, initial data:
    /// NBS and provincial yearbooks; shares of the items' own sum, the first-published GRP),
    /// GDP_p the base year's and F_c the national table's total of the component. One factor h_c
    /// per component makes the provinces add up to the nation: provincial expenditure accounts
    /// sum to more than the national ones (fixed capital above all), so h_c < 1 there.
    static func finalDemandTotals(_ e: [InterprovincialDatabase.Expenditure], provinces: [Province],
                                  national: [Double], file: String) throws -> (totals: Matrix, factors: [Double]) {
        let np = provinces.count, k = national.count
        var f = Matrix(rows: np, columns: k)
        for p in 0..<np { for c in 0..<k { f[p, c] = e[p].components[c] / e[p].total * provinces[p].gdp } }
        let sums = f.columnSums()
        var factors = [Double](repeating: 0, count: k)
        for c in 0..<k {
            guard sums[c] != 0, national[c] / sums[c] > 0 else {
                throw DataError(file: file, "\(InterprovincialDatabase.expenditureItems[c]): the provincial shares sum to \(sums[c]) x GDP, which cannot be scaled to the national \(national[c])")
            }
            factors[c] = national[c] / sums[c]
            for p in 0..<np { f[p, c] *= factors[c] }
        }
        return (f, factors)
    }

    /// Exports by province and sector, 100 million yuan: every product's national exports
    /// `exports` (base-year table, by product) go to provinces by their structure-year share of
    /// the customs exports of the product's 42-sector (Chen et al. 2023, customs by domestic
    /// source of goods) where the concordance marks the sector as covered by customs, and by the
    /// province's share of the model sector's output otherwise (services).
    ///
    /// No province exports more than it produces: where the customs share would, the province
    /// exports its whole output and the excess goes to the other provinces in proportion to their
    /// exports (repeated until no province is over). The customs source of goods is the province
    /// that produced or last processed the goods, but border trade registers goods made elsewhere
    /// (Xinjiang's electronics, say), which this bound removes.
    ///
    /// The exchange rate cancels: customs values enter only as shares within a year, so no
    /// USD-yuan rate is needed (and none is in the staged sources; see docs/data.md).
    ///
    /// Returns the matrix, the fraction of each sector's exports that rests on customs shares,
    /// and the capped cells with the ratio of customs-based exports to output they would have had.
    static func provincialExports(exports: [Double], sectorOf: [Int], concordance: Concordance42, customs: Matrix,
                                  output: Matrix, sectorNames: [String])
        throws -> (exports: Matrix, customsFraction: [Double], capped: [(province: Int, sector: Int, ratio: Double)]) {
        let np = output.rows, n = output.columns
        let customsTotal = customs.columnSums()
        let outputTotal = output.columnSums()
        var e = Matrix(rows: np, columns: n)
        var covered = [Double](repeating: 0, count: n), total = [Double](repeating: 0, count: n)
        for q in exports.indices where exports[q] != 0 {
            let i = sectorOf[q], k = concordance.sectorOfProduct[q]
            total[i] += exports[q]
            if concordance.customs[k] && customsTotal[k] > 0 {
                covered[i] += exports[q]
                for p in 0..<np { e[p, i] += exports[q] * customs[p, k] / customsTotal[k] }
            } else {
                guard outputTotal[i] > 0 else {
                    throw DataError(file: "sector \(sectorNames[i])", "has exports \(exports[q]) but no output in any province")
                }
                for p in 0..<np { e[p, i] += exports[q] * output[p, i] / outputTotal[i] }
            }
        }
        var capped: [(province: Int, sector: Int, ratio: Double)] = []
        for i in 0..<n {
            var isCapped = [Bool](repeating: false, count: np)
            while (0..<np).contains(where: { !isCapped[$0] && e[$0, i] > output[$0, i] }) {
                var excess = 0.0
                for p in 0..<np where !isCapped[p] && e[p, i] > output[p, i] {
                    capped.append((p, i, output[p, i] > 0 ? e[p, i] / output[p, i] : .infinity))
                    excess += e[p, i] - output[p, i]
                    e[p, i] = output[p, i]
                    isCapped[p] = true
                }
                let free = (0..<np).filter { !isCapped[$0] }
                let base = free.reduce(0.0) { $0 + e[$1, i] }
                guard base > 0 else {
                    throw DataError(file: "sector \(sectorNames[i])", "national exports exceed the output of the provinces that can export them")
                }
                for p in free { e[p, i] += excess * e[p, i] / base }
            }
        }
        let fraction = (0..<n).map { total[$0] > 0 ? covered[$0] / total[$0] : 0 }
        return (e, fraction, capped)
    }
}
