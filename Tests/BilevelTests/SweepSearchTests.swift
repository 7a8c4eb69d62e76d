import Foundation
import Testing

@testable import Bilevel

/// Random-search axes and successive halving: the points drawn, the stages planned from result
/// files, the ranking with floors, and the errors of a bad spec.
@Suite struct SweepSearchTests {
    static let randomGrid = """
        {"command": "toy-convergence",
         "grid": [{"random": {"count": 40, "seed": 7, "space": {
            "alpha0": {"log_uniform": [0.01, 1]},
            "gammas": {"uniform": [2, 4]},
            "starts": {"int_log_uniform": [10, 1000]},
            "lr-inner": {"int_uniform": [1, 3]},
            "method": {"choice": ["v_pbgd", "g_pbgd"]}}}}]}
        """

    @Test func randomPointsStayInTheirSpaceAndDependOnlyOnTheSeed() throws {
        let plan = try sweepTestPlan(Self.randomGrid)
        #expect(plan.tasks.count == 40)
        let again = try sweepTestPlan(Self.randomGrid)
        #expect(plan.tasks.map(\.hash) == again.tasks.map(\.hash))
        let other = try sweepTestPlan(Self.randomGrid.replacingOccurrences(of: "\"seed\": 7", with: "\"seed\": 8"))
        #expect(plan.tasks.map(\.hash) != other.tasks.map(\.hash))

        var methods: Set<String> = []
        var innerValues: Set<Int> = []
        var alphas: [Double] = []
        for task in plan.tasks {
            let values = Dictionary(uniqueKeysWithValues: task.parameters.map { ($0.key, $0.value) })
            guard case .float(let alpha, _)? = values["alpha0"], case .float(let gamma, _)? = values["gammas"],
                case .int(let starts)? = values["starts"], case .int(let inner)? = values["lr-inner"],
                case .string(let method)? = values["method"]
            else {
                Issue.record("unexpected value kinds in \(task.label)")
                continue
            }
            #expect(alpha >= 0.01 && alpha <= 1)
            #expect(gamma >= 2 && gamma <= 4)
            #expect(starts >= 10 && starts <= 1000)
            #expect((1...3).contains(inner))
            // Three significant digits: the printed value reads back exactly.
            #expect(Double(MetricValue.significant(alpha, digits: 3)) == alpha)
            alphas.append(alpha)
            methods.insert(method)
            innerValues.insert(inner)
        }
        #expect(methods == ["v_pbgd", "g_pbgd"])
        #expect(innerValues == [1, 2, 3])
        // Log-uniform: about as many points below 0.1 as above (expected 20 of 40).
        let below = alphas.filter { $0 < 0.1 }.count
        #expect(below >= 10 && below <= 30)
    }

    @Test(arguments: [
        (#"{"count": 0, "seed": 1, "space": {"alpha0": {"uniform": [0, 1]}}}"#, "'count'"),
        (#"{"count": 3, "space": {"alpha0": {"uniform": [0, 1]}}}"#, "'seed'"),
        (#"{"count": 3, "seed": 1, "space": {"alpha0": {"uniform": [1, 0]}}}"#, "low ≤ high"),
        (#"{"count": 3, "seed": 1, "space": {"alpha0": {"log_uniform": [0, 1]}}}"#, "positive"),
        (#"{"count": 3, "seed": 1, "space": {"starts": {"int_uniform": [1.5, 4]}}}"#, "integer bounds"),
        (#"{"count": 3, "seed": 1, "space": {"alpha0": {"normal": [0, 1]}}}"#, "unknown distribution"),
        (#"{"count": 3, "seed": 1, "space": {"method": {"choice": []}}}"#, "non-empty"),
        (#"{"count": 3, "seed": 1, "space": {}}"#, "'space'"),
    ])
    func badRandomAxesFailWithTheirPlace(axis: String, message: String) {
        let spec = #"{"command": "toy-convergence", "grid": [{"random": \#(axis)}]}"#
        #expect {
            _ = try sweepTestPlan(spec)
        } throws: { error in
            let text = "\(error)"
            return text.contains("grid[0].random") && text.contains(message)
        }
    }

    /// Four configurations × two seeds, halving over `starts` with budgets 10, 20, 40.
    static let halvingSpec = """
        {"command": "toy-convergence",
         "grid": [{"alpha0": [0.1, 0.2, 0.3, 0.4]}], "seeds": [1, 2],
         "halving": {"flag": "starts", "budgets": [10, 20, 40], "keep": 0.5, "metric": "score",
                     "at_least": {"quality": 0.5}}}
        """

    /// Writes a finished result for every task of `plan`, with `score(configuration, seed)`.
    func finish(_ plan: SweepPlan, in directory: SweepDirectory, score: (Int, Int) -> Double, quality: (Int) -> Double) throws {
        for task in plan.tasks {
            guard case .int(let seed)? = task.parameters.first(where: { $0.key == "seed" })?.value else {
                Issue.record("no seed in \(task.label)")
                return
            }
            let text = """
                {"record":"train","score":0}
                {"record":"final","score":\(score(task.configuration, seed)),"quality":\(quality(task.configuration))}

                """
            try text.write(toFile: directory.resultPath(hash: task.hash), atomically: true, encoding: .utf8)
        }
    }

    func sandbox() throws -> SweepDirectory {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("halving-\(UUID().uuidString)")
        let directory = SweepDirectory(root: root.path)
        try directory.create()
        return directory
    }

    @Test func stagesFollowTheRankingOfFinishedStages() throws {
        let spec = try SweepSpec.parse(Data(Self.halvingSpec.utf8), path: "spec.json")
        let directory = try sandbox()
        defer { try? FileManager.default.removeItem(atPath: directory.root) }
        let search0 = try SweepSearch(spec: spec, signatures: [sweepTestSignature], directory: directory)
        #expect(search0.stages.count == 1)
        #expect(search0.current.plan.tasks.count == 8)
        #expect(search0.current.plan.tasks[0].label == "alpha0=0.1 seed=1 starts=10")
        #expect(search0.current.plan.tasks[0].arguments.contains("--starts=10"))

        // Scores: configuration 3 best, then 2 (but below the quality floor), then 1, then 0.
        // The seeds differ, so the ranking uses their mean.
        let score = { (configuration: Int, seed: Int) in Double(configuration * 10 + seed) }
        let quality = { (configuration: Int) in configuration == 2 ? 0.4 : 0.9 }
        try finish(search0.current.plan, in: directory, score: score, quality: quality)
        let search1 = try SweepSearch(spec: spec, signatures: [sweepTestSignature], directory: directory)
        #expect(search1.stages.count == 2)
        let standings = try #require(search1.stages[0].standings)
        #expect(standings.map(\.configuration) == [3, 1, 0, 2])
        #expect(standings[0].score == 31.5)
        #expect(standings[0].seeds == 2)
        #expect(standings[3].meetsFloors == false)
        #expect(standings[0].label == "alpha0=0.4")
        let stage1 = search1.current.plan
        #expect(stage1.stage.number == 1)
        #expect(stage1.tasks.map(\.configuration) == [1, 1, 3, 3])
        #expect(stage1.tasks.map(\.index) == [8, 9, 10, 11])
        #expect(stage1.tasks.allSatisfy { $0.arguments.contains("--starts=20") })
        #expect(!search1.isComplete(in: directory))

        // Stage 1 reverses the order: 1 beats 3; stage 2 keeps one configuration.
        try finish(stage1, in: directory, score: { c, s in Double(100 - c * 10 + s) }, quality: quality)
        let search2 = try SweepSearch(spec: spec, signatures: [sweepTestSignature], directory: directory)
        #expect(search2.stages.count == 3)
        #expect(search2.current.plan.tasks.map(\.configuration) == [1, 1])
        #expect(search2.current.plan.tasks.allSatisfy { $0.arguments.contains("--starts=40") })
        try finish(search2.current.plan, in: directory, score: score, quality: quality)
        let done = try SweepSearch(spec: spec, signatures: [sweepTestSignature], directory: directory)
        #expect(done.stages.count == 3)
        #expect(done.isComplete(in: directory))
        #expect(done.stages[2].standings?.map(\.configuration) == [1])
    }

    @Test func aMissingMetricNamesTheFile() throws {
        let spec = try SweepSpec.parse(Data(Self.halvingSpec.utf8), path: "spec.json")
        let directory = try sandbox()
        defer { try? FileManager.default.removeItem(atPath: directory.root) }
        let plan = try SweepPlan(spec: spec, signatures: [sweepTestSignature])
        for task in plan.tasks {
            try #"{"record":"final","quality":1}"#.write(
                toFile: directory.resultPath(hash: task.hash), atomically: true, encoding: .utf8)
        }
        #expect {
            _ = try SweepSearch(spec: spec, signatures: [sweepTestSignature], directory: directory)
        } throws: { error in
            "\(error)".contains("no number 'score'") && "\(error)".contains(directory.resultsDirectory)
        }
    }

    @Test(arguments: [
        (#""halving": {"flag": "starts", "budgets": [], "keep": 0.5, "metric": "m"}"#, "halving.budgets"),
        (#""halving": {"flag": "starts", "budgets": [1], "keep": 0, "metric": "m"}"#, "halving.keep"),
        (#""halving": {"flag": "starts", "budgets": [1], "keep": 0.5}"#, "halving.metric"),
        (#""halving": {"flag": "starts", "budgets": [1], "keep": 0.5, "metric": "m", "goal": "up"}"#, "halving.goal"),
        (#""halving": {"flag": "nope", "budgets": [1], "keep": 0.5, "metric": "m"}"#, "nope"),
        (#""halving": {"flag": "alpha0", "budgets": [1], "keep": 0.5, "metric": "m"}"#, "more than once"),
    ])
    func badHalvingFailsWithItsPlace(halving: String, message: String) {
        let spec = #"{"command": "toy-convergence", "grid": [{"alpha0": [0.1, 0.2]}], \#(halving)}"#
        #expect {
            _ = try sweepTestPlan(spec)
        } throws: { error in
            "\(error)".contains(message)
        }
    }
}
