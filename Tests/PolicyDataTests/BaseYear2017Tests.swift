// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import PolicyData
import PolicyModel
import PolicyNumerics

extension Repo {
    static let dataSet2017 = root.appendingPathComponent("Scenarios/data/china-2017")
    static let inputs149 = inputs.appendingPathComponent("products-149")
    static let options2017 = DataSetBuildOptions(sources: sources, inputs: inputs, years: .china2017)
}

/// The base-2017 data set of the hindcast, built by the same code as china-2022 from the NBS
/// 2017 table and the database's 2017 provincial structure; each check recomputes from the
/// source files.
@Suite struct BaseYear2017Tests {
    static let d = try! DataSetReader.load(Repo.dataSet2017).data
    var d: DataSet { Self.d }

    @Test func rebuildingReproducesTheCommittedFolderByteForByte() throws {
        let data = try DataSetBuilder.build(Repo.options2017)
        for (name, text) in DataSetWriter.files(data) {
            let committed = try Data(contentsOf: Repo.dataSet2017.appendingPathComponent(name))
            #expect(committed == Data(text.utf8), "\(name) differs from a fresh build: run `policysim data build --base-year 2017 --force` and commit")
        }
        let committedFiles = try FileManager.default.contentsOfDirectory(atPath: Repo.dataSet2017.path).sorted()
        #expect(committedFiles == DataSetWriter.files(data).map(\.0).sorted())
    }

    @Test func passesEveryCheckAndReproducesItsBaseYear() throws {
        #expect(DataSetReader.check(Repo.dataSet2017).isEmpty)
        #expect(d.baseYear == 2017)
        try expectBaseYearReproduced(d)
    }

    /// NBS 2017 value added by three-industry class (national_gdp_sectors_1952_2022.csv, the
    /// census-revised national accounts): primary 62,099.5, secondary 331,580.5, tertiary
    /// 438,355.9; the table's own value added (823,216) predates the revision.
    @Test func nationalValueAddedIsTheRevised2017Accounts() {
        let total: Double = d.national[.valueAdded].reduce(0, +)
        let accounts: Double = 62_099.5 + 331_580.5 + 438_355.9
        #expect(abs(total - accounts) <= 0.05)
    }

    /// Provinces' GDP is the final-verified 2017 figure of the NBS export, read here.
    @Test func provincialGDPIsTheFinalVerified2017Figure() throws {
        let t = try Sources.table("lgeaw_nbs_province_gdp/nbs_gross_regional_product_2004_2022_long.csv")
        let c = try t.require(["province_en", "year", "grp_100m_yuan"])
        var gdp: [String: Double] = [:]
        for r in t.rows.indices where t.rows[r][c[1]] == "2017" { gdp[t.rows[r][c[0]]] = try t.number(r, c[2]) }
        for p in d.provinces { #expect(p.gdp == gdp[p.id], "\(p.id)") }
        // Tianjin's revised 2017 GDP, not the first-published 18,549.
        #expect(abs(d.provinces[d.provinceIndex("Tianjin")!].gdp - 12_450.6) < 0.1)
        // The data set holds no figure from after its base year.
        #expect(d.gdpHistory.values.allSatisfy { $0.keys.max() == 2017 })
    }

    /// Value added by province and group follows the database's census-revised 2017 production
    /// approach: each province's industry (mining, manufacturing, utilities) is va_ind scaled
    /// by one national factor (the level-1 fit reconciles provinces with the national table),
    /// so shares of national industry match va_ind's to 2 % of the share.
    @Test func industryFollowsTheRevised2017ProductionApproach() throws {
        let t = try Sources.table("chen2023_ipio/provincial_macro_initial_1997_2017_long.csv")
        let c = try t.require(["region", "item", "year", "value"])
        var ind: [String: Double] = [:]
        for r in t.rows.indices where t.rows[r][c[2]] == "2017" && t.rows[r][c[1]] == "va_ind" && t.rows[r][c[0]] != "nation" {
            ind[t.rows[r][c[0]]] = try t.number(r, c[3])
        }
        let total = ind.values.reduce(0, +)
        let industry = d.sectors.indices.filter { d.sectors[$0].group == .industry }
        let national = industry.reduce(0.0) { $0 + d.national[.valueAdded, $1] }
        for (p, province) in d.provinces.enumerated() {
            let share = industry.reduce(0.0) { $0 + d.provincial[.valueAdded, d.row(p, $1)] } / national
            let source = ind[province.id.replacingOccurrences(of: " ", with: "")]! / total
            #expect(abs(share / source - 1) < 0.02, "\(province.id): \(share) vs \(source)")
        }
    }

    /// The 149-product concordance to 42 sectors reproduces the NBS 2017 42-sector table's gross
    /// output (its Domestic rows), sector by sector.
    @Test func concordance42Of149ProductsReproducesThePublished2017Table() throws {
        let io = try NationalIOTable.read(Repo.sources.appendingPathComponent("ionet_nbs_io/china_2017_149.csv"), display: "io")
        #expect(io.codes.count == 149)
        let t42 = try Sources.table("ionet_nbs_io/china_2017_42.csv")
        let c = try t42.require(["Code", "Origin", "GO"])
        let conc = try CSV.read(Repo.inputs149.appendingPathComponent("concordance-42.csv"))
        let cc = try conc.require(["sector_42", "first_product", "last_product"])
        #expect(conc.rows.count == 42)
        for r in conc.rows.indices {
            let k = conc.rows[r][cc[0]]
            let sum = io.codes.indices.filter { io.codes[$0] >= conc.rows[r][cc[1]] && io.codes[$0] <= conc.rows[r][cc[2]] }.reduce(0.0) { $0 + io.output[$1] }
            let row = t42.rows.indices.first { t42.rows[$0][c[0]] == k && t42.rows[$0][c[1]] == "Domestic" }!
            let published = try t42.number(row, c[2]) / 1e4
            #expect(close(sum, published, rel: 1e-9), "sector \(k): \(sum) vs \(published)")
        }
    }

    /// Every 2017 product is in the sector its namesake of the 2020 table is in (products
    /// matched by Chinese name); the 2017 table merges four pairs that 2020 splits, and both
    /// halves of each pair are in one sector.
    @Test func concordanceOf149ProductsAgreesWithThe153ByName() throws {
        let t17 = try NationalIOTable.read(Repo.sources.appendingPathComponent("ionet_nbs_io/china_2017_149.csv"), display: "2017")
        let t20 = try NationalIOTable.read(Repo.sources.appendingPathComponent("ionet_nbs_io/china_2020_153.csv"), display: "2020")
        func sectors(_ url: URL) throws -> [String: String] {
            let t = try CSV.read(url)
            let c = try t.require(["product", "sector"])
            return Dictionary(uniqueKeysWithValues: t.rows.map { ($0[c[0]], $0[c[1]]) })
        }
        let s17 = try sectors(Repo.inputs149.appendingPathComponent("concordance.csv"))
        let s20 = try sectors(Repo.inputs.appendingPathComponent("concordance.csv"))
        let merged: [String: [String]] = ["房屋建筑": ["住宅房屋建筑", "体育场馆和其他房屋建筑"], "土木工程建筑": ["铁路、道路、隧道和桥梁工程建筑", "其他土木工程建筑"],
                                          "其他通用设备": ["其他通用设备", "烘炉、风机、包装等设备"], "其他专用设备": ["其他专用设备", "医疗仪器设备及器械"]]
        var matched = 0
        for (k, name) in t17.namesZh.enumerated() {
            let counterparts = merged[name] ?? [name]
            for other in counterparts {
                guard let j = t20.namesZh.firstIndex(of: other) else { Issue.record("no 2020 product named \(other)"); continue }
                #expect(s17[t17.codes[k]] == s20[t20.codes[j]], "\(t17.codes[k]) \(name) vs \(t20.codes[j]) \(other)")
                matched += 1
            }
        }
        #expect(matched == 153)
    }

    /// Provincial shares of national output correlate with the 2017 source's at 0.95 or more
    /// for every industry sector made of whole 42-sectors: the structure year is the base year,
    /// and only the fit to the national table and the provinces' group totals moves them.
    @Test func wholeSectorsFollowTheSameYearSource() throws {
        let go = try Sources.grossOutput()
        let conc = try CSV.read(Repo.inputs149.appendingPathComponent("concordance-42.csv"))
        let cc = try conc.require(["sector_42", "first_product", "last_product"])
        var tested: [String] = []
        for (i, s) in d.sectors.enumerated() where s.group == .industry {
            // The 42-sectors whose products are all in this sector, and none of this sector's products elsewhere.
            let ks = conc.rows.indices.filter { r in
                let products = s.products.filter { $0 >= conc.rows[r][cc[1]] && $0 <= conc.rows[r][cc[2]] }
                return !products.isEmpty
            }
            let inside = ks.allSatisfy { r in
                d.sectors.indices.allSatisfy { j in j == i || !d.sectors[j].products.contains { $0 >= conc.rows[r][cc[1]] && $0 <= conc.rows[r][cc[2]] } }
            }
            guard inside else { continue }
            let idx = ks.map { Int(conc.rows[$0][cc[0]])! }
            let source = d.provinces.map { p in idx.reduce(0.0) { $0 + go[p.id.replacingOccurrences(of: " ", with: "")]![$1]! } }
            let sourceTotal = source.reduce(0, +)
            let now = (0..<d.provinceCount).map { d.provincial[.output, d.row($0, i)] / d.national[.output, i] }
            #expect(correlation(source.map { $0 / sourceTotal }, now) >= 0.95, "\(s.id)")
            tested.append(s.id)
        }
        #expect(Set(tested) == ["mining", "building_materials", "machinery", "electronics", "utilities"])
    }

    /// No external economy: no staged source holds Hong Kong's and Macao's 2017 GDP in yuan.
    @Test func hasNoExternalEconomies() {
        #expect(d.externals.isEmpty)
        #expect(d.provenance.contains { $0.table == DataSetFile.externals && $0.status == .assumed })
    }
}
