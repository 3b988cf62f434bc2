// SPDX-License-Identifier: GPL-3.0-or-later

/// What the investment measures share (programmes, funds, credit, foreign investment, growth
/// poles): spending on fixed capital formation, bought by product at the rule's `composition` or
/// the national mix of fixed capital formation, spread over each target's provinces by GDP, and
/// added to the investing sectors' capital (split by their base-year investment) when the rule
/// names sectors.
enum Investment {
    /// Invests `amount` (100 million yuan, this year) over the rule's targets by their GDP shares;
    /// the budget pays `fiscalShare` of it. `alsoOnTarget` runs for every target that fires.
    static func apply(_ a: inout RuleApplication, amount: Double, fiscalShare: Double,
                      alsoOnTarget: (inout RuleApplication, Target) -> Void = { _, _ in }) throws {
        let mix = productMix(a)
        for (t, part) in zip(a.targets, a.gdpShares) {
            let (ok, condition) = try a.fires(t, nil)
            guard ok else { continue }
            let before = a.charged, mark = a.effect.additions.count
            invest(&a, t, amount * part, fiscalShare: fiscalShare, mix: mix)
            alsoOnTarget(&a, t)
            a.record(t, a.actedOn(since: mark), condition, a.additionality * amount * part, "100 million yuan of additional investment", a.charged - before)
        }
    }

    /// What the spending buys, by product (sums to 1): the rule's `composition` where it has
    /// one; for a kind with `equipment_share` whose rule names investing sectors, that share at
    /// the national mix of non-construction fixed capital formation and the rest at construction;
    /// otherwise the national mix (public capital, construction-heavy).
    static func productMix(_ a: RuleApplication) -> [Double] {
        let e = a.economy
        if let composition = a.rule.composition {
            var m = [Double](repeating: 0, count: e.n)
            for c in composition { if let i = e.data.sectorIndex(c.sector) { m[i] = c.share } }
            return m
        }
        guard !a.rule.sectors.isEmpty, a.rule.measure.spec.parameter("equipment_share") != nil else { return e.investmentMix }
        let s = a.number("equipment_share")
        return (0..<e.n).map { s * e.equipmentMix[$0] + (1 - s) * e.constructionMix[$0] }
    }

    /// Spends `amount` (gross) on the target's provinces by GDP: `additionality` of it is new
    /// fixed capital formation and new capital of the investing sectors; the budget pays
    /// `fiscalShare` of the gross amount.
    static func invest(_ a: inout RuleApplication, _ t: Target, _ amount: Double, fiscalShare: Double, mix: [Double]) {
        let e = a.economy, n = e.n, additional = a.additionality
        for (p, gross) in a.spread(t, amount, key: { e.gdp[$0] }) {
            let x = additional * gross
            for i in 0..<n where mix[i] != 0 { a.add(.demand(.fixedCapital), p * n + i, x * mix[i]) }
            if !a.rule.sectors.isEmpty {
                let base = a.sectors.map { e.investment[p * n + $0] }
                let total = base.reduce(0, +)
                for (k, i) in a.sectors.enumerated() {
                    a.add(.investment, p * n + i, x * (total > 0 ? base[k] / total : 1 / Double(a.sectors.count)))
                }
            }
            a.charge(p, fiscalShare * gross)
        }
    }
}

/// A programme of major projects: `amount` over the rule's years, `fiscal_share` from the budget.
enum InvestmentProgramme: Measure {
    static let kind = MeasureKind.investmentProgramme
    static let spec = MeasureSpec(kind: kind, task: "2 increase investment",
        summary: "A programme of major projects with a spending total spread over its years.",
        changes: "adds the year's spending to fixed capital formation, split by product by `composition`, over the areas' provinces by GDP; the year's spending is amount x the year's phase-in level / the sum of levels over the rule's years",
        fiscalCost: "fiscal_share x the year's spending",
        sectorsMean: MeasureLibrary.investmentSectors,
        parameters: [
            MeasureLibrary.p("amount", .amount, required: true, "total spending over the rule's years"),
            MeasureLibrary.p("composition", .composition, "what the spending buys, " + MeasureLibrary.compositionDefault),
            MeasureLibrary.p("fiscal_share", .share, 1, "share of spending paid from the budget (special bonds, central transfers)"),
        ] + MeasureLibrary.spending(additionality: 0.8, basis: "an assumption: some projects would have been paid for otherwise; range 0.5 to 1"))

    static func apply(_ a: inout RuleApplication) throws {
        try Investment.apply(&a, amount: a.number("amount") * a.spendingShare, fiscalShare: a.number("fiscal_share"))
    }
}
