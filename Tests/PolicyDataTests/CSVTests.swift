// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyData
import PolicyModel

/// The one CSV grammar (RFC 4180), whole or streamed in pieces of any size.
@Suite struct CSVTests {
    /// Quoted commas, doubled quotes, a newline inside a field, CRLF line ends, a blank line and
    /// no final newline; the records are written out by hand.
    static let text = "area,rule,value\r\n\"Central, West\",\"say \"\"hi\"\"\",1\r\n\n\"two\nlines\",x,2\nend,\"\",3"
    static let records: [[String]] = [["area", "rule", "value"], ["Central, West", "say \"hi\"", "1"], ["two\nlines", "x", "2"], ["end", "", "3"]]
    static let starts = [1, 2, 4, 6]

    @Test func wholeTextParsesToTheRecordsWrittenByHand() throws {
        let t = try CSV.parse(CSVTests.text, file: "t.csv")
        #expect([t.header] + t.rows == CSVTests.records)
        #expect(t.lines == Array(CSVTests.starts.dropFirst()))
    }

    /// Every split of the text into two pieces, and one byte at a time, gives the same records:
    /// a piece may end inside a quote, just after a closing quote, or between CR and LF.
    @Test func anySplitIntoPiecesGivesTheSameRecords() throws {
        let bytes = Array(CSVTests.text.utf8)
        for cut in 0...bytes.count {
            var parser = CSVRecordParser(file: "t.csv")
            var got: [[String]] = [], lines: [Int] = []
            try bytes[..<cut].withUnsafeBufferPointer { try parser.feed($0) { got.append($0); lines.append($1) } }
            try bytes[cut...].withUnsafeBufferPointer { try parser.feed($0) { got.append($0); lines.append($1) } }
            try parser.finish { got.append($0); lines.append($1) }
            #expect(got == CSVTests.records, "cut at \(cut)")
            #expect(lines == CSVTests.starts, "cut at \(cut)")
        }
        var parser = CSVRecordParser(file: "t.csv")
        var got: [[String]] = []
        for b in bytes { try [b].withUnsafeBufferPointer { try parser.feed($0) { r, _ in got.append(r) } } }
        try parser.finish { r, _ in got.append(r) }
        #expect(got == CSVTests.records)
    }

    @Test func theFileReaderStreamsTheSameRecords() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-csv-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(CSVTests.text.utf8).write(to: url)
        let reader = try CSVFileReader(url, display: "t.csv")
        var got: [[String]] = []
        while let r = try reader.next() { got.append(r.fields) }
        #expect(got == CSVTests.records)
        #expect(reader.bytesRead == CSVTests.text.utf8.count)
    }

    @Test func writtenLinesReadBack() throws {
        // "\r\n" is one Character, equal to neither "\r" nor "\n": it must be quoted all the same.
        // A quote followed by a combining acute accent is one Character with it; its quote is
        // doubled all the same.
        let fields = ["Xi'an, Shaanxi", "a \"quoted\" word", "line\nbreak", "plain", "windows\r\nbreak", "accent \"\u{301}"]
        let t = try CSV.parse("a,b,c,d,e,f\n" + CSV.line(fields) + "\n", file: "t.csv")
        #expect(t.rows == [fields])
    }

    @Test func textThatIsNotUTF8IsSaidOnceWithItsLine() throws {
        // "北京" in GBK is B1 B1 BE A9: not UTF-8.
        let gbk: [UInt8] = Array("id,name\nBeijing,".utf8) + [0xB1, 0xB1, 0xBE, 0xA9] + Array("\n".utf8)
        #expect(throws: DataError.self) { try gbk.withUnsafeBufferPointer { try CSV.parse(bytes: $0, file: "p.csv") } }
        do {
            _ = try gbk.withUnsafeBufferPointer { try CSV.parse(bytes: $0, file: "p.csv") }
        } catch let e as DataError {
            #expect(e.issues.count == 1)
            #expect(e.description == "p.csv:2: error: is not UTF-8 text (this line is the first that is not); save the file as UTF-8")
        }
        let utf16: [UInt8] = [0xFF, 0xFE, 0x69, 0x00, 0x64, 0x00]
        do {
            _ = try utf16.withUnsafeBufferPointer { try CSV.parse(bytes: $0, file: "s.csv") }
            Issue.record("UTF-16 text was accepted")
        } catch let e as DataError {
            #expect(e.description == "s.csv: error: is UTF-16 text; save it as UTF-8")
        }
    }
}
