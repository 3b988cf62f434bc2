// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
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
    public static func write(_ recorder: SystemRecorder, economy: Economy, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
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
        try Data(json.utf8).write(to: folder.appendingPathComponent("systems.json"))
        try numbers.withUnsafeBufferPointer { try Data(buffer: $0).write(to: folder.appendingPathComponent("systems.f64")) }
    }
}
