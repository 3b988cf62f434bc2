// SPDX-License-Identifier: GPL-3.0-or-later

/// Demand support for industries whose output falls short of a floor: where the rule fires on
/// the pre-measure state, the gap (1 + floor) x last year's output - this year's output (never
/// negative), times `gap_share` x level, is added to the chosen component (government by
/// default, or exports) of the sector, spread over the target's provinces by their output of it.
/// The budget pays `cost_share` of the added demand.
enum DemandSupport: Measure {
    static let kind = MeasureKind.demandSupport
    static let spec = MeasureSpec(kind: kind, task: "1 stabilise key industries",
        summary: "Supports demand for an industry whose output growth falls short of a floor.",
        changes: "adds gap_share x the output gap to the chosen final-demand component of each sector in each area where the rule fires; the gap is (1 + floor) x last year's output - this year's output before conditional measures (never negative); spread over the area's provinces by their output of the sector",
        fiscalCost: "cost_share x the added demand",
        sectorsMean: "the supported sectors (default: all)",
        parameters: [
            MeasureLibrary.p("floor", .rate, 0.03, "target real growth of output per year", range: ParameterRange(-0.3, 0.3)),
            MeasureLibrary.p("gap_share", .share, 0.5, "fraction of the output gap closed by added demand"),
            MeasureLibrary.p("component", .component, "final-demand component that receives the support (default government)"),
            MeasureLibrary.p("cost_share", .share, 1, "fiscal cost per yuan of added demand"),
        ] + MeasureLibrary.spending(additionality: 1, basis: "government purchases made for the measure are new demand by construction"))

    static func apply(_ a: inout RuleApplication) throws {
        guard let pre = a.context.pre else { return }
        let n = a.economy.n, previous = a.context.previous
        let target = a.rule.component.flatMap(DemandTarget.init) ?? .domestic(.government)
        let floorGrowth = a.number("floor"), gapShare = a.number("gap_share"), costShare = a.number("cost_share")
        for t in a.targets {
            for i in a.sectors {
                let (ok, condition) = try a.fires(t, i)
                guard ok else { continue }
                var now = 0.0, last = 0.0
                for (p, w) in t.members {
                    now += w * pre.output[p * n + i]
                    last += w * previous.output[p * n + i]
                }
                let gap = max(0, (1 + floorGrowth) * last - now)
                let added = gapShare * a.level * gap
                guard added > 0 else { continue }
                var cost = 0.0
                for (p, x) in a.spread(t, added, key: { pre.output[$0 * n + i] }) {
                    a.add(target.flow, p * n + i, a.additionality * x)
                    a.charge(p, costShare * x)
                    cost += costShare * x
                }
                a.record(t, i, condition, a.additionality * added, "100 million yuan of additional demand", cost)
            }
        }
    }
}
