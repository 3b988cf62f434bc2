// SPDX-License-Identifier: GPL-3.0-or-later
import Dispatch
import Foundation
import PolicyNumerics

public struct ProjectionOptions: Sendable {
    /// Worker threads for the draws (default: every core).
    public var threads: Int
    /// Monte Carlo draws (default: the scenario's `draws`).
    public var draws: Int?
    /// Only draws with index i where i % shardCount == shardIndex (deterministic sharding).
    public var shardIndex: Int
    public var shardCount: Int
    /// Called with (finished draws, total draws) as draws complete, from any thread.
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// How systems are solved: shared factorisations and refinement, or a fresh factorisation
    /// for every system (the reference of the differential tests).
    public var strategy: SolveStrategy
    /// Where the draws' file goes (see `DrawSet`; default: the temporary folder). A run puts it
    /// in its staging folder, on the disk it checked for room.
    public var drawDirectory: URL?

    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount, draws: Int? = nil,
                shardIndex: Int = 0, shardCount: Int = 1, progress: (@Sendable (Int, Int) -> Void)? = nil,
                strategy: SolveStrategy = .reuse, drawDirectory: URL? = nil) {
        self.threads = max(1, threads)
        self.draws = draws
        self.shardIndex = shardIndex
        self.shardCount = max(1, shardCount)
        self.progress = progress
        self.strategy = strategy
        self.drawDirectory = drawDirectory
    }
}

/// A finished projection: the baseline, the central run, the draws and the rule trace.
public struct ProjectionResult: Sendable {
    public let scenario: Scenario
    public let years: [Int]
    public let baseline: Baseline
    /// All parameters at their central values (the median of each distribution).
    public let central: [YearState]
    /// Draw indexes (of the whole ensemble) held here, and their results (on disk).
    public let drawIndexes: [Int]
    public let draws: DrawSet
    /// Sampled parameter values of each draw, in `scenario.parameterNames` order.
    public let drawValues: [[Double]]
    /// Rule firings of the central run.
    public let trace: [TraceEntry]
    public let factorisations: Int
    /// Systems solved by iterative refinement instead of a factorisation, and their correction
    /// steps in total.
    public let refinement: (solves: Int, steps: Int)
    /// What the checks after every solve saw: the largest residual and identity error.
    public let verification: VerificationSummary
    /// Wall seconds by phase.
    public let timings: [(String, Double)]
}

public enum Projection {
    /// The checks after every solve: the largest relative residual of (I - B) x = y, and of the
    /// accounting identity of any row.
    public static let residualTolerance = YearSolver.residualTolerance
    public static let identityTolerance = YearSolver.identityTolerance

    /// Systems of fewer rows than this solve with one BLAS thread (measured: see
    /// `NumericsRuntime.smallestThreadedSystem`).
    public static let smallestThreadedSystem = NumericsRuntime.smallestThreadedSystem

    /// Central values of the scenario's parameters.
    public static func centralValues(_ scenario: Scenario) -> [String: Double] {
        scenario.parameters.mapValues(\.central)
    }

    /// Values of draw `draw`, in name order. Each parameter has its own stream per draw, seeded
    /// from the run seed and the parameter's name, so a parameter's value in draw d is the same
    /// in every scenario that shares the seed and the parameter (common random numbers), however
    /// many other parameters the scenarios have.
    ///
    /// Parameters under `correlations` instead take one uniform each from the same stream,
    /// joined by the scenario's Gaussian copula, and their values are their quantiles at the
    /// correlated uniforms; the other parameters are drawn as without correlations.
    public static func drawValues(_ scenario: Scenario, draw: Int) -> [Double] {
        let names = scenario.parameterNames
        guard let (joined, copula) = scenario.copula else {
            return names.map { name in
                scenario.parameters[name]!.sample(RandomStream(run: parameterSeed(scenario.seed, name), draw: draw))
            }
        }
        let u = copula.correlate(joined.map { RandomStream(run: parameterSeed(scenario.seed, $0), draw: draw).uniformPositive() })
        return names.map { name in
            if let i = joined.firstIndex(of: name) { return scenario.parameters[name]!.quantile(u[i]) }
            return scenario.parameters[name]!.sample(RandomStream(run: parameterSeed(scenario.seed, name), draw: draw))
        }
    }

    /// The run seed mixed with the FNV-1a hash of a parameter name.
    public static func parameterSeed(_ seed: UInt64, _ name: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return seed ^ h
    }

    public static func run(_ economy: Economy, _ scenario: Scenario, options: ProjectionOptions = ProjectionOptions(),
                           recorder: SystemRecorder? = nil) throws -> ProjectionResult {
        let clock = ContinuousClock()
        var timings: [(String, Double)] = []
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
        let draws = options.draws ?? scenario.draws
        // One BLAS thread inside every solve when draws run side by side (competing thread pools
        // slow small solves many times over), for systems too small for a second thread to
        // pay, and whenever another task is runnable as the run starts: at n = 558 a central run
        // took 0.37 s with one BLIS thread and 6.6 s with two on a machine whose other core was
        // busy, and the full-detail run (n = 4,743) 6.8 s against 88.7 s. No thread count
        // changes a result.
        let single = draws > 0 || economy.size < Projection.smallestThreadedSystem || (NumericsRuntime.otherRunnableTasks() ?? 1) > 0
        let lease = single ? NumericsRuntime.singleThreadedBLAS() : nil
        defer { lease?.end() }

        let cache = FactorisationCache(size: economy.size, strategy: options.strategy)
        let runner = PathRunner(economy: economy, scenario: scenario, cache: cache, recorder: nil)
        var start = clock.now
        let baseline = try runner.calibrateBaseline()
        let recording = PathRunner(economy: economy, scenario: scenario, cache: cache, recorder: recorder)
        timings.append(("baseline", seconds(clock.now - start)))
        start = clock.now
        recorder?.beginPath(-1)
        let (central, trace) = try recording.run(baseline: baseline, values: centralValues(scenario), recordTrace: true, central: true)
        timings.append(("central", seconds(clock.now - start)))

        start = clock.now
        let indexes = (0..<draws).filter { $0 % options.shardCount == options.shardIndex }
        let store = DrawStore(count: indexes.count)
        let drawSet = try DrawSet(count: indexes.count, template: PathSummary(central), sectors: economy.n,
                                  directory: options.drawDirectory ?? FileManager.default.temporaryDirectory)
        if !indexes.isEmpty {
            let names = scenario.parameterNames
            // Recording keeps draws in order on one thread.
            let workers = recorder == nil ? min(options.threads, indexes.count) : 1
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let slot = store.next() {
                    let draw = indexes[slot]
                    let values = drawValues(scenario, draw: draw)
                    do {
                        recorder?.beginPath(draw)
                        let (states, _) = try recording.run(baseline: baseline, values: Dictionary(uniqueKeysWithValues: zip(names, values)), recordTrace: false)
                        try drawSet.store(slot, PathSummary(states))
                        let done = store.finish(slot, values)
                        options.progress?(done, indexes.count)
                    } catch {
                        store.fail(slot, draw, error)
                    }
                }
            }
            if let (draw, error) = store.failure { throw DrawError(draw: draw, underlying: error) }
        }
        timings.append(("draws", seconds(clock.now - start)))
        return ProjectionResult(scenario: scenario, years: baseline.years, baseline: baseline, central: central,
                                drawIndexes: indexes, draws: drawSet, drawValues: store.values.map { $0! },
                                trace: trace, factorisations: cache.factorisations,
                                refinement: (cache.tally.solves, cache.tally.steps), verification: cache.verification.summary,
                                timings: timings)
    }
}

public struct DrawError: Error, CustomStringConvertible {
    public let draw: Int
    public let underlying: Error
    public var description: String { "draw \(draw) failed: \(underlying)" }
}

/// Hands out draw slots to workers and keeps each draw's parameter values by slot, so their
/// order never depends on which thread finished first (the draws' results go to `DrawSet`).
final class DrawStore: @unchecked Sendable {
    private let lock = NSLock()
    private var nextSlot = 0
    private var done = 0
    private(set) var values: [[Double]?]
    private(set) var failure: (Int, Error)?

    init(count: Int) {
        values = Array(repeating: nil, count: count)
    }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard failure == nil, nextSlot < values.count else { return nil }
        nextSlot += 1
        return nextSlot - 1
    }

    /// Stores a finished draw; returns how many have finished (read under the same lock).
    func finish(_ slot: Int, _ v: [Double]) -> Int {
        lock.lock()
        defer { lock.unlock() }
        values[slot] = v
        done += 1
        return done
    }

    func fail(_ slot: Int, _ draw: Int, _ error: Error) {
        lock.lock()
        if failure == nil || draw < failure!.0 { failure = (draw, error) }
        lock.unlock()
    }
}
