// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyData
@testable import PolicyModel
import PolicyNumerics

/// Credible magnitudes on the shipped data set: investment bought at the investing sector's mix,
/// capacity that binds, and the package's effect per budget yuan within the bounds of the data
/// set's own multipliers.
@Suite struct MagnitudeTests {
    static let data = EngineVerificationTests.data
    static let economy = EngineVerificationTests.economy

    /// The national fixed-capital column of national.csv, read here without the engine.
    static func nationalFixedCapital() throws -> [String: Double] {
        let text = try String(contentsOf: Fixtures.repo.appendingPathComponent("Scenarios/data/china-2022/national.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0], column = header.firstIndex(of: "fixed_capital")!
        return Dictionary(uniqueKeysWithValues: lines.dropFirst().map { ($0[0], Double($0[column])!) })
    }

    /// A guidance fund for electronics buys `equipment_share` at the non-construction part of the
    /// national fixed-capital column and the rest at construction, not the national mix (65 %
    /// construction). Expected: 400 (fund 100 x leverage 4, all additional) split by the column
    /// read from national.csv.
    @Test(arguments: [0.35, 0.55, 0.75])
    func investingSectorsBuyEquipmentAtTheirShare(_ share: Double) throws {
        let column = try Self.nationalFixedCapital()
        let building = column["construction"]!, other = column.values.reduce(0, +) - building
        let rule = EngineVerificationTests.rule("fund", .investmentFund, areas: ["Guangdong"], sectors: ["electronics"], years: 2023...2023,
                                                numbers: ["fund": .value(100), "leverage": .value(4), "additionality": .value(1),
                                                          "equipment_share": .value(share), "financing_crowding_out": .value(0)])
        let result = try Projection.run(Self.economy, EngineVerificationTests.scenario([rule], years: 2023...2023), options: ProjectionOptions(threads: 1))
        let p = Self.data.provinceIndex("Guangdong")!, n = Self.data.sectorCount
        let added = (0..<n).map { result.central[1].demand[.fixedCapital][p * n + $0] - result.baseline.noPolicy[1].demand[.fixedCapital][p * n + $0] }
        for (i, sector) in Self.data.sectors.enumerated() {
            let expected = sector.id == "construction" ? 400 * (1 - share) : 400 * share * column[sector.id]! / other
            #expect(abs(added[i] - expected) < 1e-9 * 400, "\(sector.id): \(added[i]) vs \(expected)")
        }
        // Public capital (no investing sectors) keeps the national mix: 400 x 0.653 of construction.
        var publicCapital = rule
        publicCapital.sectors = []
        let r2 = try Projection.run(Self.economy, EngineVerificationTests.scenario([publicCapital], years: 2023...2023), options: ProjectionOptions(threads: 1))
        let c = Self.data.sectorIndex("construction")!
        let built = r2.central[1].demand[.fixedCapital][p * n + c] - r2.baseline.noPolicy[1].demand[.fixedCapital][p * n + c]
        #expect(abs(built - 400 * building / column.values.reduce(0, +)) < 1e-9 * 400)
    }
}
