// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

@Suite struct MultipliersCommandTests {
    func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("policysim-multipliers-\(name)-\(UUID().uuidString)")
    }

    /// china-2022 by region: the files, the summary, Type II above Type I everywhere, and the
    /// accounting of the split (intra-regional = isolated + feedback, total = intra + spillover).
    @Test func chinaByRegion() throws {
        let out = temporary("region")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLI.run(["multipliers", "--by", "region", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        for words in ["Top 5 output multipliers, China", "Spillover of East's final demand to Central-West", "propensity of 0.7097",
                      "| East |", "| Central-West |", "intra-regional | isolated | feedback | spillover"] {
            #expect(r.stdout.contains(words), "summary lacks \(words)")
        }
        let rows = try csvTable(out.appendingPathComponent("multipliers.csv").path)
        #expect(try String(contentsOf: out.appendingPathComponent("multipliers.csv"), encoding: .utf8).hasPrefix("area,sector,multiplier,type,value\n"))
        let index = Dictionary(uniqueKeysWithValues: rows.map { ("\($0["area"]!)|\($0["sector"]!)|\($0["multiplier"]!)|\($0["type"]!)", Double($0["value"]!)!) })
        func value(_ area: String, _ sector: String, _ name: String, _ type: String = "I") -> Double? { index["\(area)|\(sector)|\(name)|\(type)"] }
        for area in ["East", "Central", "West", "Northeast", "Central-West", "China"] {
            let total = value(area, "all", "output")!, intra = value(area, "all", "output_intra_regional")!
            let spill = value(area, "all", "output_spillover")!, own = value(area, "all", "output_isolated")!, feedback = value(area, "all", "output_feedback")!
            #expect(abs(total - intra - spill) < 1e-12 && abs(intra - own - feedback) < 1e-12)
            #expect(feedback >= 0 && spill >= 0)
        }
        for row in rows where row["type"] == "II" {
            let first = value(row["area"]!, row["sector"]!, row["multiplier"]!)!
            #expect(Double(row["value"]!)! >= first - 1e-12, "\(row)")
        }
        let spill = try csvTable(out.appendingPathComponent("spillover.csv").path)
        #expect(spill.contains { $0["area"] == "Central-West" && $0["demand_area"] == "East" && $0["sector"] == "all" && $0["measure"] == "value_added" })
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("system.csv").path))
    }

    /// A scenario year without structural measures (the baseline) has the base year's column
    /// multipliers; its employment multipliers fall by the labour productivity growth, 4.2 % a
    /// year (Scenarios/baseline.yaml's default): base / 1.042^3 in 2025.
    @Test func baselineYearKeepsTheBaseStructure() throws {
        let base = temporary("base"), later = temporary("2025")
        defer { try? FileManager.default.removeItem(at: base); try? FileManager.default.removeItem(at: later) }
        #expect(try CLI.run(["multipliers", "--by", "province", "--type", "I", "--out", base.path]).status == 0)
        let r = try CLI.run(["multipliers", "--scenario", "Scenarios/baseline.yaml", "--year", "2025", "--by", "province", "--type", "I", "--out", later.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("baseline 2025"))
        let a = try csvTable(base.appendingPathComponent("multipliers.csv").path), b = try csvTable(later.appendingPathComponent("multipliers.csv").path)
        let index = Dictionary(uniqueKeysWithValues: b.map { ("\($0["area"]!)|\($0["sector"]!)|\($0["multiplier"]!)", Double($0["value"]!)!) })
        var compared = 0
        for row in a where row["sector"] != "all" && ["Hebei", "Henan", "Guangdong"].contains(row["area"]!) {
            let v = Double(row["value"]!)!, w = index["\(row["area"]!)|\(row["sector"]!)|\(row["multiplier"]!)"]!
            switch row["multiplier"]! {
            case "output", "value_added", "income":
                #expect(abs(v - w) <= 1e-12 * max(1, abs(v)), "\(row)")
                compared += 1
            case "employment":
                #expect(abs(v / pow(1.042, 3) - w) <= 1e-12 * max(1, abs(v)), "\(row)")
                compared += 1
            default: break
            }
        }
        #expect(compared == 3 * 18 * 4)
    }

    /// Measures change the structure: the 2023 package's industrial transfer moves sourcing,
    /// so Central-West's share of the East's output multiplier rises in 2025.
    @Test func scenarioMeasuresChangeTheSpillovers() throws {
        let base = temporary("package-base"), later = temporary("package-2025")
        defer { try? FileManager.default.removeItem(at: base); try? FileManager.default.removeItem(at: later) }
        #expect(try CLI.run(["multipliers", "--type", "I", "--out", base.path]).status == 0)
        let r = try CLI.run(["multipliers", "--scenario", "Scenarios/miit-2023.yaml", "--year", "2025", "--type", "I", "--out", later.path])
        #expect(r.status == 0, "\(r.stderr)")
        func spill(_ folder: URL) throws -> Double {
            let rows = try csvTable(folder.appendingPathComponent("spillover.csv").path)
            let cell = rows.first { $0["area"] == "Central-West" && $0["demand_area"] == "East" && $0["sector"] == "all" && $0["measure"] == "output" && $0["type"] == "I" }
            return Double(cell!["value"]!)!
        }
        #expect(try spill(later) > spill(base))
    }

    @Test func badArgumentsAndInputs() throws {
        let year = try CLI.run(["multipliers", "--year", "2025"])
        #expect(year.status == 64 && year.stderr.contains("--scenario"), "\(year.stderr)")
        let by = try CLI.run(["multipliers", "--by", "city"])
        #expect(by.status == 64 && by.stderr.contains("--by province"))
        let type = try CLI.run(["multipliers", "--type", "III"])
        #expect(type.status == 64)
        let missing = try CLI.run(["multipliers", "no/such/folder"])
        #expect(missing.status == 65 && missing.stderr.contains("no/such/folder"), "\(missing.stderr)")
        let outside = try CLI.run(["multipliers", "--scenario", "Scenarios/baseline.yaml", "--year", "2040", "--out", temporary("outside").path])
        // A year outside the scenario's horizon is a bad argument (64), refused before any work.
        #expect(outside.status == 64 && outside.stderr.contains("Please give --year as the base year 2022 or a year of baseline's horizon, 2023-2030; 2040 is outside it."), "\(outside.stderr)")
        let closure = try CLI.run(["multipliers", "--propensity", "40", "--out", temporary("closure").path])
        #expect(closure.status == 1 && closure.stderr.contains("not productive"), "\(closure.stderr)")
    }

    /// Charts render through gnuplot into a folder whose name holds a quote, with their data
    /// files beside them.
    @Test func chartsRenderWithQuotesInTheirPath() throws {
        let out = temporary("it's \"charts\"")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLI.run(["multipliers", "--by", "cluster", "--charts", "svg", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        for name in ["spillover", "top-multipliers"] {
            for ext in ["gp", "dat"] { #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(name).\(ext)").path)) }
            let svg = try String(contentsOf: out.appendingPathComponent("\(name).svg"), encoding: .utf8)
            #expect(svg.contains("<svg"))
        }
        let script = try String(contentsOf: out.appendingPathComponent("spillover.gp"), encoding: .utf8)
        #expect(script.contains("'Yangtze River Delta' 1") && script.contains("set output 'spillover.svg'"))
    }

    /// The pymrio checks in Python (Tests/python/test_pymrio_interchange.py): the bundled test
    /// system imported and compared with pymrio's calc_all(), and china-2022 exported and read
    /// by pymrio. pymrio must be installed (.ci/install-deps does it): a missing pymrio fails.
    @Test func pymrioAgreesInPython() throws {
        let (status, printed, errors) = try pythonCheck("Tests/python/test_pymrio_interchange.py")
        #expect(status == 0, "\(printed)\(errors)")
        #expect(printed.contains("all pymrio checks passed"))
        #expect(printed.contains("test system: L: max relative difference"))
    }

    @Test func importRefusesAMalformedFolderWithItsLocation() throws {
        let folder = temporary("bad-pymrio")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "region\t\tR1\nsector\t\tS1\nregion\tsector\t\nR1\tS1\tx\n".write(to: folder.appendingPathComponent("Z.txt"), atomically: true, encoding: .utf8)
        try "region\t\tR1\ncategory\t\thouseholds\nregion\tsector\t\nR1\tS1\t1\n".write(to: folder.appendingPathComponent("Y.txt"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["data", "import-pymrio", folder.path, "--name", "bad", "--out", temporary("bad-out").path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("Z.txt:4: error: column 'R1/S1': 'x' is not a finite number"), "\(r.stderr)")
        let existing = try CLI.run(["data", "import-pymrio", folder.path, "--name", "china-2022", "--out", "Scenarios/data/china-2022"])
        #expect(existing.status == 73 && existing.stderr.contains("already exists; pass --force"), "\(existing.status) \(existing.stderr)")
    }
}
