// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// One record of a CSV file handed over by `CSVFileScanner`: its fields as byte ranges, valid
/// only during the call that receives it (copy what is kept, e.g. with `string(_:)`).
public struct CSVRecord {
    /// The line the record starts on (1-based).
    public let line: Int
    /// The number of fields.
    public let count: Int
    /// Every byte of the record is ASCII and none is a quote or a CR: the fields are the bytes
    /// as they stand in the file, one character a byte, and equal bytes are equal text. A
    /// record that is not plain went through `CSVRecordParser`, and its fields are that
    /// parser's, as UTF-8.
    public let plain: Bool
    let base: UnsafePointer<UInt8>
    /// Start and end offsets from `base` of field i at 2i and 2i + 1.
    let bounds: UnsafePointer<Int>

    /// The UTF-8 bytes of field `i`.
    @inline(__always)
    public func bytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + bounds[2 * i], count: bounds[2 * i + 1] - bounds[2 * i])
    }

    /// Field `i` as text.
    public func string(_ i: Int) -> String { String(decoding: bytes(i), as: UTF8.self) }

    /// Every field as text: what `CSVFileReader` gives for the record.
    public var strings: [String] { (0..<count).map(string) }

    /// Whether the bytes of field `i` are `other`.
    @inline(__always)
    public func field(_ i: Int, is other: UnsafeBufferPointer<UInt8>) -> Bool {
        let b = bytes(i)
        return b.count == other.count && (b.count == 0 || memcmp(b.baseAddress!, other.baseAddress!, b.count) == 0)
    }
}

/// Reads a CSV file a piece at a time, as `CSVFileReader` does, and hands each record to a
/// closure as byte ranges instead of an array of strings: the same records, fields and lines
/// by the one grammar (tested against `CSVFileReader` on every kind of record, cut into
/// pieces of every size), without a string made per field. Result files are read this way,
/// where a string per field is most of the time a read takes.
///
/// A record of plain ASCII without quotes or CRs (every record policysim writes but those
/// with a quoted name) is split at its commas in place. Any other record (quoted fields,
/// CRs, bytes beyond ASCII, a byte-order mark, a quote where none may be) goes through
/// `CSVRecordParser`, which decides it and raises its errors as before.
public final class CSVFileScanner {
    public let file: String
    private let handle: FileHandle
    private let observe: ((UnsafeRawBufferPointer) -> Void)?
    private let pieceBytes: Int
    private var buffer: [UInt8] = []
    /// Start and end of each field of the record being handed over.
    private var bounds = UnsafeMutablePointer<Int>.allocate(capacity: 64)
    private var boundsCapacity = 32
    private var scratch: [UInt8] = []
    private var line = 1
    /// No byte has been handed over yet: the next record starts the file (byte-order marks).
    private var atStart = true

    /// `display` is the path shown in messages; `observe` sees every byte of the file in order
    /// (to hash it); `pieceBytes` is read at a time.
    public init(_ url: URL, display: String, pieceBytes: Int = 1 << 20, observe: ((UnsafeRawBufferPointer) -> Void)? = nil) throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw DataError(file: display, "cannot be read (missing, or not a file)")
        }
        self.handle = handle
        self.file = display
        self.observe = observe
        self.pieceBytes = max(1, pieceBytes)
        classes = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for c in 0..<256 {
            switch c {
            case 0x2C: classes[c] = 1
            case 0x0A: classes[c] = 2
            case 0x22, 0x0D, 0x80...: classes[c] = 3
            default: classes[c] = 0
            }
        }
    }

    deinit {
        try? handle.close()
        bounds.deallocate()
        classes.deallocate()
    }

    /// Records the bounds of field `k` in `b` (room for `capacity` fields), making room as needed.
    @inline(__always)
    private static func bound(_ b: inout UnsafeMutablePointer<Int>, _ capacity: inout Int, _ k: Int, _ start: Int, _ end: Int) {
        if k == capacity {
            let more = UnsafeMutablePointer<Int>.allocate(capacity: 4 * capacity)
            more.update(from: b, count: 2 * capacity)
            b.deallocate()
            b = more
            capacity *= 2
        }
        b[2 * k] = start
        b[2 * k + 1] = end
    }

    /// Hands every record of the file, in order, to `body`.
    public func forEach(_ body: (CSVRecord) throws -> Void) throws {
        var start = 0, ended = false
        while true {
            try buffer.withUnsafeBufferPointer { buf in
                while let next = try record(buf, from: start, ended: ended, body) { start = next }
            }
            if ended { return }
            if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: pieceBytes) ?? Data()
            } catch {
                throw DataError(file: file, "cannot be read: \(error.localizedDescription)")
            }
            if chunk.isEmpty {
                ended = true
            } else {
                chunk.withUnsafeBytes { raw in
                    observe?(raw)
                    buffer.append(contentsOf: raw)
                }
            }
        }
    }

    /// What a byte is to the fast path: 0 a byte of a field, 1 a comma, 2 a newline, 3 a byte
    /// that sends the record to `CSVRecordParser` (a quote, a CR, anything beyond ASCII).
    private let classes: UnsafeMutablePointer<UInt8>

    /// Hands over the record that starts at `s`, if it is complete (ends with a newline, or
    /// the file has ended), and returns where the next one starts; nil when it needs more bytes.
    private func record(_ buf: UnsafeBufferPointer<UInt8>, from s: Int, ended: Bool, _ body: (CSVRecord) throws -> Void) throws -> Int? {
        let n = buf.count
        guard s < n, let p = buf.baseAddress else { return nil }
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n")
        var i = s, fieldStart = s, stop: UInt8 = 0, fields = 0
        var b = bounds, capacity = boundsCapacity
        defer {
            bounds = b
            boundsCapacity = capacity
        }
        let classes = self.classes
        while i < n {
            let k = classes[Int(p[i])]
            if k != 0 {
                if k != 1 {
                    stop = k
                    break
                }
                Self.bound(&b, &capacity, fields, fieldStart - s, i - s)
                fields += 1
                fieldStart = i + 1
            }
            i += 1
        }
        if stop != 3 {
            if i == n && !ended { return nil }
            atStart = false
            if i == s {
                // A blank line: the grammar skips it.
                line += 1
                return i + 1
            }
            Self.bound(&b, &capacity, fields, fieldStart - s, i - s)
            fields += 1
            let at = line
            line += 1
            try body(CSVRecord(line: at, count: fields, plain: true, base: p + s, bounds: b))
            return i < n ? i + 1 : n
        }
        // The end of the record: the first newline outside quotes (a doubled quote toggles twice).
        var j = s, quoted = false, breaks = 0
        while j < n {
            let c = p[j]
            if c == quote {
                quoted.toggle()
            } else if c == lf {
                if !quoted { break }
                breaks += 1
            }
            j += 1
        }
        if j == n && !ended { return nil }
        let end = j < n ? j + 1 : n
        var parser = atStart ? CSVRecordParser(file: file) : CSVRecordParser(file: file, line: line)
        atStart = false
        var parsed: [String]?
        let at = line
        try parser.feed(UnsafeBufferPointer(rebasing: buf[s..<end])) { r, _ in parsed = r }
        if j == n { try parser.finish { r, _ in parsed = r } }
        line += breaks + 1
        if let parsed {
            scratch.removeAll(keepingCapacity: true)
            for (k, f) in parsed.enumerated() {
                let start = scratch.count
                scratch.append(contentsOf: f.utf8)
                Self.bound(&b, &capacity, k, start, scratch.count)
            }
            // Fields that are all empty still need an address to point at.
            scratch.append(0)
            try scratch.withUnsafeBufferPointer { sb in
                try body(CSVRecord(line: at, count: parsed.count, plain: false, base: sb.baseAddress!, bounds: b))
            }
        }
        return end
    }
}
