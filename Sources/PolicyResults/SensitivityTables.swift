// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel
import PolicyNumerics

/// The files of `policysim sensitivity`:
/// - `evaluations.csv`: one line per run of the design (row, evaluation A, B or AB:<parameter>,
///   the parameters' values, then every output), numbers written so that they read back to the
///   same bits; a shard writes only its rows.
/// - `design.json`: what the evaluations are of (scenario, seed, sampler, rows, parameters,
///   outputs, shard), which a merge checks shard against shard.
/// - `sensitivity.csv` (whole designs only): tidy, one line per output and parameter.
public struct SensitivityDesignRecord: Codable, Sendable, Equatable {
    public var kind = "policysim sensitivity"
    public var version: String
    public var scenario: String
    public var scenarioFile: String
    public var seed: UInt64
    public var sampler: String
    public var rows: Int
    public var parameters: [String]
    /// Output labels, `variable:area:span` (see `SensitivityTables.label`).
    public var outputs: [String]
    public var years: [Int]
    public var shard: String
    public var bootstrapResamples: Int

    public init(version: String, scenario: String, scenarioFile: String, seed: UInt64, sampler: String, rows: Int,
                parameters: [String], outputs: [String], years: [Int], shard: String, bootstrapResamples: Int) {
        self.version = version
        self.scenario = scenario
        self.scenarioFile = scenarioFile
        self.seed = seed
        self.sampler = sampler
        self.rows = rows
        self.parameters = parameters
        self.outputs = outputs
        self.years = years
        self.shard = shard
        self.bootstrapResamples = bootstrapResamples
    }

    /// The fields every shard of one design shares.
    public func sameDesign(_ o: SensitivityDesignRecord) -> Bool {
        scenario == o.scenario && seed == o.seed && sampler == o.sampler && rows == o.rows && parameters == o.parameters
            && outputs == o.outputs && years == o.years && bootstrapResamples == o.bootstrapResamples && version == o.version
    }
}

/// The indices of every output.
public struct SensitivityReport: Sendable {
    public let record: SensitivityDesignRecord
    public let labels: [String]
    public let indices: [SobolIndices]
    public let central: [Double]?

    /// Indices from the evaluations of every row (rows 0..<N in order).
    public init(record: SensitivityDesignRecord, values: [[[Double]]], central: [Double]?) throws {
        self.record = record
        labels = record.outputs
        self.central = central
        let k = record.parameters.count
        indices = try record.outputs.indices.map { o in
            let perRow = values.map { row in row.map { $0[o] } }
            return try SobolIndices(perRow, parameters: k, resamples: record.bootstrapResamples,
                                    seed: Projection.parameterSeed(record.seed, "bootstrap " + record.outputs[o]))
        }
    }

    /// Parameter order by total index of output `o`, largest first (name order on ties and for NaN).
    public func ranking(_ o: Int) -> [Int] {
        let st = indices[o].total
        return st.indices.sorted { a, b in
            let x = st[a].isNaN ? -1 : st[a], y = st[b].isNaN ? -1 : st[b]
            return x != y ? x > y : record.parameters[a] < record.parameters[b]
        }
    }
}

public enum SensitivityTables {
    public static let evaluationsFile = "evaluations.csv"
    public static let designFile = "design.json"
    public static let indicesFile = "sensitivity.csv"
    public static let indicesHeader = "variable,area,span,parameter,first_order,first_order_conf95,total,total_conf95,output_mean,output_sd,rows,sampler"

    /// "gdp:China:2025", "fiscal_cost:China:2023-2030".
    public static func label(_ o: SensitivityOutput, years: [Int]) -> String {
        "\(o.variable.rawValue):\(o.area):\(o.span(years))"
    }

    public static func parts(_ label: String) -> (variable: String, area: String, span: String) {
        let p = label.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        return (p[0], p[1..<(p.count - 1)].joined(separator: ":"), p[p.count - 1])
    }

    public static func evaluationName(_ e: Int, parameters: [String]) -> String {
        e == 0 ? "A" : e == 1 ? "B" : "AB:" + parameters[e - 2]
    }

    /// The lines of `evaluations.csv`: the held rows, each with its k + 2 runs.
    public static func evaluationsCSV(_ ev: SensitivityEvaluations, distributions: [Distribution], labels: [String]) -> String {
        var out = CSV.line(["row", "evaluation"] + ev.parameters + labels) + "\n"
        for (r, row) in ev.rows.enumerated() {
            for e in 0..<ev.design.evaluationsPerRow {
                let x = zip(ev.design.point(row: row, evaluation: e), distributions).map { $1.quantile($0) }
                let fields = [String(row), evaluationName(e, parameters: ev.parameters)] + x.map(CSV.number) + ev.values[r][e].map(CSV.number)
                out += CSV.line(fields) + "\n"
            }
        }
        return out
    }

    /// Reads a folder's evaluations: row -> [evaluation][output], checked against its design.
    public static func readEvaluations(_ folder: URL, _ record: SensitivityDesignRecord) throws -> [Int: [[Double]]] {
        let url = folder.appendingPathComponent(evaluationsFile)
        let file = displayPath(url)
        let table = try CSV.read(url)
        let k = record.parameters.count, outputs = record.outputs.count
        let expected = ["row", "evaluation"] + record.parameters + record.outputs
        guard table.header == expected else {
            throw SensitivityError("\(file):1: error: the header does not match \(designFile)'s parameters and outputs; the folder is not one sensitivity run")
        }
        var rows: [Int: [[Double]]] = [:]
        for (i, fields) in table.rows.enumerated() {
            let line = i + 2
            guard let row = Int(fields[0]), row >= 0, row < record.rows else {
                throw SensitivityError("\(file):\(line): error: row '\(fields[0])' is not a row of a \(record.rows)-row design")
            }
            let e = rows[row]?.count ?? 0
            guard fields[1] == evaluationName(min(e, k + 1), parameters: record.parameters), e < k + 2 else {
                throw SensitivityError("\(file):\(line): error: expected evaluation \(evaluationName(min(e, k + 1), parameters: record.parameters)) of row \(row), found '\(fields[1])'")
            }
            let values = fields[(2 + k)...].map(Double.init)
            guard values.count == outputs, values.allSatisfy({ $0?.isFinite == true }) else {
                throw SensitivityError("\(file):\(line): error: an output value is not a finite number")
            }
            rows[row, default: []].append(values.map { $0! })
        }
        for (row, evaluations) in rows where evaluations.count != k + 2 {
            throw SensitivityError("\(file): error: row \(row) has \(evaluations.count) of its \(k + 2) evaluations; the file is incomplete")
        }
        return rows
    }

    public static func indicesCSV(_ r: SensitivityReport) -> String {
        var out = indicesHeader + "\n"
        func num(_ x: Double) -> String { x.isFinite ? CSV.number(x) : "" }
        for (o, label) in r.labels.enumerated() {
            let (variable, area, span) = parts(label)
            let s = r.indices[o]
            for p in r.ranking(o) {
                out += CSV.line([variable, area, span, r.record.parameters[p], num(s.firstOrder[p]), num(s.firstOrderConfidence[p]),
                                 num(s.total[p]), num(s.totalConfidence[p]), CSV.number(s.mean), CSV.number(s.variance.squareRoot()),
                                 String(r.record.rows), r.record.sampler]) + "\n"
            }
        }
        return out
    }

    /// A folder `policysim sensitivity` wrote: the only kind it replaces, and only with --force.
    public static let folderKind = FolderKind(name: "a policysim sensitivity folder") { url in
        guard let data = try? Data(contentsOf: url.appendingPathComponent(designFile)),
              let record = try? JSONDecoder().decode(SensitivityDesignRecord.self, from: data) else { return false }
        return record.kind == "policysim sensitivity"
    }

    public static func encode(_ record: SensitivityDesignRecord) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(record) + Data("\n".utf8)
    }

    public static func readDesign(_ folder: URL) throws -> SensitivityDesignRecord {
        let url = folder.appendingPathComponent(designFile)
        guard let data = try? Data(contentsOf: url) else {
            throw SensitivityError("\(displayPath(url)): error: cannot read it; is \(displayPath(folder)) a folder that `policysim sensitivity --shard` wrote?")
        }
        do {
            let record = try JSONDecoder().decode(SensitivityDesignRecord.self, from: data)
            guard record.kind == "policysim sensitivity" else { throw SensitivityError("not a sensitivity design") }
            return record
        } catch {
            throw SensitivityError("\(displayPath(url)): error: not a policysim sensitivity design (\(error))")
        }
    }

    /// The tornado chart of output `o`: the largest `top` total indices with the first-order ones
    /// beside them and their 95 % bootstrap half-widths.
    public static func tornado(_ r: SensitivityReport, output o: Int, format: String, folder: URL, top: Int = 15) throws -> Plot.Files {
        let term = try MultiplierCharts.terminal(format)
        let order = Array(r.ranking(o).prefix(top))
        let s = r.indices[o]
        let (variable, area, span) = parts(r.labels[o])
        guard s.variance > 0 else { throw SensitivityError("\(variable) of \(area) in \(span) does not vary: no chart of its indices") }
        func num(_ x: Double) -> String { CSV.number(x.isFinite ? x : .nan) }
        var dat = "# rank, first-order index, its 95 % half-width, total index, its 95 % half-width; parameter names are the script's ytics\n"
        for (rank, p) in order.enumerated() {
            dat += "\(rank) \(num(s.firstOrder[p])) \(num(s.firstOrderConfidence[p])) \(num(s.total[p])) \(num(s.totalConfidence[p]))\n"
        }
        let tics = order.enumerated().map { "\(Plot.quoted(r.record.parameters[$0.element])) \($0.offset)" }.joined(separator: ", ")
        let what = variable == "gdp" ? "GDP effect" : "fiscal cost"
        let height = max(400, 120 + 38 * order.count)
        let sized = term.replacingOccurrences(of: "size 1100,900", with: "size 1000,\(height)")
        return MultiplierCharts.files("tornado", format: format, folder: folder, script: { output, data in [
            "# Made by policysim sensitivity. Render with: gnuplot ./tornado.gp",
            "set terminal \(sized)", "set output \(output)",
            "set title \(Plot.quoted("What drives the \(what) of \(area), \(span) (Sobol' indices, N = \(r.record.rows), \(r.record.sampler == "sobol" ? "Sobol'" : "random") points)"))",
            "set xlabel \(Plot.quoted("share of the output's variance (bars: estimates; whiskers: 95 % bootstrap intervals)"))",
            "set ytics (\(tics))", "set yrange [\(Double(order.count) - 0.5):-0.5]", "set xrange [*<0:1<*]",
            "set grid xtics", "set key outside bottom center horizontal", "set bmargin 6", "set datafile missing 'nan'", "set style fill solid 0.8 noborder",
            "plot \(data) using (0):($1 - 0.19):(0):4:($1 - 0.38):($1) with boxxyerror lc rgb '#1f77b4' title 'total (with interactions)', \\",
            "     \(data) using (0):($1 + 0.19):(0):2:($1):($1 + 0.38) with boxxyerror lc rgb '#ff7f0e' title 'first order (alone)', \\",
            "     \(data) using 4:($1 - 0.19):5 with xerrorbars pt -1 lc rgb 'black' notitle, \\",
            "     \(data) using 2:($1 + 0.19):3 with xerrorbars pt -1 lc rgb 'black' notitle",
        ] }, data: dat)
    }
}

/// The terminal's table of one output's indices, largest total index first.
public enum SensitivitySummary {
    public static func text(_ r: SensitivityReport, output o: Int, top: Int = 10) -> String {
        let (variable, area, span) = SensitivityTables.parts(r.labels[o])
        let s = r.indices[o]
        let what = variable == "gdp" ? "GDP effect" : "fiscal cost"
        var lines = [String(format: "%@ of %@, %@ (100 million yuan, 2022 prices): mean %+.0f, sd %.0f", what, area, span, s.mean, s.variance.squareRoot())]
        if let c = r.central?[o] { lines[0] += String(format: "; central run %+.0f", c) }
        guard s.variance > 0 else { return (lines + ["no parameter moves it: no indices"]).joined(separator: "\n") }
        let order = r.ranking(o)
        let width = max(9, order.prefix(top).map { r.record.parameters[$0].count }.max() ?? 9)
        func pad(_ t: String) -> String { t + String(repeating: " ", count: max(0, width - t.count)) }
        func cell(_ x: Double, _ h: Double) -> String { String(format: "%6.3f ± %.3f", x, h) }
        lines.append(pad("parameter") + "   S1 (alone)        ST (with interactions)")
        for p in order.prefix(top) {
            lines.append(pad(r.record.parameters[p]) + "  " + cell(s.firstOrder[p], s.firstOrderConfidence[p]) + "    " + cell(s.total[p], s.totalConfidence[p]))
        }
        if order.count > top { lines.append("... and \(order.count - top) more in sensitivity.csv") }
        let sum = s.firstOrder.reduce(0, +)
        lines.append(String(format: "first-order indices sum to %.2f (1 for an additive model estimated exactly; below 1, interactions); ± is the 95 %% bootstrap half-width over %d rows", sum, r.record.rows))
        return lines.joined(separator: "\n")
    }
}
