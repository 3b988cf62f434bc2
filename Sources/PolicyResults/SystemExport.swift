// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel

/// `policysim export`: the linear systems of a run, for the numpy peer of the benchmarks.
///
/// `systems.json` describes everything; `systems.f64` holds the numbers as little-endian
/// float64, addressed by offsets counted in numbers. Base: A (n x n, row-major), domestic
/// shares 1 - m (provinces x n), sourcing t (n x provinces x provinces: sector, origin,
/// destination). Each structure: its domestic shares, and the provinces' A and sectors' t that
/// differ from the base. Each system: path (-1 central, else the draw), year, structure, and
/// offsets of y and of policysim's x, with (I - B) x = y and
/// B[(s,i),(r,j)] = t[i,s,r] (1 - m[r,i]) A_r[i,j].
public enum SystemExport {
    /// A folder `policysim export` wrote: the only kind it replaces, and only with --force.
    public static let folderKind = FolderKind(name: "a policysim export folder (systems.json and systems.f64)") { url in
        let fm = FileManager.default
        guard fm.fileExists(atPath: url.appendingPathComponent("systems.f64").path),
              let handle = try? FileHandle(forReadingFrom: url.appendingPathComponent("systems.json")) else { return false }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: 6)) ?? Data()
        return String(decoding: start, as: UTF8.self) == "{\"n\": "
    }

    /// Writes systems.json and systems.f64 into the staging folder and publishes it.
    public static func write(_ recorder: SystemRecorder, economy: Economy, into staging: StagingFolder) throws {
        var numbers: [Double] = []
        func put(_ v: [Double]) -> Int {
            numbers += v
            return numbers.count - v.count
        }
        let a = put(economy.coefficients.storage)
        let keep = put(economy.importShare.map { 1 - $0 })
        let t = put(economy.sourcing.flatMap(\.storage))
        var structures: [String] = []
        for s in recorder.structures {
            let k = put(s.domesticShares)
            let coefficients = s.coefficients.map { "[\($0.province), \(put($0.matrix))]" }.joined(separator: ", ")
            let sourcing = s.sourcing.map { "[\($0.sector), \(put($0.matrix))]" }.joined(separator: ", ")
            structures.append("{\"keep\": \(k), \"a\": [\(coefficients)], \"t\": [\(sourcing)]}")
        }
        var systems: [String] = []
        for s in recorder.systems {
            let y = put(s.rightHandSide), x = put(s.solution)
            systems.append("[\(s.path), \(s.year), \(s.structure), \(y), \(x)]")
        }
        let json = """
            {"n": \(economy.n), "provinces": \(economy.provinces), "size": \(economy.size), "dtype": "float64 little-endian",
             "base": {"a": \(a), "keep": \(keep), "t": \(t)},
             "structures": [\(structures.joined(separator: ",\n  "))],
             "systems_fields": ["path", "year", "structure", "y", "x"],
             "systems": [\(systems.joined(separator: ",\n  "))]}

            """
        try staging.write("systems.json", Data(json.utf8))
        try numbers.withUnsafeBufferPointer { try staging.write("systems.f64", Data(buffer: $0)) }
        try staging.publish()
    }
}
