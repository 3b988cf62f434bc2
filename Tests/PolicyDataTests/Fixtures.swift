// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import PolicyData
import PolicyModel

enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sources = root.appendingPathComponent("Scenarios/data/sources")
    static let inputs = root.appendingPathComponent("Scenarios/data/build")
    static let dataSet = root.appendingPathComponent("Scenarios/data/china-2022")

    /// The committed default data set, read once.
    static let loaded: DataSetReader.Loaded = try! DataSetReader.load(dataSet)
    static var data: DataSet { loaded.data }

    static func temporaryFolder(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-tests-\(ProcessInfo.processInfo.processIdentifier)-\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

func close(_ a: Double, _ b: Double, rel tol: Double) -> Bool {
    abs(a - b) <= tol * max(abs(a), abs(b), 1e-300)
}
