/// The starts of one `bilevel toy-convergence --output` file: per start its seed, steps and (in
/// files written since `x`/`y` were added) its final iterate, with the FINAL record's method.
public struct ToyRunSet: Sendable {
    /// One start.
    public struct Start: Sendable, Equatable {
        /// The seed of its start point (nil in single-seed files, which do not write it).
        public var seed: Int?
        /// Gradient steps to convergence (the cap for a failed start).
        public var steps: Int
        /// Final x, when the file records it.
        public var x: Double?
        /// Final y, when the file records it.
        public var y: Double?
    }

    /// `v_pbgd` or `g_pbgd` (`?` without a FINAL record).
    public var method: String
    /// `official` or `exact` df (`?` when unknown).
    public var derivative: String
    /// The starts in order.
    public var starts: [Start]
    /// The FINAL record, if the file has one.
    public var final: ResultRow?

    /// `method (df)`.
    public var label: String { "\(method) (\(derivative) df)" }

    /// Whether `row` is a toy start record.
    public static func isStart(_ row: ResultRow) -> Bool {
        row.record == "train" && row.fields["projected_grad"] != nil && row.fields["step"] != nil
    }

    /// Whether `row` is a toy FINAL record.
    public static func isFinal(_ row: ResultRow) -> Bool {
        row.record == "final" && row.fields["convergence_steps"] != nil && row.fields["toy_df"] != nil
    }

    /// The run sets among one file's rows: the starts before each FINAL record form one set.
    public static func parse(_ rows: [ResultRow]) -> [ToyRunSet] {
        var sets: [ToyRunSet] = []
        var starts: [Start] = []
        for row in rows {
            if isStart(row), let steps = row.integer("step") {
                starts.append(Start(seed: row.integer("seed"), steps: steps, x: row.number("x"), y: row.number("y")))
            } else if isFinal(row) {
                sets.append(ToyRunSet(method: row.string("method") ?? "?", derivative: row.string("toy_df") ?? "?", starts: starts, final: row))
                starts = []
            }
        }
        if !starts.isEmpty { sets.append(ToyRunSet(method: "?", derivative: "?", starts: starts, final: nil)) }
        return sets
    }
}
