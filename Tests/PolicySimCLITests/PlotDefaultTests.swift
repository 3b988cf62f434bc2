// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// `plot` without --variable or --out, and a third folder given to a bar chart.
@Suite(.serialized) struct PlotDefaultTests {
    static let root = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-plotdefault-\(UUID().uuidString)")
    static func folder(_ name: String) -> String { root.appendingPathComponent("Results").appendingPathComponent(name).path }

    static let prepared: Bool = {
        _ = try? CLI.run(["run", "Scenarios/baseline.yaml", "--out", folder("baseline"), "--quiet"])
        _ = try? CLI.run(["run", "Scenarios/miit-2023.yaml", "--draws", "0", "--out", folder("miit"), "--quiet"])
        return ["baseline", "miit"].allSatisfy { FileManager.default.fileExists(atPath: folder($0) + "/manifest.json") }
    }()

    /// Bars default to output (gdp has no sector detail) and go to plots/ beside the last
    /// folder, with the data file holding the output deltas read here from output.csv.
    @Test func barsWithTheDefaultVariableGoBesideTheFolders() throws {
        #expect(PlotDefaultTests.prepared)
        let r = try CLI.run(["plot", PlotDefaultTests.folder("baseline"), PlotDefaultTests.folder("miit"), "--kind", "bars"])
        #expect(r.status == 0, "\(r.stderr)")
        let plots = PlotDefaultTests.root.appendingPathComponent("Results/plots")
        let dat = plots.appendingPathComponent("miit-output-bars.dat").path
        #expect(FileManager.default.fileExists(atPath: plots.appendingPathComponent("miit-output-bars.gp").path))
        let text = try String(contentsOfFile: dat, encoding: .utf8)
        let base = try OutputFile(PlotDefaultTests.folder("baseline")), miit = try OutputFile(PlotDefaultTests.folder("miit"))
        let steel = try #require(text.split(separator: "\n").first { $0.hasPrefix("\"steel\"") }).split(separator: " ").dropFirst().map { Double($0)! }
        let expected = miit.value(2030, "East", "steel", "output") - base.value(2030, "East", "steel", "output")
        #expect(abs(steel[0] - expected) <= 1e-9 * max(1, abs(expected)))
        #expect(r.stdout.contains("plots/miit-output-bars"), "\(r.stdout)")
        // Lines default to gdp, in the same place.
        let l = try CLI.run(["plot", PlotDefaultTests.folder("baseline"), PlotDefaultTests.folder("miit"), "--kind", "lines"])
        #expect(l.status == 0, "\(l.stderr)")
        #expect(FileManager.default.fileExists(atPath: plots.appendingPathComponent("miit-gdp-lines.gp").path))
    }

    @Test func aThirdFolderIsNeverDroppedSilently() throws {
        #expect(PlotDefaultTests.prepared)
        let r = try CLI.run(["plot", PlotDefaultTests.folder("baseline"), PlotDefaultTests.folder("miit"), PlotDefaultTests.folder("miit"),
                             "--kind", "bars", "--out", PlotDefaultTests.root.appendingPathComponent("three.svg").path])
        #expect(r.status == 64 && r.stderr.contains("3 folders were given"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: PlotDefaultTests.root.appendingPathComponent("three.gp").path))
    }
}
