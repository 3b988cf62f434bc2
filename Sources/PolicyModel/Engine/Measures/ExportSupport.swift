// SPDX-License-Identifier: GPL-3.0-or-later

/// Export support: exports of the rule's sectors in each member province rise by weight x
/// `export_growth` x level of the year's baseline exports; the budget pays `cost_per_yuan` of
/// the added exports.
enum ExportSupport: Measure {
    static let kind = MeasureKind.exportSupport

    static func apply(_ a: inout RuleApplication) throws {
        let n = a.economy.n
        let growth = a.number("export_growth"), costPerYuan = a.number("cost_per_yuan")
        for t in a.targets {
            for i in a.sectors {
                let (ok, condition) = try a.fires(t, i)
                guard ok else { continue }
                var added = 0.0, cost = 0.0
                for (p, w) in t.members {
                    let k = p * n + i
                    let x = w * growth * a.level * a.context.baselineExports[k]
                    a.add(.exports, k, x)
                    a.charge(p, costPerYuan * x)
                    added += x
                    cost += costPerYuan * x
                }
                a.record(t, i, condition, added, "100 million yuan of exports", cost)
            }
        }
    }
}
