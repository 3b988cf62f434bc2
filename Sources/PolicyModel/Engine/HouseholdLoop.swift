// SPDX-License-Identifier: GPL-3.0-or-later
import PolicyNumerics

/// Induced household consumption (the Type II closure of Miller & Blair 2009, section 2.5) for
/// one year: each province's households spend `propensity` of the change in their income,
///
///     dC_p = c (W_p(x) - W_p^ref + T_p),    W_p(x) = sum_i w_{p,i} x_{p,i},
///
/// with w the base year's labour compensation per unit of output, W^ref the compensation of the
/// no-policy path in the year, and T_p income that measures give (or take: taxes, negative).
/// dC_p is spent like the province's household consumption in the year's baseline: split over
/// rural and urban households and over products by their shares (imports leak through m).
/// Money in 100 million yuan at 2022 prices.
struct HouseholdLoop {
    /// Newton steps allowed, and the stopping gap relative to the provinces' compensation.
    static let maximumSteps = 50
    static let tolerance = 1e-12

    let propensity: Double
    let compensationPerOutput: [Double]
    let reference: [Double]
    let otherIncome: [Double]
    /// Per province: (component, row, share) of its household consumption, shares summing to 1.
    let mix: [[(component: DemandComponent, row: Int, share: Double)]]

    init(propensity: Double, economy e: Economy, baselineDemand: DemandByComponent, reference: [Double], otherIncome: [Double]) {
        self.propensity = propensity
        compensationPerOutput = e.compensationPerOutput
        self.reference = reference
        self.otherIncome = otherIncome
        let n = e.n
        mix = (0..<e.provinces).map { p in
            var parts: [(component: DemandComponent, row: Int, share: Double)] = []
            var total = 0.0
            for c in [DemandComponent.ruralHouseholds, .urbanHouseholds] {
                for i in 0..<n where baselineDemand[c, p * n + i] > 0 {
                    parts.append((c, p * n + i, baselineDemand[c, p * n + i]))
                    total += baselineDemand[c, p * n + i]
                }
            }
            return total > 0 ? parts.map { ($0.component, $0.row, $0.share / total) } : []
        }
    }

    /// Labour compensation by province of an output vector.
    static func compensation(_ x: [Double], _ w: [Double], provinces: Int) -> [Double] {
        let n = x.count / provinces
        return (0..<provinces).map { p in (0..<n).reduce(0.0) { $0 + w[p * n + $1] * x[p * n + $1] } }
    }

    func compensation(_ x: [Double]) -> [Double] {
        HouseholdLoop.compensation(x, compensationPerOutput, provinces: mix.count)
    }

    /// c (W(x) - W^ref + T) - dC: how far `induced` is from what output x implies.
    func gap(_ x: [Double], induced: [Double]) -> [Double] {
        let w = compensation(x)
        return (0..<mix.count).map { propensity * (w[$0] - reference[$0] + otherIncome[$0]) - induced[$0] }
    }

    /// `demand` with consumption `induced` (by province) added along the households' mix.
    func adding(_ induced: [Double], to demand: DemandByComponent) -> DemandByComponent {
        var out = demand
        for (p, parts) in mix.enumerated() where induced[p] != 0 {
            for part in parts { out[part.component, part.row] += induced[p] * part.share }
        }
        return out
    }

    /// The households' mix of province q as domestic demand rows (for the income response).
    func mixDemand(_ q: Int, size: Int) -> [Double] {
        var f = [Double](repeating: 0, count: size)
        for part in mix[q] { f[part.row] += part.share }
        return f
    }
}
