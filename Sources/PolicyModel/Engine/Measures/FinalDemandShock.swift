// SPDX-License-Identifier: GPL-3.0-or-later

/// Any change to a final-demand component (or exports) of the rule's sectors: add `value` x
/// level per year, split evenly over the sectors and over the target's provinces by the
/// component's baseline values; scale it by `value` (at full level); or set the target's total
/// to `value`. The budget pays `fiscal_share` of any rise.
enum FinalDemandShock: Measure {
    static let kind = MeasureKind.finalDemandShock
    static let spec = MeasureSpec(kind: kind, task: "generic",
        summary: "Any change to a final-demand component: add an amount, scale by a factor, or set a level.",
        changes: "add: value per year (100 million yuan) over the areas' provinces and sectors in proportion to the component's base-year values; scale: multiplies the component by value; set: makes the component of each listed sector in the areas total value, keeping its provincial split",
        fiscalCost: "fiscal_share x the added demand (0 for a fall)",
        sectorsMean: "the sectors changed (default: all)",
        parameters: [
            MeasureLibrary.p("component", .component, required: true, "the final-demand component"),
            MeasureLibrary.p("operation", .operation, "add (default), scale or set"),
            MeasureLibrary.p("value", .rate, required: true, "amount (add, set: 100 million yuan per year) or factor (scale)",
              range: ParameterRange(-1e6, 1e6, byOperation: [.add: -1e6...1e6, .scale: 0...10, .set: 0...1e6])),
            MeasureLibrary.p("fiscal_share", .share, 0, "budget cost per yuan of added demand"),
        ] + MeasureLibrary.spending(additionality: 1, basis: "a shock is the change itself"))

    static func apply(_ a: inout RuleApplication) throws {
        let e = a.economy, n = e.n, context = a.context
        let column = a.rule.component ?? .government
        let target = DemandTarget(column) ?? .domestic(.government)
        let op = a.rule.operation ?? .add
        let value = a.number("value"), fiscalShare = a.number("fiscal_share")
        for t in a.targets {
            for i in a.sectors {
                let (ok, condition) = try a.fires(t, i)
                guard ok else { continue }
                func current(_ p: Int) -> Double { context.baseline(target, p * n + i) }
                let deltas: [(Int, Double)]
                switch op {
                case .add:
                    let perSector = value * a.level / Double(a.sectors.count)
                    deltas = a.spread(t, perSector, key: { current($0) != 0 ? abs(current($0)) : e.gdp[$0] * 1e-12 })
                case .scale:
                    deltas = t.members.map { ($0.province, $0.weight * (value - 1) * a.level * current($0.province)) }
                case .set:
                    let total = t.members.reduce(0.0) { $0 + $1.weight * current($1.province) }
                    deltas = a.spread(t, (value - total) * a.level, key: { current($0) != 0 ? abs(current($0)) : 1 })
                }
                var added = 0.0, cost = 0.0
                for (p, x) in deltas {
                    a.add(target.flow, p * n + i, a.additionality * x)
                    let f = fiscalShare * max(0, x)
                    a.charge(p, f)
                    added += a.additionality * x
                    cost += f
                }
                a.record(t, i, condition, added, "100 million yuan of \(column.rawValue)", cost)
            }
        }
    }
}
