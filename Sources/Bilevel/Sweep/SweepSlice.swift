/// Slice `index` of `count` of a sweep's tasks: every `count`-th task starting at `index`.
///
/// Over `index` = 0…count−1 the slices cover every task exactly once, whatever the task count,
/// so a Slurm array of `count` elements runs the whole grid (`count` = number of tasks gives one
/// task per element).
public struct SweepSlice: Sendable, Equatable {
    /// This slice, 0-based.
    public var index: Int
    /// Number of slices.
    public var count: Int

    /// The whole sweep as one slice.
    public static let all = SweepSlice(index: 0, count: 1)

    /// A slice of a sweep with `taskCount` tasks.
    ///
    /// - Throws: ``SweepError/taskIndexOutOfRange(index:count:taskCount:)`` unless
    ///   0 ≤ `index` < `count` and `index` < `taskCount` (an empty slice is a misconfigured array).
    public init(index: Int, count: Int, taskCount: Int) throws(SweepError) {
        guard count >= 1, index >= 0, index < count, index < taskCount else {
            throw .taskIndexOutOfRange(index: index, count: count, taskCount: taskCount)
        }
        self.init(index: index, count: count)
    }

    private init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// The task indices of this slice among `taskCount` tasks, ascending.
    public func indices(taskCount: Int) -> [Int] {
        Array(stride(from: index, to: taskCount, by: count))
    }
}
