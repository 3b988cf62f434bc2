// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// The central (and no_policy, baseline) values of output.csv, read here with a plain split.
struct OutputFile {
    var values: [String: Double] = [:]

    init(_ folder: String) throws {
        let text = try String(contentsOfFile: folder + "/output.csv", encoding: .utf8)
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 9, let v = Double(f[8]) else { continue }
            values[[f[1], f[2], f[4], f[5], f[7]].joined(separator: "|")] = v
        }
    }

    func value(_ year: Int, _ area: String, _ sector: String, _ variable: String, _ statistic: String = "central") -> Double {
        values["\(year)|\(area)|\(sector)|\(variable)|\(statistic)"] ?? .nan
    }
}

/// Draw -> value of one cell of draws.csv.
func drawsOf(_ folder: String, _ year: Int, _ area: String, _ sector: String, _ variable: String) throws -> [Int: Double] {
    let text = try String(contentsOfFile: folder + "/draws.csv", encoding: .utf8)
    var out: [Int: Double] = [:]
    for line in text.split(separator: "\n").dropFirst() {
        let f = line.split(separator: ",").map(String.init)
        if f[0] == String(year) && f[1] == area && f[2] == sector && f[3] == variable { out[Int(f[4])!] = Double(f[5])! }
    }
    return out
}

/// The quantile by linear interpolation between order statistics at p (n - 1).
func quantile(_ x: [Double], _ p: Double) -> Double {
    let s = x.sorted(), h = p * Double(s.count - 1), k = Int(h)
    return k + 1 < s.count ? s[k] + (h - Double(k)) * (s[k + 1] - s[k]) : s[k]
}

/// The number after `label` in a table line: its columns split on runs of two or more spaces.
func columns(_ stdout: String, section: String, row: String) -> [String]? {
    guard let start = stdout.range(of: section) else { return nil }
    let rest = stdout[start.upperBound...]
    guard let line = rest.split(separator: "\n").first(where: { $0.hasPrefix(row + " ") }) else { return nil }
    return line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

@Suite(.serialized) struct SpanTests {
    static let root = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-span-\(UUID().uuidString)")
    static func folder(_ name: String) -> String { root.appendingPathComponent(name).path }
    static let years = Array(2023...2030)

    static let prepared: Bool = {
        _ = try? CLI.run(["run", "Scenarios/baseline.yaml", "--out", folder("baseline"), "--quiet"])
        _ = try? CLI.run(["run", "Scenarios/miit-2023.yaml", "--draws", "6", "--out", folder("miit"), "--quiet"])
        _ = try? CLI.run(["run", "Scenarios/miit-2023-no-transfer.yaml", "--draws", "6", "--out", folder("nt"), "--quiet"])
        return ["baseline", "miit", "nt"].allSatisfy { FileManager.default.fileExists(atPath: folder($0) + "/manifest.json") }
    }()

    /// Several runs side by side, for a year, each row's peak year and cumulatively; the deltas
    /// are computed here from the two output.csv files.
    @Test func compareSideBySideForAYearThePeakAndCumulatively() throws {
        #expect(SpanTests.prepared)
        let base = try OutputFile(SpanTests.folder("baseline")), miit = try OutputFile(SpanTests.folder("miit")), nt = try OutputFile(SpanTests.folder("nt"))
        let csv = SpanTests.folder("three.csv")
        let r = try CLI.run(["compare", SpanTests.folder("baseline"), SpanTests.folder("miit"), SpanTests.folder("nt"),
                             "--year", "2025", "--peak", "--cumulative", "--out", csv])
        #expect(r.status == 0, "\(r.stderr)")
        // One table per span, both runs in it.
        for section in ["vs baseline, 2025: deltas", "vs baseline, peak year", "vs baseline, cumulative 2023-2030: deltas"] {
            #expect(r.stdout.components(separatedBy: section).count == 2, "one \(section) table")
        }
        #expect(!r.stdout.contains(", 2030"), "no last-year table when --year is given")
        func d(_ run: OutputFile, _ y: Int) -> Double { run.value(y, "China", "all", "gdp") - base.value(y, "China", "all", "gdp") }
        // --year 2025: reference, then delta, %, p5, p95 of each run.
        let year = try #require(columns(r.stdout, section: "vs baseline, 2025: deltas", row: "GDP China"))
        #expect(abs(Double(year[1])! - base.value(2025, "China", "all", "gdp")) <= 0.5)
        #expect(abs(Double(year[2])! - d(miit, 2025)) <= 0.05)
        #expect(abs(Double(year[6])! - d(nt, 2025)) <= 0.05)
        // --peak: each run's own peak year of |delta|.
        let peak = try #require(columns(r.stdout, section: "vs baseline, peak year", row: "GDP Central"))
        for (k, run) in [miit, nt].enumerated() {
            let deltas = SpanTests.years.map { ($0, run.value($0, "Central", "all", "gdp") - base.value($0, "Central", "all", "gdp")) }
            let best = deltas.max { abs($0.1) < abs($1.1) }!
            #expect(Int(peak[1 + 5 * k]) == best.0, "\(peak)")
            #expect(abs(Double(peak[2 + 5 * k])! - best.1) <= 0.05, "\(peak)")
        }
        // --cumulative: the sums over 2023-2030.
        let cum = try #require(columns(r.stdout, section: "cumulative 2023-2030: deltas", row: "GDP China"))
        #expect(abs(Double(cum[2])! - SpanTests.years.reduce(0) { $0 + d(miit, $1) }) <= 0.05)
        #expect(abs(Double(cum[6])! - SpanTests.years.reduce(0) { $0 + d(nt, $1) }) <= 0.05)

        // --out: p5 and p95 of the deltas against the reference's central value (it has no draws).
        let table = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(table.hasPrefix("run,year,area,area_kind,sector,variable,unit,reference,value,delta,delta_pct,delta_p5,delta_p95\n"))
        let row = try #require(table.split(separator: "\n").first { $0.hasPrefix("miit-2023,2025,China,") && $0.contains(",all,gdp,") })
        let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let deltas = try drawsOf(SpanTests.folder("miit"), 2025, "China", "all", "gdp").values.map { $0 - base.value(2025, "China", "all", "gdp") }
        #expect(deltas.count == 6)
        #expect(abs(Double(f[11])! - quantile(deltas, 0.05)) <= 1e-6 * abs(quantile(deltas, 0.05)), "\(row)")
        #expect(abs(Double(f[12])! - quantile(deltas, 0.95)) <= 1e-6 * abs(quantile(deltas, 0.95)), "\(row)")
    }

    /// Against a reference with draws, the band is of deltas paired draw by draw.
    @Test func theOutFileCarriesPairedBands() throws {
        #expect(SpanTests.prepared)
        let csv = SpanTests.folder("paired.csv")
        let r = try CLI.run(["compare", SpanTests.folder("miit"), SpanTests.folder("nt"), "--out", csv])
        #expect(r.status == 0, "\(r.stderr)")
        let a = try drawsOf(SpanTests.folder("miit"), 2027, "West", "all", "gdp"), b = try drawsOf(SpanTests.folder("nt"), 2027, "West", "all", "gdp")
        let deltas = a.keys.sorted().map { b[$0]! - a[$0]! }
        let table = try String(contentsOfFile: csv, encoding: .utf8)
        let row = try #require(table.split(separator: "\n").first { $0.hasPrefix("miit-2023-no-transfer,2027,West,") && $0.contains(",all,gdp,") })
        let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(abs(Double(f[11])! - quantile(deltas, 0.05)) <= 1e-6 * max(1, abs(quantile(deltas, 0.05))), "\(row)")
        #expect(abs(Double(f[12])! - quantile(deltas, 0.95)) <= 1e-6 * max(1, abs(quantile(deltas, 0.95))), "\(row)")
        // A cell without kept draws has no band, not a made-up one.
        let plain = try #require(table.split(separator: "\n").first { $0.hasPrefix("miit-2023-no-transfer,2027,Hebei,") && $0.contains(",steel,output,") })
        #expect(plain.hasSuffix(",,"), "\(plain)")
    }

    @Test func oneFolderAgainstItsNoPackagePathTakesTheSpans() throws {
        #expect(SpanTests.prepared)
        let miit = try OutputFile(SpanTests.folder("miit"))
        let r = try CLI.run(["compare", SpanTests.folder("miit"), "--peak"])
        #expect(r.status == 0, "\(r.stderr)")
        let row = try #require(columns(r.stdout, section: "miit-2023 vs its no-package path, peak year", row: "GDP China"))
        let best = SpanTests.years.map { ($0, miit.value($0, "China", "all", "gdp") - miit.value($0, "China", "all", "gdp", "no_policy")) }
            .max { abs($0.1) < abs($1.1) }!
        #expect(Int(row[1]) == best.0 && abs(Double(row[4])! - best.1) <= 0.05, "\(row)")
        // With no span given: the last year, each row's peak year and the cumulative effect.
        let plain = try CLI.run(["compare", SpanTests.folder("miit")])
        #expect(plain.status == 0, "\(plain.stderr)")
        for section in ["vs its no-package path, 2030", "vs its no-package path, peak year", "vs its no-package path, cumulative 2023-2030"] {
            #expect(plain.stdout.contains(section), "\(section) in \(plain.stdout)")
        }
        let bad = try CLI.run(["compare", SpanTests.folder("miit"), "--year", "2040"])
        #expect(bad.status == 65 && bad.stderr.contains("has no year 2040; its years are 2022-2030"), "\(bad.stderr)")
    }

    @Test func explainForTheCumulativeEffectAndThePeakYear() throws {
        #expect(SpanTests.prepared)
        let miit = try OutputFile(SpanTests.folder("miit"))
        let c = try CLI.run(["explain", SpanTests.folder("miit"), "--area", "Hebei", "--sector", "steel", "--cumulative"])
        #expect(c.status == 0, "\(c.stderr)")
        let with = SpanTests.years.reduce(0) { $0 + miit.value($1, "Hebei", "steel", "output") }
        let without = SpanTests.years.reduce(0) { $0 + miit.value($1, "Hebei", "steel", "output", "no_policy") }
        #expect(c.stdout.contains(String(format: "the no-policy path %.1f -> with the measures %.1f: %+.1f", without, with, with - without)), "\(c.stdout)")
        #expect(c.stdout.contains("cumulative 2023-2030") && c.stdout.contains("jjj-synergy"))
        let p = try CLI.run(["explain", SpanTests.folder("miit"), "--area", "Hebei", "--sector", "steel", "--peak"])
        let best = SpanTests.years.map { ($0, miit.value($0, "Hebei", "steel", "output") - miit.value($0, "Hebei", "steel", "output", "no_policy")) }
            .max { abs($0.1) < abs($1.1) }!
        #expect(p.status == 0 && p.stdout.hasPrefix("peak year of the effect: \(best.0)\n"), "\(p.stdout)")
        #expect(p.stdout.contains("in Hebei, \(best.0),"))
        // Which of area, sector and year was not found, each said.
        let bad = try CLI.run(["explain", SpanTests.folder("miit"), "--area", "Hebie", "--sector", "steel", "--year", "2040"])
        #expect(bad.status == 65 && bad.stderr.contains("unknown area 'Hebie'; did you mean 'Hebei'?") && bad.stderr.contains("year 2040 was not found")
                && !bad.stderr.contains("sector 'steel'"), "\(bad.stderr)")
        let none = try CLI.run(["explain", SpanTests.folder("miit"), "--area", "Hebei"])
        #expect(none.status == 64 && none.stderr.contains("--year Y, --peak or --cumulative"))
    }

    /// Bars of the cumulative delta equal the sums from output.csv; --peak names the year of
    /// China's largest delta.
    @Test func barsForTheCumulativeEffectAndThePeakYear() throws {
        #expect(SpanTests.prepared)
        let base = try OutputFile(SpanTests.folder("baseline")), miit = try OutputFile(SpanTests.folder("miit"))
        let out = SpanTests.folder("cum.svg")
        let r = try CLI.run(["plot", SpanTests.folder("baseline"), SpanTests.folder("miit"), "--kind", "bars", "--variable", "output", "--cumulative", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let dat = try String(contentsOfFile: SpanTests.folder("cum.dat"), encoding: .utf8)
        let steel = try #require(dat.split(separator: "\n").first { $0.hasPrefix("\"steel\"") }).split(separator: " ").dropFirst().map { Double($0)! }
        for (k, area) in ["East", "Central", "West", "Northeast"].enumerated() {
            let expected = SpanTests.years.reduce(0) { $0 + miit.value($1, area, "steel", "output") - base.value($1, area, "steel", "output") }
            #expect(abs(steel[k] - expected) <= 1e-9 * max(1, abs(expected)), "\(area)")
        }
        #expect(try String(contentsOfFile: SpanTests.folder("cum.gp"), encoding: .utf8).contains("cumulative 2023-2030"))
        let p = try CLI.run(["plot", SpanTests.folder("baseline"), SpanTests.folder("miit"), "--kind", "bars", "--variable", "output", "--peak", "--out", SpanTests.folder("peak.svg")])
        #expect(p.status == 0, "\(p.stderr)")
        let best = SpanTests.years.max { abs(miit.value($0, "China", "all", "output") - base.value($0, "China", "all", "output")) < abs(miit.value($1, "China", "all", "output") - base.value($1, "China", "all", "output")) }!
        #expect(try String(contentsOfFile: SpanTests.folder("peak.gp"), encoding: .utf8).contains("\(best), the peak year of China''s delta"))
        let lines = try CLI.run(["plot", SpanTests.folder("baseline"), "--peak", "--out", SpanTests.folder("x.svg")])
        #expect(lines.status == 64)
    }
}
