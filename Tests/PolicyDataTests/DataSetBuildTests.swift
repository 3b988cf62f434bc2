// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import PolicyData
import PolicyModel
import PolicyNumerics

@Suite struct DataSetBuildTests {
    @Test func rebuildingReproducesTheCommittedFolderByteForByte() throws {
        let data = try DataSetBuilder.build(DataSetBuildOptions(sources: Repo.sources, inputs: Repo.inputs))
        for (name, text) in DataSetWriter.files(data) {
            let committed = try Data(contentsOf: Repo.dataSet.appendingPathComponent(name))
            #expect(committed == Data(text.utf8), "\(name) differs from a fresh build: run `policysim data build --force` and commit")
        }
        let committedFiles = try FileManager.default.contentsOfDirectory(atPath: Repo.dataSet.path).sorted()
        #expect(committedFiles == DataSetWriter.files(data).map(\.0).sorted())
    }

    @Test func committedDataSetPassesEveryCheck() {
        #expect(DataSetReader.check(Repo.dataSet).isEmpty)
    }

    /// PROVENANCE.md, section 1: totals of the NBS 2020 table in 100 million yuan, rounded.
    @Test func nationalTableReadsToItsPublishedTotals() throws {
        let io = try NationalIOTable.read(Repo.sources.appendingPathComponent("ionet_nbs_io/china_2020_153.csv"), display: "io")
        #expect(io.codes.count == 153)
        let published: [(String, [Double], Double)] = [
            ("gross output", io.output, 2_699_028), ("exports", io.exports, 187_926), ("imports", io.imports, 162_659),
            ("GFCF", io.fixedCapital, 424_370), ("rural households", io.ruralHouseholds, 81_664),
            ("urban households", io.urbanHouseholds, 302_344), ("government", io.government, 173_625),
            ("value added", io.valueAdded, 1_016_422),
        ]
        for (name, values, total) in published {
            #expect(abs(values.reduce(0, +) - total) <= 0.5, "\(name): \(values.reduce(0, +)) vs \(total)")
        }
    }

    /// NBS 2022 value added by three-industry class (national_gdp_sectors_1952_2022.csv, from
    /// CSY-2024): primary 88,207.0, secondary 473,789.9, tertiary 642,727.1.
    @Test func scaledTableHitsNBS2022ValueAddedByClass() throws {
        let io = try NationalIOTable.read(Repo.sources.appendingPathComponent("ionet_nbs_io/china_2020_153.csv"), display: "io")
        let classes = try DataSetBuilder.readThreeIndustries(
            CSV.read(Repo.inputs.appendingPathComponent("three_industries.csv")), products: io.codes)
        let target = ["primary": 88_207.0, "secondary": 473_789.9, "tertiary": 642_727.1]
        let scaled = try DataSetBuilder.scaleToBaseYear(io, industryClass: classes, target: target, file: "io")
        var byClass: [String: Double] = [:]
        let va = scaled.valueAdded
        for p in 0..<153 { byClass[classes[io.codes[p]]!, default: 0] += va[p] }
        for (c, v) in target { #expect(close(byClass[c]!, v, rel: 1e-10), "\(c): \(byClass[c]!)") }
        // Row balance of every product after scaling: output = intermediate use + final demand + exports - imports.
        let use = scaled.flows.rowSums()
        for p in 0..<153 {
            let rhs = use[p] + scaled.ruralHouseholds[p] + scaled.urbanHouseholds[p] + scaled.government[p]
                + scaled.fixedCapital[p] + scaled.inventories[p] + scaled.exports[p] - scaled.imports[p]
            #expect(abs(scaled.output[p] - rhs) <= 1e-9 * max(scaled.output[p], 1), "product \(io.codes[p])")
        }
    }
}

@Suite struct DataSetContentTests {
    let d = Repo.data

    /// PROVENANCE.md section 2: 2022 totals by NBS region, final-verified, 100 million yuan.
    @Test func regionGDPMatchesPublishedSums() {
        let published = ["East": 620_365.0, "Central": 259_926.0, "West": 256_208.0, "Northeast": 57_476.0]
        for (region, total) in published {
            let a = d.aggregates.first { $0.id == region }!
            #expect(abs(d.aggregate(a) { d.provinces[$0].gdp } - total) <= 0.5, "\(region)")
        }
        let cw = d.aggregates.first { $0.id == "Central-West" }!
        #expect(abs(d.aggregate(cw) { d.provinces[$0].gdp } - (259_926.0 + 256_208.0)) <= 1)
        // derived/city_cluster_members_gdp_2022.csv, final-verified: JJJ 99,661.1; YRD 289,566.7.
        let jjj = d.aggregates.first { $0.id == "Beijing-Tianjin-Hebei" }!
        let yrd = d.aggregates.first { $0.id == "Yangtze River Delta" }!
        #expect(abs(d.aggregate(jjj) { d.provinces[$0].gdp } - 99_661.1) <= 0.1)
        #expect(abs(d.aggregate(yrd) { d.provinces[$0].gdp } - 289_566.7) <= 0.1)
    }

    @Test func anhuiCountsInCentralAndTheYangtzeRiverDelta() {
        let holding = d.aggregates.filter { $0.members.contains { $0.province == "Anhui" } }.map(\.id)
        #expect(Set(holding) == ["Central", "Central-West", "Yangtze River Delta", "China"])
    }

    /// Guangdong Statistical Yearbook 2023, table 2-14: the nine cities 104,681.8 of 129,118.6.
    @Test func greaterBayAreaWeightIsThePearlRiverDeltaShare() {
        let gba = d.aggregates.first { $0.id == "Greater Bay Area" }!
        #expect(gba.members.count == 1 && gba.members[0].province == "Guangdong")
        #expect(abs(gba.members[0].weight - 104_681.8 / 129_118.6) < 1e-6)
        #expect(Set(d.externals.map(\.id)) == ["Hong Kong", "Macao"])
    }

    @Test func everyProvinceValueAddedIsWithinOnePercentOfItsGDP() {
        for p in 0..<d.provinceCount {
            let va = d.provinceTotal(.valueAdded, p)
            #expect(abs(va / d.provinces[p].gdp - 1) <= 0.01, "\(d.provinces[p].id)")
        }
        // National value added equals NBS 2022 GDP, 1,204,724.0, to rounding of the three classes.
        #expect(abs(d.national[.valueAdded].reduce(0, +) - 1_204_724.0) <= 0.05)
    }

    @Test func provincesSumToTheNationColumnByColumn() {
        for column in FlowColumn.national {
            for i in 0..<d.sectorCount {
                let sum = (0..<d.provinceCount).reduce(0.0) { $0 + d.provincial[column, d.row($1, i)] }
                #expect(abs(sum - d.national[column, i]) <= 1e-9 * max(abs(d.national[column, i]), 1), "\(column.rawValue) \(d.sectors[i].id)")
            }
        }
    }

    /// The statement: electronics, automobiles, steel, non-ferrous metals and petrochemicals each
    /// have output above 1 % of GDP.
    @Test func keyIndustriesExceedOnePercentOfGDP() {
        let gdp = d.national[.valueAdded].reduce(0, +)
        let keys = d.sectors.indices.filter { d.sectors[$0].isKeyIndustry }
        #expect(Set(keys.map { d.sectors[$0].id }) == ["electronics", "automobiles", "steel", "nonferrous_metals", "petrochemicals"])
        for i in keys { #expect(d.national[.output, i] > 0.01 * gdp, "\(d.sectors[i].id)") }
    }

    @Test func hebeiLeadsSteelAndGuangdongLeadsAutomobiles() {
        func leader(_ sector: String) -> String {
            let i = d.sectorIndex(sector)!
            let p = (0..<d.provinceCount).max { d.provincial[.output, d.row($0, i)] < d.provincial[.output, d.row($1, i)] }!
            return d.provinces[p].id
        }
        #expect(leader("steel") == "Hebei")
        #expect(leader("automobiles") == "Guangdong")
    }

    /// The multi-regional system x = T (I - M)(A x + f) + e, solved from scratch with an LU
    /// factorisation, must give back the base-year output: the gravity balancing makes the
    /// base year a solution, and the solution is unique. M holds each province's import share,
    /// m[r, i] = imports / (intermediate use + domestic final demand) of its row.
    @Test func multiRegionalSystemReproducesBaseYearOutput() throws {
        try expectBaseYearReproduced(d)
    }
}

/// Solves x = T (I - M)(A x + f) + e of a data set from scratch (dense LU of the whole system)
/// and expects the base-year output back to 1e-9.
func expectBaseYearReproduced(_ d: DataSet) throws {
    let n = d.sectorCount, np = d.provinceCount, size = n * np
    var big = Matrix.identity(size)
    var rhs = Vector.zeros(size)
    func keep(_ k: Int) -> Double {
        let use = d.provincial[.intermediateUse, k] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + d.provincial[$1, k] }
        return use == 0 ? 1 : 1 - d.provincial[.imports, k] / use
    }
    for s in 0..<np {
        for i in 0..<n {
            let row = s * n + i
            rhs[row] = d.provincial[.exports, row]
            for r in 0..<np {
                let t = d.sourcing[i][s, r] * keep(r * n + i)
                guard t != 0 else { continue }
                for j in 0..<n { big[row, r * n + j] -= t * d.coefficients[i, j] }
                rhs[row] += t * FlowColumn.domesticFinalDemand.reduce(0) { $0 + d.provincial[$1, r * n + i] }
            }
        }
    }
    let x = try LUFactorization(big, label: "(I - T(I - M)A)").solve(rhs)
    for k in 0..<size {
        #expect(abs(x[k] - d.provincial[.output, k]) <= 1e-9 * max(d.provincial[.output, k], 1), "\(d.name) row \(k)")
    }
}

@Suite struct EstimationMethodTests {
    /// A uniform prior fits to the independence table R_i C_j / T.
    @Test func biproportionalFitOfAUniformPriorIsTheIndependenceTable() throws {
        let x = try Biproportional.fit(prior: Matrix(rows: 2, columns: 2, repeating: 1), rowTargets: [3, 1], columnTargets: [2, 2], label: "t")
        let expected = [[1.5, 1.5], [0.5, 0.5]]
        for i in 0..<2 { for j in 0..<2 { #expect(close(x[i, j], expected[i][j], rel: 1e-12)) } }
    }

    /// With a structural zero the fit is pinned: [[a, 0], [b, c]], rows (1, 2), columns (2, 1)
    /// force a = 1, b = 1, c = 1.
    @Test func biproportionalFitKeepsZerosAndHitsTargets() throws {
        let prior = try Matrix([[5, 0], [1, 7]])
        let x = try Biproportional.fit(prior: prior, rowTargets: [1, 2], columnTargets: [2, 1], label: "t")
        #expect(x[0, 1] == 0)
        for (i, j) in [(0, 0), (1, 0), (1, 1)] { #expect(close(x[i, j], 1, rel: 1e-12)) }
    }

    @Test func biproportionalFitRefusesUnreachableTargets() {
        #expect(throws: DataError.self) {
            _ = try Biproportional.fit(prior: try Matrix([[1, 0], [0, 1]]), rowTargets: [1, 2], columnTargets: [2, 1], label: "t")
        }
        #expect(throws: DataError.self) {
            _ = try Biproportional.fit(prior: Matrix(rows: 2, columns: 2, repeating: 1), rowTargets: [1, 1], columnTargets: [1, 5], label: "t")
        }
    }

    /// A quarter of a great circle is pi/2 times the radius: 10,007.56 km.
    @Test func greatCircleDistanceOfAQuarterCircle() {
        let quarter = Double.pi / 2 * 6371.0088
        #expect(close(greatCircleKilometres(latitude1: 0, longitude1: 0, latitude2: 90, longitude2: 0), quarter, rel: 1e-12))
        #expect(close(greatCircleKilometres(latitude1: 0, longitude1: 10, latitude2: 0, longitude2: 100), quarter, rel: 1e-12))
        #expect(greatCircleKilometres(latitude1: 30, longitude1: 120, latitude2: 30, longitude2: 120) == 0)
    }
}
