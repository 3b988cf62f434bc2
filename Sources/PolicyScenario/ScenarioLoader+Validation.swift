// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics
import Yams

extension ScenarioLoader {
    /// A scenario name, which names a folder: never empty, `.`, `..` or a path.
    public static func isPlainName(_ s: String) -> Bool {
        guard let first = s.first, first.isLetter || first.isNumber, s.count <= 100, !s.contains("..") else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
    }

    static let baselineKeys = ["growth", "differentials", "labour_productivity_growth", "capacity_utilisation", "external_growth",
                               "includes", "households", "consumption_propensity", "trends", "component_growth"]
    /// The final-demand columns `component_growth` may name.
    static let growthComponents: [FlowColumn] = [.ruralHouseholds, .urbanHouseholds, .government, .fixedCapital, .inventories, .exports]

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
            if !ScenarioLoader.isPlainName(s) {
                error(&context, n, "name '\(s)' must be a plain identifier: a letter or digit, then letters, digits, '-', '_' or '.', at most 100 characters and no '..' (it names the result folder Results/NAME)")
            }
            name = s
        }
        let title = raw.fields["title"].flatMap { text($0, &context, "title") } ?? name
        let description = raw.fields["description"].flatMap { text($0, &context, "description") } ?? ""

        // The data set: validation needs its areas and sectors.
        guard let dataNode = required("data"), let dataRelative = text(dataNode, &context, "data") else { return nil }
        let dataPath = ScenarioLoader.resolve(dataRelative, from: dataNode.file)
        let data: DataSet
        do {
            data = try dataSets(dataPath)
        } catch {
            let first = "\(error)".components(separatedBy: "\n").prefix(3).joined(separator: "; ")
            self.error(&context, dataNode, "cannot load the data set '\(dataRelative)' (\(displayPath(dataPath))): \(first)")
            return nil
        }

        context.dataFolder = dataPath
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
            if start != data.baseYear + 1 {
                error(&context, h, "the horizon must start in \(data.baseYear + 1), the year after the data set's base year \(data.baseYear) (the projection runs year by year from it), not in \(start)")
            }
            if end < start { error(&context, h, "the horizon ends (\(end)) before it starts (\(start))") }
            if end - start + 1 > ScenarioLoader.maxHorizonYears || end > ScenarioLoader.lastYear {
                error(&context, h, "the horizon \(start)-\(end) is too long: at most \(ScenarioLoader.maxHorizonYears) years and no later than \(ScenarioLoader.lastYear)")
            }
        }

        var baseline = validateBaseline(raw.baselineParts, start: start, end: end, data: data, &context)

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
        var resolver = NameResolver(data: data)
        resolver.listArgument = fileOfTop
        var rules: [Rule] = []
        for (_, node) in raw.rules {
            if let r = validateRule(node, data: data, resolver: resolver, parameters: parameters,
                                    declared: Set(raw.parameters.map(\.name)), start: start, end: end, &context) {
                rules.append(r)
            }
        }
        // A parameter the outermost file declares must override one of the files it extends
        // or be used by a rule: a misspelt override (`fund_levrage`) would otherwise be a new
        // parameter that nothing reads, and the run the same as without it.
        var used = Set(rules.flatMap { $0.numbers.values.flatMap(\.parameters) })
        for part in raw.baselineParts { if let name = part.node.mapping?["consumption_propensity"]?.string { used.insert(name) } }
        let inherited = raw.parameters.filter { $0.key.file != fileOfTop || $0.overrides }.map(\.name)
        for p in raw.parameters where rules.count == raw.rules.count && p.key.file == fileOfTop && !p.overrides
            && !used.contains(p.name) && parameters[p.name] != nil {
            if raw.files.count > 1 {
                let near = nearestName(p.name, inherited).map { "; did you mean '\($0)'?" } ?? (inherited.isEmpty ? "; the files it extends declare no parameters" : "; the parameters of the files it extends are \(inherited.sorted().joined(separator: ", "))")
                error(&context, p.key, "parameter '\(p.name)' overrides no parameter of the files this one extends, and no rule uses it\(near)")
            } else {
                error(&context, p.key, "parameter '\(p.name)' is used by no rule; name it in a rule (`leverage: \(p.name)`) or remove it")
            }
        }
        if var spec = baseline {
            resolveBaselinePolicy(&spec, raw: raw, rules: rules, parameters: parameters, dataPath: dataPath, &context)
            baseline = spec
        }
        let correlations = raw.fields["correlations"].map { self.correlations($0, parameters: parameters, &context) } ?? []
        guard context.diagnostics.isEmpty, let baseline else { return nil }
        var scenario = Scenario(name: name, title: title, description: description, files: raw.files, dataPath: dataPath,
                                startYear: start, endYear: end, baseline: baseline, seed: seed, draws: draws,
                                parameters: parameters, rules: rules)
        scenario.correlations = correlations
        return (scenario, data)
    }

    /// `correlations:`, a list of `{parameters: [a, b], rank: r}`: Spearman's rank correlation
    /// of two uncertain parameters, in (-1, 1), each pair once, all of them together possible.
    func correlations(_ at: Located, parameters: [String: Distribution], _ context: inout Context) -> [ParameterCorrelation] {
        var out: [ParameterCorrelation] = []
        for item in sequenceItems(at, &context, "correlations must be a list of {parameters: [a, b], rank: r}") {
            guard let entries = mappingEntries(item, &context, "a correlation", allowed: ["parameters", "rank"]) else { continue }
            guard let names = entries.first(where: { $0.key == "parameters" }), let rankAt = entries.first(where: { $0.key == "rank" }) else {
                error(&context, item, "a correlation needs `parameters: [a, b]` and `rank:` (Spearman's rank correlation, e.g. 0.5)")
                continue
            }
            let pair = sequenceItems(names.value, &context, "parameters of a correlation are a list of two names")
            var chosen: [String] = []
            for p in pair {
                guard let n = p.node.string else { error(&context, p, "a parameter is a name"); continue }
                guard let d = parameters[n] else {
                    error(&context, p, "unknown parameter '\(n)'" + (nearestName(n, parameters.keys.sorted()).map { "; did you mean '\($0)'?" } ?? "; declare it under `parameters:`"))
                    continue
                }
                if d.isFixed { error(&context, p, "parameter '\(n)' is fixed, so it has nothing to correlate; give it a distribution"); continue }
                chosen.append(n)
            }
            guard chosen.count == pair.count else { continue }
            guard chosen.count == 2, chosen[0] != chosen[1] else {
                error(&context, names.value, "a correlation is between two different parameters; write `parameters: [a, b]`")
                continue
            }
            guard let rank = number(rankAt.value, &context, "rank") else { continue }
            guard rank > -1, rank < 1 else {
                error(&context, rankAt.value, "rank must lie strictly between -1 and 1, not \(rank); a correlation of 1 means one parameter, so use one")
                continue
            }
            if out.contains(where: { Set([$0.first, $0.second]) == Set(chosen) }) {
                error(&context, names.value, "the correlation of \(chosen[0]) and \(chosen[1]) is given twice")
                continue
            }
            out.append(ParameterCorrelation(first: chosen[0], second: chosen[1], rank: rank))
        }
        if !out.isEmpty && context.diagnostics.isEmpty {
            if ParameterCorrelation.copula(out) == nil {
                error(&context, at, "these rank correlations cannot hold together (their normal-copula matrix is not positive definite, as when a and b are both close to c but opposite to each other): weaken some of them")
            }
        }
        return out
    }

    /// The propensity to consume out of labour income when none is given: an assumption.
    /// Household consumption is 0.71 of labour compensation in the data set's national table
    /// (an average propensity, which bounds the marginal one from above); 0.5 is half-way
    /// between it and the marginal propensities of 0.2-0.4 often estimated for Chinese
    /// households.
    static let defaultPropensity = 0.5

    /// `baseline.includes` and `baseline.consumption_propensity`, which name rules and
    /// parameters. `includes` is a scenario file whose rules (and their parameters' central
    /// values) are part of the target path, or a list of this scenario's rule ids.
    func resolveBaselinePolicy(_ spec: inout BaselineSpec, raw: RawScenario, rules: [Rule], parameters: [String: Distribution],
                               dataPath: String, _ context: inout Context) {
        var entries: [String: Located] = [:]
        for part in raw.baselineParts {
            if case let .mapping(m) = part.node {
                for (k, v) in m { if let key = k.string { entries[key] = Located(node: v, file: part.file) } }
            }
        }
        if let p = entries["consumption_propensity"] {
            guard case .endogenous = spec.households else {
                error(&context, p, "consumption_propensity needs `households: endogenous`")
                return
            }
            if case let .scalar(s) = p.node, s.style == .plain || s.style == .any, let name = p.node.string, name.first?.isLetter == true, !name.hasSuffix("%") {
                guard let d = parameters[name] else {
                    error(&context, p, "unknown parameter '\(name)'" + (nearestName(name, parameters.keys.sorted()).map { "; did you mean '\($0)'?" } ?? "; declare it under `parameters:`"))
                    return
                }
                let (a, b) = ScenarioLoader.support(d)
                if a < 0 || b >= 1 { error(&context, p, "consumption_propensity must lie in [0, 1), but parameter '\(name)' can take values from \(a) to \(b)") }
                spec.households = .endogenous(propensity: .parameter(name))
            } else if let v = number(p, &context, "consumption_propensity") {
                if v < 0 || v >= 1 { error(&context, p, outOfRange("consumption_propensity", v, 0...0.99, unit: "a share of labour income spent", fraction: true, at: p)) }
                spec.households = .endogenous(propensity: .value(v))
            }
        }
        guard let includes = entries["includes"], !readingIncluded else { return }
        if case .sequence = includes.node {
            var chosen: [Rule] = []
            for item in sequenceItems(includes, &context, "includes must be a scenario file or a list of rule ids") {
                guard let id = item.node.string else { error(&context, item, "a rule id is a word"); continue }
                guard let r = rules.first(where: { $0.id == id }) else {
                    // A rule of the file that did not validate has its own error already.
                    if raw.rules.contains(where: { $0.id == id }) { continue }
                    error(&context, item, "includes: no rule '\(id)' in this scenario" + (nearestName(id, rules.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""))
                    continue
                }
                chosen.append(r)
            }
            spec.included = IncludedPolicy(rules: chosen, values: parameters.mapValues(\.central), source: "rules " + chosen.map(\.id).joined(separator: ", "))
            return
        }
        guard let written = includes.node.string, !written.isEmpty else {
            error(&context, includes, "includes must be a scenario file (its measures are in the target path) or a list of rule ids")
            return
        }
        let path = ScenarioLoader.resolve(written, from: includes.file)
        guard FileManager.default.fileExists(atPath: path), ScenarioLoader.isScenarioFileName(path) else {
            error(&context, includes, "includes '\(written)': no scenario file there (looked for \(displayPath(path)))")
            return
        }
        var inner = self
        inner.readingIncluded = true
        do {
            let (included, _) = try inner.load(path)
            if URL(fileURLWithPath: included.dataPath).standardizedFileURL != URL(fileURLWithPath: dataPath).standardizedFileURL {
                error(&context, includes, "includes '\(written)' runs on another data set (\(displayPath(included.dataPath))); a baseline can only contain measures on its own data")
                return
            }
            spec.included = IncludedPolicy(rules: included.rules, values: included.parameters.mapValues(\.central),
                                           source: URL(fileURLWithPath: written).lastPathComponent)
        } catch let e as ScenarioError {
            let first = e.diagnostics.first.map { "\($0)" } ?? ""
            error(&context, includes, "includes '\(written)' does not load: \(e.diagnostics.count) problem\(e.diagnostics.count == 1 ? "" : "s"), the first: \(first)")
        } catch {
            self.error(&context, includes, "includes '\(written)' does not load: \(error)")
        }
    }

    /// Real growth per year, a fraction strictly between -50 % and 50 % (wider is no economy's
    /// path; `5` for five percent is the usual slip).
    func growthRate(_ at: Located, _ context: inout Context, _ what: String) -> Double? {
        guard let g = number(at, &context, what) else { return nil }
        guard g > -0.5 && g < 0.5 else {
            error(&context, at, outOfRange(what, g, -0.5...0.5, unit: "real growth per year", fraction: true, at: at))
            return nil
        }
        return g
    }

    func validateBaseline(_ parts: [Located], start: Int, end: Int, data: DataSet, _ context: inout Context) -> BaselineSpec? {
        guard let last = parts.last else {
            context.diagnostics.append(Diagnostic(file: "scenario", line: 1, column: 1, message: "missing key 'baseline'; it needs at least `growth:` (national real GDP growth per year)"))
            return nil
        }
        var entries: [(key: String, keyAt: Located, value: Located)] = []
        for at in parts {
            guard let here = mappingEntries(at, &context, "baseline", allowed: ScenarioLoader.baselineKeys) else { return nil }
            entries.removeAll { old in here.contains { $0.key == old.key } }
            entries += here
        }
        let at = last
        var spec = BaselineSpec(growth: [:], differentialPersistence: 0.5, historyFrom: 2017, historyTo: 2022,
                                labourProductivityGrowth: 0.042, capacityUtilisation: 0.756,
                                externalGrowth: Dictionary(data.externals.map { ($0.id, 0.022) }, uniquingKeysWith: { a, _ in a }))
        var haveGrowth = false
        for e in entries {
            switch e.key {
            case "includes", "consumption_propensity":
                break  // resolved with the rules and parameters (`resolveBaselinePolicy`)
            case "households":
                switch e.value.node.string {
                case "exogenous": spec.households = .exogenous
                case "endogenous": spec.households = .endogenous(propensity: .value(ScenarioLoader.defaultPropensity))
                default: error(&context, e.value, "households must be exogenous (consumption as the baseline, plus measures) or endogenous (consumption also responds to labour income, a Type II closure)")
                }
            case "growth":
                haveGrowth = true
                if case .scalar = e.value.node {
                    if let g = growthRate(e.value, &context, "baseline.growth") {
                        for y in start...max(start, end) { spec.growth[y] = g }
                    }
                } else if let years = mappingEntries(e.value, &context, "baseline.growth", allowed: nil) {
                    var given: [Int: Double] = [:]
                    for y in years {
                        guard let year = Int(y.key) else { error(&context, y.keyAt, "baseline.growth keys must be years"); continue }
                        if year < start || year > end { error(&context, y.keyAt, "year \(year) is outside the horizon \(start)-\(end)") }
                        if let g = growthRate(y.value, &context, "baseline.growth[\(year)]") { given[year] = g }
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
            case "trends":
                if let v = number(e.value, &context, e.key) {
                    if !(v >= 0 && v <= 1) {
                        error(&context, e.value, outOfRange("trends", v, 0...1, unit: "the fraction of the data set's measured composition trends carried into the baseline", fraction: true, at: e.value))
                    } else if v > 0 && data.demandTrends == nil {
                        error(&context, e.value, "trends: the data set \(data.name) has no trends.csv (no second input-output table); write trends: 0 or use a data set built with one")
                    } else {
                        spec.trendPersistence = v
                    }
                }
            case "component_growth":
                let names = ScenarioLoader.growthComponents.map(\.rawValue)
                if let m = mappingEntries(e.value, &context, "component_growth", allowed: names) {
                    for x in m {
                        if let v = growthRate(x.value, &context, "component_growth.\(x.key)"), let c = FlowColumn(rawValue: x.key) { spec.componentGrowth[c] = v }
                    }
                    if Set(m.map(\.key)).count == names.count {
                        error(&context, e.value, "component_growth gives every component its own growth, so nothing is left to meet the growth target; leave at least one component (household consumption, say) to grow with the target")
                    }
                }
            case "labour_productivity_growth":
                if let v = growthRate(e.value, &context, e.key) { spec.labourProductivityGrowth = v }
            case "capacity_utilisation":
                if let v = number(e.value, &context, e.key) {
                    if v <= 0 || v > 1 {
                        error(&context, e.value, outOfRange("capacity_utilisation", v, 0...1, unit: "a fraction of capacity, above 0", fraction: true, at: e.value))
                    } else {
                        spec.capacityUtilisation = v
                    }
                }
            default:
                if let m = mappingEntries(e.value, &context, "external_growth", allowed: data.externals.map(\.id)) {
                    for x in m { if let v = growthRate(x.value, &context, "external_growth.\(x.key)") { spec.externalGrowth[x.key] = v } }
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
