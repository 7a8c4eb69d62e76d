import Foundation
import Testing
@testable import Bilevel

/// The libsvm reader on small files written by the test: values, padding, comments, and one-line
/// errors that name the file and the line.
@Suite struct LibSVMFileTests {
    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("libsvm-\(UUID().uuidString).txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func readsLabelsAndSparseFeatures() throws {
        let path = try Self.write("+1 1:0.5 3:-2\n# a comment line\n\n-1 2:1.25 # trailing comment\n1 4:3\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try LibSVMFile(path: path)
        #expect(file.features == 4)
        #expect(file.labels == [1, 0, 1])
        #expect(file.values == [0.5, 0, -2, 0, 0, 1.25, 0, 0, 0, 0, 0, 3])
        // `matrix` points into the samples' storage: keep them alive while reading through it.
        let padded = file.samples(features: 6)
        withExtendedLifetime(padded) { #expect(padded.matrix[6 + 1] == 1.25) }
    }

    struct BadCase: CustomTestStringConvertible, Sendable {
        let text: String
        let message: String
        var testDescription: String { message }
    }

    static let badCases = [
        BadCase(text: "+1 1:0.5\n+1 2:x\n", message: ":2: '2:x' is not index:value"),
        BadCase(text: "+1 1:0.5\n\n2 1:1\n", message: ":3: label '2' is not one of +1, -1, 0, 1"),
        BadCase(text: "-1 3:1 2:1\n", message: ":1: feature index 2 is not increasing and ≥ 1"),
        BadCase(text: "-1 0:1\n", message: ":1: feature index 0 is not increasing and ≥ 1"),
        BadCase(text: "# only a comment\n", message: ": no samples (a libsvm file has lines 'label index:value ...')"),
        // A forged feature index would ask for 8 GB (and 2 × Int.max overflows): capped by the file's length.
        BadCase(text: "1 2000000000:1\n",
                message: ": 1 samples x 2000000000 features exceed the dense limit of 1048576 values for a file this size"),
        BadCase(text: "1 1:1\n1 9223372036854775807:1\n",
                message: ": 2 samples x 9223372036854775807 features exceed the dense limit of 1048576 values for a file this size"),
    ]

    @Test(arguments: badCases)
    func badContentNamesTheLine(_ testCase: BadCase) throws {
        let path = try Self.write(testCase.text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: (any Error).self) { try LibSVMFile(path: path) }
        do {
            _ = try LibSVMFile(path: path)
        } catch {
            #expect("\(error)" == path + testCase.message)
        }
    }

    @Test func missingFileIsADataError() {
        #expect(throws: DataError.fileNotFound(path: "/nonexistent/file.libsvm")) { try LibSVMFile(path: "/nonexistent/file.libsvm") }
    }
}
