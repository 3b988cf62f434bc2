// SPDX-License-Identifier: GPL-3.0-or-later
@preconcurrency internal import CGSL
#if canImport(Glibc)
internal import Glibc
#endif
import Synchronization

/// Process-wide set-up of GSL and facts about the BLAS it runs on.
public enum NumericsRuntime {
    /// Switches GSL's abort-on-error handler off, once, before any GSL call. Every entry point of
    /// this module touches it, so no GSL routine can run with the default handler.
    ///
    /// It also gives the BLAS one thread per online core unless the user chose a number
    /// (BLIS_NUM_THREADS or OMP_NUM_THREADS for BLIS, OPENBLAS_NUM_THREADS for OpenBLAS): BLIS
    /// alone would default to one. Results do not depend on it: both libraries split a
    /// product's rows and columns between threads, never its inner sums (a test checks that an
    /// LU is bit-identical with one and two threads).
    static let ready: Void = {
        gsl_set_error_handler_off()
        #if canImport(Glibc) && !POLICYSIM_OPENBLAS
        // Before BLIS initialises (its first call below): BLIS 0.9.0 picks its Haswell (AVX2)
        // kernels on Intel CPUs with AVX-512 whose model it does not know, about half the
        // speed of its skx kernels there (issue 18's measurement: dgemm 39 against 77 GFLOP/s).
        _ = blasKernelChoice
        if getenv("BLIS_NUM_THREADS") == nil && getenv("OMP_NUM_THREADS") == nil {
            bli_thread_set_num_threads(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        }
        #endif
    }()

    /// How the BLAS's CPU kernels were chosen.
    public enum KernelChoice: Sendable, Equatable {
        /// The user set BLIS_ARCH_TYPE (to a sub-configuration's name or number).
        case user(String)
        /// The user asked for kernels this CPU cannot run; the library chose instead.
        case refused(String)
        /// The CPU reports AVX-512F and BLIS_ARCH_TYPE was not set: policysim selects BLIS's skx.
        case selectedSKX
        /// The library's own choice (no AVX-512F, or not BLIS).
        case library

        public var reason: String {
            switch self {
            case let .user(name): return "BLIS_ARCH_TYPE=\(name) set by the user"
            case let .refused(name): return "BLIS_ARCH_TYPE=\(name) ignored: those kernels need AVX-512F, which this CPU does not report; BLIS chose"
            case .selectedSKX: return "selected by policysim: the CPU reports AVX-512F (BLIS 0.9.0 picks haswell on CPUs it does not know)"
            case .library: return blasName == "blis" ? "BLIS's own choice (the CPU reports no AVX-512F)" : "the library's own choice"
            }
        }
    }

    /// How the kernels were chosen in this process, decided once before the first BLAS call.
    /// BLIS 0.9.0 reads BLIS_ARCH_TYPE as a number (atoi: "haswell" would mean 0, skx), so a name
    /// the user gives is translated to its number here.
    public static let blasKernelChoice: KernelChoice = {
        #if canImport(Glibc) && !POLICYSIM_OPENBLAS
        let avx512 = cgsl_cpu_has_avx512f() != 0
        if let raw = getenv("BLIS_ARCH_TYPE") {
            let value = String(cString: raw)
            guard let id = Int(value).flatMap({ blisArchName($0) != nil ? $0 : nil }) ?? blisArchID(value), let name = blisArchName(id) else {
                unsetenv("BLIS_ARCH_TYPE")
                return .refused(value)
            }
            if ["skx", "knl"].contains(name) && !avx512 {
                unsetenv("BLIS_ARCH_TYPE")
                return .refused(value)
            }
            setenv("BLIS_ARCH_TYPE", String(id), 1)
            return .user(name)
        }
        if avx512, let id = blisArchID("skx") {
            setenv("BLIS_ARCH_TYPE", String(id), 1)
            return .selectedSKX
        }
        #endif
        return .library
    }()

    #if canImport(Glibc) && !POLICYSIM_OPENBLAS
    /// BLIS's sub-configuration names, by number. Its table has no end marker to read: "generic"
    /// is its last entry in every BLIS release (the arch_t enumeration ends with it).
    static let blisArchNames: [String] = {
        var names: [String] = []
        for k in 0..<64 {
            guard let s = bli_arch_string(Int32(k)) else { break }
            names.append(String(cString: s))
            if names.last == "generic" { break }
        }
        return names
    }()

    static func blisArchName(_ id: Int) -> String? { blisArchNames.indices.contains(id) ? blisArchNames[id] : nil }
    static func blisArchID(_ name: String) -> Int? { blisArchNames.firstIndex(of: name) }
    #endif

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

    /// True when GSL's cblas_* calls reach an optimised BLAS (BLIS or OpenBLAS) rather than
    /// GSL's reference `libgslcblas`.
    public static var cblasIsOptimised: Bool {
        let path = cblasLibrary
        return path.contains("blis") || path.contains("openblas")
    }

    #if POLICYSIM_OPENBLAS
    /// The BLAS this program was built against (Package.swift, POLICYSIM_BLAS).
    public static let blasName = "openblas"

    /// The BLAS library's version and build description.
    public static var blasConfig: String { String(cString: openblas_get_config()) }

    /// The CPU kernels the BLAS chose at start-up (e.g. "Haswell", or "Prescott" when OpenBLAS
    /// does not recognise the CPU).
    public static var blasCore: String { String(cString: openblas_get_corename()) }

    static func libraryThreads() -> Int { Int(openblas_get_num_threads()) }
    static func setLibraryThreads(_ count: Int) { openblas_set_num_threads(Int32(max(1, count))) }
    #else
    /// The BLAS this program was built against (Package.swift, POLICYSIM_BLAS).
    public static let blasName = "blis"

    /// The BLAS library's version and build description.
    public static var blasConfig: String { "BLIS " + String(cString: bli_info_get_version_str()) }

    /// The CPU kernels the BLAS chose at start-up (e.g. "haswell").
    public static var blasCore: String {
        _ = ready
        return String(cString: bli_arch_string(bli_arch_query_id()))
    }

    static func libraryThreads() -> Int { Int(bli_thread_get_num_threads()) }
    static func setLibraryThreads(_ count: Int) { bli_thread_set_num_threads(max(1, count)) }
    #endif
}

extension NumericsRuntime {
    /// The BLAS library's one thread setting for the whole process, behind leases.
    static let blasGovernor = BLASThreadGovernor(get: { libraryThreads() }, set: { setLibraryThreads($0) })

    /// Threads the BLAS uses inside one call.
    public static var blasThreads: Int {
        _ = ready
        return blasGovernor.threads
    }

    /// Sets the threads the BLAS uses inside one call. While a single-thread lease is open the
    /// count takes effect when the last lease ends.
    public static func setBLASThreads(_ count: Int) {
        _ = ready
        blasGovernor.setThreads(count)
    }

    /// Systems of fewer rows than this factor and solve with one BLAS thread: below it a second
    /// thread does not pay. `policysim kernels --crossover` measures where it starts to (GSL's LU
    /// of random diagonally dominant matrices on one and on two BLIS threads, best of 5-15). On
    /// this project's 2-core AMD EPYC with BLIS's skx kernels, idle, two threads took 1.29x the
    /// time of one at n = 600, 1.04x at 800, 1.03x at 900, 0.98x at 1,000, 0.87x at 1,200 and
    /// 0.73x at 2,000. (The earlier 2,000 was measured on a zen3 machine without AVX-512.)
    public static let smallestThreadedSystem = 1_000

    /// A single-thread lease for a system of `rows` rows when a second thread does not pay
    /// (`smallestThreadedSystem`), nil otherwise.
    public static func singleThreadedBLAS(forSystemOf rows: Int) -> BLASThreadLease? {
        rows < smallestThreadedSystem ? singleThreadedBLAS() : nil
    }

    /// Runs the BLAS on one thread until the lease ends. Keep it while draws run in parallel on
    /// every core: competing thread pools slow small solves many times over. Leases may overlap
    /// (two projections at once): the first sets one thread, the last to end restores the count
    /// in force before the first.
    public static func singleThreadedBLAS() -> BLASThreadLease {
        _ = ready
        return blasGovernor.lease()
    }

    /// Tasks other than the caller that the kernel counts as runnable at this moment: the
    /// first number of /proc/loadavg's fourth field ("running/total"), which counts the reader
    /// itself. nil where it cannot be read. A second BLAS thread pays only on a free core: with
    /// another process busy on one of two cores, two BLIS threads spin against each other.
    public static func otherRunnableTasks() -> Int? {
        let fd = open("/proc/loadavg", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let fields = String(decoding: buffer[0..<count], as: UTF8.self).split(separator: " ")
        guard fields.count >= 4, let running = fields[3].split(separator: "/").first.flatMap({ Int($0) }) else { return nil }
        return max(0, running - 1)
    }

    /// Runs `body` with the BLAS on exactly `count` threads, holding off other changes of the
    /// count and new leases until it returns: for tests and benchmarks that compare counts.
    public static func withBLASThreads(_ count: Int, _ body: () throws -> Void) throws {
        _ = ready
        try blasGovernor.withThreads(count, body)
    }
}

/// A process-wide thread count (the BLAS's) shared by concurrent users: a lock, and a count of
/// open single-thread leases, so that no user undoes another's setting.
final class BLASThreadGovernor: Sendable {
    private let state = Mutex<(leases: Int, saved: Int)>((0, 0))
    private let get: @Sendable () -> Int
    private let set: @Sendable (Int) -> Void

    init(get: @escaping @Sendable () -> Int, set: @escaping @Sendable (Int) -> Void) {
        self.get = get
        self.set = set
    }

    var threads: Int { state.withLock { _ in get() } }

    func setThreads(_ count: Int) {
        state.withLock { s in
            if s.leases > 0 { s.saved = max(1, count) } else { set(max(1, count)) }
        }
    }

    func lease() -> BLASThreadLease {
        state.withLock { s in
            if s.leases == 0 {
                s.saved = get()
                set(1)
            }
            s.leases += 1
        }
        return BLASThreadLease(self)
    }

    fileprivate func endLease() {
        state.withLock { s in
            s.leases -= 1
            if s.leases == 0 { set(s.saved) }
        }
    }

    func withThreads(_ count: Int, _ body: () throws -> Void) throws {
        try state.withLock { _ in
            let before = get()
            set(max(1, count))
            defer { set(before) }
            try body()
        }
    }
}

/// An open claim on a single-threaded BLAS (`NumericsRuntime.singleThreadedBLAS`); `end` it
/// once (ending again, or the lease's release, changes nothing more).
public final class BLASThreadLease: Sendable {
    private let governor: BLASThreadGovernor
    private let open = Atomic<Bool>(true)

    fileprivate init(_ governor: BLASThreadGovernor) { self.governor = governor }

    public func end() {
        if open.exchange(false, ordering: .acquiringAndReleasing) { governor.endLease() }
    }

    deinit { end() }
}

#if canImport(Glibc)
/// The file mapped at `address` in this process, from /proc/self/maps
/// ("start-end perms offset dev inode path" per line, addresses in hex).
private func mappedFile(containing address: UInt) -> String? {
    guard let file = fopen("/proc/self/maps", "r") else { return nil }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 4096)
    while fgets(&buffer, Int32(buffer.count), file) != nil {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let line = String(decoding: bytes, as: UTF8.self)
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
