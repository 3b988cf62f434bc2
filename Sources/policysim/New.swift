// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyModel
import PolicyScenario

extension PolicySim {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Write a commented scenario skeleton that validates and runs: Scenarios/NAME.yaml.",
            discussion: """
                The skeleton has the header (name, title, description, data set, horizon, baseline, \
                seed, draws), one uncertain parameter and one example rule, a consumption programme, \
                with every key explained in a comment and area and sector ids taken from the data \
                set. Edit it, then `policysim validate FILE` and `policysim run FILE`. An existing \
                file is replaced only with --force (exit code 73 otherwise).
                """
        )

        @Argument(help: "The scenario's name: a letter or digit, then letters, digits, '-', '_' or '.' (it names Results/NAME).") var name: String
        @Option(help: "The file to write (default: Scenarios/NAME.yaml).") var out: String?
        @Option(help: "The data set the scenario runs on (default: \(List.defaultData)).") var data: String = List.defaultData
        @Flag(help: "Replace the file if it exists.") var force = false

        func validate() throws {
            guard ScenarioLoader.isPlainName(name) else {
                throw ValidationError("'\(name)' is not a scenario name. Please give a letter or digit, then letters, digits, '-', '_' or '.', at most 100 characters and no '..' (it names the file Scenarios/NAME.yaml and the result folder Results/NAME), e.g. policysim new my-subsidy.")
            }
            if let out {
                let last = URL(fileURLWithPath: out).lastPathComponent
                guard !out.isEmpty, !out.hasSuffix("/"), last != ".", last != ".." else {
                    throw ValidationError("Please give --out a file name, such as Scenarios/\(name).yaml, not '\(out)'.")
                }
                guard ScenarioLoader.isScenarioPath(out) else {
                    throw ValidationError("Please give --out a file ending in .yaml or .yml (scenario files are read only with those), not '\(out)'.")
                }
            }
        }

        func run() throws {
            let target = URL(fileURLWithPath: out ?? "Scenarios/\(name).yaml")
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: data, isDirectory: &isFolder), isFolder.boolValue else {
                throw failure(NameFailure(description: "\(data): no data set folder here; run `policysim new` from the project's folder, or give the data set with --data FOLDER"), otherwise: Exit.usage)
            }
            let dataSet: DataSet
            do { dataSet = try DataSetReader.load(URL(fileURLWithPath: data)).data } catch { throw failure(error) }
            let text = ScenarioTemplate.text(name: name, dataPath: ScenarioTemplate.relativePath(to: URL(fileURLWithPath: data), from: target.deletingLastPathComponent()),
                                             dataFolder: data, data: dataSet)
            do {
                try AtomicFile.checkTarget(target, force: force)
                try AtomicFile.write(Data(text.utf8), to: target, force: force)
            } catch {
                throw failure(error, otherwise: Exit.cannotWrite)
            }
            let shown = displayPath(target)
            print("wrote \(shown): edit it, then `policysim validate \(shown)` and `policysim run \(shown)`")
        }
    }
}

/// The scenario skeleton `policysim new` writes.
enum ScenarioTemplate {
    /// `target` as a path from `folder` (`data/china-2022` from Scenarios/), or absolute where the
    /// two share nothing but the root.
    static func relativePath(to target: URL, from folder: URL) -> String {
        let t = target.standardizedFileURL.pathComponents
        let f = folder.standardizedFileURL.pathComponents
        var common = 0
        while common < t.count, common < f.count, t[common] == f[common] { common += 1 }
        if common <= 1 { return target.standardizedFileURL.path }
        let parts = Array(repeating: "..", count: f.count - common) + t[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// The example's area: the Central region where the data set has it, else its first region
    /// or province.
    static func area(_ data: DataSet) -> String {
        if data.aggregates.contains(where: { $0.id == "Central" }) { return "Central" }
        return data.aggregates.first { $0.kind == .region }?.id ?? data.provinces[0].id
    }

    /// The example's goods: household appliances and automobiles where the data set has them,
    /// else its first two key industries (or sectors).
    static func sectors(_ data: DataSet) -> [String] {
        let ids = data.sectors.map(\.id)
        let preferred = ["household_appliances", "automobiles"].filter(ids.contains)
        if preferred.count == 2 { return preferred }
        let key = data.sectors.filter(\.isKeyIndustry).map(\.id)
        return Array((key.count >= 2 ? key : ids).prefix(2))
    }

    static func text(name: String, dataPath: String, dataFolder: String, data: DataSet) -> String {
        let base = data.baseYear, first = base + 1, last = base + 8
        let area = area(data), goods = sectors(data)
        let shownData = displayPath(dataFolder)
        return """
            # \(name): a policy scenario for policysim, written by `policysim new \(name)`.
            #
            # Edit the header and the example rule, then check and run it:
            #   policysim validate FILE     every problem as file:line:column with the fix
            #   policysim run FILE          writes Results/\(name)/ (output.csv, trace.csv, ...)
            # `policysim rules` lists the measure kinds with their parameters, units and ranges, and
            #   policysim list areas \(shownData)
            #   policysim list sectors \(shownData)
            # the names that areas and sectors accept.
            #
            # Money is in 100 million yuan (yi yuan) at 2022 prices; amounts are totals over a rule's
            # years. Rates are fractions (0.05) or percent (5%). Say beside every number where it comes
            # from; where the evidence is thin, make it an uncertain parameter with a range and write
            # "assumption".

            version: 1                  # the scenario format's version (1)
            name: \(name)\(pad(name, 22))# names the result folder Results/\(name); letters, digits, '-', '_', '.'
            title: \(name)\(pad(name, 21))# a one-line title for reports
            description: >              # what the scenario stands for, in a few sentences
              An example: a subsidy for rural households in the \(area) region buying \(goods.joined(separator: " and ")),
              \(first + 1)-\(first + 3). Replace it with the measures you want to simulate.
            data: \(dataPath)\(pad(dataPath, 22))# the data set folder, relative to this file (or absolute)
            horizon: \(first)-\(last)\(pad("\(first)-\(last)", 19))# years simulated: from the year after the data set's base year (\(base)), at most 50
            # Instead of data, horizon and baseline, a file may take them from another one:
            # `extends: baseline.yaml` (a path relative to this file; its rules are kept too).

            baseline:                   # the path without the measures below, which their effects are measured against
              growth:                   # national real GDP growth a year; the first year is required, later years keep the last rate
                \(first): 5%                # as Scenarios/baseline.yaml (for 2023: the Government Work Report's target, "around 5%")
                \(first + 1): 5%
                \(first + 3): 4.5%              # assumption: a gradual slowdown
                \(first + 6): 4%
              differentials: {persistence: 0.5, from: \(base - 5), to: \(base)}   # provinces keep half of their \(base - 5)-\(base) growth differential (assumption), or `none`
              trends: 0.5               # fraction of the data set's measured change in the composition of final demand carried on (0 to 1)

            seed: 1                     # the random seed of the draws: the same seed gives the same numbers
            draws: 100                  # Monte Carlo draws of the uncertain parameters (0: the central run only)

            parameters:                 # numbers or distributions that rules name; the central run uses each median
              subsidy_leverage: {distribution: uniform, lower: 1, upper: 3}   # assumption: household spending on the goods per yuan of subsidy
              # Other distributions: normal (mean, sd), lognormal (mu, sigma), triangular (lower, mode, upper),
              # beta (alpha, beta, lower, upper), truncated_normal (mean, sd, lower, upper).

            rules:                      # measures, each a rule: who (areas, sectors), when (years, a condition), what (a measure)
              - id: countryside-goods   # unique name of the rule; trace.csv, explain and attribute use it
                task: 3 expand consumption   # a label that groups rules (`attribute --by task`, `only_tasks`)
                description: Subsidise rural households' purchases of \(goods.joined(separator: " and ")).   # in words, for reports
                measure: consumption_programme   # the measure kind (`policysim rules consumption_programme`)
                areas: \(area)\(pad(area, 17))# provinces, regions, clusters or China: ids, Chinese names or aliases; a list in [ ]
                sectors: [\(goods.joined(separator: ", "))]   # sector ids or groups (key_industries, industry, services, all); here the subsidised goods
                years: \(first + 1)-\(first + 3)\(pad("\(first + 1)-\(first + 3)", 17))# first and last active year, inside the horizon (or one year)
                phase_in: {\(first + 1): 0.5, \(first + 2): 1}   # level of the measure by year, 0 to 1, interpolated (default 1 in every year)
                # when: output_growth < 5%   # a condition on the year's state; without it the rule fires in every active year
                # per_province: true         # evaluate and apply for each province of the areas separately
                subsidy: 300            # total subsidy over the rule's years (100 million yuan), spread by the phase-in levels
                # prices: \(base - 2)           # the subsidy in nominal yuan of \(base - 2), not \(base) prices; after \(base): {year: Y, deflator: D, source: "..."} (`policysim prices`)
                leverage: subsidy_leverage   # household spending per yuan of subsidy: the uncertain parameter above
                component: rural_households  # who buys: rural_households, urban_households, or a list of both
                crowding_out: 0.3       # fraction of the new spending that displaces other consumption (default 0.3)
                additionality: 0.5      # share of the purchases that are new, not brought forward (default 0.5, an assumption)
                financing: debt         # how the budget pays: debt (default), taxes or reallocation

            """
    }

    /// Spaces that bring a line's comment to the column after `width` characters of value.
    static func pad(_ value: String, _ width: Int) -> String {
        String(repeating: " ", count: max(1, width - value.count))
    }
}
