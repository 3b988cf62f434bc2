// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyResults

extension PolicySim {
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say why one number of a run moved: rules that fired, their conditions, effects, costs and contributions."
        )

        @Argument(help: "The result folder.") var folder: String
        @Option(help: "Province, region, cluster or China.") var area: String
        @Option(help: "Sector id, or all.") var sector = "all"
        @Option(help: "Year.") var year: Int
        @Option(help: "output, value_added, gdp, employment, investment, capital_stock or fiscal_cost.") var variable = "output"

        func run() throws {
            do {
                let run = try ResultFolder(folder)
                print(try Explanation.text(run, area: area, sector: sector, year: year, variable: variable, related: related(run)))
            } catch {
                throw failure(error)
            }
        }

        /// Areas holding `area` or held by it, from the run's data set.
        func related(_ run: ResultFolder) -> Set<String> {
            guard let data = try? DataSetReader.read(URL(fileURLWithPath: run.manifest.dataSet.path)).data else { return [area] }
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
