import Testing

@testable import Bilevel

/// `summarize` on value-function problems (regularization selection): selection on
/// `objective_value_func`, h* and the h − h* curves, final gaps and gap-target times, on
/// hand-made runs whose answers are known.
@Suite struct ValueFunctionSummaryTests {
    /// Evaluation k (k = 0…20) at time 0.1·k with h = `value(k)` and a validation-error-like
    /// `objective_value` (‖∇h‖²) that ranks the configurations the other way round.
    static func run(_ solver: String, _ variant: String, seed: Int, value: (Int) -> Double) -> [ResultRow] {
        (0...20).map { k in
            ResultRow(
                file: "r.jsonl", line: k + 1,
                fields: [
                    "record": .string("train"), "solver_name": .string("\(solver)[random_state=\(seed),variant=\(variant)]"),
                    "data_name": .string("shuttle-as-ijcnn1"), "idx_rep": .int(seed), "stop_val": .int(k), "iteration": .int(100 * k),
                    "time": .float(0.1 * Double(k)), "objective_value_func": .float(value(k)),
                    "objective_value": .float(variant == "fast" ? 1 : 1e-3),
                ])
        }
    }

    /// `fast` falls from 1.3 + 0.01·seed to its floor 0.3 + 0.01·seed at evaluation 10; `slow` reaches 0.5 + 0.01·seed at 20.
    static func rows() -> [ResultRow] {
        var rows: [ResultRow] = []
        for seed in 1...3 {
            let offset = 0.01 * Double(seed)
            rows += run("a", "fast", seed: seed) { k in 0.3 + offset + Double(max(10 - k, 0)) / 10 }
            rows += run("a", "slow", seed: seed) { k in 0.5 + offset + Double(20 - k) / 20 }
        }
        return rows
    }

    @Test func selectsOnValueFuncAndMeasuresTheGapToTheBestMedian() throws {
        let summary = StochasticSummary(runs: try StochasticRun.group(Self.rows()), options: .init(gridPoints: 101, gapTargets: [0.443, 1e-3]))
        let fast = try #require(summary.configurations.first { $0.configuration == "a[variant=fast]" })
        let slow = try #require(summary.configurations.first { $0.configuration == "a[variant=slow]" })
        // objective_value prefers `slow`; value_func prefers `fast`.
        #expect(fast.selected && !slow.selected)
        #expect(fast.selectionMetric == "objective_value_func")
        #expect(abs((fast.selectionScore ?? 0) - 0.32) < 1e-12)
        // h* = lowest median value_func (0.32, fast's median seed at its floor) − 1e-10.
        let optimal = try #require(fast.optimalValue)
        #expect(abs(optimal - (0.32 - 1e-10)) < 1e-12 && slow.optimalValue == optimal)
        // Final gaps of the seeds: 0.31/0.32/0.33 − h* for fast, 0.51/0.52/0.53 − h* for slow.
        #expect(abs(fast.finalValueGap[0] - 1e-10) < 1e-9)
        #expect(abs(slow.finalValueGap[0] - 0.2) < 1e-9)
        // gap ≤ 0.443: fast seed s needs (10 − k)/10 ≤ 0.463 − 0.01s, k = 6 for every seed (0.6 s);
        // slow needs (20 − k)/20 ≤ 0.263 − 0.01s: k = 15, 16, 16.
        let fastFirst = try #require(fast.gapTargets.first)
        #expect(fastFirst.target == 0.443 && fastFirst.seedsReached == 3)
        #expect(fastFirst.seedTimes.map { $0.map { ($0 * 1e9).rounded() / 1e9 } } == [0.6, 0.6, 0.6])
        let slowFirst = try #require(slow.gapTargets.first)
        #expect(slowFirst.seedTimes.map { $0.map { ($0 * 1e9).rounded() / 1e9 } } == [1.5, 1.6, 1.6])
        #expect(slowFirst.medianSeedTime.map { abs($0 - 1.6) < 1e-9 } == true)
        // gap ≤ 1e-3: only fast's seeds 1 (below h*: gap < 0) and 2 (1e-10) reach it, from 1.0 s.
        let fastTight = fast.gapTargets[1]
        #expect(fastTight.seedsReached == 2 && fastTight.medianSeedTime.map { abs($0 - 1) < 1e-9 } == true)
        #expect(slow.gapTargets[1].seedsReached == 0 && slow.gapTargets[1].medianSeedTime == nil)
        // Curves: h − h* against time and iterations; no test-accuracy curves (no such column).
        #expect(fast.curves["value_func_gap_vs_time"] != nil && fast.curves["value_func_gap_vs_iteration"] != nil)
        #expect(fast.curves["test_error_vs_time"] == nil)
        let table = summary.table()
        #expect(table[0].contains("value_func (stop_val <= 100)") && table[0].contains("h−h*≤0.443"))
        #expect(table.count == 2 + 2 && table.contains { $0.contains("a[variant=fast]") && $0.contains("| * |") })
    }

    @Test func accuracyAndValueFunctionProblemsGetOneTableEach() throws {
        let cleaning = StochasticSummaryTests.rows()
        let summary = StochasticSummary(runs: try StochasticRun.group(cleaning + Self.rows()), options: .init(gridPoints: 11))
        let table = summary.table()
        let blank = try #require(table.firstIndex(of: ""))
        #expect(table[0].contains("final test acc") && table[blank + 1].contains("final h − h*"))
        #expect(summary.configurations.filter { $0.dataName == "mnist[corruption=0.5]" }.allSatisfy { $0.optimalValue == nil })
    }
}
