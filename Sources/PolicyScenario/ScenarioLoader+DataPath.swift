// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel

extension ScenarioLoader {
    /// The data set folder a scenario file names (itself or through `extends`), without
    /// validating the rest: `policysim list areas FILE` works on a file with a bad rule in it.
    /// Throws the reading problems (malformed YAML, a cycle, no `data:`).
    public static func dataPath(of path: String) throws -> String {
        let loader = ScenarioLoader { _ in throw ScenarioError([]) }
        var context = Context()
        let raw = try loader.readChain(path, context: &context)
        guard let data = raw.fields["data"] else {
            if context.diagnostics.isEmpty {
                context.diagnostics.append(Diagnostic(file: displayPath(path), line: 1, column: 1, message: "missing key 'data' (the data set folder)"))
            }
            throw ScenarioError(context.diagnostics)
        }
        guard let written = data.node.string, !written.isEmpty else {
            throw ScenarioError(context.diagnostics + [Diagnostic(file: data.file, line: data.line, column: data.column, message: "data must be the path of a data set folder")])
        }
        return resolve(written, from: data.file)
    }
}
