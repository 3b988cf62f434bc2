// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel
import PolicyNumerics

/// A run's result folder, written atomically (`AtomicFolder`): a failed run leaves no partial folder.
public enum RunFolder {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Refuses an existing folder unless `force`; call before running so no work is wasted.
    public static func checkWritable(_ folder: URL, force: Bool) throws {
        if FileManager.default.fileExists(atPath: folder.path) && !force {
            throw Failure(description: "\(displayPath(folder)) already exists; pass --force to replace it, or --out to write elsewhere")
        }
    }

    public static func write(_ files: [(String, Data)], to folder: URL, force: Bool) throws {
        try checkWritable(folder, force: force)
        try AtomicFolder.write(files, to: folder)
    }

    /// SHA-256 of a data set folder: of its files' names and contents, in name order.
    public static func folderHash(_ folder: URL) throws -> String { try SHA256Hex.folder(folder) }
}

/// `manifest.json` of a run.
public struct RunManifest {
    public var program: String
    public var version: String
    public var scenarioFiles: [(String, String)]
    public var dataSet: String
    public var dataSetName: String
    public var dataHash: String
    public var seed: UInt64
    public var draws: Int
    public var shard: String
    public var threads: Int
    public var started: Date
    public var finished: Date
    public var timings: [(String, Double)]
    public var factorisations: Int
    /// Systems solved by refinement, and their correction steps.
    public var refinement: (solves: Int, steps: Int)
    public var cblas: String
    public var gsl: String
    public var parameters: [(String, Double)]

    public init(program: String, version: String, scenarioFiles: [(String, String)], dataSet: String, dataSetName: String,
                dataHash: String, seed: UInt64, draws: Int, shard: String, threads: Int, started: Date, finished: Date,
                timings: [(String, Double)], factorisations: Int, refinement: (solves: Int, steps: Int) = (0, 0),
                cblas: String, gsl: String, parameters: [(String, Double)]) {
        self.program = program
        self.version = version
        self.scenarioFiles = scenarioFiles
        self.dataSet = dataSet
        self.dataSetName = dataSetName
        self.dataHash = dataHash
        self.seed = seed
        self.draws = draws
        self.shard = shard
        self.threads = threads
        self.started = started
        self.finished = finished
        self.timings = timings
        self.factorisations = factorisations
        self.refinement = refinement
        self.cblas = cblas
        self.gsl = gsl
        self.parameters = parameters
    }

    public var json: String {
        func s(_ x: String) -> String {
            "\"" + x.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        let iso = ISO8601DateFormatter()
        var lines = ["{"]
        lines.append("  \"program\": \(s(program)),")
        lines.append("  \"version\": \(s(version)),")
        lines.append("  \"scenario_files\": [" + scenarioFiles.map { "{\"path\": \(s($0.0)), \"sha256\": \(s($0.1))}" }.joined(separator: ", ") + "],")
        lines.append("  \"data_set\": {\"path\": \(s(dataSet)), \"name\": \(s(dataSetName)), \"sha256\": \(s(dataHash))},")
        lines.append("  \"seed\": \(seed),")
        lines.append("  \"draws\": \(draws),")
        lines.append("  \"shard\": \(s(shard)),")
        lines.append("  \"threads\": \(threads),")
        lines.append("  \"started\": \(s(iso.string(from: started))),")
        lines.append("  \"finished\": \(s(iso.string(from: finished))),")
        lines.append("  \"wall_seconds\": {" + timings.map { "\(s($0.0)): \(String(format: "%.3f", $0.1))" }.joined(separator: ", ") + "},")
        lines.append("  \"factorisations\": \(factorisations),")
        lines.append("  \"refinement\": {\"solves\": \(refinement.solves), \"steps\": \(refinement.steps)},")
        lines.append("  \"cblas\": \(s(cblas)),")
        lines.append("  \"gsl\": \(s(gsl)),")
        lines.append("  \"central_parameters\": {" + parameters.map { "\(s($0.0)): \(CSV.number($0.1))" }.joined(separator: ", ") + "}")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
