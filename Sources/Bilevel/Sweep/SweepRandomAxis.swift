import Tensor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A random-search axis: `count` points drawn from a search space, advancing their keys together
/// like a `zip` axis.
///
/// ```json
/// {"random": {"count": 24, "seed": 1, "space": {
///     "lrx": {"log_uniform": [0.03, 3]},
///     "gamma-max": {"uniform": [0.01, 0.5]},
///     "gamma-argmax-step": {"int_log_uniform": [1000, 30000]},
///     "inner-itr": {"choice": [1, 2, 4]}}}}
/// ```
///
/// The points depend only on the seed and the space (SplitMix64, keys drawn in spec order), so
/// every machine expands the same tasks. Drawn numbers keep 3 significant digits, so task labels
/// stay readable and a value can be copied into a strategy file exactly.
enum SweepRandomAxis {
    /// The distributions a key may have.
    static let distributions = ["uniform", "log_uniform", "int_uniform", "int_log_uniform", "choice"]

    /// The axis described by the value of a `random` entry at `location` (`grid[2]`).
    static func axis(_ json: SweepJSON, location: String) throws(SweepSpecIssue) -> SweepAxis {
        let here = "\(location).random"
        guard case .object(let members) = json else {
            throw SweepSpecIssue(here, "expected an object with 'count', 'seed' and 'space'")
        }
        if let unknown = members.first(where: { !["count", "seed", "space"].contains($0.key) }) {
            throw SweepSpecIssue(here, "unknown field '\(unknown.key)'; fields: count, seed, space")
        }
        guard case .int(let count)? = json["count"], count >= 1, count <= SweepValues.maximumCount
        else {
            throw SweepSpecIssue(
                here, "'count' must be an integer from 1 to \(SweepValues.maximumCount)")
        }
        guard case .int(let seed)? = json["seed"] else {
            throw SweepSpecIssue(here, "'seed' must be an integer (the points depend on it)")
        }
        guard case .object(let space)? = json["space"], !space.isEmpty else {
            throw SweepSpecIssue(here, "'space' must be an object of flag: distribution")
        }
        let draws = try space.map { member throws(SweepSpecIssue) in
            try Distribution(member.value, location: "\(here).space.\(member.key)")
        }
        var generator = SplitMix64(seed: UInt64(bitPattern: Int64(seed)))
        let rows = (0..<count).map { _ in draws.map { $0.draw(&generator) } }
        return SweepAxis(location: location, keys: space.map(\.key), rows: rows)
    }

    /// One key's distribution.
    private enum Distribution {
        case uniform(Double, Double)
        case logUniform(Double, Double)
        case intUniform(Int, Int)
        case intLogUniform(Int, Int)
        case choice([MetricValue])

        init(_ json: SweepJSON, location: String) throws(SweepSpecIssue) {
            guard case .object(let members) = json, members.count == 1, let kind = members.first
            else {
                throw SweepSpecIssue(
                    location,
                    "a distribution is an object with one key: \(distributions.joined(separator: ", "))")
            }
            if kind.key == "choice" {
                guard case .array(let items) = kind.value, !items.isEmpty else {
                    throw SweepSpecIssue(location, "'choice' needs a non-empty list of values")
                }
                self = .choice(
                    try items.enumerated().map { (offset, item) throws(SweepSpecIssue) in
                        try SweepValues.scalar(item, location: "\(location).choice[\(offset)]")
                    })
                return
            }
            guard distributions.contains(kind.key) else {
                throw SweepSpecIssue(
                    location,
                    "unknown distribution '\(kind.key)'; use \(distributions.joined(separator: ", "))")
            }
            guard case .array(let bounds) = kind.value, bounds.count == 2,
                let low = bounds[0].number, let high = bounds[1].number, low.isFinite,
                high.isFinite, low <= high
            else {
                throw SweepSpecIssue(location, "'\(kind.key)' needs [low, high] with low ≤ high")
            }
            if kind.key.hasSuffix("log_uniform"), low <= 0 {
                throw SweepSpecIssue(location, "'\(kind.key)' needs positive bounds")
            }
            if kind.key.hasPrefix("int_"),
                low.rounded() != low || high.rounded() != high || abs(high) > 1e15 || abs(low) > 1e15
            {
                throw SweepSpecIssue(location, "'\(kind.key)' needs integer bounds")
            }
            switch kind.key {
            case "uniform": self = .uniform(low, high)
            case "log_uniform": self = .logUniform(low, high)
            case "int_uniform": self = .intUniform(Int(low), Int(high))
            default: self = .intLogUniform(Int(low), Int(high))
            }
        }

        func draw(_ generator: inout SplitMix64) -> MetricValue {
            // 53 random bits → [0, 1).
            let u = Double(generator.next() >> 11) * 0x1p-53
            switch self {
            case .uniform(let low, let high):
                return .float(Self.threeDigits(low + (high - low) * u), format: .shortest)
            case .logUniform(let low, let high):
                return .float(
                    Self.threeDigits(exp(log(low) + (log(high) - log(low)) * u)), format: .shortest)
            case .intUniform(let low, let high):
                return .int(low + min(Int(u * Double(high - low + 1)), high - low))
            case .intLogUniform(let low, let high):
                let value = exp(log(Double(low)) + (log(Double(high)) - log(Double(low))) * u)
                return .int(min(max(Int(Self.threeDigits(value)), low), high))
            case .choice(let values):
                return values[min(Int(u * Double(values.count)), values.count - 1)]
            }
        }

        /// `value` with 3 significant digits.
        private static func threeDigits(_ value: Double) -> Double {
            Double(MetricValue.significant(value, digits: 3)) ?? value
        }
    }
}
