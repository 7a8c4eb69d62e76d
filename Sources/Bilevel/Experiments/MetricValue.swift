#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One value of a ``MetricsRecord``: an integer, a float with its printed format, a string or a
/// boolean.
public enum MetricValue: Sendable, Equatable {
    /// An integer, printed in decimal (`step=310`).
    case int(Int)
    /// A float and the format of its `key=value` form (`objective=0.449529` with `.fixed(6)`).
    case float(Double, format: FloatFormat = .fixed(6))
    /// A string, printed verbatim (`method=v_pbgd`); it must not contain spaces or newlines.
    case string(String)
    /// A boolean, printed `true` / `false`.
    case bool(Bool)

    /// How a float is printed in the `key=value` form.
    public enum FloatFormat: Sendable, Equatable {
        /// C's `%.<digits>f` (Python's `{:.<digits>f}`): `fixed(6)` prints `260.712000`.
        case fixed(Int)
        /// The shortest decimal that reads back to the same double (`260.712`, `1e-05`).
        case shortest
        /// C's `%.<digits>g`: at most `digits` significant digits, no trailing zeros
        /// (`significant(6)` prints 0.35 / 5 as `0.07`).
        case significant(Int)
    }

    /// The text after `key=` in a `TRAIN_METRICS` / `FINAL_METRICS` line.
    ///
    /// Fixed formats match Python's `format(v, ".6f")` bit for bit: both print the exact binary
    /// value correctly rounded, and a NaN prints as `nan` (glibc would print `-nan` for a
    /// negative NaN, Python never does).
    public var keyValueText: String {
        switch self {
        case .int(let value): return String(value)
        case .string(let value): return value
        case .bool(let value): return value ? "true" : "false"
        case .float(let value, let format):
            if value.isNaN { return "nan" }
            switch format {
            case .shortest: return value.isInfinite ? (value < 0 ? "-inf" : "inf") : shortest(value)
            case .fixed(let digits): return Self.fixed(value, digits: digits)
            case .significant(let digits): return Self.significant(value, digits: digits)
            }
        }
    }

    /// The JSON text of the value: full-precision numbers (the format is ignored), `null` for a
    /// non-finite float, escaped strings.
    public var jsonText: String {
        switch self {
        case .int(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .string(let value): return Self.jsonQuoted(value)
        case .float(let value, _): return value.isFinite ? shortest(value) : "null"
        }
    }

    /// The value as a double when it is numeric (int or float), else nil.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .float(let value, _): return value
        case .string, .bool: return nil
        }
    }

    private func shortest(_ value: Double) -> String { "\(value)" }

    /// `%.<digits>f` through the C library (the locale of a Swift process is "C": '.' separator).
    public static func fixed(_ value: Double, digits: Int) -> String {
        precondition(
            (0...40).contains(digits), "MetricValue: fixed digits must be in 0...40, got \(digits)")
        return cFormat("%.\(digits)f", value)
    }

    /// `%.<digits>g` through the C library.
    public static func significant(_ value: Double, digits: Int) -> String {
        precondition(
            (1...17).contains(digits),
            "MetricValue: significant digits must be in 1...17, got \(digits)")
        return cFormat("%.\(digits)g", value)
    }

    /// `snprintf(format, value)` for a format with one double conversion.
    private static func cFormat(_ format: String, _ value: Double) -> String {
        // Length first, then the text: a large value can need hundreds of characters.
        let length = withVaList([value]) { vsnprintf(nil, 0, format, $0) }
        var buffer = [CChar](repeating: 0, count: Int(length) + 1)
        _ = buffer.withUnsafeMutableBufferPointer { out in
            withVaList([value]) { vsnprintf(out.baseAddress, out.count, format, $0) }
        }
        return String(
            decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A JSON string literal for `text` (quotes, backslashes and control characters escaped).
    static func jsonQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
