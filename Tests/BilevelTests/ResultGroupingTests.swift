import Foundation
import Testing

@testable import Bilevel

/// Grouping of the committed fixture files (real `bilevel` outputs, Tests/Fixtures/results).
@Suite struct ResultGroupingTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/results").path

    func rows(_ name: String) throws -> [ResultRow] { try ResultReader.read(Self.fixtures + "/" + name).rows }

    @Test func solveRowsFormOneRunPerConfigurationAndSeed() throws {
        let runs = try StochasticRun.group(try rows("solve-mnist.jsonl"))
        #expect(runs.count == 9)  // soba at two step sizes and amigo, seeds 1-3
        #expect(Set(runs.map(\.configuration.label)).count == 3)
        #expect(runs.allSatisfy { run in run.series("stop_val") == run.series("stop_val").sorted() })
        #expect(runs.allSatisfy { !$0.configuration.label.contains("random_state") })
    }

    @Test func hyperCleanRunsTakeMethodAndSeedFromRunAndFinalRecords() throws {
        let multi = HyperCleanRun.parse(try rows("hyperclean-linear-v_pbgd.jsonl"))
        #expect(multi.runs.map(\.label) == ["v_pbgd linear seed 42", "v_pbgd linear seed 123"])
        #expect(multi.runs.map(\.rows.count) == [6, 6])  // steps 0, 10, …, 50
        #expect(multi.runs[0].auxiliaryKey == "penalty_gap")
        #expect(multi.finals.count == 1)
        let single = HyperCleanRun.parse(try rows("hyperclean-linear-t_rhg.jsonl"))
        #expect(single.runs.map(\.label) == ["t_rhg linear seed 42"])
        #expect(single.runs[0].auxiliaryKey == "inner_objective")
    }

    /// The same method, net and seed from two files (a baseline and a tuned strategy) get the
    /// file names as tags; unique runs keep their plain labels.
    @Test func runsSharingALabelAreTaggedWithTheirFile() throws {
        let original = try rows("hyperclean-linear-t_rhg.jsonl")
        let copy = original.map { ResultRow(file: "elsewhere/tuned.jsonl", line: $0.line, fields: $0.fields) }
        let multi = HyperCleanRun.parse(try rows("hyperclean-linear-v_pbgd.jsonl")).runs
        let runs = HyperCleanRun.disambiguated(HyperCleanRun.parse(original).runs + HyperCleanRun.parse(copy).runs + multi)
        #expect(runs.map(\.label) == [
            "t_rhg linear seed 42 (hyperclean-linear-t_rhg.jsonl)", "t_rhg linear seed 42 (tuned.jsonl)",
            "v_pbgd linear seed 42", "v_pbgd linear seed 123",
        ])
    }

    @Test func toyStartsCarryTheirFinalIterate() throws {
        let sets = ToyRunSet.parse(try rows("toy-g_pbgd.jsonl"))
        #expect(sets.count == 1 && sets[0].method == "g_pbgd" && sets[0].starts.count == 200)
        #expect(sets[0].starts.allSatisfy { start in start.x.map { (0...3).contains($0) } ?? false })
        // G-PBGD's spurious stationary points: the FINAL record counts the starts ending at x = 3.
        let atBound = sets[0].starts.filter { $0.x == 3 }.count
        #expect(Double(atBound) == sets[0].final?.number("runs_ending_at_x_eq_3"))
    }
}
