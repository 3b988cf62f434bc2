// SPDX-License-Identifier: GPL-3.0-or-later

/// New growth poles: the year's `investment` (the budget pays `fiscal_share`), and in every
/// pole province that fires, `local_sourcing` x level of its purchases of the rule's sectors
/// from other provinces move to its own supply.
enum GrowthPole: Measure {
    static let kind = MeasureKind.growthPole
    static let spec = MeasureSpec(kind: kind, task: "4 play to local strengths",
        summary: "New growth poles: concentrated investment plus local supply chains.",
        changes: "adds the year's investment to fixed capital formation in the areas (and the listed sectors' capital) and moves local_sourcing x level of the areas' purchases of the listed sectors from other provinces to their own supply",
        fiscalCost: "fiscal_share x the year's investment",
        sectorsMean: "the pole's sectors: investing sectors and the sectors whose local sourcing rises",
        parameters: [
            MeasureLibrary.p("investment", .amount, required: true, "total investment over the rule's years"),
            MeasureLibrary.p("local_sourcing", .share, 0.05, "fraction of purchases from other provinces moved to own supply, at full phase-in"),
            MeasureLibrary.p("fiscal_share", .share, 0.5, "share of the investment paid from the budget"),
            MeasureLibrary.p("composition", .composition, "what the investment buys, " + MeasureLibrary.compositionDefault),
        ] + MeasureLibrary.spending(additionality: 0.7, basis: "an assumption: part of a pole's investment would have gone there anyway; range 0.5 to 1"))

    static func apply(_ a: inout RuleApplication) throws {
        let local = a.number("local_sourcing") * a.level
        try Investment.apply(&a, amount: a.number("investment") * a.spendingShare, fiscalShare: a.number("fiscal_share")) { a, t in
            localSourcing(&a, t, local)
        }
    }

    /// For each member p of the target (weight w): t[q, p] *= 1 - s w for every other origin q,
    /// and t[p, p] gains what they lose, s w (1 - t[p, p]); columns keep summing to one.
    static func localSourcing(_ a: inout RuleApplication, _ t: Target, _ s: Double) {
        guard s > 0 else { return }
        let np = a.economy.provinces
        for i in a.sectors {
            var tm = a.structure.sourcing(i)
            for (p, w) in t.members {
                let others = 1 - tm[p, p]
                guard others > 0 else { continue }
                let moved = s * w * others
                for q in 0..<np where q != p { tm[q, p] *= 1 - s * w }
                tm[p, p] += moved
            }
            a.structure.setSourcing(i, tm)
        }
    }
}
