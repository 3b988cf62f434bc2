// swift-tools-version:6.0
// policysim: a rule-based simulator of regional industrial policy for China.
// SPDX-License-Identifier: GPL-3.0-or-later

import Foundation
import PackageDescription

// The CBLAS under GSL. BLIS by default: on this project's machine (an Intel CPU that Debian's
// OpenBLAS 0.3.21 does not recognise, so it falls back to its Prescott kernels) BLIS runs its
// Haswell kernels, and dgemm is about 3x faster (README, "Benchmarks"). Build with
// POLICYSIM_BLAS=openblas (and libopenblas-dev) where OpenBLAS knows the CPU.
let blas = ProcessInfo.processInfo.environment["POLICYSIM_BLAS"] ?? "blis"
guard ["blis", "openblas"].contains(blas) else {
    fatalError("POLICYSIM_BLAS must be blis or openblas, not \(blas)")
}

let package = Package(
    name: "policysim",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "policysim", targets: ["policysim"]),
        .library(name: "PolicyNumerics", targets: ["PolicyNumerics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // GSL as a Clang module. No stable Swift API: only PolicyNumerics imports it.
        .systemLibrary(
            name: "CGSL",
            providers: [.apt(["libgsl-dev", blas == "blis" ? "libblis-pthread-dev" : "libopenblas-dev"])]
        ),
        // Matrices, LU, ODE, random streams, statistics, interpolation and root finding on GSL.
        // It links the CBLAS itself (and calls its thread and kernel queries, which keeps it a
        // direct dependency), so GSL's cblas_* calls bind to it, not to libgslcblas.
        .target(
            name: "PolicyNumerics",
            dependencies: ["CGSL"],
            swiftSettings: blas == "openblas" ? [.define("POLICYSIM_OPENBLAS")] : [],
            linkerSettings: [.linkedLibrary(blas)]
        ),
        // Areas, sectors, data sets, rules and the engine: pure and deterministic, no file I/O.
        .target(
            name: "PolicyModel",
            dependencies: ["PolicyNumerics"]
        ),
        // renameat2 (Linux) and renamex_np (macOS), which Swift's Glibc module does not expose:
        // the exclusive and exchanging renames that publish result folders. No stable Swift API.
        .systemLibrary(name: "CFileSystem"),
        // Data sets on disk: CSV, the reproducible build from the sources, reading and checking,
        // and folders published atomically.
        .target(
            name: "PolicyData",
            dependencies: ["PolicyModel", "PolicyNumerics", "CFileSystem"]
        ),
        // Scenario files: YAML to a validated Scenario, with file:line:column diagnostics.
        .target(
            name: "PolicyScenario",
            dependencies: ["PolicyModel", "PolicyNumerics", "PolicyData", .product(name: "Yams", package: "Yams")]
        ),
        // Result folders: output.csv, trace.csv, manifest.json; compare, explain, plot.
        .target(
            name: "PolicyResults",
            dependencies: ["PolicyModel", "PolicyData", "PolicyNumerics", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .executableTarget(
            name: "policysim",
            dependencies: [
                "PolicyNumerics",
                "PolicyModel",
                "PolicyData",
                "PolicyScenario",
                "PolicyResults",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "PolicyNumericsTests",
            dependencies: ["PolicyNumerics"]
        ),
        .testTarget(
            name: "PolicyDataTests",
            dependencies: ["PolicyData", "PolicyModel", "PolicyNumerics"]
        ),
        .testTarget(
            name: "PolicyModelTests",
            dependencies: ["PolicyModel", "PolicyNumerics"]
        ),
        .testTarget(
            name: "PolicyScenarioTests",
            dependencies: ["PolicyScenario", "PolicyData", "PolicyModel", "PolicyNumerics", "PolicyResults",
                           .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "PolicyResultsTests",
            dependencies: ["PolicyResults", "PolicyData", "PolicyModel"]
        ),
        .testTarget(
            name: "PolicySimCLITests",
            dependencies: ["policysim"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
