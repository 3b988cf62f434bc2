// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyModel
import PolicyNumerics
import PolicyResults
import PolicyScenario

extension PolicySim {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the names scenario files, explain and plot accept: areas, sectors, components, measures, parameters.",
            discussion: """
                areas: ids, kinds, Chinese names, the other names accepted, and each aggregate's \
                members with their weights. sectors: ids, groups, Chinese and English names and \
                aliases, and the groups a scenario may name. components: the final-demand components \
                a rule or the baseline may name. measures: the measure kinds (`policysim rules` for \
                their parameters). parameters: a scenario's parameters with their distributions and \
                central values (needs a scenario file). The names come from the data set of SOURCE: \
                a scenario file, a data set folder or a result folder (default: \(List.defaultData)).
                """
        )

        enum Topic: String, ExpressibleByArgument, CaseIterable {
            case areas, sectors, components, measures, parameters
        }

        static let defaultData = "Scenarios/data/china-2022"

        @Argument(help: "areas, sectors, components, measures or parameters.") var topic: Topic
        @Argument(help: "A scenario file, a data set folder or a result folder (default: \(List.defaultData)).") var source: String?

        func validate() throws {
            if topic == .parameters && source == nil {
                throw ValidationError("`list parameters` lists a scenario's parameters; please name the scenario file: policysim list parameters Scenarios/miit-2023.yaml")
            }
        }

        func run() throws {
            switch topic {
            case .measures:
                print(ListText.measures())
            case .parameters:
                let path = source ?? ""
                guard ScenarioLoader.isScenarioPath(path) else {
                    throw failure(NameFailure(description: "\(path) is not a scenario file (.yaml or .yml); `list parameters` needs one: policysim list parameters Scenarios/miit-2023.yaml"), otherwise: Exit.usage)
                }
                let (scenario, _) = try loadScenario(path)
                print(ListText.parameters(scenario, file: path))
            case .areas, .sectors, .components:
                let folder = try dataFolder()
                let data: DataSet
                do { data = try DataSetReader.load(URL(fileURLWithPath: folder)).data } catch { throw failure(error) }
                let names = NameResolver(data: data)
                switch topic {
                case .areas: print(ListText.areas(names, data: data, folder: folder))
                case .sectors: print(ListText.sectors(names, data: data, folder: folder))
                default: print(ListText.components(data, folder: folder))
                }
            }
        }

        /// The data set folder of `source`: a scenario file's `data:`, a result folder's data
        /// set (its manifest), or the folder itself.
        func dataFolder() throws -> String {
            guard let source else { return List.defaultData }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder) else {
                throw failure(NameFailure(description: "\(source): no such file or folder; give a scenario file, a data set folder or a result folder, or nothing for \(List.defaultData)"), otherwise: Exit.usage)
            }
            if !isFolder.boolValue {
                guard ScenarioLoader.isScenarioPath(source) else {
                    throw failure(NameFailure(description: "\(source) is not a scenario file (.yaml or .yml), a data set folder or a result folder"), otherwise: Exit.usage)
                }
                do {
                    return try ScenarioLoader.dataPath(of: source)
                } catch let e as ScenarioError {
                    printIssues(e.diagnostics.map(\.description), limit: 50)
                    printError("\(source): the data set it names could not be read from it")
                    throw ExitCode(Exit.invalidInput)
                }
            }
            let url = URL(fileURLWithPath: source)
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("output.csv").path) {
                do { return try RunManifest.read(url).dataSet.path } catch { throw failure(error) }
            }
            return source
        }
    }
}

/// Names on the command line that do not resolve (`--area`, `--areas`, `--sector`), each with
/// its suggestions and the `policysim list` command that shows the names, and other
/// problems of `list`'s arguments.
struct NameFailure: Error, CustomStringConvertible {
    var description: String
}

extension ScenarioLoader {
    static func isScenarioPath(_ path: String) -> Bool {
        ["yaml", "yml"].contains(URL(fileURLWithPath: path).pathExtension.lowercased())
    }
}

enum ListText {
    /// Columns padded to a common width (Chinese characters count two), the last left as is.
    static func table(_ rows: [[String]], indent: String = "") -> String {
        func width(_ s: String) -> Int {
            s.unicodeScalars.reduce(0) { n, u in
                let v = u.value
                let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                    || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
                return n + (wide ? 2 : 1)
            }
        }
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for r in rows { for (i, c) in r.enumerated() where i < columns - 1 { widths[i] = max(widths[i], width(c)) } }
        return rows.map { r in
            var line = indent
            for (i, c) in r.enumerated() {
                line += c
                if i < r.count - 1 { line += String(repeating: " ", count: widths[i] - width(c) + 2) }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// A weight as printed: 1, or four decimals.
    static func weight(_ w: Double) -> String { w == 1 ? "1" : String(format: "%.4f", w) }

    static func areas(_ names: NameResolver, data: DataSet, folder: String) -> String {
        let entries = names.areaEntries
        func count(_ kind: String) -> Int { entries.filter { $0.kind == kind }.count }
        var out = ["Areas of \(data.name) (\(displayPath(folder))): \(count("province")) provinces, \(count("region")) regions, \(count("cluster")) clusters, \(count("nation")) nation, \(count("external")) external economies.",
                   "Scenario files, explain and plot accept the id, the Chinese name or another name below, in any case; output files use the id.",
                   ""]
        var rows = [["id", "kind", "Chinese", "also accepted", "member of (weight, where below 1; every province is in China)"]]
        for e in entries {
            var memberOf = ""
            if e.kind == "province" {
                memberOf = data.aggregates.filter { $0.kind != .nation }.compactMap { a in
                    a.members.first { $0.province == e.id }.map { m in m.weight == 1 ? a.id : "\(a.id) (\(weight(m.weight)))" }
                }.joined(separator: ", ")
            } else if e.kind == "external" {
                memberOf = data.externals.first { $0.id == e.id }.map { "follows \($0.cluster); outside the input-output system, refused in scenario areas" } ?? ""
            }
            rows.append([e.id, e.kind, e.nameZh.isEmpty ? "-" : e.nameZh, e.aliases.isEmpty ? "-" : e.aliases.joined(separator: ", "), memberOf])
        }
        out.append(table(rows))
        out.append("")
        out.append("Members and weights (an aggregate's value is the weighted sum of its members'; aggregates overlap):")
        for e in entries where !e.members.isEmpty {
            var line = "  \(e.id) (\(e.kind)): "
            if e.members.count == data.provinces.count && e.members.allSatisfy({ $0.weight == 1 }) {
                line += "all \(e.members.count) provinces, each at weight 1"
            } else {
                line += e.members.map { "\($0.province) \(weight($0.weight))" }.joined(separator: ", ")
            }
            if !e.externals.isEmpty { line += "; followed by \(e.externals.joined(separator: ", ")) (external economies, at their GDP)" }
            out.append(line)
        }
        return out.joined(separator: "\n")
    }

    static func sectors(_ names: NameResolver, data: DataSet, folder: String) -> String {
        var out = ["Sectors of \(data.name) (\(displayPath(folder))): \(names.sectorEntries.count) sectors.",
                   "Scenario files, explain and plot accept the id, the English or Chinese name or another name below, in any case; output files use the id.",
                   ""]
        var rows = [["id", "group", "key industry", "Chinese", "English name"]]
        for s in names.sectorEntries {
            rows.append([s.id, s.group, s.isKeyIndustry ? "yes" : "no", s.nameZh.isEmpty ? "-" : s.nameZh, s.name])
            if !s.aliases.isEmpty { rows.append(["", "", "", "", "also: " + s.aliases.joined(separator: ", ")]) }
        }
        out.append(table(rows))
        out.append("")
        out.append("Groups (scenario files; explain and plot take one sector or all):")
        out.append(table(names.groupEntries.map { g in
            [g.name, ([g.nameZh] + g.aliases).filter { !$0.isEmpty }.joined(separator: ", "), g.members.joined(separator: ", ")]
        }, indent: "  "))
        let refused = NameResolver.ambiguousSectorAliases.filter { $0.1.filter { id in names.sectorEntries.contains { $0.id == id } }.count >= 2 }
        if !refused.isEmpty {
            out.append("")
            out.append("Refused as ambiguous: " + refused.map { "\($0.0) (\($0.1.joined(separator: ", ")))" }.joined(separator: "; ") + ".")
        }
        return out.joined(separator: "\n")
    }

    /// Chinese names of the final-demand components (the NBS table's column heads) and what each holds.
    static let componentNames: [FlowColumn: (zh: String, meaning: String)] = [
        .ruralHouseholds: ("农村居民消费", "rural household consumption"),
        .urbanHouseholds: ("城镇居民消费", "urban household consumption"),
        .government: ("政府消费", "government consumption"),
        .fixedCapital: ("固定资本形成总额", "gross fixed capital formation"),
        .inventories: ("存货变动", "changes in inventories"),
        .exports: ("出口", "exports (to the rest of the world)"),
    ]

    static func components(_ data: DataSet, folder: String) -> String {
        let takers = MeasureKind.allCases.flatMap { k in k.spec.parameters.filter { $0.kind == .component }.map { "\(k.rawValue).\($0.name)" } }
        var out = ["Final-demand components of \(data.name) (\(displayPath(folder))), as rules (\(takers.joined(separator: ", "))) and `baseline.component_growth` name them:", ""]
        var rows = [["id", "Chinese", "meaning", "national total, base year \(data.baseYear) (100 million yuan)"]]
        for c in FlowColumn.finalDemand {
            let total = data.national[c].reduce(0, +)
            rows.append([c.rawValue, componentNames[c]?.zh ?? "-", componentNames[c]?.meaning ?? "", String(format: "%.1f", total)])
        }
        out.append(table(rows))
        return out.joined(separator: "\n")
    }

    static func measures() -> String {
        var out = ["Measure kinds (`measure:` of a rule; `policysim rules KIND` prints a kind's parameters, units and ranges):", ""]
        var rows = [["id", "task", "what it does"]]
        for k in MeasureKind.allCases { rows.append([k.rawValue, k.spec.task, k.spec.summary]) }
        out.append(table(rows))
        return out.joined(separator: "\n")
    }

    /// "triangular: lower 2, mode 4, upper 6".
    static func describe(_ d: Distribution) -> String {
        func n(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)" }
        switch d {
        case let .fixed(v): return "fixed: \(n(v))"
        case let .normal(m, sd): return "normal: mean \(n(m)), sd \(n(sd))"
        case let .lognormal(mu, sigma): return "lognormal: mu \(n(mu)), sigma \(n(sigma)) (of the logarithm)"
        case let .uniform(a, b): return "uniform: lower \(n(a)), upper \(n(b))"
        case let .triangular(a, c, b): return "triangular: lower \(n(a)), mode \(n(c)), upper \(n(b))"
        case let .beta(alpha, beta, a, b): return "beta: alpha \(n(alpha)), beta \(n(beta)), lower \(n(a)), upper \(n(b))"
        case let .truncatedNormal(m, sd, a, b): return "truncated_normal: mean \(n(m)), sd \(n(sd)), lower \(n(a)), upper \(n(b))"
        }
    }

    static func parameters(_ scenario: Scenario, file: String) -> String {
        var users: [String: [String]] = [:]
        for r in scenario.rules {
            for (key, value) in r.numbers.sorted(by: { $0.key < $1.key }) {
                for name in value.parameters { users[name, default: []].append("\(r.id).\(key)") }
            }
        }
        if case let .endogenous(propensity) = scenario.baseline.households, case let .parameter(name) = propensity {
            users[name, default: []].append("baseline.consumption_propensity")
        }
        var out = ["Parameters of \(scenario.name) (\(file)): \(scenario.parameters.count), \(scenario.parameters.values.filter { !$0.isFixed }.count) uncertain; the central run uses each central value (the median).", ""]
        var rows = [["name", "central", "distribution", "used by"]]
        for name in scenario.parameterNames {
            let d = scenario.parameters[name]!
            rows.append([name, String(format: "%.6g", d.central), describe(d), users[name]?.joined(separator: ", ") ?? "-"])
        }
        out.append(table(rows))
        return out.joined(separator: "\n")
    }
}
