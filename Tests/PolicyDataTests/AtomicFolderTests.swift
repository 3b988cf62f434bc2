// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import PolicyData
#if canImport(Glibc)
import Glibc
#endif

/// Publishing folders: exclusive, exchanging, never losing the old folder, leaving nothing
/// behind. Faults are injected through the renames a publish uses.
@Suite struct AtomicFolderTests {
    /// A folder kind recognised by a file named `kind.txt`.
    static let kind = FolderKind(name: "a test folder") { FileManager.default.fileExists(atPath: $0.appendingPathComponent("kind.txt").path) }

    final class Sandbox {
        let root: URL
        init() {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-atomic-\(UUID().uuidString)")
            try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: root) }
        func path(_ name: String) -> String { root.appendingPathComponent(name).path }
        /// A folder of the test kind holding `content`.
        func old(_ name: String, _ content: String) throws {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try Data("yes".utf8).write(to: url.appendingPathComponent("kind.txt"))
            try Data(content.utf8).write(to: url.appendingPathComponent("data.txt"))
        }
        func read(_ name: String) -> String? {
            try? String(contentsOfFile: path(name) + "/data.txt", encoding: .utf8)
        }
        var entries: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted() }
    }

    func stage(_ path: String, force: Bool = false, renamer: Renamer = .system) throws -> StagingFolder {
        let s = try StagingFolder(path, kind: AtomicFolderTests.kind, force: force, existsHint: "pass --force", renamer: renamer)
        try s.write("kind.txt", Data("yes".utf8))
        return s
    }

    @Test func aNewFolderAppearsWholeAndNothingIsLeftBeside() throws {
        let box = Sandbox()
        let s = try stage(box.path("out"))
        try s.write("data.txt", Data("new".utf8))
        #expect(box.entries.count == 1 && box.entries[0].hasPrefix(".out.tmp-"), "the files go to a hidden sibling first")
        try s.publish()
        #expect(box.read("out") == "new")
        #expect(box.entries == ["out"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.path("out")).sorted() == ["data.txt", "kind.txt"])
    }

    @Test func anExistingFolderIsRefusedWithoutForceAndKept() throws {
        let box = Sandbox()
        try box.old("out", "old")
        #expect(throws: FileWriteError.self) { _ = try stage(box.path("out")) }
        do { _ = try stage(box.path("out")) } catch let e as FileWriteError {
            #expect(e.kind == .alreadyExists && e.description.hasSuffix("out already exists; pass --force"))
        }
        #expect(box.read("out") == "old" && box.entries == ["out"])
    }

    @Test func forceReplacesOnlyAFolderOfItsKind() throws {
        let box = Sandbox()
        try FileManager.default.createDirectory(atPath: box.path("inputs"), withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: URL(fileURLWithPath: box.path("inputs/scenario.yaml")))
        do {
            _ = try stage(box.path("inputs"), force: true)
            Issue.record("a folder of another kind was accepted for replacing")
        } catch let e as FileWriteError {
            #expect(e.kind == .notReplaceable && e.description.contains("inputs exists and is not a test folder"))
        }
        #expect(box.entries == ["inputs"])
        #expect(try String(contentsOfFile: box.path("inputs/scenario.yaml"), encoding: .utf8) == "precious")

        try box.old("out", "old")
        let s = try stage(box.path("out"), force: true)
        try s.write("data.txt", Data("new".utf8))
        try s.publish()
        #expect(box.read("out") == "new")
        #expect(box.entries == ["inputs", "out"])
    }

    /// Two writers of one new folder, both started before either finished: exactly one wins,
    /// the other is told the folder exists, and the winner's files are what is there.
    @Test func ofTwoRacingWritersExactlyOneWins() throws {
        let box = Sandbox()
        let a = try stage(box.path("out")), b = try stage(box.path("out"))
        try a.write("data.txt", Data("a".utf8))
        try b.write("data.txt", Data("b".utf8))
        try a.publish()
        do {
            try b.publish()
            Issue.record("both writers published")
        } catch let e as FileWriteError {
            #expect(e.kind == .alreadyExists && e.description.contains("made by another program while this one worked"))
        }
        b.discard()
        #expect(box.read("out") == "a")
        #expect(box.entries == ["out"])
    }

    /// A failed exchange changes nothing: the old folder is intact and the new files are gone.
    @Test func aFailedExchangeKeepsTheOldFolder() throws {
        let box = Sandbox()
        try box.old("out", "old")
        let failing = Renamer { from, to, mode in mode == .exchange ? EIO : Renamer.system.rename(from, to, mode) }
        do {
            let s = try stage(box.path("out"), force: true, renamer: failing)
            try s.write("data.txt", Data("new".utf8))
            try s.publish()
            Issue.record("the publish did not fail")
        } catch let e as FileWriteError {
            #expect(e.kind == .cannotWrite && e.description.contains("cannot move the finished folder into place") && e.description.contains("nothing was replaced"))
        }
        #expect(box.read("out") == "old")
        #expect(box.entries == ["out"])
    }

    /// Where the file system has no exchange, the old folder moves aside and moves back when
    /// the new one cannot take its place.
    @Test func withoutExchangeTheOldFolderIsMovedBackWhenTheSwapFails() throws {
        let box = Sandbox()
        try box.old("out", "old")
        let noExchange = Renamer { from, to, mode in
            if mode == .exchange { return EINVAL }
            if from.contains(".tmp-") && mode == .plain { return EIO }
            return Renamer.system.rename(from, to, mode)
        }
        do {
            let s = try stage(box.path("out"), force: true, renamer: noExchange)
            try s.write("data.txt", Data("new".utf8))
            try s.publish()
            Issue.record("the publish did not fail")
        } catch let e as FileWriteError {
            #expect(e.kind == .cannotWrite)
        }
        #expect(box.read("out") == "old")
        #expect(box.entries == ["out"])

        // The same without the fault: the new folder in place, nothing left aside.
        let works = Renamer { from, to, mode in mode == .exchange ? EINVAL : Renamer.system.rename(from, to, mode) }
        let s = try stage(box.path("out"), force: true, renamer: works)
        try s.write("data.txt", Data("new".utf8))
        try s.publish()
        #expect(box.read("out") == "new" && box.entries == ["out"])
    }

    /// If even the move back fails, the message says where the old folder is, and it is there.
    @Test func whenNothingCanBeMovedBackTheMessageSaysWhereTheOldFolderIs() throws {
        let box = Sandbox()
        try box.old("out", "old")
        let broken = Renamer { from, to, mode in
            if mode == .exchange { return EINVAL }
            if mode == .plain && (from.contains(".tmp-") || from.contains(".old-")) { return EIO }
            return Renamer.system.rename(from, to, mode)
        }
        var message = ""
        do {
            let s = try stage(box.path("out"), force: true, renamer: broken)
            try s.publish()
        } catch let e as FileWriteError {
            message = e.description
        }
        let aside = box.entries.first { $0.hasPrefix(".out.old-") }
        #expect(aside != nil && message.contains(aside ?? "?") && message.contains("move it back with `mv"), "\(message)")
        if let aside { #expect(box.read(aside) == "old") }
    }

    /// What a killed process left is removed by the next writer into the same folder, once the
    /// process is gone; a folder moved aside whose original is missing is moved back.
    @Test func leftoversOfDeadProcessesAreRemovedAndALostOldFolderIsMovedBack() throws {
        let box = Sandbox()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        let dead = p.processIdentifier, host = StagingFolder.host
        for name in [".a.tmp-\(host)-\(dead)-1", ".b.tmp-\(host)-1"] {
            try FileManager.default.createDirectory(atPath: box.path(name), withIntermediateDirectories: true)
            try Data().write(to: URL(fileURLWithPath: box.path(name + "/" + StagingFolder.marker)))
        }
        try box.old(".c.old-\(host)-\(dead)", "only copy")
        try FileManager.default.createDirectory(atPath: box.path(".d.tmp-\(host)-\(dead)-1"), withIntermediateDirectories: true)
        try Data("not ours".utf8).write(to: URL(fileURLWithPath: box.path(".d.tmp-\(host)-\(dead)-1/x")))
        let s = try stage(box.path("out"))
        try s.publish()
        // .a (dead, ours) removed; .b (pid 1, alive) kept; .c moved back to c; .d (no marker) kept.
        #expect(box.entries == [".b.tmp-\(host)-1", ".d.tmp-\(host)-\(dead)-1", "c", "out"], "\(box.entries)")
        #expect(box.read("c") == "only copy")
    }

    @Test(arguments: ["", ".", "..", "Results/..", "Results/.", "/"])
    func pathsThatNameNoFolderOfTheirOwnAreRefused(_ path: String) throws {
        do {
            _ = try stage(path, force: true)
            Issue.record("'\(path)' was accepted")
        } catch let e as FileWriteError {
            #expect(e.kind == .invalidTarget)
        }
    }

    @Test func theCurrentFolderAndItsParentsAreRefused() throws {
        for path in [FileManager.default.currentDirectoryPath, URL(fileURLWithPath: FileManager.default.currentDirectoryPath).deletingLastPathComponent().path] {
            do {
                _ = try stage(path, force: true)
                Issue.record("'\(path)' was accepted")
            } catch let e as FileWriteError {
                #expect(e.kind == .invalidTarget && e.description.contains("is the current folder or holds it"))
            }
        }
    }

    /// A write that finds the disk full (/dev/full answers every write with ENOSPC) says so, with
    /// the file's name and the remedy.
    @Test func aFullDiskIsSaidInWords() throws {
        let sink = try FileSink(path: "/dev/full", display: "Results/x/output.csv", exclusive: false)
        do {
            try sink.write(Data(repeating: 65, count: 2 << 20))
            try sink.finish()
            Issue.record("the write did not fail")
        } catch let e as FileWriteError {
            #expect(e.description == "cannot write Results/x/output.csv: the disk is full; free some space, or write elsewhere (--out)")
        }
    }

    @Test func aSingleFileIsNotReplacedWithoutForce() throws {
        let box = Sandbox()
        let url = URL(fileURLWithPath: box.path("table.csv"))
        try AtomicFile.write(Data("one".utf8), to: url, force: false)
        #expect(throws: FileWriteError.self) { try AtomicFile.write(Data("two".utf8), to: url, force: false) }
        #expect(try String(contentsOf: url, encoding: .utf8) == "one")
        try AtomicFile.write(Data("two".utf8), to: url, force: true)
        #expect(try String(contentsOf: url, encoding: .utf8) == "two")
        #expect(box.entries == ["table.csv"])
    }
}
