// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing

/// The BLAS kernels a run uses are chosen for the CPU (BLIS's skx where it reports AVX-512F), and
/// a different kernel changes only the last bits: LU solutions of the data set's (I - B) agree to
/// 1e-12 relative under every kernel this CPU can run (skx where it has AVX-512F, haswell where it
/// has AVX2 and FMA, and BLIS's own choice).
@Suite struct KernelChoiceTests {
    static let flags: Set<Substring> = {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
        return Set(line.split(separator: " "))
    }()

    func solve(_ kernel: String?) throws -> (core: String, x: [Double]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policysim-kernels-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try CLI.run(["kernels", "--repeat", "1", "--dgemm", "64", "--write", folder.path],
                            environment: ["BLIS_ARCH_TYPE": kernel, "BLIS_NUM_THREADS": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        let data = try Data(contentsOf: folder.appendingPathComponent("solution.f64"))
        let x = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        return (report["core"] as? String ?? "?", x)
    }

    @Test func solutionsAgreeUnderEveryKernelThisCPURuns() throws {
        var kernels: [String?] = [nil]
        if Self.flags.contains("avx2") && Self.flags.contains("fma") { kernels.append("haswell") }
        if Self.flags.contains("avx512f") { kernels.append("skx") }
        let runs = try kernels.map { try solve($0) }
        for (k, run) in zip(kernels, runs) where k != nil { #expect(run.core == k, "asked for \(k!), ran \(run.core)") }
        // Without BLIS_ARCH_TYPE, AVX-512F means skx; otherwise BLIS's choice stands.
        if Self.flags.contains("avx512f") { #expect(runs[0].core == "skx") }
        let reference = runs[0].x
        #expect(reference.count > 500)
        let scale = reference.map(abs).max() ?? 1
        for run in runs.dropFirst() {
            let worst = zip(run.x, reference).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst <= 1e-12 * scale, "\(run.core) against \(runs[0].core): \(worst / scale)")
        }
    }

    /// Kernels the CPU cannot run are refused rather than trapping; the doctor says so.
    @Test func avx512KernelsAreRefusedWithoutAVX512() throws {
        guard !Self.flags.contains("avx512f") else { return }
        let r = try CLI.run(["doctor"], environment: ["BLIS_ARCH_TYPE": "skx"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("kernels: BLIS_ARCH_TYPE=skx ignored") && !r.stdout.contains("core=skx"), "\(r.stdout)")
    }
}

/// `kernels --crossover` times an LU on one and on two BLAS threads at each size, and the data
/// set's LU runs on the thread count a run of its size uses: one below the crossover constant.
@Suite struct KernelCrossoverTests {
    @Test func crossoverRowsAndTheRunThreadRule() throws {
        // Two BLAS threads asked for: the data set's LU must still run on one, and the count be
        // restored after it.
        let r = try CLI.run(["kernels", "--repeat", "1", "--dgemm", "16", "--crossover", "--sizes", "60,20,40"],
                            environment: ["BLIS_NUM_THREADS": "2", "OPENBLAS_NUM_THREADS": "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        let rows = report["crossover"] as? [[String: Any]] ?? []
        #expect(rows.compactMap { $0["n"] as? Int } == [20, 40, 60], "sizes are timed in increasing order: \(rows)")
        for row in rows {
            let one = row["one_thread_s"] as? Double ?? -1, two = row["two_threads_s"] as? Double ?? -1
            #expect(one > 0 && two > 0, "\(row)")
        }
        // The data set has 558 rows, fewer than the size from which runs use two threads.
        let smallest = report["smallest_threaded_system"] as? Int ?? 0
        #expect(report["n"] as? Int == 558 && smallest > 558)
        #expect(report["lu_threads"] as? Int == 1, "\(report)")
        #expect(report["blas_threads"] as? Int == 2, "\(report)")
    }

    @Test func badSizesAreRefused() throws {
        for sizes in ["", "100,x", "1", "20000"] {
            let r = try CLI.run(["kernels", "--repeat", "1", "--crossover", "--sizes", sizes])
            #expect(r.status != 0)
            #expect(r.stderr.contains("Please give --sizes as whole numbers from 2 to 10000"), "\(sizes): \(r.stderr)")
        }
    }
}
