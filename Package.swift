// swift-tools-version: 6.1
import PackageDescription

// Build-time switches (SwiftPM package traits):
// - `OpenBLAS` (default): the CBLAS/LAPACKE backend exists and is the default one. Without it the
//   package builds and runs with no BLAS installed, on the pure-Swift kernels only.
// - `NativeCPU` (default): compile the numeric targets with `-target-cpu native` so the pure-Swift
//   micro-kernels use the machine's widest FMA. The binary then only runs on this CPU family;
//   `--disable-default-traits` (or `--traits OpenBLAS`) gives a portable build.
// The numeric targets are optimised in debug builds too: `swift test` (a debug build) otherwise
// runs the pure-Swift kernels and the models' loops 20–50x slower, and those tests dominated CI.
let nativeCPU: [SwiftSetting] = [
    .unsafeFlags(["-target-cpu", "native"], .when(traits: ["NativeCPU"])),
    .unsafeFlags(["-O"], .when(configuration: .debug)),
]

let package = Package(
    name: "BilevelKit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Bilevel", targets: ["Bilevel"]),
        .library(name: "Plot", targets: ["Plot"]),
        .executable(name: "bilevel", targets: ["BilevelCLI"]),
    ],
    traits: [
        .trait(name: "OpenBLAS", description: "Route matrix products through OpenBLAS (CBLAS) and solves through LAPACKE."),
        .trait(name: "NativeCPU", description: "Compile numeric kernels for the build machine's CPU (-target-cpu native)."),
        .default(enabledTraits: ["OpenBLAS", "NativeCPU"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        // MARK: - C interop
        .systemLibrary(name: "CBLAS", path: "cmodules/CBLAS"),

        // MARK: - Library
        .target(
            name: "Tensor",
            dependencies: [.target(name: "CBLAS", condition: .when(traits: ["OpenBLAS"]))],
            swiftSettings: nativeCPU
        ),
        .target(
            name: "Bilevel",
            dependencies: ["Tensor"],
            exclude: ["Methods/Stochastic/README.md"],
            // The shipped strategies (`--preset tuned|fast`), compiled into the binary.
            resources: [.embedInCode("Presets")],
            swiftSettings: nativeCPU
        ),
        .target(name: "Plot", exclude: ["README.md"]),

        // MARK: - Command-line tool
        .executableTarget(
            name: "BilevelCLI",
            dependencies: [
                "Bilevel", "Plot",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Test support and tests
        .target(
            name: "BilevelTestSupport",
            dependencies: ["Tensor", .product(name: "Numerics", package: "swift-numerics")]
        ),
        .testTarget(name: "TensorTests", dependencies: ["Tensor", "BilevelTestSupport"]),
        .testTarget(
            name: "BilevelTests", dependencies: ["Bilevel", "BilevelTestSupport"],
            resources: [.copy("Resources")]
        ),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "BilevelTestSupport"]),
        .testTarget(name: "BilevelCLITests", dependencies: ["BilevelCLI", "Bilevel", "BilevelTestSupport"]),

        // MARK: - Benchmarks (package-benchmark; `make bench`)
        .executableTarget(
            name: "GemmBenchmarks",
            dependencies: ["Tensor", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/GemmBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "IterationBenchmarks",
            dependencies: ["Bilevel", "Tensor", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/IterationBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
