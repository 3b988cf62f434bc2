// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel
import PolicyNumerics
import Yams

/// Reads scenario files (YAML, format version 1) into validated `Scenario`s.
///
/// Every problem of a file is reported, not just the first, each with file, line, column and
/// the allowed alternatives. Validation needs the data set's areas and sectors, so the caller
/// supplies a function that loads a data set folder.
public struct ScenarioLoader {
    public typealias DataSetProvider = (String) throws -> DataSet

    /// Limits that keep a typo from asking for an absurd run.
    public static let maxDraws = 100_000
    public static let maxHorizonYears = 50
    public static let lastYear = 2100
    public static let maxNodes = 200_000
    public static let maxRules = 1_000
    public static let maxFileBytes = 1 << 20

    let dataSets: DataSetProvider
    /// True while reading a file that another names in `baseline.includes` (whose own includes
    /// are not followed: only its rules are wanted).
    var readingIncluded = false
    public init(dataSets: @escaping DataSetProvider) { self.dataSets = dataSets }

    /// Loads and validates a scenario file (and the files it extends).
    public func load(_ path: String) throws -> (Scenario, DataSet) {
        var context = Context()
        let merged = try readChain(path, context: &context)
        var diagnostics = context.diagnostics
        guard diagnostics.isEmpty else { throw ScenarioError(diagnostics) }
        let result = validate(merged, diagnostics: &diagnostics)
        guard diagnostics.isEmpty, let result else { throw ScenarioError(diagnostics) }
        return result
    }

    struct Context {
        var diagnostics: [Diagnostic] = []
        var stack: [String] = []
        var sources: [String: [String]] = [:]
        /// The data set's folder, and its price index once a rule's `prices` needed it.
        var dataFolder = ""
        var priceIndex: Result<PriceIndex, DataError>?
    }
}
