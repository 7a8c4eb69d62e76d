import Foundation

/// The stages of a sweep as far as its results allow: a plain sweep is one stage; a halving
/// search (``SweepHalving``) is its first stage, and each stage whose tasks have all finished
/// is ranked and followed by the next one with the survivors.
///
/// Everything is derived from the spec and the result files, so any process — a local run, a
/// Slurm array element, `--list` — computes the same stages.
public struct SweepSearch: Sendable {
    /// One stage: its tasks, and its ranking once every task has finished.
    public struct Stage: Sendable {
        /// The stage's tasks.
        public var plan: SweepPlan
        /// Configurations best first, when the stage is finished and the spec halves.
        public var standings: [SweepStanding]?
    }

    /// Known stages, first to current.
    public let stages: [Stage]

    /// The stages of `spec` given the results in `directory`.
    ///
    /// - Throws: ``SweepError`` from planning, or when a finished task's result cannot be read or
    ///   lacks a ranking metric.
    public init(spec: SweepSpec, signatures: [SweepCommandSignature], directory: SweepDirectory)
        throws(SweepError)
    {
        var plan = try SweepPlan(spec: spec, signatures: signatures)
        guard let halving = spec.halving, let budgetKey = plan.budgetKey else {
            stages = [Stage(plan: plan, standings: nil)]
            return
        }
        var stages: [Stage] = []
        while true {
            guard plan.tasks.allSatisfy(directory.isFinished) else {
                stages.append(Stage(plan: plan, standings: nil))
                break
            }
            let standings = try halving.rank(plan.tasks, budgetKey: budgetKey) {
                (task) throws(SweepError) in try Self.finalRecord(of: task, in: directory)
            }
            stages.append(Stage(plan: plan, standings: standings))
            let next = plan.stage.number + 1
            guard next < halving.budgets.count else { break }
            let survivors = standings.prefix(halving.survivorCount(of: standings.count))
                .map(\.configuration).sorted()
            plan = try SweepPlan(
                spec: spec, signatures: signatures,
                stage: SweepStage(
                    number: next, configurations: survivors,
                    firstIndex: plan.stage.firstIndex + plan.tasks.count))
        }
        self.stages = stages
    }

    /// The first stage with unfinished tasks, else the last one.
    public var current: Stage {
        stages.first { $0.standings == nil && !$0.plan.tasks.isEmpty } ?? stages[stages.count - 1]
    }

    /// Whether every task of every stage has finished (and no stage is left to plan).
    public func isComplete(in directory: SweepDirectory) -> Bool {
        guard let last = stages.last else { return true }
        let budgets = last.plan.spec.halving?.budgets.count ?? 1
        return last.plan.tasks.allSatisfy(directory.isFinished)
            && (last.plan.spec.halving == nil || last.plan.stage.number == budgets - 1)
    }

    /// The final record of a finished task.
    static func finalRecord(of task: SweepTask, in directory: SweepDirectory) throws(SweepError)
        -> (path: String, record: [String: Any])
    {
        let path = directory.resultPath(hash: task.hash)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: path, reason: "cannot read")
        }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n").reversed() {
            if let record = SweepCollector.finalRecord(in: line) { return (path, record) }
        }
        throw .io(path: path, reason: "no final record")
    }
}
