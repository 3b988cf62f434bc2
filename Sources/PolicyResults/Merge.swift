// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel
import PolicyNumerics

/// `policysim merge`: combines the result folders of `--shard k/N` runs (each made with
/// `--keep-draws`) into the folder one unsharded run would have written: the same bytes of
/// output.csv and draws.csv, statistics recomputed over every draw.
///
/// Shards are checked to belong together before anything is written (same scenario files,
/// data set, seed, program version and ensemble size; each of 0/N ... (N-1)/N once, each
/// holding exactly its draws, made with --keep-draws, from the same central run), and every
/// file is verified against its shard's manifest as it is read. The files are read in
/// lockstep, a cell at a time, so memory does not grow with the number of draws.
public enum Merge {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    struct Shard {
        var folder: URL
        var shown: String
        var manifest: RunManifest
        var index: Int
        var draws: [Int]
    }

    /// Checks the shards and returns them in shard order with the ensemble size.
    static func shards(_ folders: [URL]) throws -> (shards: [Shard], count: Int, draws: Int) {
        guard folders.count >= 2 else { throw Failure(description: "merge needs the folders of at least two shards") }
        var shards: [Shard] = []
        for f in folders {
            let m = try RunManifest.read(f)
            let shown = displayPath(f)
            let parts = m.shard.split(separator: "/").compactMap { Int($0) }
            guard parts.count == 2, parts[1] >= 1, parts[0] >= 0, parts[0] < parts[1] else {
                throw Failure(description: "\(shown) is not a shard (its manifest says shard '\(m.shard)'); merge takes the folders of `policysim run --shard k/N`")
            }
            shards.append(Shard(folder: f, shown: shown, manifest: m, index: parts[0], draws: []))
            let s = shards[shards.count - 1]
            guard m.keepDraws else {
                throw Failure(description: "\(shown) was made without --keep-draws: its output.csv holds the shard's statistics, not its draws, and statistics of shards cannot be combined; run every shard with --keep-draws")
            }
            let n = parts[1]
            shards[shards.count - 1].draws = (0..<m.ensembleDraws).filter { $0 % n == s.index }
        }
        let first = shards[0]
        let n = Int(first.manifest.shard.split(separator: "/")[1]) ?? 1
        for s in shards.dropFirst() {
            let a = first.manifest, b = s.manifest
            func differ(_ what: String) -> Failure {
                Failure(description: "\(s.shown) and \(first.shown) do not belong together: \(what); merge shards of one ensemble (`policysim run ... --shard k/N` with the same scenario, data, seed, --draws and program)")
            }
            if a.scenario != b.scenario { throw differ("one is of scenario '\(b.scenario)', the other of '\(a.scenario)'") }
            if a.scenarioFiles.map(\.sha256) != b.scenarioFiles.map(\.sha256) { throw differ("their scenario files differ (SHA-256)") }
            if a.dataSet.sha256 != b.dataSet.sha256 { throw differ("they were made on different data sets (SHA-256)") }
            if a.seed != b.seed { throw differ("seeds \(b.seed) and \(a.seed)") }
            if a.version != b.version { throw differ("policysim \(b.version) and \(a.version)") }
            if a.ensembleDraws != b.ensembleDraws { throw differ("one is a shard of \(b.ensembleDraws) draws, the other of \(a.ensembleDraws) (--draws differs)") }
            if Int(b.shard.split(separator: "/")[1]) != n { throw differ("shards \(b.shard) and \(a.shard) split the draws differently") }
            for name in ["trace.csv", IAMC.regionsFile] where a.files[name]?.sha256 != b.files[name]?.sha256 {
                throw differ("their \(name) differ, so they are not of the same central run")
            }
            // iamc.csv's quantile scenarios are of each shard's draws; its central run is shared.
            if try iamcCentral(s) != iamcCentral(first) {
                throw differ("the central scenario of their iamc.csv differs, so they are not of the same central run")
            }
        }
        let ks = shards.map(\.index)
        guard Set(ks).count == ks.count, Set(ks) == Set(0..<n) else {
            throw Failure(description: "the shards are \(shards.map(\.manifest.shard).joined(separator: ", ")); merge needs each of 0/\(n) ... \(n - 1)/\(n) exactly once")
        }
        for s in shards where s.manifest.draws != s.draws.count {
            throw Failure(description: "\(s.shown) holds \(s.manifest.draws) draws, but shard \(s.manifest.shard) of \(s.manifest.ensembleDraws) draws has \(s.draws.count)")
        }
        let total = first.manifest.ensembleDraws
        guard total > 0 else { throw Failure(description: "the shards hold no draws; run them with --draws N") }
        return (shards.sorted { $0.index < $1.index }, n, total)
    }

    /// Writes the merged folder into `writer` (it is published by the caller's `finish`).
    public static func write(_ folders: [URL], to writer: ResultWriter) throws {
        let started = Date()
        let (shards, n, total) = try shards(folders)
        var cells = MergedCells()
        try writer.file("output.csv") { try mergeOutput(shards, n, $0, &cells) }
        try writer.file("draws.csv") { try mergeDraws(shards, n, total, $0) }
        if shards[0].manifest.files["iamc.csv"] != nil {
            try writer.file("iamc.csv", text: try mergeIAMC(shards[0], cells))
        }
        for name in ["trace.csv", IAMC.regionsFile] {
            guard let record = shards[0].manifest.files[name] else { continue }
            let source = shards[0].folder.appendingPathComponent(name)
            guard (try? SHA256Hex.file(source)) == record.sha256 else {
                throw Failure(description: "\(displayPath(source)) is not the file its run wrote (its SHA-256 differs from manifest.json); \(ResultFolder.remake)")
            }
            try writer.add(name, from: source, record: record)
        }
        var m = shards[0].manifest
        m.draws = total
        m.shard = "merged"
        m.mergedFrom = shards.map(\.shown)
        m.attribution = nil
        m.factorisations = shards.reduce(0) { $0 + $1.manifest.factorisations }
        let checks = shards.compactMap(\.manifest.verification)
        if checks.count == shards.count, var v = checks.first {
            v.solves = checks.reduce(0) { $0 + $1.solves }
            v.largestResidual = checks.map(\.largestResidual).max() ?? 0
            v.largestIdentityResidual = checks.map(\.largestIdentityResidual).max() ?? 0
            m.verification = v
        } else {
            m.verification = nil
        }
        m.refinement = RunManifest.Refinement(solves: shards.reduce(0) { $0 + $1.manifest.refinement.solves },
                                              steps: shards.reduce(0) { $0 + $1.manifest.refinement.steps })
        m.finished = RunManifest.timestamp(Date())
        m.wallSeconds = ["merge": (Date().timeIntervalSince(started) * 1000).rounded() / 1000]
        try writer.finish(m)
    }

    /// output.csv, a cell at a time: central, baseline and no_policy from shard 0 (every shard must agree),
    /// then the statistics over all draws and the draws in draw order.
    static func mergeOutput(_ shards: [Shard], _ n: Int, _ out: ResultFile, _ cells: inout MergedCells) throws {
        let readers = try shards.map { try GroupedReader($0, "output.csv", header: OutputTable.header.components(separatedBy: ","), key: 7) }
        try out.write(OutputTable.header + "\n")
        var text = ""
        while let group0 = try readers[0].nextGroup() {
            let groups = try [group0] + readers.dropFirst().map { r -> [[String]] in
                guard let g = try r.nextGroup(), g[0].prefix(7) == group0[0].prefix(7) else {
                    throw Failure(description: "\(r.shown) does not hold the same cells in the same order as \(readers[0].shown) (at \(group0[0].prefix(7).joined(separator: ",")))")
                }
                return g
            }
            let prefix = CSV.line(Array(group0[0].prefix(7))) + ","
            // no_policy is there when the baseline contains measures, in every shard or none.
            for statistic in ["central", "baseline", "no_policy"] {
                guard let row = group0.first(where: { $0[7] == statistic }) else {
                    if statistic == "no_policy" {
                        for (k, g) in groups.enumerated() where k > 0 && g.contains(where: { $0[7] == statistic }) {
                            throw Failure(description: "\(readers[k].shown) has a no_policy value of \(prefix.dropLast()) and \(readers[0].shown) has none, so they are not of the same central run")
                        }
                        continue
                    }
                    throw Failure(description: "\(readers[0].shown) lacks the \(statistic) value of \(prefix.dropLast())")
                }
                for (k, g) in groups.enumerated() where k > 0 && g.first(where: { $0[7] == statistic })?[8] != row[8] {
                    throw Failure(description: "\(readers[k].shown) and \(readers[0].shown) differ in the \(statistic) value of \(prefix.dropLast()), so they are not of the same central run")
                }
                text += prefix + statistic + "," + row[8] + "\n"
            }
            var byDraw: [Int: Double] = [:]
            for (k, g) in groups.enumerated() {
                var seen: [Int] = []
                for row in g where row[7].hasPrefix("draw_") {
                    guard let d = Int(row[7].dropFirst(5)), let v = Double(row[8]), v.isFinite else {
                        throw Failure(description: "\(readers[k].shown): '\(row[7])' = '\(row[8])' is not a draw and a finite number")
                    }
                    seen.append(d)
                    byDraw[d] = v
                }
                guard seen == shards[k].draws else {
                    throw Failure(description: "\(readers[k].shown) holds draws \(seen.prefix(5).map(String.init).joined(separator: ", "))\(seen.count > 5 ? ", ..." : "") of \(prefix.dropLast()), but shard \(shards[k].manifest.shard) has draws \(shards[k].draws.prefix(5).map(String.init).joined(separator: ", "))\(shards[k].draws.count > 5 ? ", ..." : "")")
                }
            }
            let values = (0..<byDraw.count).compactMap { byDraw[$0] }
            text += prefix + "mean," + CSV.number(try Statistics.mean(values)) + "\n"
            let q = try Statistics.quantiles(values, OutputTable.quantiles.map(\.1))
            cells.add(group0[0], q)
            for (v, (label, _)) in zip(q, OutputTable.quantiles) { text += prefix + label + "," + CSV.number(v) + "\n" }
            for (d, v) in values.enumerated() { text += prefix + "draw_\(d)," + CSV.number(v) + "\n" }
            if text.utf8.count > 1 << 20 {
                try out.write(text)
                text = ""
            }
        }
        try out.write(text)
        for r in readers.dropFirst() where try r.nextGroup() != nil {
            throw Failure(description: "\(r.shown) has more cells than \(readers[0].shown)")
        }
        for r in readers { try r.verify() }
    }

    /// The layout and quantiles of output.csv's cells as the merge computes them, for iamc.csv.
    struct MergedCells {
        var years: [Int] = []
        var areas: [IAMC.Layout.Area] = []
        var sectors: [String] = []
        var quantiles: [String: [Double]] = [:]

        static func key(_ year: String, _ area: String, _ sector: String, _ variable: String) -> String {
            [year, area, sector, variable].joined(separator: "\n")
        }

        /// A cell's row of output.csv (scenario, year, area, area_kind, sector, variable, ...) and its quantiles.
        mutating func add(_ row: [String], _ q: [Double]) {
            if let year = Int(row[1]), years.last != year, !years.contains(year) { years.append(year) }
            if areas.last?.id != row[2], !areas.contains(where: { $0.id == row[2] }) { areas.append(.init(id: row[2], kind: row[3])) }
            if row[4] != "all", sectors.last != row[4], !sectors.contains(row[4]) { sectors.append(row[4]) }
            quantiles[MergedCells.key(row[1], row[2], row[4], row[5])] = q
        }
    }

    /// The rows of a shard's iamc.csv (header first), checked against its manifest.
    static func iamcRows(_ shard: Shard) throws -> [[String]] {
        let url = shard.folder.appendingPathComponent("iamc.csv"), shown = displayPath(url)
        guard let record = shard.manifest.files["iamc.csv"] else { return [] }
        let box = HasherBox()
        var rows: [[String]] = []
        do {
            let reader = try CSVFileReader(url, display: shown) { box.hasher.update($0) }
            while let r = try reader.next() { rows.append(r.fields) }
        } catch let e as DataError {
            throw Failure(description: e.description)
        }
        guard rows.count == record.rows + 1, box.hasher.hex() == record.sha256 else {
            throw Failure(description: "\(shown) is not the file its run wrote (its rows or SHA-256 differ from manifest.json); \(ResultFolder.remake)")
        }
        guard rows.first?.prefix(IAMC.header.count).elementsEqual(IAMC.header) == true,
              rows.allSatisfy({ $0.count == rows[0].count }) else {
            throw Failure(description: "\(shown) is not an iamc.csv of policysim; \(ResultFolder.remake)")
        }
        return rows
    }

    /// The header and central-scenario rows of a shard's iamc.csv.
    static func iamcCentral(_ shard: Shard) throws -> [[String]] {
        let rows = try iamcRows(shard)
        return Array(rows.prefix(1)) + rows.dropFirst().filter { $0[1] == shard.manifest.scenario }
    }

    /// iamc.csv of the merged folder: shard 0's central scenario (every shard's is the same),
    /// then the quantile scenarios of all draws, as one run over every draw writes them.
    static func mergeIAMC(_ shard: Shard, _ cells: MergedCells) throws -> String {
        let central = try iamcCentral(shard)
        let shown = displayPath(shard.folder.appendingPathComponent("iamc.csv"))
        guard central.count > 1 else { throw Failure(description: "\(shown) holds no rows of scenario '\(shard.manifest.scenario)'; \(ResultFolder.remake)") }
        // The sectors' names: the Output|<name> rows of the first area with sectors, in sector order.
        let firstArea = cells.areas.first { $0.kind != "external" }?.id
        let names = central.dropFirst().filter { $0[2] == firstArea && $0[3].hasPrefix("Output|") }.map { String($0[3].dropFirst("Output|".count)) }
        guard names.count == cells.sectors.count, central[0].count == IAMC.header.count + cells.years.count else {
            throw Failure(description: "\(shown) does not hold the sectors and years of the shards' output.csv; \(ResultFolder.remake)")
        }
        let layout = IAMC.Layout(model: central[1][0], scenario: shard.manifest.scenario, years: cells.years, areas: cells.areas,
                                 sectors: Array(zip(cells.sectors, names)).map { ($0.0, $0.1) })
        var text = central.map { CSV.line($0) + "\n" }.joined()
        text += try IAMC.quantileRows(layout) { r in
            try cells.years.map { year in
                let sector = r.slot == cells.sectors.count ? "all" : cells.sectors[r.slot]
                guard let q = cells.quantiles[MergedCells.key(String(year), r.region, sector, r.output.rawValue)] else {
                    throw Failure(description: "the shards' output.csv lacks the quantiles of \(r.output.rawValue), \(r.region), \(sector), \(year) that iamc.csv reports; \(ResultFolder.remake)")
                }
                return q
            }
        }
        return text
    }

    /// draws.csv in the order of an unsharded run: by year and variable, then draw by draw,
    /// each draw's rows from the shard that holds it.
    static func mergeDraws(_ shards: [Shard], _ n: Int, _ total: Int, _ out: ResultFile) throws {
        let header = ["year", "area", "sector", "variable", "draw", "value"]
        let readers = try shards.map { s -> GroupedReader? in
            s.draws.isEmpty ? nil : try GroupedReader(s, "draws.csv", header: header, key: 5, keyFields: [0, 3, 4])
        }
        try out.write(header.joined(separator: ",") + "\n")
        var text = ""
        guard let lead = readers[0] else { throw Failure(description: "\(shards[0].shown) holds no draws") }
        while let block = try lead.peekKey() {
            for d in 0..<total {
                let k = d % n
                guard let reader = readers[k], let g = try reader.nextGroup(),
                      g[0][0] == block[0], g[0][3] == block[1], g[0][4] == String(d) else {
                    throw Failure(description: "\(shards[k].shown)/draws.csv does not hold draw \(d) of \(block[1]) in \(block[0]) where a run writes it (cut short, or not a shard of this ensemble)")
                }
                for row in g { text += CSV.line(row) + "\n" }
            }
            if text.utf8.count > 1 << 20 {
                try out.write(text)
                text = ""
            }
        }
        try out.write(text)
        for case let r? in readers {
            if try r.nextGroup() != nil { throw Failure(description: "\(r.shown) has rows past the end of the ensemble") }
            try r.verify()
        }
    }
}

/// A shard's CSV file read a group of consecutive rows at a time (rows that agree on the key
/// fields), hashed and counted as it goes, and checked against the shard's manifest at the end.
final class GroupedReader {
    let shown: String
    private let reader: CSVFileReader
    private let record: RunManifest.FileRecord
    private let keyFields: [Int]
    private let width: Int
    private let box = HasherBox()
    private var pending: [String]?
    private var rows = 0

    init(_ shard: Merge.Shard, _ name: String, header: [String], key: Int, keyFields: [Int]? = nil) throws {
        let url = shard.folder.appendingPathComponent(name)
        shown = displayPath(url)
        guard let record = shard.manifest.files[name] else {
            throw Merge.Failure(description: "\(shard.shown)/manifest.json lists no \(name); \(ResultFolder.remake)")
        }
        self.record = record
        self.keyFields = keyFields ?? Array(0..<key)
        width = header.count
        let box = self.box
        do {
            reader = try CSVFileReader(url, display: shown) { box.hasher.update($0) }
            guard let first = try reader.next(), first.fields == header else {
                throw Merge.Failure(description: "\(shown) does not start with the header \(header.joined(separator: ",")); \(ResultFolder.remake)")
            }
            pending = try nextRow()
        } catch let e as DataError {
            throw Merge.Failure(description: e.description)
        }
    }

    private func nextRow() throws -> [String]? {
        do {
            guard let r = try reader.next() else { return nil }
            guard r.fields.count == width else {
                throw Merge.Failure(description: "\(shown):\(r.line) has \(r.fields.count) fields; the header has \(width); \(ResultFolder.remake)")
            }
            rows += 1
            return r.fields
        } catch let e as DataError {
            throw Merge.Failure(description: e.description)
        }
    }

    /// The key fields of the next group, without taking it.
    func peekKey() throws -> [String]? { pending.map { row in keyFields.map { row[$0] } } }

    /// The next run of rows with equal key fields.
    func nextGroup() throws -> [[String]]? {
        guard let first = pending else { return nil }
        let key = keyFields.map { first[$0] }
        var group = [first]
        while true {
            pending = try nextRow()
            guard let row = pending, keyFields.map({ row[$0] }) == key else { break }
            group.append(row)
        }
        return group
    }

    /// At the end of the file: its rows and SHA-256 must be the ones its run recorded.
    func verify() throws {
        if rows != record.rows {
            throw Merge.Failure(description: "\(shown) has \(rows) data rows, but its run wrote \(record.rows) (manifest.json): it was cut short or edited; \(ResultFolder.remake)")
        }
        if box.hasher.hex() != record.sha256 {
            throw Merge.Failure(description: "\(shown) is not the file its run wrote: its SHA-256 differs from the one in manifest.json; \(ResultFolder.remake)")
        }
    }
}

final class HasherBox {
    var hasher = SHA256Hex()
}
