// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import PolicyData
import PolicyModel

/// The benchmark build of the hindcast (`BuildMethod.nationalShares`, benchmark (c)): the same
/// code path as the shipped build with the provincial data switched off, each property checked
/// against its closed form.
@Suite struct BenchmarkBuildTests {
    static let d = try! DataSetBuilder.build(DataSetBuildOptions(sources: Repo.sources, inputs: Repo.inputs, years: .china2017, method: .nationalShares))
    var d: DataSet { Self.d }

    @Test func passesEveryCheckAndReproducesItsBaseYear() throws {
        #expect(d.check().isEmpty)
        try expectBaseYearReproduced(d)
    }

    /// Within each group every province has the national sector mix: VA[p, i] / VA[p, g] =
    /// VA_i / VA_g (no typed-in level holds a cell in 2017).
    @Test func everyProvinceHasTheNationalMixWithinEachGroup() {
        for g in Sector.Group.allCases {
            let members = d.sectors.indices.filter { d.sectors[$0].group == g }
            let national = members.reduce(0.0) { $0 + d.national[.valueAdded, $1] }
            for p in 0..<d.provinceCount {
                let own = members.reduce(0.0) { $0 + d.provincial[.valueAdded, d.row(p, $1)] }
                for i in members {
                    #expect(close(d.provincial[.valueAdded, d.row(p, i)] / own, d.national[.valueAdded, i] / national, rel: 1e-9), "\(d.provinces[p].id) \(d.sectors[i].id)")
                }
            }
        }
    }

    /// Final demand by GDP share with the national composition, exports by output share,
    /// imports at the national share of domestic use.
    @Test func flowsFollowNationalShares() {
        let gdp = d.provinces.map(\.gdp), total = gdp.reduce(0, +)
        for i in 0..<d.sectorCount {
            let output = d.national[.output, i]
            let use = d.national[.intermediateUse, i] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + d.national[$1, i] }
            for p in 0..<d.provinceCount {
                let k = d.row(p, i)
                for c in FlowColumn.domesticFinalDemand {
                    #expect(abs(d.provincial[c, k] - d.national[c, i] * gdp[p] / total) <= 1e-9 * max(abs(d.national[c, i]), 1), "\(c.rawValue) \(k)")
                }
                #expect(abs(d.provincial[.exports, k] - d.national[.exports, i] * d.provincial[.output, k] / output) <= 1e-9 * max(d.national[.exports, i], 1))
                let own = d.provincial[.intermediateUse, k] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + d.provincial[$1, k] }
                #expect(abs(d.provincial[.imports, k] - d.national[.imports, i] / use * own) <= 1e-9 * max(d.national[.imports, i], 1))
            }
        }
    }

    /// One gravity model for every group: construction and services cross-haul like goods, so
    /// they buy less locally than the net positions allow (the shipped build buys them locally first).
    @Test func everyGroupIsSourcedByGravity() {
        for g in DataSetReport.tradeFigures(d) { #expect(g.ownShare < g.mostLocal - 0.1, "\(g.group)") }
        #expect(d.parameters["own_province_preference_services"] == d.parameters["own_province_preference_industry"])
    }
}
