// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel
import PolicyNumerics

/// The files of a result folder and the summary printed after a run.
public enum RunOutput {
    public static func files(result: ProjectionResult, economy: Economy, keepDraws: Bool, threads: Int, shard: String,
                             started: Date, version: String, writeStart: Date) throws -> [(String, Data)] {
        let s = result.scenario
        let table = OutputTable(result: result, economy: economy, keepDraws: keepDraws)
        let output = try table.text()
        let trace = OutputTable.trace(result)
        let scenarioFiles = try s.files.map { ($0, try SHA256Hex.file(URL(fileURLWithPath: $0))) }
        let dataURL = URL(fileURLWithPath: s.dataPath)
        let manifest = RunManifest(
            program: "policysim", version: version, scenarioFiles: scenarioFiles,
            dataSet: displayPath(s.dataPath),
            dataSetName: economy.data.name, dataHash: try RunFolder.folderHash(dataURL), seed: s.seed,
            draws: result.draws.count, shard: shard, threads: threads, started: started, finished: Date(),
            timings: result.timings + [("write", Date().timeIntervalSince(writeStart))], factorisations: result.factorisations,
            refinement: result.refinement,
            cblas: NumericsRuntime.cblasLibrary, gsl: NumericsRuntime.gslVersion,
            parameters: s.parameterNames.map { ($0, s.parameters[$0]!.central) })
        var files: [(String, Data)] = [("output.csv", Data(output.utf8)), ("trace.csv", Data(trace.utf8)),
                                       ("manifest.json", Data(manifest.json.utf8)), ("iamc.csv", Data(IAMC.text(result: result, economy: economy, version: version).utf8))]
        if !result.draws.isEmpty { files.append(("draws.csv", Data(table.headlineDraws().utf8))) }
        return files
    }

    /// National GDP in the last year and the fiscal cost, for the terminal.
    public static func summary(result: ProjectionResult, folder: String) -> String {
        let last = result.central.last!, base = result.baseline.states.last!
        let gdp = last.gdp.reduce(0, +), baseGDP = base.gdp.reduce(0, +)
        let fiscal = result.central.reduce(0.0) { acc, s in acc + s.fiscal.reduce(0) { $0 + $1.reduce(0, +) } }
        let year = result.years.last!
        var lines = ["wrote \(folder)"]
        lines.append(String(format: "GDP %d: %.0f (baseline %.0f, %+.2f %%); fiscal cost %d-%d: %.0f (100 million yuan, 2022 prices)",
                            year, gdp, baseGDP, 100 * (gdp / baseGDP - 1), result.years[1], year, fiscal))
        func count(_ k: Int, _ noun: String) -> String { "\(k) \(noun)\(k == 1 ? "" : "s")" }
        lines.append("\(count(result.trace.count, "rule firing")) in the central run; \(count(result.draws.count, "draw")); \(count(result.factorisations, "factorisation"))")
        return lines.joined(separator: "\n")
    }
}
