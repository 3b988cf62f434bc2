// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyNumerics

/// How a projection solves its systems.
public enum SolveStrategy: String, Sendable {
    /// Factorisations shared by structures with the same content, and refinement against a
    /// nearby factorisation (the default).
    case reuse
    /// A fresh LU factorisation for every system, nothing shared or refined: the reference the
    /// differential tests compare the default against.
    case fresh
}

/// Which of a year's two solves: before the conditional rules, or after them.
public enum YearPhase: String, Sendable, CaseIterable {
    /// Rules without a `when:` condition (but demand support) apply, then the year is solved:
    /// the pre-measure state that conditions read.
    case scheduled
    /// Rules with a condition, and demand support, apply on that state; the year is solved again
    /// if they changed anything.
    case conditional
}

/// One solve of a path: a year and its phase.
struct SolveSlot: Hashable, Sendable {
    let year: Int
    let phase: YearPhase
}

/// Factorisations of I - B shared by every path and year whose structure has the same content
/// (`StructureIdentity`). Entries are immutable and safe to share between threads; the cache
/// holds at most `capacity` of them (fewer for large systems) and recomputes an evicted one
/// identically.
final class FactorisationCache: @unchecked Sendable {
    fileprivate let lock = NSLock()
    fileprivate var entries: [StructureIdentity: LUFactorization] = [:]
    fileprivate var order: [StructureIdentity] = []
    let capacity: Int
    let strategy: SolveStrategy
    private(set) var factorisations = 0
    /// Systems solved by refinement against a nearby factorisation instead.
    let tally = RefinementTally()
    /// The largest residuals the solves left (every solve is checked).
    let verification = VerificationTally()

    init(size: Int, strategy: SolveStrategy = .reuse) {
        let bytes = Double(size) * Double(size) * 8
        capacity = max(2, min(256, Int(1.0e9 / max(bytes, 1))))
        self.strategy = strategy
    }

    /// Factorisations of the central run by year and phase, kept (never evicted) as
    /// preconditioners for the draws' nearby structures.
    private var references: [SolveSlot: LUFactorization] = [:]

    func setReference(_ slot: SolveSlot, _ lu: LUFactorization) {
        lock.lock()
        references[slot] = lu
        lock.unlock()
    }

    func reference(_ slot: SolveSlot) -> LUFactorization? {
        lock.lock()
        defer { lock.unlock() }
        return references[slot]
    }

    /// The central run's household income responses by year and phase (`YearSolver.incomeResponse`).
    private var incomeResponses: [SolveSlot: Matrix] = [:]

    func setIncomeResponse(_ slot: SolveSlot, _ k: Matrix) {
        lock.lock()
        incomeResponses[slot] = k
        lock.unlock()
    }

    func incomeResponse(_ slot: SolveSlot) -> Matrix? {
        lock.lock()
        defer { lock.unlock() }
        return incomeResponses[slot]
    }

    /// The factorisation of exactly this structure, if cached.
    func cached(_ id: StructureIdentity) -> LUFactorization? {
        guard strategy == .reuse else { return nil }
        lock.lock()
        defer { lock.unlock() }
        return entries[id]
    }

    /// The factorisation of this structure: cached, or made now (and cached unless fresh).
    func factor(_ id: StructureIdentity, _ economy: Economy, label: String) throws -> LUFactorization {
        if let lu = cached(id) { return lu }
        let lu = try LUFactorization(id.structure.leontief(economy), label: label)
        lock.lock()
        defer { lock.unlock() }
        factorisations += 1
        guard strategy == .reuse else { return lu }
        if let existing = entries[id] { return existing }
        entries[id] = lu
        order.append(id)
        if order.count > capacity { entries[order.removeFirst()] = nil }
        return lu
    }
}

extension FactorisationCache {
    /// Stores `lu` as the factorisation of `id`, whatever it factors: for tests that show a
    /// wrong entry is caught by the check after the solve.
    func plant(_ lu: LUFactorization, for id: StructureIdentity) {
        lock.lock()
        entries[id] = lu
        order.append(id)
        lock.unlock()
    }
}

/// How many systems a run solved by refinement and in how many correction steps (for the
/// manifest). The totals depend on the inputs only, not on threads: every path does the same
/// work whichever thread runs it.
final class RefinementTally: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var solves = 0
    private(set) var steps = 0

    func record(steps k: Int) {
        lock.lock()
        solves += 1
        steps += k
        lock.unlock()
    }
}

/// The largest relative residual of any solve, and of the accounting identity, in a run. A
/// maximum does not depend on the order in which threads report, so it is reproducible.
final class VerificationTally: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var solves = 0
    private(set) var largestResidual = 0.0
    private(set) var largestIdentityResidual = 0.0

    func record(residual: Double, identity: Double) {
        lock.lock()
        solves += 1
        largestResidual = max(largestResidual, residual)
        largestIdentityResidual = max(largestIdentityResidual, identity)
        lock.unlock()
    }

    var summary: VerificationSummary {
        lock.lock()
        defer { lock.unlock() }
        return VerificationSummary(solves: solves, largestResidual: largestResidual, largestIdentityResidual: largestIdentityResidual)
    }
}

/// What the checks after every solve saw in a run.
public struct VerificationSummary: Sendable, Equatable {
    /// Systems solved and checked.
    public var solves: Int
    /// The largest ||(I - B) x - y||_inf / ||y||_inf of any solve.
    public var largestResidual: Double
    /// The largest relative residual of the accounting identity of any province, sector and solve.
    public var largestIdentityResidual: Double
}
