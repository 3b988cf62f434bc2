// SPDX-License-Identifier: GPL-3.0-or-later

/// Transformation and upgrading of traditional industries: every intermediate-input coefficient
/// of the rule's sectors in the member provinces is scaled by 1 - `input_saving` x level. A
/// target where the rule fired pays its GDP share of the year's `budget`.
enum TechnologyUpgrade: Measure {
    static let kind = MeasureKind.technologyUpgrade
    static let spec = MeasureSpec(kind: kind, task: "4 play to local strengths",
        summary: "Transformation and upgrading of traditional industries (for the northeast).",
        changes: "scales every intermediate-input coefficient of the listed sectors in the areas by (1 - input_saving x level): less input per unit of output, more value added",
        fiscalCost: "budget spread over the rule's years",
        sectorsMean: "the upgraded sectors (default: all)",
        parameters: [
            MeasureLibrary.p("input_saving", .share, 0.02, "fractional cut of intermediate inputs per unit of output at full phase-in", range: ParameterRange(0, 0.5)),
            MeasureLibrary.p("budget", .amount, 0, "total programme spending over the rule's years (accounted, not added to demand)"),
        ] + MeasureLibrary.financing)

    static func apply(_ a: inout RuleApplication) throws {
        let saving = a.number("input_saving")
        try CoefficientShock.change(&a, operation: .scale, value: 1 - saving, inputs: Array(0..<a.economy.n),
                                    budget: a.number("budget") * a.spendingShare,
                                    traced: (saving * a.level, "cut of input coefficients (fraction)"))
    }
}
