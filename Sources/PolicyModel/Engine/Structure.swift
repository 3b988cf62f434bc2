// SPDX-License-Identifier: GPL-3.0-or-later
import PolicyNumerics
import Foundation

/// The coefficients in force in one year of one path: the base ones, changed by structural
/// measures (technology, coefficient shocks, import substitution, transfers, synergy, poles).
struct Structure {
    /// Technical coefficients of provinces whose coefficients differ from the base.
    var provinceCoefficients: [Int: Matrix] = [:]
    /// Multiplier on the import share of row k.
    var importScale: [Int: Double] = [:]
    /// Sourcing shares of sectors that differ from the base.
    var sourcing: [Int: Matrix] = [:]
    /// What made this structure: equal keys mean equal coefficients, so a factorisation is shared.
    var key: [UInt64] = []

    var isBase: Bool { key.isEmpty }

    func coefficients(_ economy: Economy, _ p: Int) -> Matrix { provinceCoefficients[p] ?? economy.coefficients }
    func sourcing(_ economy: Economy, _ i: Int) -> Matrix { sourcing[i] ?? economy.sourcing[i] }
    func importShare(_ economy: Economy, _ k: Int) -> Double { economy.importShare[k % economy.n] * (importScale[k] ?? 1) }

    /// 1 - m for every row, as an array (hot loops avoid the dictionary).
    func domesticShares(_ e: Economy) -> [Double] {
        var out = (0..<e.size).map { 1 - e.importShare[$0 % e.n] }
        for (k, f) in importScale { out[k] = 1 - e.importShare[k % e.n] * f }
        return out
    }

    /// Records what changed, for the cache key.
    mutating func note(_ values: [Double]) { key += values.map(\.bitPattern) }

    /// The multi-regional matrix I - B with B[(s, i), (r, j)] = t_i[s, r] (1 - m[r, i]) A_r[i, j].
    func leontief(_ e: Economy) -> Matrix {
        let n = e.n, np = e.provinces, size = e.size
        var m = Matrix.identity(size)
        let aOf = (0..<np).map { coefficients(e, $0) }
        let tOf = (0..<n).map { sourcing(e, $0) }
        let keep = domesticShares(e)
        m.storage.withUnsafeMutableBufferPointer { out in
            for s in 0..<np {
                for i in 0..<n {
                    let row = (s * n + i) * size
                    for r in 0..<np {
                        let c = tOf[i][s, r] * keep[r * n + i]
                        if c == 0 { continue }
                        aOf[r].storage.withUnsafeBufferPointer { a in
                            let base = row + r * n
                            for j in 0..<n { out[base + j] -= c * a[i * n + j] }
                        }
                    }
                }
            }
        }
        return m
    }

    /// Right-hand side y[s, i] = sum_r t_i[s, r] (1 - m[r, i]) f[r, i] + e[s, i].
    func rightHandSide(_ e: Economy, domesticDemand f: [Double], exports: [Double]) -> Vector {
        let n = e.n, np = e.provinces
        var y = Vector(exports)
        let keep = domesticShares(e)
        for i in 0..<n {
            let t = sourcing(e, i)
            let g = (0..<np).map { r in keep[r * n + i] * f[r * n + i] }
            for s in 0..<np {
                var acc = 0.0
                for r in 0..<np { acc += t[s, r] * g[r] }
                y[s * n + i] += acc
            }
        }
        return y
    }

    /// Domestic purchases D[r, i] = (1 - m[r, i]) (sum_j A_r[i, j] x[r, j] + f[r, i]).
    func domesticPurchases(_ e: Economy, output x: [Double], domesticDemand f: [Double]) -> [Double] {
        let n = e.n
        var d = [Double](repeating: 0, count: e.size)
        let keep = domesticShares(e)
        for r in 0..<e.provinces {
            let a = coefficients(e, r)
            a.storage.withUnsafeBufferPointer { ap in
                x.withUnsafeBufferPointer { xp in
                    for i in 0..<n {
                        let use = f[r * n + i] + Dot.product(ap.baseAddress! + i * n, xp.baseAddress! + r * n, count: n)
                        d[r * n + i] = keep[r * n + i] * use
                    }
                }
            }
        }
        return d
    }
}

/// Factorisations of I - B shared by every path and year with the same structure. Entries are
/// immutable and safe to share between threads; the cache holds at most `capacity` of them
/// (fewer for large systems) and recomputes an evicted one identically.
final class FactorisationCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [[UInt64]: LUFactorization] = [:]
    private var order: [[UInt64]] = []
    let capacity: Int
    private(set) var factorisations = 0
    /// Systems solved by refinement against a nearby factorisation instead.
    let tally = RefinementTally()

    init(size: Int) {
        let bytes = Double(size) * Double(size) * 8
        capacity = max(2, min(256, Int(1.0e9 / max(bytes, 1))))
    }

    /// Factorisations of the central run by year and phase, kept (never evicted) as
    /// preconditioners for the draws' nearby structures.
    private var references: [Int: LUFactorization] = [:]

    func setReference(_ slot: Int, _ lu: LUFactorization) {
        lock.lock()
        references[slot] = lu
        lock.unlock()
    }

    func reference(_ slot: Int) -> LUFactorization? {
        lock.lock()
        defer { lock.unlock() }
        return references[slot]
    }

    /// The exact factorisation if cached, else nil.
    func cached(_ structure: Structure) -> LUFactorization? {
        lock.lock()
        defer { lock.unlock() }
        return entries[structure.key]
    }

    func factor(_ structure: Structure, _ economy: Economy, label: String) throws -> LUFactorization {
        lock.lock()
        if let lu = entries[structure.key] {
            lock.unlock()
            return lu
        }
        lock.unlock()
        let lu = try LUFactorization(structure.leontief(economy), label: label)
        lock.lock()
        defer { lock.unlock() }
        factorisations += 1
        if entries[structure.key] == nil {
            entries[structure.key] = lu
            order.append(structure.key)
            if order.count > capacity { entries[order.removeFirst()] = nil }
        }
        return entries[structure.key]!
    }
}
