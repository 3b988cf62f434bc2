// SPDX-License-Identifier: GPL-3.0-or-later

/// Export support: exports of the rule's sectors in each member province rise by weight x
/// `export_growth` x level of the year's baseline exports; the budget pays `cost_per_yuan` of
/// the added exports.
enum ExportSupport: Measure {
    static let kind = MeasureKind.exportSupport
    static let spec = MeasureSpec(kind: kind, task: "4 play to local strengths",
        summary: "Consolidates export advantages (for the east).",
        changes: "raises the exports of the listed sectors in the areas by export_growth x level of the year's baseline exports",
        fiscalCost: "cost_per_yuan x the added exports",
        sectorsMean: "the supported sectors (default: all)",
        parameters: [
            MeasureLibrary.p("export_growth", .rate, 0.02, "added exports as a fraction of the year's baseline exports", range: ParameterRange(-0.5, 1)),
            MeasureLibrary.p("cost_per_yuan", .rate, 0.05, "budget cost per yuan of added exports (credit insurance, rebates)", range: .costPerYuan),
        ] + MeasureLibrary.spending(additionality: 0.5, basis: "an assumption: rebates and insurance partly reach exports that would have been made anyway; range 0.2 to 0.8"))

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
                    // The support pays for the gross rise; `additionality` of it is new exports.
                    let x = w * growth * a.level * a.context.baselineExports[k]
                    a.add(.exports, k, a.additionality * x)
                    a.charge(p, costPerYuan * x)
                    added += a.additionality * x
                    cost += costPerYuan * x
                }
                a.record(t, i, condition, added, "100 million yuan of additional exports", cost)
            }
        }
    }
}
