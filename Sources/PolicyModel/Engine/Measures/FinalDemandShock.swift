// SPDX-License-Identifier: GPL-3.0-or-later

/// Any change to a final-demand component (or exports) of the rule's sectors: add `amount`, a
/// total over the rule's years spent by phase-in level as every amount of the library is, split
/// evenly over the sectors and over the target's provinces by the component's baseline values;
/// scale it by `value` (at full level); or set the target's total to `value` in each active
/// year, or to `value` times the baseline's level of an earlier year (`relative_to`: a target
/// such as "equipment investment 25 % above 2023"). The budget pays `fiscal_share` of any rise.
enum FinalDemandShock: Measure {
    static let kind = MeasureKind.finalDemandShock
    static let spec = MeasureSpec(kind: kind, task: "generic",
        summary: "Any change to a final-demand component: add an amount, scale by a factor, or set a level.",
        changes: "add: amount, a total over the rule's years (the year's part is amount x the year's phase-in level / the sum of levels), over the areas' provinces and sectors in proportion to the component's baseline values; scale: multiplies the component by value; set: makes the component of each listed sector in the areas total value in each active year, keeping its provincial split; set with relative_to: makes it value times the baseline's level of that sector in the areas in the year relative_to (a target relative to the baseline: 1.25 is 25 % above it); a phase-in level below 1 closes that part of the gap",
        fiscalCost: "fiscal_share x the added demand (0 for a fall)",
        sectorsMean: "the sectors changed (default: all)",
        parameters: [
            MeasureLibrary.p("component", .component, required: true, "the final-demand component"),
            MeasureLibrary.p("operation", .operation, "add (default), scale or set"),
            MeasureLibrary.p("amount", .amount, "add: the total change over the rule's years (100 million yuan, 2022 prices; negative for a fall); required with add, refused with scale and set",
              range: ParameterRange(-1e6, 1e6)),
            MeasureLibrary.p("value", .rate, "scale: the factor; set: the level in each active year (100 million yuan a year, a level, not an amount spent), or with relative_to the factor on the baseline's level of that year (1.25 is 25 % above it); required with scale and set, refused with add",
              range: ParameterRange(0, 1e6, byOperation: [.scale: 0...10, .set: 0...1e6])),
            MeasureLibrary.p("relative_to", .year, "set only: the year of the baseline the target is relative to (the data set's base year up to the year before the rule's first); value is then a factor on that year's level"),
            MeasureLibrary.p("fiscal_share", .share, 0, "budget cost per yuan of added demand"),
        ] + MeasureLibrary.spending(additionality: 1, basis: "a shock is the change itself"))

    static func apply(_ a: inout RuleApplication) throws {
        let e = a.economy, n = e.n, context = a.context
        let column = a.rule.component ?? .government
        let target = DemandTarget(column) ?? .domestic(.government)
        let op = a.rule.operation ?? .add
        let value = op == .add ? a.number("amount") * a.spendingShare : a.number("value"), fiscalShare = a.number("fiscal_share")
        for t in a.targets {
            for i in a.sectors {
                let (ok, condition) = try a.fires(t, i)
                guard ok else { continue }
                func current(_ p: Int) -> Double { context.baseline(target, p * n + i) }
                let deltas: [(Int, Double)]
                switch op {
                case .add:
                    let perSector = value / Double(a.sectors.count)
                    deltas = a.spread(t, perSector, key: { current($0) != 0 ? abs(current($0)) : e.gdp[$0] * 1e-12 })
                case .scale:
                    deltas = t.members.map { ($0.province, $0.weight * (value - 1) * a.level * current($0.province)) }
                case .set:
                    let total = t.members.reduce(0.0) { $0 + $1.weight * current($1.province) }
                    var level = value
                    if let year = a.rule.relativeTo {
                        var before = 0.0
                        for m in t.members {
                            // The loader keeps relative_to before the rule's first year.
                            guard let v = context.baseline(target, m.province * n + i, year: year) else {
                                throw EngineError.relativeYear(rule: a.rule.id, origin: a.rule.origin, year: year, at: context.year)
                            }
                            before += m.weight * v
                        }
                        level = value * before
                    }
                    deltas = a.spread(t, (level - total) * a.level, key: { current($0) != 0 ? abs(current($0)) : 1 })
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
