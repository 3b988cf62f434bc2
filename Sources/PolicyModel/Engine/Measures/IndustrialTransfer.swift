// SPDX-License-Identifier: GPL-3.0-or-later

/// Industrial transfer: in every destination province's purchases of a rule sector, `share` x
/// level of what suppliers in `from` provide moves to the target's other provinces (in
/// proportion to their current shares, or to their output where they have none). The
/// receiving provinces build capital for the moved supply's increase over last year's level,
/// `capital_per_output` per yuan (bought at the national mix of fixed capital formation); the
/// budget pays `cost_per_yuan` per yuan of supply moved (at last year's purchases).
enum IndustrialTransfer: Measure {
    static let kind = MeasureKind.industrialTransfer
    static let spec = MeasureSpec(kind: kind, task: "4 play to local strengths",
        summary: "Industrial transfer from the east to the central and western regions.",
        changes: "moves share x level of every buyer's purchases of the listed sectors from suppliers in `from` to suppliers in the rule's areas (in proportion to their current shares, or to their output where they have none), changing the sourcing coefficients; the destinations invest capital_per_output x the increase of the moved supply",
        fiscalCost: "cost_per_yuan x the supply moved in the year",
        sectorsMean: "the transferred sectors (default: all industry sectors)",
        parameters: [
            MeasureLibrary.p("from", .areas, "where production leaves (default East)"),
            MeasureLibrary.p("share", .share, required: true, "fraction of purchases from `from` that moves, at full phase-in"),
            MeasureLibrary.p("cost_per_yuan", .rate, 0.02, "budget cost per yuan of moved supply (relocation subsidies)", range: .costPerYuan),
            MeasureLibrary.p("capital_per_output", .ratio, nil, "capital built per yuan of moved supply (default: the sector's base capital-output ratio)", range: .multiplier),
        ] + MeasureLibrary.financing)

    static func apply(_ a: inout RuleApplication) throws {
        let e = a.economy, n = e.n, np = e.provinces
        // Sorted arrays, not sets: set iteration order varies between processes, and sums
        // taken in a different order differ in the last bits.
        let fromSet = Array(Set(a.rule.fromAreas.flatMap { e.members($0).map(\.province) })).sorted()
        let shareValue = a.number("share"), costPerYuan = a.number("cost_per_yuan")
        let s = shareValue * a.level
        let increase = shareValue * max(0, a.level - a.rule.level(a.context.year - 1))
        let perOutputValue = a.rule.numbers["capital_per_output"] == nil ? nil : a.number("capital_per_output")
        let purchases = a.context.previous.purchases
        for t in a.targets {
            let to = t.members.map(\.province).filter { !fromSet.contains($0) }
            guard !to.isEmpty else { continue }
            for i in a.sectors {
                let (ok, condition) = try a.fires(t, i)
                guard ok else { continue }
                var tm = a.structure.sourcing(i)
                let base = e.sourcing[i]
                var moved = 0.0, movedIncrease = 0.0
                var received = [Double](repeating: 0, count: np)
                for dest in 0..<np {
                    let fromShare = fromSet.reduce(0.0) { $0 + tm[$1, dest] }
                    guard fromShare > 0 else { continue }
                    let keys = to.map { tm[$0, dest] > 0 ? tm[$0, dest] : e.output[$0 * n + i] }
                    let total = keys.reduce(0, +)
                    // No receiving province supplies or produces the sector: nothing can move.
                    guard total > 0 else { continue }
                    let amount = s * fromShare
                    for q in fromSet { tm[q, dest] *= 1 - s }
                    let bought = purchases[dest * n + i]
                    for (k, q) in to.enumerated() {
                        tm[q, dest] += amount * keys[k] / total
                        received[q] += amount * keys[k] / total * bought
                    }
                    let baseFrom = fromSet.reduce(0.0) { $0 + base[$1, dest] }
                    moved += amount * bought
                    movedIncrease += increase * baseFrom * bought
                }
                a.structure.setSourcing(i, tm)
                let perOutput = perOutputValue ?? e.capitalPerOutput[i]
                let receivedTotal = received.reduce(0, +)
                var cost = 0.0
                for q in to where receivedTotal > 0 {
                    let part = received[q] / receivedTotal
                    let build = perOutput * movedIncrease * part
                    for j in 0..<n where e.investmentMix[j] != 0 { a.add(.demand(.fixedCapital), q * n + j, build * e.investmentMix[j]) }
                    a.add(.investment, q * n + i, build)
                    a.charge(q, costPerYuan * moved * part)
                    cost += costPerYuan * moved * part
                }
                a.record(t, i, condition, moved, "100 million yuan of supply moved (at last year's purchases)", cost)
            }
        }
    }
}
