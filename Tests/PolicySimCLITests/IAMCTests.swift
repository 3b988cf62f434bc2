// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// The fields of CSV text with quoted fields (RFC 4180), record by record.
func csvRecords(_ text: String) -> [[String]] {
    var records: [[String]] = [], fields: [String] = [], field = "", quoted = false, afterQuote = false
    for c in text {
        if quoted {
            if c == "\"" { quoted = false; afterQuote = true } else { field.append(c) }
            continue
        }
        if c == "\"" {
            if afterQuote { field.append("\"") }  // a doubled quote inside a quoted field
            quoted = true
            afterQuote = false
            continue
        }
        afterQuote = false
        switch c {
        case ",": fields.append(field); field = ""
        case "\n": fields.append(field); records.append(fields); fields = []; field = ""
        default: field.append(c)
        }
    }
    if !field.isEmpty || !fields.isEmpty { fields.append(field); records.append(fields) }
    return records
}

/// iamc.csv against output.csv of the same run, read here: units converted (100m yuan / 10 =
/// billion CNY_2022, 10k persons / 100 = million), the quantile scenarios, sectors by their
/// English names, the rules' fiscal costs under their tasks, and the region file beside it.
@Suite(.serialized) struct IAMCTests {
    static let box = Scratch("iamc")
    static let prepared: Bool = {
        (try? CLI.run(["run", "Scenarios/miit-2023.yaml", "--draws", "6", "--out", box.path("run"), "--quiet"]).status) == 0
    }()

    /// iamc.csv as (scenario, region, variable) -> (unit, values by year).
    static func iamc() throws -> (years: [Int], rows: [String: (unit: String, values: [Double])]) {
        let records = csvRecords(try String(contentsOf: box.url("run/iamc.csv"), encoding: .utf8))
        let years = records[0].dropFirst(5).compactMap { Int($0) }
        var rows: [String: (unit: String, values: [Double])] = [:]
        for r in records.dropFirst() {
            let key = [r[1], r[2], r[3]].joined(separator: "\n")
            #expect(rows[key] == nil, "iamc.csv repeats \(r[1]), \(r[2]), \(r[3])")
            rows[key] = (r[4], r.dropFirst(5).map { Double($0) ?? .nan })
        }
        return (years, rows)
    }

    static func key(_ scenario: String, _ region: String, _ variable: String) -> String { [scenario, region, variable].joined(separator: "\n") }

    @Test func valuesAreOutputCsvsInPintUnits() throws {
        #expect(IAMCTests.prepared)
        let (years, rows) = try IAMCTests.iamc()
        #expect(years == Array(2022...2030))
        #expect(Set(rows.values.map(\.unit)) == ["billion CNY_2022/yr", "billion CNY_2022", "million"])
        var output: [String: Double] = [:]
        for r in try csvTable(IAMCTests.box.path("run/output.csv")) {
            output[[r["statistic"]!, r["area"]!, r["sector"]!, r["variable"]!, r["year"]!].joined(separator: "\n")] = Double(r["value"]!)
        }
        // Sector names from the data set's own table, not from the ids.
        let sectors = csvRecords(try String(contentsOf: CLI.packageRoot.appendingPathComponent("Scenarios/data/china-2022/sectors.csv"), encoding: .utf8))
        let automobiles = sectors.first { $0[0] == "automobiles" }![1]
        #expect(automobiles == "Automobiles and parts")
        let cases: [(String, String, String, String, String, Double)] = [
            ("China", "gdp", "all", "GDP", "billion CNY_2022/yr", 10), ("China", "employment", "all", "Employment", "million", 100),
            ("China", "capital_stock", "all", "Capital Stock", "billion CNY_2022", 10),
            ("China", "investment", "all", "Investment", "billion CNY_2022/yr", 10),
            ("China", "fiscal_cost", "all", "Fiscal Cost", "billion CNY_2022/yr", 10),
            ("Jilin", "output", "automobiles", "Output|\(automobiles)", "billion CNY_2022/yr", 10),
            ("Hebei", "value_added", "steel", "Value Added|\(sectors.first { $0[0] == "steel" }![1])", "billion CNY_2022/yr", 10),
            ("Central-West", "employment", "electronics", "Employment|\(sectors.first { $0[0] == "electronics" }![1])", "million", 100),
            ("Macao", "gdp", "all", "GDP", "billion CNY_2022/yr", 10),
        ]
        var compared = 0
        for (statistic, scenario) in [("central", "miit-2023"), ("p5", "miit-2023|p5"), ("p50", "miit-2023|p50"), ("p95", "miit-2023|p95")] {
            for (area, variable, sector, name, unit, divisor) in cases {
                guard let row = rows[IAMCTests.key(scenario, area, name)] else {
                    Issue.record("iamc.csv lacks \(scenario), \(area), \(name)")
                    continue
                }
                #expect(row.unit == unit, "\(area) \(name): \(row.unit)")
                for (y, year) in years.enumerated() {
                    let expected = output[[statistic, area, sector, variable, String(year)].joined(separator: "\n")]! / divisor
                    #expect(abs(row.values[y] - expected) <= 1e-12 * max(1, abs(expected)),
                            "\(scenario) \(area) \(name) \(year): iamc.csv \(row.values[y]), output.csv / \(divisor) = \(expected)")
                    compared += 1
                }
            }
        }
        #expect(compared == 4 * 9 * 9)
        #expect(!rows.keys.contains { $0.hasSuffix("\nOutput|Automobiles") }, "the old id-derived label")
    }

    /// Fiscal Cost|<task>|<rule> for every rule of the scenario, under the task the file gives
    /// it; each task's row is the sum of its rules'; the quantile scenarios have no rule rows.
    @Test func fiscalCostsGoByTaskAndRule() throws {
        #expect(IAMCTests.prepared)
        let (years, rows) = try IAMCTests.iamc()
        let yaml = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Scenarios/miit-2023.yaml"), encoding: .utf8)
        // The scenario file's rules and tasks, read here: `- id: x` followed by `task: t`.
        var rules: [(id: String, task: String)] = []
        var id: String?
        for line in yaml.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("- id: ") { id = String(line.dropFirst(6)) }
            if line.hasPrefix("task: "), let rule = id { rules.append((rule, String(line.dropFirst(6)))); id = nil }
        }
        #expect(rules.count == 19)
        let tasks = Set(rules.map(\.task))
        #expect(tasks == ["1 stabilise key industries", "2 increase investment", "3 expand consumption", "4 play to local strengths"])
        for task in tasks {
            let total = rows[IAMCTests.key("miit-2023", "China", "Fiscal Cost|\(task)")]
            #expect(total != nil, "no Fiscal Cost|\(task)")
            for y in years.indices {
                let sum = rules.filter { $0.task == task }.reduce(0.0) { $0 + (rows[IAMCTests.key("miit-2023", "China", "Fiscal Cost|\(task)|\($1.id)")]?.values[y] ?? .nan) }
                #expect(abs((total?.values[y] ?? .nan) - sum) <= 1e-9 * max(1, abs(sum)), "\(task) \(years[y])")
            }
        }
        let all = rows[IAMCTests.key("miit-2023", "China", "Fiscal Cost")]!.values
        let byTask = years.indices.map { y in tasks.reduce(0.0) { $0 + rows[IAMCTests.key("miit-2023", "China", "Fiscal Cost|\($1)")]!.values[y] } }
        for y in years.indices { #expect(abs(all[y] - byTask[y]) <= 1e-9 * max(1, abs(all[y])), "\(years[y]): \(all[y]) vs \(byTask[y])") }
        #expect(!rows.keys.contains { $0.hasPrefix("miit-2023|p5\n") && $0.contains("\nFiscal Cost|") })
    }

    /// iamc-regions.yaml is beside iamc.csv and in the manifest; China's partition is the four
    /// regions and Central-West is marked overlapping.
    @Test func theRegionFileIsWrittenAndListed() throws {
        #expect(IAMCTests.prepared)
        let text = try String(contentsOf: IAMCTests.box.url("run/iamc-regions.yaml"), encoding: .utf8)
        #expect(text.contains("  - \"China\":\n      area_kind: nation\n      partition: [\"East\", \"Central\", \"West\", \"Northeast\"]\n"), "\(text)")
        #expect(text.contains("  - \"Central-West\":\n      area_kind: region\n      overlapping: true\n      union_of: [\"Central\", \"West\"]\n"), "\(text)")
        #expect(text.contains("  - \"Anhui\":\n      area_kind: province\n      parent: \"Central\"\n"))
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: IAMCTests.box.url("run/manifest.json"))) as? [String: Any]
        #expect((manifest?["files"] as? [String: Any])?["iamc-regions.yaml"] != nil)
    }

    /// A task holding '|' cannot name an IAMC variable: the scenario is refused where it says so.
    @Test func aTaskHoldingTheSeparatorIsRefused() throws {
        let file = try IAMCTests.box.scenario("bar.yaml", """
            name: bar
            rules:
              - id: push
                task: "4|local strengths"
                measure: export_support
                areas: [Central]
                sectors: [electronics]
                years: 2023-2025
                export_growth: 0.02

            """)
        let r = try CLI.run(["run", file, "--draws", "0", "--out", IAMCTests.box.path("bar"), "--quiet"])
        #expect(r.status == 65, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains("bar.yaml:6:11: error: ") && r.stderr.contains("task '4|local strengths' must not hold '|'"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: IAMCTests.box.path("bar")))
    }

    /// A data set whose sector name holds '|' is refused at its line: the name would be two
    /// levels of Output|<sector>.
    @Test func aSectorNameHoldingTheSeparatorIsRefused() throws {
        let data = IAMCTests.box.url("bar-data")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("Scenarios/data/china-2022"), to: data)
        let url = data.appendingPathComponent("sectors.csv")
        try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: ",Household appliances,", with: ",Household|appliances,")
            .write(to: url, atomically: true, encoding: .utf8)
        let r = try CLI.run(["data", "check", data.path])
        #expect(r.status == 65, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains("sectors.csv:13") && r.stderr.contains("'Household|appliances' must not hold '|'"), "\(r.stderr)")
    }

    /// The pyam checks in Python (Tests/python/test_iamc_pyam.py): iamc.csv read by pyam,
    /// check_aggregate and check_aggregate_region with iamc-regions.yaml's partitions, units
    /// through pint. pyam-iamc must be installed at the pinned version (.ci/install-deps).
    @Test func pyamFindsNoInconsistencies() throws {
        let (status, printed, errors) = try pythonCheck("Tests/python/test_iamc_pyam.py")
        #expect(status == 0, "\(printed)\(errors)")
        #expect(printed.contains("all pyam checks passed"), "\(printed)")
    }
}
