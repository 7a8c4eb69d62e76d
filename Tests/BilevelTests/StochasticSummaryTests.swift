import Testing

@testable import Bilevel

/// Selection and time-to-target on hand-made runs whose answers are known.
@Suite struct StochasticSummaryTests {
    /// A run of `solver[random_state=seed,variant=v]`: evaluation k at time 0.1·k (k = 0…n−1),
    /// with the given validation error and test accuracy per evaluation.
    static func run(_ solver: String, _ variant: String, seed: Int, value: (Int) -> Double, accuracy: (Int) -> Double)
        -> [ResultRow]
    {
        (0..<201).map { k in
            ResultRow(
                file: "f.jsonl", line: k + 1,
                fields: [
                    "record": .string("train"), "solver_name": .string("\(solver)[random_state=\(seed),variant=\(variant)]"),
                    "data_name": .string("mnist[corruption=0.5]"), "idx_rep": .int(seed), "stop_val": .int(k), "iteration": .int(10 * k),
                    "time": .float(0.1 * Double(k)), "objective_value": .float(value(k)),
                    "objective_test_error": .float(1 - accuracy(k)), "objective_test_accuracy": .float(accuracy(k)),
                ])
        }
    }

    /// Solver `a`: v1 is best early (0.2), v2 is worse early (0.3) but best late (0.1), v3 is
    /// best of all but has only two of the three seeds. Solver `b` has one configuration.
    static func rows() -> [ResultRow] {
        var rows: [ResultRow] = []
        for seed in 1...3 {
            rows += run("a", "v1", seed: seed, value: { _ in 0.2 }, accuracy: { $0 >= 10 * seed ? 0.85 : 0.5 })
            rows += run("a", "v2", seed: seed, value: { $0 <= 150 ? 0.3 : 0.1 }, accuracy: { _ in 0.5 })
            rows += run("b", "v1", seed: seed, value: { _ in 0.4 }, accuracy: { _ in 0.7 })
        }
        for seed in 1...2 { rows += run("a", "v3", seed: seed, value: { _ in 0.01 }, accuracy: { _ in 0.9 }) }
        return rows
    }

    @Test func selectionTakesTheLowestMedianValidationErrorInTheWindowAmongFullSeedSets() throws {
        let runs = try StochasticRun.group(Self.rows())
        #expect(runs.count == 11)
        let windowed = StochasticSummary(runs: runs, options: .init(criterion: 100, gridPoints: 50))
        let selected = windowed.configurations.filter(\.selected).map(\.configuration)
        #expect(selected == ["a[variant=v1]", "b[variant=v1]"])
        let a3 = try #require(windowed.configurations.first { $0.configuration.contains("variant=v3") })
        #expect(!a3.eligible && a3.selectionScore == nil && !a3.selected)  // 2 of 3 seeds
        let all = StochasticSummary(runs: runs, options: .init(criterion: nil, gridPoints: 50))
        #expect(all.configurations.filter(\.selected).map(\.configuration) == ["a[variant=v2]", "b[variant=v1]"])
        #expect(all.configurations.first { $0.configuration.contains("variant=v2") }?.selectionScore == 0.1)
    }

    @Test func timeToTargetFromTheMedianCurveAndFromEachSeed() throws {
        let summary = StochasticSummary(runs: try StochasticRun.group(Self.rows()), options: .init(extraTargets: [0.6, 0.95], gridPoints: 2001))
        let a = try #require(summary.configurations.first { $0.configuration == "a[variant=v1]" })
        #expect(a.seeds == [1, 2, 3] && a.evaluations == 201)
        #expect(a.targets.map(\.target) == [0.8, 0.6, 0.95])  // MNIST's own target first
        let hit = a.targets[0]
        // Seed s reaches 0.85 at evaluation 10·s, time s; the median seed reaches it at 2 s.
        #expect(hit.seedTimes.map { $0.map { ($0 * 1e9).rounded() / 1e9 } } == [1, 2, 3])
        #expect(hit.medianSeedTime.map { abs($0 - 2) < 1e-9 } == true)
        #expect(hit.seedsReached == 3)
        // The median curve jumps between the second seed's evaluations at 1.9 s and 2 s; in
        // log–log interpolation it crosses 0.8 inside that interval, at a grid point.
        let curveTime = try #require(hit.medianCurveTime)
        #expect(curveTime > 1.9 && curveTime <= 2.0 + 1e-9)
        let never = a.targets[2]
        #expect(never.medianCurveTime == nil && never.medianSeedTime == nil && never.seedsReached == 0)
        #expect(a.finalTestAccuracy == [0.85, 0.85, 0.85])
        // Last evaluation: 20 s after 2000 iterations on every seed.
        #expect(abs(a.microsecondsPerIteration - 10_000) < 1e-6)
        let table = summary.table()
        #expect(table.count == 2 + summary.configurations.count)
        #expect(table.contains { $0.contains("a[variant=v1]") && $0.contains("| * |") })
    }

    @Test func solverNamesLoseOnlyTheSeed() {
        let configuration = SolverConfiguration(solverName: "SABA[batch_size=64,random_state=3,step_size=0.1]")
        #expect(configuration.solver == "SABA" && configuration.label == "SABA[batch_size=64,step_size=0.1]")
        #expect(SolverConfiguration(solverName: "plain").label == "plain")
        #expect(StochasticSummary.targets(dataName: "fashion-mnist[corruption=0.5]", extra: [0.72, 0.9]) == [0.72, 0.9])
    }

    @Test func anEvaluationWithoutARequiredColumnIsAnError() {
        var rows = Self.rows()
        rows[5].fields["time"] = nil
        #expect(throws: AnalysisError.badField(file: "f.jsonl", line: 6, key: "time", expected: "a number")) {
            try StochasticRun.group(rows)
        }
    }
}
