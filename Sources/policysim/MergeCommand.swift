// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyResults

extension PolicySim {
    struct MergeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Combine the result folders of --shard k/N runs (made with --keep-draws) into one.",
            discussion: "Checks that the shards share scenario, data, seed and program version and cover 0/N ... (N-1)/N once each; statistics are recomputed over all draws."
        )

        @Argument(help: "Shard result folders.") var folders: [String]
        @Option(help: "The merged result folder.") var out: String
        @Flag(help: "Replace an existing folder.") var force = false

        func run() throws {
            do {
                let files = try Merge.files(folders.map { URL(fileURLWithPath: $0) })
                try RunFolder.write(files, to: URL(fileURLWithPath: out), force: force)
                print("wrote \(out)")
            } catch {
                printError("\(error)")
                throw ExitCode(dataErrorExitCode)
            }
        }
    }
}
