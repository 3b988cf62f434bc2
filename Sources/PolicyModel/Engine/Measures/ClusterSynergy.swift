// SPDX-License-Identifier: GPL-3.0-or-later

/// Cluster synergy: in every member's purchases of a rule sector, `share` x level of what
/// suppliers outside the cluster provide moves to members (in proportion to their current
/// shares, or to their output where they have none). A cluster where the rule fired pays its
/// GDP share of the year's `budget`. External economies linked to the cluster (Hong Kong, Macao)
/// follow through `external_elasticity` (`PathRunner.externalLinks`).
enum ClusterSynergy: Measure {
    static let kind = MeasureKind.clusterSynergy
    static let spec = MeasureSpec(kind: kind, task: "4 play to local strengths",
        summary: "Synergy within Beijing-Tianjin-Hebei, the Yangtze River Delta or the Greater Bay Area.",
        changes: "moves share x level of the cluster members' purchases of the listed sectors from suppliers outside the cluster to members; external economies linked to the cluster (Hong Kong, Macao) grow by external_elasticity x the cluster's GDP gain over the baseline",
        fiscalCost: "budget spread over the rule's years",
        sectorsMean: "the sectors whose supply chains integrate (default: all)",
        parameters: [
            MeasureLibrary.p("share", .share, required: true, "fraction of purchases from outside moved inside the cluster, at full phase-in"),
            MeasureLibrary.p("external_elasticity", .ratio, 0, "growth of linked external economies per unit of the cluster's relative GDP gain", range: ParameterRange(0, 5)),
            MeasureLibrary.p("budget", .amount, 0, "total programme spending over the rule's years (accounted, not added to demand)"),
        ] + MeasureLibrary.financing)

    static func apply(_ a: inout RuleApplication) throws {
        let e = a.economy, n = e.n
        let budget = a.number("budget") * a.spendingShare
        let s = a.number("share") * a.level
        let purchases = a.context.previous.purchases
        for (t, gdpShare) in zip(a.targets, a.gdpShares) {
            let members = Array(Set(t.members.map(\.province))).sorted()
            let outsiders = (0..<e.provinces).filter { !members.contains($0) }
            var fired = false
            for i in a.sectors {
                let (ok, condition) = try a.fires(t, i)
                guard ok else { continue }
                fired = true
                var tm = a.structure.sourcing(i)
                var moved = 0.0
                for dest in members {
                    let outside = outsiders.reduce(0.0) { $0 + tm[$1, dest] }
                    guard outside > 0 else { continue }
                    let keys = members.map { tm[$0, dest] > 0 ? tm[$0, dest] : e.output[$0 * n + i] }
                    let total = keys.reduce(0, +)
                    guard total > 0 else { continue }
                    for q in outsiders { tm[q, dest] *= 1 - s }
                    for (k, q) in members.enumerated() { tm[q, dest] += s * outside * keys[k] / total }
                    moved += s * outside * purchases[dest * n + i]
                }
                a.structure.setSourcing(i, tm)
                a.record(t, i, condition, moved, "100 million yuan of supply moved into the cluster (at last year's purchases)", 0)
            }
            if fired { a.spendBudget(t, budget * gdpShare) }
        }
    }
}
