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
            discussion: "Prints JSON. The LU runs on as many BLAS threads as an idle central run of that size would (one below the measured crossover; runs with draws, or started beside another runnable task, use one whatever the size). With --write, also writes the matrix, the right-hand side and policysim's solution (float64 little-endian) so a peer solves the same system and compares. With --crossover, also times the LU of random diagonally dominant matrices of each of --sizes on one and on two BLAS threads: where a second thread starts to pay.",
            shouldDisplay: false
        )

        @Option(help: "Data set folder whose base (I - B) is factored.") var data = "Scenarios/data/china-2022"
        @Option(name: .customLong("repeat"), help: "Timed repetitions (the median is reported).") var repetitions: Int = 5
        @Option(help: "Size of the square matrices multiplied to measure the dgemm rate.") var dgemm: Int = 2000
        @Option(help: "Write <dir>/matrix.f64, <dir>/rhs.f64 and <dir>/solution.f64.") var write: String?
        @Flag(help: "Also time LU on one and two BLAS threads at each of --sizes.") var crossover = false
        @Option(help: "Matrix sizes for --crossover, comma-separated.") var sizes = "400,600,700,800,900,1000,1100,1200,1400,1600,2000,2500"

        var crossoverSizes: [Int]? {
            let parts = sizes.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) >= 2 && ($0 ?? 0) <= 10_000 }) else { return nil }
            return parts.map { $0! }.sorted()
        }

        func validate() throws {
            if repetitions < 1 { throw ValidationError("Please give --repeat of at least 1.") }
            if dgemm < 1 { throw ValidationError("Please give --dgemm of at least 1.") }
            if crossoverSizes == nil { throw ValidationError("Please give --sizes as whole numbers from 2 to 10000 separated by commas, as in --sizes 500,1000,2000.") }
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
            let luThreads: Int
            do {
                // The thread count a run of this size would use.
                let lease = NumericsRuntime.singleThreadedBLAS(forSystemOf: economy.size)
                defer { lease?.end() }
                luThreads = NumericsRuntime.blasThreads
                for _ in 0..<repetitions {
                    let t = clock.now
                    x = try LUFactorization(m, label: "(I - B)").solve(y)
                    lu.append(seconds(clock.now - t))
                }
            }
            var crossoverRows: [[String: Any]] = []
            if crossover, let list = crossoverSizes {
                for n in list {
                    // A random diagonally dominant matrix (the LU's time does not depend on the values).
                    let r = RandomStream(seed: UInt32(n))
                    var a = Matrix(rows: n, columns: n)
                    for k in 0..<a.storage.count { a.storage[k] = -r.uniform() / Double(n) }
                    for i in 0..<n { a.storage[i * n + i] += 1 }
                    let count = n < 1_000 ? 15 : 5
                    var best = [Double](repeating: .infinity, count: 3)
                    for threads in 1...2 {
                        try NumericsRuntime.withBLASThreads(threads) {
                            for _ in 0..<count {
                                let t = clock.now
                                _ = try LUFactorization(a, label: "random \(n) x \(n)")
                                best[threads] = min(best[threads], seconds(clock.now - t))
                            }
                        }
                    }
                    crossoverRows.append(["n": n, "one_thread_s": best[1], "two_threads_s": best[2], "ratio": best[2] / best[1]])
                }
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
            var report: [String: Any] = [
                "n": economy.size, "lu_solve_s": median(lu), "lu_spread": ((lu.max() ?? 0) - (lu.min() ?? 0)) / median(lu), "dgemm_gflops": gflops,
                "cblas": NumericsRuntime.cblasLibrary, "blas_threads": NumericsRuntime.blasThreads, "blas": NumericsRuntime.blasConfig,
                "core": NumericsRuntime.blasCore, "lu_threads": luThreads, "smallest_threaded_system": NumericsRuntime.smallestThreadedSystem,
            ]
            if crossover {
                report["crossover"] = crossoverRows
                // The smallest size from which two threads were faster at that and every larger size tried.
                if let k = crossoverRows.indices.first(where: { i in crossoverRows[i...].allSatisfy { ($0["ratio"] as! Double) < 1 } }) {
                    report["two_threads_pay_from"] = crossoverRows[k]["n"]
                }
            }
            // JSONSerialization escapes what a library path might hold.
            print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
        }
    }
}
