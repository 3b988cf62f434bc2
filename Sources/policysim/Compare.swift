// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyResults

extension PolicySim {
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put result folders side by side: deltas, paired uncertainty bands, fiscal cost and GDP per yuan.",
            discussion: """
                The first folder is the reference. Runs made on different data sets or program \
                versions are flagged (with --strict, refused with exit code 65). One folder whose \
                baseline contains its measures (baseline.includes) is compared with its own \
                no-package path: its effects. The headline shows the last year, each row's peak year \
                and the cumulative effect; --year Y, --peak (each row's peak year) and --cumulative choose the tables. \
                With several runs, each table puts them side by side. --out writes every cell of \
                every run with p5 and p95 of the paired deltas (draw by draw) where the run kept draws.
                """
        )

        @Argument(help: "Result folders: the reference, then one or more runs; or one folder, against its no-package path.") var folders: [String]
        @Option(help: "Write the full comparison (every cell) to this CSV file.") var out: String?
        @Option(help: "text or markdown.") var format = "text"
        @Flag(help: "Refuse runs made on different data sets or program versions.") var strict = false
        @Flag(help: "Replace the --out file if it exists (without it, an existing file exits 73).") var force = false
        @OptionGroup var span: YearOptions

        func validate() throws {
            if folders.isEmpty { throw ValidationError("Please give a reference folder and at least one run to compare with it, or one folder whose baseline contains its measures.") }
            if !["text", "markdown"].contains(format) { throw ValidationError("Please use --format text or --format markdown.") }
            if out == "" { throw ValidationError("Please give --out a file name.") }
        }

        func run() throws {
            let comparison: Comparison
            do {
                comparison = folders.count == 1 ? try Comparison(againstNoPolicy: try ResultFolder(folders[0]))
                    : Comparison(reference: try ResultFolder(folders[0]), runs: try folders.dropFirst().map(ResultFolder.init))
            } catch {
                throw failure(error)
            }
            do { try comparison.check(span.spans ?? []) } catch { throw failure(error) }
            for w in comparison.warnings { printError("warning: \(w)") }
            if strict && !comparison.warnings.isEmpty { throw ExitCode(Exit.invalidInput) }
            if let out {
                do { try AtomicFile.checkTarget(URL(fileURLWithPath: out), force: force) } catch { throw failure(error) }
            }
            print(try comparison.report(markdown: format == "markdown", spans: span.spans))
            if let out {
                do {
                    try AtomicFile.write(Data(try comparison.fullTable().utf8), to: URL(fileURLWithPath: out), force: force)
                } catch {
                    throw failure(error, otherwise: Exit.cannotWrite)
                }
                printError("wrote \(out)")
            }
        }
    }
}
