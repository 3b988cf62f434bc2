// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import PolicyModel
import PolicyScenario

extension PolicySim {
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the library of measure kinds and the rule language, from the definitions the engine uses."
        )

        @Argument(help: "Only these measure kinds.") var measures: [String] = []

        func validate() throws {
            for m in measures where MeasureKind(rawValue: m) == nil {
                throw ValidationError("Unknown measure '\(m)'. Please use one of \(MeasureKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }

        func run() throws {
            print(RulesText.text(measures.isEmpty ? MeasureKind.allCases : measures.compactMap(MeasureKind.init(rawValue:)), full: measures.isEmpty))
        }
    }
}

enum RulesText {
    static func text(_ kinds: [MeasureKind], full: Bool) -> String {
        var out: [String] = []
        if full {
            out.append("RULES")
            out.append("A rule is who (areas, sectors) + when (a condition and years) + what (one measure kind). Fields:")
            for f in MeasureLibrary.ruleFields { out.append("  \(f.name): \(f.meaning)") }
            out.append("")
            out.append("CONDITIONS (`when:`)")
            out.append("Numbers (0.03 or 3%), comparisons < <= > >= == !=, and, or, not, + - * /, parentheses, min(), max(), abs().")
            out.append("A condition for year t sees the economy of year t with every unconditional measure applied but before any")
            out.append("conditional one (rules with `when`, and demand_support); growth is measured against year t - 1's final state.")
            out.append("So conditional rules never see each other's effects in the same year, and their order does not matter.")
            out.append("Variables (for the rule's area and sector; area-wide for investment and consumption measures):")
            for v in Expression.variables { out.append("  \(v.name): \(v.meaning)") }
            out.append("")
            out.append("NUMBERS")
            out.append("A measure's number is a value (900, 0.3 or 30%), a parameter's name (fund_leverage), or a formula of")
            out.append("parameters: + - *, division by a constant, parentheses, min(), max(), abs() (`value: -0.33 * tradein_leverage * 900`).")
            out.append("A formula is evaluated on each draw's values of its parameters, so it moves with them; its range is")
            out.append("checked at the ends and middle of its parameters' ranges in every combination (at most \(ScenarioLoader.formulaParameterLimit) parameters),")
            out.append("which bounds it when it is monotone in each parameter (sums, differences and products are).")
            out.append("Every money amount (100 million yuan, 2022 prices: amount, subsidy, fund, lending, inflow, investment,")
            out.append("budget) is a total over the rule's years, spread over them by the phase-in levels (level / sum of levels).")
            out.append("Levels and factors hold in each active year instead: final_demand_shock's `value` for set (the level")
            out.append("of a year) and scale (a factor), coefficient_shock's `value`. A target relative to the baseline is set")
            out.append("with relative_to: `operation: set, value: 1.25, relative_to: 2023` is 25 % above the baseline's 2023 level.")
            out.append("")
            out.append("MEASURES")
        }
        for kind in kinds {
            let s = kind.spec
            out.append("")
            out.append("\(kind.rawValue)  [task \(s.task)]")
            out.append("  \(s.summary)")
            out.append("  changes: \(s.changes)")
            out.append("  fiscal cost: \(s.fiscalCost)")
            out.append("  sectors: \(s.sectorsMean)")
            out.append("  parameters:")
            for p in s.parameters {
                let d = p.required ? "required" : (p.defaultValue.map { "default \($0)" } ?? "default: see text")
                out.append("    \(p.name) (\(p.unit); \(d)\(p.range.map { "; " + rangeText($0, p) } ?? "")): \(p.description)")
            }
        }
        return out.joined(separator: "\n")
    }

    /// "from -30% to 30%", "from 0 to 1000000", "scale 0 to 10, add -1 to 1, set 0 to 1".
    static func rangeText(_ r: ParameterRange, _ p: ParameterSpec) -> String {
        func n(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)" }
        if !r.byOperation.isEmpty {
            return ShockOperation.allCases.compactMap { op in r.byOperation[op].map { "\(op.rawValue) \(n($0.lowerBound)) to \(n($0.upperBound))" } }.joined(separator: ", ")
        }
        if p.kind == .share || p.kind == .rate { return "from \(n(r.lower * 100))% to \(n(r.upper * 100))%" }
        return "from \(n(r.lower)) to \(n(r.upper))"
    }
}
