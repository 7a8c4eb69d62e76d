// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets for every parser of outside input (issue 15). A package of its own so that
// the root package's `swift build` / `swift test` never see them: they only build with
// `swift build --sanitize fuzzer --sanitize address` (SwiftPM then compiles executables as
// libraries and links libFuzzer's `main`). Run them with `make fuzz` from the root.
let fuzzTargets = ["FuzzIDX", "FuzzLibSVM", "FuzzStrategy", "FuzzSweepSpec", "FuzzResultReader", "FuzzCheckpoint"]

let package = Package(
    name: "BilevelFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "BilevelKit", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "Bilevel", package: "BilevelKit")])
    ]
        + fuzzTargets.map { name in
            .executableTarget(
                name: name, dependencies: ["FuzzSupport", .product(name: "Bilevel", package: "BilevelKit")])
        },
    swiftLanguageModes: [.v6]
)
