// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyModel

extension PolicySim {
    struct Prices: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prices",
            abstract: "Convert nominal yuan of a year to the data set's base-year prices, or print the deflator.",
            discussion: """
                Scenario amounts are in 100 million yuan at the data set's base-year prices (2022 for \
                china-2022). A rule may instead say `prices: 2020` (nominal yuan of 2020); this command \
                shows what that does: the GDP deflator implied by the staged sources (NBS nominal GDP \
                over World Bank real GDP), as each year's price level over the base year's. \
                Examples: `policysim prices` (the table), `policysim prices --year 2019 --amount 10000`.
                """
        )

        @Option(help: "The data set folder whose base year is the price base.") var data = List.defaultData
        @Option(help: "The year whose nominal yuan are converted.") var year: Int?
        @Option(help: "An amount in nominal yuan of --year (any unit: the result is in the same unit).") var amount: Double?

        func validate() throws {
            if amount != nil && year == nil { throw ValidationError("--amount needs --year, the year whose nominal yuan it is in.") }
            if let amount, !amount.isFinite { throw ValidationError("--amount must be a finite number, not \(amount).") }
        }

        func run() throws {
            let folder = URL(fileURLWithPath: data)
            let index: PriceIndex
            do {
                let base = try DataSetReader.load(folder).data.baseYear
                index = try PriceIndex.read(sources: PriceIndex.sources(besideDataSet: folder), baseYear: base)
            } catch { throw failure(error) }
            let base = index.baseYear
            func f(_ x: Double) -> String { String(format: "%.4f", x) }
            guard let year else {
                print("GDP deflator: the price level of each year over \(base)'s (nominal yuan of a year / this = yuan at \(base) prices)")
                print("source: \(PriceIndex.source)")
                for y in index.levels.keys.sorted() { print("\(y)  \(f(index.levels[y]!))") }
                return
            }
            guard let level = index.levels[year] else {
                printError("error: " + index.uncovered(year))
                throw ExitCode(Exit.invalidInput)
            }
            if let amount {
                print("\(CSV.number(amount)) at \(year) prices = \(CSV.number(amount / level)) at \(base) prices (price level of \(year) over \(base)'s: \(f(level)); \(PriceIndex.source))")
            } else {
                print("price level of \(year) over \(base)'s: \(f(level)) (\(PriceIndex.source))")
            }
        }
    }
}
