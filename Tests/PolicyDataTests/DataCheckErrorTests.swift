// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyData
import PolicyModel

/// Each test corrupts one thing in a copy of the shipped data set and checks that
/// `DataSetReader.check` names the file, the line, the column and the fix.
@Suite struct DataCheckErrorTests {
    func corruptedCopy(_ name: String, _ edit: (URL) throws -> Void) throws -> [DataIssue] {
        let folder = Repo.temporaryFolder(name).appendingPathComponent("china-2022")
        try FileManager.default.copyItem(at: Repo.dataSet, to: folder)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try edit(folder)
        return DataSetReader.check(folder)
    }

    /// Replaces the `column`-th field of line `line` (1-based) of a CSV file.
    func setField(_ folder: URL, _ file: String, line: Int, column: Int, to value: String) throws {
        let url = folder.appendingPathComponent(file)
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        var fields = lines[line - 1].components(separatedBy: ",")
        fields[column] = value
        lines[line - 1] = fields.joined(separator: ",")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func nonNumericCellIsLocated() throws {
        let issues = try corruptedCopy("nan") { try setField($0, "province_sector.csv", line: 7, column: 2, to: "abc") }
        #expect(issues.contains { "\($0)".contains("province_sector.csv:7: error: column 'output': 'abc' is not a finite number") })
    }

    @Test func infiniteNumberIsRefused() throws {
        let issues = try corruptedCopy("inf") { try setField($0, "national.csv", line: 3, column: 1, to: "inf") }
        #expect(issues.contains { "\($0)".contains("national.csv:3: error: column 'output'") && "\($0)".contains("not a finite number") })
    }

    @Test func unknownProvinceGetsASuggestion() throws {
        let issues = try corruptedCopy("province") { try setField($0, "aggregates.csv", line: 2, column: 2, to: "Bejing") }
        #expect(issues.contains { "\($0)".contains("aggregates.csv:2: error: column 'member': unknown province 'Bejing'; did you mean 'Beijing'?") })
    }

    @Test func brokenIdentityIsReportedWithItsRow() throws {
        // Line 2 is Beijing, agriculture: add 1000 to its output.
        let url = Repo.dataSet.appendingPathComponent("province_sector.csv")
        let line = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")[1].components(separatedBy: ",")
        let bumped = String(Double(line[2])! + 1000)
        let issues = try corruptedCopy("identity") { try setField($0, "province_sector.csv", line: 2, column: 2, to: bumped) }
        #expect(issues.contains { "\($0)".contains("province_sector.csv:2: error: column 'output': Beijing, agriculture: output") && "\($0)".contains("differs from intermediate use") })
        #expect(issues.contains { "\($0)".contains("provinces sum to") })
    }

    @Test func sourcingSharesThatDoNotSumToOneAreReported() throws {
        let issues = try corruptedCopy("shares") { try setField($0, "sourcing.csv", line: 2, column: 3, to: "0.5") }
        #expect(issues.contains { "\($0)".contains("sourcing.csv") && "\($0)".contains("sum to") })
    }

    @Test func unknownColumnListsTheAllowedOnes() throws {
        let issues = try corruptedCopy("column") { folder in
            let url = folder.appendingPathComponent("external.csv")
            let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "id,gdp,cluster,source", with: "id,gdp,cluster,source,colour")
                .components(separatedBy: "\n").enumerated().map { $0.offset > 0 && !$0.element.isEmpty ? $0.element + ",red" : $0.element }.joined(separator: "\n")
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(issues.contains { "\($0)".contains("external.csv:1: error: column 'colour': unknown column; the allowed columns are id, gdp, cluster, source") })
    }

    @Test func missingColumnIsNamed() throws {
        let issues = try corruptedCopy("missing") { folder in
            let url = folder.appendingPathComponent("provinces.csv")
            let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: ",gdp\n", with: ",gdq\n")
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(issues.contains { "\($0)".contains("provinces.csv:1: error: column 'gdp': missing column") })
    }

    @Test func tooNewFormatIsRefused() throws {
        let issues = try corruptedCopy("version") { folder in
            let url = folder.appendingPathComponent("manifest.json")
            let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "\"format_version\": 1", with: "\"format_version\": 99")
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(issues.contains { "\($0)".contains("manifest.json: error: column 'format_version': is 99") && "\($0)".contains("upgrade policysim") })
    }

    @Test func unclosedQuoteIsAParseError() throws {
        let issues = try corruptedCopy("quote") { try setField($0, "provinces.csv", line: 2, column: 1, to: "\"never closed") }
        #expect(issues.contains { "\($0)".contains("provinces.csv:2: error: a quoted field is never closed") })
    }

    @Test func missingFolderIsAClearError() {
        let issues = DataSetReader.check(URL(fileURLWithPath: "/nonexistent/data"))
        #expect(issues.count == 1 && issues[0].message.contains("no such directory"))
    }

    /// A table saved in GBK is said to be not UTF-8, once, instead of an error for every row of
    /// every table that names a province.
    @Test func aTableThatIsNotUTF8IsReportedOnce() throws {
        let issues = try corruptedCopy("gbk") { folder in
            let url = folder.appendingPathComponent("provinces.csv")
            var bytes = Array(try Data(contentsOf: url))
            // The first "," of line 2 becomes the GBK bytes of "京" (BE A9).
            let line2 = bytes.firstIndex(of: UInt8(ascii: "\n"))! + 1
            let comma = bytes[line2...].firstIndex(of: UInt8(ascii: ","))!
            bytes.replaceSubrange(comma...comma, with: [0xBE, 0xA9, UInt8(ascii: ",")])
            try Data(bytes).write(to: url)
        }
        #expect(issues.count == 2, "\(issues.map(\.description))")
        #expect(issues.contains { "\($0)".contains("provinces.csv:2: error: is not UTF-8 text") && "\($0)".contains("save the file as UTF-8") })
        #expect(issues.contains { "\($0)".contains("the rows of the other tables were not checked") })
    }

    /// Rewrites a file of the copy.
    func edit(_ folder: URL, _ file: String, _ change: (String) -> String) throws {
        let url = folder.appendingPathComponent(file)
        try change(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
    }

    func expectIssue(_ issues: [DataIssue], _ words: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(issues.contains { i in words.allSatisfy { "\(i)".contains($0) } }, "no issue with \(words): \(issues.map(\.description))", sourceLocation: sourceLocation)
    }

    // MARK: Data sets that passed `data check` but were wrong

    @Test func aNegativeDepreciationRateIsRefused() throws {
        let issues = try corruptedCopy("depreciation") { try edit($0, "manifest.json") { $0.replacingOccurrences(of: "\"depreciation_rate\": 0.096", with: "\"depreciation_rate\": -0.096") } }
        expectIssue(issues, ["manifest.json: error: column 'parameters.depreciation_rate': is -0.096; a depreciation rate is a fraction of capital per year in (0, 1)"])
    }

    @Test func aMisspeltDepreciationKeyIsNotLeftToADefault() throws {
        let issues = try corruptedCopy("depreciaton") { try edit($0, "manifest.json") { $0.replacingOccurrences(of: "\"depreciation_rate\"", with: "\"depreciaton_rate\"") } }
        expectIssue(issues, ["column 'parameters.depreciation_rate': is missing", "'depreciaton_rate'"])
    }

    @Test func unknownManifestKeysAreRefusedAtEveryLevel() throws {
        let issues = try corruptedCopy("keys") { try edit($0, "manifest.json") {
            $0.replacingOccurrences(of: "\"base_year\": 2022,", with: "\"base_year\": 2022, \"bsae_year\": 2021,")
                .replacingOccurrences(of: "{\"file\": \"sectors.csv\",", with: "{\"file\": \"sectors.csv\", \"colour\": \"red\",")
        } }
        expectIssue(issues, ["column 'bsae_year': unknown key; did you mean 'base_year'?"])
        expectIssue(issues, ["column 'tables[0].colour': unknown key; the allowed keys are file, holds, unit"])
    }

    @Test func aMissingGDPHistoryIsRefused() throws {
        let issues = try corruptedCopy("history") { try edit($0, "gdp_history.csv") { text in
            text.components(separatedBy: "\n").filter { !$0.hasPrefix("Beijing,2010,") && !$0.hasPrefix("Tianjin,") }.joined(separator: "\n")
        } }
        expectIssue(issues, ["gdp_history.csv: error: column 'year': Beijing has no GDP for 2010 (the history runs 2004-2022)"])
        expectIssue(issues, ["Tianjin has no GDP for 2004, 2005, 2006, 2007, 2008, ..."])
    }

    @Test(arguments: ["0", "-6252.5"])
    func aZeroOrNegativeGDPIsRefused(_ value: String) throws {
        let issues = try corruptedCopy("history-\(value)") { try edit($0, "gdp_history.csv") { $0.replacingOccurrences(of: "\nBeijing,2004,6252.5\n", with: "\nBeijing,2004,\(value)\n") } }
        expectIssue(issues, ["gdp_history.csv:2: error: column 'gdp': Beijing, 2004: GDP \(Double(value)!) must be above 0"])
    }

    @Test func aHistoryThatDoesNotEndInTheBaseYearIsRefused() throws {
        let issues = try corruptedCopy("base-year") { try edit($0, "manifest.json") { $0.replacingOccurrences(of: "\"base_year\": 2022", with: "\"base_year\": 2021") } }
        expectIssue(issues, ["gdp_history.csv: error: column 'year': ends in 2022, but the base year (manifest.json base_year) is 2021"])
    }

    /// Two rows of coefficients.csv under each other's labels keep every column sum: the
    /// national intermediate use of each product catches them.
    @Test func swappedCoefficientRowsAreCaught() throws {
        let issues = try corruptedCopy("swap") { try edit($0, "coefficients.csv") { text in
            var lines = text.components(separatedBy: "\n")
            let a = lines[1].split(separator: ",", maxSplits: 1), b = lines[2].split(separator: ",", maxSplits: 1)
            lines[1] = "\(b[0]),\(a[1])"
            lines[2] = "\(a[0]),\(b[1])"
            return lines.joined(separator: "\n")
        } }
        expectIssue(issues, ["coefficients.csv:2: error: column 'sector': row", "implies intermediate use", "is the row under the right sector label?"])
        expectIssue(issues, ["coefficients.csv:3: error: column 'sector': row"])
    }

    @Test(arguments: ["gdp_history.csv", "sourcing.csv", "external.csv"])
    func aDuplicatedRowIsRefused(_ file: String) throws {
        let issues = try corruptedCopy("dup-\(file)") { try edit($0, file) { text in
            let lines = text.components(separatedBy: "\n")
            return (lines.prefix(3) + [lines[1]] + lines.dropFirst(3)).joined(separator: "\n")
        } }
        expectIssue(issues, ["\(file):4: error:", "listed twice"])
    }

    @Test func aRegionMissingAProvinceOrAProvinceInTwoRegionsIsRefused() throws {
        let issues = try corruptedCopy("regions") { try edit($0, "aggregates.csv") { text in
            text.replacingOccurrences(of: "East,region,Beijing,1\n", with: "").replacingOccurrences(of: "Central,region,Shanxi,1\n", with: "Central,region,Shanxi,1\nCentral,region,Hebei,1\n")
        } }
        expectIssue(issues, ["aggregates.csv: error: column 'member': region East lacks Beijing, whose region it is in provinces.csv"])
        expectIssue(issues, ["Hebei is in region Central and in its own region East"])
    }

    @Test func anExternalEconomyWithANegativeGDPOrAnUnknownClusterIsRefused() throws {
        let issues = try corruptedCopy("external") { try edit($0, "external.csv") {
            $0.replacingOccurrences(of: "Hong Kong,24280,Greater Bay Area,", with: "Hong Kong,-24280,Greater Bay Area,")
                .replacingOccurrences(of: "Macao,1470,Greater Bay Area,", with: "Macao,1470,Greater Bay Areaa,")
        } }
        expectIssue(issues, ["external.csv:2: error: column 'gdp': Hong Kong: GDP -24280.0 must be a finite number above 0"])
        expectIssue(issues, ["external.csv:3: error: column 'cluster': Macao: 'Greater Bay Areaa' is not a cluster of aggregates.csv; did you mean 'Greater Bay Area'?"])
    }
}
