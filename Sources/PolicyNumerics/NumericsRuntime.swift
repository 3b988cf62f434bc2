// SPDX-License-Identifier: GPL-3.0-or-later
@preconcurrency internal import CGSL
#if canImport(Glibc)
internal import Glibc
#endif

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
        #if canImport(Glibc)
        // dlsym with RTLD_DEFAULT follows the dynamic linker's global lookup order, the one
        // that GSL's own calls to cblas_dgemm resolve through.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "cblas_dgemm") else { return "unknown" }
        return mappedFile(containing: UInt(bitPattern: symbol)) ?? "unknown"
        #else
        return "unknown"
        #endif
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

#if canImport(Glibc)
/// The file mapped at `address` in this process, from /proc/self/maps
/// ("start-end perms offset dev inode path" per line, addresses in hex).
private func mappedFile(containing address: UInt) -> String? {
    guard let file = fopen("/proc/self/maps", "r") else { return nil }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 4096)
    while fgets(&buffer, Int32(buffer.count), file) != nil {
        let line = String(cString: buffer)
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 6 else { continue }
        let range = fields[0].split(separator: "-")
        guard range.count == 2, let lo = UInt(range[0], radix: 16), let hi = UInt(range[1], radix: 16) else { continue }
        if address >= lo && address < hi {
            return fields[5...].joined(separator: " ").trimmingCharacters(in: "\n")
        }
    }
    return nil
}

private extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = self
        while s.last == set { s.removeLast() }
        return s
    }
}
#endif

/// Converts a GSL status code into a `NumericsError` (0 is success).
@inline(__always)
func check(_ status: Int32, _ label: @autoclosure () -> String) throws {
    guard status != 0 else { return }
    throw NumericsError.gsl(status: status, message: String(cString: gsl_strerror(status)), label: label())
}
