// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

@Suite struct HindcastCommandTests {
    func temporaryFolder(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("policysim-hindcast-\(ProcessInfo.processInfo.processIdentifier)-\(name)-\(UUID().uuidString)")
    }

    /// `policysim hindcast` runs from the committed china-2017 and the sources, writes
    /// hindcast.csv (31 provinces and 9 aggregates, two years each), and prints the skill table
    /// that the README's Validation section shows: the README must hold it line for line.
    @Test func hindcastRunsAndTheReadmeHoldsItsTable() throws {
        let out = temporaryFolder("run")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLI.run(["hindcast", "--out", out.path])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let table = r.stdout.components(separatedBy: "\nwrote ")[0]
        #expect(table.contains("| model |") && table.contains("| (a) national rate |") && table.contains("| (c) model, national shares |"))
        let readme = try String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains(table), "README.md's Validation table differs from `policysim hindcast`'s output:\n\(table)")
        let csv = try String(contentsOf: out.appendingPathComponent("hindcast.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "area,area_kind,year,flag,unit,actual,projected,error,national_rate,national_rate_error,previous_differential,previous_differential_error,national_shares_model,national_shares_model_error")
        #expect(csv.count == 1 + (31 + 9) * 2)
        #expect(csv.contains { $0.hasPrefix("Shanghai,province,2019,") })
        // An existing hindcast.csv is kept unless --force.
        let again = try CLI.run(["hindcast", "--out", out.path])
        #expect(again.status == 73 && again.stderr.contains("hindcast.csv already exists; pass --force to replace it, or --out"), "\(again.stderr)")
    }

    @Test func badYearsAreRefused() throws {
        let build = try CLI.run(["data", "build", "--base-year", "2019", "--out", temporaryFolder("never").path])
        #expect(build.status == 64 && build.stderr.contains("--base-year as one of 2022, 2017"), "\(build.stderr)")
        let through = try CLI.run(["hindcast", "--through", "2023", "--out", temporaryFolder("never").path])
        #expect(through.status == 64 && through.stderr.contains("--through between 2018 and 2022"), "\(through.stderr)")
    }
}
