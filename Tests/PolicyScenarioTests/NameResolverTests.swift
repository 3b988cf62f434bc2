// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyData
import PolicyModel
import PolicyScenario

/// The one resolver of area and sector names, on the shipped data set: the expected ids are the
/// data set's own (provinces.csv, aggregates.csv, sectors.csv), written here by hand.
@Suite struct NameResolverTests {
    static let data: DataSet? = try? DataSetReader.load(Fixtures.repo.appendingPathComponent("Scenarios/data/china-2022")).data

    func resolver() throws -> NameResolver { NameResolver(data: try #require(NameResolverTests.data)) }

    @Test(arguments: [
        ("Guangdong", "Guangdong"), ("guangdong", "Guangdong"), ("广东省", "Guangdong"), ("广东", "Guangdong"),
        ("Xizang", "Tibet"), ("西藏", "Tibet"), ("inner-mongolia", "Inner Mongolia"), ("Nei Mongol", "Inner Mongolia"), ("内蒙古", "Inner Mongolia"),
        ("长三角", "Yangtze River Delta"), ("长江三角洲", "Yangtze River Delta"), ("YRD", "Yangtze River Delta"), ("yangtze river delta", "Yangtze River Delta"),
        ("京津冀", "Beijing-Tianjin-Hebei"), ("Jing-Jin-Ji", "Beijing-Tianjin-Hebei"), ("BTH", "Beijing-Tianjin-Hebei"),
        ("粤港澳大湾区", "Greater Bay Area"), ("大湾区", "Greater Bay Area"), ("GBA", "Greater Bay Area"),
        ("东部", "East"), ("东部地区", "East"), ("中部", "Central"), ("西部", "West"), ("东北", "Northeast"), ("中西部", "Central-West"),
        ("central west", "Central-West"), ("全国", "China"),
    ])
    func areaNamesResolveToTheirIds(_ name: String, _ id: String) throws {
        let r = try resolver().area(name)
        #expect(r.value == id, "\(name): \(r)")
    }

    @Test(arguments: [
        ("automobiles", "automobiles"), ("cars", "automobiles"), ("autos", "automobiles"), ("汽车", "automobiles"),
        ("appliances", "household_appliances"), ("Household appliances", "household_appliances"), ("家电", "household_appliances"),
        ("steel", "steel"), ("钢铁", "steel"), ("chips", "electronics"), ("semiconductors", "electronics"), ("芯片", "electronics"),
        ("Household-Appliances", "household_appliances"), ("Building materials", "building_materials"),
    ])
    func sectorNamesResolveToTheirIds(_ name: String, _ id: String) throws {
        let r = try resolver().sectors(name)
        #expect(r.value == [id], "\(name): \(r)")
    }

    /// Every Chinese name and alias listed for an area or sector resolves to that area or
    /// sector: none is taken by another, none lost to an ambiguity.
    @Test func everyListedNameResolvesToItsOwner() throws {
        let names = try resolver()
        for a in names.areaEntries where a.kind != "external" {
            for n in [a.id, a.nameZh] + a.aliases where !n.isEmpty { #expect(names.area(n).value == a.id, "\(n) for \(a.id): \(names.area(n))") }
        }
        for s in names.sectorEntries {
            for n in [s.id, s.name, s.nameZh] + s.aliases where !n.isEmpty { #expect(names.sectors(n).value == [s.id], "\(n) for \(s.id)") }
        }
    }

    @Test func misspellingsGetTheNearestNamesAndThePlaceToLook() throws {
        let names = try resolver()
        let area = try #require(names.area("Guangdon").message)
        #expect(area.contains("unknown area 'Guangdon'") && area.contains("did you mean 'Guangdong'?") && area.contains("`policysim list areas`"), "\(area)")
        let zh = try #require(names.area("长三角洲").message)
        #expect(zh.contains("'长江三角洲' (Yangtze River Delta)"), "\(zh)")
        let sector = try #require(names.sectors("electronic").message)
        #expect(sector.contains("did you mean 'electronics'?") && sector.contains("`policysim list sectors`"), "\(sector)")
        let alias = try #require(names.sectors("semiconductor chips").message)
        #expect(alias.contains("unknown sector") && alias.contains("`policysim list sectors`"), "\(alias)")
    }

    @Test func ambiguousNamesAreRefusedWithEveryMeaning() throws {
        let names = try resolver()
        let m = try #require(names.sectors("equipment").message)
        #expect(m.contains("ambiguous") && m.contains("machinery") && m.contains("electrical_equipment") && m.contains("other_transport_equipment"), "\(m)")
        let v = try #require(names.sectors("vehicles").message)
        #expect(v.contains("automobiles") && v.contains("other_transport_equipment"), "\(v)")
    }

    @Test func groupsResolveToTheirMembersInScenarioFilesOnly() throws {
        let names = try resolver()
        let data = try #require(NameResolverTests.data)
        #expect(names.sectors("key_industries").value == data.sectors.filter(\.isKeyIndustry).map(\.id))
        #expect(names.sectors("services").value == ["trade_transport", "finance_real_estate", "other_services"])
        #expect(names.sector("all").value == "all")
        #expect(names.sector("cars").value == "automobiles")
        #expect(names.sector("services").message?.contains("names several sectors") == true)
    }

    /// Hong Kong and Macao are outside the input-output system: refused as scenario areas, with
    /// the reason, whatever they are called; a result folder holds their GDP, so there they resolve.
    @Test func externalEconomiesAreAreasOfResultsOnly() throws {
        let data = try #require(NameResolverTests.data)
        let scenario = NameResolver(data: data), results = NameResolver(data: data, externalsAreAreas: true)
        #expect(scenario.area("香港").message?.contains("'Hong Kong' is an external economy") == true)
        #expect(results.area("香港").value == "Hong Kong")
        #expect(results.area("Macau").value == "Macao")
        // Without the data set: the ids a folder holds and the built-in aliases.
        let bare = NameResolver(areas: [("Guangdong", "province"), ("Yangtze River Delta", "cluster")], sectors: ["automobiles"])
        #expect(bare.area("长三角").value == "Yangtze River Delta")
        #expect(bare.sector("cars").value == "automobiles")
        #expect(bare.area("Narnia").message?.contains("unknown area 'Narnia'") == true)
    }

    /// `areas: 广东` and `sectors: [cars, 家电]` in a scenario file: the rule holds the ids.
    @Test func aScenarioMayNameAreasAndSectorsInChineseOrByAlias() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("zh.yaml")
        try """
            version: 1
            name: zh
            data: \(Fixtures.repo.appendingPathComponent("Scenarios/data/china-2022").path)
            horizon: 2023-2025
            baseline: {growth: 5%}
            rules:
              - id: guangdong-exports
                measure: export_support
                areas: 广东
                sectors: [cars, 家电]
                years: 2023
              - id: yrd-synergy
                measure: cluster_synergy
                areas: 长三角
                years: 2023
                share: 0.01
            """.write(to: file, atomically: true, encoding: .utf8)
        let (s, _) = try Fixtures.loader.load(file.path)
        #expect(s.rules[0].areas == ["Guangdong"])
        #expect(s.rules[0].sectors == ["automobiles", "household_appliances"])
        #expect(s.rules[1].areas == ["Yangtze River Delta"])
        // The data set folder is found without validating the rest of the file.
        #expect(try ScenarioLoader.dataPath(of: file.path) == Fixtures.repo.appendingPathComponent("Scenarios/data/china-2022").standardizedFileURL.path)
    }

    /// An unknown sector in a consumption programme is one error: not also "needs `sectors:`",
    /// nor "includes: no rule" for the rule it kept from validating.
    @Test func oneUnknownNameIsOneError() {
        let found = Fixtures.diagnostics("unknown-sector-consumption.yaml")
        #expect(found.count == 1, "\(found.map(\.description))")
        #expect(found.first?.message.contains("unknown sector 'carz'") == true)
        #expect(found.first?.message.contains("`policysim list sectors ") == true)
        #expect(found.first.map { ($0.line, $0.column) } ?? (0, 0) == (10, 15))
    }
}
