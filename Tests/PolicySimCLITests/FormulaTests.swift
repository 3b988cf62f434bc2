// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// Arithmetic on parameters in a rule's value (`value: -0.33 * lev * 900`) is evaluated on each
/// run's own parameter values: a run of the design equals `run` of the rule with the number the
/// test computes from that run's value of the parameter.
@Suite(.serialized) struct FormulaTests {
    /// The rules with `value` and `growth` as written; `parameters` declares lev and growth.
    static func scenario(_ value: String, growth: String = "growth", parameters: Bool = true) -> String {
        (parameters ? """
        name: formula
        parameters:
          lev: {distribution: uniform, lower: 1, upper: 3}
          growth: {distribution: uniform, lower: 0.01, upper: 0.02}

        """ : "name: literal\n") + """
        rules:
          - id: car-exports
            measure: final_demand_shock
            component: exports
            areas: East
            sectors: automobiles
            years: 2024
            operation: add
            amount: \(value)
          - id: east-exports
            measure: export_support
            areas: East
            years: 2024
            export_growth: \(growth)

        """
    }

    @Test func aFormulaTakesEachRunsParameterValues() throws {
        let box = Scratch("formula")
        let file = try box.scenario("formula.yaml", Self.scenario("-0.33 * lev * 900"))
        let design = try CLI.run(["sensitivity", file, "--samples", "2", "--year", "2024", "--chart", "none", "--out", box.path("s"), "--quiet"])
        #expect(design.status == 0, "\(design.stderr)")
        let evaluations = try csvTable(box.path("s/evaluations.csv"))
        #expect(evaluations.count == 2 * 4)
        // Two runs with different values of lev (A and B of row 0).
        for e in evaluations.prefix(2) {
            let lev = Double(e["lev"]!)!
            let literal = try box.scenario("literal.yaml", Self.scenario("\(-0.33 * lev * 900)", growth: e["growth"]!, parameters: false))
            let out = box.path("run-\(e["evaluation"]!)")
            let r = try CLI.run(["run", literal, "--draws", "0", "--out", out, "--silent"])
            #expect(r.status == 0, "\(r.stderr)")
            var effect = 0.0
            for row in try csvTable(out + "/output.csv") where row["area"] == "China" && row["variable"] == "gdp" && row["year"] == "2024" {
                effect += (row["statistic"] == "central" ? 1 : row["statistic"] == "baseline" ? -1 : 0) * Double(row["value"]!)!
            }
            let designed = Double(e["gdp:China:2024"]!)!
            #expect(abs(designed - effect) <= 1e-9 * abs(effect), "lev \(lev): \(designed) vs \(effect)")
            try FileManager.default.removeItem(atPath: box.path("literal.yaml"))
        }
        // The two runs differ: the formula did not take one value for both.
        #expect(evaluations[0]["gdp:China:2024"] != evaluations[1]["gdp:China:2024"])
        // `list parameters` counts the formula as a use of lev.
        let list = try CLI.run(["list", "parameters", file])
        #expect(list.status == 0 && list.stdout.split(separator: "\n").contains { $0.contains("lev") && $0.contains("car-exports.amount") }, "\(list.stdout)")
    }
}
