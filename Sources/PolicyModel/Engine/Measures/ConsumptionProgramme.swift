// SPDX-License-Identifier: GPL-3.0-or-later

/// Consumption subsidies: the year's `subsidy` times `leverage` of household spending on the
/// rule's goods, spread over targets and provinces by the components' baseline demand and over
/// the goods by their baseline demand; `crowding_out` of it displaces the components' other
/// spending in proportion to their baseline mix. The budget pays the subsidy.
///
/// With several components (`component: [rural_households, urban_households]`) they act as one
/// buyer: their baseline demands are summed wherever one component's is used, and each
/// component gets the part of a good's purchases (and of the displaced spending) that its own
/// baseline demand for that good is of theirs. One component is the same as before to the bit.
enum ConsumptionProgramme: Measure {
    static let kind = MeasureKind.consumptionProgramme
    static let spec = MeasureSpec(kind: kind, task: "3 expand consumption",
        summary: "Consumption subsidies: new-energy vehicles, smart appliances and green building materials to the countryside.",
        changes: "adds subsidy x leverage of household demand for the listed sectors (split by their base demand of the component) and removes crowding_out x that amount from the component's demand for all sectors in proportion to its base mix; with a list of components they buy as one, each taking its own base share of every sector",
        fiscalCost: "the subsidy paid in the year",
        sectorsMean: "the subsidised goods (required)",
        parameters: [
            MeasureLibrary.p("subsidy", .amount, required: true, "total subsidy over the rule's years"),
            MeasureLibrary.p("leverage", .ratio, 4, "household spending on the goods per yuan of subsidy", range: .multiplier),
            MeasureLibrary.p("component", .component, "households that spend: one component or a list, e.g. [rural_households, urban_households] (default rural_households)"),
            MeasureLibrary.p("crowding_out", .share, 0.3, "fraction of the induced spending that displaces other consumption"),
        ] + MeasureLibrary.spending(additionality: 0.5, basis: "an assumption: subsidised purchases are partly brought forward or made anyway; range 0.3 to 0.8"))

    static func apply(_ a: inout RuleApplication) throws {
        let e = a.economy, n = e.n
        let subsidy = a.number("subsidy") * a.spendingShare
        let induced = subsidy * a.number("leverage")
        let crowdingOut = a.number("crowding_out")
        let buyers = a.rule.components.isEmpty ? [DemandTarget.domestic(.ruralHouseholds)] : a.rule.components.compactMap(DemandTarget.init)
        let context = a.context
        /// The buyers' baseline demand for row k, summed (one buyer: its own).
        func demand(_ k: Int) -> Double { buyers.count == 1 ? context.baseline(buyers[0], k) : buyers.reduce(0.0) { $0 + context.baseline($1, k) } }
        /// Adds `amount` of row k to the buyers, each its share of their baseline demand for row k
        /// (equal shares where they have none).
        func add(_ k: Int, _ amount: Double) {
            guard buyers.count > 1 else { return a.add(buyers[0].flow, k, amount) }
            let total = demand(k)
            for b in buyers { a.add(b.flow, k, amount * (total > 0 ? context.baseline(b, k) / total : 1 / Double(buyers.count))) }
        }
        func componentTotal(_ p: Int) -> Double { (0..<n).reduce(0.0) { $0 + demand(p * n + $1) } }
        let nationalOutput = a.sectors.reduce(0) { $0 + e.data.national[.output, $1] }
        for (t, part) in zip(a.targets, a.targetShares(componentTotal)) {
            let (ok, condition) = try a.fires(t, nil)
            guard ok, induced > 0 else { continue }
            let parts = a.spread(t, induced * part, key: componentTotal)
            for (p, gross) in parts {
                // The subsidy pays for gross purchases; `additionality` of them are new, and
                // only new purchases displace other spending.
                let x = a.additionality * gross
                let base = a.sectors.map { demand(p * n + $0) }
                let total = base.reduce(0, +)
                for (k, i) in a.sectors.enumerated() {
                    add(p * n + i, x * (total > 0 ? base[k] / total : e.data.national[.output, i] / nationalOutput))
                }
                let all = componentTotal(p)
                if all > 0 {
                    for i in 0..<n { add(p * n + i, -(crowdingOut * x * demand(p * n + i) / all)) }
                }
                a.charge(p, subsidy * gross / induced)
            }
            // The effect traced is the spending on the goods (the spending it displaces falls on
            // every good the component buys, and is not traced apart).
            a.record(t, a.sectors, condition, a.additionality * induced * part, "100 million yuan of additional household spending",
                     parts.reduce(0) { $0 + subsidy * $1.1 / induced })
        }
    }
}
