/// One task of a sweep: a command and its resolved flags, identified by the hash of both.
public struct SweepTask: Sendable, Equatable {
    /// Position in the expanded grid (0-based, stable for a given spec).
    public var index: Int
    /// The command name (`toy-convergence`).
    public var command: String
    /// Every flag of the task with its canonical key (the flag name, or `set.delta`): the fixed
    /// ones first, then one per axis key.
    public var parameters: [SweepAssignment]
    /// How many of ``parameters`` come from `fixed` (the rest vary across tasks).
    public var fixedCount: Int
    /// The command line after the executable, without the sweep's own flags.
    public var arguments: [String]
    /// The grid point without the seeds axis (the same for every seed of one strategy).
    public var configuration: Int

    /// The strategy hash: 16 hex digits of SHA-256 over the command and the parameters sorted by
    /// key, so it ignores the order of the spec and changes with any value. Names the result file.
    public var hash: String {
        let lines = parameters.map { "\($0.key)=\($0.value.jsonText)" }.sorted()
        let text = (["bilevel-sweep-task/1", command] + lines).joined(separator: "\n")
        return String(SHA256.hexDigest(of: text.utf8).prefix(16))
    }

    /// The parameters that vary across tasks, `key=value` separated by spaces (for messages).
    public var label: String {
        let varying = parameters[fixedCount...]
        return varying.isEmpty
            ? "(no parameters)"
            : varying.map { "\($0.key)=\($0.value.keyValueText)" }.joined(separator: " ")
    }

    /// The JSON object tagging every line of this task's result: sweep name, task index, hash,
    /// command and all parameters (a repeated key becomes a list).
    ///
    /// - Parameter sweepName: the spec's name.
    public func tag(sweepName: String) -> String {
        var keys: [String] = []
        var values: [String: [MetricValue]] = [:]
        for parameter in parameters {
            if values[parameter.key] == nil { keys.append(parameter.key) }
            values[parameter.key, default: []].append(parameter.value)
        }
        let members = keys.map { key -> String in
            let list = values[key] ?? []
            let text =
                list.count == 1
                ? list[0].jsonText : "[" + list.map(\.jsonText).joined(separator: ",") + "]"
            return MetricValue.jsonQuoted(key) + ":" + text
        }
        return
            "{\"name\":\(MetricValue.jsonQuoted(sweepName)),\"task\":\(index),\"hash\":\"\(hash)\","
            + "\"command\":\(MetricValue.jsonQuoted(command)),\"params\":{\(members.joined(separator: ","))}}"
    }
}
