// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyModel
import PolicyNumerics

/// Systems built straight from coefficients, for known answers.
enum SmallSystem {
    /// Z and x give B = Z diag(x)^-1 and y = x - Z 1.
    static func make(z: [[Double]], x: [Double], provinces: [String], sectors: [String], compensation: [Double]? = nil,
                     purchases: [[Double]]? = nil, valueAdded: [Double]? = nil) throws -> InputOutputSystem {
        let size = x.count
        var b = Matrix(rows: size, columns: size)
        for k in 0..<size { for l in 0..<size { b[k, l] = z[k][l] / x[l] } }
        let y = (0..<size).map { k in x[k] - z[k].reduce(0, +) }
        let va = valueAdded ?? (0..<size).map { l in 1 - (0..<size).reduce(0.0) { $0 + b[$1, l] } }
        let np = provinces.count
        return try InputOutputSystem(provinces: provinces, sectors: sectors, coefficients: b, output: x, finalDemand: y,
                                     valueAddedPerOutput: va, compensationPerOutput: compensation ?? va,
                                     employmentPerOutput: [Double](repeating: 0.01, count: size),
                                     householdPurchases: purchases ?? Array(repeating: [Double](repeating: 0, count: size), count: np),
                                     householdConsumption: [Double](repeating: 1, count: np), compensation: [Double](repeating: 1, count: np),
                                     description: "test system")
    }

    /// The inverse of a small matrix by Gauss-Jordan elimination with partial pivoting, written
    /// here so that expected values do not come from the code under test.
    static func inverse(_ m: [[Double]]) -> [[Double]] {
        let n = m.count
        var a = m.map { $0 + [Double](repeating: 0, count: n) }
        for i in 0..<n { a[i][n + i] = 1 }
        for c in 0..<n {
            let p = (c..<n).max { abs(a[$0][c]) < abs(a[$1][c]) }!
            a.swapAt(c, p)
            let d = a[c][c]
            for j in 0..<(2 * n) { a[c][j] /= d }
            for r in 0..<n where r != c {
                let f = a[r][c]
                for j in 0..<(2 * n) { a[r][j] -= f * a[c][j] }
            }
        }
        return a.map { Array($0[n...]) }
    }

    static let fioZ: [[Double]] = [[10, 5, 2, 1], [8, 15, 3, 2], [1, 2, 12, 4], [2, 3, 6, 18]]
    static let fioX: [Double] = [100, 120, 80, 110]
}

@Suite struct MultiplierKnownAnswerTests {
    /// Miller & Blair (2009), Table 2.3 (A = [[0.15, 0.25], [0.20, 0.05]]): output multipliers
    /// 1.5182 and 1.4521, the column sums of L, as published to four decimals.
    @Test func millerBlairTable23OutputMultipliers() throws {
        let s = try SmallSystem.make(z: [[150, 500], [200, 100]], x: [1000, 2000], provinces: ["Alpha"], sectors: ["a", "b"])
        let m = try MultiplierAnalysis(s, types: [.typeI])
        let area = AnalysisArea(id: "Alpha", kind: .province, members: [.init(province: 0, weight: 1)])
        #expect(abs(m.multiplier(.output, .typeI, area: area, sector: 0) - 1.5182) < 5e-5)
        #expect(abs(m.multiplier(.output, .typeI, area: area, sector: 1) - 1.4521) < 5e-5)
        // L itself: [[1.25412541, 0.330033], [0.2640264, 1.12211221]] (pymrio's test of calc_L).
        let l = try m.leontief()
        for (k, v) in [1.25412541, 0.330033, 0.2640264, 1.12211221].enumerated() { #expect(abs(l.storage[k] - v) < 1e-6) }
    }

    /// The same multipliers through the engine's economy (TinyEconomy is Miller & Blair's table as
    /// a one-province data set), so the builder from the engine's parts is checked too.
    @Test func millerBlairThroughTheEngineEconomy() throws {
        let s = try InputOutputSystem(base: Economy(TinyEconomy.make()))
        let m = try MultiplierAnalysis(s, types: [.typeI])
        let area = AnalysisArea(id: "Alpha", kind: .province, members: [.init(province: 0, weight: 1)])
        #expect(abs(m.multiplier(.output, .typeI, area: area, sector: 0) - 1.5182) < 5e-5)
        #expect(abs(m.multiplier(.output, .typeI, area: area, sector: 1) - 1.4521) < 5e-5)
        // x = L y for the base year: the data set's output.
        let x = try m.solvedOutput()
        #expect(abs(x[0] - 1000) < 1e-9 && abs(x[1] - 2000) < 1e-9)
    }

    /// R's fio, tests/testthat/_snaps/miom.md: the two-region, two-sector test system's total,
    /// intra-regional and spillover output multipliers, net spillover and power of dispersion.
    @Test func fioTwoRegionSystem() throws {
        let s = try SmallSystem.make(z: SmallSystem.fioZ, x: SmallSystem.fioX, provinces: ["R1", "R2"], sectors: ["S1", "S2"])
        let m = try MultiplierAnalysis(s, types: [.typeI])
        let r1 = AnalysisArea(id: "R1", kind: .province, members: [.init(province: 0, weight: 1)])
        let r2 = AnalysisArea(id: "R2", kind: .province, members: [.init(province: 1, weight: 1)])
        let report = try MultiplierReport(m, areas: [r1, r2])
        let total = [1.267907, 1.266659, 1.384098, 1.297148]
        let intra = [1.220128, 1.203969, 1.291260, 1.253676]
        let spill = [0.04777924, 0.06268995, 0.09283816, 0.04347194]
        let power = [0.9723566, 0.9713991, 1.0614632, 0.9947812]
        for k in 0..<4 {
            let area = k < 2 ? "R1" : "R2", sector = k % 2 == 0 ? "S1" : "S2"
            #expect(abs(report.value(area: area, sector: sector, "output")! - total[k]) < 5e-7, "total \(k)")
            #expect(abs(report.value(area: area, sector: sector, "output_intra_regional")! - intra[k]) < 5e-7, "intra \(k)")
            #expect(abs(report.value(area: area, sector: sector, "output_spillover")! - spill[k]) < 5e-9, "spillover \(k)")
            #expect(abs(report.value(area: area, sector: sector, "backward_linkage_normalised")! - power[k]) < 5e-8, "power \(k)")
        }
        // fio's net[R1, R2] = spillover from R2's shocks to R1 - from R1's shocks to R2.
        #expect(abs(m.netSpillover(.output, .typeI, r1, r2, weighting: .unitPerSector) - 0.02584091) < 5e-9)
        #expect(abs(m.spillover(.output, .typeI, in: r2, of: r1, weighting: .unitPerSector) - 0.1104692) < 5e-8)
    }

    /// Miller & Blair's split of the intra-regional effect: the isolated effect is the column
    /// sum of (I - B_rr)^-1, here the closed-form 2 x 2 inverse; feedback is the rest.
    @Test func intraRegionalSplitsIntoIsolatedAndFeedback() throws {
        let s = try SmallSystem.make(z: SmallSystem.fioZ, x: SmallSystem.fioX, provinces: ["R1", "R2"], sectors: ["S1", "S2"])
        let m = try MultiplierAnalysis(s, types: [.typeI])
        let areas = [AnalysisArea(id: "R1", kind: .province, members: [.init(province: 0, weight: 1)]),
                     AnalysisArea(id: "R2", kind: .province, members: [.init(province: 1, weight: 1)])]
        let report = try MultiplierReport(m, areas: areas)
        for r in 0..<2 {
            let a11 = SmallSystem.fioZ[2 * r][2 * r] / SmallSystem.fioX[2 * r], a12 = SmallSystem.fioZ[2 * r][2 * r + 1] / SmallSystem.fioX[2 * r + 1]
            let a21 = SmallSystem.fioZ[2 * r + 1][2 * r] / SmallSystem.fioX[2 * r], a22 = SmallSystem.fioZ[2 * r + 1][2 * r + 1] / SmallSystem.fioX[2 * r + 1]
            let det = (1 - a11) * (1 - a22) - a12 * a21
            let isolated = [((1 - a22) + a21) / det, (a12 + (1 - a11)) / det]
            for j in 0..<2 {
                let sector = "S\(j + 1)", area = "R\(r + 1)"
                let own = report.value(area: area, sector: sector, "output_isolated")!
                #expect(abs(own - isolated[j]) < 1e-12, "\(area) \(sector)")
                let intra = report.value(area: area, sector: sector, "output_intra_regional")!
                #expect(abs(report.value(area: area, sector: sector, "output_feedback")! - (intra - isolated[j])) < 1e-12)
                #expect(intra - own > 0, "feedback must be positive when the regions trade")
            }
        }
    }

    /// Type II against the closed model inverted here: one province, Miller & Blair's A, a
    /// household row w = [0.30, 0.25] and household purchases [0.05, 0.40] per yuan.
    @Test func typeIIEqualsTheClosedModelInverse() throws {
        let w = [0.30, 0.25], h = [0.05, 0.40]
        let s = try SmallSystem.make(z: [[150, 500], [200, 100]], x: [1000, 2000], provinces: ["Alpha"], sectors: ["a", "b"],
                                     compensation: w, purchases: [h])
        let m = try MultiplierAnalysis(s, propensity: 1)
        let closed = SmallSystem.inverse([[0.85, -0.25, -h[0]], [-0.20, 0.95, -h[1]], [-w[0], -w[1], 1]])
        let area = AnalysisArea(id: "Alpha", kind: .province, members: [.init(province: 0, weight: 1)])
        let open = SmallSystem.inverse([[0.85, -0.25], [-0.20, 0.95]])
        for j in 0..<2 {
            #expect(abs(m.multiplier(.output, .typeII, area: area, sector: j) - (closed[0][j] + closed[1][j])) < 1e-12)
            #expect(abs(m.multiplier(.income, .typeII, area: area, sector: j) - closed[2][j]) < 1e-12)
            #expect(abs(m.multiplier(.income, .typeI, area: area, sector: j) - (w[0] * open[0][j] + w[1] * open[1][j])) < 1e-12)
            let va = [0.65, 0.70]
            #expect(abs(m.multiplier(.valueAdded, .typeII, area: area, sector: j) - (va[0] * closed[0][j] + va[1] * closed[1][j])) < 1e-12)
        }
        // Type II income ratio (M&B eq. 6.17): closed household row over the direct coefficient.
        let report = try MultiplierReport(m, areas: [area])
        #expect(abs(report.value(area: "Alpha", sector: "a", "income_ratio", .typeII)! - closed[2][0] / w[0]) < 1e-12)
        #expect(abs(report.value(area: "Alpha", sector: "b", "income_ratio", .typeI)! - (w[0] * open[0][1] + w[1] * open[1][1]) / w[1]) < 1e-12)
    }

    /// A closure that spends more than it earns is refused, not inverted into nonsense.
    @Test func unproductiveClosureIsRefused() throws {
        let s = try SmallSystem.make(z: [[150, 500], [200, 100]], x: [1000, 2000], provinces: ["Alpha"], sectors: ["a", "b"],
                                     compensation: [0.6, 0.6], purchases: [[0.5, 0.5]])
        #expect(throws: MultiplierError.self) { try MultiplierAnalysis(s, propensity: 3) }
    }

    /// A system with no Leontief inverse (two sectors that use all of each other's output) is
    /// refused with the matrix named, not inverted into nonsense.
    @Test func singularSystemIsRefused() throws {
        let s = try SmallSystem.make(z: [[0, 10], [10, 0]], x: [10, 10], provinces: ["Alpha"], sectors: ["a", "b"])
        #expect {
            _ = try MultiplierAnalysis(s, types: [.typeI])
        } throws: { error in
            let text = "\(error)"
            return text.contains("(I - B) of test system") && text.contains("no Leontief inverse")
        }
    }

    /// Ghosh forward linkages are the row sums of G = diag(x)^-1 L diag(x) (pymrio's calc_G),
    /// here from an L inverted in the test.
    @Test func forwardLinkagesAreGhoshRowSums() throws {
        let s = try SmallSystem.make(z: SmallSystem.fioZ, x: SmallSystem.fioX, provinces: ["R1", "R2"], sectors: ["S1", "S2"])
        let m = try MultiplierAnalysis(s, types: [.typeI])
        let x = SmallSystem.fioX
        let l = SmallSystem.inverse((0..<4).map { k in (0..<4).map { (k == $0 ? 1 : 0) - SmallSystem.fioZ[k][$0] / x[$0] } })
        for k in 0..<4 {
            let g = (0..<4).reduce(0.0) { $0 + l[k][$1] * x[$1] } / x[k]
            #expect(abs(m.forwardLinkage[k] - g) < 1e-12)
        }
    }

    /// A weighted, overlapping area: A = {R1 at 1, R2 at 0.5}. Its final demand for S1 is
    /// y_R1,S1 + 0.5 y_R2,S1; its effects count 0.5 of R2's. Expected values from an L inverted
    /// here and the definitions in docs/multipliers.md.
    @Test func weightedAreasCountTheirMembersAtTheirWeights() throws {
        let s = try SmallSystem.make(z: SmallSystem.fioZ, x: SmallSystem.fioX, provinces: ["R1", "R2"], sectors: ["S1", "S2"])
        let m = try MultiplierAnalysis(s, types: [.typeI])
        let x = SmallSystem.fioX
        let y = (0..<4).map { x[$0] - SmallSystem.fioZ[$0].reduce(0, +) }   // 82, 92, 61, 81
        let l = SmallSystem.inverse((0..<4).map { k in (0..<4).map { (k == $0 ? 1 : 0) - SmallSystem.fioZ[k][$0] / x[$0] } })
        let area = AnalysisArea(id: "A", kind: .cluster, members: [.init(province: 0, weight: 1), .init(province: 1, weight: 0.5)])
        let r2 = AnalysisArea(id: "R2", kind: .province, members: [.init(province: 1, weight: 1)])
        func col(_ k: Int) -> Double { (0..<4).reduce(0.0) { $0 + l[$1][k] } }
        // Output multiplier of A's demand for S1: demand-weighted over (R1, S1) and (R2, S1).
        let d1 = y[0], d2 = 0.5 * y[2]
        #expect(abs(m.multiplier(.output, .typeI, area: area, sector: 0) - (d1 * col(0) + d2 * col(2)) / (d1 + d2)) < 1e-12)
        // Output in A per yuan of R2's final demand in its mix: R1's rows and half of R2's.
        let inA = { (k: Int) in l[0][k] + l[1][k] + 0.5 * (l[2][k] + l[3][k]) }
        let expected = (y[2] * inA(2) + y[3] * inA(3)) / (y[2] + y[3])
        #expect(abs(m.spillover(.output, .typeI, in: area, of: r2) - expected) < 1e-12)
        // Intra-regional for A: effects in A of A's own final demand.
        let report = try MultiplierReport(m, areas: [area])
        let all = [y[0], y[1], 0.5 * y[2], 0.5 * y[3]]
        let intra = (0..<4).reduce(0.0) { $0 + all[$1] * inA($1) } / all.reduce(0, +)
        #expect(abs(report.value(area: "A", "output_intra_regional")! - intra) < 1e-12)
    }
}
