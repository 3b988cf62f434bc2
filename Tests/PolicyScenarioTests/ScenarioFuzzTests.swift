// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyData
import PolicyModel
import PropertyBased
import PolicyScenario

/// Bounded fuzzing of the scenario reader (and, through `when:`, the condition parser):
/// mutations of the shipped miit-2023.yaml drawn by swift-property-based's generators from a
/// fixed seed, so every run of the suite tries the same cases. Each must load or be refused
/// with located diagnostics; none may crash, be accepted with a number outside its measure
/// parameter's range, or give a different answer the second time.
@Suite struct ScenarioFuzzTests {
    /// The seed (four words of xoshiro256**) and the number of cases: a few seconds in a debug
    /// build. Change the seed to explore; a failure names the case, which reproduces it.
    static let seed: (UInt64, UInt64, UInt64, UInt64) = (20_230_305, 12, 1, 2026)
    static let mutations = 240
    static let conditions = 120

    /// The data set is read once: the reader's work, not the data's, is what is fuzzed.
    static let data: DataSet = try! DataSetReader.load(Fixtures.repo.appendingPathComponent("Scenarios/data/china-2022")).data
    static var loader: ScenarioLoader { ScenarioLoader { _ in data } }

    static let source: [String] = {
        let text = (try? String(contentsOf: Fixtures.repo.appendingPathComponent("Scenarios/miit-2023.yaml"), encoding: .utf8)) ?? ""
        let baseline = Fixtures.repo.appendingPathComponent("Scenarios/baseline.yaml").path
        let package = Fixtures.repo.appendingPathComponent("Scenarios/miit-2023.yaml").path
        return text.replacingOccurrences(of: "extends: baseline.yaml", with: "extends: \(baseline)")
            .replacingOccurrences(of: "includes: miit-2023.yaml", with: "includes: \(package)").components(separatedBy: "\n")
    }()

    static let tokens = [": ", "- ", "[", "]", "{", "}", "&a ", "*a", "!!str ", "!!int ", "%", "0x10", "1e308", "1e400", "-", "#", "'", "\"",
                         "\t", "    ", "null", "~", ".nan", ".inf", "when: ", "output_growth / 0", "not not ", "((", "))", "years: 2099",
                         "sectors: []", "areas: []", "extends: miit-2023.yaml", "phase_in: {2023: 2}", "leverage: 40", "floor: 3",
                         "export_growth: 5", "fund: 1e300", "id: key-industry-floor", "measure: nothing", "version: 2", "北京", "\u{FEFF}"]
    static let numbers = ["0", "-1", "3", "40", "1e300", "5%", "-150%", "0x1F", ".inf", "99999999999999999999", "0.5", "1_000", "!!str 5"]

    enum Mutation: Sendable, CustomStringConvertible {
        case replaceLine(Int, Int), deleteLine(Int), duplicateLine(Int), insert(Int, Int, Int), number(Int, Int), byte(Int, UInt8), truncate(Int)

        var description: String {
            switch self {
            case let .replaceLine(a, b): return "line \(a + 1) replaced by line \(b + 1)"
            case let .deleteLine(a): return "line \(a + 1) deleted"
            case let .duplicateLine(a): return "line \(a + 1) doubled"
            case let .insert(l, c, t): return "'\(ScenarioFuzzTests.tokens[t])' inserted at line \(l + 1), column \(c + 1)"
            case let .number(l, n): return "the first number of line \(l + 1) replaced by \(ScenarioFuzzTests.numbers[n])"
            case let .byte(o, b): return "byte \(o) set to \(b)"
            case let .truncate(o): return "cut at byte \(o)"
            }
        }

        /// The mutation of kind `kind` (0 to 6) from the drawn arguments.
        static func make(_ kind: Int, _ a: Int, _ b: Int, _ column: Int, _ pick: Int, _ offset: Int, _ byte: UInt8) -> Mutation {
            switch kind {
            case 0: return .replaceLine(a, b)
            case 1: return .deleteLine(a)
            case 2: return .duplicateLine(a)
            case 3: return .insert(a, column, pick % ScenarioFuzzTests.tokens.count)
            case 4: return .number(a, pick % ScenarioFuzzTests.numbers.count)
            case 5: return .byte(offset, byte)
            default: return .truncate(offset)
            }
        }
    }

    func apply(_ m: Mutation) -> Data {
        var lines = ScenarioFuzzTests.source
        switch m {
        case let .replaceLine(a, b): lines[a] = lines[b]
        case let .deleteLine(a): lines.remove(at: a)
        case let .duplicateLine(a): lines.insert(lines[a], at: a)
        case let .insert(l, c, t):
            let text = lines[l]
            let at = text.index(text.startIndex, offsetBy: min(c, text.count))
            lines[l] = String(text[..<at]) + ScenarioFuzzTests.tokens[t] + String(text[at...])
        case let .number(l, n):
            if let r = lines[l].range(of: "-?[0-9][0-9.e]*%?", options: .regularExpression) {
                lines[l].replaceSubrange(r, with: ScenarioFuzzTests.numbers[n])
            }
        case .byte, .truncate: break
        }
        var bytes = Array(lines.joined(separator: "\n").utf8)
        switch m {
        case let .byte(o, b): if o < bytes.count { bytes[o] = b }
        case let .truncate(o): bytes = Array(bytes.prefix(o))
        default: break
        }
        return Data(bytes)
    }

    /// Loads `text` as a scenario file: the outcome as text (for the determinism check), and
    /// what is wrong with it if it breaks a property.
    func check(_ text: Data, _ what: String) -> (outcome: String, problem: String?) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-fuzz-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        do { try text.write(to: file) } catch { return ("", "cannot write the case: \(error)") }
        let lineCount = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
        do {
            let (s, _) = try ScenarioFuzzTests.loader.load(file.path)
            for rule in s.rules {
                for p in rule.measure.spec.parameters {
                    guard case let .value(v)? = rule.numbers[p.name], let range = p.range else { continue }
                    let operation: ShockOperation = rule.operation ?? (rule.measure == .coefficientShock ? .scale : .add)
                    if !range.bounds(range.byOperation.isEmpty ? nil : operation).contains(v) {
                        return ("", "\(what): accepted \(rule.id).\(p.name) = \(v), outside its range")
                    }
                }
            }
            let growths = Array(s.baseline.growth.values) + Array(s.baseline.externalGrowth.values)
            if growths.contains(where: { !($0 > -0.5 && $0 < 0.5) }) {
                return ("", "\(what): accepted a baseline growth outside (-50%, 50%)")
            }
            return ("ok \(s.rules.count) rules \(s.parameters.count) parameters", nil)
        } catch let e as ScenarioError {
            if e.diagnostics.isEmpty { return ("", "\(what): refused with no diagnostic") }
            for d in e.diagnostics {
                if d.message.isEmpty || d.file.isEmpty || d.line < 1 || d.column < 1 {
                    return ("", "\(what): a diagnostic without a place or message: \(d)")
                }
                if d.file.hasSuffix(file.lastPathComponent) && d.line > lineCount + 1 {
                    return ("", "\(what): line \(d.line) of a \(lineCount)-line file: \(d)")
                }
            }
            let described = e.diagnostics.map { $0.description.replacingOccurrences(of: file.path, with: "F") }
            return (described.joined(separator: "\n"), nil)
        } catch {
            return ("", "\(what): an error that is not a diagnostic: \(error)")
        }
    }

    @Test func mutatedScenariosLoadOrAreRefusedWithLocatedDiagnostics() {
        let lines = max(1, ScenarioFuzzTests.source.count)
        let bytes = max(1, ScenarioFuzzTests.source.joined(separator: "\n").utf8.count)
        let picks = max(ScenarioFuzzTests.tokens.count, ScenarioFuzzTests.numbers.count)
        let arguments = zip(Gen.int(in: 0...6), Gen.int(in: 0..<lines), Gen.int(in: 0..<lines), Gen.int(in: 0...80),
                            Gen.int(in: 0..<picks), Gen.int(in: 0..<bytes), Gen.uint8(in: 0...255))
        var rng = Xoshiro(seed: ScenarioFuzzTests.seed)
        var refused = 0, loaded = 0
        for k in 0..<ScenarioFuzzTests.mutations {
            let (kind, a, b, column, pick, offset, byte) = arguments.run(using: &rng)
            let m = Mutation.make(kind, a, b, column, pick, offset, byte)
            let text = apply(m)
            let first = check(text, "case \(k) (\(m))")
            #expect(first.problem == nil, "\(first.problem ?? "")")
            if k % 4 == 0 {
                let second = check(text, "case \(k) (\(m))")
                #expect(first.outcome == second.outcome, "case \(k) (\(m)) gave two different answers")
            }
            if first.outcome.hasPrefix("ok") { loaded += 1 } else { refused += 1 }
        }
        // The mutations reach both sides: some leave a valid file, most break it.
        #expect(loaded > 10 && refused > ScenarioFuzzTests.mutations / 3, "loaded \(loaded), refused \(refused)")
    }

    /// Conditions from a small grammar, a few pieces long, in a rule's `when:`.
    @Test func generatedConditionsParseOrAreRefusedAtTheirLine() {
        // Mostly well-formed pieces, some not: the condition ends in a comparison, so a run of
        // well-formed pieces makes a valid condition.
        let atoms = ["output_growth", "gdp_growth", "share_of_gdp", "year", "2025", "3%", "0.5", "1e3", "abs(output_growth)",
                     "min(gdp_growth, 1)", "(output_growth - 1%)", "outptu_growth", "(", ")", "min(", ","]
        let operators = [" + ", " - ", " * ", " < 1 and ", " > 0 or not ", " / ", " <= 2 or ", " == ", " ", "<<"]
        let pieces = zip(Gen.int(in: 0..<atoms.count), Gen.int(in: 0..<operators.count)).array(of: 1...4)
        guard let at = ScenarioFuzzTests.source.firstIndex(where: { $0.contains("when: output_growth < 3%") }) else {
            Issue.record("miit-2023.yaml has no `when: output_growth < 3%` line")
            return
        }
        var rng = Xoshiro(seed: ScenarioFuzzTests.seed)
        var refused = 0
        for k in 0..<ScenarioFuzzTests.conditions {
            let parts: [(Int, Int)] = pieces.run(using: &rng)
            var text = ""
            for (i, p) in parts.enumerated() {
                text += atoms[p.0]
                if i < parts.count - 1 { text += operators[p.1] }
            }
            text += " < 3%"
            var lines = ScenarioFuzzTests.source
            lines[at] = "    when: \"" + text + "\""
            let result = check(Data(lines.joined(separator: "\n").utf8), "condition \(k) '\(text)'")
            #expect(result.problem == nil, "\(result.problem ?? "")")
            if !result.outcome.hasPrefix("ok") {
                refused += 1
                let located = result.outcome.contains("F:\(at + 1):") || !result.outcome.contains("bad condition")
                #expect(located, "condition \(k) '\(text)': \(result.outcome)")
            }
        }
        #expect(refused > 0 && refused < ScenarioFuzzTests.conditions, "\(refused) of \(ScenarioFuzzTests.conditions) refused")
    }
}
