import Foundation

@testable import Bilevel

/// Temporary files for the data tests.
enum DataTestFiles {
    /// A fresh directory under the system's temporary directory, removed after `body` returns.
    @discardableResult
    static func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("bilevel-data-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    /// Writes `bytes` to `directory/name` (creating intermediate directories); returns the path.
    @discardableResult
    static func write(_ bytes: [UInt8], named name: String, in directory: String) throws -> String {
        let path = directory + "/" + name
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// Hand-made IDX bytes for tests.
enum IDXBytes {
    /// A 32-bit big-endian word.
    static func word(_ value: UInt32) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }

    /// An image file: header (`magic`, count, rows, cols) then `body`.
    static func images(
        magic: UInt32 = 0x803, count: UInt32, rows: UInt32, cols: UInt32, body: [UInt8]
    ) -> [UInt8] {
        word(magic) + word(count) + word(rows) + word(cols) + body
    }

    /// A label file: header (`magic`, count) then `body`.
    static func labels(magic: UInt32 = 0x801, count: UInt32, body: [UInt8]) -> [UInt8] {
        word(magic) + word(count) + body
    }
}

/// The real datasets, when `make data` has fetched them.
///
/// Tests that need them are enabled only when the files exist: `make test` fetches the data
/// first (and passes its path in `BILEVEL_DATA`), so there they always run; a bare `swift test`
/// on a machine without the data reports them as skipped rather than passing silently.
enum RealData {
    /// `BILEVEL_DATA` if set, else `data/` at the package root (found from this file's path,
    /// so it does not depend on the working directory).
    static let directory: DataDirectory = {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // BilevelTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
        let fallback = packageRoot.appendingPathComponent(DataDirectory.defaultPath).path
        let value = ProcessInfo.processInfo.environment[DataDirectory.environmentVariable] ?? ""
        return value.isEmpty
            ? DataDirectory(path: fallback, source: .defaultPath)
            : DataDirectory(path: value, source: .environment)
    }()

    /// Whether all four MNIST files exist (their contents are checked by the tests themselves).
    static var mnistIsPresent: Bool {
        Dataset.mnist.files.allSatisfy {
            FileManager.default.fileExists(atPath: directory.path(of: $0))
        }
    }
}
