import Foundation
import Testing

@testable import Bilevel

@Suite struct ResultFileTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "resultfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func contents(_ url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func commitWritesJSONLinesAtomically() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.jsonl").path
        var record = MetricsRecord.final()
        record.append("score", .float(1.5))
        let file = try ResultFile(path: path)
        try file.append(record)
        try file.append(line: "{\"x\":1}")
        // Nothing at the final path until the commit; the lines sit in the temporary file.
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(FileManager.default.fileExists(atPath: file.temporaryPath))
        try file.commit()
        #expect(
            try contents(URL(fileURLWithPath: path)) == [
                "{\"record\":\"final\",\"score\":1.5}", "{\"x\":1}",
            ])
        #expect(!FileManager.default.fileExists(atPath: file.temporaryPath))
        #expect(throws: ResultFileError.self) { try file.append(line: "late") }
    }

    @Test func droppingOrDiscardingLeavesNothingAndKeepsAnOldFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.jsonl").path
        try ResultFile.write(lines: ["old"], to: path)
        do {
            let file = try ResultFile(path: path)
            try file.append(line: "new")
        }  // dropped without commit, as when a run throws
        let file = try ResultFile(path: path)
        try file.append(line: "newer")
        file.discard()
        file.discard()
        #expect(try contents(URL(fileURLWithPath: path)) == ["old"])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.jsonl"])
    }

    @Test func missingDirectoryFailsAtOnceWithOneLine() throws {
        let path = "/nonexistent-\(UUID().uuidString)/out.jsonl"
        #expect(
            throws: ResultFileError.cannotCreate(path: path, reason: "No such file or directory")
        ) {
            try ResultFile(path: path)
        }
        let error = ResultFileError.cannotCreate(path: path, reason: "No such file or directory")
        #expect(!error.description.contains("\n"))
        #expect(throws: ResultFileError.self) { try ResultFile(path: "") }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
