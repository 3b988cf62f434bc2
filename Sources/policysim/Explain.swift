// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyModel
import PolicyResults

extension PolicySim {
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say why one number of a run moved: the rules that fired on it and those that reached it, with their effects.",
            discussion: """
                One of --year Y, --peak (the year the effect on the cell is largest) or \
                --cumulative (summed over the simulated years). Lists the rules that fired on the \
                cell (its area or one holding it, and its sector) with their conditions, effects \
                and costs, then the rules that reached it, largest first, sized by attribution.csv \
                by rule (`policysim attribute SCENARIO --by rule`, whose command it prints where \
                the folder has none).
                """
        )

        @Argument(help: "The result folder.") var folder: String
        @Option(help: "Province, region, cluster or China: an id, English or Chinese name or alias (`policysim list areas`).") var area: String
        @Option(help: "Sector id, name or alias (`policysim list sectors`), or all.") var sector = "all"
        @OptionGroup var span: YearOptions
        @Option(help: "output, value_added, gdp, employment, investment, capital_stock or fiscal_cost.") var variable = "output"

        func validate() throws {
            guard try span.single("explain") != nil else {
                throw ValidationError("Please give --year Y, --peak or --cumulative.")
            }
        }

        func run() throws {
            do {
                let run = try ResultFolder(folder)
                let data = run.dataSetForNames()
                // Names as written (广东, YRD, cars) to the run's ids; every name that does not
                // resolve, and whatever else the run lacks, in one message.
                let names = run.nameResolver(data: data)
                let resolvedArea = names.area(self.area), resolvedSector = names.sector(self.sector)
                guard let area = resolvedArea.value, let sector = resolvedSector.value else {
                    let year: Int? = if case .year(let y) = try span.single("explain") { y } else { nil }
                    let problems = [resolvedArea.message, resolvedSector.message].compactMap { $0 }
                        + Explanation.problems(run, area: resolvedArea.value, sector: resolvedSector.value, year: year, variable: variable)
                    throw Explanation.Failure(description: "\(run.path): " + problems.joined(separator: "; "))
                }
                func related(_ run: ResultFolder) -> Set<String> { self.related(area, data) }
                switch try span.single("explain") ?? .peak {
                case .year(let year):
                    print(try Explanation.text(run, area: area, sector: sector, year: year, variable: variable, related: related(run)))
                case .peak:
                    try Explanation.checkCell(run, area: area, sector: sector, year: nil, variable: variable)
                    guard let year = Explanation.peakYear(run, area: area, sector: sector, variable: variable) else {
                        throw Explanation.Failure(description: "\(run.path) has no \(variable) for \(area), \(sector) after its base year")
                    }
                    print("peak year of the effect: \(year)")
                    print(try Explanation.text(run, area: area, sector: sector, year: year, variable: variable, related: related(run)))
                case .cumulative:
                    print(try Explanation.cumulative(run, area: area, sector: sector, variable: variable, related: related(run)))
                }
            } catch {
                throw failure(error)
            }
        }

        /// Areas holding `area` or held by it, from the run's data set.
        func related(_ area: String, _ data: DataSet?) -> Set<String> {
            guard let data else { return [area] }
            var out: Set<String> = [area]
            if data.provinceIndex(area) != nil {
                for a in data.aggregates where a.members.contains(where: { $0.province == area }) { out.insert(a.id) }
            } else if let a = data.aggregates.first(where: { $0.id == area }) {
                let members = Set(a.members.map(\.province))
                for m in members { out.insert(m) }
                for b in data.aggregates where b.members.contains(where: { members.contains($0.province) }) { out.insert(b.id) }
            }
            return out
        }
    }
}
