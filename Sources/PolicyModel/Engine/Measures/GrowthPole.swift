// SPDX-License-Identifier: GPL-3.0-or-later

/// New growth poles: the year's `investment` (the budget pays `fiscal_share`), and in every
/// pole province that fires, `local_sourcing` x level of its purchases of the rule's sectors
/// from other provinces move to its own supply.
enum GrowthPole: Measure {
    static let kind = MeasureKind.growthPole

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
