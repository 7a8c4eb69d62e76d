import Foundation
import Testing

/// The `bilevel` binary built beside the test bundle (by `swift build --product bilevel`), and
/// runs of it for the end-to-end tests.
enum BuiltBinary {
    /// Its path; a test fails with a note on how to build it when it is missing.
    static func path() throws -> String {
        let bundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        let path = bundle.appendingPathComponent("bilevel").path
        try #require(
            FileManager.default.isExecutableFile(atPath: path),
            "no bilevel binary at \(path): `swift test` does not link it; run `swift build --product bilevel` first (make test does)"
        )
        return path
    }

    /// What a finished run printed.
    struct Output {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs the binary with `arguments` to the end, capturing both streams (through files, so a
    /// full pipe never blocks the child).
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out"), err = directory.appendingPathComponent("err")
        for file in [out, err] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path())
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        // Not String(contentsOf:): Foundation leaks its buffer on an empty file (make test-asan).
        func text(_ url: URL) throws -> String {
            String(decoding: try FileHandle(forReadingFrom: url).readToEnd() ?? Data(), as: UTF8.self)
        }
        return Output(status: process.terminationStatus, standardOutput: try text(out), standardError: try text(err))
    }
}
