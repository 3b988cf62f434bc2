// SPDX-License-Identifier: GPL-3.0-or-later
import Dispatch
import Foundation
import PolicyModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CFileSystem

/// Why a folder or file could not be written, in words that name the path and the remedy.
public struct FileWriteError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// The target exists and may not be replaced (no --force).
        case alreadyExists
        /// The target exists and is not a folder of the kind that may be replaced.
        case notReplaceable
        /// The target names no folder that can be written: empty, `.`, `..`, the current folder.
        case invalidTarget
        /// The system refused: disk full, read-only, permission, a failed rename.
        case cannotWrite
    }

    public var kind: Kind
    public var description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// A Foundation error of a file operation, in words (`action`: "cannot write X").
    public static func from(_ error: Error, _ action: String) -> FileWriteError {
        if let e = error as? FileWriteError { return e }
        return StagingFolder.systemError(error, action)
    }

    /// `action` says what failed, with the path ("cannot create Results/x/output.csv").
    public static func system(_ code: Int32, _ action: String) -> FileWriteError {
        let reason: String
        switch code {
        case ENOSPC: reason = "the disk is full; free some space, or write elsewhere (--out)"
        case EDQUOT: reason = "the disk quota is used up; free some space, or write elsewhere (--out)"
        case EROFS: reason = "the file system is read-only; write elsewhere (--out)"
        case EACCES, EPERM: reason = "permission denied; write into a folder you may change (--out)"
        case ENOENT: reason = "a folder on its path does not exist"
        case ENOTDIR: reason = "a part of its path is a file, not a folder"
        case ENAMETOOLONG: reason = "the name is too long for the file system"
        case EFBIG: reason = "the file would pass this process's file size limit (ulimit -f)"
        case EXDEV: reason = "it would move the folder to another file system"
        case EIO: reason = "the disk reported an input/output error"
        default: reason = String(cString: strerror(code))
        }
        return FileWriteError(.cannotWrite, "\(action): \(reason)")
    }
}

/// A file written through a megabyte buffer, synced to disk when closed. `observe` sees every
/// byte in order as it goes to the file (to hash it).
public final class FileSink {
    /// The path shown in messages: where the file will be once its folder is published.
    public let display: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private static let capacity = 1 << 20
    public var observe: ((UnsafeRawBufferPointer) -> Void)?
    public private(set) var bytesWritten = 0

    /// `exclusive`: refuse a file that exists (always, but for tests on devices).
    init(path: String, display: String, exclusive: Bool = true) throws {
        self.display = display
        fd = open(path, O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC) | O_CLOEXEC, 0o644)
        if fd < 0 { throw FileWriteError.system(errno, "cannot create \(display)") }
        buffer.reserveCapacity(FileSink.capacity)
    }

    deinit { if fd >= 0 { _ = close(fd) } }

    public func write(_ text: String) throws {
        var copy = text
        try copy.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    public func write(_ data: Data) throws {
        try data.withUnsafeBytes { try write($0) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count > FileSink.capacity { try flush() }
        if bytes.count >= FileSink.capacity {
            try put(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try put($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func put(_ bytes: UnsafeRawBufferPointer) throws {
        observe?(bytes)
        var done = 0
        while done < bytes.count {
            let n = systemWrite(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileWriteError.system(errno, "cannot write \(display)")
            }
            done += n
        }
        bytesWritten += bytes.count
    }

    /// Writes what is buffered, syncs the file to disk and closes it.
    public func finish() throws {
        try flush()
        if fsync(fd) != 0 && errno != EINVAL { throw FileWriteError.system(errno, "cannot write \(display)") }
        let status = close(fd)
        fd = -1
        if status != 0 { throw FileWriteError.system(errno, "cannot write \(display)") }
    }
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}

/// A kind of folder that `StagingFolder` may replace (with `force`), and that it recognises in
/// temporary folders left behind by a killed process.
public struct FolderKind: Sendable {
    /// "a policysim result folder", for messages.
    public var name: String
    /// How to tell one: by its manifest.
    public var recognises: @Sendable (URL) -> Bool

    public init(name: String, recognises: @escaping @Sendable (URL) -> Bool) {
        self.name = name
        self.recognises = recognises
    }
}

/// The renames a publish uses; tests inject failing ones.
struct Renamer: Sendable {
    enum Mode: Int32 { case plain = 0, noReplace = 1, exchange = 2 }
    /// 0, or the errno of the failure.
    var rename: @Sendable (String, String, Mode) -> Int32

    static let system = Renamer { from, to, mode in
        policysim_rename(from, to, mode.rawValue) == 0 ? 0 : errno
    }
}

/// A folder written all at once. Files go into a temporary sibling folder,
/// `.NAME.tmp-HOST-PID-K`, created before the work starts (so an unwritable target is found
/// before a long run, not after it) and published when every file is written and synced:
///
/// - to a new target with an exclusive rename (`renameat2(RENAME_NOREPLACE)` on Linux,
///   `renamex_np(RENAME_EXCL)` on macOS), so of two runs that race for one target exactly
///   one wins and the other is told the target already exists;
/// - over an existing target, only with `force` and only if the target is of `kind`, with an
///   atomic exchange (`RENAME_EXCHANGE`, `RENAME_SWAP`), so the target is at every moment
///   either the old folder or the new one, and a failed exchange changes nothing. Where the
///   file system cannot exchange, the old folder is moved aside and moved back if the new one
///   cannot take its place.
///
/// The temporary folder is removed on failure, on SIGINT and SIGTERM (`removeOnSignals`), and,
/// after a SIGKILL, by the next publish into the same parent folder from the same host, once
/// its process is gone.
public final class StagingFolder: @unchecked Sendable {
    /// The folder being made, as given and as shown in messages.
    public let target: URL
    public let display: String
    /// The temporary folder the files go into.
    public let url: URL
    let kind: FolderKind
    let force: Bool
    let renamer: Renamer
    private var finished = false
    static let marker = ".policysim-staging"

    /// Checks the target and creates the temporary folder. Throws `FileWriteError`:
    /// `.invalidTarget` for an empty path, one ending in `.` or `..`, or one holding the current
    /// folder; `.alreadyExists` when the target exists and `force` is false; `.notReplaceable`
    /// when it exists and is not of `kind`; `.cannotWrite` when the parent cannot be written.
    public convenience init(_ path: String, kind: FolderKind, force: Bool, existsHint: String = "pass --force to replace it, or --out to write elsewhere") throws {
        try self.init(path, kind: kind, force: force, existsHint: existsHint, renamer: .system)
    }

    init(_ path: String, kind: FolderKind, force: Bool, existsHint: String, renamer: Renamer) throws {
        let target = try StagingFolder.checkTarget(path)
        self.target = target
        self.display = displayPath(target)
        self.kind = kind
        self.force = force
        self.renamer = renamer
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        url = parent.appendingPathComponent(".\(name).tmp-\(StagingFolder.host)-\(getpid())-\(StagingRegistry.shared.sequence())")
        if let existing = StagingFolder.existingKind(target.path) {
            if !force { throw FileWriteError(.alreadyExists, "\(display) already exists; \(existsHint)") }
            guard existing == .directory, kind.recognises(target) else {
                throw FileWriteError(.notReplaceable, "\(display) exists and is not \(kind.name); only \(kind.name) is replaced, so nothing was changed; write elsewhere (--out)")
            }
        }
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw StagingFolder.systemError(error, "cannot create the folder \(displayPath(parent))")
        }
        StagingFolder.removeStale(in: parent, kind: kind)
        if fm.fileExists(atPath: url.path) { try? fm.removeItem(at: url) }
        if mkdir(url.path, 0o755) != 0 { throw FileWriteError.system(errno, "cannot write into \(displayPath(parent)) (to make \(display))") }
        StagingRegistry.shared.add(url.path)
        let probe = open(url.appendingPathComponent(StagingFolder.marker).path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        if probe < 0 {
            let code = errno
            discard()
            throw FileWriteError.system(code, "cannot write into \(displayPath(parent)) (to make \(display))")
        }
        _ = close(probe)
    }

    deinit { if !finished { discard() } }

    /// The file `name` of the folder, to write to.
    public func create(_ name: String) throws -> FileSink {
        try FileSink(path: url.appendingPathComponent(name).path, display: displayPath(target.appendingPathComponent(name)))
    }

    /// Writes a whole file.
    public func write(_ name: String, _ data: Data) throws {
        let sink = try create(name)
        try sink.write(data)
        try sink.finish()
    }

    /// Puts an existing file into the folder unchanged: a hard link where the file system allows
    /// it, else a copy.
    public func add(_ name: String, from source: URL) throws {
        let destination = url.appendingPathComponent(name)
        if link(source.path, destination.path) == 0 { return }
        do {
            try FileManager.default.copyItem(at: source, to: destination)
        } catch {
            throw StagingFolder.systemError(error, "cannot copy \(displayPath(source)) into \(display)")
        }
    }

    /// Refuses to start when the target's disk has less free space than `bytes`.
    public func requireSpace(_ bytes: Int64, for what: String) throws {
        var s = statvfs()
        guard statvfs(url.path, &s) == 0 else { return }
        let free = Int64(s.f_bavail) * Int64(s.f_frsize)
        if free < bytes {
            throw FileWriteError(.cannotWrite, "\(display) would need about \(megabytes(bytes)) for \(what), and its disk has \(megabytes(free)) free; free some space, or write elsewhere (--out)")
        }
    }

    /// Removes the temporary folder and everything in it.
    public func discard() {
        guard !finished else { return }
        finished = true
        StagingRegistry.shared.remove(url.path) { try? FileManager.default.removeItem(at: url) }
    }

    /// Moves the finished folder into place (see the type's documentation).
    public func publish() throws {
        precondition(!finished, "a staging folder is published once")
        unlink(url.appendingPathComponent(StagingFolder.marker).path)
        StagingFolder.sync(url.path)
        try StagingRegistry.shared.locked {
            let code = try place()
            if code != 0 { throw FileWriteError.system(code, "cannot move the finished folder into place as \(display); nothing was replaced") }
        }
        StagingFolder.sync(target.deletingLastPathComponent().path)
    }

    /// Under the registry lock, so a signal cannot remove a folder half-way through the renames.
    /// Returns 0 when the folder is in place, or the errno of a failure that changed nothing.
    private func place() throws -> Int32 {
        var code = renamer.rename(url.path, target.path, .noReplace)
        if [EINVAL, ENOSYS, ENOTSUP, EOPNOTSUPP].contains(code) {
            // No exclusive rename here. rename(2) refuses to replace a folder that is not
            // empty, so at worst an empty folder made meanwhile is replaced.
            code = renamer.rename(url.path, target.path, .plain)
        }
        if code == 0 { return done(removing: nil) }
        guard code == EEXIST || code == ENOTEMPTY else { return code }
        guard force else {
            throw FileWriteError(.alreadyExists, "\(display) already exists: it was made by another program while this one worked; nothing was replaced, and this run's files were discarded")
        }
        guard StagingFolder.existingKind(target.path) == .directory, kind.recognises(target) else {
            throw FileWriteError(.notReplaceable, "\(display) exists and is not \(kind.name); only \(kind.name) is replaced, so nothing was changed; write elsewhere (--out)")
        }
        code = renamer.rename(url.path, target.path, .exchange)
        if code == 0 {
            // `url` now holds the folder that was replaced. If it is not what was checked a
            // moment ago, something replaced the target meanwhile: swap back.
            guard kind.recognises(url) else {
                if renamer.rename(url.path, target.path, .exchange) == 0 {
                    throw FileWriteError(.notReplaceable, "\(display) was replaced by something that is not \(kind.name) while this run worked; it was left as it is")
                }
                // Not ours to remove.
                finished = true
                StagingRegistry.shared.removeLocked(url.path)
                throw FileWriteError(.cannotWrite, "\(display) was replaced by something else while this run worked, and it could not be put back: that folder is now \(displayPath(url)); move it back with mv")
            }
            return done(removing: url)
        }
        guard [EINVAL, ENOSYS, ENOTSUP, EOPNOTSUPP].contains(code) else { return code }
        return try replaceInTwoSteps()
    }

    /// For file systems without an atomic exchange: the old folder moves aside, the new one
    /// takes its place, and the old one moves back if that fails.
    private func replaceInTwoSteps() throws -> Int32 {
        let name = target.lastPathComponent
        let old = target.deletingLastPathComponent().appendingPathComponent(".\(name).old-\(StagingFolder.host)-\(getpid())")
        try? FileManager.default.removeItem(at: old)
        let aside = renamer.rename(target.path, old.path, .plain)
        if aside != 0 { return aside }
        let moved = renamer.rename(url.path, target.path, .plain)
        if moved == 0 { return done(removing: old) }
        if renamer.rename(old.path, target.path, .plain) == 0 { return moved }
        throw FileWriteError(.cannotWrite, "cannot move the finished folder into place as \(display) (\(String(cString: strerror(moved)))), and the old folder could not be moved back: it is \(displayPath(old)); move it back with `mv \(displayPath(old)) \(display)`")
    }

    private func done(removing replaced: URL?) -> Int32 {
        finished = true
        StagingRegistry.shared.removeLocked(url.path)
        if let replaced { try? FileManager.default.removeItem(at: replaced) }
        return 0
    }

    // MARK: - Helpers

    /// The host part of temporary names: a process id means something only on its own host
    /// (result folders may sit on a disk shared by the nodes of a cluster).
    static let host: String = {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        let text = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let clean = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "_" })
        return clean.isEmpty ? "host" : clean
    }()

    enum Existing { case directory, other }

    static func existingKind(_ path: String) -> Existing? {
        var s = stat()
        guard lstat(path, &s) == 0 else { return nil }
        return (s.st_mode & S_IFMT) == S_IFDIR ? .directory : .other
    }

    static func checkTarget(_ path: String) throws -> URL {
        guard !path.isEmpty else {
            throw FileWriteError(.invalidTarget, "the output folder is an empty path; name a folder, such as --out Results/NAME")
        }
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        guard last != "." && last != ".." && !last.isEmpty else {
            throw FileWriteError(.invalidTarget, "'\(path)' names a folder by '.', '..' or '/'; give the folder its own name, such as --out Results/NAME")
        }
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let resolved = target.resolvingSymlinksInPath().path
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).resolvingSymlinksInPath().path
        if cwd == resolved || cwd.hasPrefix(resolved + "/") {
            throw FileWriteError(.invalidTarget, "'\(path)' is the current folder or holds it; write the result into a folder of its own, such as --out Results/NAME")
        }
        return target
    }

    /// Removes what killed processes of this host left in `parent`: their temporary folders
    /// (`.NAME.tmp-HOST-PID`, holding the staging marker or, after an exchange, the replaced
    /// folder) and folders moved aside (`.NAME.old-HOST-PID`). A folder moved aside whose target
    /// is missing is the only copy left by a kill between two renames: it is moved back.
    static func removeStale(in parent: URL, kind: FolderKind) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for entry in names where entry.hasPrefix(".") {
            for tag in [".tmp-", ".old-"] {
                let prefix = "\(tag)\(host)-"
                // PID, or PID-SEQUENCE.
                guard let range = entry.range(of: prefix, options: .backwards),
                      let pid = entry[range.upperBound...].split(separator: "-").first.flatMap({ Int32($0) }),
                      pid != getpid(), !alive(pid) else { continue }
                let url = parent.appendingPathComponent(entry)
                guard let existing = existingKind(url.path) else { continue }
                if existing == .other {
                    // A file of `AtomicFile`.
                    if tag == ".tmp-" { unlink(url.path) }
                    continue
                }
                let name = String(entry[entry.index(after: entry.startIndex)..<range.lowerBound])
                let original = parent.appendingPathComponent(name)
                if tag == ".old-" && kind.recognises(url) && existingKind(original.path) == nil && !name.isEmpty {
                    _ = policysim_rename(url.path, original.path, Renamer.Mode.noReplace.rawValue)
                    continue
                }
                if fm.fileExists(atPath: url.appendingPathComponent(marker).path) || kind.recognises(url) {
                    try? fm.removeItem(at: url)
                }
            }
        }
    }

    static func alive(_ pid: Int32) -> Bool { kill(pid, 0) == 0 || errno != ESRCH }

    static func sync(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = close(fd)
    }

    /// A Foundation error of a file operation, in words (its POSIX code when it has one).
    static func systemError(_ error: Error, _ action: String) -> FileWriteError {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return .system(Int32(underlying.code), action)
        }
        if ns.domain == NSPOSIXErrorDomain { return .system(Int32(ns.code), action) }
        switch ns.code {
        case CocoaError.fileWriteOutOfSpace.rawValue: return .system(ENOSPC, action)
        case CocoaError.fileWriteVolumeReadOnly.rawValue: return .system(EROFS, action)
        case CocoaError.fileWriteNoPermission.rawValue: return .system(EACCES, action)
        default: return FileWriteError(.cannotWrite, "\(action): \(ns.localizedDescription)")
        }
    }

    /// Removes every folder still being written when SIGINT, SIGTERM or SIGHUP arrives, then
    /// exits with 128 + the signal number. Call once, early.
    public static func removeOnSignals() {
        StagingRegistry.shared.installHandlers()
    }
}

/// "12.3 MB".
func megabytes(_ bytes: Int64) -> String {
    let mb = Double(bytes) / 1e6
    return mb >= 100 ? String(format: "%.0f MB", mb) : String(format: "%.1f MB", mb)
}

/// The temporary folders being written, for the signal handlers.
final class StagingRegistry: @unchecked Sendable {
    static let shared = StagingRegistry()
    private let lock = NSLock()
    private var paths: Set<String> = []
    private var sources: [DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "policysim.signals")

    private var counter = 0

    func add(_ path: String) { lock.lock(); paths.insert(path); lock.unlock() }

    /// A number new to this process, so that its temporary names never collide.
    func sequence() -> Int {
        lock.lock()
        defer { lock.unlock() }
        counter += 1
        return counter
    }

    /// Unregisters `path` and runs `body` (its removal) while no signal handler can run.
    func remove(_ path: String, _ body: () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        paths.remove(path)
        body()
    }

    /// For callers that hold the lock already (inside `locked`).
    func removeLocked(_ path: String) { paths.remove(path) }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    func installHandlers() {
        lock.lock()
        defer { lock.unlock() }
        guard sources.isEmpty else { return }
        // A write past `ulimit -f` fails with EFBIG and a message instead of killing the process.
        signal(SIGXFSZ, SIG_IGN)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { [unowned self] in self.interrupted(sig) }
            source.resume()
            sources.append(source)
        }
    }

    private func interrupted(_ sig: Int32) -> Never {
        lock.lock()
        for p in paths { try? FileManager.default.removeItem(atPath: p) }
        let removed = paths.map { displayPath($0) }.sorted()
        let name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP"
        let note = removed.isEmpty ? "" : "; removed the unfinished \(removed.joined(separator: ", "))"
        FileHandle.standardError.write(Data("policysim: interrupted (\(name))\(note); nothing was replaced\n".utf8))
        _exit(128 + sig)
    }
}

/// Writes a folder atomically from files held in memory (see `StagingFolder`).
public enum AtomicFolder {
    public static func write(_ files: [(String, Data)], to folder: URL, kind: FolderKind, force: Bool) throws {
        let staging = try StagingFolder(folder.path, kind: kind, force: force)
        for (name, data) in files { try staging.write(name, data) }
        try staging.publish()
    }
}

/// A single file written atomically: into a temporary sibling, then renamed into place,
/// exclusively unless `force`.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL, force: Bool) throws {
        let display = displayPath(url)
        let name = url.lastPathComponent
        guard !name.isEmpty, name != ".", name != ".." else {
            throw FileWriteError(.invalidTarget, "'\(url.path)' is not a file name")
        }
        try checkTarget(url, force: force)
        let parent = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw StagingFolder.systemError(error, "cannot create the folder \(displayPath(parent))")
        }
        StagingFolder.removeStale(in: parent, kind: FolderKind(name: "", recognises: { _ in false }))
        let temporary = parent.appendingPathComponent(".\(name).tmp-\(StagingFolder.host)-\(getpid())")
        unlink(temporary.path)
        StagingRegistry.shared.add(temporary.path)
        defer { StagingRegistry.shared.remove(temporary.path) { unlink(temporary.path) } }
        let sink = try FileSink(path: temporary.path, display: display)
        try sink.write(data)
        try sink.finish()
        try place(temporary, at: url, force: force)
    }

    /// Refuses `url` if it exists and `force` is false, or if it is a folder.
    public static func checkTarget(_ url: URL, force: Bool) throws {
        let display = displayPath(url)
        if let existing = StagingFolder.existingKind(url.path) {
            if !force { throw FileWriteError(.alreadyExists, "\(display) already exists; pass --force to replace it, or --out to write elsewhere") }
            if existing == .directory { throw FileWriteError(.notReplaceable, "\(display) is a folder; name a file (--out)") }
        }
    }

    /// Renames a finished file into place, exclusively unless `force`.
    public static func place(_ temporary: URL, at url: URL, force: Bool) throws {
        let display = displayPath(url)
        let code = policysim_rename(temporary.path, url.path, force ? Renamer.Mode.plain.rawValue : Renamer.Mode.noReplace.rawValue) == 0 ? 0 : errno
        if code == EEXIST { throw FileWriteError(.alreadyExists, "\(display) already exists (made while this command worked); pass --force to replace it") }
        if [EINVAL, ENOSYS, ENOTSUP, EOPNOTSUPP].contains(code) {
            // No exclusive rename: link(2) fails if the name exists.
            if link(temporary.path, url.path) != 0 {
                if errno == EEXIST { throw FileWriteError(.alreadyExists, "\(display) already exists; pass --force to replace it") }
                throw FileWriteError.system(errno, "cannot write \(display)")
            }
            unlink(temporary.path)
        } else if code != 0 {
            throw FileWriteError.system(code, "cannot write \(display)")
        }
    }
}
