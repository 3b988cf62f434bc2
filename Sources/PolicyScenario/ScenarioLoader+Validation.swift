// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics
import Yams

extension ScenarioLoader {
    static let baselineKeys = ["growth", "differentials", "labour_productivity_growth", "capacity_utilisation", "external_growth"]

    func validate(_ raw: RawScenario, diagnostics: inout [Diagnostic]) -> (Scenario, DataSet)? {
        var context = Context()
        for f in raw.files { context.sources[f] = (try? String(contentsOfFile: f, encoding: .utf8))?.components(separatedBy: "\n") }
        defer { diagnostics += context.diagnostics }
        let fileOfTop = raw.files.last ?? "scenario"
        func required(_ key: String) -> Located? {
            if let v = raw.fields[key] { return v }
            context.diagnostics.append(Diagnostic(file: fileOfTop, line: 1, column: 1, message: "missing key '\(key)'"))
            return nil
        }

        var name = ""
        if let n = required("name"), let s = text(n, &context, "name") {
            if s.isEmpty || !s.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) {
                error(&context, n, "name '\(s)' must be letters, digits, '-', '_' or '.' (it names the result folder)")
            }
            name = s
        }
        let title = raw.fields["title"].flatMap { text($0, &context, "title") } ?? name
        let description = raw.fields["description"].flatMap { text($0, &context, "description") } ?? ""

        // The data set: validation needs its areas and sectors.
        guard let dataNode = required("data"), let dataRelative = text(dataNode, &context, "data") else { return nil }
        let dataPath = URL(fileURLWithPath: dataNode.file).deletingLastPathComponent().appendingPathComponent(dataRelative).standardizedFileURL.path
        let data: DataSet
        do {
            data = try dataSets(dataPath)
        } catch {
            let first = "\(error)".components(separatedBy: "\n").prefix(3).joined(separator: "; ")
            self.error(&context, dataNode, "cannot load the data set '\(dataRelative)' (\(displayPath(dataPath))): \(first)")
            return nil
        }

        // Horizon.
        var start = data.baseYear + 1, end = data.baseYear + 1
        if let h = required("horizon") {
            if case .mapping = h.node, let entries = mappingEntries(h, &context, "horizon", allowed: ["start", "end"]) {
                for e in entries {
                    if let y = integer(e.value, &context, "horizon.\(e.key)") { if e.key == "start" { start = y } else { end = y } }
                }
                if !entries.contains(where: { $0.key == "end" }) { error(&context, h, "horizon needs `end`") }
            } else if let (a, b) = yearRange(h, &context, "horizon") {
                (start, end) = (a, b)
            }
            if start <= data.baseYear { error(&context, h, "the horizon must start after the base year \(data.baseYear), not in \(start)") }
            if end < start { error(&context, h, "the horizon ends (\(end)) before it starts (\(start))") }
            if end - start + 1 > ScenarioLoader.maxHorizonYears || end > ScenarioLoader.lastYear {
                error(&context, h, "the horizon \(start)-\(end) is too long: at most \(ScenarioLoader.maxHorizonYears) years and no later than \(ScenarioLoader.lastYear)")
            }
        }

        let baseline = validateBaseline(raw.fields["baseline"], start: start, end: end, data: data, &context)

        var seed: UInt64 = 1
        if let s = raw.fields["seed"], let v = integer(s, &context, "seed") {
            if v < 0 { error(&context, s, "seed must be >= 0") } else { seed = UInt64(v) }
        }
        var draws = 0
        if let d = raw.fields["draws"], let v = integer(d, &context, "draws") {
            if v < 0 || v > ScenarioLoader.maxDraws { error(&context, d, "draws must be between 0 and \(ScenarioLoader.maxDraws), not \(v)") } else { draws = v }
        }

        var parameters: [String: Distribution] = [:]
        for p in raw.parameters {
            if !p.name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                error(&context, p.key, "parameter name '\(p.name)' must be letters, digits and underscores")
                continue
            }
            if let d = distribution(p.value, &context, p.name) { parameters[p.name] = d }
        }
        if raw.rules.count > ScenarioLoader.maxRules {
            context.diagnostics.append(Diagnostic(file: fileOfTop, line: 1, column: 1, message: "\(raw.rules.count) rules; a scenario may have at most \(ScenarioLoader.maxRules)"))
        }
        let resolver = NameResolver(data: data)
        var rules: [Rule] = []
        for (_, node) in raw.rules {
            if let r = validateRule(node, data: data, resolver: resolver, parameters: parameters,
                                    declared: Set(raw.parameters.map(\.name)), start: start, end: end, &context) {
                rules.append(r)
            }
        }
        guard context.diagnostics.isEmpty, let baseline else { return nil }
        return (Scenario(name: name, title: title, description: description, files: raw.files, dataPath: dataPath,
                         startYear: start, endYear: end, baseline: baseline, seed: seed, draws: draws,
                         parameters: parameters, rules: rules), data)
    }

    func validateBaseline(_ at: Located?, start: Int, end: Int, data: DataSet, _ context: inout Context) -> BaselineSpec? {
        guard let at else {
            context.diagnostics.append(Diagnostic(file: "scenario", line: 1, column: 1, message: "missing key 'baseline'; it needs at least `growth:` (national real GDP growth per year)"))
            return nil
        }
        guard let entries = mappingEntries(at, &context, "baseline", allowed: ScenarioLoader.baselineKeys) else { return nil }
        var spec = BaselineSpec(growth: [:], differentialPersistence: 0.5, historyFrom: 2017, historyTo: 2022,
                                labourProductivityGrowth: 0.042, capacityUtilisation: 0.756,
                                externalGrowth: Dictionary(uniqueKeysWithValues: data.externals.map { ($0.id, 0.022) }))
        var haveGrowth = false
        for e in entries {
            switch e.key {
            case "growth":
                haveGrowth = true
                if case .scalar = e.value.node {
                    if let g = number(e.value, &context, "baseline.growth") {
                        if g <= -0.5 || g >= 0.5 { error(&context, e.value, "baseline.growth \(g) is outside (-50%, 50%) per year") }
                        for y in start...max(start, end) { spec.growth[y] = g }
                    }
                } else if let years = mappingEntries(e.value, &context, "baseline.growth", allowed: nil) {
                    var given: [Int: Double] = [:]
                    for y in years {
                        guard let year = Int(y.key) else { error(&context, y.keyAt, "baseline.growth keys must be years"); continue }
                        if year < start || year > end { error(&context, y.keyAt, "year \(year) is outside the horizon \(start)-\(end)") }
                        if let g = number(y.value, &context, "baseline.growth[\(year)]") { given[year] = g }
                    }
                    guard given[start] != nil else {
                        error(&context, e.value, "baseline.growth must give the first year of the horizon, \(start); later years without a value keep the previous one")
                        continue
                    }
                    var last = given[start]!
                    for y in start...max(start, end) { last = given[y] ?? last; spec.growth[y] = last }
                }
            case "differentials":
                if let s = e.value.node.string, e.value.node.mapping == nil, s == "none" {
                    spec.differentialPersistence = 0
                } else if let d = mappingEntries(e.value, &context, "baseline.differentials", allowed: ["persistence", "from", "to"]) {
                    for x in d {
                        switch x.key {
                        case "persistence":
                            if let v = number(x.value, &context, "persistence") {
                                if v < 0 || v > 1 { error(&context, x.value, "persistence must lie in [0, 1]") } else { spec.differentialPersistence = v }
                            }
                        case "from": if let v = integer(x.value, &context, "from") { spec.historyFrom = v }
                        default: if let v = integer(x.value, &context, "to") { spec.historyTo = v }
                        }
                    }
                    let years = data.gdpHistory.values.first.map { Array($0.keys) } ?? []
                    if let lo = years.min(), let hi = years.max(), spec.historyFrom < lo || spec.historyTo > hi || spec.historyFrom >= spec.historyTo {
                        error(&context, e.value, "differentials need from < to within the GDP history \(lo)-\(hi)")
                    }
                }
            case "labour_productivity_growth":
                if let v = number(e.value, &context, e.key) {
                    if v <= -0.5 || v >= 0.5 { error(&context, e.value, "\(e.key) must lie in (-50%, 50%)") } else { spec.labourProductivityGrowth = v }
                }
            case "capacity_utilisation":
                if let v = number(e.value, &context, e.key) {
                    if v <= 0 || v > 1 { error(&context, e.value, "capacity_utilisation must lie in (0, 1]") } else { spec.capacityUtilisation = v }
                }
            default:
                if let m = mappingEntries(e.value, &context, "external_growth", allowed: data.externals.map(\.id)) {
                    for x in m { if let v = number(x.value, &context, "external_growth.\(x.key)") { spec.externalGrowth[x.key] = v } }
                }
            }
        }
        if !haveGrowth {
            error(&context, at, "baseline needs `growth:` (national real GDP growth per year, e.g. 5%)")
            return nil
        }
        return spec
    }
}

/// A resolved name, or the message that explains why it is not one.
enum Resolution<T> {
    case success(T)
    case failure(String)
}

/// Resolves area and sector names, with aliases, and suggests the nearest on a miss.
struct NameResolver {
    let areaNames: [String: String]
    let sectorIds: [String]
    let sectorGroups: [String: [String]]
    let externals: Set<String>

    init(data: DataSet) {
        var areas: [String: String] = [:]
        for p in data.provinces {
            areas[p.id.lowercased()] = p.id
            areas[p.nameZh] = p.id
        }
        for a in data.aggregates { areas[a.id.lowercased()] = a.id }
        let aliases = ["jjj": "Beijing-Tianjin-Hebei", "jing-jin-ji": "Beijing-Tianjin-Hebei", "yrd": "Yangtze River Delta",
                       "gba": "Greater Bay Area", "guangdong-hong kong-macao greater bay area": "Greater Bay Area",
                       "nation": "China", "national": "China", "central and west": "Central-West", "central and western": "Central-West"]
        for (k, v) in aliases where data.aggregates.contains(where: { $0.id == v }) { areas[k] = v }
        areaNames = areas
        sectorIds = data.sectors.map(\.id)
        var groups: [String: [String]] = ["key_industries": data.sectors.filter(\.isKeyIndustry).map(\.id), "all": data.sectors.map(\.id)]
        for g in Sector.Group.allCases where !sectorIds.contains(g.rawValue) {
            groups[g.rawValue] = data.sectors.filter { $0.group == g }.map(\.id)
        }
        sectorGroups = groups
        externals = Set(data.externals.map(\.id))
    }

    func area(_ name: String) -> Resolution<String> {
        if let id = areaNames[name.lowercased()] ?? areaNames[name] { return .success(id) }
        if externals.contains(name) {
            return .failure("'\(name)' is an external economy outside the input-output system; it follows a cluster through cluster_synergy's external_elasticity")
        }
        let known = Array(Set(areaNames.values)).sorted()
        return .failure("unknown area '\(name)'" + (nearestName(name, known).map { "; did you mean '\($0)'?" } ?? "; areas are provinces, East, Central, West, Northeast, Central-West, the clusters (JJJ, YRD, GBA) and China"))
    }

    func sectors(_ name: String) -> Resolution<[String]> {
        if sectorIds.contains(name) { return .success([name]) }
        if let g = sectorGroups[name] { return .success(g) }
        return .failure("unknown sector '\(name)'" + (nearestName(name, sectorIds + sectorGroups.keys.sorted()).map { "; did you mean '\($0)'?" } ?? "; see `policysim data report` for the sector ids"))
    }
}
