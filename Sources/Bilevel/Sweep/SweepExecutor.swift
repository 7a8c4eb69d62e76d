import Foundation
import Synchronization

/// Runs a list of tasks on `jobs` worker threads, each task a child process (``SweepTaskRunner``).
///
/// Workers take the next task in index order. Once SIGINT or SIGTERM is raised
/// (``InterruptFlag``), running tasks get SIGTERM, no new task starts, and the summary says the
/// sweep was interrupted.
public struct SweepExecutor: Sendable {
    /// What happened to the tasks of one run.
    public struct Summary: Sendable, Equatable {
        /// Tasks that ran to completion now.
        public var finished = 0
        /// Tasks whose result existed.
        public var skipped = 0
        /// Tasks that failed, by index.
        public var failed: [Int] = []
        /// Tasks stopped or never started because of a signal.
        public var interrupted = 0
    }

    /// Runs the tasks.
    ///
    /// - Parameters:
    ///   - tasks: the tasks to run (a slice or all).
    ///   - jobs: concurrent tasks (at least 1).
    ///   - runner: runs one task.
    ///   - report: called after each task, one call at a time, with the task, its outcome and
    ///     its wall time in seconds.
    /// - Returns: the counts.
    public static func run(
        _ tasks: [SweepTask], jobs: Int, runner: SweepTaskRunner,
        report: @escaping @Sendable (SweepTask, SweepTaskRunner.Outcome, Double) -> Void
    ) -> Summary {
        let state = Mutex(State(pending: tasks[...]))
        let workerCount = max(1, min(jobs, tasks.count))
        let group = DispatchGroup()
        for _ in 0..<workerCount {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                while let task = state.withLock({ $0.next() }) {
                    let start = ContinuousClock.now
                    let outcome = runner.run(task)
                    let elapsed = ContinuousClock.now - start
                    let seconds =
                        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds)
                        * 1e-18
                    state.withLock { state in
                        state.record(task, outcome)
                        report(task, outcome, seconds)
                    }
                }
            }
            thread.start()
        }
        group.wait()
        return state.withLock { state in
            state.summary.interrupted += state.pending.count
            return state.summary
        }
    }

    private struct State: Sendable {
        var pending: ArraySlice<SweepTask>
        var summary = Summary()

        mutating func next() -> SweepTask? {
            guard !InterruptFlag.isRaised else { return nil }
            return pending.popFirst()
        }

        mutating func record(_ task: SweepTask, _ outcome: SweepTaskRunner.Outcome) {
            switch outcome {
            case .skipped: summary.skipped += 1
            case .finished: summary.finished += 1
            case .failed: summary.failed.append(task.index)
            case .interrupted: summary.interrupted += 1
            }
        }
    }
}
