import Foundation
import Testing
@testable import Bilevel

/// Inputs the fuzz targets (Fuzz/) found that broke a parser's contract, kept in
/// `Resources/fuzz-regressions/<parser>-<what>`: each must now be refused with a one-line error
/// (a trap would end the test process). `make test-asan` also checks them for leaks.
@Suite struct FuzzRegressionTests {
    static let directory =
        Bundle.module.url(forResource: "fuzz-regressions", withExtension: nil, subdirectory: "Resources")?.path ?? "missing"
    static let inputs = (try? FileManager.default.contentsOfDirectory(atPath: directory).sorted()) ?? []

    /// The error of parsing `name`'s bytes with the parser its prefix names; nil when accepted.
    static func error(parsing name: String) throws -> (any Error)? {
        let path = directory + "/" + name
        // Not Data(contentsOf:): Foundation leaks its buffer on an empty file (one of the inputs).
        let data = Data(try AtomicFile.read(path))
        let text = String(decoding: data, as: UTF8.self)
        do {
            switch name.split(separator: "-").first {
            case "sweepspec": _ = try SweepSpec.parse(data, path: name)
            case "checkpoint": _ = try HyperCleaningCheckpoint.read(from: path)
            case "strategy": try HyperCleaningStrategy.parse(data, path: name).validate()
            case "results": _ = try ResultReader.parse(text, file: name)
            case "libsvm": _ = try LibSVMFile(text: text, path: name)
            case "idx":
                _ = try? IDXFile.readLabels(at: path)
                _ = try IDXFile.readImages(at: path)
            default: Issue.record("no parser for \(name)")
            }
        } catch {
            return error
        }
        return nil
    }

    @Test func everyParserHasItsInputs() {
        #expect(Self.inputs.contains { $0.hasPrefix("sweepspec-") } && Self.inputs.contains { $0.hasPrefix("checkpoint-") })
    }

    @Test(arguments: inputs)
    func foundInputIsRefusedWithOneLine(_ name: String) throws {
        let error = try #require(try Self.error(parsing: name), "\(name) was accepted")
        let message = "\(error)"
        #expect(!message.isEmpty && !message.unicodeScalars.contains { $0 == "\n" || $0 == "\r" }, "\(message)")
    }
}
