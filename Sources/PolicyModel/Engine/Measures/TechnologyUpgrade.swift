// SPDX-License-Identifier: GPL-3.0-or-later

/// Transformation and upgrading of traditional industries: every intermediate-input coefficient
/// of the rule's sectors in the member provinces is scaled by 1 - `input_saving` x level. A
/// target where the rule fired pays its GDP share of the year's `budget`.
enum TechnologyUpgrade: Measure {
    static let kind = MeasureKind.technologyUpgrade

    static func apply(_ a: inout RuleApplication) throws {
        let saving = a.number("input_saving")
        try CoefficientShock.change(&a, operation: .scale, value: 1 - saving, inputs: Array(0..<a.economy.n),
                                    budget: a.number("budget") * a.spendingShare,
                                    traced: (saving * a.level, "cut of input coefficients (fraction)"))
    }
}
