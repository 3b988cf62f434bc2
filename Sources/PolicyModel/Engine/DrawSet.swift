// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The draws of a run, kept on disk instead of in memory. Each finished draw's path summary
/// goes into a batch of `batchSize` consecutive draws; a batch is written as soon as all its
/// draws are in, to its place in a temporary file (removed from its folder as soon as it is
/// opened, so nothing is left behind, whatever ends the process). The file is therefore in draw
/// order whichever worker finishes first, and only the batches still missing a draw wait in
/// memory: with workers taking draws in order, at most two (a reorder buffer bounded by the
/// threads, not the draws).
///
/// Within a batch the values lie by year, family, group, draw and value: a group is one
/// province's sectors in the province x sector families, one value in the others. So one
/// province's values of one variable in one year for every draw (`group`) are one read per
/// batch, and statistics hold only the draws of the cells they report.
public final class DrawSet: @unchecked Sendable {
    /// The arrays of a path summary, as the file holds them.
    public enum Family: Int, CaseIterable, Sendable {
        case output, valueAdded, employment, investment, capital, fiscal, fiscalNet, fiscalByRule, external

        /// Families of province x sector arrays; the others hold one value a group.
        var bySector: Bool { rawValue <= Family.capital.rawValue }
    }

    public static let batchSize = 16

    public let count: Int
    /// Doubles of each family in each year ([year][family]), their offset in a record (one
    /// draw's values), a record's length, and the values in a group of each family.
    let lengths: [[Int]]
    let offsets: [[Int]]
    let recordLength: Int
    let groupWidths: [Int]
    private let fd: Int32
    private let lock = NSLock()
    /// Batches not yet complete: their values and how many draws are in.
    private var pending: [Int: (values: [Double], stored: Int)] = [:]

    /// A set of `count` draws shaped like `template` (the central path), its file in
    /// `directory`; `sectors`: the sectors of a province in the province x sector arrays.
    public init(count: Int, template: PathSummary, sectors: Int, directory: URL) throws {
        self.count = count
        lengths = (0..<template.output.count).map { y in Family.allCases.map { template[$0][y].count } }
        var offsets: [[Int]] = [], at = 0
        for row in lengths {
            offsets.append(row.map { n in defer { at += n }; return at })
        }
        self.offsets = offsets
        recordLength = at
        groupWidths = Family.allCases.map { f in
            f.bySector && sectors > 0 && template[f].allSatisfy { $0.count % sectors == 0 } ? sectors : 1
        }
        guard count > 0 else {
            fd = -1
            return
        }
        var path = Array(directory.appendingPathComponent(".policysim-draws-XXXXXX").path.utf8CString)
        let fd = path.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw DrawSetError(description: "cannot create a file for the draws in \(directory.path): \(String(cString: strerror(errno)))")
        }
        unlink(path.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        self.fd = fd
    }

    deinit { if fd >= 0 { close(fd) } }

    public var isEmpty: Bool { count == 0 }
    public var indices: Range<Int> { 0..<count }
    public var batches: Int { (count + DrawSet.batchSize - 1) / DrawSet.batchSize }

    /// Bytes a draw takes on disk.
    public var bytesPerDraw: Int { recordLength * 8 }

    /// Draws of batch `j`.
    public func draws(ofBatch j: Int) -> Range<Int> { j * DrawSet.batchSize..<min(count, (j + 1) * DrawSet.batchSize) }

    /// Doubles of family `f` in year `year`, and in one of its groups.
    public func length(year: Int, _ f: Family) -> Int { lengths[year][f.rawValue] }
    public func groupWidth(_ f: Family) -> Int { groupWidths[f.rawValue] }

    /// Where value `i` of family `f` in year `y` of the `d`-th draw of a batch of `b` lies in
    /// the batch.
    @inline(__always)
    func place(_ y: Int, _ f: Family, _ i: Int, draw d: Int, of b: Int) -> Int {
        let w = groupWidths[f.rawValue]
        return b * offsets[y][f.rawValue] + (i / w) * b * w + d * w + i % w
    }

    /// Stores draw slot `slot` (any thread; each slot once), writing its batch once complete.
    public func store(_ slot: Int, _ s: PathSummary) throws {
        guard s.output.count == lengths.count else { throw DrawSetError(description: "a draw has \(s.output.count) years, the central run \(lengths.count)") }
        for f in Family.allCases {
            for y in lengths.indices where s[f][y].count != lengths[y][f.rawValue] {
                throw DrawSetError(description: "a draw's \(f) in year \(y) has \(s[f][y].count) values, the central run's \(lengths[y][f.rawValue])")
            }
        }
        let j = slot / DrawSet.batchSize, range = draws(ofBatch: j), b = range.count, d = slot - range.lowerBound
        lock.lock()
        var entry = pending.removeValue(forKey: j) ?? ([Double](repeating: 0, count: b * recordLength), 0)
        for f in Family.allCases {
            let arrays = s[f]
            for y in lengths.indices {
                for (i, x) in arrays[y].enumerated() { entry.values[place(y, f, i, draw: d, of: b)] = x }
            }
        }
        entry.stored += 1
        let complete = entry.stored == b
        if !complete { pending[j] = entry }
        lock.unlock()
        if complete {
            try entry.values.withUnsafeBytes {
                try transfer(write: true, UnsafeMutableRawPointer(mutating: $0.baseAddress!), $0.count, at: range.lowerBound * recordLength * 8)
            }
        }
    }

    /// Group `g` of family `f` in year `year` for every draw, draw after draw: value e of draw
    /// k at k * groupWidth(f) + e.
    public func group(year: Int, _ f: Family, _ g: Int) throws -> [Double] {
        let w = groupWidths[f.rawValue]
        var values = [Double](repeating: 0, count: count * w)
        try values.withUnsafeMutableBytes { raw in
            for j in 0..<batches {
                let range = draws(ofBatch: j), b = range.count
                let at = range.lowerBound * recordLength + b * offsets[year][f.rawValue] + g * b * w
                try transfer(write: false, raw.baseAddress! + range.lowerBound * w * 8, b * w * 8, at: at * 8)
            }
        }
        return values
    }

    /// Family `f` in year `year` for the draws of batch `j`, draw after draw: value i of the
    /// batch's d-th draw at d * length(year, f) + i.
    public func block(year: Int, _ f: Family, batch j: Int) throws -> [Double] {
        let range = draws(ofBatch: j), b = range.count, n = lengths[year][f.rawValue]
        var chunk = [Double](repeating: 0, count: b * n)
        try chunk.withUnsafeMutableBytes { raw in
            try transfer(write: false, raw.baseAddress!, b * n * 8, at: (range.lowerBound * recordLength + b * offsets[year][f.rawValue]) * 8)
        }
        var values = [Double](repeating: 0, count: b * n)
        let base = b * offsets[year][f.rawValue]
        for d in 0..<b { for i in 0..<n { values[d * n + i] = chunk[place(year, f, i, draw: d, of: b) - base] } }
        return values
    }

    /// Family `f` in year `year` for every draw, draw after draw (all of it in memory: for
    /// tests and small sets).
    public func block(year: Int, _ f: Family) throws -> [Double] {
        try (0..<batches).flatMap { try block(year: year, f, batch: $0) }
    }

    /// Draw `k`'s whole path summary.
    public subscript(k: Int) -> PathSummary {
        let j = k / DrawSet.batchSize, range = draws(ofBatch: j), b = range.count, d = k - range.lowerBound
        var batch = [Double](repeating: 0, count: b * recordLength)
        do {
            try batch.withUnsafeMutableBytes { try transfer(write: false, $0.baseAddress!, $0.count, at: range.lowerBound * recordLength * 8) }
        } catch {
            fatalError("\(error)")
        }
        var s = PathSummary(years: lengths.count)
        for f in Family.allCases {
            s[f] = lengths.indices.map { y in (0..<lengths[y][f.rawValue]).map { batch[place(y, f, $0, draw: d, of: b)] } }
        }
        return s
    }

    private func transfer(write: Bool, _ buffer: UnsafeMutableRawPointer, _ bytes: Int, at offset: Int) throws {
        var done = 0
        while done < bytes {
            let r = write ? pwrite(fd, buffer + done, bytes - done, off_t(offset + done))
                          : pread(fd, buffer + done, bytes - done, off_t(offset + done))
            if r < 0 && errno == EINTR { continue }
            guard r > 0 else {
                let why = r < 0 ? String(cString: strerror(errno)) : "end of file"
                throw DrawSetError(description: "cannot \(write ? "write" : "read") the draws' file: \(why)")
            }
            done += r
        }
    }
}

public struct DrawSetError: Error, CustomStringConvertible {
    public let description: String
}

extension PathSummary {
    init(years: Int) {
        output = []; valueAdded = []; employment = []; investment = []; capital = []
        fiscal = []; fiscalNet = []; fiscalByRule = []; external = []
    }

    /// The arrays of one family, by year.
    public subscript(_ f: DrawSet.Family) -> [[Double]] {
        get {
            switch f {
            case .output: return output
            case .valueAdded: return valueAdded
            case .employment: return employment
            case .investment: return investment
            case .capital: return capital
            case .fiscal: return fiscal
            case .fiscalNet: return fiscalNet
            case .fiscalByRule: return fiscalByRule
            case .external: return external
            }
        }
        set {
            switch f {
            case .output: output = newValue
            case .valueAdded: valueAdded = newValue
            case .employment: employment = newValue
            case .investment: investment = newValue
            case .capital: capital = newValue
            case .fiscal: fiscal = newValue
            case .fiscalNet: fiscalNet = newValue
            case .fiscalByRule: fiscalByRule = newValue
            case .external: external = newValue
            }
        }
    }
}
