// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyResults

extension PolicySim {
    struct MergeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Combine the result folders of --shard k/N runs (made with --keep-draws) into one.",
            discussion: """
                Checks that the shards belong together (scenario files, data, seed, --draws and program \
                version; each of 0/N ... (N-1)/N once, made with --keep-draws, from the same central run) \
                and verifies every file against its manifest; statistics are recomputed over all draws, \
                and output.csv and draws.csv come out as one unsharded run would write them. An \
                existing --out is replaced only with --force, and only a result folder (exit code 73 \
                otherwise).
                """
        )

        @Argument(help: "Shard result folders.") var folders: [String]
        @Option(help: "The merged result folder.") var out: String
        @Flag(help: "Replace an existing result folder.") var force = false
        @OptionGroup var silence: Silence

        func validate() throws { try validateOut(out) }

        func run() throws {
            StagingFolder.removeOnSignals()
            let writer: ResultWriter
            do { writer = try RunFolder.create(out, force: force) } catch { throw failure(error) }
            do {
                try Merge.write(folders.map { URL(fileURLWithPath: $0) }, to: writer)
            } catch let e as FileWriteError {
                throw failure(e)
            } catch {
                throw failure(error)
            }
            silence.say("wrote \(writer.display)")
        }
    }
}
