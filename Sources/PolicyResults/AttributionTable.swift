// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel

/// `attribution.csv`: year,area,area_kind,sector,variable,unit,group,contribution, with a row for
/// every group and a row `total` (the run minus its baseline) that the groups add up to.
public enum AttributionTable {
    public static let header = "year,area,area_kind,sector,variable,unit,group,contribution"
    public static let variables: [OutputVariable] = [.output, .valueAdded, .gdp, .employment, .investment, .capitalStock]

    public static func text(_ a: Attribution.Result, economy: Economy) -> String {
        let maker = AreaCells(economy: economy)
        let areas = maker.areas
        let n = economy.n, width = n + 1
        let sectors = economy.data.sectors.map(\.id) + ["all"]
        var out = header + "\n"
        var total = [Double](repeating: 0, count: areas.count * width), none = total
        var parts = [[Double]](repeating: total, count: a.groups.count)
        for (y, year) in a.years.enumerated() where y > 0 {
            for v in variables {
                maker.cells(a.all, y, v, areas, into: &total)
                maker.cells(a.none, y, v, areas, into: &none)
                for g in a.groups.indices { maker.cells(a.contributions[g], y, v, areas, into: &parts[g]) }
                for (x, area) in areas.enumerated() where area.external == nil {
                    for si in 0..<width where v.bySector || si == n {
                        let c = x * width + si
                        let prefix = "\(year),\(CSV.escape(area.id)),\(area.kind),\(sectors[si]),\(v.rawValue),\(v.unit),"
                        for (g, name) in a.groups.enumerated() { out += prefix + CSV.escape(name) + "," + CSV.number(parts[g][c]) + "\n" }
                        out += prefix + "total," + CSV.number(total[c] - none[c]) + "\n"
                    }
                }
            }
        }
        return out
    }

    /// The manifest of the result folder at `path`, if that folder is a run of scenario `s` as
    /// its files (and data set) are now: the folder `attribute` may write into.
    public static func folderManifest(_ path: String, scenario s: Scenario, file: String) throws -> RunManifest {
        let folder = URL(fileURLWithPath: path)
        let shown = displayPath(folder)
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw ResultFolder.Failure(description: "\(shown) does not exist; attribute writes into the result folder of the scenario, so run `policysim run \(file)` first (or name its folder with --out)")
        }
        let m = try RunManifest.read(folder)
        guard m.scenario == s.name else {
            throw ResultFolder.Failure(description: "\(shown) holds scenario '\(m.scenario)' (\(m.scenarioFiles.first?.path ?? "?")), not '\(s.name)' (\(file)); its attribution would describe another run: give the folder of '\(s.name)' with --out, or run `policysim run \(file)` first")
        }
        let hashes = try s.files.map { try SHA256Hex.file(URL(fileURLWithPath: $0)) }
        if hashes != m.scenarioFiles.map(\.sha256) {
            let changed = zip(s.files, hashes).first { pair in !m.scenarioFiles.contains { $0.sha256 == pair.1 } }?.0 ?? file
            throw ResultFolder.Failure(description: "\(displayPath(changed)) changed since \(shown) was made (its SHA-256 is not the one in the folder's manifest); run `policysim run \(file) --force` first so that the attribution describes the folder's run")
        }
        if try RunFolder.folderHash(URL(fileURLWithPath: s.dataPath)) != m.dataSet.sha256 {
            throw ResultFolder.Failure(description: "the data set \(displayPath(s.dataPath)) changed since \(shown) was made; run `policysim run \(file) --force` first")
        }
        return m
    }
}
