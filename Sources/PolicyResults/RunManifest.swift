// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel

/// `manifest.json` of a result folder: what made it, and every other file of the folder with
/// its data rows and SHA-256, so that a reader can tell a complete folder from a damaged one.
/// Written by `JSONEncoder` (sorted keys) and read by `JSONDecoder`.
public struct RunManifest: Codable, Sendable, Equatable {
    public struct ScenarioFile: Codable, Sendable, Equatable {
        public var path: String
        public var sha256: String
    }

    public struct DataSetRecord: Codable, Sendable, Equatable {
        public var path: String
        public var name: String
        public var sha256: String
    }

    public struct Refinement: Codable, Sendable, Equatable {
        public var solves: Int
        public var steps: Int
    }

    /// A file of the folder as it was written: data rows (CSV records after the header) and the
    /// SHA-256 of its bytes.
    public struct FileRecord: Codable, Sendable, Equatable {
        public var rows: Int
        public var sha256: String
    }

    /// What the checks after every solve saw (`VerificationSummary`); absent in folders made
    /// before the checks were recorded.
    public struct VerificationRecord: Codable, Sendable, Equatable {
        public var solves: Int
        public var largestResidual: Double
        public var residualTolerance: Double
        public var largestIdentityResidual: Double
        public var identityTolerance: Double

        enum CodingKeys: String, CodingKey {
            case solves
            case largestResidual = "largest_residual", residualTolerance = "residual_tolerance"
            case largestIdentityResidual = "largest_identity_residual", identityTolerance = "identity_tolerance"
        }
    }

    /// The BLAS kernels that ran and why (a different kernel may change the last bits of a result).
    public struct KernelRecord: Codable, Sendable, Equatable {
        public var library: String
        public var kernels: String
        public var reason: String
    }

    /// What `policysim attribute` wrote into the folder.
    public struct AttributionRecord: Codable, Sendable, Equatable {
        public var by: String
        public var groups: Int
        public var exact: Bool
        public init(by: String, groups: Int, exact: Bool) {
            self.by = by
            self.groups = groups
            self.exact = exact
        }
    }

    public var program = "policysim"
    public var version: String
    /// The scenario's `name`.
    public var scenario: String
    public var scenarioFiles: [ScenarioFile]
    public var dataSet: DataSetRecord
    public var seed: UInt64
    /// Monte Carlo draws whose results this folder holds.
    public var draws: Int
    /// Draws of the whole ensemble, of which a shard holds those d with d mod N = k.
    public var ensembleDraws: Int
    /// Whether output.csv holds every draw (statistic draw_<d>).
    public var keepDraws: Bool
    /// "k/N", or "merged" for a folder made by `policysim merge`.
    public var shard: String
    public var mergedFrom: [String]?
    public var threads: Int
    /// ISO 8601, UTC.
    public var started: String
    public var finished: String
    /// Wall seconds by phase (baseline, central, draws, write), to the millisecond.
    public var wallSeconds: [String: Double]
    public var factorisations: Int
    /// Systems solved by refinement against a factorisation, and their correction steps.
    public var refinement: Refinement
    public var cblas: String
    public var blas: KernelRecord?
    public var gsl: String
    public var verification: VerificationRecord?
    public var centralParameters: [String: Double]
    public var attribution: AttributionRecord?
    /// Every other file of the folder (manifest.json itself excluded).
    public var files: [String: FileRecord]

    enum CodingKeys: String, CodingKey {
        case program, version, scenario, seed, draws, shard, threads, started, finished, factorisations, refinement, cblas, gsl
        case blas, verification
        case attribution, files
        case scenarioFiles = "scenario_files", dataSet = "data_set", ensembleDraws = "ensemble_draws", keepDraws = "keep_draws"
        case mergedFrom = "merged_from", wallSeconds = "wall_seconds", centralParameters = "central_parameters"
    }

    public init(version: String, scenario: String, scenarioFiles: [ScenarioFile], dataSet: DataSetRecord, seed: UInt64,
                draws: Int, ensembleDraws: Int, keepDraws: Bool, shard: String, threads: Int, started: Date, finished: Date,
                wallSeconds: [String: Double], factorisations: Int, refinement: (solves: Int, steps: Int), cblas: String,
                gsl: String, centralParameters: [String: Double]) {
        self.version = version
        self.scenario = scenario
        self.scenarioFiles = scenarioFiles
        self.dataSet = dataSet
        self.seed = seed
        self.draws = draws
        self.ensembleDraws = ensembleDraws
        self.keepDraws = keepDraws
        self.shard = shard
        self.threads = threads
        self.started = RunManifest.timestamp(started)
        self.finished = RunManifest.timestamp(finished)
        self.wallSeconds = wallSeconds.mapValues { ($0 * 1000).rounded() / 1000 }
        self.factorisations = factorisations
        self.refinement = Refinement(solves: refinement.solves, steps: refinement.steps)
        self.cblas = cblas
        self.gsl = gsl
        self.centralParameters = centralParameters
        self.files = [:]
    }

    public static func timestamp(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// Pretty-printed JSON with sorted keys and a final newline.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads `folder/manifest.json`; the message says what is wrong and what to do.
    public static func read(_ folder: URL) throws -> RunManifest {
        let url = folder.appendingPathComponent("manifest.json")
        let shown = displayPath(folder)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Failure(description: "\(shown) is not a result folder (it has no manifest.json); make one with `policysim run`")
        }
        do {
            let m = try JSONDecoder().decode(RunManifest.self, from: data)
            guard m.program == "policysim" else {
                throw Failure(description: "\(shown)/manifest.json was not written by policysim run (program '\(m.program)')")
            }
            return m
        } catch let f as Failure {
            throw f
        } catch let DecodingError.keyNotFound(key, context) {
            let path = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            throw Failure(description: "\(shown)/manifest.json lacks '\(path)': it was written by another version of policysim or edited; make the folder again with `policysim run`")
        } catch let DecodingError.typeMismatch(_, context) {
            throw Failure(description: "\(shown)/manifest.json: '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type; make the folder again with `policysim run`")
        } catch {
            throw Failure(description: "\(shown)/manifest.json is not a result manifest (\(JSONValue.reason(error))); make the folder again with `policysim run`")
        }
    }

    /// A folder whose manifest.json was written by `policysim run` or `policysim merge`: the only
    /// kind of folder that `--force` replaces.
    public static let folderKind = FolderKind(name: "a policysim result folder") { url in
        guard let data = FileManager.default.contents(atPath: url.appendingPathComponent("manifest.json").path),
              let value = try? JSONDecoder().decode(JSONValue.self, from: data) else { return false }
        return value["program"]?.string == "policysim" && value["scenario_files"] != nil
    }
}
