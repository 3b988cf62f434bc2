// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import PolicyData
import PolicyModel

@Suite struct DataSetReportTests {
    let d = Repo.data

    /// Own supply first (construction, services) buys min(supply, demand) locally, which is the
    /// most local sourcing the net positions allow; gravity (agriculture, industry) cross-hauls,
    /// so it buys less locally than that.
    @Test func ownProvinceSharesMatchTheirRules() {
        let trade = Dictionary(uniqueKeysWithValues: DataSetReport.tradeFigures(d).map { ($0.group, $0) })
        for g in [Sector.Group.construction, .services] {
            #expect(abs(trade[g]!.ownShare - trade[g]!.mostLocal) < 1e-9, "\(g)")
            #expect(trade[g]!.ownShare > 0.8, "\(g): non-tradables are mostly local")
        }
        for g in [Sector.Group.agriculture, .industry] { #expect(trade[g]!.ownShare < trade[g]!.mostLocal, "\(g)") }
    }

    /// Every table with values says what share of them is measured, scaled or estimated, and the
    /// shares of a table add up to all of its values.
    @Test func reportGivesEveryTablesShareOfValues() throws {
        let text = DataSetReport.text(d)
        #expect(text.contains("SHARE OF VALUES"))
        let rows = d.provenance.filter { $0.column == ProvenanceCheck.shareOfValues }
        for table in [DataSetFile.national, DataSetFile.coefficients, DataSetFile.provincial, DataSetFile.sourcing, DataSetFile.provinces,
                      DataSetFile.aggregates, DataSetFile.externals, DataSetFile.gdpHistory] {
            let counts = rows.filter { $0.table == table }.map { row -> (Int, Int) in
                let words = row.method.components(separatedBy: " ")
                return (Int(words[0])!, Int(words[2])!)
            }
            #expect(!counts.isEmpty, "\(table)")
            #expect(counts.reduce(0) { $0 + $1.0 } == counts.first?.1, "\(table)")
            #expect(text.contains("  \(table): "), "\(table)")
        }
        // province_sector.csv: every cell of every column counted once.
        let provincial = rows.filter { $0.table == DataSetFile.provincial }
        #expect(Int(provincial[0].method.components(separatedBy: " ")[2]) == d.provinceCount * d.sectorCount * d.provincial.columnList.count)
        #expect(DataSetReport.text(d, detail: true).contains("SHARES OF NATIONAL OUTPUT BY PROVINCE"))
    }
}
