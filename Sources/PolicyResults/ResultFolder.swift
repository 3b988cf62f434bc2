// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData

/// A result folder read back: `output.csv`, `manifest.json`, and when present `draws.csv`,
/// `trace.csv` and `attribution.csv`.
public struct ResultFolder {
    public struct Cell: Hashable, Sendable {
        public var year: Int
        public var area: String
        public var sector: String
        public var variable: String

        public init(year: Int, area: String, sector: String, variable: String) {
            self.year = year
            self.area = area
            self.sector = sector
            self.variable = variable
        }
    }

    public let path: String
    public let scenario: String
    public let version: String
    public let dataName: String
    public let dataHash: String
    /// Cell -> statistic -> value.
    public private(set) var values: [Cell: [String: Double]] = [:]
    public private(set) var kinds: [String: String] = [:]
    public private(set) var units: [String: String] = [:]
    /// Cells in file order (first appearance).
    public private(set) var order: [Cell] = []
    /// Headline cell -> draw -> value.
    public private(set) var draws: [Cell: [Int: Double]] = [:]
    public private(set) var trace: [[String]] = []
    /// Cell -> group -> contribution.
    public private(set) var attribution: [Cell: [String: Double]] = [:]
    public private(set) var attributionGroups: [String] = []

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(_ path: String) throws {
        self.path = path
        let folder = URL(fileURLWithPath: path)
        func text(_ name: String) throws -> String? {
            let url = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            return try String(contentsOf: url, encoding: .utf8)
        }
        guard let manifestText = try text("manifest.json"), let outputText = try text("output.csv") else {
            throw Failure(description: "\(path) is not a result folder (no manifest.json or output.csv); make one with `policysim run`")
        }
        guard let manifest = try JSONSerialization.jsonObject(with: Data(manifestText.utf8)) as? [String: Any] else {
            throw Failure(description: "\(path)/manifest.json is not a JSON object")
        }
        version = manifest["version"] as? String ?? "?"
        let data = manifest["data_set"] as? [String: Any] ?? [:]
        dataName = data["name"] as? String ?? "?"
        dataHash = data["sha256"] as? String ?? "?"
        var scenarioName = URL(fileURLWithPath: path).lastPathComponent
        var first = true
        for line in outputText.split(separator: "\n") {
            if first { first = false; continue }
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count == 9, let year = Int(f[1]), let value = Double(f[8]) else {
                throw Failure(description: "\(path)/output.csv: malformed line '\(line.prefix(80))'")
            }
            scenarioName = String(f[0])
            let cell = Cell(year: year, area: String(f[2]), sector: String(f[4]), variable: String(f[5]))
            if values[cell] == nil { order.append(cell) }
            values[cell, default: [:]][String(f[7])] = value
            kinds[cell.area] = String(f[3])
            units[cell.variable] = String(f[6])
        }
        scenario = scenarioName
        if let drawsText = try text("draws.csv") {
            for line in drawsText.split(separator: "\n").dropFirst() {
                let f = line.split(separator: ",", omittingEmptySubsequences: false)
                guard f.count == 6, let year = Int(f[0]), let d = Int(f[4]), let v = Double(f[5]) else { continue }
                draws[Cell(year: year, area: String(f[1]), sector: String(f[2]), variable: String(f[3])), default: [:]][d] = v
            }
        }
        if let traceText = try text("trace.csv") {
            trace = try CSV.parse(traceText, file: "\(path)/trace.csv").rows
        }
        if let attributionText = try text("attribution.csv") {
            var groups: [String] = []
            for line in attributionText.split(separator: "\n").dropFirst() {
                let f = line.split(separator: ",", omittingEmptySubsequences: false)
                guard f.count == 8, let year = Int(f[0]), let v = Double(f[7]) else { continue }
                let group = String(f[6])
                if !groups.contains(group) { groups.append(group) }
                attribution[Cell(year: year, area: String(f[1]), sector: String(f[3]), variable: String(f[4])), default: [:]][group] = v
            }
            attributionGroups = groups
        }
    }

    public func value(_ cell: Cell, _ statistic: String = "central") -> Double? { values[cell]?[statistic] }

    public var years: [Int] { Array(Set(order.map(\.year))).sorted() }
}
