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
        ("unknown-area.yaml", 9, 13, ["unknown area 'Bejing'", "did you mean 'Beijing'?", "`policysim list areas ", "unknown-area.yaml`"]),
        ("unknown-sector.yaml", 10, 15, ["unknown sector 'electronic'", "did you mean 'electronics'?", "`policysim list sectors ", "unknown-sector.yaml`"]),
        ("ambiguous-sector.yaml", 10, 15, ["sector 'equipment' is ambiguous", "machinery, electrical_equipment or other_transport_equipment", "policysim list sectors"]),
        ("component-list-unknown.yaml", 10, 35, ["unknown component 'urban_houshold'", "did you mean 'urban_households'?"]),
        ("component-list-one-only.yaml", 10, 16, ["`component` of demand_support is one final-demand component", "only consumption_programme spreads over several"]),
        ("formula-unknown-parameter.yaml", 15, 27, ["bad formula: unknown parameter 'tradein_levrage'", "did you mean 'tradein_leverage'?"]),
        ("formula-division.yaml", 15, 19, ["divides only by a constant", "no draw can divide by zero"]),
        ("formula-unbounded.yaml", 15, 19, ["the formula '-0.33 * tradein_leverage * 900'", "'tradein_leverage' is unbounded", "bound it"]),
        ("formula-out-of-range.yaml", 15, 19, ["crowding_out must lie between 0 and 1", "takes values from -0.5 to 0.5"]),
        ("unknown-measure.yaml", 8, 14, ["unknown measure 'investment_programm'", "did you mean 'investment_programme'?"]),
        ("unknown-parameter.yaml", 13, 15, ["unknown parameter 'fund_leverge'", "did you mean 'fund_leverage'?"]),
        ("unknown-variable.yaml", 10, 11, ["bad condition", "unknown variable 'output_grwth'", "did you mean 'output_growth'?"]),
        ("share-out-of-range.yaml", 10, 16, ["gap_share must lie between 0 and 1 (0% and 100%), not 1.5"]),
        ("negative-amount.yaml", 10, 13, ["amount must lie between 0 and 1000000 (100 million yuan, 2022 prices), not -100"]),
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
        ("unbounded-share-parameter.yaml", 12, 16, ["gap_share must lie between 0 and 1", "parameter 's' can take values from -inf to inf", "bound it"]),
        ("duplicate-rule-id.yaml", 11, 9, ["rule id 'x' is used twice"]),
        ("external-area.yaml", 9, 12, ["'Hong Kong' is an external economy"]),
        ("unknown-distribution.yaml", 7, 21, ["unknown distribution 'triangle'", "did you mean 'triangular'?"]),
        ("phase-in-level.yaml", 11, 33, ["a phase-in level must lie in [0, 1]", "1.5"]),
        ("missing-data.yaml", 3, 7, ["cannot load the data set '../no-such-data'"]),
        // Numbers that mean nothing: every measure parameter has a plausible range.
        ("rate-as-whole-number.yaml", 10, 12, ["floor must lie between -0.3 and 0.3 (-30% and 30%), not 3", "3 means 300 %; write 3% if you meant three percent"]),
        ("amount-in-yuan.yaml", 10, 13, ["amount must lie between 0 and 1000000", "amounts are in 100 million yuan", "5700"]),
        ("value-for-operation.yaml", 12, 12, ["value for operation scale must lie between 0 and 10, not 20"]),
        // One rule for amounts: add takes `amount`, a total over the rule's years; scale and set take `value`.
        ("shock-add-value.yaml", 13, 12, ["with operation add, write `amount:`, the total change over the rule's years", "amount: 300"]),
        ("shock-add-no-amount.yaml", 7, 5, ["(final_demand_shock, add) needs `amount`"]),
        ("shock-scale-amount.yaml", 12, 13, ["`amount` goes with operation add", "with scale, `value` is the factor"]),
        ("relative-to-late.yaml", 14, 18, ["relative_to 2024 must be a year from the data's base year 2022 to 2023"]),
        ("relative-to-add.yaml", 13, 18, ["relative_to goes with operation set"]),
        ("relative-to-factor.yaml", 13, 12, ["value of set with relative_to (a factor) must lie between 0 and 10, not 125"]),
        ("override-misspelt.yaml", 5, 3, ["parameter 'fund_levrage' overrides no parameter of the files this one extends, and no rule uses it", "did you mean 'fund_leverage'?"]),
        ("unused-parameter.yaml", 7, 3, ["parameter 'leverage_high' is used by no rule"]),
        ("growth-map-range.yaml", 6, 28, ["baseline.growth[2024] must lie between -0.5 and 0.5 (-50% and 50%) (real growth per year), not 5 (500%)"]),
        ("trends-range.yaml", 7, 11, ["trends must lie between 0 and 1", "2 means 200 %"]),
        ("component-growth-all.yaml", 7, 21, ["component_growth gives every component its own growth", "nothing is left to meet the growth target"]),
        ("component-growth-unknown.yaml", 7, 22, ["unknown key 'export'", "did you mean 'exports'?"]),
        ("external-growth-range.yaml", 7, 32, ["external_growth.Hong Kong must lie between -0.5 and 0.5", "not 1e+300"]),
        ("empty-sectors.yaml", 10, 14, ["the list of sectors is empty", "leave `sectors:` out"]),
        ("hex-number.yaml", 10, 12, ["floor must be a decimal number", "'0x10'"]),
        ("text-tagged-number.yaml", 10, 13, ["amount must be a number, but '5' is tagged as text (!!str)"]),
        ("name-dot-dot.yaml", 2, 7, ["name '..' must be a plain identifier"]),
        ("extends-not-scenario.yaml", 3, 10, ["not a scenario file", "so this one was not read"]),
        ("horizon-start.yaml", 4, 10, ["the horizon must start in 2023, the year after the data set's base year 2022", "not in 2025"]),
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
        #expect(lines[0].hasSuffix("unknown-key.yaml:11:5: error: unknown key 'leverag'; did you mean 'leverage'? allowed keys are id, task, description, measure, areas, per_province, sectors, when, years, phase_in, prices, fund, leverage, composition, equipment_share, additionality, financing, financing_crowding_out"))
        #expect(lines[1] == "        leverag: 4")
        #expect(lines[2] == "        ^")
    }

    /// A negative rate written in percent is out of range too, and gets no percent hint.
    @Test func aPercentWrittenAsSuchGetsNoHint() {
        let d = Fixtures.diagnostics("external-growth-range.yaml")
        let macao = d.first { $0.message.contains("external_growth.Macao") }
        #expect(macao?.message.hasSuffix("not -1.5 (-150%)") == true, "\(d.map(\.description))")
        #expect(macao.map { (line: $0.line, column: $0.column) } ?? (0, 0) == (7, 46))
    }

    /// `extends: ../../etc/passwd` is refused without reading the file: no line of it is shown.
    @Test func aFileThatIsNotAScenarioIsNeverEchoed() throws {
        let d = Fixtures.diagnostics("extends-not-scenario.yaml")
        #expect(d.count == 1)
        let passwd = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8))?.components(separatedBy: "\n").first ?? "root:"
        #expect(!d.description.contains(passwd) && !d.description.contains("root:"))
        // A scenario named .yaml that is a link to such a file is refused the same way.
        let link = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-link-\(UUID().uuidString).yaml")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/etc/passwd")
        defer { try? FileManager.default.removeItem(at: link) }
        do {
            _ = try Fixtures.loader.load(link.path)
            Issue.record("a link to /etc/passwd loaded")
        } catch let e as ScenarioError {
            #expect(e.description.contains("not a scenario file") && !e.description.contains("root:"))
        }
    }

    /// `data:` and `extends:` written as absolute paths are used as written.
    @Test func absolutePathsAreResolvedAsWritten() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-abs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = Fixtures.repo.appendingPathComponent("Scenarios/data/china-2022").path
        let parent = folder.appendingPathComponent("parent.yaml")
        try "version: 1\nname: parent\ndata: \(data)\nhorizon: 2023-2025\nbaseline: {growth: 5%}\n".write(to: parent, atomically: true, encoding: .utf8)
        let child = folder.appendingPathComponent("sub/child.yaml")
        try FileManager.default.createDirectory(at: child.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "version: 1\nname: child\nextends: \(parent.path)\n".write(to: child, atomically: true, encoding: .utf8)
        let (s, _) = try Fixtures.loader.load(child.path)
        #expect(s.dataPath == data)
        #expect(s.files.count == 2 && s.files[0].hasSuffix("parent.yaml"))
    }

    /// Every numeric parameter of the measure library has a plausible range, and every shipped
    /// scenario's values lie inside them (the shipped scenarios validate).
    @Test func everyNumericParameterHasARange() {
        for kind in MeasureKind.allCases {
            for p in kind.spec.parameters where p.isNumeric {
                #expect(p.range != nil, "\(kind.rawValue).\(p.name) has no range")
            }
        }
    }

    /// A data set with an external economy listed twice crashed `validate` ("Duplicate values
    /// for key"); now it is a located error of the data set.
    @Test func aDataSetWithADuplicatedEconomyIsAnErrorNotACrash() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-dupext-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Fixtures.repo.appendingPathComponent("Scenarios/data/china-2022"), to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let external = folder.appendingPathComponent("external.csv")
        let lines = try String(contentsOf: external, encoding: .utf8).components(separatedBy: "\n")
        try (lines.prefix(2) + [lines[1]] + lines.dropFirst(2)).joined(separator: "\n").write(to: external, atomically: true, encoding: .utf8)
        let scenario = folder.appendingPathComponent("s.yaml")
        try "version: 1\nname: s\ndata: \(folder.path)\nhorizon: 2023-2025\nbaseline: {growth: 5%}\n".write(to: scenario, atomically: true, encoding: .utf8)
        do {
            _ = try Fixtures.loader.load(scenario.path)
            Issue.record("the data set loaded")
        } catch let e as ScenarioError {
            #expect(e.diagnostics.count == 1 && e.diagnostics[0].line == 3 && e.diagnostics[0].column == 7)
            #expect(e.description.contains("cannot load the data set") && e.description.contains("external.csv:3: error: column 'id': economy 'Hong Kong' is listed twice (first on line 2)"), "\(e)")
        }
    }
}
