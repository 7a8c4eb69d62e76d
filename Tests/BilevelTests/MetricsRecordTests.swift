import Testing

@testable import Bilevel

@Suite struct MetricsRecordTests {
    private func trainRecord() -> MetricsRecord {
        var record = MetricsRecord.train()
        record.append("run", .int(3))
        record.append("step", .int(310))
        record.append("objective", .float(0.44952949))
        record.append("residual", .float(0.0137554))
        record.append("projected_grad", .float(9.7e-06))
        record.append("success", .int(1))
        return record
    }

    /// PBGD.md §5.2: `key=value` pairs separated by one space, keys in order, `%.6f` floats.
    @Test func keyValueLineHasTheBenchmarkLayout() {
        #expect(
            trainRecord().keyValueLine
                == "TRAIN_METRICS run=3 step=310 objective=0.449529 residual=0.013755 projected_grad=0.000010 success=1"
        )
    }

    @Test func extraKeysComeAfterAndKeepTheirFormats() {
        var record = trainRecord()
        record.append("method", .string("g_pbgd"))
        record.append("alpha0", .float(0.1, format: .shortest))
        record.append("test_accuracy", .float(90.0966666, format: .fixed(3)))
        record.append("alpha", .float(0.35 / 5, format: .significant(6)))
        record.append("converged", .bool(true))
        #expect(
            record.keyValueLine.hasSuffix(
                " success=1 method=g_pbgd alpha0=0.1 test_accuracy=90.097 alpha=0.07 converged=true"
            ))
        #expect(record.keys.last == "converged")
    }

    /// Python's `format(v, ".6f")` rounds the exact binary value to nearest, ties to even; glibc
    /// printf does the same. NaN is `nan` (never `-nan`), infinities `inf` / `-inf`.
    @Test func fixedFormattingMatchesPython() {
        let cases: [(Double, String)] = [
            (260.712, "260.712000"), (0.0000095, "0.000010"), (2.5e-7, "0.000000"),
            (-0.0, "-0.000000"),
            (0.1234565, "0.123456"), (0.0000005, "0.000000"),
            (1e20, "100000000000000000000.000000"),
            (.infinity, "inf"), (-.infinity, "-inf"), (.nan, "nan"), (-Double.nan, "nan"),
        ]
        for (value, text) in cases {
            #expect(MetricValue.float(value).keyValueText == text, "\(value)")
        }
    }

    @Test func jsonObjectKeepsOrderAndFullPrecision() {
        var record = trainRecord()
        record.append("note", .string("a \"quoted\"\tvalue\u{1}"))
        record.append("bad", .float(.nan))
        record.append("ok", .bool(false))
        #expect(
            record.jsonObject == """
                {"record":"train","run":3,"step":310,"objective":0.44952949,"residual":0.0137554,\
                "projected_grad":9.7e-06,"success":1,"note":"a \\"quoted\\"\\tvalue\\u0001","bad":null,"ok":false}
                """)
        #expect(record.line(json: true).hasPrefix("TRAIN_METRICS {\"record\":\"train\",\"run\":3,"))
        #expect(record.line(json: false) == record.keyValueLine)
    }

    @Test func lookupAndRecordNames() {
        let record = trainRecord()
        #expect(record["step"] == .int(310))
        #expect(record["missing"] == nil)
        #expect(record["objective"]?.doubleValue == 0.44952949)
        #expect(MetricsRecord.final().recordName == "final")
        #expect(MetricsRecord(label: "SEARCH_METRICS").recordName == "search")
        var merged = MetricsRecord.final()
        merged.append(contentsOf: record)
        #expect(merged.keys == record.keys)
    }

    @Test(arguments: ["run", "projected_grad", "best_f1_f1_score", "seed42"])
    func snakeCaseKeysAreValid(key: String) {
        #expect(MetricsRecord.isValidKey(key))
    }

    @Test(arguments: ["", "Run", "projected-grad", "2x", "a b", "é"])
    func otherKeysAreRejected(key: String) {
        #expect(!MetricsRecord.isValidKey(key))
    }
}
