// SPDX-License-Identifier: GPL-3.0-or-later

/// The three products (varieties, quality, brands): the import share of the rule's sectors in
/// each member province falls by the factor 1 - weight x `import_substitution` x level, and
/// their exports rise by weight x `export_gain` x level of the year's baseline exports. A
/// target where the rule fired pays its GDP share of the year's `budget`.
enum QualityUpgrading: Measure {
    static let kind = MeasureKind.qualityUpgrading

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
