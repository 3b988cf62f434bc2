// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import PolicyNumerics

extension PolicySim {
    /// Reports the numerical libraries in use and runs a small known-answer check.
    struct Doctor: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the GSL and CBLAS in use and check a known Leontief solve.",
            discussion: """
                Exits 0 when an optimised CBLAS (BLIS, or OpenBLAS in an OpenBLAS build) is bound \
                for GSL and the Miller & Blair (2009, \
                Table 2.3) system solves to its published answer; 1 otherwise.
                """
        )

        func run() throws {
            let report = DoctorReport.make()
            print(report.text)
            if !report.healthy { throw ExitCode(1) }
        }
    }
}
