// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import PolicyData
import PolicyModel
import PolicyNumerics

extension PolicySim {
    struct Kernels: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time dgemm and a dense LU + solve of a data set's (I - B), for the benchmarks.",
            discussion: "Prints JSON. With --write, also writes the matrix, the right-hand side and policysim's solution (float64 little-endian) so a peer solves the same system and compares.",
            shouldDisplay: false
        )

        @Option(help: "Data set folder whose base (I - B) is factored.") var data = "Scenarios/data/china-2022"
        @Option(name: .customLong("repeat"), help: "Timed repetitions (the median is reported).") var repetitions: Int = 5
        @Option(help: "Size of the square matrices multiplied to measure the dgemm rate.") var dgemm: Int = 2000
        @Option(help: "Write <dir>/matrix.f64, <dir>/rhs.f64 and <dir>/solution.f64.") var write: String?

        func validate() throws {
            if repetitions < 1 { throw ValidationError("Please give --repeat of at least 1.") }
            if dgemm < 1 { throw ValidationError("Please give --dgemm of at least 1.") }
        }

        func run() throws {
            let clock = ContinuousClock()
            func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
            func median(_ v: [Double]) -> Double { let s = v.sorted(); return s[s.count / 2] }
            let stream = RandomStream(seed: 1)
            var a = Matrix(rows: dgemm, columns: dgemm), b = a
            for k in 0..<a.storage.count { a.storage[k] = stream.uniform(); b.storage[k] = stream.uniform() }
            _ = a * b
            var gemm: [Double] = []
            for _ in 0..<repetitions { let t = clock.now; _ = a * b; gemm.append(seconds(clock.now - t)) }
            let gflops = 2 * pow(Double(dgemm), 3) / median(gemm) / 1e9
            let economy = Economy(try DataSetReader.load(URL(fileURLWithPath: data)).data)
            let m = economy.baseLeontief()
            let y = Vector(repeating: 1, count: economy.size)
            var lu: [Double] = []
            var x = y
            for _ in 0..<repetitions {
                let t = clock.now
                x = try LUFactorization(m, label: "(I - B)").solve(y)
                lu.append(seconds(clock.now - t))
            }
            if let write {
                let folder = URL(fileURLWithPath: write)
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    try m.storage.withUnsafeBufferPointer { try Data(buffer: $0).write(to: folder.appendingPathComponent("matrix.f64")) }
                    try y.elements.withUnsafeBufferPointer { try Data(buffer: $0).write(to: folder.appendingPathComponent("rhs.f64")) }
                    try x.elements.withUnsafeBufferPointer { try Data(buffer: $0).write(to: folder.appendingPathComponent("solution.f64")) }
                } catch {
                    throw failure(FileWriteError.from(error, "cannot write the matrices into \(write)"))
                }
            }
            let report: [String: Any] = [
                "n": economy.size, "lu_solve_s": median(lu), "lu_spread": ((lu.max() ?? 0) - (lu.min() ?? 0)) / median(lu), "dgemm_gflops": gflops,
                "cblas": NumericsRuntime.cblasLibrary, "blas_threads": NumericsRuntime.blasThreads, "blas": NumericsRuntime.blasConfig,
                "core": NumericsRuntime.blasCore,
            ]
            // JSONSerialization escapes what a library path might hold.
            print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
        }
    }
}
