// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel

/// Writes a result folder: its files stream into a staging folder (see `StagingFolder`), each
/// counted and hashed on its way to disk, then `manifest.json` lists them, and the folder is
/// published. Nothing is in place until every file is written.
public final class ResultWriter {
    public let staging: StagingFolder
    public private(set) var records: [String: RunManifest.FileRecord] = [:]

    /// Checks the target and creates the staging folder: call before the work, so that an
    /// existing or unwritable target is refused at once.
    public init(_ path: String, force: Bool) throws {
        staging = try StagingFolder(path, kind: RunManifest.folderKind, force: force)
    }

    public var display: String { staging.display }

    /// Streams one CSV file; `body` writes its text in pieces.
    public func file(_ name: String, _ body: (ResultFile) throws -> Void) throws {
        let file = ResultFile(try staging.create(name))
        try body(file)
        records[name] = try file.finish()
    }

    public func file(_ name: String, text: String) throws {
        try file(name) { try $0.write(text) }
    }

    /// Puts a file of another folder in unchanged, with its record from that folder's manifest.
    public func add(_ name: String, from source: URL, record: RunManifest.FileRecord) throws {
        try staging.add(name, from: source)
        records[name] = record
    }

    /// Writes the manifest, listing every file written, and publishes the folder.
    public func finish(_ manifest: RunManifest) throws {
        var m = manifest
        m.files = records
        try staging.write("manifest.json", try m.json())
        try staging.publish()
    }
}

/// One file being written: its bytes hashed and its CSV records counted as they go to disk.
public final class ResultFile {
    private let sink: FileSink
    private var hasher = SHA256Hex()
    private var counter = RecordCounter()

    init(_ sink: FileSink) {
        self.sink = sink
        sink.observe = { [unowned self] bytes in
            self.hasher.update(bytes)
            self.counter.feed(bytes)
        }
    }

    public func write(_ text: String) throws { try sink.write(text) }

    func finish() throws -> RunManifest.FileRecord {
        try sink.finish()
        return RunManifest.FileRecord(rows: max(0, counter.records - 1), sha256: hasher.hex())
    }
}

/// Counts the records of CSV text as it streams by: line ends outside quotes (a doubled quote
/// inside a quoted field toggles twice, so it changes nothing), plus a last line without one.
/// For text that `CSV.line` wrote it agrees with `CSVRecordParser`'s count.
struct RecordCounter {
    private var inQuotes = false
    private var lineEnds = 0
    private var pending = false

    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        for b in bytes {
            if b == 0x22 {
                inQuotes.toggle()
                pending = true
            } else if b == 0x0A && !inQuotes {
                lineEnds += 1
                pending = false
            } else if b != 0x0D {
                pending = true
            }
        }
    }

    var records: Int { lineEnds + (pending ? 1 : 0) }
}
