// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyModel
import PolicyNumerics

/// `policysim data export-pymrio`: a data set's base year as a pymrio IOSystem folder in
/// pymrio's text format, so that `pymrio.load(DIR)` (the core) and `pymrio.load_all(DIR)` (with
/// extensions) read it and `calc_all()` runs.
///
/// - regions: the provinces; sectors: the data set's; money in 100 million yuan (2022 prices).
/// - Z: domestic intermediate flows, B diag(x) with the engine's B[(s,i),(r,j)] =
///   t_i[s,r] (1 - m[r,i]) A_r[i,j] (or the data set's full table when it has one);
/// - Y: each province's domestic final demand by component (rural_households, urban_households,
///   government, fixed_capital, inventories), bought from every province as sourced, and a
///   column `exports` holding each province's own exports; x: output (= Z 1 + Y 1);
/// - extension `factor_inputs`: Value Added (the engine's, (1 - sum_i A[i, j]) x) and Imports
///   (intermediate imports), so that Z's columns + these rows = x; F_Y holds the imports of
///   final demand;
/// - extension `income`: Compensation of employees (part of value added);
/// - extension `employment`: Employment, in 10 thousand persons;
/// - extension `imports` (engine structure only): imports by product (rows) into every column
///   (F) and final-demand column (F_Y), which `data import-pymrio` reads back as such.
///
/// pymrio's M of factor_inputs, income and employment are then policysim's Type I value-added, income
/// and employment multipliers, and the column sums of its L the output multipliers (tested).
/// Lost: the GDP history, capital and investment, sector groups and key-industry marks,
/// aggregates, external economies, the provenance table.
public enum PymrioExport {
    public static let moneyUnit = "100 million yuan (2022 prices)"

    /// The folder's files, name -> content.
    public static func files(_ data: DataSet, table: MultiRegionalTable?) throws -> [(String, String)] {
        let n = data.sectorCount, np = data.provinceCount, size = n * np
        let system: InputOutputSystem
        let economy = Economy(data)
        if let table {
            system = try InputOutputSystem(data: data, table: table, description: data.name)
        } else {
            system = try InputOutputSystem(base: economy)
        }
        let x = data.provincial[.output]
        let labels = (0..<size).map { [data.provinces[$0 / n].id, data.sectors[$0 % n].id] }
        var zMatrix: Matrix
        if let table {
            zMatrix = table.intermediate
        } else {
            zMatrix = system.coefficients
            for k in 0..<size { for l in 0..<size { zMatrix[k, l] *= x[l] } }
        }
        let categories = DemandComponent.allCases.map(\.column.rawValue) + ["exports"]
        let yLabels = data.provinces.flatMap { p in categories.map { [p.id, $0] } }
        var y = Matrix(rows: size, columns: yLabels.count)
        let keep = StructureComponents(base: economy).domesticShares
        var finalImports = Matrix(rows: 1, columns: yLabels.count)
        var importsByProduct = Matrix(rows: n, columns: size), finalImportsByProduct = Matrix(rows: n, columns: yLabels.count)
        for r in 0..<np {
            for (c, comp) in DemandComponent.allCases.enumerated() {
                let column = r * categories.count + c
                for i in 0..<n {
                    let f = data.provincial[comp.column, r * n + i]
                    if table != nil {
                        finalImports[0, column] += f
                    } else {
                        finalImports[0, column] += (1 - keep[r * n + i]) * f
                        finalImportsByProduct[i, column] = (1 - keep[r * n + i]) * f
                    }
                }
                for k in 0..<size {
                    let v: Double
                    if let table {
                        v = table.finalDemand[comp]?[k, r] ?? 0
                    } else {
                        v = data.sourcing[k % n][k / n, r] * keep[r * n + k % n] * data.provincial[comp.column, r * n + k % n]
                    }
                    y[k, column] = v
                    if table != nil { finalImports[0, column] -= v }
                }
            }
            for i in 0..<n { y[r * n + i, r * categories.count + categories.count - 1] = data.provincial[.exports, r * n + i] }
        }
        if table == nil {
            for r in 0..<np {
                for j in 0..<n {
                    for i in 0..<n { importsByProduct[i, r * n + j] = (1 - keep[r * n + i]) * data.coefficients[i, j] * x[r * n + j] }
                }
            }
        }
        let zColumns = zMatrix.columnSums()
        var factors = Matrix(rows: 2, columns: size), income = Matrix(rows: 1, columns: size)
        for l in 0..<size {
            factors[0, l] = system.valueAddedPerOutput[l] * x[l]
            factors[1, l] = x[l] - zColumns[l] - factors[0, l]
            income[0, l] = system.compensationPerOutput[l] * x[l]
        }
        var factorsY = Matrix(rows: 2, columns: yLabels.count)
        for c in 0..<yLabels.count { factorsY[1, c] = finalImports[0, c] }
        let employment = try Matrix(rows: 1, columns: size, storage: (0..<size).map { system.employmentPerOutput[$0] * x[$0] })

        func frame(_ rows: [[String]], _ cols: [[String]], _ values: Matrix, index: [String]) -> PymrioTable {
            PymrioTable(file: "", indexNames: index, rowLabels: rows, columnLabels: cols, values: values)
        }
        let regionSector = ["region", "sector"], regionCategory = ["region", "category"]
        var files: [(String, String)] = []
        files.append(("Z.txt", PymrioText.text(frame(labels, labels, zMatrix, index: regionSector), columnNames: regionSector)))
        files.append(("Y.txt", PymrioText.text(frame(labels, yLabels, y, index: regionSector), columnNames: regionCategory)))
        files.append(("x.txt", PymrioText.text(frame(labels, [["indout"]], try Matrix(rows: size, columns: 1, storage: x), index: regionSector), columnNames: ["indout"])))
        files.append(("unit.txt", PymrioText.labelTable(["region", "sector", "unit"], labels.map { $0 + [moneyUnit] })))
        files.append(("file_parameters.json", try parameters(system: true, name: nil, [("Z", 2, 2), ("Y", 2, 2), ("x", 2, 1), ("unit", 2, 1)])))
        files.append(("metadata.json", try json([
            "description": "policysim data set \(data.name) (\(data.title)), base year \(data.baseYear)",
            "name": data.name, "system": "pxp", "version": "base year \(data.baseYear)", "history": [String](),
        ])))
        func ext(_ folder: String, _ index: String, _ rows: [String], _ units: [String], _ f: Matrix, _ fY: Matrix?) throws {
            files.append(("\(folder)/F.txt", PymrioText.text(frame(rows.map { [$0] }, labels, f, index: [index]), columnNames: regionSector)))
            var entries = [("F", 1, 2), ("unit", 1, 1)]
            if let fY {
                files.append(("\(folder)/F_Y.txt", PymrioText.text(frame(rows.map { [$0] }, yLabels, fY, index: [index]), columnNames: regionCategory)))
                entries.insert(("F_Y", 1, 2), at: 1)
            }
            files.append(("\(folder)/unit.txt", PymrioText.labelTable([index, "unit"], zip(rows, units).map { [$0, $1] })))
            files.append(("\(folder)/file_parameters.json", try parameters(system: false, name: folder, entries)))
        }
        try ext("factor_inputs", "inputtype", ["Value Added", "Imports"], [String](repeating: moneyUnit, count: 2), factors, factorsY)
        try ext("income", "inputtype", ["Compensation of employees"], [moneyUnit], income, nil)
        try ext("employment", "stressor", ["Employment"], ["10 thousand persons"], employment, nil)
        if table == nil {
            try ext("imports", "product", data.sectors.map(\.id), [String](repeating: moneyUnit, count: n), importsByProduct, finalImportsByProduct)
        }
        return files
    }

    /// JSON text as pymrio writes it (indented, keys sorted).
    static func json(_ object: [String: Any]) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// file_parameters.json: each table's file, index columns and header rows (as strings, as
    /// pymrio writes them), and the system type.
    static func parameters(system: Bool, name: String?, _ entries: [(String, Int, Int)]) throws -> String {
        var files: [String: Any] = [:]
        for (key, ic, h) in entries { files[key] = ["name": key + ".txt", "nr_index_col": String(ic), "nr_header": String(h)] }
        var object: [String: Any] = ["files": files, "systemtype": system ? "IOSystem" : "Extension"]
        if let name { object["name"] = name }
        return try json(object)
    }

    /// A folder whose file_parameters.json describes a pymrio IOSystem: the only kind an export
    /// replaces, and only with force.
    public static let folderKind = FolderKind(name: "a pymrio IOSystem folder") { url in
        guard let data = FileManager.default.contents(atPath: url.appendingPathComponent("file_parameters.json").path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return object["systemtype"] as? String == "IOSystem"
    }

    /// Writes the folder atomically, replacing a pymrio folder there only when `force`.
    public static func write(_ data: DataSet, table: MultiRegionalTable?, into staging: StagingFolder) throws {
        for (name, text) in try files(data, table: table) {
            let folder = (name as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                do {
                    try FileManager.default.createDirectory(at: staging.url.appendingPathComponent(folder), withIntermediateDirectories: true)
                } catch {
                    throw FileWriteError.from(error, "cannot create \(staging.display)/\(folder)")
                }
            }
            try staging.write(name, Data(text.utf8))
        }
        try staging.publish()
    }

    public static func write(_ data: DataSet, table: MultiRegionalTable?, to folder: URL, force: Bool = false) throws {
        try write(data, table: table, into: StagingFolder(folder.path, kind: folderKind, force: force))
    }
}
