// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

public enum ScenarioYearError: Error, CustomStringConvertible {
    case yearOutsideHorizon(year: Int, base: Int, start: Int, end: Int, scenario: String)
    case notSolved(year: Int, scenario: String)

    public var description: String {
        switch self {
        case let .yearOutsideHorizon(year, base, start, end, scenario):
            return "\(scenario) runs \(start)-\(end); --year \(year) must be the base year \(base) or a year of the horizon"
        case let .notSolved(year, scenario):
            return "the central run of \(scenario) recorded no system for \(year)"
        }
    }
}

extension InputOutputSystem {
    /// The system of `year` in a scenario's central run: the structure in force after every
    /// measure of that year (the last system the run solved for the year, read through the
    /// public `SystemRecorder`), the year's output x and final demand y (capacity leak
    /// removed), its household demand, and employment per output at the year's labour
    /// productivity: base / (1 + growth)^(year - base year).
    ///
    /// The base year needs no run: it has no measures.
    public static func scenarioYear(_ economy: Economy, _ scenario: Scenario, year: Int) throws -> InputOutputSystem {
        let base = economy.data.baseYear
        if year == base { return try InputOutputSystem(base: economy) }
        guard year >= scenario.startYear, year <= scenario.endYear else {
            throw ScenarioYearError.yearOutsideHorizon(year: year, base: base, start: scenario.startYear, end: scenario.endYear, scenario: scenario.name)
        }
        let recorder = SystemRecorder(economy: economy)
        let result = try Projection.run(economy, scenario, options: ProjectionOptions(threads: 1, draws: 0), recorder: recorder)
        guard let solved = recorder.systems.last(where: { $0.path == -1 && $0.year == year }),
              let state = result.central.first(where: { $0.year == year }) else {
            throw ScenarioYearError.notSolved(year: year, scenario: scenario.name)
        }
        let factor = pow(1 + scenario.baseline.labourProductivityGrowth, Double(year - base))
        let rules = scenario.rules.filter { $0.firstYear <= year && $0.lastYear >= year }.count
        return try InputOutputSystem(economy: economy, structure: StructureComponents(recorder.structures[solved.structure]),
                                     output: solved.solution, finalDemand: solved.rightHandSide, demand: state.demand,
                                     employmentPerOutput: economy.employmentPerOutput.map { $0 / factor },
                                     description: "\(economy.data.name), \(scenario.name) \(year) (central run, the engine's structure with \(rules) rule\(rules == 1 ? "" : "s") scheduled that year)")
    }
}
