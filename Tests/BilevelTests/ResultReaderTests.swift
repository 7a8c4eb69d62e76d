import Foundation
import Testing

@testable import Bilevel

@Suite struct ResultReaderTests {
    static let good = #"{"record":"train","a":1,"b":2.5,"c":"x","d":true,"e":null}"#

    @Test func valuesKeepTheirTypesAndNullReadsAsNaN() throws {
        let contents = try ResultReader.parse(Self.good + "\n\n" + Self.good + "\n", file: "r.jsonl")
        #expect(contents.rows.count == 2 && contents.warnings.isEmpty)
        let row = contents.rows[1]
        #expect(row.line == 3 && row.location == "r.jsonl:3")
        #expect(row.integer("a") == 1 && row.number("b") == 2.5 && row.string("c") == "x")
        #expect(row.fields["d"] == .bool(true))
        #expect(row.number("e")?.isNaN == true)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let text: String
        let error: AnalysisError
        var testDescription: String { error.description }
    }

    static let bad = [
        Case(text: good + "\n{\"a\":\n" + good + "\n", error: .malformedLine(file: "r.jsonl", line: 2, reason: "invalid JSON")),
        Case(text: "[1,2]\n" + good, error: .malformedLine(file: "r.jsonl", line: 1, reason: "not a JSON object")),
        Case(text: #"{"a":[1]}"# + "\n" + good, error: .malformedLine(file: "r.jsonl", line: 1, reason: "field 'a' is not a number, string, boolean or null")),
        Case(text: "\n  \n", error: .empty(file: "r.jsonl")),
        Case(text: "{\"a\":", error: .empty(file: "r.jsonl")),  // a lone torn line: skipped, then nothing is left
    ]

    @Test(arguments: bad)
    func aMalformedLineNamesFileAndLine(_ testCase: Case) {
        #expect(throws: testCase.error) { try ResultReader.parse(testCase.text, file: "r.jsonl") }
        #expect(!testCase.error.description.contains("\n"))
    }

    /// `bilevel sweep collect` tags each record with a nested `"sweep"` object; its fields are
    /// read as dotted keys, so collected sweeps feed `summarize` and `report` directly.
    @Test func nestedObjectsAreReadAsDottedKeys() throws {
        let line = #"{"record":"final","a":1,"sweep":{"name":"s","task":3,"params":{"seed":42,"solver":"soba"}}}"#
        let row = try #require(try ResultReader.parse(line, file: "r.jsonl").rows.first)
        #expect(row.integer("a") == 1)
        #expect(row.string("sweep.name") == "s" && row.integer("sweep.task") == 3)
        #expect(row.integer("sweep.params.seed") == 42 && row.string("sweep.params.solver") == "soba")
        #expect(row.fields["sweep"] == nil)
    }

    @Test func aTornLastLineIsSkippedWithAWarning() throws {
        let contents = try ResultReader.parse(Self.good + "\n" + Self.good + "\n{\"record\":\"tra", file: "r.jsonl")
        #expect(contents.rows.count == 2)
        #expect(contents.warnings == ["warning: r.jsonl:3: skipped a torn last line (invalid JSON)"])
    }

    @Test func missingFilesAndDirectoriesAreClearErrors() throws {
        let missing = "/nonexistent-\(UUID().uuidString).jsonl"
        #expect(throws: AnalysisError.unreadable(file: missing, reason: "no such file")) { try ResultReader.read([missing]) }
        let directory = FileManager.default.temporaryDirectory.path
        #expect(throws: AnalysisError.unreadable(file: directory, reason: "is a directory")) { try ResultReader.read(directory) }
        #expect(throws: AnalysisError.badOption("no result files given")) { try ResultReader.read([String]()) }
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("r-\(UUID().uuidString).csv").path
        try "record,a\ntrain,1\n".write(toFile: csv, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: csv) }
        #expect(throws: AnalysisError.unreadable(file: csv, reason: "CSV is not read back; use the JSON Lines of --output FILE.jsonl")) {
            try ResultReader.read(csv)
        }
    }
}
