// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel

/// Writes a data set folder: `manifest.json` and the CSV tables listed in `DataSetFile`.
/// Output is byte-for-byte determined by the data set (fixed row order, round-trip number text).
public enum DataSetWriter {
    public static let formatVersion = 1

    /// Writes the folder atomically (see `StagingFolder`), replacing a data set folder of the
    /// same path but nothing else.
    public static func write(_ data: DataSet, to folder: URL) throws {
        try AtomicFolder.write(files(data).map { ($0.0, Data($0.1.utf8)) }, to: folder, kind: folderKind, force: true)
    }

    /// Writes the files into a staging folder made before the build (so that an unwritable or
    /// wrong target is refused before the work) and publishes it.
    public static func write(_ data: DataSet, into staging: StagingFolder) throws {
        for (name, text) in files(data) { try staging.write(name, Data(text.utf8)) }
        try staging.publish()
    }

    /// The staging folder for a data set at `folder`: an existing data set folder there is
    /// replaced only with `force`, anything else refused.
    public static func staging(_ folder: URL, force: Bool) throws -> StagingFolder {
        try StagingFolder(folder.path, kind: folderKind, force: force)
    }

    /// A folder whose manifest.json says `"format": "policysim-dataset"`.
    public static let folderKind = FolderKind(name: "a policysim data set folder") { url in
        guard let data = FileManager.default.contents(atPath: url.appendingPathComponent(DataSetFile.manifest).path),
              let value = try? JSONDecoder().decode(JSONValue.self, from: data) else { return false }
        return value["format"]?.string == "policysim-dataset"
    }

    /// File name -> content.
    public static func files(_ d: DataSet) -> [(String, String)] {
        let num = CSV.number
        func table(_ header: [String], _ rows: [[String]]) -> String {
            ([CSV.line(header)] + rows.map(CSV.line)).joined(separator: "\n") + "\n"
        }
        let n = d.sectorCount
        var out: [(String, String)] = []
        out.append((DataSetFile.manifest, manifest(d)))
        out.append((DataSetFile.sectors, table(["id", "name", "group", "key_industry", "province_key", "products"],
            d.sectors.map { [$0.id, $0.name, $0.group.rawValue, $0.isKeyIndustry ? "yes" : "no", $0.provinceKey.rawValue, $0.products.joined(separator: " ")] })))
        out.append((DataSetFile.provinces, table(["id", "name_zh", "region", "capital", "latitude", "longitude", "gdp"],
            d.provinces.map { [$0.id, $0.nameZh, $0.region, $0.capital, num($0.latitude), num($0.longitude), num($0.gdp)] })))
        out.append((DataSetFile.aggregates, table(["aggregate", "kind", "member", "weight"],
            d.aggregates.flatMap { a in a.members.map { [a.id, a.kind.rawValue, $0.province, num($0.weight)] } })))
        out.append((DataSetFile.externals, table(["id", "gdp", "cluster", "source"],
            d.externals.map { [$0.id, num($0.gdp), $0.cluster, $0.source] })))
        let nationalColumns = FlowColumn.national
        out.append((DataSetFile.national, table(["sector"] + nationalColumns.map(\.rawValue),
            (0..<n).map { i in [d.sectors[i].id] + nationalColumns.map { num(d.national[$0, i]) } })))
        out.append((DataSetFile.coefficients, table(["sector"] + d.sectors.map(\.id),
            (0..<n).map { i in [d.sectors[i].id] + (0..<n).map { num(d.coefficients[i, $0]) } })))
        let columns = d.provincial.columnList
        var rows: [[String]] = []
        for p in 0..<d.provinceCount {
            for i in 0..<n {
                rows.append([d.provinces[p].id, d.sectors[i].id] + columns.map { num(d.provincial[$0, d.row(p, i)]) })
            }
        }
        out.append((DataSetFile.provincial, table(["province", "sector"] + columns.map(\.rawValue), rows)))
        var sourcingRows: [[String]] = []
        for i in 0..<n {
            for r in 0..<d.provinceCount {
                for s in 0..<d.provinceCount where d.sourcing[i][s, r] != 0 {
                    sourcingRows.append([d.sectors[i].id, d.provinces[s].id, d.provinces[r].id, num(d.sourcing[i][s, r])])
                }
            }
        }
        out.append((DataSetFile.sourcing, table(["sector", "origin", "destination", "share"], sourcingRows)))
        var history: [[String]] = []
        for p in d.provinces {
            for (year, v) in (d.gdpHistory[p.id] ?? [:]).sorted(by: { $0.key < $1.key }) { history.append([p.id, String(year), num(v)]) }
        }
        out.append((DataSetFile.gdpHistory, table(["province", "year", "gdp"], history)))
        out.append((DataSetFile.provenance, table(["table", "column", "status", "source", "method"],
            d.provenance.map { [$0.table, $0.column, $0.status.rawValue, $0.source, $0.method] })))
        if let t = d.demandTrends {
            var rows: [[String]] = []
            for c in DemandTrends.components {
                guard let f = t.demandFrom[c], let e = t.demandTo[c] else { continue }
                for i in 0..<n { rows.append([c.rawValue, d.sectors[i].id, String(t.from), String(t.to), num(f[i]), num(e[i])]) }
            }
            out.append((DataSetFile.trends, table(DataSetFile.trendsColumns, rows)))
        }
        return out
    }

    static func manifest(_ d: DataSet) -> String {
        // A JSON string literal with every character JSON needs escaped (quotes, backslashes,
        // control characters), from JSONEncoder; the layout stays the one the committed data
        // sets were written in, so rebuilding them gives the same bytes.
        func s(_ x: String) -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            return (try? encoder.encode(x)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
        }
        let tables: [(String, String, String)] = [
            (DataSetFile.sectors, "model sectors and the NBS products in each", ""),
            (DataSetFile.provinces, "the 31 mainland provinces: NBS region, capital coordinates, \(d.baseYear) GDP", "gdp: 100 million yuan, current (\(d.baseYear)) prices"),
            (DataSetFile.aggregates, "regions, clusters and the nation as weighted sets of provinces", "weight: fraction of the member counted"),
            (DataSetFile.externals, "economies outside the mainland input-output system", "gdp: 100 million yuan"),
            (DataSetFile.national, "national input-output totals by sector", "100 million yuan, \(d.baseYear) prices; employment in 10 thousand persons"),
            (DataSetFile.coefficients, "technical coefficients A[i, j] (input of row sector per unit of column sector's output, imported inputs included)", "yuan per yuan"),
            (DataSetFile.provincial, "province x sector flows; output = intermediate_use + final demand + exports - imports + interprovincial_outflow - interprovincial_inflow", "100 million yuan, \(d.baseYear) prices; employment in 10 thousand persons"),
            (DataSetFile.sourcing, "share of the destination's domestic purchases of a sector's product supplied by the origin (pairs not listed are 0)", "fraction; sums to 1 over origins"),
            (DataSetFile.gdpHistory, "provincial GDP \(d.gdpHistory.values.flatMap(\.keys).min() ?? d.baseYear)-\(d.baseYear)", "100 million yuan, current prices"),
            (DataSetFile.provenance, "what is measured, estimated or assumed, with source and method", ""),
        ] + (d.demandTrends.map { t in [(DataSetFile.trends, "national final demand by component and sector in the NBS tables of \(t.from) and \(t.to), for the baseline's sector trends", "100 million yuan, current prices of each year")] } ?? [])
        var lines: [String] = ["{"]
        lines.append("  \"format\": \"policysim-dataset\",")
        lines.append("  \"format_version\": \(formatVersion),")
        lines.append("  \"name\": \(s(d.name)),")
        lines.append("  \"title\": \(s(d.title)),")
        lines.append("  \"base_year\": \(d.baseYear),")
        lines.append("  \"money_unit\": \"100 million yuan (yi yuan), \(d.baseYear) prices\",")
        lines.append("  \"employment_unit\": \"10 thousand persons\",")
        lines.append("  \"provinces\": \(d.provinceCount),")
        lines.append("  \"sectors\": \(d.sectorCount),")
        let params = d.parameters.sorted { $0.key < $1.key }.map { "    \(s($0.key)): \(CSV.number($0.value))" }
        lines.append("  \"parameters\": {\n" + params.joined(separator: ",\n") + "\n  },")
        let t = tables.map { "    {\"file\": \(s($0.0)), \"holds\": \(s($0.1)), \"unit\": \(s($0.2))}" }
        lines.append("  \"tables\": [\n" + t.joined(separator: ",\n") + "\n  ]")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
