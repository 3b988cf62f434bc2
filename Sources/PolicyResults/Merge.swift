// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyNumerics

/// `policysim merge`: combines the result folders of `--shard k/N` runs (each made with
/// `--keep-draws`) into one folder whose statistics cover every draw.
public enum Merge {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    struct Shard {
        var folder: URL
        var manifest: [String: Any]
        var lines: [Substring]
    }

    public static func files(_ folders: [URL]) throws -> [(String, Data)] {
        guard folders.count >= 2 else { throw Failure(description: "merge needs the folders of at least two shards") }
        var shards: [Shard] = []
        for f in folders {
            guard let m = try? JSONSerialization.jsonObject(with: Data(contentsOf: f.appendingPathComponent("manifest.json"))) as? [String: Any],
                  let text = try? String(contentsOf: f.appendingPathComponent("output.csv"), encoding: .utf8) else {
                throw Failure(description: "\(f.path) is not a result folder")
            }
            shards.append(Shard(folder: f, manifest: m, lines: text.split(separator: "\n")))
        }
        // Same scenario files, data, seed and program; shards k/N covering 0..N-1 once each.
        func key(_ m: [String: Any]) -> String {
            let files = (m["scenario_files"] as? [[String: Any]])?.compactMap { $0["sha256"] as? String }.joined(separator: ",") ?? ""
            let data = (m["data_set"] as? [String: Any])?["sha256"] as? String ?? ""
            return "\(files)|\(data)|\(m["seed"] ?? "")|\(m["version"] ?? "")"
        }
        let first = key(shards[0].manifest)
        for s in shards.dropFirst() where key(s.manifest) != first {
            throw Failure(description: "\(s.folder.path) comes from a different scenario, data set, seed or program version than \(shards[0].folder.path)")
        }
        let parts = shards.map { ($0.manifest["shard"] as? String ?? "0/1").split(separator: "/").compactMap { Int($0) } }
        let n = parts[0].count == 2 ? parts[0][1] : 1
        let ks = parts.map { $0.first ?? 0 }
        guard parts.allSatisfy({ $0.count == 2 && $0[1] == n }), Set(ks).count == ks.count, Set(ks) == Set(0..<n) else {
            throw Failure(description: "the shards are \(parts.map { "\($0.first ?? 0)/\($0.last ?? 1)" }.joined(separator: ", ")); merge needs each of 0/N ... (N-1)/N exactly once")
        }
        // Cells in the first shard's order; central and baseline from it; draws from all.
        var order: [String] = [], central: [String: [String]] = [:], draws: [String: [(Int, Double)]] = [:]
        for (index, shard) in shards.enumerated() {
            for line in shard.lines.dropFirst() {
                let f = line.split(separator: ",", omittingEmptySubsequences: false)
                guard f.count == 9 else { continue }
                let cell = f[0...6].joined(separator: ",")
                let stat = String(f[7])
                if stat.hasPrefix("draw_"), let d = Int(stat.dropFirst(5)), let v = Double(f[8]) {
                    draws[cell, default: []].append((d, v))
                } else if index == 0 && (stat == "central" || stat == "baseline") {
                    if central[cell] == nil { order.append(cell) }
                    central[cell, default: []].append("\(stat),\(f[8])")
                }
            }
        }
        guard !draws.isEmpty else { throw Failure(description: "the shards hold no draws; run each shard with --keep-draws") }
        var out = OutputTable.header + "\n"
        for cell in order {
            for c in central[cell] ?? [] { out += cell + "," + c + "\n" }
            guard let list = draws[cell]?.sorted(by: { $0.0 < $1.0 }), !list.isEmpty else { continue }
            let values = list.map(\.1)
            out += cell + ",mean," + CSV.number(try Statistics.mean(values)) + "\n"
            let q = try Statistics.quantiles(values, OutputTable.quantiles.map(\.1))
            for (v, (label, _)) in zip(q, OutputTable.quantiles) { out += cell + "," + label + "," + CSV.number(v) + "\n" }
            for (d, v) in list { out += cell + ",draw_\(d)," + CSV.number(v) + "\n" }
        }
        var files: [(String, Data)] = [("output.csv", Data(out.utf8))]
        for name in ["trace.csv", "iamc.csv"] {
            if let d = try? Data(contentsOf: shards[0].folder.appendingPathComponent(name)) { files.append((name, d)) }
        }
        var drawRows: [String] = ["year,area,sector,variable,draw,value"]
        for s in shards {
            if let text = try? String(contentsOf: s.folder.appendingPathComponent("draws.csv"), encoding: .utf8) {
                drawRows += text.split(separator: "\n").dropFirst().map(String.init)
            }
        }
        files.append(("draws.csv", Data((drawRows.joined(separator: "\n") + "\n").utf8)))
        var manifest = (try? String(contentsOf: shards[0].folder.appendingPathComponent("manifest.json"), encoding: .utf8)) ?? "{}\n"
        let total = shards.reduce(0) { $0 + ($1.manifest["draws"] as? Int ?? 0) }
        manifest = manifest.replacingOccurrences(of: "\"draws\": \(shards[0].manifest["draws"] as? Int ?? 0),", with: "\"draws\": \(total),")
            .replacingOccurrences(of: "\"shard\": \"\(shards[0].manifest["shard"] as? String ?? "")\",", with: "\"shard\": \"merged from \(n) shards\",")
        files.append(("manifest.json", Data(manifest.utf8)))
        return files
    }
}
