// SPDX-License-Identifier: GPL-3.0-or-later

/// Any change to technical coefficients A[input, sector] of the rule's (using) sectors in the
/// member provinces: scale multiplies by value x level + (1 - level); add adds value x level
/// (never below 0); set moves to value by the fraction level.
enum CoefficientShock: Measure {
    static let kind = MeasureKind.coefficientShock
    static let spec = MeasureSpec(kind: kind, task: "generic",
        summary: "Any change to technical coefficients: how much of each input a sector uses per unit of output.",
        changes: "applies the operation to A[input, sector] for the listed (using) sectors in the areas' provinces: scale multiplies by value x level + (1 - level); add adds value x level; set moves to value by level",
        fiscalCost: "none",
        sectorsMean: "the using sectors whose input coefficients change (default: all)",
        parameters: [
            MeasureLibrary.p("input_sectors", .sectors, "the inputs changed (default: all)"),
            MeasureLibrary.p("operation", .operation, "scale (default), add or set"),
            MeasureLibrary.p("value", .rate, required: true, "factor (scale), increment (add) or target coefficient (set)",
              range: ParameterRange(-1, 10, byOperation: [.scale: 0...10, .add: -1...1, .set: 0...1])),
        ])

    static func apply(_ a: inout RuleApplication) throws {
        let op = a.rule.operation ?? .scale, value = a.number("value")
        let inputs = a.rule.inputSectors.isEmpty ? Array(0..<a.economy.n) : a.rule.inputSectors.compactMap { a.economy.data.sectorIndex($0) }
        try change(&a, operation: op, value: value, inputs: inputs, budget: 0, traced: (value, "coefficient \(op.rawValue) value"))
    }

    /// Applies `operation` with `value` to A[i, j] for i in `inputs` and j in the rule's sectors
    /// where the rule fires; a target where it fired pays its GDP share of `budget`.
    static func change(_ a: inout RuleApplication, operation: ShockOperation, value: Double, inputs: [Int], budget: Double,
                       traced: (size: Double, unit: String)) throws {
        let level = a.level
        for (t, gdpShare) in zip(a.targets, a.gdpShares) {
            var fired = false
            for j in a.sectors {
                let (ok, condition) = try a.fires(t, j)
                guard ok else { continue }
                fired = true
                for (p, _) in t.members {
                    var m = a.structure.coefficients(p)
                    for i in inputs {
                        switch operation {
                        case .scale: m[i, j] *= value * level + (1 - level)
                        case .add: m[i, j] = max(0, m[i, j] + value * level)
                        case .set: m[i, j] += (value - m[i, j]) * level
                        }
                    }
                    a.structure.setCoefficients(p, m)
                }
                a.record(t, j, condition, traced.size, traced.unit, 0)
            }
            if fired { a.spendBudget(t, budget * gdpShare) }
        }
    }
}
