// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyModel
import PolicyResults

extension PolicySim {
    struct Multipliers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Output, value-added, income and employment multipliers (Type I and II), linkages and spillovers of a data set.",
            discussion: """
                Writes OUT/multipliers.csv (area,sector,multiplier,type,value), OUT/spillover.csv \
                (area,demand_area,sector,measure,type,value) and OUT/system.csv, and prints a summary. \
                Values are per unit of an area's final demand: output, value added and income in yuan \
                per yuan, employment in 10 thousand persons per 100 million yuan. Type II closes the \
                model with households: compensation is spent at --propensity in each province's \
                household consumption pattern. With --scenario, the structure of --year in the \
                scenario's central run (its measures applied) is analysed. See docs/multipliers.md. \
                An existing OUT is replaced only with --force, and only a folder an earlier \
                multipliers run wrote (exit code 73 otherwise); bad arguments are refused first \
                (exit code 64), whatever exists at OUT.
                """
        )

        @Argument(help: "The data set folder (not with --scenario, which names its own).") var dataset: String?
        @Option(help: "Year whose structure applies (default: the base year; later years need --scenario).") var year: Int?
        @Option(help: "I, II, or I,II (default: both).") var type = "I,II"
        @Option(help: "Areas: province, region or cluster (the nation is always included).") var by = "region"
        @Option(help: "Scenario file whose central run gives the year's structure.") var scenario: String?
        @Option(help: "Household consumption per yuan of compensation in the Type II closure (default: the data's ratio).") var propensity: Double?
        @Option(help: "Spillover pair printed in the summary, FROM,TO.") var pair = "East,Central-West"
        @Option(help: "Output folder.") var out = "Results/multipliers"
        @Option(help: "Also write gnuplot charts, png or svg (spillover heatmap, top multipliers).") var charts: String?
        @Flag(help: "Also write leontief.csv, every nonzero entry of L (large for big systems).") var leontief = false
        @Flag(help: "Replace the output folder if an earlier multipliers run wrote it.") var force = false
        @OptionGroup var silence: Silence

        func validate() throws {
            try validateOut(out)
            if !["province", "region", "cluster"].contains(by) { throw ValidationError("Please use --by province, --by region or --by cluster.") }
            if parsedTypes == nil { throw ValidationError("Please use --type I, --type II or --type I,II.") }
            if let p = propensity, !(p >= 0 && p.isFinite) { throw ValidationError("Please give --propensity as a number >= 0 (0.7 for 70 %).") }
            if let c = charts, !["png", "svg"].contains(c.lowercased()) { throw ValidationError("Please use --charts png or --charts svg.") }
            if scenario != nil && dataset != nil { throw ValidationError("Please give a data set or --scenario, not both: a scenario names its own data set.") }
            if pair.split(separator: ",").count != 2 { throw ValidationError("Please give --pair as FROM,TO, e.g. East,Central-West.") }
        }

        var parsedTypes: [MultiplierType]? {
            let parts = type.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let types = parts.compactMap(MultiplierType.init(rawValue:))
            return types.count == parts.count && !types.isEmpty ? types : nil
        }

        func run() throws {
            StagingFolder.removeOnSignals()
            // The arguments and inputs first (a bad --year is refused whatever exists at --out),
            // then the output folder, so that an occupied or unwritable target is refused before
            // the work (a scenario year takes a central run).
            let data: DataSet
            var propensity = self.propensity, propensitySource = "--propensity"
            var loaded: Scenario?
            if let scenario {
                let (s, d) = try loadScenario(scenario)
                data = d
                loaded = s
                if let year, year != d.baseYear, year < s.startYear || year > s.endYear {
                    throw usage("Please give --year as the base year \(d.baseYear) or a year of \(s.name)'s horizon, \(s.startYear)-\(s.endYear); \(year) is outside it.")
                }
                if propensity == nil, case let .endogenous(value) = s.baseline.households {
                    switch value {
                    case let .value(v): propensity = v
                    case let .parameter(name): propensity = s.parameters[name]?.central
                    case let .formula(f, _): propensity = try? f.evaluate { s.parameters[$0]?.central ?? .nan }
                    }
                    propensitySource = "the scenario's household closure"
                }
            } else {
                data = try loadDataSet(URL(fileURLWithPath: dataset ?? "Scenarios/data/china-2022"))
                if let year, year != data.baseYear {
                    throw usage("Without --scenario only the base year \(data.baseYear) has a structure; give --scenario FILE (Scenarios/baseline.yaml for no measures) for \(year).")
                }
            }
            let staging: StagingFolder
            do { staging = try StagingFolder(out, kind: MultiplierTables.folderKind, force: force) } catch { throw failure(error) }
            let system: InputOutputSystem
            if let s = loaded {
                system = try failing { try InputOutputSystem.scenarioYear(Economy(data), s, year: year ?? data.baseYear) }
            } else {
                let folder = URL(fileURLWithPath: dataset ?? "Scenarios/data/china-2022")
                if MultiRegionalTableFiles.exists(in: folder) {
                    let table: MultiRegionalTable
                    do { table = try MultiRegionalTableFiles.read(folder, data) } catch { throw failure(error) }
                    system = try failing { try InputOutputSystem(data: data, table: table, description: "\(data.name), base year \(data.baseYear) (its full multi-regional table)") }
                } else {
                    system = try failing { try InputOutputSystem(base: Economy(data)) }
                }
            }
            let nation = AnalysisArea.nation(data)
            var areas: [AnalysisArea]
            switch by {
            case "province": areas = AnalysisArea.provinces(data)
            case "cluster": areas = AnalysisArea.aggregates(data, kind: .cluster)
            default: areas = AnalysisArea.aggregates(data, kind: .region)
            }
            if areas.isEmpty { silence.note("warning: \(data.name) has no \(by) aggregates; only \(nation.id) is analysed") }
            areas.removeAll { $0.id == nation.id }
            areas.append(nation)
            let analysis = try failing { try MultiplierAnalysis(system, types: parsedTypes!, propensity: propensity) }
            let report = try failing { try MultiplierReport(analysis, areas: areas) }
            var written: [String] = []
            var rendered: [String] = []
            do {
                written = try MultiplierTables.write(report, analysis, into: staging, leontief: leontief)
                if let format = charts {
                    let charts = try MultiplierCharts.make(report, nation: nation, format: format, folder: staging.url)
                    for chart in charts {
                        let (files, picture) = try staging.writeChart(chart)
                        written += files
                        if let picture { rendered.append(picture) }
                    }
                }
                try staging.publish()
            } catch {
                throw chartWriteFailure(error)
            }
            let names = pair.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let shownPair = areas.first { $0.id == names[0] }.flatMap { from in areas.first { $0.id == names[1] }.map { (from, $0) } }
            silence.say("multipliers of \(system.description), by \(by): \(system.provinceCount) provinces x \(system.n) sectors, Type \(analysis.types.map(\.rawValue).joined(separator: " and "))")
            if analysis.types.contains(.typeII) && system.compensation.reduce(0, +) == 0 {
                silence.say("Type II: the data set has no compensation, so households earn nothing and Type II equals Type I")
            } else if analysis.types.contains(.typeII) {
                let source = propensity == nil ? "household consumption over compensation in the data" : propensitySource
                silence.say("Type II: households closed in per province; compensation is spent at a propensity of \(String(format: "%.4f", analysis.propensity)) (\(source)) in the province's household consumption pattern")
            }
            silence.say("wrote \(staging.display): " + written.joined(separator: ", ") + " (\(report.rows.count) multipliers, \(report.spillovers.count) spillovers)")
            if charts != nil {
                silence.say(rendered.isEmpty ? "gnuplot is not installed, so render the scripts with gnuplot (Debian: apt-get install gnuplot-nox)"
                                       : "charts: " + rendered.joined(separator: ", "))
            }
            silence.say("")
            silence.say(MultiplierSummary.text(report, analysis, nation: nation, pair: shownPair, matrix: by != "province"))
        }

        /// A bad argument found once the inputs are read: printed, exit code 64.
        func usage(_ message: String) -> ExitCode {
            printError("error: \(message)")
            return ExitCode(Exit.usage)
        }

        func loadDataSet(_ folder: URL) throws -> DataSet {
            do { return try DataSetReader.load(folder).data } catch { throw failure(error) }
        }

        /// Runs `body`; a failure is printed and exits 1 (a singular system, an unproductive
        /// closure, a scenario that cannot run).
        func failing<T>(_ body: () throws -> T) throws -> T {
            do { return try body() } catch { throw failure(error, otherwise: Exit.runFailed) }
        }
    }
}
