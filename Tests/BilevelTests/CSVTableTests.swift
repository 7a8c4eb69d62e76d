import Foundation
import Testing

@testable import Bilevel

@Suite struct CSVTableTests {
    @Test func columnsAreTheUnionOfKeysAndCellsAreQuotedWhenNeeded() {
        var train = MetricsRecord.train()
        train.append("solver_name", .string("soba[batch_size=64,step_size=0.1]"))
        train.append("time", .float(0.25))
        train.append("objective_value", .float(.nan))
        var final = MetricsRecord.final()
        final.append("solver_name", .string("say \"hi\""))
        final.append("status", .string("finished"))
        #expect(
            CSVTable.lines([train, final]) == [
                "record,solver_name,time,objective_value,status",
                "train,\"soba[batch_size=64,step_size=0.1]\",0.25,nan,",
                "final,\"say \"\"hi\"\"\",,,finished",
            ])
    }

    @Test func aCSVResultFileIsWrittenWholeAtCommit() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(ResultFile.Format.inferred(from: path) == .csv)
        #expect(ResultFile.Format.inferred(from: "run.jsonl") == .jsonLines)
        let file = try ResultFile(path: path, format: .csv)
        var record = MetricsRecord.train()
        record.append("stop_val", .int(3))
        try file.append(record)
        #expect(try String(contentsOfFile: file.temporaryPath, encoding: .utf8).isEmpty)
        try file.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "record,stop_val\ntrain,3\n")
    }
}
