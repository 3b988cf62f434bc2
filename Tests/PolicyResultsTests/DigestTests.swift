// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import PolicyResults

/// SHA-256 against the test vectors of FIPS 180-2, Appendix B (and its "one million a"),
/// read whole and streamed from files in pieces smaller than the message.
@Suite struct DigestTests {
    static let vectors: [(message: String, repeats: Int, digest: String)] = [
        ("", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("a", 1_000_000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ]

    @Test(arguments: vectors.indices)
    func publishedVectors(_ k: Int) throws {
        let v = DigestTests.vectors[k]
        let data = Data(String(repeating: v.message, count: v.repeats).utf8)
        #expect(SHA256Hex.of(data) == v.digest)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-digest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try data.write(to: file)
        #expect(try SHA256Hex.file(file) == v.digest)
        // 4,096-byte pieces: the million-byte message crosses 245 piece boundaries.
        var streamed = SHA256Hex()
        try streamed.updateWithFile(file, chunk: 4096)
        #expect(streamed.hex() == v.digest)
    }

    /// A folder's hash is the hash of "name\0contents" of each file in name order, hidden files
    /// left out: here the FIPS 180-2 two-block message split over two files.
    @Test func folderHashIsTheHashOfNamesAndContentsInOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-folder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("efghfghighijhijkijkljklmklmnlmnomnopnopq".utf8).write(to: folder.appendingPathComponent("b"))
        try Data("bcdbcdecdefdefg".utf8).write(to: folder.appendingPathComponent("a"))
        try Data("ignored".utf8).write(to: folder.appendingPathComponent(".hidden"))
        let joined = "a\u{0}bcdbcdecdefdefgb\u{0}efghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(try SHA256Hex.folder(folder) == SHA256Hex.of(Data(joined.utf8)))
        #expect(try SHA256Hex.folder(folder) != SHA256Hex.of(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
    }
}
