// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import PolicyModel
import PolicyNumerics

/// Draws go to a file as they finish (`DrawSet`) and come back bit for bit, by draw and by
/// block, in draw order whichever worker finished first, leaving no file behind.
@Suite struct DrawSetTests {
    static func scenario() -> Scenario {
        var rule = TinyEconomy.shock("s", sector: "a", value: 0, years: 2023...2025)
        rule.numbers["amount"] = .parameter("size")
        var s = TinyEconomy.scenario(rules: [rule])
        s.parameters = ["size": .uniform(lower: 10, upper: 300)]
        return s
    }

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-drawset-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func drawsComeBackInDrawOrderWithAnyThreadsAndLeaveNoFile() throws {
        let economy = Economy(TinyEconomy.make())
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let one = try Projection.run(economy, Self.scenario(), options: ProjectionOptions(threads: 1, draws: 40, drawDirectory: dir))
        let four = try Projection.run(economy, Self.scenario(), options: ProjectionOptions(threads: 4, draws: 40, drawDirectory: dir))
        // The file is unlinked as soon as it is opened: the folder is empty while results are held.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        #expect(one.draws.count == 40 && four.draws.count == 40)
        var sizes: Set<Double> = [], ratios: [Double] = []
        for k in 0..<40 {
            let a = one.draws[k], b = four.draws[k]
            for f in DrawSet.Family.allCases { #expect(a[f] == b[f], "draw \(k) \(f)") }
            // Draw k holds the path of draw k's parameter value: the effect on a's output is
            // linear in the shock, so effect / size is the same in every slot.
            let size = one.drawValues[k][0]
            sizes.insert(size)
            ratios.append((a.output[1][0] - one.baseline.states[1].output[0]) / size)
        }
        #expect(sizes.count == 40)
        #expect(ratios[0] > 0.1 && ratios.allSatisfy { abs($0 - ratios[0]) < 1e-9 * ratios[0] }, "\(ratios)")
        // A block holds a family's values of one year for every draw, draw after draw.
        for y in one.years.indices {
            for f in DrawSet.Family.allCases {
                let block = try one.draws.block(year: y, f), n = one.draws.length(year: y, f)
                #expect(block.count == 40 * n)
                for k in 0..<40 { #expect(Array(block[k * n..<(k + 1) * n]) == one.draws[k][f][y], "year \(y) \(f) draw \(k)") }
            }
        }
    }

    /// Slots stored in any order read back as stored; a draw shaped unlike the central run is
    /// refused in words.
    @Test func slotsStoredOutOfOrderReadBackAndAWrongShapeIsRefused() throws {
        let economy = Economy(TinyEconomy.make())
        let result = try Projection.run(economy, Self.scenario(), options: ProjectionOptions(threads: 1, draws: 20))
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 20 draws: a full batch of 16 and a part batch of 4, stored last draw first.
        let set = try DrawSet(count: 20, template: result.draws[0], sectors: economy.n, directory: dir)
        for slot in (0..<20).reversed() { try set.store(slot, result.draws[slot]) }
        for k in 0..<20 {
            for f in DrawSet.Family.allCases { #expect(set[k][f] == result.draws[k][f], "draw \(k) \(f)") }
        }
        // One province's group for every draw: the province's sectors, draw after draw.
        let group = try set.group(year: 2, .output, 0)
        #expect(group.count == 20 * economy.n)
        for k in 0..<20 { #expect(Array(group[k * economy.n..<(k + 1) * economy.n]) == result.draws[k].output[2]) }
        var wrong = result.draws[0]
        wrong.output[1].append(1)
        #expect(throws: DrawSetError.self) { try set.store(0, wrong) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
