/// Why a sweep could not be planned, run or collected: one line for the user, naming the file and
/// the place in it.
public enum SweepError: Error, CustomStringConvertible, Equatable {
    /// The spec file could not be read.
    case unreadableSpec(path: String, reason: String)
    /// The spec file is not valid JSON; `detail` says where it breaks.
    case malformedJSON(path: String, detail: String)
    /// A field of the spec is wrong; `location` is a path such as `grid[1].alpha0.range`.
    case invalidSpec(path: String, location: String, message: String)
    /// `command` names no experiment command.
    case unknownCommand(path: String, name: String, known: [String])
    /// A key is not a flag of the command (`key` as written in the spec).
    case unknownKey(path: String, location: String, key: String, command: String)
    /// The grid expands to no task, or an axis has no values.
    case emptyGrid(path: String, detail: String)
    /// A task's arguments are rejected by the command itself.
    case invalidTask(path: String, index: Int, parameters: String, message: String)
    /// `--task-index` (or `SLURM_ARRAY_TASK_ID`) names no slice.
    case taskIndexOutOfRange(index: Int, count: Int, taskCount: Int)
    /// A directory or file of the sweep could not be written or read.
    case io(path: String, reason: String)

    /// One line for the user.
    public var description: String { text.escapingControlCharacters }

    /// The message before control characters in quoted user text are escaped.
    private var text: String {
        switch self {
        case .unreadableSpec(let path, let reason):
            return "sweep spec '\(path)': cannot read: \(reason)"
        case .malformedJSON(let path, let detail):
            return "sweep spec '\(path)': malformed JSON: \(detail)"
        case .invalidSpec(let path, let location, let message):
            return "sweep spec '\(path)': \(location): \(message)"
        case .unknownCommand(let path, let name, let known):
            return
                "sweep spec '\(path)': command: unknown command '\(name)'; known commands: \(known.joined(separator: ", "))"
        case .unknownKey(let path, let location, let key, let command):
            return
                "sweep spec '\(path)': \(location): '\(key)' is not a flag of \(command) (see bilevel \(command) --help)"
        case .emptyGrid(let path, let detail):
            return "sweep spec '\(path)': empty grid: \(detail)"
        case .invalidTask(let path, let index, let parameters, let message):
            return "sweep spec '\(path)': task \(index) (\(parameters)): \(message)"
        case .taskIndexOutOfRange(let index, let count, let taskCount):
            return
                "task index \(index) is out of range: \(count) slices (0...\(max(count - 1, 0))) of a sweep of \(taskCount) tasks"
        case .io(let path, let reason):
            return "sweep: '\(path)': \(reason)"
        }
    }
}
