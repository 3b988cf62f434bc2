// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyData

/// `CSVFileScanner` hands over the records `CSVFileReader` reads, field for field and line for
/// line, and raises the same errors, whatever size of piece the file is read in.
@Suite struct CSVScannerTests {
    /// Texts of every kind of record: plain, quoted (commas, doubled quotes, line breaks), CRLF
    /// and lone CRs, blank lines, no final newline, text beyond ASCII, a byte-order mark, empty
    /// fields, and the errors (a stray quote, an unclosed quote, not UTF-8, UTF-16).
    static let texts: [[UInt8]] = [
        Array("a,b,c\n1,2,3\n4,5,6\n".utf8),
        Array(CSVTests.text.utf8),
        Array("a,b\n\n\n1,2\n\n".utf8),
        Array("a,b\r\n1,2\r\n\r\n3,4".utf8),
        Array("a,b\n1\r,2\n".utf8),
        Array("x,y\n,\n,,\n\"\",\n".utf8),
        Array("scenario,area,value\nm,\"Central, West\",1.5\nm,Hebei,2\nm,\"say \"\"hi\"\"\",3\n".utf8),
        Array("name,v\n广东,1\nGuangdong,2\n北京,3\n".utf8),
        [0xEF, 0xBB, 0xBF] + Array("a,b\n1,2\n".utf8),
        Array("a,b\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("1,2\n".utf8),
        Array("a,b\n\"two\nlines\nhere\",x\nend,\"\"\n".utf8),
        Array("a,b\nab\"c,d\n".utf8),
        Array("a,b\n1,\"never closed\n2,3\n".utf8),
        Array("a,b\n\"q\"x,1\n".utf8),
        Array("id,name\nBeijing,".utf8) + [0xB1, 0xB1, 0xBE, 0xA9] + Array("\n".utf8),
        [0xFF, 0xFE, 0x69, 0x00, 0x64, 0x00],
        Array("".utf8),
        Array("\n".utf8),
        Array("only".utf8),
        Array("a,b\n1,2\nlast,line".utf8),
        Array((0..<200).map { "row\($0),\(Double($0) / 7),\($0 % 3 == 0 ? "\"q,\($0)\"" : "p")\n" }.joined().utf8),
    ]

    struct Read: Equatable {
        var records: [[String]] = []
        var lines: [Int] = []
        var error: String?
    }

    static func write(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-scan-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        return url
    }

    static func byReader(_ url: URL) -> Read {
        var out = Read()
        do {
            let reader = try CSVFileReader(url, display: "t.csv")
            while let r = try reader.next() {
                out.records.append(r.fields)
                out.lines.append(r.line)
            }
        } catch {
            out.error = "\(error)"
        }
        return out
    }

    static func byScanner(_ url: URL, pieceBytes: Int, seen: inout [UInt8]) -> Read {
        var out = Read()
        var bytes: [UInt8] = []
        do {
            let scanner = try CSVFileScanner(url, display: "t.csv", pieceBytes: pieceBytes) { bytes.append(contentsOf: $0) }
            try scanner.forEach { r in
                out.records.append(r.strings)
                out.lines.append(r.line)
                // A plain record is its bytes as they stand: ASCII, no quote, no CR.
                if r.plain {
                    for i in 0..<r.count { #expect(r.bytes(i).allSatisfy { $0 < 0x80 && $0 != 0x22 && $0 != 0x0D }) }
                }
            }
        } catch {
            out.error = "\(error)"
        }
        seen = bytes
        return out
    }

    @Test func theScannerReadsWhatTheReaderReadsInPiecesOfAnySize() throws {
        for (k, text) in CSVScannerTests.texts.enumerated() {
            let url = try CSVScannerTests.write(text)
            defer { try? FileManager.default.removeItem(at: url) }
            let expected = CSVScannerTests.byReader(url)
            for piece in [1, 2, 3, 5, 8, 13, 64, 1 << 20] {
                var seen: [UInt8] = []
                let got = CSVScannerTests.byScanner(url, pieceBytes: piece, seen: &seen)
                if let error = expected.error {
                    // The reader raises a piece's error before handing over any record of the
                    // piece; the scanner hands over the records before the error, then raises it.
                    #expect(got.error == error, "text \(k), pieces of \(piece)")
                    #expect(Array(got.records.prefix(expected.records.count)) == expected.records, "text \(k), pieces of \(piece)")
                } else {
                    #expect(got == expected, "text \(k), pieces of \(piece)")
                    #expect(seen == text, "text \(k), pieces of \(piece): observed bytes")
                }
            }
        }
    }

    /// Plain records, the common case, are split in place; a record with a quote is not plain.
    @Test func plainRecordsAreSplitInPlace() throws {
        let url = try CSVScannerTests.write(Array("a,b,c\nm,\"x, y\",2\nm,Hebei,3\n".utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        var plain: [Bool] = [], second: [String] = []
        try CSVFileScanner(url, display: "t.csv").forEach { r in
            plain.append(r.plain)
            second.append(r.string(1))
        }
        #expect(plain == [true, false, true])
        #expect(second == ["b", "x, y", "Hebei"])
    }
}
