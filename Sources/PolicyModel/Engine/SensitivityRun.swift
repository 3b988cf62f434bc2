// SPDX-License-Identifier: GPL-3.0-or-later
import Dispatch
import Foundation
import PolicyNumerics

/// A headline output whose variance `policysim sensitivity` decomposes: an area's GDP effect
/// (against the run's reference path, as `run`'s headline measures it), or the national gross
/// fiscal cost, in one year or summed over the simulated years.
public struct SensitivityOutput: Sendable, Equatable {
    public enum Variable: String, Sendable { case gdp, fiscalCost = "fiscal_cost" }
    public var variable: Variable
    /// An area id of the data set (the nation, a region, a cluster or a province).
    public var area: String
    /// A simulated year, or nil for the sum over the simulated years.
    public var year: Int?

    public init(variable: Variable, area: String, year: Int?) {
        self.variable = variable
        self.area = area
        self.year = year
    }

    /// "2025", or "2023-2030" for the sum.
    public func span(_ years: [Int]) -> String { year.map(String.init) ?? "\(years.first!)-\(years.last!)" }
}

public struct SensitivityOptions: Sendable {
    public var threads: Int
    /// N, the rows of the design: N (k + 2) runs.
    public var rows: Int
    public var sampler: SaltelliDesign.Sampler
    /// Parameters to vary (default: every uncertain one); the others stay at their central values.
    public var parameters: [String]?
    public var shardIndex: Int
    public var shardCount: Int
    public var progress: (@Sendable (Int, Int) -> Void)?

    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount, rows: Int = 256, sampler: SaltelliDesign.Sampler,
                parameters: [String]? = nil, shardIndex: Int = 0, shardCount: Int = 1, progress: (@Sendable (Int, Int) -> Void)? = nil) {
        self.threads = max(1, threads)
        self.rows = rows
        self.sampler = sampler
        self.parameters = parameters
        self.shardIndex = shardIndex
        self.shardCount = max(1, shardCount)
        self.progress = progress
    }
}

/// The evaluations of a Saltelli design on the engine: for each row held (all of them, or a
/// shard's), the k + 2 runs' outputs.
public struct SensitivityEvaluations: Sendable {
    /// The varied parameters, in the design's column order (name order).
    public let parameters: [String]
    public let outputs: [SensitivityOutput]
    /// The simulated years (the base year excluded).
    public let years: [Int]
    public let design: SaltelliDesign
    /// Rows of the design held here, ascending.
    public let rows: [Int]
    /// values[r][e][o]: output o of evaluation e of held row r.
    public let values: [[[Double]]]
    /// The central run's outputs (every parameter at its central value).
    public let central: [Double]
}

public enum SensitivityRun {
    /// The sampler used when none is named: Sobol' points while GSL's sequence has the
    /// dimensions (2k <= 40), pseudo-random ones beyond.
    public static func defaultSampler(parameters k: Int) -> SaltelliDesign.Sampler {
        2 * k <= SaltelliDesign.sobolMaxDimension ? .sobol : .random
    }

    /// The uncertain parameters of a scenario (fixed ones have no variance to apportion).
    public static func uncertainParameters(_ scenario: Scenario) -> [String] {
        scenario.parameterNames.filter { !scenario.parameters[$0]!.isFixed }
    }

    /// The default outputs: GDP of the nation, each region and each cluster, and the national
    /// fiscal cost, in `year` and summed over the simulated years.
    public static func defaultOutputs(_ data: DataSet, year: Int) -> [SensitivityOutput] {
        let areas = data.aggregates.filter { $0.kind == .nation } + data.aggregates.filter { $0.kind == .region }
            + data.aggregates.filter { $0.kind == .cluster }
        var out: [SensitivityOutput] = []
        for a in areas {
            out.append(SensitivityOutput(variable: .gdp, area: a.id, year: year))
            out.append(SensitivityOutput(variable: .gdp, area: a.id, year: nil))
        }
        let nation = data.aggregates.first { $0.kind == .nation }?.id ?? "China"
        out.append(SensitivityOutput(variable: .fiscalCost, area: nation, year: year))
        out.append(SensitivityOutput(variable: .fiscalCost, area: nation, year: nil))
        return out
    }

    /// Runs the central path and then the design's rows held by the shard, in parallel; results
    /// are placed by row and evaluation, so they do not depend on the threads. `outputs` gets
    /// the simulated years and the year of the central run's largest national GDP effect (in
    /// absolute value), and names what to measure.
    public static func evaluate(_ economy: Economy, _ scenario: Scenario,
                                outputs choose: (_ years: [Int], _ peakYear: Int) throws -> [SensitivityOutput],
                                options: SensitivityOptions) throws -> SensitivityEvaluations {
        let parameters = options.parameters ?? uncertainParameters(scenario)
        let design = try SaltelliDesign(parameters: parameters.count, rows: options.rows, sampler: options.sampler, seed: scenario.seed)
        // Draws run side by side: one BLAS thread in each (see Projection.run).
        let lease = NumericsRuntime.singleThreadedBLAS()
        defer { lease.end() }
        let cache = FactorisationCache(size: economy.size, strategy: .reuse)
        let runner = PathRunner(economy: economy, scenario: scenario, cache: cache, recorder: nil)
        let baseline = try runner.calibrateBaseline()
        let years = Array(baseline.years.dropFirst())
        let reference = Array((baseline.includesPolicy ? baseline.noPolicy : baseline.states).dropFirst())
        guard !years.isEmpty else { throw SensitivityError("the scenario simulates no year after the base year") }
        let centralValues = Projection.centralValues(scenario)
        let (centralStates, _) = try runner.run(baseline: baseline, values: centralValues, recordTrace: false, central: true)
        let effect = zip(centralStates.dropFirst(), reference).map { $0.gdp.reduce(0, +) - $1.gdp.reduce(0, +) }
        let peak = years[effect.indices.max { abs(effect[$0]) < abs(effect[$1]) } ?? 0]
        let outputs = try choose(years, peak)
        for o in outputs {
            guard !economy.members(o.area).isEmpty else { throw SensitivityError("no area '\(o.area)' in the data set") }
            if let y = o.year, !years.contains(y) { throw SensitivityError("\(y) is not a simulated year (\(years.first!)-\(years.last!))") }
        }
        @Sendable func measure(_ states: [YearState]) -> [Double] {
            headline(Array(states.dropFirst()), reference: reference, years: years, outputs: outputs, economy: economy)
        }
        let central = measure(centralStates)

        let held = (0..<options.rows).filter { $0 % options.shardCount == options.shardIndex }
        let perRow = design.evaluationsPerRow, total = held.count * perRow
        let slots = DrawStore(count: total)
        let workers = min(options.threads, max(1, total))
        let distributions = parameters.map { scenario.parameters[$0]! }
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let slot = slots.next() {
                let row = held[slot / perRow], e = slot % perRow
                var values = centralValues
                for (i, u) in design.point(row: row, evaluation: e).enumerated() {
                    values[parameters[i]] = distributions[i].quantile(u)
                }
                do {
                    let (states, _) = try runner.run(baseline: baseline, values: values, recordTrace: false)
                    let done = slots.finish(slot, measure(states))
                    options.progress?(done, total)
                } catch {
                    slots.fail(slot, slot, error)
                }
            }
        }
        if let (slot, error) = slots.failure {
            throw SensitivityError("row \(held[slot / perRow]), evaluation \(slot % perRow) of the design failed: \(error)")
        }
        let flat = slots.values.map { $0! }
        let values = held.indices.map { r in Array(flat[r * perRow..<(r + 1) * perRow]) }
        return SensitivityEvaluations(parameters: parameters, outputs: outputs, years: years, design: design,
                                      rows: held, values: values, central: central)
    }

    /// The outputs of one path (base year dropped), against the reference path.
    static func headline(_ states: [YearState], reference: [YearState], years: [Int], outputs: [SensitivityOutput],
                         economy: Economy) -> [Double] {
        outputs.map { o in
            let members = economy.members(o.area)
            let ks = o.year.map { [years.firstIndex(of: $0)!] } ?? Array(years.indices)
            var sum = 0.0
            for k in ks {
                switch o.variable {
                case .gdp:
                    for (p, w) in members { sum += w * (states[k].gdp[p] - reference[k].gdp[p]) }
                case .fiscalCost:
                    for rule in states[k].fiscal { for (p, w) in members { sum += w * rule[p] } }
                }
            }
            return sum
        }
    }
}

public struct SensitivityError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
