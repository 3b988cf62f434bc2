// SPDX-License-Identifier: GPL-3.0-or-later

/// Consumption subsidies: the year's `subsidy` times `leverage` of household spending on the
/// rule's goods, spread over targets and provinces by the component's baseline demand and over
/// the goods by their baseline demand; `crowding_out` of it displaces the component's other
/// spending in proportion to its baseline mix. The budget pays the subsidy.
enum ConsumptionProgramme: Measure {
    static let kind = MeasureKind.consumptionProgramme
    static let spec = MeasureSpec(kind: kind, task: "3 expand consumption",
        summary: "Consumption subsidies: new-energy vehicles, smart appliances and green building materials to the countryside.",
        changes: "adds subsidy x leverage of household demand for the listed sectors (split by their base demand of the component) and removes crowding_out x that amount from the component's demand for all sectors in proportion to its base mix",
        fiscalCost: "the subsidy paid in the year",
        sectorsMean: "the subsidised goods (required)",
        parameters: [
            MeasureLibrary.p("subsidy", .amount, required: true, "total subsidy over the rule's years"),
            MeasureLibrary.p("leverage", .ratio, 4, "household spending on the goods per yuan of subsidy", range: .multiplier),
            MeasureLibrary.p("component", .component, "households that spend (default rural_households)"),
            MeasureLibrary.p("crowding_out", .share, 0.3, "fraction of the induced spending that displaces other consumption"),
        ] + MeasureLibrary.spending(additionality: 0.5, basis: "an assumption: subsidised purchases are partly brought forward or made anyway; range 0.3 to 0.8"))

    static func apply(_ a: inout RuleApplication) throws {
        let e = a.economy, n = e.n
        let subsidy = a.number("subsidy") * a.spendingShare
        let induced = subsidy * a.number("leverage")
        let crowdingOut = a.number("crowding_out")
        let target = a.rule.component.flatMap(DemandTarget.init) ?? .domestic(.ruralHouseholds)
        let context = a.context
        func componentTotal(_ p: Int) -> Double { (0..<n).reduce(0.0) { $0 + context.baseline(target, p * n + $1) } }
        let nationalOutput = a.sectors.reduce(0) { $0 + e.data.national[.output, $1] }
        for (t, part) in zip(a.targets, a.targetShares(componentTotal)) {
            let (ok, condition) = try a.fires(t, nil)
            guard ok, induced > 0 else { continue }
            let parts = a.spread(t, induced * part, key: componentTotal)
            for (p, gross) in parts {
                // The subsidy pays for gross purchases; `additionality` of them are new, and
                // only new purchases displace other spending.
                let x = a.additionality * gross
                let base = a.sectors.map { context.baseline(target, p * n + $0) }
                let total = base.reduce(0, +)
                for (k, i) in a.sectors.enumerated() {
                    a.add(target.flow, p * n + i, x * (total > 0 ? base[k] / total : e.data.national[.output, i] / nationalOutput))
                }
                let all = componentTotal(p)
                if all > 0 {
                    for i in 0..<n { a.add(target.flow, p * n + i, -(crowdingOut * x * context.baseline(target, p * n + i) / all)) }
                }
                a.charge(p, subsidy * gross / induced)
            }
            a.record(t, nil, condition, a.additionality * induced * part, "100 million yuan of additional household spending",
                     parts.reduce(0) { $0 + subsidy * $1.1 / induced })
        }
    }
}
