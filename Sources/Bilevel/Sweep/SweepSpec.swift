import Foundation

/// A sweep spec as read from its JSON file: the command, the flags every task shares, and the
/// grid of axes whose product gives the tasks.
///
/// ```json
/// {
///   "name": "toy-gamma",
///   "command": "toy-convergence",
///   "fixed": {"starts": 100, "toy-df": "official"},
///   "grid": [
///     {"method": ["v_pbgd", "g_pbgd"]},
///     {"gammas": {"log_range": {"from": 0.25, "to": 16, "count": 7}}},
///     {"zip": {"alpha0": [0.05, 0.1], "max-iter": [40000, 20000]}}
///   ],
///   "seeds": {"range": {"from": 1, "to": 3}}
/// }
/// ```
///
/// Keys are the command's long flag names (`lr-inner`, or `lr_inner`); `"set.delta": 0.1` gives
/// `--set delta=0.1` for a repeatable `key=value` option. A boolean switches a flag on or off.
/// `grid` entries multiply in order (the first varies slowest); a `zip` entry advances its keys
/// together; a `random` entry draws points of a search space (``SweepRandomAxis``); `seeds` is the
/// innermost axis and sets `--seed`. An optional `halving` object turns the grid into a
/// successive-halving search over one budget flag (``SweepHalving``).
public struct SweepSpec: Sendable, Equatable {
    /// The spec file (as given), named in every error message.
    public var path: String
    /// The sweep's name: `"name"`, else the file name without `.json`.
    public var name: String
    /// The experiment command (`toy-convergence`, `hyperclean`, `solve`).
    public var command: String
    /// Flags of every task, in key order; a key may repeat (a list in `fixed`).
    public var fixed: [SweepAssignment]
    /// The axes, outermost first; `seeds` (if any) is the last.
    public var axes: [SweepAxis]
    /// Successive halving over a budget flag, if the spec asks for it.
    public var halving: SweepHalving?

    /// The top-level fields a spec may have.
    public static let fields = ["name", "description", "command", "fixed", "grid", "seeds", "halving"]

    /// Reads and parses the spec at `path`.
    ///
    /// - Throws: ``SweepError`` naming the file and the place in it.
    public static func load(path: String) throws(SweepError) -> SweepSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason =
                FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file"
            throw .unreadableSpec(path: path, reason: reason)
        }
        return try parse(data, path: path)
    }

    /// Parses a spec document.
    ///
    /// - Parameters:
    ///   - data: the JSON text.
    ///   - path: the file name used in errors and for the default ``name``.
    /// - Throws: ``SweepError/malformedJSON(path:detail:)`` (with the line and column) or
    ///   ``SweepError/invalidSpec(path:location:message:)``.
    public static func parse(_ data: Data, path: String) throws(SweepError) -> SweepSpec {
        let json: SweepJSON
        do {
            json = try JSONDecoder().decode(SweepJSON.self, from: data)
        } catch {
            throw .malformedJSON(path: path, detail: Self.where(data))
        }
        do {
            return try Self(json: json, path: path)
        } catch {
            throw .invalidSpec(path: path, location: error.location, message: error.message)
        }
    }

    private init(json: SweepJSON, path: String) throws(SweepSpecIssue) {
        guard case .object(let members) = json else {
            throw SweepSpecIssue("top level", "a spec is a JSON object, got \(json.kindName)")
        }
        if let unknown = members.first(where: { !Self.fields.contains($0.key) }) {
            throw SweepSpecIssue(
                unknown.key, "unknown field; fields: \(Self.fields.joined(separator: ", "))")
        }
        self.path = path
        guard case .string(let command)? = json["command"] else {
            throw SweepSpecIssue(
                "command", "missing or not a string (toy-convergence, hyperclean or solve)")
        }
        self.command = command
        switch json["name"] {
        case .string(let name)?: self.name = name
        case nil: self.name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        case let other?: throw SweepSpecIssue("name", "expected a string, got \(other.kindName)")
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) })
        else {
            throw SweepSpecIssue("name", "'\(name)' must be letters, digits, '-', '_' or '.'")
        }
        fixed = try Self.fixed(json["fixed"])
        halving = try json["halving"].map { value throws(SweepSpecIssue) in try SweepHalving(value) }
        axes = try Self.grid(json["grid"])
        if let seeds = json["seeds"] {
            let values = try SweepValues.values(seeds, location: "seeds")
            for (offset, value) in values.enumerated() {
                guard case .int = value else {
                    throw SweepSpecIssue("seeds[\(offset)]", "a seed is an integer")
                }
            }
            axes.append(SweepAxis(location: "seeds", keys: ["seed"], rows: values.map { [$0] }))
        }
    }

    private static func fixed(_ json: SweepJSON?) throws(SweepSpecIssue) -> [SweepAssignment] {
        guard let json else { return [] }
        guard case .object(let members) = json else {
            throw SweepSpecIssue("fixed", "expected an object of flag: value, got \(json.kindName)")
        }
        var result: [SweepAssignment] = []
        for member in members {
            let location = "fixed.\(member.key)"
            let items: [SweepJSON]
            if case .array(let list) = member.value { items = list } else { items = [member.value] }
            for (offset, item) in items.enumerated() {
                let itemLocation = items.count > 1 ? "\(location)[\(offset)]" : location
                result.append(
                    SweepAssignment(
                        key: member.key, value: try SweepValues.scalar(item, location: itemLocation)
                    ))
            }
        }
        return result
    }

    private static func grid(_ json: SweepJSON?) throws(SweepSpecIssue) -> [SweepAxis] {
        guard let json else { return [] }
        guard case .array(let entries) = json else {
            throw SweepSpecIssue("grid", "expected a list of axes, got \(json.kindName)")
        }
        return try entries.enumerated().map { (offset, entry) throws(SweepSpecIssue) in
            let location = "grid[\(offset)]"
            guard case .object(let members) = entry, members.count == 1, let axis = members.first
            else {
                throw SweepSpecIssue(
                    location, "an axis is an object with one key (a flag, 'zip' or 'random')")
            }
            if axis.key == "random" { return try SweepRandomAxis.axis(axis.value, location: location) }
            guard axis.key == "zip" else {
                let values = try SweepValues.values(axis.value, location: "\(location).\(axis.key)")
                return SweepAxis(location: location, keys: [axis.key], rows: values.map { [$0] })
            }
            guard case .object(let zipped) = axis.value, !zipped.isEmpty else {
                throw SweepSpecIssue("\(location).zip", "expected an object of flag: values")
            }
            let columns = try zipped.map { member throws(SweepSpecIssue) in
                try SweepValues.values(member.value, location: "\(location).zip.\(member.key)")
            }
            guard let count = columns.first?.count, columns.allSatisfy({ $0.count == count }) else {
                let counts = zip(zipped, columns).map { "\($0.key): \($1.count)" }.joined(
                    separator: ", ")
                throw SweepSpecIssue(
                    "\(location).zip", "zipped keys need lists of one length, got \(counts)")
            }
            let rows = (0..<count).map { row in columns.map { $0[row] } }
            return SweepAxis(location: location, keys: zipped.map(\.key), rows: rows)
        }
    }

    /// Where a document breaks: JSONSerialization's reason ("… around character 31"), with the
    /// character turned into a line and a column.
    private static func `where`(_ data: Data) -> String {
        let reason: String
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return "not a JSON document"
        } catch {
            reason =
                (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "invalid JSON"
        }
        let words = reason.split(separator: " ")
        guard let marker = words.lastIndex(of: "character"), marker + 1 < words.count,
            let offset = Int(words[marker + 1].filter(\.isNumber))
        else { return reason }
        let before = data.prefix(offset)
        let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
        let column = offset - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
        let text = reason.hasSuffix(".") ? String(reason.dropLast()) : reason
        return "\(text) (line \(line), column \(column))"
    }
}

/// One flag of a task: key (as the spec writes it) and value.
public struct SweepAssignment: Sendable, Equatable {
    /// The key, e.g. `alpha0`, `lr_inner` or `set.delta`.
    public var key: String
    /// The value.
    public var value: MetricValue

    /// A key and its value.
    public init(key: String, value: MetricValue) {
        self.key = key
        self.value = value
    }
}

/// One axis of the grid: the keys it sets and its rows (one value per key per row).
public struct SweepAxis: Sendable, Equatable {
    /// Where it is in the spec (`grid[2]`, `seeds`), for error messages.
    public var location: String
    /// One key, or several for a `zip` axis.
    public var keys: [String]
    /// The rows; every row has one value per key.
    public var rows: [[MetricValue]]
}
