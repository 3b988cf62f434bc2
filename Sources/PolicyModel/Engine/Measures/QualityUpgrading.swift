// SPDX-License-Identifier: GPL-3.0-or-later

/// The three products (varieties, quality, brands): the import share of the rule's sectors in
/// each member province falls by the factor 1 - weight x `import_substitution` x level, and
/// their exports rise by weight x `export_gain` x level of the year's baseline exports. A
/// target where the rule fired pays its GDP share of the year's `budget`.
enum QualityUpgrading: Measure {
    static let kind = MeasureKind.qualityUpgrading
    static let spec = MeasureSpec(kind: kind, task: "3 expand consumption",
        summary: "The three products (varieties, quality, brands): domestic goods win back buyers from imports and abroad.",
        changes: "cuts the import share of domestic use of the listed sectors in the areas by import_substitution x level (imports replaced by domestic supply) and raises their exports by export_gain x level",
        fiscalCost: "budget spread over the rule's years",
        sectorsMean: "the upgraded sectors (default: all)",
        parameters: [
            MeasureLibrary.p("import_substitution", .share, 0.05, "fractional cut of the import share at full phase-in"),
            MeasureLibrary.p("export_gain", .rate, 0.01, "fractional rise of exports at full phase-in", range: ParameterRange(0, 1)),
            MeasureLibrary.p("budget", .amount, 0, "total programme spending over the rule's years (accounted, not added to demand)"),
        ] + MeasureLibrary.financing)

    static func apply(_ a: inout RuleApplication) throws {
        let n = a.economy.n
        let budget = a.number("budget") * a.spendingShare
        let substitution = a.number("import_substitution"), exportGain = a.number("export_gain")
        for (t, gdpShare) in zip(a.targets, a.gdpShares) {
            var fired = false
            for i in a.sectors {
                let (ok, condition) = try a.fires(t, i)
                guard ok else { continue }
                fired = true
                for (p, w) in t.members {
                    let k = p * n + i
                    a.structure.scaleImportShare(k, by: 1 - w * substitution * a.level)
                    a.add(.exports, k, w * exportGain * a.level * a.context.baselineExports[k])
                }
                a.record(t, i, condition, substitution * a.level, "cut of the import share (fraction)", 0)
            }
            if fired { a.spendBudget(t, budget * gdpShare) }
        }
    }
}
