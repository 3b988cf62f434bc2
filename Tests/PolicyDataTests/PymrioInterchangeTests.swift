// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyData
import PolicyModel
import PolicyNumerics

/// Small pymrio folders written as pandas writes them, for known answers and bad inputs.
enum PymrioFixture {
    static let fioZ: [[Double]] = [[10, 5, 2, 1], [8, 15, 3, 2], [1, 2, 12, 4], [2, 3, 6, 18]]
    static let fioX: [Double] = [100, 120, 80, 110]

    /// A (region, sector) x (region, sector) table as IOSystem.save() writes Z.
    static func z(_ labels: [(String, String)], _ values: [[Double]]) -> String {
        var out = "region\t\t" + labels.map(\.0).joined(separator: "\t") + "\n"
        out += "sector\t\t" + labels.map(\.1).joined(separator: "\t") + "\n"
        out += "region\tsector" + String(repeating: "\t", count: labels.count) + "\n"
        for (k, l) in labels.enumerated() { out += "\(l.0)\t\(l.1)\t" + values[k].map { "\($0)" }.joined(separator: "\t") + "\n" }
        return out
    }

    static func y(_ labels: [(String, String)], _ columns: [(String, String)], _ values: [[Double]]) -> String {
        var out = "region\t\t" + columns.map(\.0).joined(separator: "\t") + "\n"
        out += "category\t\t" + columns.map(\.1).joined(separator: "\t") + "\n"
        out += "region\tsector" + String(repeating: "\t", count: columns.count) + "\n"
        for (k, l) in labels.enumerated() { out += "\(l.0)\t\(l.1)\t" + values[k].map { "\($0)" }.joined(separator: "\t") + "\n" }
        return out
    }

    static func x(_ labels: [(String, String)], _ values: [Double]) -> String {
        "region\tsector\tindout\n" + zip(labels, values).map { "\($0.0)\t\($0.1)\t\($1)\n" }.joined()
    }

    static let parameters = """
        {"files": {"Z": {"name": "Z.txt", "nr_index_col": "2", "nr_header": "2"},
                   "Y": {"name": "Y.txt", "nr_index_col": "2", "nr_header": "2"},
                   "x": {"name": "x.txt", "nr_index_col": "2", "nr_header": "1"}},
         "systemtype": "IOSystem"}
        """

    /// fio's two-region system (R1, R2) with a third region, RoW: R1 and R2 sell it 5 of each
    /// product (its intermediate use) and 3 (its households); it sells R1's industries 4 of its
    /// S1. Households of R1 and R2 take the rest of each row.
    static func fioWithRestOfWorld() -> [String: String] {
        let labels = [("R1", "S1"), ("R1", "S2"), ("R2", "S1"), ("R2", "S2"), ("RoW", "S1"), ("RoW", "S2")]
        var z = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
        for k in 0..<4 { for l in 0..<4 { z[k][l] = fioZ[k][l] } }
        for k in 0..<4 { z[k][4] = 5 }
        z[4][0] = 4
        z[4][4] = 7
        z[5][5] = 2
        let columns = [("R1", "Final consumption expenditure by households"), ("R2", "Final consumption expenditure by households"),
                       ("RoW", "Final consumption expenditure by households")]
        var y = [[Double]](repeating: [0, 0, 0], count: 6)
        for k in 0..<4 {
            let rest = fioX[k] - fioZ[k].reduce(0, +) - 5 - 3
            y[k] = k < 2 ? [rest, 0, 3] : [0, rest, 3]
        }
        y[4] = [0, 0, 50]
        y[5] = [0, 0, 40]
        let x = (0..<6).map { z[$0].reduce(0, +) + y[$0].reduce(0, +) }
        return ["Z.txt": Self.z(labels, z), "Y.txt": Self.y(labels, columns, y), "x.txt": Self.x(labels, x), "file_parameters.json": parameters]
    }

    static func write(_ files: [String: String], _ name: String) throws -> URL {
        let folder = Repo.temporaryFolder(name)
        for (file, text) in files {
            let url = folder.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }
}

@Suite struct PymrioInterchangeTests {
    /// fio's published multipliers (tests/testthat/_snaps/miom.md) through a pymrio folder and
    /// the import, with a third region mapped as external: its purchases become exports and its
    /// sales imports, so the two provinces' B is fio's Z / x.
    @Test func fioSystemThroughAPymrioFolderWithAnExternalRegion() throws {
        let folder = try PymrioFixture.write(PymrioFixture.fioWithRestOfWorld(), "fio")
        defer { try? FileManager.default.removeItem(at: folder) }
        let map = folder.appendingPathComponent("map.csv")
        try "type,source,target,detail\nregion,R1,R1,province\nregion,R2,R2,\nregion,RoW,Rest of world,external\n".write(to: map, atomically: true, encoding: .utf8)
        let result = try PymrioImport.build(try PymrioSystem.read(folder), mapping: try PymrioMapping.read(map), options: .init(name: "fio"))
        let d = result.data
        #expect(d.provinces.map(\.id) == ["R1", "R2"] && d.externals.map(\.id) == ["Rest of world"])
        // Exports: 5 to RoW's industries and 3 to its households, per row.
        for k in 0..<4 { #expect(abs(d.provincial[.exports, k] - 8) < 1e-12) }
        // Imports: RoW's 4 of S1 into R1's S1 industry.
        #expect(abs(d.provincial[.imports, 0] - 4) < 1e-12 && abs(d.provincial[.imports, 1]) < 1e-12)
        let s = try InputOutputSystem(data: d, table: result.table, description: "fio")
        let m = try MultiplierAnalysis(s, types: [.typeI])
        let r1 = AnalysisArea(id: "R1", kind: .province, members: [.init(province: 0, weight: 1)])
        let r2 = AnalysisArea(id: "R2", kind: .province, members: [.init(province: 1, weight: 1)])
        let report = try MultiplierReport(m, areas: [r1, r2])
        let total = [1.267907, 1.266659, 1.384098, 1.297148], intra = [1.220128, 1.203969, 1.291260, 1.253676]
        for k in 0..<4 {
            let area = k < 2 ? "R1" : "R2", sector = k % 2 == 0 ? "S1" : "S2"
            #expect(abs(report.value(area: area, sector: sector, "output")! - total[k]) < 5e-7)
            #expect(abs(report.value(area: area, sector: sector, "output_intra_regional")! - intra[k]) < 5e-7)
        }
        #expect(abs(m.netSpillover(.output, .typeI, r1, r2, weighting: .unitPerSector) - 0.02584091) < 5e-9)
        // Written and read back, the full table is the same.
        let out = Repo.temporaryFolder("fio-data").appendingPathComponent("out")
        defer { try? FileManager.default.removeItem(at: out) }
        try PymrioImport.write(result, to: out)
        #expect(DataSetReader.check(out).isEmpty)
        let back = try MultiRegionalTableFiles.read(out, try DataSetReader.load(out).data)
        #expect(back.intermediate == result.table.intermediate)
    }

    /// The multipliers' builder from the engine's parts gives the engine's own base matrix.
    @Test func engineStructureMatchesTheEnginesLeontiefMatrix() throws {
        let economy = Economy(Repo.data)
        let s = try InputOutputSystem(base: economy)
        let iMinusB = economy.baseLeontief()
        var worst = 0.0
        for k in 0..<s.size { for l in 0..<s.size { worst = max(worst, abs(((k == l ? 1 : 0) - s.coefficients[k, l]) - iMinusB[k, l])) } }
        #expect(worst < 1e-15, "\(worst)")
        // The base year solves: L y = x.
        let m = try MultiplierAnalysis(s, types: [.typeI])
        let x = try m.solvedOutput()
        for k in 0..<s.size { #expect(abs(x[k] - s.output[k]) <= 1e-9 * max(1, s.output[k])) }
    }

    /// china-2022 to pymrio and back: the engine's coefficients and sourcing come back, and the
    /// full table's B is the engine's wherever a column has output.
    @Test func chinaRoundTripsThroughPymrio() throws {
        let folder = Repo.temporaryFolder("china-pymrio").appendingPathComponent("out")
        defer { try? FileManager.default.removeItem(at: folder) }
        try PymrioExport.write(Repo.data, table: nil, to: folder)
        let imported = try PymrioImport.build(try PymrioSystem.read(folder), mapping: PymrioMapping(), options: .init(name: "round-trip"))
        let d = imported.data
        #expect(d.provinces.map(\.id) == Repo.data.provinces.map(\.id))
        var worst = 0.0
        for k in 0..<d.coefficients.storage.count { worst = max(worst, abs(d.coefficients.storage[k] - Repo.data.coefficients.storage[k])) }
        for i in 0..<d.sectorCount {
            for k in 0..<d.sourcing[i].storage.count { worst = max(worst, abs(d.sourcing[i].storage[k] - Repo.data.sourcing[i].storage[k])) }
        }
        #expect(worst < 1e-12, "\(worst)")
        for column in [FlowColumn.output, .exports, .imports, .compensation, .employment, .valueAdded, .urbanHouseholds] {
            for k in 0..<d.provincial.rows {
                #expect(abs(d.provincial[column, k] - Repo.data.provincial[column, k]) <= 1e-9 * max(1, abs(Repo.data.provincial[column, k])), "\(column)")
            }
        }
        let engine = try InputOutputSystem(base: Economy(Repo.data))
        let table = try InputOutputSystem(data: d, table: imported.table, description: "round trip")
        var b = 0.0
        for l in 0..<engine.size where engine.output[l] > 0 {
            for k in 0..<engine.size { b = max(b, abs(engine.coefficients[k, l] - table.coefficients[k, l])) }
        }
        #expect(b < 1e-14, "\(b)")
    }

    /// Every bad input is refused with the file, the line where there is one, and the fix.
    @Test(arguments: [
        ("missing-y", "cannot be read (missing, or not a file)", "Y.txt" as String?),
        ("bare-missing-y", "has no Y (final demand)", nil),
        ("bad-number", "'abc' is not a finite number", "Z.txt:5:"),
        ("empty-cell", "is empty (NaN in pandas)", "Z.txt:5:"),
        ("out-of-order", "row (R2, S1) should be (R2, S2)", "Z.txt:6:"),
        ("parquet", "table_format='txt'", "Z.parquet"),
        ("extension", "not an IOSystem", "file_parameters.json"),
        ("inconsistent-x", "x must equal row sums of Z and Y", "x.txt:2:"),
        ("unknown-category", "map it in a mapping file: category,Something else,", "Y.txt:2:"),
        ("unknown-y-region", "names region 'R3', which is not a region of Z", "Y.txt:1:"),
    ])
    func malformedFoldersAreRefusedWithTheirLocation(_ name: String, _ words: String, _ location: String?) throws {
        let labels = [("R1", "S1"), ("R1", "S2"), ("R2", "S1"), ("R2", "S2")]
        let y: [[Double]] = [[82, 0], [92, 0], [0, 61], [0, 81]]
        var files = ["Z.txt": PymrioFixture.z(labels, PymrioFixture.fioZ),
                     "Y.txt": PymrioFixture.y(labels, [("R1", "households"), ("R2", "households")], y),
                     "x.txt": PymrioFixture.x(labels, PymrioFixture.fioX), "file_parameters.json": PymrioFixture.parameters]
        func editZ(_ line: Int, _ text: String) {
            var lines = files["Z.txt"]!.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[line - 1] = text
            files["Z.txt"] = lines.joined(separator: "\n")
        }
        switch name {
        case "missing-y": files["Y.txt"] = nil
        case "bare-missing-y":
            files["Y.txt"] = nil
            files["file_parameters.json"] = nil
        case "bad-number": editZ(5, "R1\tS2\t8.0\t15.0\tabc\t2.0")
        case "empty-cell": editZ(5, "R1\tS2\t8.0\t15.0\t\t2.0")
        case "out-of-order":
            editZ(4, "R1\tS2\t8.0\t15.0\t3.0\t2.0")
            editZ(5, "R1\tS1\t10.0\t5.0\t2.0\t1.0")
        case "parquet": files["file_parameters.json"] = files["file_parameters.json"]!.replacingOccurrences(of: "\"Z.txt\"", with: "\"Z.parquet\"")
        case "extension": files["file_parameters.json"] = #"{"files": {}, "systemtype": "Extension", "name": "emissions"}"#
        case "inconsistent-x": files["x.txt"] = PymrioFixture.x(labels, [1, 120, 80, 110])
        case "unknown-category": files["Y.txt"] = PymrioFixture.y(labels, [("R1", "Something else"), ("R2", "Something else")], y)
        case "unknown-y-region": files["Y.txt"] = PymrioFixture.y(labels, [("R1", "households"), ("R3", "households")], y)
        default: Issue.record("no case \(name)")
        }
        let folder = try PymrioFixture.write(files, name)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try PymrioImport.build(try PymrioSystem.read(folder), mapping: PymrioMapping(), options: .init(name: name))
            Issue.record("\(name) was accepted")
        } catch let error as DataError {
            #expect(error.description.contains(words), "\(error)")
            #expect(error.description.contains(location ?? folder.lastPathComponent), "\(error)")
        }
    }

    /// A mapping file's mistakes are reported at its line.
    @Test(arguments: [
        ("region,R9,Alpha,province\n", ":2: error: column 'source': unknown region 'R9'; did you mean 'R1'?"),
        ("planet,R1,Alpha,\n", ":2: error: column 'type': 'planet' must be region, sector, category, compensation or employment"),
        ("region,R1,Alpha,island\n", "'island' must be province, external or external:CLUSTER"),
        ("region,R1,Alpha,province\n", "maps some regions but not 'R2'; list every region"),
        ("employment,employment/Employment,,lots\n", "must be the number of 10 thousand persons per unit"),
        ("sector,S1,a,mining\n", "'mining' must be one of agriculture, industry, construction, services"),
    ])
    func mappingMistakesAreLocated(_ row: String, _ words: String) throws {
        let labels = [("R1", "S1"), ("R1", "S2"), ("R2", "S1"), ("R2", "S2")]
        let folder = try PymrioFixture.write(["Z.txt": PymrioFixture.z(labels, PymrioFixture.fioZ),
                                              "Y.txt": PymrioFixture.y(labels, [("R1", "households"), ("R2", "households")], [[82, 0], [92, 0], [0, 61], [0, 81]]),
                                              "map.csv": "type,source,target,detail\n" + row], "map")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let mapping = try PymrioMapping.read(folder.appendingPathComponent("map.csv"))
            _ = try PymrioImport.build(try PymrioSystem.read(folder), mapping: mapping, options: .init(name: "map"))
            Issue.record("\(row) was accepted")
        } catch let error as DataError {
            #expect(error.description.contains("map.csv"), "\(error)")
            #expect(error.description.contains(words), "\(error)")
        }
    }

    /// Inputs above output cannot make a data set: refused, naming the column.
    @Test func inputsAboveOutputAreRefused() throws {
        let labels = [("R1", "S1"), ("R1", "S2")]
        let z: [[Double]] = [[10, 90], [5, 20]]
        let folder = try PymrioFixture.write(["Z.txt": PymrioFixture.z(labels, z),
                                              "Y.txt": PymrioFixture.y(labels, [("R1", "households")], [[5], [20]])], "negative-va")
        defer { try? FileManager.default.removeItem(at: folder) }
        // x = Z 1 + Y 1 = [105, 45]; column S2 uses 110 of inputs for 45 of output.
        #expect {
            _ = try PymrioImport.build(try PymrioSystem.read(folder), mapping: PymrioMapping(), options: .init(name: "negative"))
        } throws: { error in
            let text = "\(error)"
            return text.contains("Z.txt") && text.contains("R1/S2") && text.contains("value added would be negative")
        }
    }

    /// A full table that names an unknown province is refused at its line.
    @Test func fullTableWithAnUnknownProvinceIsRefused() throws {
        let folder = try PymrioFixture.write(PymrioFixture.fioWithRestOfWorld(), "table")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try PymrioImport.build(try PymrioSystem.read(folder), mapping: PymrioMapping(), options: .init(name: "table"))
        let out = Repo.temporaryFolder("table-data").appendingPathComponent("out")
        defer { try? FileManager.default.removeItem(at: out) }
        try PymrioImport.write(result, to: out)
        let url = out.appendingPathComponent(MultiRegionalTableFiles.intermediate)
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "\nR2,S1,R1,", with: "\nR7,S1,R1,")
        try text.write(to: url, atomically: true, encoding: .utf8)
        #expect {
            _ = try MultiRegionalTableFiles.read(out, try DataSetReader.load(out).data)
        } throws: { error in
            let d = "\(error)"
            return d.contains("mrio_intermediate.csv:") && d.contains("unknown province 'R7'")
        }
    }
}
