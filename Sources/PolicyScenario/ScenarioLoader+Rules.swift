// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel
import PolicyNumerics
import Yams

extension ScenarioLoader {
    func validateRule(_ at: Located, data: DataSet, resolver: NameResolver, parameters: [String: Distribution],
                      declared: Set<String>, start: Int, end: Int, _ context: inout Context) -> Rule? {
        let before = context.diagnostics.count
        guard case let .mapping(m) = at.node else { return nil }
        let id = m["id"]?.string ?? "?"
        guard let measureNode = m["measure"] else {
            error(&context, at, "rule '\(id)' needs `measure:` (one of \(MeasureKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            return nil
        }
        let measureAt = Located(node: measureNode, file: at.file)
        guard let measureName = measureNode.string, let measure = MeasureKind(rawValue: measureName) else {
            let name = measureNode.string ?? ""
            error(&context, measureAt, "unknown measure '\(name)'" + (nearestName(name, MeasureKind.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? "") + "; `policysim rules` lists the library")
            return nil
        }
        let spec = measure.spec
        let ruleKeys = MeasureLibrary.ruleFields.map(\.name)
        let allowed = ruleKeys + spec.parameters.map(\.name)
        guard let entries = mappingEntries(at, &context, "rule '\(id)'", allowed: allowed) else { return nil }

        var rule = Rule(id: id, task: spec.task, description: "", measure: measure, areas: [], perProvince: false, sectors: [],
                        condition: nil, conditionText: "", firstYear: start, lastYear: end, phaseIn: [], numbers: [:],
                        composition: nil, component: nil, fromAreas: [], operation: nil, inputSectors: [],
                        origin: "\(at.file):\(at.line)")
        var haveAreas = false
        // A name that did not resolve has its own error; checks that need the names (a
        // consumption programme's goods, a synergy's one cluster) would only repeat it.
        var unresolvedNames = false
        var pending: [(ParameterSpec, Located)] = []
        for e in entries {
            switch e.key {
            case "id":
                if !id.allSatisfy({ $0.isLetter || $0.isNumber || "-_".contains($0) }) {
                    error(&context, e.value, "rule id '\(id)' must be letters, digits, '-' and '_'")
                }
            case "measure": break
            case "task":
                rule.task = text(e.value, &context, "task") ?? rule.task
                if rule.task.contains("|") {
                    error(&context, e.value, "task '\(rule.task)' must not hold '|': iamc.csv names the rule's fiscal cost Fiscal Cost|<task>|<rule id>, and '|' separates the levels there")
                }
            case "description": rule.description = text(e.value, &context, "description") ?? ""
            case "per_province": rule.perProvince = bool(e.value, &context, "per_province") ?? false
            case "areas":
                haveAreas = true
                let errors = context.diagnostics.count
                rule.areas = areaList(e.value, resolver, &context)
                if context.diagnostics.count > errors { unresolvedNames = true }
            case "sectors":
                let errors = context.diagnostics.count
                rule.sectors = sectorList(e.value, resolver, &context)
                if context.diagnostics.count > errors { unresolvedNames = true }
                if rule.sectors.isEmpty && isEmptyList(e.value) {
                    error(&context, e.value, "the list of sectors is empty; leave `sectors:` out for the measure's default (\(spec.sectorsMean)), or name sectors (ids, key_industries, industry, services or all)")
                }
            case "when":
                guard case let .scalar(s) = e.value.node else { error(&context, e.value, "when must be a condition written as text"); continue }
                rule.conditionText = s.string
                do {
                    rule.condition = try Expression.parse(s.string)
                } catch let x {
                    // A quoted scalar starts one column after its mark.
                    let shift = (s.style == .singleQuoted || s.style == .doubleQuoted) ? 1 : 0
                    context.diagnostics.append(diagnostic(context, e.value.file, e.value.line, e.value.column + shift + x.offset, "bad condition: \(x.message)"))
                }
            case "years":
                if let (a, b) = yearRange(e.value, &context, "years") {
                    if a < start || b > end { error(&context, e.value, "years \(a)-\(b) fall outside the horizon \(start)-\(end)") }
                    rule.firstYear = a
                    rule.lastYear = b
                }
            case "prices": rule.prices = priceBase(e.value, baseYear: data.baseYear, &context)
            case "phase_in":
                if let points = mappingEntries(e.value, &context, "phase_in", allowed: nil) {
                    var out: [(Int, Double)] = []
                    for p in points {
                        guard let y = Int(p.key) else { error(&context, p.keyAt, "phase_in keys must be years"); continue }
                        guard let v = number(p.value, &context, "phase_in[\(y)]") else { continue }
                        if v < 0 || v > 1 { error(&context, p.value, "a phase-in level must lie in [0, 1], not \(v)") }
                        if y < start || y > end { error(&context, p.keyAt, "year \(y) is outside the horizon \(start)-\(end)") }
                        out.append((y, v))
                    }
                    rule.phaseIn = out.sorted { $0.0 < $1.0 }.map { (year: $0.0, level: $0.1) }
                }
            default:
                let p = spec.parameter(e.key)!
                measureParameter(p, e.value, &rule, data: data, resolver: resolver, parameters: parameters, declared: declared,
                                 pending: &pending, &context)
            }
        }
        for (p, node) in pending { checkRange(p, node, rule, parameters: parameters, &context) }
        if !haveAreas { error(&context, at, "rule '\(id)' needs `areas:` (provinces, regions, clusters or China)") }
        for p in spec.parameters where p.required && !entries.contains(where: { $0.key == p.name }) {
            error(&context, at, "rule '\(id)' (\(measure.rawValue)) needs `\(p.name)`: \(p.description)")
        }
        if rule.phaseIn.contains(where: { $0.year < rule.firstYear || $0.year > rule.lastYear }) {
            error(&context, at, "rule '\(id)': phase_in years must lie within the rule's years \(rule.firstYear)-\(rule.lastYear)")
        }
        if measure == .consumptionProgramme && rule.sectors.isEmpty && !unresolvedNames {
            error(&context, at, "rule '\(id)': consumption_programme needs `sectors:` (the subsidised goods)")
        }
        if measure == .clusterSynergy && !unresolvedNames {
            let clusters = rule.areas.filter { id in data.aggregates.contains { $0.id == id && $0.kind == .cluster } }
            if clusters.count != 1 || rule.areas.count != 1 {
                error(&context, at, "rule '\(id)': cluster_synergy takes exactly one cluster in `areas` (Beijing-Tianjin-Hebei, Yangtze River Delta or Greater Bay Area)")
            }
        }
        if measure == .industrialTransfer && rule.fromAreas.isEmpty { rule.fromAreas = ["East"] }
        if measure == .finalDemandShock { checkShockNumbers(rule, at, entries, baseYear: data.baseYear, &context) }
        return context.diagnostics.count == before ? rule : nil
    }

    /// A rule's `prices`: a year whose deflator the staged sources give, or a year with the
    /// deflator and its source written out.
    func priceBase(_ at: Located, baseYear: Int, _ context: inout Context) -> PriceBase? {
        var year: Int?, deflator: Double?, source: String?, sourceAt: Located?
        if case .mapping = at.node {
            guard let entries = mappingEntries(at, &context, "prices", allowed: ["year", "deflator", "source"]) else { return nil }
            for e in entries {
                switch e.key {
                case "year": year = integer(e.value, &context, "prices.year")
                case "deflator":
                    guard let d = number(e.value, &context, "prices.deflator") else { return nil }
                    guard d >= 0.2 && d <= 5 else {
                        error(&context, e.value, "prices.deflator is the year's price level over the base year \(baseYear)'s (1.02 is 2 % higher), between 0.2 and 5, not \(d)")
                        return nil
                    }
                    deflator = d
                default:
                    source = text(e.value, &context, "prices.source")
                    sourceAt = e.value
                }
            }
            guard let y = year else {
                error(&context, at, "prices needs `year`: the year whose nominal yuan the rule's amounts are in")
                return nil
            }
            if let d = deflator {
                guard let s = source, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
                    error(&context, sourceAt ?? at, "prices.deflator needs `source`: where the price level of \(y) comes from (a statistical communiqué, a yearbook table)")
                    return nil
                }
                return PriceBase(year: y, level: d, source: s)
            }
            if source != nil, let s = sourceAt {
                error(&context, s, "prices.source goes with `deflator`; without it the deflator is the staged sources' (\(PriceIndex.source))")
                return nil
            }
        } else {
            year = integer(at, &context, "prices")
        }
        guard let y = year else { return nil }
        if y == baseYear { return PriceBase(year: y, level: 1, source: "the data's base year") }
        if context.priceIndex == nil {
            let folder = PriceIndex.sources(besideDataSet: URL(fileURLWithPath: context.dataFolder))
            do {
                context.priceIndex = .success(try PriceIndex.read(sources: folder, baseYear: baseYear))
            } catch let e as DataError {
                context.priceIndex = .failure(e)
            } catch {
                context.priceIndex = .failure(DataError(file: displayPath(folder), "\(error)"))
            }
        }
        switch context.priceIndex! {
        case let .failure(e):
            error(&context, at, "prices \(y) needs the GDP deflator of the staged sources beside the data set, which cannot be read (\(e.issues.first?.description ?? "")); write prices: {year: \(y), deflator: <its price level over \(baseYear)'s>, source: \"...\"}")
            return nil
        case let .success(index):
            guard let level = index.levels[y] else {
                error(&context, at, index.uncovered(y))
                return nil
            }
            return PriceBase(year: y, level: level, source: PriceIndex.source)
        }
    }

    /// final_demand_shock: `amount` (a total over the rule's years) goes with add, `value` (a
    /// factor or a level) with scale and set, and `relative_to` with set, in a year before the
    /// rule's first from the base year on.
    func checkShockNumbers(_ rule: Rule, _ at: Located, _ entries: [(key: String, keyAt: Located, value: Located)], baseYear: Int, _ context: inout Context) {
        let op = rule.operation ?? .add
        func entry(_ key: String) -> Located? { entries.first { $0.key == key }?.value }
        switch op {
        case .add:
            if let v = entry("value") {
                let years = rule.lastYear - rule.firstYear + 1
                let example = years > 1 ? " (for \(rule.firstYear)-\(rule.lastYear) at 100 a year, amount: \(100 * years))" : ""
                error(&context, v, "rule '\(rule.id)': with operation add, write `amount:`, the total change over the rule's years, as every amount of the library is\(example); `value` is the factor of scale and the level of set")
            } else if entry("amount") == nil {
                error(&context, at, "rule '\(rule.id)' (final_demand_shock, add) needs `amount`: the total change over the rule's years (100 million yuan, 2022 prices; negative for a fall)")
            }
        case .scale, .set:
            if let v = entry("amount") {
                error(&context, v, "rule '\(rule.id)': `amount` goes with operation add; with \(op.rawValue), `value` is the \(op == .scale ? "factor" : "level in each active year")")
            } else if entry("value") == nil {
                error(&context, at, "rule '\(rule.id)' (final_demand_shock, \(op.rawValue)) needs `value`: \(op == .scale ? "the factor (0.9 is 10 % below the baseline)" : "the level in each active year (100 million yuan a year), or with relative_to a factor on that year's baseline level")")
            }
        }
        guard let year = rule.relativeTo, let node = entry("relative_to") else { return }
        if op != .set {
            error(&context, node, "rule '\(rule.id)': relative_to goes with operation set (the target's level is value times the baseline's level of that year); with \(op.rawValue) leave it out")
        } else if year < baseYear || year >= rule.firstYear {
            error(&context, node, "rule '\(rule.id)': relative_to \(year) must be a year from the data's base year \(baseYear) to \(rule.firstYear - 1), the year before the rule's first (\(rule.firstYear)); the baseline of that year is the level the target is relative to")
        }
    }

    func areaList(_ at: Located, _ resolver: NameResolver, _ context: inout Context) -> [String] {
        let items: [Located] = at.node.sequence != nil ? sequenceItems(at, &context, "") : [at]
        var out: [String] = []
        for item in items {
            guard let name = item.node.string, item.node.mapping == nil else { error(&context, item, "an area is a name"); continue }
            switch resolver.area(name) {
            case let .success(id): if !out.contains(id) { out.append(id) }
            case let .failure(message): error(&context, item, message)
            }
        }
        if out.isEmpty && items.isEmpty { error(&context, at, "the list of areas is empty; name provinces, regions, clusters or China") }
        return out
    }

    /// `[]` or nothing at all (`sectors:` with no value): a list with no item.
    func isEmptyList(_ at: Located) -> Bool {
        if case let .sequence(s) = at.node { return s.isEmpty }
        return at.node.null != nil
    }

    func sectorList(_ at: Located, _ resolver: NameResolver, _ context: inout Context) -> [String] {
        let items: [Located] = at.node.sequence != nil ? sequenceItems(at, &context, "") : [at]
        var out: [String] = []
        for item in items {
            guard let name = item.node.string, item.node.mapping == nil else { error(&context, item, "a sector is an id"); continue }
            switch resolver.sectors(name) {
            case let .success(ids): for s in ids where !out.contains(s) { out.append(s) }
            case let .failure(message): error(&context, item, message)
            }
        }
        return out
    }

    func measureParameter(_ p: ParameterSpec, _ at: Located, _ rule: inout Rule, data: DataSet, resolver: NameResolver,
                          parameters: [String: Distribution], declared: Set<String>, pending: inout [(ParameterSpec, Located)],
                          _ context: inout Context) {
        switch p.kind {
        case .amount, .share, .rate, .ratio:
            if case let .scalar(s) = at.node, s.style == .plain || s.style == .any, let text = at.node.string, ScenarioLoader.isFormula(text) {
                guard let f = formula(text, at, parameters: parameters, declared: declared, &context) else { return }
                rule.numbers[p.name] = f
            } else if case let .scalar(s) = at.node, s.style == .plain || s.style == .any,
               let name = at.node.string, name.first?.isLetter == true, !name.hasSuffix("%") {
                guard parameters[name] != nil else {
                    if declared.contains(name) { return }  // its own error was reported
                    error(&context, at, "unknown parameter '\(name)'" + (nearestName(name, parameters.keys.sorted()).map { "; did you mean '\($0)'?" } ?? "; declare it under `parameters:`"))
                    return
                }
                rule.numbers[p.name] = .parameter(name)
            } else {
                guard let v = number(at, &context, p.name) else { return }
                rule.numbers[p.name] = .value(v)
            }
            // Checked once every key is read: the bounds of `value` depend on `operation`.
            pending.append((p, at))
        case .component:
            let names = FlowColumn.finalDemand.map(\.rawValue)
            let several = rule.measure == .consumptionProgramme
            if at.node.sequence != nil && !several {
                error(&context, at, "`component` of \(rule.measure.rawValue) is one final-demand component (one of \(names.joined(separator: ", "))); only consumption_programme spreads over several")
                return
            }
            let items: [Located] = at.node.sequence != nil ? sequenceItems(at, &context, "") : [at]
            if items.isEmpty { error(&context, at, "the list of components is empty; name rural_households, urban_households or both") }
            var chosen: [FlowColumn] = []
            for item in items {
                guard let s = item.node.string, let c = FlowColumn(rawValue: s), FlowColumn.finalDemand.contains(c) else {
                    error(&context, item, "unknown component '\(item.node.string ?? "")'" + (nearestName(item.node.string ?? "", names).map { "; did you mean '\($0)'?" } ?? "") + "; use one of \(names.joined(separator: ", "))")
                    continue
                }
                if chosen.contains(c) { error(&context, item, "component '\(s)' is named twice"); continue }
                chosen.append(c)
            }
            rule.components = chosen
        case .operation:
            guard let s = at.node.string, let op = ShockOperation(rawValue: s) else {
                error(&context, at, "operation must be add, scale or set")
                return
            }
            rule.operation = op
        case .year:
            guard let text = at.node.string, let y = Int(text), at.node.mapping == nil, at.node.sequence == nil else {
                error(&context, at, "\(p.name) must be a year, such as 2023")
                return
            }
            rule.relativeTo = y
        case .financing:
            guard let s = at.node.string, let f = FinancingMethod(rawValue: s) else {
                let names = FinancingMethod.allCases.map(\.rawValue)
                error(&context, at, "financing must be \(names.joined(separator: ", "))" + (nearestName(at.node.string ?? "", names).map { "; did you mean '\($0)'?" } ?? ""))
                return
            }
            rule.financing = f
        case .areas:
            rule.fromAreas = areaList(at, resolver, &context)
        case .sectors:
            rule.inputSectors = sectorList(at, resolver, &context)
            if rule.inputSectors.isEmpty && isEmptyList(at) {
                error(&context, at, "the list of \(p.name) is empty; leave `\(p.name):` out for the default (\(p.description)), or name sectors")
            }
        case .composition:
            guard let entries = mappingEntries(at, &context, p.name, allowed: nil) else { return }
            var out: [(String, Double)] = []
            var complete = true
            for e in entries {
                guard case let .success(ids) = resolver.sectors(e.key), ids.count == 1 else {
                    if case let .failure(message) = resolver.sectors(e.key) { error(&context, e.keyAt, message) } else { error(&context, e.keyAt, "a composition names single sectors") }
                    complete = false
                    continue
                }
                guard let v = number(e.value, &context, "\(p.name).\(e.key)") else { complete = false; continue }
                if v < 0 || v > 1 { error(&context, e.value, "a share must lie in [0, 1], not \(v)"); complete = false; continue }
                if out.contains(where: { $0.0 == ids[0] }) {
                    error(&context, e.keyAt, "\(p.name) names \(ids[0]) twice ('\(e.key)' and an earlier name of the same sector)")
                    complete = false
                    continue
                }
                out.append((ids[0], v))
            }
            // The sum is checked only when every share was read: a bad entry has its own error.
            let total = out.reduce(0) { $0 + $1.1 }
            if complete && !out.isEmpty && abs(total - 1) > 1e-6 {
                error(&context, at, "\(p.name) shares sum to \(total); they must sum to 1")
            }
            rule.composition = out.map { (sector: $0.0, share: $0.1) }
        }
    }

    /// A numeric parameter's value, or every value its distribution can take, must lie in the
    /// parameter's plausible range (`ParameterSpec.range`).
    /// True for a value written as arithmetic (`-0.33 * tradein_leverage * 900`), not as one
    /// number (`1e-3`, `-5%`) or one parameter's name.
    static func isFormula(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces)
        let body = t.hasPrefix("-") || t.hasPrefix("+") ? String(t.dropFirst()) : t
        if Double(t) != nil || (t.hasSuffix("%") && Double(t.dropLast()) != nil) { return false }
        return body.contains { "+-*/(),<>=!".contains($0) }
    }

    /// The most parameters a formula may name: its range is checked at 3^k points of theirs.
    public static let formulaParameterLimit = 8

    /// A formula of the scenario's parameters, or nil with its error: arithmetic only, division
    /// by a constant, every name a declared parameter.
    func formula(_ text: String, _ at: Located, parameters: [String: Distribution], declared: Set<String>,
                 _ context: inout Context) -> ParameterValue? {
        let e: PolicyModel.Expression
        do throws(ExpressionError) {
            e = try PolicyModel.Expression.parse(text, condition: false, names: parameters.keys.sorted())
        } catch {
            if declared.contains(where: { text.contains($0) && parameters[$0] == nil }) { return nil }  // its own error was reported
            context.diagnostics.append(diagnostic(context, at.file, at.line, at.column + error.offset, "bad formula: \(error.message)"))
            return nil
        }
        func constant(_ e: PolicyModel.Expression) -> Bool { e.variablesUsed.isEmpty }
        func check(_ e: PolicyModel.Expression) -> String? {
            switch e {
            case .number, .variable: return nil
            case let .negate(a): return check(a)
            case let .binary(op, a, b):
                if op == .divide && (!constant(b) || ((try? b.evaluate { _ in .nan }) ?? 0) == 0) {
                    return "a formula divides only by a constant other than zero (write `x * 0.25`, not `x / y`), so that no draw can divide by zero"
                }
                return check(a) ?? check(b)
            case let .call(_, args): return args.lazy.compactMap(check).first
            case .compare, .and, .or, .not: return "a formula is arithmetic (+, -, *, / by a constant, min, max, abs), not a condition"
            }
        }
        if let problem = check(e) { error(&context, at, "bad formula: \(problem)"); return nil }
        if e.variablesUsed.isEmpty {
            error(&context, at, "the formula '\(text)' names no parameter; write its value as a number")
            return nil
        }
        if e.variablesUsed.count > Self.formulaParameterLimit {
            error(&context, at, "the formula names \(e.variablesUsed.count) parameters; at most \(Self.formulaParameterLimit) are allowed (declare a parameter for part of it)")
            return nil
        }
        return .formula(e, text: text)
    }

    func checkRange(_ p: ParameterSpec, _ at: Located, _ rule: Rule, parameters: [String: Distribution], _ context: inout Context) {
        guard let range = p.range, let given = rule.numbers[p.name] else { return }
        let operation = rule.operation ?? (rule.measure == .coefficientShock ? .scale : .add)
        // With relative_to, set's value is a factor on a year's level, bounded as scale's.
        let relative = rule.relativeTo != nil && p.name == "value" && operation == .set
        let bounds = range.bounds(range.byOperation.isEmpty ? nil : relative ? .scale : operation)
        let fraction = p.kind == .share || p.kind == .rate && range.byOperation.isEmpty
        let what = range.byOperation.isEmpty ? p.name : relative ? "\(p.name) of set with relative_to (a factor)" : "\(p.name) for operation \(operation.rawValue)"
        let unit: String? = fraction || !range.byOperation.isEmpty ? nil : p.unit
        switch given {
        case let .value(v):
            if !bounds.contains(v) { error(&context, at, outOfRange(what, v, bounds, unit: unit, fraction: fraction, at: at)) }
        case let .parameter(name):
            guard let d = parameters[name] else { return }
            let (a, b) = ScenarioLoader.support(d)
            if a < bounds.lowerBound || b > bounds.upperBound {
                error(&context, at, "\(what) must lie \(rangeText(bounds, fraction: fraction))\(unit.map { " (\($0))" } ?? ""), but parameter '\(name)' can take values from \(a) to \(b); bound it (uniform, triangular, beta or truncated_normal) within that range")
            }
        case let .formula(e, text):
            // The formula's values at the ends and middle of every parameter's support, in every
            // combination: its range when it is monotone in each parameter (sums, differences,
            // products), as formulas of amounts and leverages are, and abs() of such a term
            // centred in its range.
            let names = e.variablesUsed
            let supports = names.map { parameters[$0].map(ScenarioLoader.support) ?? (.nan, .nan) }
            if let k = supports.firstIndex(where: { !$0.0.isFinite || !$0.1.isFinite }) {
                error(&context, at, "\(what) is the formula '\(text)', whose parameter '\(names[k])' is unbounded; bound it (uniform, triangular, beta or truncated_normal)")
                return
            }
            var low = Double.infinity, high = -Double.infinity
            var points = 1
            for _ in names { points *= 3 }
            for point in 0..<points {
                var values: [String: Double] = [:], rest = point
                for (i, name) in names.enumerated() {
                    let (a, b) = supports[i]
                    values[name] = [a, (a + b) / 2, b][rest % 3]
                    rest /= 3
                }
                let v = (try? e.evaluate { values[$0] ?? .nan }) ?? .nan
                low = min(low, v)
                high = max(high, v)
            }
            if !low.isFinite || !high.isFinite || low < bounds.lowerBound || high > bounds.upperBound {
                error(&context, at, "\(what) must lie \(rangeText(bounds, fraction: fraction))\(unit.map { " (\($0))" } ?? ""), but the formula '\(text)' takes values from \(low) to \(high) over its parameters' ranges; narrow them or change the formula")
            }
        }
    }
}
