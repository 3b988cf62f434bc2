// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import PolicyData
import PolicyModel

/// Provincial import shares: imports by destination from the customs table for goods, the
/// national share for services, each checked against the source files read here.
@Suite struct ProvincialImportTests {
    let d = Repo.data

    func domesticUse(_ k: Int) -> Double {
        d.provincial[.intermediateUse, k] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + d.provincial[$1, k] }
    }

    /// The customs table's imports by province are the expenditure approach's import_d (imports
    /// by domestic destination), not import_b (by the declaring firm's location): import_d over
    /// the table's USD lies between 6.7 and 9.1 yuan per dollar in every province, import_b over
    /// the same from below 2 (Xinjiang) to above 19 (Beijing, whose trading companies declare
    /// goods that go elsewhere).
    @Test func customsImportsAreByDestination() throws {
        let m = try Sources.table("chen2023_ipio/provincial_macro_initial_1997_2017_long.csv")
        let mc = try m.require(["region", "item", "year", "value"])
        var v: [String: [String: Double]] = [:]
        for r in m.rows.indices where m.rows[r][mc[2]] == "2017" { v[m.rows[r][mc[0]], default: [:]][m.rows[r][mc[1]]] = try m.number(r, mc[3]) }
        let t = try Sources.table("chen2023_ipio/customs_trade_2017_by_province_sector_usd.csv")
        let c = try t.require(["province", "imports_total"])
        var usd: [String: Double] = [:]
        for r in t.rows.indices where !t.rows[r][c[1]].isEmpty { usd[t.rows[r][c[0]], default: 0] += try t.number(r, c[1]) }
        #expect(usd.count == 31)
        var byBusiness: [Double] = []
        for (p, dollars) in usd {
            let byDestination = v[p]!["import_d"]! * 1e8 / dollars
            #expect(byDestination > 6.7 && byDestination < 9.1, "\(p): \(byDestination)")
            byBusiness.append(v[p]!["import_b"]! * 1e8 / dollars)
        }
        #expect(byBusiness.max()! > 19 && byBusiness.min()! < 2)
    }

    /// Electronics (42-sector 20, wholly goods) is imported by the customs shares of the
    /// provinces: imports over customs imports (USD) are one constant for every province not held
    /// at its domestic use. Other services (no customs cover) keep the national import share in
    /// every province. Every row's share lies in [0, 1].
    @Test func goodsFollowCustomsImportsAndServicesTheNationalShare() throws {
        let t = try Sources.table("chen2023_ipio/customs_trade_2017_by_province_sector_usd.csv")
        let c = try t.require(["province", "sector_index", "imports_total"])
        var customs: [String: Double] = [:]
        for r in t.rows.indices where t.rows[r][c[1]] == "20" { customs[t.rows[r][c[0]]] = t.rows[r][c[2]].isEmpty ? 0 : try t.number(r, c[2]) }
        let electronics = d.sectorIndex("electronics")!
        var ratios: [Double] = []
        for p in 0..<d.provinceCount {
            let k = d.row(p, electronics)
            let usd = customs[d.provinces[p].id.replacingOccurrences(of: " ", with: "")]!
            if d.provincial[.imports, k] < domesticUse(k) * (1 - 1e-12) && usd > 0 { ratios.append(d.provincial[.imports, k] / usd) }
        }
        #expect(ratios.count >= 25)
        for r in ratios { #expect(close(r, ratios[0], rel: 1e-9)) }

        let services = d.sectorIndex("other_services")!
        let national = d.national[.imports, services]
            / (d.national[.intermediateUse, services] + FlowColumn.domesticFinalDemand.reduce(0) { $0 + d.national[$1, services] })
        for p in 0..<d.provinceCount {
            let k = d.row(p, services)
            #expect(close(d.provincial[.imports, k] / domesticUse(k), national, rel: 1e-9), "\(d.provinces[p].id)")
        }
        for k in 0..<(d.provinceCount * d.sectorCount) {
            #expect(d.provincial[.imports, k] >= 0 && d.provincial[.imports, k] <= domesticUse(k) * (1 + 1e-12), "row \(k)")
        }
        // Shanghai imports most of its value added, as the expenditure approach says it does
        // (import_d 60 % of its 2017 items): far more than the national shares gave it.
        let shanghai = d.provinceIndex("Shanghai")!
        #expect(d.provinceTotal(.imports, shanghai) / d.provinceTotal(.valueAdded, shanghai) > 0.5)
    }

    /// The net-outflow comparison of `data report` recomputed here: each province's
    /// interprovincial net outflow (value added - domestic final demand - exports + imports)
    /// against the 2017 expenditure approach (net_flow - export_s + import_d over the items' sum,
    /// applied to the province's value added and shifted to sum to zero), with the data set's
    /// imports and with imports at the national share of every product. The provenance row
    /// states both root mean square errors to a tenth of a point; provincial import shares
    /// must bring the error below a third of what national shares leave.
    @Test func netOutflowFitWithProvincialImportShares() throws {
        let m = try Sources.table("chen2023_ipio/provincial_macro_initial_1997_2017_long.csv")
        let mc = try m.require(["region", "item", "year", "value"])
        var v: [String: [String: Double]] = [:]
        for r in m.rows.indices where m.rows[r][mc[2]] == "2017" { v[m.rows[r][mc[0]], default: [:]][m.rows[r][mc[1]]] = try m.number(r, mc[3]) }
        let np = d.provinceCount, n = d.sectorCount
        let va = (0..<np).map { d.provinceTotal(.valueAdded, $0) }
        let observed = d.provinces.map { p -> Double in
            let e = v[p.id.replacingOccurrences(of: " ", with: "")]!
            let items = ["hsh_rural", "hsh_urban", "gov", "fixed_capital", "inventory", "net_flow"].reduce(0.0) { $0 + e[$1]! }
            return (e["net_flow"]! - e["export_s"]! + e["import_d"]!) / items
        }
        let shift = (0..<np).reduce(0.0) { $0 + observed[$1] * va[$1] } / va.reduce(0, +)
        func rms(_ imports: (Int) -> Double) -> Double {
            let squares = (0..<np).reduce(0.0) { sum, p in
                let absorption = (0..<n).reduce(0.0) { $0 + domesticUse(d.row(p, $1)) - d.provincial[.intermediateUse, d.row(p, $1)] }
                let net = va[p] - absorption - d.provinceTotal(.exports, p) + (0..<n).reduce(0.0) { $0 + imports(d.row(p, $1)) }
                return sum + pow(net / va[p] - (observed[p] - shift), 2)
            }
            return (squares / Double(np)).squareRoot()
        }
        let provincial = rms { d.provincial[.imports, $0] }
        let national = rms { k in d.importShare(k % n) * domesticUse(k) }
        #expect(provincial < national / 3, "\(provincial) vs \(national)")
        let criterion = d.provenance.first { $0.column == ProvenanceCheck.netOutflowCriterion }!.method
        #expect(criterion.contains(String(format: "%.1f points of GDP (%.1f with one national import share per product)", 100 * provincial, 100 * national)), "\(criterion)")
    }

    @Test func importsAboveDomesticUseAreLocated() throws {
        let folder = Repo.temporaryFolder("imports").appendingPathComponent("china-2022")
        try FileManager.default.copyItem(at: Repo.dataSet, to: folder)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let url = folder.appendingPathComponent("province_sector.csv")
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        let column = lines[0].components(separatedBy: ",").firstIndex(of: "imports")!
        var fields = lines[1].components(separatedBy: ",")
        fields[column] = "1e7"
        lines[1] = fields.joined(separator: ",")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        let issues = DataSetReader.check(folder)
        #expect(issues.contains { "\($0)".contains("province_sector.csv:2: error: column 'imports': Beijing, agriculture: imports") && "\($0)".contains("exceed domestic use") })
    }
}
