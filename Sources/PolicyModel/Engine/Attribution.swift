// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyNumerics

/// Splits a run's difference from its baseline between groups of rules (tasks or single rules)
/// by Shapley values, so that contributions add up to the total and do not depend on the order
/// in which rules are listed.
///
/// v(S) is the central run with only the rules of the groups in S. Exact:
///     phi_g = sum over S not holding g of |S|! (G - |S| - 1)! / G! (v(S + g) - v(S)),
/// from all 2^G coalitions (G <= `exactLimit`). Beyond that, the average of v(prefix + g) -
/// v(prefix) over `samples` random orders of the groups (sorted by name, then permuted with a
/// stream seeded by the scenario's seed); every order telescopes to v(all) - v(none), so the
/// contributions still add up exactly.
public enum Attribution {
    public static let exactLimit = 10

    public enum Grouping: String, Sendable, CaseIterable {
        case task, rule
    }

    public struct Result: Sendable {
        /// Group names, sorted.
        public let groups: [String]
        /// Contribution of each group: per year index, per province x sector row, by variable.
        public let contributions: [PathSummary]
        /// The run with every rule, and with none (the baseline).
        public let all: PathSummary
        public let none: PathSummary
        public let exact: Bool
        public let coalitionRuns: Int
        public let years: [Int]
    }

    /// `strategy`: how systems are solved (every coalition shares one cache: structures are
    /// identified by their content, so coalitions share factorisations only where they agree).
    public static func run(_ economy: Economy, _ scenario: Scenario, by grouping: Grouping, samples: Int = 64,
                           strategy: SolveStrategy = .reuse, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> Result {
        let groupOf = scenario.rules.map { grouping == .task ? $0.task : $0.id }
        let groups = Array(Set(groupOf)).sorted()
        let g = groups.count
        let cache = FactorisationCache(size: economy.size, strategy: strategy)
        let runner = PathRunner(economy: economy, scenario: scenario, cache: cache)
        let baseline = try runner.calibrateBaseline()
        let values = Projection.centralValues(scenario)
        var memo: [Int: PathSummary] = [:]
        var runs = 0
        func value(_ mask: Int) throws -> PathSummary {
            if let v = memo[mask] { return v }
            var s = scenario
            s.rules = scenario.rules.enumerated().filter { mask & (1 << groups.firstIndex(of: groupOf[$0.offset])!) != 0 }.map(\.element)
            let sub = PathRunner(economy: economy, scenario: s, cache: cache)
            let v = PathSummary(try sub.run(baseline: baseline, values: values, recordTrace: false).states)
            memo[mask] = v
            runs += 1
            return v
        }
        let full = (1 << g) - 1
        var phi = [PathSummary](repeating: try value(0).zeroed(), count: g)
        let exact = g <= exactLimit
        if exact {
            var factorial = [1.0]
            for k in 1...max(1, g) { factorial.append(factorial[k - 1] * Double(k)) }
            let total = 1 << g
            for mask in 0..<total {
                let size = mask.nonzeroBitCount
                let vs = try value(mask)
                for k in 0..<g where mask & (1 << k) == 0 {
                    let weight = factorial[size] * factorial[g - size - 1] / factorial[g]
                    phi[k].add(try value(mask | (1 << k)), minus: vs, weight: weight)
                }
                progress?(mask + 1, total)
            }
        } else {
            let stream = RandomStream(run: scenario.seed, draw: 0)
            for sample in 0..<samples {
                var order = Array(0..<g)
                for i in stride(from: g - 1, to: 0, by: -1) {
                    let j = Int(stream.next() % UInt32(i + 1))
                    order.swapAt(i, j)
                }
                var mask = 0
                for k in order {
                    let before = try value(mask)
                    mask |= 1 << k
                    phi[k].add(try value(mask), minus: before, weight: 1 / Double(samples))
                    memo[mask ^ (1 << k)] = nil
                }
                memo = memo.filter { $0.key == 0 || $0.key == full }
                progress?(sample + 1, samples)
            }
        }
        return Result(groups: groups, contributions: phi, all: try value(full), none: try value(0), exact: exact,
                      coalitionRuns: runs, years: baseline.years)
    }
}

extension PathSummary {
    func zeroed() -> PathSummary {
        var z = self
        z.scale(0)
        return z
    }

    mutating func scale(_ f: Double) {
        func s(_ a: inout [[Double]]) { for y in a.indices { for k in a[y].indices { a[y][k] *= f } } }
        s(&output); s(&valueAdded); s(&employment); s(&investment); s(&capital); s(&fiscal); s(&fiscalNet); s(&external)
        s(&fiscalByRule)
    }

    /// self += weight x (a - b), for every array.
    mutating func add(_ a: PathSummary, minus b: PathSummary, weight: Double) {
        func s(_ x: inout [[Double]], _ p: [[Double]], _ q: [[Double]]) {
            for y in x.indices { for k in x[y].indices where k < p[y].count && k < q[y].count { x[y][k] += weight * (p[y][k] - q[y][k]) } }
        }
        s(&output, a.output, b.output); s(&valueAdded, a.valueAdded, b.valueAdded); s(&employment, a.employment, b.employment)
        s(&investment, a.investment, b.investment); s(&capital, a.capital, b.capital); s(&fiscal, a.fiscal, b.fiscal)
        s(&fiscalNet, a.fiscalNet, b.fiscalNet)
        s(&external, a.external, b.external)
    }
}
