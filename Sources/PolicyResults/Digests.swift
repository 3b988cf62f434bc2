// SPDX-License-Identifier: GPL-3.0-or-later
import Crypto
import Foundation
import PolicyModel

/// SHA-256 (FIPS 180-4) as lower-case hex, from swift-crypto's incremental hasher: of files read
/// a piece at a time, of a folder's files, and of bytes as they are written.
public struct SHA256Hex {
    private var hasher = Crypto.SHA256()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }
    public mutating func update(_ data: Data) { hasher.update(data: data) }

    /// The digest of everything fed so far.
    public func hex() -> String {
        hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// SHA-256 of some bytes.
    public static func of(_ data: Data) -> String {
        var h = SHA256Hex()
        h.update(data)
        return h.hex()
    }

    /// SHA-256 of a file's contents, read a megabyte at a time.
    public static func file(_ url: URL) throws -> String {
        var h = SHA256Hex()
        try h.updateWithFile(url)
        return h.hex()
    }

    /// `chunk`: bytes read at a time.
    mutating func updateWithFile(_ url: URL, chunk: Int = 1 << 20) throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw DigestError(description: "\(displayPath(url)) cannot be read (missing, or not a file)")
        }
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: chunk), !chunk.isEmpty { update(chunk) }
    }

    /// SHA-256 of a folder: of each file's name, a zero byte and its contents, in name order
    /// (hidden files left out).
    public static func folder(_ folder: URL) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        var h = SHA256Hex()
        for name in names {
            h.update(Data(name.utf8) + Data([0]))
            try h.updateWithFile(folder.appendingPathComponent(name))
        }
        return h.hex()
    }
}

public struct DigestError: Error, CustomStringConvertible {
    public var description: String
}
