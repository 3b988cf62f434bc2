// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// Two export rules whose growth rates are uncertain: a Saltelli design of N rows costs 4N short
/// runs (about 0.06 s each in a debug build).
private let twoParameters = """
    name: two
    parameters:
      east_growth: {distribution: uniform, lower: 0.01, upper: 0.03}
      west_growth: {distribution: triangular, lower: 0.005, mode: 0.01, upper: 0.02}
      fixed_rate: 0.01
    rules:
      - id: east-exports
        measure: export_support
        areas: East
        years: 2023-2024
        export_growth: east_growth
      - id: west-exports
        measure: export_support
        areas: West
        years: 2023-2024
        export_growth: west_growth
      - id: northeast-exports
        measure: export_support
        areas: Northeast
        years: 2023
        export_growth: fixed_rate

    """

/// The same rules with both growth rates fixed at the given values.
private func fixedAt(east: String, west: String) -> String {
    """
    name: fixed
    rules:
      - id: east-exports
        measure: export_support
        areas: East
        years: 2023-2024
        export_growth: \(east)
      - id: west-exports
        measure: export_support
        areas: West
        years: 2023-2024
        export_growth: \(west)
      - id: northeast-exports
        measure: export_support
        areas: Northeast
        years: 2023
        export_growth: 0.01

    """
}

/// `policysim sensitivity` end to end: every evaluation is what `run` gives with the parameters
/// fixed at the evaluation's values; the indices are the estimators' formulas on evaluations.csv;
/// the folder is the same for any --threads and for shards merged; bad arguments are refused.
@Suite(.serialized) struct SensitivityCommandTests {
    @Test func evaluationsAreRunsAndIndicesAreTheirFormulas() throws {
        let box = Scratch("sensitivity")
        let file = try box.scenario("two.yaml", twoParameters)
        let r = try CLI.run(["sensitivity", file, "--samples", "8", "--out", box.path("s"), "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        // Only the two uncertain parameters are varied; the peak of the central run is 2024
        // (the rules end in 2024), so the yearly outputs are for 2024.
        let design = try JSONSerialization.jsonObject(with: Data(contentsOf: box.url("s/design.json"))) as! [String: Any]
        #expect(design["parameters"] as? [String] == ["east_growth", "west_growth"])
        #expect(r.stdout.contains("GDP effect of China, 2024 ("), "\(r.stdout)")
        let evaluations = try csvTable(box.path("s/evaluations.csv"))
        #expect(evaluations.count == 8 * 4)
        #expect(evaluations.prefix(4).map { $0["evaluation"]! } == ["A", "B", "AB:east_growth", "AB:west_growth"])
        // A_B^(east) takes east_growth from B and west_growth from A.
        #expect(evaluations[2]["east_growth"] == evaluations[1]["east_growth"] && evaluations[2]["west_growth"] == evaluations[0]["west_growth"])

        // Two evaluations, checked against `run --draws 0` with the parameters fixed at their
        // values: the GDP effect of China in 2024 and summed over 2023-2030 is output.csv's
        // central minus baseline.
        for index in [0, 4 * 5 + 2] {
            let e = evaluations[index]
            let fixed = try box.scenario("fixed\(index).yaml", fixedAt(east: e["east_growth"]!, west: e["west_growth"]!))
            let run = try CLI.run(["run", fixed, "--draws", "0", "--out", box.path("run\(index)"), "--silent"])
            #expect(run.status == 0, "\(run.stderr)")
            var effect: [String: Double] = [:]
            for row in try csvTable(box.path("run\(index)/output.csv")) where row["area"] == "China" && row["variable"] == "gdp" {
                let sign = row["statistic"] == "central" ? 1.0 : row["statistic"] == "baseline" ? -1.0 : 0
                effect[row["year"]!, default: 0] += sign * Double(row["value"]!)!
            }
            let cumulative = (2023...2030).map { effect[String($0)]! }.reduce(0, +)
            let yearly = Double(e["gdp:China:2024"]!)!, total = Double(e["gdp:China:2023-2030"]!)!
            #expect(abs(yearly - effect["2024"]!) <= 1e-9 * abs(yearly), "\(yearly) vs \(effect["2024"]!)")
            #expect(abs(total - cumulative) <= 1e-9 * abs(total), "\(total) vs \(cumulative)")
        }

        // The indices, recomputed here from evaluations.csv: V over f(A) and f(B) (1/(2N)),
        // S1 = mean((f(B) - m)(f(AB) - f(A))) / V, ST = mean((f(A) - f(AB))^2) / (2V).
        let label = "gdp:China:2023-2030"
        let rows = stride(from: 0, to: evaluations.count, by: 4).map { j in (0..<4).map { Double(evaluations[j + $0][label]!)! } }
        let n = Double(rows.count)
        let m = rows.map { $0[0] + $0[1] }.reduce(0, +) / (2 * n)
        let v = rows.map { ($0[0] - m) * ($0[0] - m) + ($0[1] - m) * ($0[1] - m) }.reduce(0, +) / (2 * n)
        let indices = try csvTable(box.path("s/sensitivity.csv")).filter { $0["area"] == "China" && $0["span"] == "2023-2030" && $0["variable"] == "gdp" }
        #expect(indices.map { $0["parameter"]! } == ["east_growth", "west_growth"])
        for (i, row) in indices.enumerated() {
            let s1 = rows.map { ($0[1] - m) * ($0[2 + i] - $0[0]) }.reduce(0, +) / n / v
            let st = rows.map { ($0[0] - $0[2 + i]) * ($0[0] - $0[2 + i]) }.reduce(0, +) / (2 * n) / v
            #expect(abs(Double(row["first_order"]!)! - s1) <= 1e-9, "\(row) vs \(s1)")
            #expect(abs(Double(row["total"]!)! - st) <= 1e-9, "\(row) vs \(st)")
            #expect(Double(row["output_sd"]!)! > 0 && row["rows"] == "8" && row["sampler"] == "sobol")
        }
        // east_growth's range (0.02 wide on all of the East's exports) is several times
        // west_growth's (0.015 on the West's): it carries most of China's variance.
        #expect(Double(indices[0]["total"]!)! > 5 * Double(indices[1]["total"]!)!)
    }

    @Test func sameFolderForAnyThreadsAndForShardsMerged() throws {
        let box = Scratch("sensitivity-shards")
        let file = try box.scenario("two.yaml", twoParameters)
        let common = ["--samples", "6", "--quiet", "--chart", "none"]
        for threads in ["1", "2"] {
            let r = try CLI.run(["sensitivity", file, "--threads", threads, "--out", box.path("t\(threads)")] + common)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let whole = try box.snapshot("t1")
        #expect(Set(whole.keys) == ["sensitivity.csv", "evaluations.csv", "design.json"])
        #expect(try box.snapshot("t2") == whole)

        for k in 0..<3 {
            let r = try CLI.run(["sensitivity", file, "--shard", "\(k)/3", "--out", box.path("shard\(k)")] + common)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: box.path("shard\(k)/sensitivity.csv")))
        }
        // Shards in any order.
        let merged = try CLI.run(["sensitivity", "--merge", box.path("shard2"), box.path("shard0"), box.path("shard1"),
                                  "--out", box.path("merged"), "--chart", "none", "--quiet"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try box.snapshot("merged") == whole)

        // A missing shard, and a shard given twice, are refused.
        let missing = try CLI.run(["sensitivity", "--merge", box.path("shard0"), box.path("shard1"), "--out", box.path("m2")])
        #expect(missing.status == 65 && missing.stderr.contains("rows are in none of the shards"), "\(missing.stderr)")
        let twice = try CLI.run(["sensitivity", "--merge", box.path("shard0"), box.path("shard0"), "--out", box.path("m3")])
        #expect(twice.status == 65 && twice.stderr.contains("given twice"), "\(twice.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.path("m2")) && !FileManager.default.fileExists(atPath: box.path("m3")))
    }

    @Test func badArgumentsAreRefused() throws {
        let box = Scratch("sensitivity-bad")
        let file = try box.scenario("two.yaml", twoParameters)
        let unknown = try CLI.run(["sensitivity", file, "--parameters", "east_grwth", "--out", box.path("u")])
        #expect(unknown.status == 64, "\(unknown.stderr)")
        #expect(unknown.stderr.contains("no parameter 'east_grwth'") && unknown.stderr.contains("east_growth, west_growth"), "\(unknown.stderr)")
        let fixed = try CLI.run(["sensitivity", file, "--parameters", "fixed_rate", "--out", box.path("f")])
        #expect(fixed.status == 64 && fixed.stderr.contains("fixed_rate is fixed"), "\(fixed.stderr)")
        let area = try CLI.run(["sensitivity", file, "--tornado", "Atlantis", "--out", box.path("a")])
        #expect(area.status == 64 && area.stderr.contains("--tornado"), "\(area.stderr)")
        let year = try CLI.run(["sensitivity", file, "--year", "2040", "--samples", "2", "--out", box.path("y")])
        #expect(year.status == 64 && year.stderr.contains("--year 2040 is not a simulated year"), "\(year.stderr)")
        for (arguments, words) in [(["--samples", "1"], "--samples"), (["--sampler", "halton"], "--sampler"), (["--shard", "3/3"], "--shard")] {
            let r = try CLI.run(["sensitivity", file, "--out", box.path("x")] + arguments)
            #expect(r.status == 64 && r.stderr.contains(words), "\(arguments): \(r.stderr)")
        }
        // No folder was left by any refusal.
        #expect(box.entries.filter { !$0.hasSuffix(".yaml") }.isEmpty, "\(box.entries)")

        let none = try box.scenario("none.yaml", fixedAt(east: "0.02", west: "0.01"))
        let certain = try CLI.run(["sensitivity", none, "--out", box.path("n")])
        #expect(certain.status == 65 && certain.stderr.contains("no uncertain parameter"), "\(certain.stderr)")

        // Correlated inputs: Sobol' indices are for independent ones.
        let correlated = try box.scenario("correlated.yaml", twoParameters + "correlations:\n  - {parameters: [east_growth, west_growth], rank: 0.5}\n")
        let refused = try CLI.run(["sensitivity", correlated, "--out", box.path("c")])
        #expect(refused.status == 65 && refused.stderr.contains("correlates parameters"), "\(refused.stderr)")

        // An existing folder is kept (73) unless --force.
        try FileManager.default.createDirectory(atPath: box.path("kept"), withIntermediateDirectories: true)
        let kept = try CLI.run(["sensitivity", file, "--samples", "2", "--out", box.path("kept")])
        #expect(kept.status == 73, "\(kept.stderr)")
    }
}
