import Foundation
import Testing

@testable import Bilevel

/// Task hashes, tags, slices and the Slurm script.
@Suite struct SweepTaskTests {
    @Test func hashIsStableIndependentOfSpecOrderAndDistinct() throws {
        let plan = try sweepTestPlan(
            """
            {"command": "toy-convergence", "fixed": {"starts": 10},
             "grid": [{"method": ["v_pbgd", "g_pbgd"]}, {"alpha0": [0.1, 0.2]}], "seeds": [1, 2, 3]}
            """)
        // Pinned: a change of hashing would orphan every finished result of existing sweeps.
        #expect(plan.tasks[0].hash == Self.pinnedFirstHash)
        #expect(plan.tasks[0].hash.count == 16)
        #expect(Set(plan.tasks.map(\.hash)).count == plan.tasks.count)
        // Axes in another order: other indices, the same set of hashes.
        let swapped = try sweepTestPlan(
            """
            {"command": "toy-convergence", "fixed": {"starts": 10},
             "grid": [{"alpha0": [0.1, 0.2]}, {"method": ["v_pbgd", "g_pbgd"]}], "seeds": [1, 2, 3]}
            """)
        #expect(Set(swapped.tasks.map(\.hash)) == Set(plan.tasks.map(\.hash)))
        #expect(swapped.tasks[3].hash != plan.tasks[3].hash)
        // Any value change (here a fixed one) changes every hash.
        let other = try sweepTestPlan(
            """
            {"command": "toy-convergence", "fixed": {"starts": 11},
             "grid": [{"method": ["v_pbgd", "g_pbgd"]}, {"alpha0": [0.1, 0.2]}], "seeds": [1, 2, 3]}
            """)
        #expect(Set(other.tasks.map(\.hash)).isDisjoint(with: plan.tasks.map(\.hash)))
    }

    static let pinnedFirstHash = "e7965747be56aa14"

    @Test func tagCarriesEveryParameter() throws {
        let plan = try sweepTestPlan(
            #"{"name": "n", "command": "toy-convergence", "fixed": {"set": ["a=1", "b=2"]}, "grid": [{"method": ["v_pbgd"]}], "seeds": [7]}"#
        )
        let tag = plan.tasks[0].tag(sweepName: "n")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(tag.utf8)) as? [String: Any])
        #expect(object["name"] as? String == "n")
        #expect(object["task"] as? Int == 0)
        #expect(object["hash"] as? String == plan.tasks[0].hash)
        let params = try #require(object["params"] as? [String: Any])
        #expect(params["method"] as? String == "v_pbgd")
        #expect(params["seed"] as? Int == 7)
        #expect(params["set"] as? [String] == ["a=1", "b=2"])
    }

    @Test(arguments: [1, 2, 3, 5, 7, 16, 17]) func slicesCoverEveryTaskExactlyOnce(count: Int)
        throws
    {
        for taskCount in [1, 2, 7, 16, 17, 100] where count <= taskCount {
            var seen: [Int] = []
            for index in 0..<count {
                seen += try SweepSlice(index: index, count: count, taskCount: taskCount).indices(
                    taskCount: taskCount)
            }
            #expect(seen.sorted() == Array(0..<taskCount), "count \(count) of \(taskCount) tasks")
        }
        #expect(SweepSlice.all.indices(taskCount: 5) == [0, 1, 2, 3, 4])
    }

    @Test func outOfRangeSlicesAreRejected() {
        for (index, count, tasks) in [(2, 2, 4), (-1, 2, 4), (0, 0, 4), (4, 8, 4)] {
            #expect(
                throws: SweepError.taskIndexOutOfRange(index: index, count: count, taskCount: tasks)
            ) {
                try SweepSlice(index: index, count: count, taskCount: tasks)
            }
        }
        #expect(
            SweepError.taskIndexOutOfRange(index: 4, count: 4, taskCount: 4).description
                == "task index 4 is out of range: 4 slices (0...3) of a sweep of 4 tasks")
    }

    @Test func slurmScriptIsAnArrayOfSweepSlices() {
        let script = SlurmScript(
            jobName: "bilevel-toy", taskCount: 12, maxParallel: 4, partition: "cpu",
            time: "1:00:00",
            cpusPerTask: 2, logDirectory: "/r/toy/slurm", workingDirectory: "/home/me/run dir",
            command: ["/opt/bilevel", "sweep", "/s/toy.json", "--dir", "/r/toy", "--threads", "2"])
        let lines = script.text.split(separator: "\n").map(String.init)
        #expect(lines.first == "#!/bin/bash")
        #expect(lines.contains("#SBATCH --array=0-11%4"))
        #expect(lines.contains("#SBATCH --job-name=bilevel-toy"))
        #expect(lines.contains("#SBATCH --partition=cpu"))
        #expect(lines.contains("#SBATCH --time=1:00:00"))
        #expect(lines.contains("#SBATCH --cpus-per-task=2"))
        #expect(lines.contains("#SBATCH --output=/r/toy/slurm/%A_%a.out"))
        #expect(lines.contains("cd '/home/me/run dir'"))
        #expect(
            lines.last
                == #"exec /opt/bilevel sweep /s/toy.json --dir /r/toy --threads 2 --task-index "$SLURM_ARRAY_TASK_ID" --task-count 12"#
        )
        let plain = SlurmScript(
            jobName: "j", taskCount: 3, maxParallel: nil, partition: nil, time: nil, cpusPerTask: 1,
            logDirectory: "/l", workingDirectory: "/w", command: ["b"])
        #expect(plain.arraySpec == "0-2")
        #expect(!plain.text.contains("--partition") && !plain.text.contains("--time"))
    }
}
