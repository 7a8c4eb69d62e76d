/// What a sweep needs to know about one experiment command: its flags and which of the sweep's
/// own flags (`--threads`, `--checkpoint`/`--resume`) it takes.
///
/// The CLI builds these from the commands' argument-parser definitions, so the library never
/// repeats a flag list.
public struct SweepCommandSignature: Sendable, Equatable {
    /// How a flag takes its value.
    public enum Kind: Sendable, Equatable {
        /// A switch (`--quiet`): a spec value `true` adds it, `false` leaves it out.
        case flag
        /// `--key value`.
        case option
        /// `--key value`, repeatable (`--set k=v`); a list in `fixed` repeats it.
        case repeatingOption
    }

    /// The command name of the spec (`toy-convergence`).
    public var name: String
    /// The command's arguments before its flags (`["toy-convergence"]`).
    public var commandArguments: [String]
    /// Every long flag name (without `--`) and its kind.
    public var flags: [String: Kind]
    /// Flags the sweep sets itself; a spec may not use them.
    public var reserved: Set<String>

    /// Whether the command takes `--threads` (then the sweep passes its per-task thread count).
    public var takesThreads: Bool { flags["threads"] == .option }
    /// Whether the command writes and resumes checkpoints (`--checkpoint FILE`, `--resume FILE`).
    public var checkpoints: Bool { flags["checkpoint"] == .option && flags["resume"] == .option }

    /// The sweep's own flags, which it adds to every task: output, printing, threads, checkpoints.
    public static let sweepFlags: Set<String> = [
        "output", "quiet", "json", "progress", "threads", "checkpoint", "resume", "help", "version",
    ]

    /// A signature.
    ///
    /// - Parameters:
    ///   - name: the command name in specs.
    ///   - commandArguments: the arguments naming the command (default `[name]`).
    ///   - flags: long flag names and kinds.
    ///   - reserved: flags a spec may not set (default ``sweepFlags`` that the command has).
    public init(
        name: String, commandArguments: [String]? = nil, flags: [String: Kind],
        reserved: Set<String>? = nil
    ) {
        self.name = name
        self.commandArguments = commandArguments ?? [name]
        self.flags = flags
        self.reserved = reserved ?? Self.sweepFlags
    }

    /// The flag a spec key names: the key itself, or with `_` read as `-` (`lr_inner`).
    ///
    /// For `opt.sub` keys this is `opt`, which must be a repeatable option.
    func flag(for key: String) -> String? {
        let head = key.split(separator: ".", maxSplits: 1).first.map(String.init) ?? key
        for candidate in [head, String(head.map { $0 == "_" ? "-" : $0 })]
        where flags[candidate] != nil {
            if key.contains(".") && flags[candidate] != .repeatingOption { return nil }
            return candidate
        }
        return nil
    }

    /// The command-line words of one assignment whose key resolves to `flag`.
    func arguments(flag: String, key: String, value: MetricValue) -> [String] {
        // `--flag=value` in one word, so a negative number is not read as another flag.
        if let dot = key.firstIndex(of: ".") {
            return ["--\(flag)=\(key[key.index(after: dot)...])=\(value.keyValueText)"]
        }
        if flags[flag] == .flag, case .bool(let on) = value { return on ? ["--\(flag)"] : [] }
        return ["--\(flag)=\(value.keyValueText)"]
    }
}
