#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The values of one sweep axis as a spec writes them: a list, a scalar, a linear range or a
/// logarithmic range.
///
/// ```json
/// ["v_pbgd", "g_pbgd"]                                  two values
/// {"range": {"from": 0.05, "to": 0.5, "step": 0.05}}    0.05, 0.1, …, 0.5 (inclusive)
/// {"range": {"from": 1, "to": 10}}                      1, 2, …, 10 (integers; step 1)
/// {"log_range": {"from": 1e-6, "to": 1e-3, "count": 4}} 1e-06, 1e-05, 0.0001, 0.001
/// ```
enum SweepValues {
    /// The most values one axis may have (a typo such as a step of 1e-9 fails instead of hanging).
    static let maximumCount = 100_000

    /// The values `json` describes.
    ///
    /// - Throws: a message for `location` (the caller adds the file).
    static func values(_ json: SweepJSON, location: String) throws(SweepSpecIssue) -> [MetricValue]
    {
        switch json {
        case .array(let items):
            return try items.enumerated().map { (offset, item) throws(SweepSpecIssue) in
                try scalar(item, location: "\(location)[\(offset)]")
            }
        case .object(let members):
            guard members.count == 1, let generator = members.first else {
                throw SweepSpecIssue(
                    location, "an object of values has one key, 'range' or 'log_range'")
            }
            switch generator.key {
            case "range": return try range(generator.value, location: location + ".range")
            case "log_range":
                return try logRange(generator.value, location: location + ".log_range")
            default:
                throw SweepSpecIssue(
                    location,
                    "unknown generator '\(generator.key)'; use a list, 'range' or 'log_range'")
            }
        default:
            return [try scalar(json, location: location)]
        }
    }

    /// One argument value: a string, a number or a boolean.
    static func scalar(_ json: SweepJSON, location: String) throws(SweepSpecIssue) -> MetricValue {
        switch json {
        case .string(let value): return .string(value)
        case .int(let value): return .int(value)
        case .double(let value): return .float(value, format: .shortest)
        case .bool(let value): return .bool(value)
        default:
            throw SweepSpecIssue(
                location, "expected a string, number or boolean, got \(json.kindName)")
        }
    }

    /// `from`, `from + step`, … up to `to` inclusive; integers when all three are integers.
    private static func range(_ json: SweepJSON, location: String) throws(SweepSpecIssue)
        -> [MetricValue]
    {
        try checkFields(json, allowed: ["from", "to", "step"], location: location)
        let from = try number(json, "from", location: location)
        let to = try number(json, "to", location: location)
        let step =
            try json["step"].map { _ throws(SweepSpecIssue) in
                try number(json, "step", location: location)
            } ?? 1
        guard step != 0, step.isFinite else {
            throw SweepSpecIssue(location, "'step' must be a non-zero number")
        }
        guard (to - from) / step >= 0 else {
            throw SweepSpecIssue(location, "'step' \(step) never goes from \(from) to \(to)")
        }
        // Tolerance: a step of 0.05 from 0.05 must reach 0.5 although 9 × 0.05 rounds below it.
        // Checked as a Double first: 0 to 1e300 by 1e-300 is infinitely many, and Int(∞) traps.
        let steps = ((to - from) / step + 1e-9).rounded(.down)
        guard steps < Double(maximumCount) else {
            throw SweepSpecIssue(location, "\(steps < 1e18 ? String(Int(steps) + 1) : "more than 10^18") values (at most \(maximumCount) per axis)")
        }
        let count = Int(steps) + 1
        if case .int(let first)? = json["from"], case .int? = json["to"], case .int(let by) = json["step"] ?? .int(1) {
            // Exact integers, without the Double round trip (Double(Int.max) does not fit in Int).
            return try (0..<count).map { (k) throws(SweepSpecIssue) in
                let (offset, overflow) = k.multipliedReportingOverflow(by: by)
                let (value, sumOverflow) = first.addingReportingOverflow(offset)
                guard !overflow && !sumOverflow else {
                    throw SweepSpecIssue(location, "range values overflow 64-bit integers")
                }
                return .int(value)
            }
        }
        return (0..<count).map { k in .float(rounded(from + Double(k) * step), format: .shortest) }
    }

    /// `count` values evenly spaced in log10 from `from` to `to`, both included.
    private static func logRange(_ json: SweepJSON, location: String) throws(SweepSpecIssue)
        -> [MetricValue]
    {
        try checkFields(json, allowed: ["from", "to", "count"], location: location)
        let from = try number(json, "from", location: location)
        let to = try number(json, "to", location: location)
        guard case .int(let count)? = json["count"] else {
            throw SweepSpecIssue(
                location, "'count' must be an integer (values from 'from' to 'to', both included)")
        }
        guard from > 0, to > 0 else {
            throw SweepSpecIssue(location, "'from' and 'to' must be positive")
        }
        guard count >= 1 else {
            throw SweepSpecIssue(location, "'count' must be at least 1, got \(count)")
        }
        try checkCount(count, location: location)
        if count == 1 { return [.float(from, format: .shortest)] }
        let (low, high) = (log10(from), log10(to))
        return (0..<count).map { k in
            let exponent = low + (high - low) * Double(k) / Double(count - 1)
            return .float(rounded(pow(10, exponent)), format: .shortest)
        }
    }

    /// `value` rounded to 12 significant digits, so generated values print as written
    /// (0.15, not 0.15000000000000002; 0.001, not 0.0010000000000000002).
    static func rounded(_ value: Double) -> Double {
        Double(MetricValue.significant(value, digits: 12)) ?? value
    }

    private static func number(_ json: SweepJSON, _ field: String, location: String)
        throws(SweepSpecIssue) -> Double
    {
        guard let member = json[field] else { throw SweepSpecIssue(location, "missing '\(field)'") }
        guard let value = member.number, value.isFinite else {
            throw SweepSpecIssue(location, "'\(field)' must be a number, got \(member.kindName)")
        }
        return value
    }

    private static func checkFields(_ json: SweepJSON, allowed: [String], location: String)
        throws(SweepSpecIssue)
    {
        guard case .object(let members) = json else {
            throw SweepSpecIssue(
                location,
                "expected an object with \(allowed.map { "'\($0)'" }.joined(separator: ", "))")
        }
        if let unknown = members.first(where: { !allowed.contains($0.key) }) {
            throw SweepSpecIssue(
                location,
                "unknown field '\(unknown.key)'; fields: \(allowed.joined(separator: ", "))")
        }
    }

    private static func checkCount(_ count: Int, location: String) throws(SweepSpecIssue) {
        guard count <= maximumCount else {
            throw SweepSpecIssue(location, "\(count) values (at most \(maximumCount) per axis)")
        }
    }
}

/// A problem at one place of a spec, before the file name is known to the thrower.
struct SweepSpecIssue: Error {
    var location: String
    var message: String
    init(_ location: String, _ message: String) {
        self.location = location
        self.message = message
    }
}
