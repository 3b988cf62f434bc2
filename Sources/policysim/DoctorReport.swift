// SPDX-License-Identifier: GPL-3.0-or-later
import PolicyNumerics

/// The facts `policysim doctor` prints.
struct DoctorReport {
    var text: String
    var healthy: Bool

    static func make() -> DoctorReport {
        var lines: [String] = []
        var healthy = true
        lines.append("policysim \(PolicySim.version)")
        lines.append("gsl: \(NumericsRuntime.gslVersion)")
        let cblas = NumericsRuntime.cblasLibrary
        let optimised = NumericsRuntime.cblasIsOptimised
        lines.append("cblas: \(optimised ? NumericsRuntime.blasName : "reference (slow)") \(cblas)")
        if optimised {
            lines.append("blas: \(NumericsRuntime.blasConfig) core=\(NumericsRuntime.blasCore) threads=\(NumericsRuntime.blasThreads)")
            lines.append("kernels: \(NumericsRuntime.blasKernelChoice.reason)")
        } else {
            healthy = false
            let package = NumericsRuntime.blasName == "blis" ? "libblis-pthread-dev" : "libopenblas-dev"
            lines.append("warning: GSL is running on its reference CBLAS; install \(package) and rebuild")
        }
        // Miller & Blair (2009), Table 2.3: A = [[0.15, 0.25], [0.20, 0.05]], f = [600, 1500]
        // gives x = [1247.525, 1841.584].
        do {
            let a = try Matrix([[0.15, 0.25], [0.20, 0.05]])
            let lu = try LUFactorization(Matrix.identity(2) - a, label: "(I - A) of Miller & Blair Table 2.3")
            let x = try lu.solve([600, 1500])
            let ok = abs(x[0] - 1247.525) < 1e-3 && abs(x[1] - 1841.584) < 1e-3
            healthy = healthy && ok
            lines.append("check: Miller & Blair Table 2.3 x = [\(round3(x[0])), \(round3(x[1]))] \(ok ? "ok" : "WRONG (expected [1247.525, 1841.584])")")
        } catch {
            healthy = false
            lines.append("check: failed: \(error)")
        }
        return DoctorReport(text: lines.joined(separator: "\n"), healthy: healthy)
    }

    private static func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
}
