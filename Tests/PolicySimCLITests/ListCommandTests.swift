// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// `policysim list` and names that resolve in `explain` and `plot`, run end to end. Expected
/// content comes from the data set's own files (provinces.csv, aggregates.csv, sectors.csv),
/// read here with a plain split.
@Suite(.serialized) struct ListCommandTests {
    static let data = CLI.packageRoot.appendingPathComponent("Scenarios/data/china-2022")
    static let root = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-list-\(UUID().uuidString)")

    /// Rows of a data set table, split on commas outside quotes.
    static func rows(_ table: String) throws -> [[String]] {
        let text = try String(contentsOf: data.appendingPathComponent(table), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            var fields: [String] = [], field = "", quoted = false
            for c in line {
                if c == "\"" { quoted.toggle() } else if c == "," && !quoted { fields.append(field); field = "" } else { field.append(c) }
            }
            return fields + [field]
        }
    }

    /// The members of `aggregate` as `list areas` prints them: "  NAME (kind): A 1, B 0.8107".
    static func members(_ stdout: String, _ aggregate: String) -> [String: Double] {
        guard let line = stdout.split(separator: "\n").first(where: { $0.hasPrefix("  \(aggregate) (") }),
              let colon = line.range(of: "): ") else { return [:] }
        var out: [String: Double] = [:]
        for part in line[colon.upperBound...].split(separator: ";")[0].components(separatedBy: ", ") {
            guard let space = part.lastIndex(of: " "), let w = Double(part[part.index(after: space)...]) else { continue }
            out[String(part[..<space])] = w
        }
        return out
    }

    @Test func listAreasPrintsIdsChineseNamesKindsAndWeights() throws {
        let r = try CLI.run(["list", "areas"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        // Every province with its Chinese name from provinces.csv, and its short form.
        for p in try ListCommandTests.rows("provinces.csv") {
            let line = try #require(lines.first { $0.hasPrefix(p[0] + " ") }, "\(p[0])")
            #expect(line.contains(" province ") && line.contains(p[1]), "\(line)")
        }
        let guangdong = try #require(lines.first { $0.hasPrefix("Guangdong ") })
        #expect(guangdong.contains("  广东省  ") && guangdong.contains("  广东  "), "\(guangdong)")
        // Members and weights, against aggregates.csv.
        let aggregates = try ListCommandTests.rows("aggregates.csv")
        let central = ListCommandTests.members(r.stdout, "Central"), yrd = ListCommandTests.members(r.stdout, "Yangtze River Delta")
        #expect(central["Anhui"] == 1 && yrd["Anhui"] == 1, "Anhui in Central \(central) and the Yangtze River Delta \(yrd)")
        #expect(Set(yrd.keys) == Set(aggregates.filter { $0[0] == "Yangtze River Delta" }.map { $0[2] }))
        let gbaRow = try #require(aggregates.first { $0[0] == "Greater Bay Area" && $0[2] == "Guangdong" })
        let gbaWeight = try #require(Double(gbaRow[3]))
        let printed = try #require(ListCommandTests.members(r.stdout, "Greater Bay Area")["Guangdong"])
        #expect(gbaWeight < 1 && abs(printed - gbaWeight) <= 0.00005, "printed \(printed), aggregates.csv \(gbaWeight)")
        #expect(guangdong.contains(String(format: "Greater Bay Area (%.4f)", gbaWeight)), "\(guangdong)")
        // Kinds, and the Chinese names of regions and clusters the data set does not carry.
        for (id, kind, zh) in [("Yangtze River Delta", "cluster", "长江三角洲"), ("Beijing-Tianjin-Hebei", "cluster", "京津冀"),
                               ("Greater Bay Area", "cluster", "粤港澳大湾区"), ("East", "region", "东部"), ("China", "nation", "中国")] {
            let line = try #require(lines.first { $0.hasPrefix(id + " ") }, "\(id)")
            #expect(line.contains(" \(kind) ") && line.contains(zh), "\(line)")
        }
    }

    @Test func listSectorsPrintsEverySectorWithItsNamesAndAliases() throws {
        let r = try CLI.run(["list", "sectors", "Scenarios/miit-2023.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        for s in try ListCommandTests.rows("sectors.csv") {
            let line = try #require(lines.first { $0.hasPrefix(s[0] + " ") }, "\(s[0])")
            #expect(line.contains(s[1]) && line.contains(" \(s[2]) ") && line.contains(s[3] == "yes" ? " yes " : " no "), "\(line)")
        }
        let automobiles = try #require(lines.firstIndex { $0.hasPrefix("automobiles ") })
        #expect(lines[automobiles].contains("汽车") && lines[automobiles + 1].contains("also: ") && lines[automobiles + 1].contains("cars"))
        #expect(r.stdout.contains("Refused as ambiguous: equipment (machinery, electrical_equipment, other_transport_equipment)"))
    }

    @Test func listComponentsMeasuresAndParameters() throws {
        let components = try CLI.run(["list", "components"])
        #expect(components.status == 0)
        for c in ["rural_households", "urban_households", "government", "fixed_capital", "inventories", "exports"] {
            #expect(components.stdout.contains("\n" + c + " "), "\(c)")
        }
        let measures = try CLI.run(["list", "measures"])
        for m in ["demand_support", "investment_fund", "cluster_synergy", "final_demand_shock", "coefficient_shock"] {
            #expect(measures.stdout.contains("\n" + m + " "), "\(m)")
        }
        // fund_leverage is triangular (2, 4, 6) in miit-2023.yaml: its median is
        // 2 + sqrt((6 - 2)(4 - 2) / 2) = 4.
        let yaml = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Scenarios/miit-2023.yaml"), encoding: .utf8)
        #expect(yaml.contains("fund_leverage: {distribution: triangular, lower: 2, mode: 4, upper: 6}"))
        let p = try CLI.run(["list", "parameters", "Scenarios/miit-2023.yaml"])
        #expect(p.status == 0, "\(p.stderr)")
        let line = try #require(p.stdout.split(separator: "\n").first { $0.hasPrefix("fund_leverage ") })
        let fields = line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(fields[1] == "4" && fields[2] == "triangular: lower 2, mode 4, upper 6" && fields[3].contains("industrial-funds.leverage"), "\(fields)")
        // Without a scenario: the fix is named.
        let missing = try CLI.run(["list", "parameters"])
        #expect(missing.status == 64 && missing.stderr.contains("policysim list parameters Scenarios/miit-2023.yaml"), "\(missing.stderr)")
    }

    /// A scenario with an unknown sector: one error, with its line, the name, a suggestion and
    /// the command that lists the sectors; that command works on the broken file.
    @Test func anUnknownSectorIsOneErrorThatPointsToList() throws {
        try FileManager.default.createDirectory(at: ListCommandTests.root, withIntermediateDirectories: true)
        let file = ListCommandTests.root.appendingPathComponent("cars.yaml")
        try """
            version: 1
            name: cars
            data: \(ListCommandTests.data.path)
            horizon: 2023-2025
            baseline: {growth: 5%}
            rules:
              - id: tradein
                measure: consumption_programme
                areas: 粤港澳大湾区
                sectors: [carz]
                years: 2023
                subsidy: 100
            """.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["validate", file.path])
        #expect(r.status == 65)
        let errors = r.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 1, "\(r.stderr)")
        #expect(errors.first?.contains("cars.yaml:10:15: error: unknown sector 'carz'") == true, "\(r.stderr)")
        #expect(errors.first?.contains("(automobiles)?") == true && errors.first?.contains("`policysim list sectors ") == true, "\(r.stderr)")
        #expect(!r.stderr.contains("data report"))
        let list = try CLI.run(["list", "sectors", file.path])
        #expect(list.status == 0 && list.stdout.contains("\nautomobiles "), "\(list.stderr)")
    }

    /// explain with a Chinese area and a sector alias gives the same report as with the ids, and
    /// its numbers are output.csv's; a bad name is named, with suggestions and `policysim list`.
    @Test func explainAndPlotTakeChineseNamesAndAliases() throws {
        let folder = ListCommandTests.root.appendingPathComponent("miit").path
        let run = try CLI.run(["run", "Scenarios/miit-2023.yaml", "--draws", "0", "--out", folder, "--quiet"])
        try #require(run.status == 0, "\(run.stderr)")
        let zh = try CLI.run(["explain", folder, "--area", "广东", "--sector", "汽车", "--year", "2025"])
        #expect(zh.status == 0, "\(zh.stderr)")
        let ids = try CLI.run(["explain", folder, "--area", "Guangdong", "--sector", "automobiles", "--year", "2025"])
        #expect(zh.stdout == ids.stdout)
        #expect(zh.stdout.hasPrefix("output of automobiles in Guangdong, 2025"), "\(zh.stdout)")
        let output = try OutputFile(folder)
        let central = output.value(2025, "Guangdong", "automobiles", "output")
        #expect(zh.stdout.contains(String(format: "with the measures %.1f", central)), "\(zh.stdout)")
        let yrd = try CLI.run(["explain", folder, "--area", "YRD", "--variable", "gdp", "--year", "2025"])
        #expect(yrd.status == 0 && yrd.stdout.hasPrefix("gdp of all sectors in Yangtze River Delta, 2025"), "\(yrd.stdout)\(yrd.stderr)")

        let bad = try CLI.run(["explain", folder, "--area", "广冬", "--sector", "carz", "--year", "2040"])
        #expect(bad.status == 65)
        for words in ["unknown area '广冬'", "'广东' (Guangdong)", "`policysim list areas \(folder)`",
                      "unknown sector 'carz'", "(automobiles)", "`policysim list sectors \(folder)`", "year 2040 was not found"] {
            #expect(bad.stderr.contains(words), "\(words): \(bad.stderr)")
        }
        #expect(bad.stderr.split(separator: "\n").count == 1, "one message: \(bad.stderr)")

        // plot: the data file names the areas by id.
        let picture = ListCommandTests.root.appendingPathComponent("clusters.svg").path
        let plot = try CLI.run(["plot", folder, "--areas", "长三角,京津冀,GBA", "--out", picture])
        #expect(plot.status == 0, "\(plot.stderr)")
        let dat = try String(contentsOfFile: ListCommandTests.root.appendingPathComponent("clusters.dat").path, encoding: .utf8)
        for id in ["Yangtze River Delta", "Beijing-Tianjin-Hebei", "Greater Bay Area"] { #expect(dat.contains("# miit-2023 \(id)\n"), "\(id)") }
        let badPlot = try CLI.run(["plot", folder, "--areas", "Narnia", "--out", ListCommandTests.root.appendingPathComponent("x.svg").path])
        #expect(badPlot.status == 65 && badPlot.stderr.contains("unknown area 'Narnia'") && badPlot.stderr.contains("`policysim list areas "), "\(badPlot.stderr)")
    }
}
