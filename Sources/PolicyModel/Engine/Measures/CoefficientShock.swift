// SPDX-License-Identifier: GPL-3.0-or-later

/// Any change to technical coefficients A[input, sector] of the rule's (using) sectors in the
/// member provinces: scale multiplies by value x level + (1 - level); add adds value x level
/// (never below 0); set moves to value by the fraction level.
enum CoefficientShock: Measure {
    static let kind = MeasureKind.coefficientShock

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
