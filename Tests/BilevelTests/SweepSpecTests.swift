import Foundation
import Testing

@testable import Bilevel

/// A command signature shaped like `toy-convergence` plus a repeatable `--set` and checkpoints.
let sweepTestSignature = SweepCommandSignature(
    name: "toy-convergence",
    flags: [
        "method": .option, "alpha0": .option, "gammas": .option, "starts": .option, "seed": .option,
        "seeds": .option, "lr-inner": .option, "exact": .flag, "set": .repeatingOption,
        "output": .option, "quiet": .flag, "threads": .option,
    ])

/// Parses `json` as a spec named `spec.json` and plans it against ``sweepTestSignature``.
func sweepTestPlan(_ json: String, signature: SweepCommandSignature = sweepTestSignature)
    throws(SweepError) -> SweepPlan
{
    try SweepPlan(
        spec: try SweepSpec.parse(Data(json.utf8), path: "spec.json"), signatures: [signature])
}

/// Spec parsing and grid expansion: axes, order, counts, arguments, and one-line errors.
@Suite struct SweepSpecTests {
    @Test func productVariesTheFirstAxisSlowestAndSeedsFastest() throws {
        let plan = try sweepTestPlan(
            """
            {"command": "toy-convergence", "fixed": {"starts": 10},
             "grid": [{"method": ["v_pbgd", "g_pbgd"]}, {"alpha0": [0.1, 0.2, 0.3]}], "seeds": [1, 2]}
            """)
        #expect(plan.tasks.count == 12)
        #expect(plan.tasks.map(\.index) == Array(0..<12))
        #expect(plan.tasks[0].label == "method=v_pbgd alpha0=0.1 seed=1")
        #expect(plan.tasks[1].label == "method=v_pbgd alpha0=0.1 seed=2")
        #expect(plan.tasks[2].label == "method=v_pbgd alpha0=0.2 seed=1")
        #expect(plan.tasks[11].label == "method=g_pbgd alpha0=0.3 seed=2")
        #expect(
            plan.tasks[5].arguments == [
                "toy-convergence", "--starts=10", "--method=v_pbgd", "--alpha0=0.3", "--seed=2",
            ])
        // The same spec gives the same tasks in the same order every time.
        let again = try sweepTestPlan(
            """
            {"command": "toy-convergence", "fixed": {"starts": 10},
             "grid": [{"method": ["v_pbgd", "g_pbgd"]}, {"alpha0": [0.1, 0.2, 0.3]}], "seeds": [1, 2]}
            """)
        #expect(again.tasks == plan.tasks)
    }

    @Test func zipAdvancesItsKeysTogether() throws {
        let plan = try sweepTestPlan(
            """
            {"command": "toy-convergence",
             "grid": [{"zip": {"method": ["v_pbgd", "g_pbgd", "v_pbgd"], "alpha0": [0.1, 0.2, 0.3]}}, {"starts": [5, 6]}]}
            """)
        #expect(plan.tasks.count == 6)
        // Zipped keys are sorted (alpha0 before method); rows stay paired.
        #expect(
            plan.tasks.map(\.label) == [
                "alpha0=0.1 method=v_pbgd starts=5", "alpha0=0.1 method=v_pbgd starts=6",
                "alpha0=0.2 method=g_pbgd starts=5", "alpha0=0.2 method=g_pbgd starts=6",
                "alpha0=0.3 method=v_pbgd starts=5", "alpha0=0.3 method=v_pbgd starts=6",
            ])
    }

    @Test func rangesAndLogRangesPrintAsWritten() throws {
        let plan = try sweepTestPlan(
            """
            {"command": "toy-convergence",
             "grid": [{"alpha0": {"range": {"from": 0.05, "to": 0.3, "step": 0.05}}},
                      {"lr_inner": {"log_range": {"from": 1e-6, "to": 1e-3, "count": 4}}}],
             "seeds": {"range": {"from": 1, "to": 3}}}
            """)
        #expect(plan.tasks.count == 6 * 4 * 3)
        let alphas = plan.tasks.filter { $0.index % 12 == 0 }.map {
            $0.parameters[0].value.keyValueText
        }
        #expect(alphas == ["0.05", "0.1", "0.15", "0.2", "0.25", "0.3"])
        let rates = plan.tasks.prefix(12).filter { $0.index % 3 == 0 }.map {
            $0.parameters[1].value.keyValueText
        }
        #expect(rates == ["1e-06", "1e-05", "0.0001", "0.001"])
        #expect(plan.tasks.prefix(3).map { $0.parameters[2].value } == [.int(1), .int(2), .int(3)])
        // `lr_inner` is the flag `--lr-inner`.
        #expect(plan.tasks[0].arguments.contains("--lr-inner=1e-06"))
    }

    @Test func switchesRepeatsAndSubKeysBecomeFlags() throws {
        let plan = try sweepTestPlan(
            """
            {"command": "toy-convergence", "fixed": {"set": ["a=1", "b=2"], "exact": true},
             "grid": [{"set.delta": [0.1, -1]}]}
            """)
        #expect(
            plan.tasks.map(\.arguments) == [
                ["toy-convergence", "--exact", "--set=a=1", "--set=b=2", "--set=delta=0.1"],
                ["toy-convergence", "--exact", "--set=a=1", "--set=b=2", "--set=delta=-1"],
            ])
        let off = try sweepTestPlan(
            #"{"command": "toy-convergence", "grid": [{"exact": [true, false]}]}"#)
        #expect(
            off.tasks.map(\.arguments) == [["toy-convergence", "--exact"], ["toy-convergence"]])
    }

    struct BadSpec: Sendable, CustomTestStringConvertible {
        var json: String
        var message: String
        var testDescription: String { message }
    }

    static let badSpecs: [BadSpec] = [
        BadSpec(
            json: "{\"command\": \"toy-convergence\",\n \"grid\": [{\"method\": [v]}]}",
            message: "sweep spec 'spec.json': malformed JSON: Invalid value around character"),
        BadSpec(
            json: #"{"command": "toy", "seeds": [1]}"#,
            message:
                "sweep spec 'spec.json': command: unknown command 'toy'; known commands: toy-convergence"
        ),
        BadSpec(
            json: #"{"command": "toy-convergence", "grid": [{"alpha": [1]}]}"#,
            message:
                "sweep spec 'spec.json': grid[0].alpha: 'alpha' is not a flag of toy-convergence"),
        BadSpec(
            json: #"{"command": "toy-convergence", "fixed": {"nope": 1}, "seeds": [1]}"#,
            message: "sweep spec 'spec.json': fixed.nope: 'nope' is not a flag of toy-convergence"),
        BadSpec(
            json: #"{"command": "toy-convergence", "grid": [{"alpha0": []}]}"#,
            message: "sweep spec 'spec.json': empty grid: grid[0] (alpha0) has no values"),
        BadSpec(
            json: #"{"command": "toy-convergence", "grid": []}"#,
            message: "sweep spec 'spec.json': empty grid: no axes"),
        BadSpec(
            json: #"{"command": "toy-convergence", "grid": [{"quiet": [true]}]}"#,
            message: "sweep spec 'spec.json': grid[0].quiet: 'quiet' is set by the sweep itself"),
        BadSpec(
            json: #"{"command": "toy-convergence", "grid": [{"seed": [1]}], "seeds": [2]}"#,
            message: "sweep spec 'spec.json': grid[0].seed: 'seed' is set by 'seeds'"),
        BadSpec(
            json:
                #"{"command": "toy-convergence", "fixed": {"alpha0": 1}, "grid": [{"alpha0": [2]}]}"#,
            message: "sweep spec 'spec.json': grid: 'alpha0' is given more than once"),
        BadSpec(
            json:
                #"{"command": "toy-convergence", "grid": [{"zip": {"alpha0": [1, 2], "method": ["v_pbgd"]}}]}"#,
            message:
                "sweep spec 'spec.json': grid[0].zip: zipped keys need lists of one length, got alpha0: 2, method: 1"
        ),
        BadSpec(
            json:
                #"{"command": "toy-convergence", "grid": [{"alpha0": {"range": {"from": 1, "to": 0, "step": 0.5}}}]}"#,
            message:
                "sweep spec 'spec.json': grid[0].alpha0.range: 'step' 0.5 never goes from 1.0 to 0.0"
        ),
        BadSpec(
            json:
                #"{"command": "toy-convergence", "grid": [{"alpha0": {"log_range": {"from": 0, "to": 1, "count": 3}}}]}"#,
            message:
                "sweep spec 'spec.json': grid[0].alpha0.log_range: 'from' and 'to' must be positive"
        ),
        BadSpec(
            json:
                #"{"command": "toy-convergence", "grid": [{"alpha0": [1], "method": ["v_pbgd"]}]}"#,
            message: "sweep spec 'spec.json': grid[0]: an axis is an object with one key"),
        BadSpec(
            json: #"{"command": "toy-convergence", "grid": [{"exact": [1]}]}"#,
            message:
                "sweep spec 'spec.json': grid[0].exact: 'exact' is a switch: use true or false, got '1'"
        ),
        BadSpec(
            json: #"{"command": "toy-convergence", "seeds": [1.5]}"#,
            message: "sweep spec 'spec.json': seeds[0]: a seed is an integer"),
        BadSpec(
            json: #"{"command": "toy-convergence", "grids": [], "seeds": [1]}"#,
            message:
                "sweep spec 'spec.json': grids: unknown field; fields: name, description, command"),
        BadSpec(
            json: #"{"command": "toy-convergence", "grid": [{"alpha0": [1, 1]}]}"#,
            message: "sweep spec 'spec.json': grid: tasks 0 and 1 are identical (alpha0=1)"),
    ]

    @Test(arguments: badSpecs) func badSpecsFailWithOneLine(_ bad: BadSpec) {
        do {
            _ = try sweepTestPlan(bad.json)
            Issue.record("accepted: \(bad.json)")
        } catch {
            #expect(error.description.hasPrefix(bad.message), "got: \(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func malformedJSONSaysWhere() {
        #expect(throws: SweepError.self) {
            try sweepTestPlan("{\n  \"command\": \"x\",\n  oops\n}")
        }
        do { _ = try sweepTestPlan("{\n  \"command\": \"x\",\n  oops\n}") } catch {
            #expect(error.description.contains("line 3"), "got: \(error.description)")
        }
    }

    @Test func nameDefaultsToTheFileName() throws {
        let spec = try SweepSpec.parse(
            Data(#"{"command": "solve", "seeds": [1]}"#.utf8), path: "/x/benchopt-soba.json")
        #expect(spec.name == "benchopt-soba")
    }
}

extension SweepSpecTests {
    @Test func coveringTasksShowEveryValueOfEveryAxis() throws {
        let plan = try sweepTestPlan(
            """
            {"command": "toy-convergence", "grid": [{"method": ["v_pbgd", "g_pbgd"]}, {"alpha0": [0.1, 0.2, 0.3]},
             {"zip": {"starts": [1, 2], "gammas": ["1", "2"]}}], "seeds": [1, 2, 3, 4]}
            """)
        let covering = plan.coveringTaskIndices
        #expect(covering.count == 1 + 1 + 2 + 1 + 3)
        for (axis, spec) in plan.spec.axes.enumerated() {
            for row in spec.rows {
                let seen = covering.contains { index in
                    let offset =
                        plan.tasks[index].parameters.firstIndex { $0.key == spec.keys[0] } ?? -1
                    return offset >= 0 && plan.tasks[index].parameters[offset].value == row[0]
                }
                #expect(seen, "axis \(axis) value \(row[0].keyValueText) not covered")
            }
        }
    }
}
