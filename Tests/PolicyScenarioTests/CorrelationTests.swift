// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyData
import PolicyModel
import PolicyNumerics
import PolicyScenario

/// Spearman's rank correlation, computed here: Pearson's correlation of the ranks (no ties
/// among continuous draws).
private func spearman(_ x: [Double], _ y: [Double]) -> Double {
    func ranks(_ v: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: v.count)
        for (rank, i) in v.indices.sorted(by: { v[$0] < v[$1] }).enumerated() { r[i] = Double(rank) }
        return r
    }
    let a = ranks(x), b = ranks(y), n = Double(x.count)
    let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
    var sab = 0.0, saa = 0.0, sbb = 0.0
    for i in a.indices {
        sab += (a[i] - ma) * (b[i] - mb)
        saa += (a[i] - ma) * (a[i] - ma)
        sbb += (b[i] - mb) * (b[i] - mb)
    }
    return sab / (saa * sbb).squareRoot()
}

/// `correlations:` joins uncertain parameters by a Gaussian copula: the draws have the rank
/// correlation asked for, each parameter keeps its distribution, parameters outside the
/// correlations draw as before, and impossible or malformed correlations are refused.
@Suite struct CorrelationTests {
    static func load(_ body: String) throws -> Scenario {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-correlation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("c.yaml")
        try ("""
            version: 1
            name: c
            data: \(Fixtures.repo.appendingPathComponent("Scenarios/data/china-2022").path)
            horizon: 2023-2024
            baseline: {growth: 5%}
            parameters:
              leverage: {distribution: triangular, lower: 2, mode: 4, upper: 6}
              additionality: {distribution: uniform, lower: 0.25, upper: 0.75}
              growth: {distribution: uniform, lower: 0.01, upper: 0.03}
            rules:
              - id: funds
                measure: investment_fund
                areas: China
                sectors: machinery
                years: 2023-2024
                fund: 100
                leverage: leverage
                additionality: additionality
              - id: exports
                measure: export_support
                areas: East
                years: 2023
                export_growth: growth

            """ + body).write(to: file, atomically: true, encoding: .utf8)
        return try Fixtures.loader.load(file.path).0
    }

    static func messages(_ body: String) -> String {
        do { _ = try load(body); return "" } catch { return "\(error)" }
    }

    @Test func drawsHaveTheRankCorrelationAndKeepTheirDistributions() throws {
        let correlated = try Self.load("correlations:\n  - {parameters: [leverage, additionality], rank: -0.6}\n")
        let independent = try Self.load("")
        #expect(correlated.correlations == [ParameterCorrelation(first: "leverage", second: "additionality", rank: -0.6)])
        let names = correlated.parameterNames
        let n = 4000
        let draws = (0..<n).map { Projection.drawValues(correlated, draw: $0) }
        let plain = (0..<n).map { Projection.drawValues(independent, draw: $0) }
        let lev = draws.map { $0[names.firstIndex(of: "leverage")!] }, add = draws.map { $0[names.firstIndex(of: "additionality")!] }
        // The standard error of Spearman's rho at n = 4000 and rho = -0.6 is about
        // (1 - rho^2) / sqrt(n) = 0.010; 0.04 is four of them.
        #expect(abs(spearman(lev, add) - -0.6) < 0.04, "\(spearman(lev, add))")
        #expect(abs(spearman(plain.map { $0[0] }, plain.map { $0[1] })) < 0.05)
        // Marginals: triangular(2, 4, 6) has mean 4 and variance (4 + 36 + 16 - 12 - 8 - 24) / 18
        // = 2/3; uniform(0.25, 0.75) has mean 0.5 and sd 0.5 / sqrt(12). Four standard errors.
        let levMean = lev.reduce(0, +) / Double(n), addMean = add.reduce(0, +) / Double(n)
        #expect(abs(levMean - 4) < 4 * (2.0 / 3).squareRoot() / Double(n).squareRoot(), "\(levMean)")
        #expect(abs(addMean - 0.5) < 4 * 0.5 / 12.0.squareRoot() / Double(n).squareRoot(), "\(addMean)")
        #expect(lev.allSatisfy { $0 > 2 && $0 < 6 } && add.allSatisfy { $0 > 0.25 && $0 < 0.75 })
        // Half of the draws below the median, as the marginal has it.
        #expect(abs(Double(add.filter { $0 < 0.5 }.count) / Double(n) - 0.5) < 0.03)
        // growth is outside the correlations: the same draws with and without them.
        let g = names.firstIndex(of: "growth")!
        #expect(draws.map { $0[g] } == plain.map { $0[g] })
    }

    @Test func badCorrelationsAreRefused() {
        let cases: [(String, String)] = [
            ("correlations:\n  - {parameters: [leverag, additionality], rank: 0.5}\n", "unknown parameter 'leverag'; did you mean 'leverage'?"),
            ("correlations:\n  - {parameters: [leverage, additionality], rank: 1}\n", "rank must lie strictly between -1 and 1"),
            ("correlations:\n  - {parameters: [leverage, leverage], rank: 0.5}\n", "between two different parameters"),
            ("correlations:\n  - {parameters: [leverage, additionality], rank: 0.5}\n  - {parameters: [additionality, leverage], rank: 0.2}\n", "given twice"),
            ("correlations:\n  - {parameters: [leverage, additionality], rank: 0.5, kind: spearman}\n", "unknown key 'kind'"),
            ("correlations:\n  - {parameters: [leverage, additionality], rank: 0.9}\n  - {parameters: [leverage, growth], rank: 0.9}\n  - {parameters: [additionality, growth], rank: -0.9}\n", "cannot hold together"),
        ]
        for (body, words) in cases {
            let m = Self.messages(body)
            #expect(m.contains(words) && m.contains("c.yaml:"), "\(body): \(m)")
        }
    }
}
