// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import PolicyResults

/// `--year Y`, `--peak` and `--cumulative`, shared by compare, explain and plot --kind bars.
struct YearOptions: ParsableArguments {
    @Option(help: "Show this year.") var year: Int?
    @Flag(help: "Show the peak year: the year the delta is largest in absolute value.") var peak = false
    @Flag(help: "Show the sum over the simulated years (every year after the base year).") var cumulative = false

    /// The spans asked for, in the order year, peak, cumulative; nil when none was given.
    var spans: [Comparison.Span]? {
        var out: [Comparison.Span] = []
        if let year { out.append(.year(year)) }
        if peak { out.append(.peak) }
        if cumulative { out.append(.cumulative) }
        return out.isEmpty ? nil : out
    }

    /// Exactly one span, for commands that show one number (explain, plot --kind bars).
    func single(_ command: String) throws -> Comparison.Span? {
        guard let spans else { return nil }
        guard spans.count == 1 else {
            throw ValidationError("\(command) shows one span: please give one of --year Y, --peak or --cumulative.")
        }
        return spans[0]
    }
}
