/// A spec checked against its command and expanded into numbered tasks.
///
/// Tasks are the product of the axes in spec order, the first axis varying slowest and `seeds`
/// fastest; the order depends only on the spec, so task `i` is the same task on every machine
/// (what a Slurm array relies on).
public struct SweepPlan: Sendable {
    /// The spec.
    public let spec: SweepSpec
    /// The command the spec names.
    public let signature: SweepCommandSignature
    /// The tasks, by index.
    public let tasks: [SweepTask]
    /// The successive-halving stage these tasks are (0 without halving).
    public let stage: SweepStage
    /// The canonical key of the halving budget flag (nil without halving).
    public let budgetKey: String?

    /// The most tasks one sweep may have.
    public static let maximumTaskCount = 1_000_000

    /// Checks `spec` and expands it.
    ///
    /// - Parameters:
    ///   - spec: the parsed spec.
    ///   - signatures: the commands a spec may name.
    ///   - stage: for a halving spec, the stage and its surviving configurations (default: the
    ///     first stage, every configuration).
    /// - Throws: ``SweepError``: unknown command or key, a key the sweep sets itself, a key given
    ///   twice, a switch with a non-boolean value, an axis without values (empty grid), identical
    ///   tasks.
    public init(
        spec: SweepSpec, signatures: [SweepCommandSignature], stage: SweepStage = SweepStage()
    ) throws(SweepError) {
        guard let signature = signatures.first(where: { $0.name == spec.command }) else {
            throw .unknownCommand(
                path: spec.path, name: spec.command, known: signatures.map(\.name))
        }
        self.spec = spec
        self.signature = signature
        let checker = KeyChecker(spec: spec, signature: signature)
        let fixed = try spec.fixed.map { (assignment) throws(SweepError) in
            try checker.resolve(
                assignment.key, location: "fixed.\(assignment.key)", values: [assignment.value])
        }
        try checker.checkRepeats(fixed.map(\.key), location: "fixed", allowRepeatedOptions: true)
        let axes = try spec.axes.map { (axis) throws(SweepError) in
            try axis.keys.enumerated().map { (column, key) throws(SweepError) in
                let location =
                    axis.keys.count > 1 ? "\(axis.location).zip.\(key)" : "\(axis.location).\(key)"
                return try checker.resolve(
                    key, location: location, values: axis.rows.map { $0[column] })
            }
        }
        let axisKeys = axes.flatMap { $0.map(\.key) }
        var budget: ResolvedKey?
        if let halving = spec.halving {
            guard stage.number < halving.budgets.count else {
                throw .invalidSpec(
                    path: spec.path, location: "halving.budgets",
                    message: "no stage \(stage.number) (\(halving.budgets.count) budgets)")
            }
            budget = try checker.resolve(
                halving.flag, location: "halving.flag", values: [halving.budgets[stage.number]])
        }
        try checker.checkRepeats(
            fixed.map(\.key).uniqued() + axisKeys + (budget.map { [$0.key] } ?? []),
            location: "grid", allowRepeatedOptions: false)
        self.stage = stage
        self.budgetKey = budget?.key

        guard !spec.axes.isEmpty else {
            throw .emptyGrid(
                path: spec.path, detail: "no axes: give at least one in 'grid' or 'seeds'")
        }
        if let empty = spec.axes.first(where: { $0.rows.isEmpty }) {
            throw .emptyGrid(
                path: spec.path,
                detail: "\(empty.location) (\(empty.keys.joined(separator: ", "))) has no values")
        }
        let sizes = spec.axes.map(\.rows.count)
        let count = sizes.reduce(1) { $0 > Self.maximumTaskCount ? $0 : $0 * $1 }
        guard count <= Self.maximumTaskCount else {
            throw .invalidSpec(
                path: spec.path, location: "grid",
                message: "more than \(Self.maximumTaskCount) tasks")
        }

        let fixedParameters = fixed.map { SweepAssignment(key: $0.key, value: $0.value) }
        let fixedArguments = fixed.flatMap {
            signature.arguments(flag: $0.flag, key: $0.key, value: $0.value)
        }
        let seedCount = spec.axes.last?.location == "seeds" ? sizes[sizes.count - 1] : 1
        let survivors = stage.configurations.map(Set.init)
        var tasks: [SweepTask] = []
        tasks.reserveCapacity(survivors == nil ? count : (survivors?.count ?? 0) * seedCount)
        var seen: [String: Int] = [:]
        for point in 0..<count {
            let configuration = point / seedCount
            if let survivors, !survivors.contains(configuration) { continue }
            let index = stage.firstIndex + tasks.count
            var parameters = fixedParameters
            var arguments = signature.commandArguments + fixedArguments
            var rest = point
            var rows = [Int](repeating: 0, count: sizes.count)
            for axis in sizes.indices.reversed() {
                rows[axis] = rest % sizes[axis]
                rest /= sizes[axis]
            }
            for (axis, row) in rows.enumerated() {
                for (column, key) in axes[axis].enumerated() {
                    let value = spec.axes[axis].rows[row][column]
                    parameters.append(SweepAssignment(key: key.key, value: value))
                    arguments += signature.arguments(flag: key.flag, key: key.key, value: value)
                }
            }
            if let budget {
                parameters.append(SweepAssignment(key: budget.key, value: budget.value))
                arguments += signature.arguments(flag: budget.flag, key: budget.key, value: budget.value)
            }
            let task = SweepTask(
                index: index, command: spec.command, parameters: parameters,
                fixedCount: fixedParameters.count, arguments: arguments,
                configuration: configuration)
            if let earlier = seen.updateValue(index, forKey: task.hash) {
                throw .invalidSpec(
                    path: spec.path, location: "grid",
                    message: "tasks \(earlier) and \(index) are identical (\(task.label))")
            }
            tasks.append(task)
        }
        self.tasks = tasks
    }
}

/// Which stage of a successive-halving search a plan expands.
public struct SweepStage: Sendable, Equatable {
    /// The stage, 0-based (0 for a sweep without halving).
    public var number: Int
    /// The configurations (grid points without seeds) that run in it; nil: all.
    public var configurations: [Int]?
    /// The index of the stage's first task: the tasks of earlier stages come first, so every task
    /// of the search has its own index.
    public var firstIndex: Int

    /// Stage `number` with `configurations`, numbered from `firstIndex`.
    public init(number: Int = 0, configurations: [Int]? = nil, firstIndex: Int = 0) {
        self.number = number
        self.configurations = configurations
        self.firstIndex = firstIndex
    }
}

extension SweepPlan {
    /// A few tasks in which every value of every axis appears: task 0, then for each axis each of
    /// its rows with every other axis at its first row (1 + Σ (rows − 1) tasks, ascending).
    ///
    /// Checking these catches a bad value on any axis without checking the whole product.
    public var coveringTaskIndices: [Int] {
        // A later halving stage is a subset of the grid (and small): all of it.
        if stage.configurations != nil { return Array(tasks.indices) }
        let sizes = spec.axes.map(\.rows.count)
        var indices: Set<Int> = tasks.isEmpty ? [] : [0]
        var stride = 1
        for axis in sizes.indices.reversed() {
            for row in 1..<max(sizes[axis], 1) { indices.insert(row * stride) }
            stride *= sizes[axis]
        }
        return indices.sorted()
    }
}

/// A spec key resolved to its flag.
private struct ResolvedKey {
    /// Canonical key: the flag name, or `flag.sub` (so `set.delta` stays apart from `set.lambda0`).
    var key: String
    /// The flag name.
    var flag: String
    /// The value, for a fixed assignment.
    var value: MetricValue
}

/// Checks spec keys against the command's flags.
private struct KeyChecker {
    var spec: SweepSpec
    var signature: SweepCommandSignature

    func resolve(_ key: String, location: String, values: [MetricValue]) throws(SweepError)
        -> ResolvedKey
    {
        guard let flag = signature.flag(for: key) else {
            throw .unknownKey(
                path: spec.path, location: location, key: key, command: signature.name)
        }
        if signature.reserved.contains(flag) {
            throw .invalidSpec(
                path: spec.path, location: location, message: "'\(key)' is set by the sweep itself")
        }
        if flag == "seed", spec.axes.contains(where: { $0.location == "seeds" }),
            !location.hasPrefix("seeds")
        {
            throw .invalidSpec(
                path: spec.path, location: location, message: "'seed' is set by 'seeds'")
        }
        if signature.flags[flag] == .flag,
            let bad = values.first(where: { if case .bool = $0 { false } else { true } })
        {
            throw .invalidSpec(
                path: spec.path, location: location,
                message: "'\(key)' is a switch: use true or false, got '\(bad.keyValueText)'")
        }
        let canonical = key.firstIndex(of: ".").map { flag + key[$0...] } ?? flag
        return ResolvedKey(key: canonical, flag: flag, value: values.first ?? .bool(false))
    }

    func checkRepeats(_ keys: [String], location: String, allowRepeatedOptions: Bool)
        throws(SweepError)
    {
        var seen: Set<String> = []
        for key in keys where !seen.insert(key).inserted {
            if allowRepeatedOptions, signature.flags[key] == .repeatingOption { continue }
            throw .invalidSpec(
                path: spec.path, location: location, message: "'\(key)' is given more than once")
        }
    }
}

extension Array where Element: Hashable {
    /// The elements without repeats, in first-seen order.
    fileprivate func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
