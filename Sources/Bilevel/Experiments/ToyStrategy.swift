#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The editable part of the toy experiment: the benchmark's `get_toy_strategy()` (PBGD.md §5.3).
///
/// JSON form (`--strategy FILE.json`), keys as in the benchmark:
///
///     {"method": "v_pbgd", "gams": [10.0], "alpha0": 0.1}
///
/// Missing keys take the baseline values (the benchmark's defaults); an unknown key is an error,
/// so a misspelt one is not silently ignored.
///
/// The step size is `alpha = alpha0 / gamma`. `gams` is tried in order and the loop stops at the
/// first gamma under which a run converges (quirk Q3), so with converging runs only `gams[0]`
/// matters. A run that fails under `gams[i]` continues from where it stopped under `gams[i + 1]`,
/// its steps adding up; a run that never converges counts `gams.count * maxIterations` steps.
public struct ToyStrategy: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The penalty method.
    public var method: ToyMethod
    /// The penalty weights gamma, tried in order; non-empty, each finite and > 0.
    public var gams: [Double]
    /// The step-size numerator: alpha = alpha0 / gamma; finite and > 0.
    public var alpha0: Double

    /// The benchmark's default strategy, `("v_pbgd", (10.0,), 0.1)`.
    public static let baseline = ToyStrategy(method: .vPBGD, gams: [10.0], alpha0: 0.1)

    /// A strategy; call ``validated()`` before running it.
    public init(method: ToyMethod, gams: [Double], alpha0: Double) {
        self.method = method
        self.gams = gams
        self.alpha0 = alpha0
    }

    /// `v_pbgd gams=10 alpha0=0.1`.
    public var description: String {
        "\(method) gams=\(Self.listText(gams)) alpha0=\(alpha0)"
    }

    /// The gammas as `10` or `10,20` (shortest decimals, no trailing `.0`).
    public static func listText(_ values: [Double]) -> String {
        values.map { value in
            value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
        }.joined(separator: ",")
    }

    /// Checks the benchmark's rules: at least one gamma, every gamma and alpha0 finite and > 0.
    ///
    /// - Returns: `self`, unchanged.
    /// - Throws: ``ToyStrategyError`` naming the offending field and value.
    @discardableResult
    public func validated() throws(ToyStrategyError) -> ToyStrategy {
        guard !gams.isEmpty else { throw .emptyGammas }
        for (index, gamma) in gams.enumerated() where !(gamma.isFinite && gamma > 0) {
            throw .invalidGamma(index: index, value: gamma)
        }
        guard alpha0.isFinite, alpha0 > 0 else { throw .invalidAlpha0(alpha0) }
        return self
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case method, gams, alpha0
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes a JSON strategy; missing keys take the baseline values.
    ///
    /// - Throws: ``ToyStrategyError`` for an unknown key or method, `DecodingError` otherwise.
    public init(from decoder: any Decoder) throws {
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        let all = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = all.allKeys.map(\.stringValue).sorted().first(where: {
            !known.contains($0)
        }) {
            throw ToyStrategyError.unknownKey(unknown)
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let base = Self.baseline
        if let name = try container.decodeIfPresent(String.self, forKey: .method) {
            method = try ToyMethod.named(name)
        } else {
            method = base.method
        }
        gams = try container.decodeIfPresent([Double].self, forKey: .gams) ?? base.gams
        alpha0 = try container.decodeIfPresent(Double.self, forKey: .alpha0) ?? base.alpha0
    }

    /// Reads a strategy from a JSON file and validates it.
    ///
    /// - Parameter path: a JSON object with keys `method`, `gams`, `alpha0` (any may be missing).
    /// - Throws: ``ToyStrategyError`` (unreadable file, malformed JSON, unknown key or method,
    ///   invalid value), one line naming the file.
    public static func load(path: String) throws(ToyStrategyError) -> ToyStrategy {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(path: path, reason: Self.reason(for: error))
        }
        let strategy: ToyStrategy
        do {
            strategy = try JSONDecoder().decode(ToyStrategy.self, from: data)
        } catch let error as ToyStrategyError {
            throw .malformedFile(path: path, reason: error.description)
        } catch {
            throw .malformedFile(path: path, reason: Self.reason(for: error))
        }
        do {
            return try strategy.validated()
        } catch {
            throw .malformedFile(path: path, reason: error.description)
        }
    }

    /// A one-line reason for a file-system or decoding error.
    private static func reason(for error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context),
            DecodingError.valueNotFound(_, let context):
            return
                "wrong type for '\(Self.pathText(context.codingPath))': \(context.debugDescription)"
        case DecodingError.keyNotFound(let key, _):
            return "missing key '\(key.stringValue)'"
        case DecodingError.dataCorrupted(let context):
            return "not valid JSON (\(context.debugDescription))"
        case let error as CocoaError where error.code == .fileReadNoSuchFile:
            return "no such file"
        case let error as CocoaError where error.code == .fileReadNoPermission:
            return "permission denied"
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "unknown error"
        }
    }

    private static func pathText(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

extension ToyMethod {
    /// The method with CLI/JSON name `name` (`v_pbgd`, `g_pbgd`).
    ///
    /// - Throws: ``ToyStrategyError/unknownMethod(_:)`` listing the valid names.
    public static func named(_ name: String) throws(ToyStrategyError) -> ToyMethod {
        guard let method = ToyMethod(rawValue: name) else { throw .unknownMethod(name) }
        return method
    }
}

extension ToyDerivative {
    /// The variant with CLI name `name` (`official`, `exact`).
    ///
    /// - Throws: ``ToyStrategyError/unknownDerivative(_:)`` listing the valid names.
    public static func named(_ name: String) throws(ToyStrategyError) -> ToyDerivative {
        guard let derivative = ToyDerivative(rawValue: name) else { throw .unknownDerivative(name) }
        return derivative
    }
}
