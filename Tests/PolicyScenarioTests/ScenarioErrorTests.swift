// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyData
import PolicyModel
import PolicyScenario

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let invalid = root.appendingPathComponent("Fixtures/Invalid")
    static let repo = root.deletingLastPathComponent().deletingLastPathComponent()
    static var loader: ScenarioLoader { ScenarioLoader { folder in try DataSetReader.load(URL(fileURLWithPath: folder)).data } }

    /// Every diagnostic of a fixture (none if it loads).
    static func diagnostics(_ name: String) -> [Diagnostic] {
        do {
            _ = try loader.load(invalid.appendingPathComponent(name).path)
            return []
        } catch let e as ScenarioError {
            return e.diagnostics
        } catch {
            return [Diagnostic(file: name, line: 0, column: 0, message: "unexpected \(error)")]
        }
    }
}

/// One small bad file per error class. Each expectation names the line and column of the
/// offending text in the fixture and the key words of the message.
@Suite struct ScenarioErrorTests {
    static let cases: [(file: String, line: Int?, column: Int?, words: [String])] = [
        ("malformed-yaml.yaml", nil, nil, ["malformed YAML"]),
        ("unknown-key.yaml", 11, 5, ["unknown key 'leverag'", "did you mean 'leverage'?", "allowed keys are", "fund"]),
        ("duplicate-key.yaml", 6, 1, ["duplicate key 'draws'"]),
        ("wrong-type.yaml", 6, 7, ["seed must be a whole number"]),
        ("unknown-area.yaml", 9, 13, ["unknown area 'Bejing'", "did you mean 'Beijing'?"]),
        ("unknown-sector.yaml", 10, 15, ["unknown sector 'electronic'", "did you mean 'electronics'?"]),
        ("unknown-measure.yaml", 8, 14, ["unknown measure 'investment_programm'", "did you mean 'investment_programme'?"]),
        ("unknown-parameter.yaml", 13, 15, ["unknown parameter 'fund_leverge'", "did you mean 'fund_leverage'?"]),
        ("unknown-variable.yaml", 10, 11, ["bad condition", "unknown variable 'output_grwth'", "did you mean 'output_growth'?"]),
        ("share-out-of-range.yaml", 10, 16, ["gap_share must be in [0, 1]", "1.5"]),
        ("negative-amount.yaml", 10, 13, ["amount must be >= 0", "-100"]),
        ("non-finite.yaml", 10, 13, ["finite number"]),
        ("years-outside-horizon.yaml", 11, 12, ["years 2023-2031 fall outside the horizon 2023-2025"]),
        ("bad-expression.yaml", 10, 28, ["bad condition", "unexpected '<'"]),
        ("extends-cycle-a.yaml", nil, nil, ["`extends` makes a cycle", "extends-cycle-a.yaml -> ", "extends-cycle-b.yaml"]),
        ("extends-missing.yaml", 3, 10, ["no such file", "no-such-parent.yaml"]),
        ("version-too-new.yaml", 1, 10, ["version 3 is newer than this policysim understands (1)"]),
        ("alias-bomb.yaml", nil, nil, ["expands to more than 200000 nodes", "anchors and aliases"]),
        ("too-many-draws.yaml", 6, 8, ["draws must be between 0 and 100000"]),
        ("horizon-too-long.yaml", 4, 10, ["too long", "at most 50 years"]),
        ("composition-sum.yaml", 11, 18, ["composition shares sum to 0.8", "must sum to 1"]),
        ("missing-required.yaml", 7, 5, ["needs `fund`"]),
        ("unbounded-share-parameter.yaml", 12, 16, ["gap_share must be in [0, 1]", "parameter 's' can take values from -inf to inf", "bound it"]),
        ("duplicate-rule-id.yaml", 11, 9, ["rule id 'x' is used twice"]),
        ("external-area.yaml", 9, 12, ["'Hong Kong' is an external economy"]),
        ("unknown-distribution.yaml", 7, 21, ["unknown distribution 'triangle'", "did you mean 'triangular'?"]),
        ("phase-in-level.yaml", 11, 33, ["a phase-in level must lie in [0, 1]", "1.5"]),
        ("missing-data.yaml", 3, 7, ["cannot load the data set '../no-such-data'"]),
    ]

    @Test(arguments: cases.indices)
    func eachErrorClassIsReportedWhereItIs(_ index: Int) {
        let c = ScenarioErrorTests.cases[index]
        let found = Fixtures.diagnostics(c.file)
        let match = found.first { d in c.words.allSatisfy { d.message.contains($0) || d.description.contains($0) } }
        #expect(match != nil, "\(c.file): got \(found.map(\.description))")
        guard let match else { return }
        #expect(match.file.hasSuffix(c.file))
        if let line = c.line { #expect(match.line == line, "\(c.file): line \(match.line), expected \(line)") }
        if let column = c.column { #expect(match.column == column, "\(c.file): column \(match.column), expected \(column)") }
    }

    @Test func everyProblemOfAFileIsReportedNotJustTheFirst() {
        let found = Fixtures.diagnostics("many-errors.yaml")
        #expect(found.count == 3, "\(found.map(\.description))")
        #expect(found.contains { $0.message.contains("draws must be between") })
        #expect(found.contains { $0.message.contains("unknown area 'Narnia'") })
        #expect(found.contains { $0.message.contains("unknown key 'colour'") })
    }

    @Test func diagnosticsShowTheSourceLineAndACaret() {
        let d = Fixtures.diagnostics("unknown-key.yaml").first!
        let lines = d.description.components(separatedBy: "\n")
        #expect(lines[0].hasSuffix("unknown-key.yaml:11:5: error: unknown key 'leverag'; did you mean 'leverage'? allowed keys are id, task, description, measure, areas, per_province, sectors, when, years, phase_in, fund, leverage, composition"))
        #expect(lines[1] == "        leverag: 4")
        #expect(lines[2] == "        ^")
    }
}
