// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// `policysim new`, the sector column of trace.csv and explain's rules that reached a cell, run
/// end to end. Expected values come from the data set's files (sectors.csv, national.csv,
/// aggregates.csv), from how a fixture scenario is built, and from attribution.csv, never from
/// what explain printed before.

/// Sector ids in the data set's order, and the national table by sector and column.
private struct DataFiles {
    let sectors: [String]
    let national: [String: [String: String]]
    let aggregates: [[String: String]]

    init() throws {
        let root = CLI.packageRoot.appendingPathComponent("Scenarios/data/china-2022").path
        sectors = try csvColumn(root + "/sectors.csv", "id")
        national = Dictionary(uniqueKeysWithValues: try csvTable(root + "/national.csv").map { ($0["sector"]!, $0) })
        aggregates = try csvTable(root + "/aggregates.csv")
    }

    /// The sectors with national fixed capital formation: what an investment bought at the
    /// national mix adds demand to.
    var investmentGoods: [String] { sectors.filter { (Double(national[$0]?["fixed_capital"] ?? "") ?? 0) != 0 } }

    /// The aggregates that hold `province`.
    func holding(_ province: String) -> Set<String> { Set(aggregates.filter { $0["member"] == province }.map { $0["aggregate"]! }) }
}

/// The first field of every row of a CSV whose first column has no quoted commas.
private func csvColumn(_ path: String, _ name: String) throws -> [String] {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    let header = lines[0].split(separator: ",").map(String.init)
    let k = try #require(header.firstIndex(of: name))
    return lines.dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[k]) }
}

@Suite struct NewCommandTests {
    /// The skeleton validates, runs (with its uncertain parameter drawn), names area and sector
    /// ids that `policysim list` shows, and explains every key of its example rule in a comment.
    @Test func skeletonValidatesRunsAndUsesRealIds() throws {
        let box = Scratch("new")
        let file = box.path("my-plan.yaml")
        let new = try CLI.run(["new", "my-plan", "--out", file])
        #expect(new.status == 0, "\(new.stderr)")
        #expect(new.stdout.contains("wrote \(file)"), "\(new.stdout)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("\nname: my-plan "))

        let validate = try CLI.run(["validate", file])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        #expect(validate.stdout.contains("\(file): ok (1 rule, 1 parameter, 2023-2030)"), "\(validate.stdout)")
        let parameters = try CLI.run(["list", "parameters", file])
        #expect(parameters.status == 0 && parameters.stdout.contains("1 uncertain"), "\(parameters.stdout)\(parameters.stderr)")
        let run = try CLI.run(["run", file, "--draws", "2", "--out", box.path("result"), "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let trace = try csvTable(box.path("result/trace.csv"))
        #expect(trace.contains { $0["rule"] == "countryside-goods" }, "the example rule never fired")

        // The ids of the example's areas and sectors are in the lists the data set gives.
        func value(_ key: String) throws -> String {
            let line = try #require(text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key + ":") })
            return String(line.split(separator: ":", maxSplits: 1)[1].split(separator: "#")[0]).trimmingCharacters(in: .whitespaces)
        }
        func ids(_ topic: String) throws -> Set<String> {
            let r = try CLI.run(["list", topic])
            #expect(r.status == 0)
            return Set(r.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
        }
        let area = try value("areas")
        #expect(try ids("areas").contains(area), "\(area)")
        let sectors = try value("sectors").trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(sectors.count == 2)
        let known = try ids("sectors")
        for s in sectors { #expect(known.contains(s), "\(s)") }

        // Every key of the example rule carries a comment.
        let rule = text.components(separatedBy: "\nrules:")[1].split(separator: "\n").dropFirst()
        #expect(rule.count >= 12)
        for line in rule where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            #expect(line.contains(" # "), "no comment: \(line)")
        }
    }

    /// Without a name given twice --force is needed (73, the file untouched); a bad name is
    /// refused (64) and writes nothing.
    @Test func refusesToOverwriteAndBadNames() throws {
        let box = Scratch("new-refuse")
        let file = box.path("plan.yaml")
        #expect(try CLI.run(["new", "plan", "--out", file]).status == 0)
        try "# mine\n".write(toFile: file, atomically: true, encoding: .utf8)
        let again = try CLI.run(["new", "plan", "--out", file])
        #expect(again.status == 73, "\(again.stderr)")
        #expect(again.stderr.contains("\(file) already exists") && again.stderr.contains("--force"), "\(again.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "# mine\n")
        let forced = try CLI.run(["new", "plan", "--out", file, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("# plan: a policy scenario"))
        try FileManager.default.createDirectory(atPath: box.path("folder.yaml"), withIntermediateDirectories: true)
        let folder = try CLI.run(["new", "plan", "--out", box.path("folder.yaml"), "--force"])
        #expect(folder.status == 73 && folder.stderr.contains("is a folder"), "\(folder.stderr)")

        for bad in ["my plan", "../up", ".hidden", "a/b", ""] {
            let r = try CLI.run(["new", bad, "--out", box.path("bad.yaml")])
            #expect(r.status == 64, "\(bad): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("'\(bad)' is not a scenario name") && r.stderr.contains("letters, digits"), "\(r.stderr)")
        }
        let notYAML = try CLI.run(["new", "plan", "--out", box.path("plan.txt")])
        #expect(notYAML.status == 64 && notYAML.stderr.contains(".yaml or .yml"), "\(notYAML.stderr)")
        #expect(!box.entries.contains("bad.yaml") && !box.entries.contains("plan.txt"), "\(box.entries)")
    }

    /// Without --out the file is Scenarios/NAME.yaml, naming the data set relative to itself.
    @Test func defaultsToTheScenariosFolder() throws {
        let box = Scratch("new-default")
        try FileManager.default.createDirectory(at: box.url("Scenarios/data"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: box.url("Scenarios/data/china-2022"),
                                                   withDestinationURL: CLI.packageRoot.appendingPathComponent("Scenarios/data/china-2022"))
        let r = try CLI.run(["new", "local-plan"], in: box.root)
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: box.path("Scenarios/local-plan.yaml"), encoding: .utf8)
        #expect(text.contains("\ndata: data/china-2022 "), "\(text)")
        let validate = try CLI.run(["validate", "Scenarios/local-plan.yaml"], in: box.root)
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        // From a folder without the data set, the fix is named.
        let away = try CLI.run(["new", "other", "--out", box.path("other.yaml")], in: box.url("Scenarios"))
        #expect(away.status == 64 && away.stderr.contains("--data FOLDER"), "\(away.stderr)")
    }
}

/// A scenario whose rules each act, by construction, on known areas and sectors.
private let reachScenario = """
    version: 1
    name: reach
    data: \(CLI.packageRoot.appendingPathComponent("Scenarios/data/china-2022").path)
    horizon: 2023-2025
    baseline: {growth: 5%}
    rules:
      - id: hebei-steel           # exports of Hebei's steel only
        task: a
        measure: final_demand_shock
        component: exports
        areas: Hebei
        sectors: steel
        years: 2024
        amount: 200
      - id: guangdong-cars        # exports of Guangdong's cars only: neither Hebei nor steel
        task: b
        measure: export_support
        areas: Guangdong
        sectors: automobiles
        years: 2024
        export_growth: 0.05
        cost_per_yuan: 0
      - id: national-projects     # fixed capital formation at the national mix, in every province
        task: c
        measure: investment_programme
        areas: China
        years: 2024
        amount: 1000
      - id: central-goods         # two goods, listed against the data set's order
        task: d
        measure: consumption_programme
        areas: Central
        sectors: [household_appliances, automobiles]
        years: 2024
        subsidy: 100

    """

@Suite(.serialized) struct TraceAndExplainTests {
    static let box = Scratch("reach")
    static let folder = box.path("reach")
    static let prepared: Bool = {
        guard (try? reachScenario.write(toFile: box.path("reach.yaml"), atomically: true, encoding: .utf8)) != nil,
              let r = try? CLI.run(["run", box.path("reach.yaml"), "--out", folder, "--quiet"]) else { return false }
        return r.status == 0
    }()

    /// The sector column names what each firing acted on: one sector, the goods of a programme
    /// in the data set's order, the products an investment buys; never all here, since no rule
    /// of the fixture acts on every sector. The header is the one README describes.
    @Test func traceNamesTheSectorsARuleActedOn() throws {
        try #require(TraceAndExplainTests.prepared)
        let data = try DataFiles()
        let header = try String(contentsOfFile: TraceAndExplainTests.folder + "/trace.csv", encoding: .utf8).split(separator: "\n")[0]
        #expect(header == "rule,task,measure,year,area,sector,condition,effect,effect_unit,fiscal_cost")
        let rows = try csvTable(TraceAndExplainTests.folder + "/trace.csv")
        func sectors(_ rule: String, _ unit: String) -> [String] {
            rows.filter { $0["rule"] == rule && $0["effect_unit"]!.contains(unit) }.map { $0["sector"]! }
        }
        #expect(sectors("hebei-steel", "exports") == ["steel"])
        #expect(sectors("guangdong-cars", "exports") == ["automobiles"])
        let goods = data.sectors.filter { ["household_appliances", "automobiles"].contains($0) }.joined(separator: "+")
        #expect(goods == "automobiles+household_appliances")
        #expect(sectors("central-goods", "household spending") == [goods])
        let bought = data.investmentGoods
        #expect(bought.count > 1 && bought.count < data.sectors.count && !bought.contains("steel"), "\(bought)")
        #expect(sectors("national-projects", "additional investment") == [bought.joined(separator: "+")])
        // Debt financing crowds out private investment at the same mix.
        #expect(sectors("national-projects", "crowded out") == [bought.joined(separator: "+")])
        #expect(!rows.contains { $0["sector"] == "all" }, "\(rows.filter { $0["sector"] == "all" })")
        #expect(rows.count == 6)
    }

    /// Without attribution.csv explain says so and prints the command that makes it, which works
    /// as printed; with it, explain lists exactly the rules with a nonzero Shapley value on the
    /// cell whose firings touched Hebei (or an area holding it) or steel, largest first, each
    /// with attribution.csv's value, the rest in one sum, and never a rule that acted on
    /// neither.
    @Test func explainListsTheRulesThatReachedTheCell() throws {
        try #require(TraceAndExplainTests.prepared)
        let folder = TraceAndExplainTests.folder
        let data = try DataFiles()
        let ask = ["explain", folder, "--area", "Hebei", "--sector", "steel", "--year", "2024"]
        let before = try CLI.run(ask)
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout.contains("Rules that fired on steel in Hebei (or an area holding it) in 2024:\n  hebei-steel [final_demand_shock, task a] on Hebei, steel:"), "\(before.stdout)")
        for rule in ["guangdong-cars", "central-goods", "national-projects"] {
            #expect(!before.stdout.contains(rule), "\(rule) did not act on steel in Hebei: \(before.stdout)")
        }
        #expect(before.stdout.contains("No attribution.csv"), "\(before.stdout)")
        let hint = try #require(before.stdout.split(separator: "`").dropFirst().first.map(String.init), "\(before.stdout)")
        #expect(hint.hasPrefix("policysim attribute ") && hint.contains(" --by rule --out "), "\(hint)")
        // The command as printed (quoted words unquoted by a shell).
        let sh = Process()
        sh.executableURL = URL(fileURLWithPath: "/bin/sh")
        sh.arguments = ["-c", "PATH=\(CLI.executable.deletingLastPathComponent().path):$PATH " + hint + " --quiet"]
        sh.currentDirectoryURL = CLI.packageRoot
        try sh.run()
        sh.waitUntilExit()
        try #require(sh.terminationStatus == 0, "\(hint) failed")

        // Expected from attribution.csv and trace.csv read here.
        let cell = try csvTable(folder + "/attribution.csv").filter { $0["year"] == "2024" && $0["area"] == "Hebei" && $0["sector"] == "steel" && $0["variable"] == "output" }
        let value = Dictionary(uniqueKeysWithValues: cell.map { ($0["group"]!, Double($0["contribution"]!)!) })
        #expect(value.count == 5, "\(value)")
        let trace = try csvTable(folder + "/trace.csv")
        let areas = data.holding("Hebei").union(["Hebei"])
        func touches(_ rule: String) -> Bool {
            trace.contains { $0["rule"] == rule && (areas.contains($0["area"]!) || $0["sector"]!.split(separator: "+").contains("steel")) }
        }
        let rules = ["hebei-steel", "guangdong-cars", "national-projects", "central-goods"]
        let reached = rules.filter { touches($0) && abs(value[$0]!) > 1e-6 }.sorted { abs(value[$0]!) > abs(value[$1]!) }
        #expect(reached == ["hebei-steel", "national-projects"], "by construction of the fixture: \(reached)")
        #expect(rules.filter { !touches($0) } == ["guangdong-cars", "central-goods"])

        let after = try CLI.run(ask)
        #expect(after.status == 0, "\(after.stderr)")
        let lines = after.stdout.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("Rules that reached steel in Hebei in 2024, largest effect first") }, "\(after.stdout)")
        let listed = lines[(start + 1)...].prefix { $0.hasPrefix("  ") && !$0.hasPrefix("  +") && !$0.hasPrefix("  -") && !$0.hasPrefix("  total:") }
        #expect(listed.map { String($0.dropFirst(2).split(separator: ":")[0]) } == reached, "\(after.stdout)")
        for (line, rule) in zip(listed, reached) {
            let printed = Double(line.split(separator: ":")[1].split(separator: " ")[0])!
            #expect(abs(printed - value[rule]!) <= 0.005 + 1e-9, "\(line) against \(value[rule]!)")
        }
        #expect(listed.first?.contains("acted on steel in Hebei") == true, "\(listed)")
        #expect(listed.dropFirst().first?.contains("through supply chains") == true, "\(listed)")
        let rest = value["guangdong-cars"]! + value["central-goods"]!
        #expect(after.stdout.contains(String(format: "  %+.2f from 2 rules that acted on neither Hebei", rest)), "\(after.stdout)")
        #expect(after.stdout.contains(String(format: "  total: %+.2f", value["total"]!)), "\(after.stdout)")
        for rule in ["guangdong-cars", "central-goods"] { #expect(!after.stdout.contains(rule), "\(rule): \(after.stdout)") }

        // Cumulatively, the same from the sums over the simulated years.
        let cumulative = try CLI.run(["explain", folder, "--area", "Hebei", "--sector", "steel", "--cumulative"])
        #expect(cumulative.status == 0, "\(cumulative.stderr)")
        let all = try csvTable(folder + "/attribution.csv").filter { $0["area"] == "Hebei" && $0["sector"] == "steel" && $0["variable"] == "output" && $0["group"] == "hebei-steel" }
        #expect(all.count == 3)
        let sum = all.reduce(0) { $0 + Double($1["contribution"]!)! }
        #expect(cumulative.stdout.contains(String(format: "  hebei-steel: %+.2f (acted on steel in Hebei", sum)), "\(cumulative.stdout)")
        #expect(!cumulative.stdout.contains("guangdong-cars"))
    }
}
