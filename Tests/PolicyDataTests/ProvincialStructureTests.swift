// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import PolicyData
import PolicyModel
import PolicyNumerics

/// The source files the tests read to check the data set independently of the build's code.
enum Sources {
    static func table(_ path: String) throws -> CSVTable { try CSV.read(Repo.sources.appendingPathComponent(path)) }

    /// Chen et al. (2023) gross output by province (name without spaces) and 42-sector index, in `year`.
    static func grossOutput(_ year: String = "2017") throws -> [String: [Int: Double]] {
        let t = try table("chen2023_ipio/province_gross_output_by_sector_1997_2017_long.csv")
        let c = try t.require(["year", "province", "sector_index", "gross_output_100m_yuan"])
        var out: [String: [Int: Double]] = [:]
        for r in t.rows.indices where t.rows[r][c[0]] == year { out[t.rows[r][c[1]], default: [:]][Int(t.rows[r][c[2]])!] = try t.number(r, c[3]) }
        return out
    }

    /// 42-sector index -> the product codes in it, from build/concordance-42.csv.
    static func sectors42() throws -> [Int: [String]] {
        let t = try CSV.read(Repo.inputs.appendingPathComponent("concordance-42.csv"))
        let c = try t.require(["sector_42", "first_product", "last_product"])
        var out: [Int: [String]] = [:]
        for r in t.rows.indices {
            let first = Int(t.rows[r][c[1]])!, last = Int(t.rows[r][c[2]])!
            out[Int(t.rows[r][c[0]])!] = (first...last).map { String(format: "%03d", $0) }
        }
        return out
    }
}

@Suite struct ProvincialStructureTests {
    let d = Repo.data

    func outputShare(_ province: String, _ sectors: [String]) -> Double {
        let p = d.provinceIndex(province)!, idx = sectors.map { d.sectorIndex($0)! }
        let own = idx.reduce(0.0) { $0 + d.provincial[.output, d.row(p, $1)] }
        return own / idx.reduce(0.0) { $0 + d.national[.output, $1] }
    }

    /// The 42-sector concordance reproduces the NBS 2020 42-sector table: the 153 products'
    /// gross output summed by its ranges equals the published 42-sector gross output (its
    /// Domestic rows, which carry total output), sector by sector.
    @Test func concordance42ReproducesThePublished42SectorTable() throws {
        let io = try NationalIOTable.read(Repo.sources.appendingPathComponent("ionet_nbs_io/china_2020_153.csv"), display: "io")
        let t42 = try Sources.table("ionet_nbs_io/china_2020_42.csv")
        let c = try t42.require(["Code", "Origin", "GO"])
        for (k, products) in try Sources.sectors42() {
            let sum = products.reduce(0.0) { $0 + io.output[io.codes.firstIndex(of: $1)!] }
            let r = t42.rows.indices.first { t42.rows[$0][c[0]] == String(format: "%02d", k) && t42.rows[$0][c[1]] == "Domestic" }!
            let published = try t42.number(r, c[2]) / 1e4
            #expect(close(sum, published, rel: 1e-9), "sector \(k): \(sum) vs \(published)")
        }
    }

    /// Typed-in levels stay within 1 % after balancing (they are held exactly): each listed
    /// province's share of national steel output is its crude steel tonnes over the national
    /// 1,013 Mt, of automobiles its vehicles over CAAM's 2,702.1 (10 thousand), read here from
    /// the typed-in files. Guangxi and Anhui, the top-seven provinces without a level, share
    /// what the stated top-seven total of 618 Mt leaves.
    @Test func typedInLevelsAreKept() throws {
        let steel = try Sources.table("province_key_industries/TYPED-IN_province_crude_steel_2022_top7.csv")
        let sc = try steel.require(["province_en", "crude_steel_2022_mt_rounded"])
        var listed = 0.0, unlisted: [String] = []
        for r in steel.rows.indices {
            let province = steel.rows[r][sc[0]]
            guard !steel.rows[r][sc[1]].isEmpty else { unlisted.append(province); continue }
            let mt = try steel.number(r, sc[1])
            listed += mt
            #expect(abs(outputShare(province, ["steel"]) / (mt / 1013) - 1) <= 0.01, "\(province) steel")
        }
        #expect(listed == 543)
        #expect(Set(unlisted) == ["Guangxi", "Anhui"])
        let rest = unlisted.reduce(0.0) { $0 + outputShare($1, ["steel"]) }
        #expect(abs(rest / ((618 - 543) / 1013.0) - 1) <= 0.01)
        // The example: Hebei 212 Mt, 20.9 % of national steel (it fell to 17.4 % before).
        #expect(abs(outputShare("Hebei", ["steel"]) - 212 / 1013.0) < 1e-9)

        let cars = try Sources.table("province_key_industries/TYPED-IN_automobile_output_2022.csv")
        let cc = try cars.require(["province_en", "value"])
        #expect(cars.rows.count == 4)
        for r in cars.rows.indices {
            let vehicles = try cars.number(r, cc[1])
            #expect(abs(outputShare(cars.rows[r][cc[0]], ["automobiles"]) / (vehicles / 2702.1) - 1) <= 0.01, "\(cars.rows[r][cc[0]]) vehicles")
        }
    }

    /// Provincial shares of national output correlate with the 2017 source's, for every industry
    /// sector with a measured counterpart: sectors made of whole 42-sectors, and for the sectors
    /// that share a 42-sector, the pair together against that 42-sector. Correlations computed
    /// here from the source file and the data set's product lists; the README states them.
    @Test func provincialSharesCorrelateWithTheSourceForEveryIndustrySector() throws {
        let go = try Sources.grossOutput()
        let sectors42 = try Sources.sectors42()
        let industry = d.sectors.filter { $0.group == .industry }
        // Group industry sectors into the smallest sets that are unions of whole 42-sectors.
        var sets: [(sectors: [String], sectors42: [Int])] = []
        var remaining = industry.map(\.id)
        while let first = remaining.first {
            var members = [first], ks: [Int] = []
            var changed = true
            while changed {
                changed = false
                let products = Set(members.flatMap { id in d.sectors.first { $0.id == id }!.products })
                ks = sectors42.keys.sorted().filter { !Set(sectors42[$0]!).isDisjoint(with: products) }
                for k in ks {
                    for s in industry where !members.contains(s.id) && !Set(s.products).isDisjoint(with: sectors42[k]!) {
                        members.append(s.id)
                        changed = true
                    }
                }
            }
            sets.append((members, ks))
            remaining.removeAll { members.contains($0) }
        }
        #expect(sets.count >= 8)
        let national = sets.map { s in d.provinces.reduce(0.0) { sum, p in sum + s.sectors42.reduce(0.0) { $0 + go[p.id.replacingOccurrences(of: " ", with: "")]![$1]! } } }
        for (k, s) in sets.enumerated() {
            let source = d.provinces.map { p in s.sectors42.reduce(0.0) { $0 + go[p.id.replacingOccurrences(of: " ", with: "")]![$1]! } / national[k] }
            let now = d.provinces.map { outputShare($0.id, s.sectors) }
            let r = correlation(source, now)
            #expect(r >= 0.85, "\(s.sectors) against 42-sectors \(s.sectors42): correlation \(r)")
        }
    }

    /// Where the source puts three industries, after the update to 2022 (source shares computed
    /// here from the 2017 file). Differences come from the 2022 constraints the fit meets: a
    /// province's whole industry moves with its share of national industrial value added, which
    /// rose 58 % for Shanxi (2.09 % to 3.30 %, coal) and fell 21 % for Jilin (1.15 % to 0.91 %)
    /// between 2017 (Chen et al. va_ind) and 2022 (gdpviz industry series).
    @Test func guangdongElectronicsShanxiMiningAndJilinAutomobilesStayWhereTheSourcePutsThem() throws {
        let go = try Sources.grossOutput()
        func sourceShare(_ province: String, _ ks: [Int]) -> Double {
            let own = ks.reduce(0.0) { $0 + go[province]![$1]! }
            return own / go.values.reduce(0.0) { sum, p in sum + ks.reduce(0.0) { $0 + p[$1]! } }
        }
        // Guangdong, electronics (42-sector 20): 36.1 % of national output in 2017.
        let gd = sourceShare("Guangdong", [20])
        #expect(abs(gd - 0.361) < 0.001)
        #expect(abs(outputShare("Guangdong", ["electronics"]) - gd) < 0.02)
        // Shanxi, mining (42-sectors 2-5) as a share of the province's gross output: 18.5 % in
        // 2017; its share of national mining rises with its industry (13.1 % -> about 18 %).
        let shanxi = go["Shanxi"]!
        let mining2017 = [2, 3, 4, 5].reduce(0.0) { $0 + shanxi[$1]! } / shanxi.values.reduce(0, +)
        #expect(abs(mining2017 - 0.185) < 0.001)
        let p = d.provinceIndex("Shanxi")!, m = d.sectorIndex("mining")!
        #expect(abs(d.provincial[.output, d.row(p, m)] / d.provinceTotal(.output, p) - mining2017) < 0.02)
        // Jilin, transport equipment (42-sector 18 = automobiles + other transport): 4.4 % of
        // national in 2017; the four typed-in provinces take a third of national vehicles in 2022
        // and Jilin's industry share fell, so it lands lower, but nowhere near the 0.9 % of the
        // national-mix build.
        let jilin = sourceShare("Jilin", [18])
        #expect(abs(jilin - 0.044) < 0.001)
        let now = outputShare("Jilin", ["automobiles", "other_transport_equipment"])
        #expect(now > 0.75 * jilin && now < jilin)
        #expect(outputShare("Jilin", ["automobiles"]) > 0.025)
    }

    /// Provincial final demand by component: each province's share of a national component is
    /// its 2017 expenditure-approach share (item over the sum of its items) times its 2022 GDP,
    /// over the same summed across provinces. Recomputed here from the macro file.
    @Test func finalDemandComponentsFollowTheExpenditureApproachShares() throws {
        let t = try Sources.table("chen2023_ipio/provincial_macro_initial_1997_2017_long.csv")
        let c = try t.require(["region", "item", "year", "value"])
        var v: [String: [String: Double]] = [:]
        for r in t.rows.indices where t.rows[r][c[2]] == "2017" { v[t.rows[r][c[0]], default: [:]][t.rows[r][c[1]]] = try t.number(r, c[3]) }
        let items = ["hsh_rural", "hsh_urban", "gov", "fixed_capital", "inventory"]
        for (k, column) in FlowColumn.domesticFinalDemand.enumerated() {
            let weights = d.provinces.map { p -> Double in
                let e = v[p.id.replacingOccurrences(of: " ", with: "")]!
                return e[items[k]]! / (items.reduce(0.0) { $0 + e[$1]! } + e["net_flow"]!) * p.gdp
            }
            let total = weights.reduce(0, +), national = d.national[column].reduce(0, +)
            for p in 0..<d.provinceCount {
                #expect(close(d.provinceTotal(column, p), national * weights[p] / total, rel: 1e-9), "\(column.rawValue) \(d.provinces[p].id)")
            }
        }
    }

    /// Exports of electronics (42-sector 20, wholly customs-covered) follow the customs shares
    /// of the provinces: the ratio of a province's exports to its customs exports (USD) is one
    /// constant for every province that is not capped at its output, and no province exports
    /// more than it produces in any sector.
    @Test func exportsFollowCustomsSharesAndNeverExceedOutput() throws {
        let t = try Sources.table("chen2023_ipio/customs_trade_2017_by_province_sector_usd.csv")
        let c = try t.require(["province", "sector_index", "exports_total"])
        var customs: [String: Double] = [:]
        for r in t.rows.indices where t.rows[r][c[1]] == "20" { customs[t.rows[r][c[0]]] = t.rows[r][c[2]].isEmpty ? 0 : try t.number(r, c[2]) }
        let i = d.sectorIndex("electronics")!
        var ratios: [Double] = []
        for p in 0..<d.provinceCount {
            let e = d.provincial[.exports, d.row(p, i)], x = d.provincial[.output, d.row(p, i)]
            let usd = customs[d.provinces[p].id.replacingOccurrences(of: " ", with: "")]!
            if e < x * (1 - 1e-12) && usd > 0 { ratios.append(e / usd) }
        }
        #expect(ratios.count >= 25)
        for r in ratios { #expect(close(r, ratios[0], rel: 1e-9)) }
        for k in 0..<(d.provinceCount * d.sectorCount) {
            #expect(d.provincial[.exports, k] <= d.provincial[.output, k] * (1 + 1e-12), "row \(k)")
        }
    }

    /// The trade calibration meets its own targets within its stated tolerance (1e-9 relative):
    /// in every sector, each province's sales to all provinces, sum over r of t[s, r] D_r, equal
    /// its supply (output - exports), and its net interprovincial outflow equals supply less
    /// demand (domestic use - imports), the accounts the expenditure approach is compared with.
    @Test func sourcingMeetsEverySupplyOfTheDataSet() {
        for i in 0..<d.sectorCount {
            let demand = (0..<d.provinceCount).map { p -> Double in
                let r = d.row(p, i)
                return d.provincial[.intermediateUse, r] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + d.provincial[$1, r] } - d.provincial[.imports, r]
            }
            for s in 0..<d.provinceCount {
                let r = d.row(s, i)
                let supply = d.provincial[.output, r] - d.provincial[.exports, r]
                let sales = (0..<d.provinceCount).reduce(0.0) { $0 + d.sourcing[i][s, $1] * demand[$1] }
                let scale = max(d.provincial[.output, r], 1)
                #expect(abs(sales - supply) <= 1e-9 * scale, "\(d.sectors[i].id) \(d.provinces[s].id)")
                let net = d.provincial[.interprovincialOutflow, r] - d.provincial[.interprovincialInflow, r]
                #expect(abs(net - (supply - demand[s])) <= 1e-9 * scale)
            }
        }
    }

    /// export_s and import_d, undocumented in the repository, established from their totals:
    /// the _s/_d and _b pairs have the same national totals (two provincial distributions of
    /// one customs total), and the customs table by province matches export_s, not export_b:
    /// export_s (yuan) over the table's exports (USD) lies between 6.7 and 7.8 yuan per dollar in
    /// every province, export_b over the same ranges from below 5 to above 15 (Beijing's trading
    /// companies export goods made elsewhere).
    @Test func exportBySourceIsTheCustomsTablesProvincialDistribution() throws {
        let m = try Sources.table("chen2023_ipio/provincial_macro_initial_1997_2017_long.csv")
        let mc = try m.require(["region", "item", "year", "value"])
        var v: [String: [String: Double]] = [:]
        for r in m.rows.indices where m.rows[r][mc[2]] == "2017" { v[m.rows[r][mc[0]], default: [:]][m.rows[r][mc[1]]] = try m.number(r, mc[3]) }
        let provinces = v.keys.filter { $0 != "nation" }
        #expect(provinces.count == 31)
        for (a, b) in [("export_s", "export_b"), ("import_d", "import_b")] {
            let sa = provinces.reduce(0.0) { $0 + v[$1]![a]! }, sb = provinces.reduce(0.0) { $0 + v[$1]![b]! }
            #expect(close(sa, sb, rel: 1e-6), "\(a) \(sa) vs \(b) \(sb)")
        }
        let t = try Sources.table("chen2023_ipio/customs_trade_2017_by_province_sector_usd.csv")
        let c = try t.require(["province", "exports_total"])
        var usd: [String: Double] = [:]
        for r in t.rows.indices where !t.rows[r][c[1]].isEmpty { usd[t.rows[r][c[0]], default: 0] += try t.number(r, c[1]) }
        var byBusiness: [Double] = []
        for p in provinces {
            let bySource = v[p]!["export_s"]! * 1e8 / usd[p]!
            #expect(bySource > 6.7 && bySource < 7.8, "\(p): \(bySource)")
            byBusiness.append(v[p]!["export_b"]! * 1e8 / usd[p]!)
        }
        #expect(byBusiness.max()! > 15 && byBusiness.min()! < 5)
    }
}

@Suite struct StructureMethodTests {
    /// Four provinces on a line, 100 km apart, one sector. Whatever the sourcing rule, supply and
    /// demand are met, shares sum to one by destination, and each province's net outflow is its
    /// supply less its demand: the rule (home preference, distance decay) cannot move a net
    /// outflow, which is why the build does not fit it to net outflows. Own supply first buys
    /// min(supply, demand) locally.
    @Test func sourcingMeetsSupplyAndDemandAndLeavesNetOutflowToTheAccounts() throws {
        var distance = Matrix(rows: 4, columns: 4)
        for s in 0..<4 { for r in 0..<4 { distance[s, r] = 100 * Double(abs(s - r)) } }
        let supply = [50.0, 10, 30, 10], demand = [20.0, 30, 25, 25]
        let rules = [
            TradeRule(sourcing: .gravity, distanceElasticity: 1, ownPreference: 1.5, status: .assumed, source: ""),
            TradeRule(sourcing: .gravity, distanceElasticity: 2, ownPreference: 30, status: .assumed, source: ""),
            TradeRule(sourcing: .localFirst, distanceElasticity: 1, ownPreference: nil, status: .assumed, source: ""),
        ]
        var ownShares: [[Double]] = []
        for rule in rules {
            let t = try DataSetBuilder.sourcingShares(supply: supply, demand: demand, distance: distance, rule: rule, label: "line")
            for r in 0..<4 { #expect(abs((0..<4).reduce(0.0) { $0 + t[$1, r] } - 1) < 1e-12) }
            for s in 0..<4 {
                let sales = (0..<4).reduce(0.0) { $0 + t[s, $1] * demand[$1] }
                #expect(abs(sales - supply[s]) < 1e-10, "\(rule.sourcing) supply \(s)")
                let outflow = (0..<4).filter { $0 != s }.reduce(0.0) { $0 + t[s, $1] * demand[$1] }
                let inflow = (1 - t[s, s]) * demand[s]
                #expect(abs(outflow - inflow - (supply[s] - demand[s])) < 1e-10)
            }
            ownShares.append((0..<4).map { t[$0, $0] })
        }
        // Own supply first: min(supply, demand) / demand = 1, 1/3, 1, 2/5.
        for (k, v) in [1.0, 1.0 / 3, 1, 0.4].enumerated() { #expect(abs(ownShares[2][k] - v) < 1e-12) }
        // A stronger home preference buys more locally.
        for k in 0..<4 { #expect(ownShares[1][k] > ownShares[0][k]) }
    }

    @Test func badConcordance42IsLocated() throws {
        let products = ["001", "002", "003"]
        let gap = try CSV.parse("sector_42,name,first_product,last_product,customs\n01,A,001,001,yes\n02,B,003,003,no\n", file: "concordance-42.csv")
        #expect { _ = try DataSetBuilder.readConcordance42(gap, products: products) } throws: { "\($0)".contains("concordance-42.csv: error: column 'first_product': product 002 is in no sector") }
        let order = try CSV.parse("sector_42,name,first_product,last_product,customs\n02,A,001,003,yes\n", file: "concordance-42.csv")
        #expect { _ = try DataSetBuilder.readConcordance42(order, products: products) } throws: { "\($0)".contains("concordance-42.csv:2: error: column 'sector_42'") && "\($0)".contains("expected 01") }
        let flag = try CSV.parse("sector_42,name,first_product,last_product,customs\n01,A,001,003,maybe\n", file: "concordance-42.csv")
        #expect { _ = try DataSetBuilder.readConcordance42(flag, products: products) } throws: { "\($0)".contains("concordance-42.csv:2: error: column 'customs': 'maybe' must be yes or no") }
    }

    @Test func badTradeRulesAreLocated() throws {
        let header = "group,sourcing,distance_elasticity,own_province_preference,status,source\n"
        let rest = "industry,gravity,1,3,assumed,x\nconstruction,local_first,1,,assumed,x\nservices,local_first,1,,assumed,x\n"
        let unknown = try CSV.parse(header + "agriculture,teleport,1,3,assumed,x\n" + rest, file: "trade.csv")
        #expect { _ = try DataSetBuilder.readTradeRules(unknown) } throws: { "\($0)".contains("trade.csv:2: error: column 'sourcing': 'teleport' is not a sourcing rule; use gravity or local_first") }
        let missing = try CSV.parse(header + rest, file: "trade.csv")
        #expect { _ = try DataSetBuilder.readTradeRules(missing) } throws: { "\($0)".contains("group 'agriculture' has no row") }
        let preference = try CSV.parse(header + "agriculture,local_first,1,3,assumed,x\n" + rest, file: "trade.csv")
        #expect { _ = try DataSetBuilder.readTradeRules(preference) } throws: { "\($0)".contains("trade.csv:2: error: column 'own_province_preference': local_first takes no own-province preference") }
    }

    @Test func badDatabaseRowsAreLocated() throws {
        let provinces = [Province(id: "Inner Mongolia", nameZh: "", region: "West", capital: "", latitude: 40.8, longitude: 111.7, gdp: 1),
                         Province(id: "Jilin", nameZh: "", region: "Northeast", capital: "", latitude: 43.8, longitude: 125.3, gdp: 1)]
        let header = "year,province,sector_index,gross_output_100m_yuan\n"
        let unknown = try CSV.parse(header + "2017,InnerMongolia,1,5\n2017,Jilin,1,3\n2017,Jilinn,2,1\n", file: "go.csv")
        #expect { _ = try InterprovincialDatabase.grossOutput(unknown, provinces: provinces, year: 2017, sectors42: 2) } throws: {
            "\($0)".contains("go.csv:4: error: column 'province': unknown province 'Jilinn'")
        }
        let missing = try CSV.parse(header + "2017,InnerMongolia,1,5\n2017,InnerMongolia,2,5\n2017,Jilin,1,3\n", file: "go.csv")
        #expect { _ = try InterprovincialDatabase.grossOutput(missing, provinces: provinces, year: 2017, sectors42: 2) } throws: {
            "\($0)".contains("go.csv: error: has no gross output for 2017 for Jilin, sector 2")
        }
        let negative = try CSV.parse(header + "2017,InnerMongolia,1,-5\n", file: "go.csv")
        #expect { _ = try InterprovincialDatabase.grossOutput(negative, provinces: provinces, year: 2017, sectors42: 2) } throws: {
            "\($0)".contains("go.csv:2: error: column 'gross_output_100m_yuan': gross output -5.0 is negative")
        }
    }

    /// The full 153-product build still works and passes every check.
    @Test func fullProductDetailBuilds() throws {
        let data = try DataSetBuilder.build(DataSetBuildOptions(
            sources: Repo.sources, inputs: Repo.inputs, sectorsFile: Repo.inputs.appendingPathComponent("sectors-153.csv"),
            concordanceFile: Repo.inputs.appendingPathComponent("concordance-153.csv"), name: "china-2022-153"))
        #expect(data.sectorCount == 153)
        #expect(data.check().isEmpty)
    }
}
