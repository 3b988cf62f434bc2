// SPDX-License-Identifier: GPL-3.0-or-later
@preconcurrency internal import CGSL

/// Process-wide set-up of GSL and facts about the BLAS it runs on.
public enum NumericsRuntime {
    /// Switches GSL's abort-on-error handler off, once, before any GSL call. Every entry point of
    /// this module touches it, so no GSL routine can run with the default handler.
    static let ready: Void = {
        gsl_set_error_handler_off()
    }()

    /// The GSL library version, as the headers compiled against declare it (e.g. "2.7.1").
    public static var gslVersion: String {
        _ = ready
        return String(cString: gsl_version)
    }

    /// Path of the shared object that `cblas_dgemm` resolves to in this process: the CBLAS
    /// that GSL's matrix routines actually call.
    public static var cblasLibrary: String {
        _ = ready
        guard let name = cgsl_cblas_provider() else { return "unknown" }
        return String(cString: name)
    }

    /// True when the CBLAS in use is OpenBLAS rather than GSL's reference `libgslcblas`.
    public static var cblasIsOpenBLAS: Bool {
        cblasLibrary.contains("openblas")
    }

    /// OpenBLAS's build description (version, kernel, threading).
    public static var openBLASConfig: String {
        String(cString: openblas_get_config())
    }

    /// The CPU kernel OpenBLAS chose at start-up (e.g. "Haswell").
    public static var openBLASCore: String {
        String(cString: openblas_get_corename())
    }

    /// Threads OpenBLAS uses inside one BLAS call.
    public static var blasThreads: Int {
        Int(openblas_get_num_threads())
    }

    /// Sets the threads OpenBLAS uses inside one BLAS call. Keep it at 1 when draws already
    /// run in parallel on every core: competing thread pools slow small solves many times over.
    public static func setBLASThreads(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }
}

/// Converts a GSL status code into a `NumericsError` (0 is success).
@inline(__always)
func check(_ status: Int32, _ label: @autoclosure () -> String) throws {
    guard status != 0 else { return }
    throw NumericsError.gsl(status: status, message: String(cString: gsl_strerror(status)), label: label())
}
