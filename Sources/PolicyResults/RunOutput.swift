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

    /// Writes output.csv, trace.csv, iamc.csv, iamc-regions.yaml and (with draws) draws.csv into `writer`, then the
    /// manifest, and publishes the folder.
    public static func write(result: ProjectionResult, economy: Economy, info: RunInfo, to writer: ResultWriter) throws {
        let writeStart = Date()
        let table = OutputTable(result: result, economy: economy, keepDraws: info.keepDraws)
        try writer.file("output.csv") { file in try table.write(threads: info.threads) { try file.write($0) } }
        try writer.file("trace.csv", text: OutputTable.trace(result))
        try writer.file("iamc.csv", text: IAMC.text(result: result, economy: economy, version: info.version))
        try writer.file(IAMC.regionsFile, text: IAMC.regions(economy: economy, version: info.version))
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

    /// The headline for the terminal: national GDP effects (first year, peak and last year, and
    /// cumulatively) against the reference path, which it names, and the fiscal cost.
    public static func summary(result: ProjectionResult, folder: String) -> String {
        var lines = ["wrote \(folder)"]
        guard result.years.count > 1 else { return lines[0] }
        let reference = result.baseline.includesPolicy ? result.baseline.noPolicy : result.baseline.states
        let years = Array(result.years.dropFirst())
        let gdp = result.central.dropFirst().map { $0.gdp.reduce(0, +) }
        let base = reference.dropFirst().map { $0.gdp.reduce(0, +) }
        let effect = zip(gdp, base).map { $0 - $1 }
        func pct(_ k: Int) -> String { String(format: "%+.2f %%", 100 * effect[k] / base[k]) }
        func amount(_ x: Double) -> String { String(format: "%+.0f", x) }
        let peak = effect.indices.max { abs(effect[$0]) < abs(effect[$1]) } ?? 0
        let last = effect.count - 1
        if result.baseline.includesPolicy {
            let target = result.scenario.baseline.growth[years[0]].map { String(format: " (%g %% in %d)", 100 * $0, years[0]) } ?? ""
            lines.append("effects against a no-package path derived from the growth target\(target): the target path contains \(result.scenario.baseline.included.source), the no-package path has the same final demand without it")
        } else {
            lines.append("effects against the baseline (no measure):")
        }
        lines.append("GDP \(years[0]) \(amount(effect[0])) (\(pct(0))); peak \(years[peak]) \(amount(effect[peak])) (\(pct(peak))); \(years[last]) \(amount(effect[last])) (\(pct(last))); \(years[0])-\(years[last]) \(amount(effect.reduce(0, +)))")
        let gross = result.central.reduce(0.0) { acc, s in acc + s.fiscal.reduce(0) { $0 + $1.reduce(0, +) } }
        let net = result.central.reduce(0.0) { acc, s in acc + s.deficit.reduce(0) { $0 + $1.reduce(0, +) } }
        var cost = String(format: "fiscal cost %d-%d: %.0f gross, %.0f added to the deficit", years[0], years[last], gross, net)
        if gross > 0 { cost += String(format: "; GDP per budget yuan %.2f", effect.reduce(0, +) / gross) }
        lines.append(cost + " (100 million yuan, 2022 prices)")
        func count(_ k: Int, _ noun: String) -> String { "\(k) \(noun)\(k == 1 ? "" : "s")" }
        lines.append("\(count(result.trace.count, "rule firing")) in the central run; \(count(result.draws.count, "draw")); \(count(result.factorisations, "factorisation"))")
        return lines.joined(separator: "\n")
    }
}
