// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel

extension Comparison {
    /// The `policysim attribute` command that gives `run` its GDP gained by rule, as it can be
    /// pasted into a shell: the top scenario file the run recorded in its manifest (a path from
    /// the folder the run was started in), the run's folder as --out (absolute when the scenario
    /// file is not found from here, so that the command works from that folder), and --force
    /// where the folder already holds an attribution (by task, say), which attribute replaces
    /// only with it.
    public static func attributeCommand(_ run: ResultFolder) -> String {
        let file = run.manifest.scenarioFiles.last?.path ?? run.scenario
        let here = FileManager.default.fileExists(atPath: file)
        let folder = here ? displayPath(run.path) : URL(fileURLWithPath: run.path).standardizedFileURL.path
        var words = ["policysim", "attribute", shellWord(file), "--by", "rule", "--out", shellWord(folder)]
        if run.manifest.files["attribution.csv"] != nil { words.append("--force") }
        return words.joined(separator: " ")
    }

    /// The line below the fiscal table of a run without GDP gained by rule, and explain's for a
    /// run without rule contributions: "(WHAT needs `policysim attribute ...`)".
    static func attributeHint(_ run: ResultFolder, for what: String = "GDP gained by rule") -> String {
        let file = run.manifest.scenarioFiles.last?.path ?? run.scenario
        var hint = "(\(what) needs `\(attributeCommand(run))`"
        if !FileManager.default.fileExists(atPath: file) {
            hint += ", run from the folder `policysim run` was started in: \(file) is not found from here"
        }
        return hint + ")"
    }
}
