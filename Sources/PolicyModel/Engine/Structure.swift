// SPDX-License-Identifier: GPL-3.0-or-later
import PolicyNumerics

/// The coefficients in force in one year of one path: the base ones, changed by structural
/// measures (technology, coefficient shocks, import substitution, transfers, synergy, poles).
///
/// Only what differs from the base is held, and an override that equals the base is dropped,
/// so two structures with the same content have the same parts (`StructureIdentity`).
struct Structure: Sendable {
    /// Technical coefficients of provinces whose coefficients differ from the base.
    private(set) var provinceCoefficients: [Int: Matrix] = [:]
    /// Multiplier on the import share of row k, where it is not 1.
    private(set) var importScale: [Int: Double] = [:]
    /// Sourcing shares of sectors that differ from the base.
    private(set) var sourcing: [Int: Matrix] = [:]

    static let base = Structure()

    var isBase: Bool { provinceCoefficients.isEmpty && importScale.isEmpty && sourcing.isEmpty }

    func coefficients(_ economy: Economy, _ p: Int) -> Matrix { provinceCoefficients[p] ?? economy.coefficients }
    func sourcing(_ economy: Economy, _ i: Int) -> Matrix { sourcing[i] ?? economy.sourcing[i] }
    func importScale(_ k: Int) -> Double { importScale[k] ?? 1 }
    func importShare(_ economy: Economy, _ k: Int) -> Double { economy.importShare[k] * importScale(k) }

    /// 1 - m for every row, as an array (hot loops avoid the dictionary).
    func domesticShares(_ e: Economy) -> [Double] {
        var out = e.importShare.map { 1 - $0 }
        for (k, f) in importScale { out[k] = 1 - e.importShare[k] * f }
        return out
    }

    /// This structure with `change` applied: its matrices and import scales replace the ones in
    /// force. Replacements that equal the base are dropped, so a change that changes nothing
    /// leaves a structure identical to the one it started from.
    func applying(_ change: StructureChange, _ e: Economy) -> Structure {
        var s = self
        for (p, a) in change.coefficients {
            s.provinceCoefficients[p] = bitwiseEqual(a.storage, e.coefficients.storage) ? nil : a
        }
        for (k, f) in change.importScale {
            s.importScale[k] = f == 1 ? nil : f
        }
        for (i, t) in change.sourcing {
            s.sourcing[i] = bitwiseEqual(t.storage, e.sourcing[i].storage) ? nil : t
        }
        return s
    }

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

/// What one rule changes in the structure in force: whole replacement matrices and import scales.
struct StructureChange: Sendable {
    var coefficients: [Int: Matrix] = [:]
    var importScale: [Int: Double] = [:]
    var sourcing: [Int: Matrix] = [:]

    var isEmpty: Bool { coefficients.isEmpty && importScale.isEmpty && sourcing.isEmpty }
}

/// A structure's identity: what it holds. Its hash digests the bits of every part that differs
/// from the base, and two identities are equal only when those parts are equal bit for bit, so
/// a factorisation found by identity is the factorisation of exactly this structure.
struct StructureIdentity: Hashable, Sendable {
    let structure: Structure
    let digest: UInt64

    init(_ s: Structure) {
        structure = s
        var h = Digest()
        for p in s.provinceCoefficients.keys.sorted() {
            h.add(0xC0EF)
            h.add(UInt64(p))
            h.add(s.provinceCoefficients[p]!.storage)
        }
        for k in s.importScale.keys.sorted() {
            h.add(0x1A1A)
            h.add(UInt64(k))
            h.add(s.importScale[k]!.bitPattern)
        }
        for i in s.sourcing.keys.sorted() {
            h.add(0x5005)
            h.add(UInt64(i))
            h.add(s.sourcing[i]!.storage)
        }
        digest = h.value
    }

    static func == (a: StructureIdentity, b: StructureIdentity) -> Bool {
        guard a.digest == b.digest else { return false }
        let x = a.structure, y = b.structure
        guard Set(x.provinceCoefficients.keys) == Set(y.provinceCoefficients.keys),
              Set(x.importScale.keys) == Set(y.importScale.keys),
              Set(x.sourcing.keys) == Set(y.sourcing.keys) else { return false }
        for (p, m) in x.provinceCoefficients where !bitwiseEqual(m.storage, y.provinceCoefficients[p]!.storage) { return false }
        for (k, f) in x.importScale where f.bitPattern != y.importScale[k]!.bitPattern { return false }
        for (i, m) in x.sourcing where !bitwiseEqual(m.storage, y.sourcing[i]!.storage) { return false }
        return true
    }

    func hash(into hasher: inout Hasher) { hasher.combine(digest) }
}

/// A 64-bit digest of words (multiply-rotate mixing, as in the finalisers of MurmurHash3 and
/// xxHash). Collisions only cost a comparison: equality is always confirmed on the content.
private struct Digest {
    private(set) var value: UInt64 = 0x9E37_79B9_7F4A_7C15

    mutating func add(_ w: UInt64) {
        var x = w &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        value = ((value ^ x) << 27 | (value ^ x) >> 37) &* 0xC4CE_B9FE_1A85_EC53 &+ 0x52DC_E729
    }

    mutating func add(_ values: [Double]) {
        add(UInt64(values.count))
        for v in values { add(v.bitPattern) }
    }
}

/// True when the two arrays hold the same bits (unlike ==, which takes -0 for 0 and NaN for
/// unequal to itself).
func bitwiseEqual(_ a: [Double], _ b: [Double]) -> Bool {
    guard a.count == b.count else { return false }
    for k in a.indices where a[k].bitPattern != b[k].bitPattern { return false }
    return true
}

/// A measure's change under construction: reads see the structure in force with the edits made
/// so far, writes go to the change, never to the structure.
struct StructureEditor {
    let economy: Economy
    let inForce: Structure
    private(set) var change = StructureChange()

    init(_ economy: Economy, _ inForce: Structure) {
        self.economy = economy
        self.inForce = inForce
    }

    func coefficients(_ p: Int) -> Matrix { change.coefficients[p] ?? inForce.coefficients(economy, p) }
    mutating func setCoefficients(_ p: Int, _ a: Matrix) { change.coefficients[p] = a }

    func sourcing(_ i: Int) -> Matrix { change.sourcing[i] ?? inForce.sourcing(economy, i) }
    mutating func setSourcing(_ i: Int, _ t: Matrix) { change.sourcing[i] = t }

    /// Multiplies row k's import share by `factor`.
    mutating func scaleImportShare(_ k: Int, by factor: Double) {
        change.importScale[k] = (change.importScale[k] ?? inForce.importScale(k)) * factor
    }
}
