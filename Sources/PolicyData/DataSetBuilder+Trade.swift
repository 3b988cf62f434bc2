// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics

/// How one sector group's interprovincial sourcing is built (`Scenarios/data/build/trade.csv`).
struct TradeRule: Equatable {
    enum Sourcing: String, CaseIterable {
        /// Doubly-constrained gravity: flows s -> r proportional to a_s b_r w[s, r],
        /// w = distance^-beta, the own province at `ownPreference` x the largest other weight.
        case gravity
        /// Own supply first: each province buys min(supply, demand) from itself; surpluses go to
        /// deficits by a doubly-constrained gravity model over distance^-beta between provinces.
        case localFirst = "local_first"
    }

    var sourcing: Sourcing
    /// beta: elasticity of the gravity weight to great-circle distance between capitals.
    var distanceElasticity: Double
    /// For gravity: the own-province weight over the largest weight of any other province.
    var ownPreference: Double?
    var status: ProvenanceEntry.Status
    var source: String
}

extension DataSetBuilder {
    /// trade.csv: group, sourcing (gravity / local_first), distance_elasticity,
    /// own_province_preference (gravity only), status, source. One row per sector group.
    static func readTradeRules(_ t: CSVTable) throws -> [Sector.Group: TradeRule] {
        let c = try t.require(["group", "sourcing", "distance_elasticity", "own_province_preference", "status", "source"])
        var out: [Sector.Group: TradeRule] = [:]
        var issues: [DataIssue] = []
        for r in t.rows.indices {
            let row = t.rows[r], line = t.lines[r]
            guard let g = Sector.Group(rawValue: row[c[0]]) else {
                issues.append(DataIssue(file: t.file, line: line, column: "group",
                    message: "'\(row[c[0]])' is not a group; use one of \(Sector.Group.allCases.map(\.rawValue).joined(separator: ", "))"))
                continue
            }
            if out[g] != nil { issues.append(DataIssue(file: t.file, line: line, column: "group", message: "group '\(g.rawValue)' is defined twice")) }
            guard let sourcing = TradeRule.Sourcing(rawValue: row[c[1]]) else {
                issues.append(DataIssue(file: t.file, line: line, column: "sourcing",
                    message: "'\(row[c[1]])' is not a sourcing rule; use gravity or local_first"))
                continue
            }
            guard let status = ProvenanceEntry.Status(rawValue: row[c[4]]) else {
                issues.append(DataIssue(file: t.file, line: line, column: "status", message: "'\(row[c[4]])' must be measured, scaled, estimated or assumed"))
                continue
            }
            do {
                let beta = try t.number(r, c[2])
                guard beta >= 0 else { throw DataError(file: t.file, line: line, column: "distance_elasticity", "\(beta) must be >= 0") }
                var preference: Double?
                switch sourcing {
                case .gravity:
                    let h = try t.number(r, c[3])
                    guard h > 0 else { throw DataError(file: t.file, line: line, column: "own_province_preference", "\(h) must be > 0") }
                    preference = h
                case .localFirst:
                    guard CSV.trimmed(row[c[3]]).isEmpty else {
                        throw DataError(file: t.file, line: line, column: "own_province_preference", "local_first takes no own-province preference; leave it empty")
                    }
                }
                out[g] = TradeRule(sourcing: sourcing, distanceElasticity: beta, ownPreference: preference, status: status, source: row[c[5]])
            } catch let error as DataError {
                issues += error.issues
            }
        }
        for g in Sector.Group.allCases where out[g] == nil && !issues.contains(where: { $0.message.contains("'\(g.rawValue)'") }) {
            issues.append(DataIssue(file: t.file, column: "group", message: "group '\(g.rawValue)' has no row; every group needs a sourcing rule"))
        }
        if !issues.isEmpty { throw DataError(issues) }
        return out
    }

    /// Great-circle distances between the provinces' capitals, km.
    static func capitalDistances(_ provinces: [Province]) -> Matrix {
        let np = provinces.count
        var d = Matrix(rows: np, columns: np)
        for s in 0..<np {
            for r in 0..<np where s != r {
                d[s, r] = greatCircleKilometres(latitude1: provinces[s].latitude, longitude1: provinces[s].longitude,
                                                latitude2: provinces[r].latitude, longitude2: provinces[r].longitude)
            }
        }
        return d
    }

    /// Sourcing shares t[s, r] (share of r's domestic purchases supplied by s; columns sum to
    /// one) that meet every province's supply (output - exports) and demand (domestic use -
    /// imports) exactly, so that the multi-regional system reproduces base-year output.
    ///
    /// Whatever the rule and its parameters, a province's net outflow is then
    /// sum_r t[s, r] D_r - D_s = supply_s - demand_s: the rule sets gross flows only.
    /// Demand is scaled by (total supply / total demand), a few ulps from 1, so that the margins
    /// agree.
    static func sourcingShares(supply: [Double], demand: [Double], distance: Matrix, rule: TradeRule, label: String) throws -> Matrix {
        let np = supply.count
        let supplyTotal = supply.reduce(0, +), demandTotal = demand.reduce(0, +)
        let target = demand.map { demandTotal > 0 ? $0 * supplyTotal / demandTotal : 0 }
        func weights(own: Bool) -> Matrix {
            var w = Matrix(rows: np, columns: np)
            for s in 0..<np { for r in 0..<np where s != r { w[s, r] = pow(distance[s, r], -rule.distanceElasticity) } }
            if own, let h = rule.ownPreference {
                for r in 0..<np { w[r, r] = h * (0..<np).filter { $0 != r }.map { w[$0, r] }.max()! }
            }
            return w
        }
        var flows: Matrix
        switch rule.sourcing {
        case .gravity:
            var prior = weights(own: true)
            for s in 0..<np where supply[s] == 0 { for r in 0..<np { prior[s, r] = 0 } }
            for r in 0..<np where target[r] == 0 { for s in 0..<np { prior[s, r] = 0 } }
            flows = try Biproportional.fit(prior: prior, rowTargets: supply, columnTargets: target, label: label)
        case .localFirst:
            // One of surplus and deficit is exactly zero in every province (min subtracts exactly).
            let own = (0..<np).map { min(supply[$0], target[$0]) }
            let surplus = (0..<np).map { supply[$0] - own[$0] }, deficit = (0..<np).map { target[$0] - own[$0] }
            flows = Matrix(rows: np, columns: np)
            if surplus.reduce(0, +) > 0 {
                var prior = weights(own: false)
                for s in 0..<np where surplus[s] == 0 { for r in 0..<np { prior[s, r] = 0 } }
                for r in 0..<np where deficit[r] == 0 { for s in 0..<np { prior[s, r] = 0 } }
                // The surplus and deficit totals differ by rounding only; give the difference to deficits.
                let sTotal = surplus.reduce(0, +), dTotal = deficit.reduce(0, +)
                flows = try Biproportional.fit(prior: prior, rowTargets: surplus, columnTargets: deficit.map { $0 * sTotal / dTotal }, label: label)
            }
            for p in 0..<np { flows[p, p] += own[p] }
        }
        let columns = flows.columnSums()
        var t = Matrix(rows: np, columns: np)
        for r in 0..<np {
            if columns[r] > 0 {
                for s in 0..<np { t[s, r] = flows[s, r] / columns[r] }
            } else {
                t[r, r] = 1
            }
        }
        return t
    }
}
