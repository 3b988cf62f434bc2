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

    /// A national flow by product (exports or imports of the base-year table) split over
    /// provinces and summed by sector, 100 million yuan: every product's national value goes to
    /// provinces by their structure-year share of the customs flow of the product's 42-sector
    /// (Chen et al. 2023: exports by domestic source of goods, imports by domestic destination)
    /// where the concordance marks the sector as covered by customs (goods), and by the
    /// province's share of the model sector's `basis` otherwise (services).
    ///
    /// No province goes above its `basis`: where the customs share would, the province takes its
    /// whole basis and the excess goes to the other provinces in proportion to their values
    /// (repeated until no province is over). Exports have output as basis: border trade
    /// registers goods made elsewhere (Xinjiang's electronics, say). Imports have domestic use
    /// (intermediate use + domestic final demand) as basis: a province cannot import more of a
    /// product than it uses.
    ///
    /// The exchange rate cancels: customs values enter only as shares within a year, so no
    /// USD-yuan rate is needed (and none is in the staged sources; see docs/data.md).
    ///
    /// Returns the matrix, the fraction of each sector's national value that rests on customs
    /// shares, and the capped cells with the ratio of customs-based value to basis they would
    /// have had.
    static func customsSplit(_ flow: String, national: [Double], sectorOf: [Int], concordance: Concordance42, customs: Matrix,
                             basis: Matrix, basisName: String, sectorNames: [String]) throws -> CustomsSplit {
        let np = basis.rows, n = basis.columns
        let customsTotal = customs.columnSums()
        let basisTotal = basis.columnSums()
        var e = Matrix(rows: np, columns: n)
        var covered = [Double](repeating: 0, count: n), total = [Double](repeating: 0, count: n)
        for q in national.indices where national[q] != 0 {
            let i = sectorOf[q], k = concordance.sectorOfProduct[q]
            total[i] += national[q]
            if concordance.customs[k] && customsTotal[k] > 0 {
                covered[i] += national[q]
                for p in 0..<np { e[p, i] += national[q] * customs[p, k] / customsTotal[k] }
            } else {
                guard basisTotal[i] > 0 else {
                    throw DataError(file: "sector \(sectorNames[i])", "has \(flow) \(national[q]) but no \(basisName) in any province")
                }
                for p in 0..<np { e[p, i] += national[q] * basis[p, i] / basisTotal[i] }
            }
        }
        var capped: [(province: Int, sector: Int, ratio: Double)] = []
        for i in 0..<n {
            var isCapped = [Bool](repeating: false, count: np)
            while (0..<np).contains(where: { !isCapped[$0] && e[$0, i] > basis[$0, i] }) {
                var excess = 0.0
                for p in 0..<np where !isCapped[p] && e[p, i] > basis[p, i] {
                    capped.append((p, i, basis[p, i] > 0 ? e[p, i] / basis[p, i] : .infinity))
                    excess += e[p, i] - basis[p, i]
                    e[p, i] = basis[p, i]
                    isCapped[p] = true
                }
                let free = (0..<np).filter { !isCapped[$0] }
                let base = free.reduce(0.0) { $0 + e[$1, i] }
                guard base > 0 else {
                    throw DataError(file: "sector \(sectorNames[i])", "national \(flow) exceed the \(basisName) of the provinces that can take them")
                }
                for p in free { e[p, i] += excess * e[p, i] / base }
            }
        }
        let fraction = (0..<n).map { total[$0] > 0 ? covered[$0] / total[$0] : 0 }
        return CustomsSplit(values: e, customsFraction: fraction, capped: capped)
    }
}

/// A national flow split over provinces by customs shares (`DataSetBuilder.customsSplit`).
struct CustomsSplit {
    /// Provinces x sectors, 100 million yuan.
    var values: Matrix
    /// For each sector, the fraction of its national value that follows customs shares.
    var customsFraction: [Double]
    /// Cells held at their bound, with the ratio to the bound that customs shares would have given.
    var capped: [(province: Int, sector: Int, ratio: Double)]
}
