// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel
import PolicyNumerics

/// The files of a result folder and the summary printed after a run.
public enum RunOutput {
    /// How the run was made, for the manifest.
    public struct RunInfo: Sendable {
        public var version: String
        public var threads: Int
        public var shardIndex: Int
        public var shardCount: Int
        /// Draws of the whole ensemble (all shards).
        public var ensembleDraws: Int
        public var keepDraws: Bool
        public var started: Date

        public init(version: String, threads: Int, shardIndex: Int = 0, shardCount: Int = 1, ensembleDraws: Int,
                    keepDraws: Bool, started: Date) {
            self.version = version
            self.threads = threads
            self.shardIndex = shardIndex
            self.shardCount = shardCount
            self.ensembleDraws = ensembleDraws
            self.keepDraws = keepDraws
            self.started = started
        }
    }

    /// Writes output.csv, trace.csv, iamc.csv and (with draws) draws.csv into `writer`, then the
    /// manifest, and publishes the folder.
    public static func write(result: ProjectionResult, economy: Economy, info: RunInfo, to writer: ResultWriter) throws {
        let writeStart = Date()
        let table = OutputTable(result: result, economy: economy, keepDraws: info.keepDraws)
        try writer.file("output.csv") { file in try table.write(threads: info.threads) { try file.write($0) } }
        try writer.file("trace.csv", text: OutputTable.trace(result))
        try writer.file("iamc.csv", text: IAMC.text(result: result, economy: economy, version: info.version))
        if !result.draws.isEmpty {
            try writer.file("draws.csv") { file in try table.headlineDraws { try file.write($0) } }
        }
        var manifest = try RunOutput.manifest(result: result, economy: economy, info: info)
        manifest.wallSeconds["write"] = (Date().timeIntervalSince(writeStart) * 1000).rounded() / 1000
        try writer.finish(manifest)
    }

    static func manifest(result: ProjectionResult, economy: Economy, info: RunInfo) throws -> RunManifest {
        let s = result.scenario
        let scenarioFiles = try s.files.map { RunManifest.ScenarioFile(path: displayPath($0), sha256: try SHA256Hex.file(URL(fileURLWithPath: $0))) }
        let data = RunManifest.DataSetRecord(path: displayPath(s.dataPath), name: economy.data.name,
                                             sha256: try RunFolder.folderHash(URL(fileURLWithPath: s.dataPath)))
        var central: [String: Double] = [:]
        for (name, d) in s.parameters { central[name] = d.central }
        var manifest = RunManifest(
            version: info.version, scenario: s.name, scenarioFiles: scenarioFiles, dataSet: data, seed: s.seed,
            draws: result.draws.count, ensembleDraws: info.ensembleDraws, keepDraws: info.keepDraws,
            shard: "\(info.shardIndex)/\(info.shardCount)", threads: info.threads, started: info.started, finished: Date(),
            wallSeconds: Dictionary(result.timings, uniquingKeysWith: +), factorisations: result.factorisations,
            refinement: result.refinement, cblas: NumericsRuntime.cblasLibrary, gsl: NumericsRuntime.gslVersion,
            centralParameters: central)
        let v = result.verification
        manifest.verification = RunManifest.VerificationRecord(
            solves: v.solves, largestResidual: v.largestResidual, residualTolerance: Projection.residualTolerance,
            largestIdentityResidual: v.largestIdentityResidual, identityTolerance: Projection.identityTolerance)
        manifest.blas = RunManifest.KernelRecord(library: NumericsRuntime.blasConfig, kernels: NumericsRuntime.blasCore,
                                                 reason: NumericsRuntime.blasKernelChoice.reason)
        return manifest
    }

    /// National GDP in the last year and the fiscal cost, for the terminal.
    public static func summary(result: ProjectionResult, folder: String) -> String {
        guard let last = result.central.last, let base = result.baseline.states.last, let year = result.years.last,
              result.years.count > 1 else { return "wrote \(folder)" }
        let gdp = last.gdp.reduce(0, +), baseGDP = base.gdp.reduce(0, +)
        let fiscal = result.central.reduce(0.0) { acc, s in acc + s.fiscal.reduce(0) { $0 + $1.reduce(0, +) } }
        var lines = ["wrote \(folder)"]
        lines.append(String(format: "GDP %d: %.0f (baseline %.0f, %+.2f %%); fiscal cost %d-%d: %.0f (100 million yuan, 2022 prices)",
                            year, gdp, baseGDP, 100 * (gdp / baseGDP - 1), result.years[1], year, fiscal))
        func count(_ k: Int, _ noun: String) -> String { "\(k) \(noun)\(k == 1 ? "" : "s")" }
        lines.append("\(count(result.trace.count, "rule firing")) in the central run; \(count(result.draws.count, "draw")); \(count(result.factorisations, "factorisation"))")
        return lines.joined(separator: "\n")
    }
}
