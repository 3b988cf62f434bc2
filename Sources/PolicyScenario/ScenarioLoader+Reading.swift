// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import Yams

/// A YAML node with the file it came from.
struct Located {
    var node: Node
    var file: String
    var line: Int { node.mark?.line ?? 1 }
    var column: Int { node.mark?.column ?? 1 }
}

/// The top-level content of a scenario after `extends` is applied.
struct RawScenario {
    var fields: [String: Located] = [:]
    /// `overrides`: the parameter was declared by a file this one extends.
    var parameters: [(name: String, key: Located, value: Located, overrides: Bool)] = []
    var rules: [(id: String, node: Located)] = []
    var files: [String] = []
    /// The `baseline:` mapping of every file that has one, extended files first: a file sets the
    /// keys it names and keeps the others (`includes:` in miit-2023.yaml keeps baseline.yaml's growth).
    var baselineParts: [Located] = []
}

extension ScenarioLoader {
    static let topLevelKeys = ["version", "name", "title", "description", "extends", "data", "horizon", "baseline",
                               "seed", "draws", "parameters", "correlations", "rules", "remove_rules", "only_tasks"]

    /// A path written in a scenario file, as the file names it: absolute as written, relative
    /// against the folder of `file`.
    static func resolve(_ written: String, from file: String) -> String {
        let url = written.hasPrefix("/") ? URL(fileURLWithPath: written)
            : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(written)
        return url.standardizedFileURL.path
    }

    /// Scenario files are YAML files named `.yaml` or `.yml` (their real name, behind links).
    static func isScenarioFileName(_ path: String) -> Bool {
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        return ["yaml", "yml"].contains(real.pathExtension.lowercased()) && ["yaml", "yml"].contains(URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    static let notAScenario = "not a scenario file: scenario files are YAML files whose names end in .yaml or .yml, so this one was not read"

    func error(_ context: inout Context, _ at: Located, _ message: String) {
        context.diagnostics.append(diagnostic(context, at.file, at.line, at.column, message))
    }

    func diagnostic(_ context: Context, _ file: String, _ line: Int, _ column: Int, _ message: String) -> Diagnostic {
        let lines = context.sources[file]
        let source = lines.flatMap { line >= 1 && line <= $0.count ? $0[line - 1] : nil }
        return Diagnostic(file: file, line: line, column: column, message: message, sourceLine: source)
    }

    /// Reads `path` and everything it extends, merged; problems go to `context.diagnostics`.
    func readChain(_ path: String, context: inout Context) throws -> RawScenario {
        let file = displayPath(path)
        let canonical = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        if context.stack.contains(canonical) {
            let chain = (context.stack + [canonical]).map { displayPath($0) }.joined(separator: " -> ")
            context.diagnostics.append(Diagnostic(file: file, line: 1, column: 1, message: "`extends` makes a cycle: \(chain)"))
            return RawScenario()
        }
        context.stack.append(canonical)
        defer { context.stack.removeLast() }

        // A file that is not a scenario (`extends: ../../etc/passwd`) is not read, so that no
        // message can show a line of it.
        guard ScenarioLoader.isScenarioFileName(path) else {
            context.diagnostics.append(Diagnostic(file: file, line: 1, column: 1, message: ScenarioLoader.notAScenario))
            return RawScenario()
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            context.diagnostics.append(Diagnostic(file: file, line: 1, column: 1, message: "cannot read the file (missing, or not a file)"))
            return RawScenario()
        }
        guard data.count <= ScenarioLoader.maxFileBytes else {
            context.diagnostics.append(Diagnostic(file: file, line: 1, column: 1, message: "the file is \(data.count) bytes; scenario files are limited to \(ScenarioLoader.maxFileBytes)"))
            return RawScenario()
        }
        guard let text = String(data: data, encoding: .utf8) else {
            context.diagnostics.append(Diagnostic(file: file, line: 1, column: 1, message: "the file is not UTF-8 text"))
            return RawScenario()
        }
        context.sources[file] = text.components(separatedBy: "\n")
        let root: Node
        do {
            guard let r = try Yams.compose(yaml: text) else {
                context.diagnostics.append(Diagnostic(file: file, line: 1, column: 1, message: "the file is empty; a scenario needs at least `version`, `name` and `data`"))
                return RawScenario()
            }
            root = r
        } catch let e as YamlError {
            context.diagnostics.append(yamlDiagnostic(e, file: file, context: context))
            return RawScenario()
        }
        var budget = ScenarioLoader.maxNodes
        guard countNodes(root, &budget) else {
            context.diagnostics.append(diagnostic(context, file, 1, 1, "the document expands to more than \(ScenarioLoader.maxNodes) nodes (anchors and aliases that repeat each other?); scenario files are limited to that size"))
            return RawScenario()
        }
        let top = Located(node: root, file: file)
        guard case let .mapping(mapping) = root else {
            error(&context, top, "a scenario file must be a mapping of keys (version, name, data, rules, ...)")
            return RawScenario()
        }
        var here: [String: Located] = [:]
        var keyNodes: [String: Located] = [:]
        for (k, v) in mapping {
            let key = Located(node: k, file: file)
            guard let name = k.string else { error(&context, key, "keys must be plain words"); continue }
            guard ScenarioLoader.topLevelKeys.contains(name) else {
                error(&context, key, unknownKey(name, allowed: ScenarioLoader.topLevelKeys))
                continue
            }
            here[name] = Located(node: v, file: file)
            keyNodes[name] = key
        }
        // The version comes first: a newer file is refused before anything in it is read.
        guard let versionNode = here["version"] else {
            error(&context, top, "missing key 'version'; write `version: \(Scenario.formatVersion)` at the top")
            return RawScenario()
        }
        guard let version = versionNode.node.int, version >= 1 else {
            error(&context, versionNode, "version must be a whole number >= 1")
            return RawScenario()
        }
        if version > Scenario.formatVersion {
            error(&context, versionNode, "version \(version) is newer than this policysim understands (\(Scenario.formatVersion)); upgrade policysim or write the file for version \(Scenario.formatVersion)")
            return RawScenario()
        }

        var merged = RawScenario()
        if let extends = here["extends"] {
            guard let relative = extends.node.string, !relative.isEmpty else {
                error(&context, extends, "extends must be the path of another scenario file, relative to this one")
                return RawScenario()
            }
            let parent = ScenarioLoader.resolve(relative, from: path)
            if !FileManager.default.fileExists(atPath: parent) {
                error(&context, extends, "extends '\(relative)': no such file (looked for \(displayPath(parent)))")
                return RawScenario()
            }
            if !ScenarioLoader.isScenarioFileName(parent) {
                error(&context, extends, "extends '\(relative)': \(ScenarioLoader.notAScenario)")
                return RawScenario()
            }
            let before = context.diagnostics.count
            merged = try readChain(parent, context: &context)
            if context.diagnostics.count > before && merged.files.isEmpty { return RawScenario() }
        }
        merged.files.append(file)
        for (name, value) in here where !["parameters", "rules", "remove_rules", "extends", "only_tasks"].contains(name) {
            merged.fields[name] = value
            if name == "baseline" { merged.baselineParts.append(value) }
        }
        if let parameters = here["parameters"] {
            if case let .mapping(m) = parameters.node {
                for (k, v) in m {
                    let key = Located(node: k, file: file)
                    guard let name = k.string else { error(&context, key, "parameter names must be plain words"); continue }
                    if let i = merged.parameters.firstIndex(where: { $0.name == name }) {
                        merged.parameters[i] = (name: name, key: key, value: Located(node: v, file: file), overrides: merged.parameters[i].key.file != file)
                    } else {
                        merged.parameters.append((name: name, key: key, value: Located(node: v, file: file), overrides: false))
                    }
                }
            } else if parameters.node.null == nil {
                error(&context, parameters, "parameters must be a mapping of name: value or name: {distribution: ...}")
            }
        }
        if let removals = here["remove_rules"] {
            for item in sequenceItems(removals, &context, "remove_rules must be a list of rule ids") {
                guard let id = item.node.string else { error(&context, item, "a rule id is a word"); continue }
                guard let i = merged.rules.firstIndex(where: { $0.id == id }) else {
                    error(&context, item, "remove_rules: no rule '\(id)' in the files this one extends" + (nearestName(id, merged.rules.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""))
                    continue
                }
                merged.rules.remove(at: i)
            }
        }
        if let rules = here["rules"] {
            var idsHere = Set<String>()
            for item in sequenceItems(rules, &context, "rules must be a list of rules, each starting with `- id: ...`") {
                guard case let .mapping(m) = item.node else { error(&context, item, "a rule must be a mapping with id, measure, areas, ..."); continue }
                guard let idNode = m["id"], let id = idNode.string, !id.isEmpty else {
                    error(&context, item, "a rule needs an id (a unique word, e.g. `id: key-industries-floor`)")
                    continue
                }
                let idLocated = Located(node: idNode, file: file)
                if !idsHere.insert(id).inserted {
                    error(&context, idLocated, "rule id '\(id)' is used twice in this file; ids must be unique (a file that extends another replaces a rule by reusing its id)")
                    continue
                }
                if let i = merged.rules.firstIndex(where: { $0.id == id }) { merged.rules[i] = (id, item) } else { merged.rules.append((id, item)) }
            }
        }
        if let only = here["only_tasks"] {
            var keep: [String] = []
            let tasks = merged.rules.map { rule -> String in
                let m = rule.node.node.mapping
                return m?["task"]?.string ?? m?["measure"]?.string.flatMap { MeasureKind(rawValue: $0)?.spec.task } ?? ""
            }
            for item in sequenceItems(only, &context, "only_tasks must be a list of task labels") {
                guard let t = item.node.string else { error(&context, item, "a task label is text"); continue }
                if !tasks.contains(t) {
                    let known = Array(Set(tasks)).sorted()
                    error(&context, item, "only_tasks: no rule has task '\(t)'; the tasks are \(known.map { "'\($0)'" }.joined(separator: ", "))")
                }
                keep.append(t)
            }
            merged.rules = zip(merged.rules, tasks).filter { keep.contains($0.1) }.map(\.0)
        }
        return merged
    }

    func sequenceItems(_ at: Located, _ context: inout Context, _ message: String) -> [Located] {
        switch at.node {
        case let .sequence(s): return s.map { Located(node: $0, file: at.file) }
        case .scalar where at.node.null != nil: return []
        default:
            error(&context, at, message)
            return []
        }
    }

    /// Counts nodes, following aliases, and stops once the budget is spent.
    func countNodes(_ node: Node, _ budget: inout Int) -> Bool {
        budget -= 1
        if budget < 0 { return false }
        switch node {
        case let .mapping(m):
            for (k, v) in m { if !countNodes(k, &budget) || !countNodes(v, &budget) { return false } }
        case let .sequence(s):
            for v in s { if !countNodes(v, &budget) { return false } }
        default: break
        }
        return true
    }

    func unknownKey(_ name: String, allowed: [String]) -> String {
        let suggestion = nearestName(name, allowed).map { "did you mean '\($0)'? " } ?? ""
        return "unknown key '\(name)'; \(suggestion)allowed keys are \(allowed.joined(separator: ", "))"
    }

    func yamlDiagnostic(_ e: YamlError, file: String, context: Context) -> Diagnostic {
        switch e {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return diagnostic(context, file, mark.line, mark.column, "malformed YAML: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, c):
            return diagnostic(context, file, c.mark.line, c.mark.column, "duplicate key '\(duplicates.first ?? "")' in one mapping; each key may appear once")
        case let .reader(problem, _, _, _):
            return Diagnostic(file: file, line: 1, column: 1, message: "unreadable text: \(problem)")
        default:
            return Diagnostic(file: file, line: 1, column: 1, message: "malformed YAML: \(e)")
        }
    }
}
