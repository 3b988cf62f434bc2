// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyNumerics

/// Collects the linear systems a projection solves, for `policysim export` and the numpy peer
/// of the benchmarks: every structure once (as the components that differ from the base: the
/// provinces' coefficient matrices, the domestic shares 1 - m, the sectors' sourcing matrices),
/// and for every solve the path, year, structure, right-hand side (capacity leak removed) and
/// solution, so that (I - B) x = y holds for each.
public final class SystemRecorder: @unchecked Sendable {
    public struct System: Sendable {
        public var path: Int
        public var year: Int
        public var structure: Int
        public var rightHandSide: [Double]
        public var solution: [Double]
    }

    public struct StructureRecord: Sendable {
        public var domesticShares: [Double]
        public var coefficients: [(province: Int, matrix: [Double])]
        public var sourcing: [(sector: Int, matrix: [Double])]
    }

    let economy: Economy
    private let lock = NSLock()
    private var path = -1
    /// Structures seen, by content: the same identity the factorisation cache uses.
    private var index: [StructureIdentity: Int] = [:]
    public private(set) var structures: [StructureRecord] = []
    public private(set) var systems: [System] = []

    public init(economy: Economy) { self.economy = economy }

    func beginPath(_ p: Int) {
        lock.lock()
        path = p
        lock.unlock()
    }

    func record(_ identity: StructureIdentity, rightHandSide y: [Double], solution x: [Double], year: Int) {
        lock.lock()
        defer { lock.unlock() }
        let s = identity.structure
        let id: Int
        if let known = index[identity] {
            id = known
        } else {
            id = structures.count
            index[identity] = id
            structures.append(StructureRecord(
                domesticShares: s.domesticShares(economy),
                coefficients: s.provinceCoefficients.keys.sorted().map { ($0, s.provinceCoefficients[$0]!.storage) },
                sourcing: s.sourcing.keys.sorted().map { ($0, s.sourcing[$0]!.storage) }))
        }
        systems.append(System(path: path, year: year, structure: id, rightHandSide: y, solution: x))
    }
}
