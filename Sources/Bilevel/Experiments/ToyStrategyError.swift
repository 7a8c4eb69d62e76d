/// Why a toy strategy, preset or strategy file was refused. Each description is one line.
public enum ToyStrategyError: Error, CustomStringConvertible, Equatable {
    /// `gams` is empty.
    case emptyGammas
    /// `gams[index]` is not a finite number > 0.
    case invalidGamma(index: Int, value: Double)
    /// `alpha0` is not a finite number > 0.
    case invalidAlpha0(Double)
    /// No method has this name.
    case unknownMethod(String)
    /// No df/dx variant has this name.
    case unknownDerivative(String)
    /// No preset has this name.
    case unknownPreset(String)
    /// A strategy file has a key other than method, gams, alpha0.
    case unknownKey(String)
    /// A strategy file could not be read.
    case unreadableFile(path: String, reason: String)
    /// A strategy file was read but is not a valid strategy.
    case malformedFile(path: String, reason: String)

    /// One line for the user.
    public var description: String {
        switch self {
        case .emptyGammas:
            return "gammas must list at least one value > 0"
        case .invalidGamma(let index, let value):
            return "gamma #\(index + 1) must be a finite number > 0, got \(value)"
        case .invalidAlpha0(let value):
            return "alpha0 must be a finite number > 0, got \(value)"
        case .unknownMethod(let name):
            return "unknown method '\(name)'; choose one of: "
                + ToyMethod.allCases.map(\.rawValue).joined(separator: ", ")
        case .unknownDerivative(let name):
            return "unknown toy df '\(name)'; choose one of: "
                + ToyDerivative.allCases.map(\.rawValue).joined(separator: ", ")
        case .unknownPreset(let name):
            return "unknown preset '\(name)'; choose one of: "
                + ToyPresets.all.map(\.name).joined(separator: ", ")
        case .unknownKey(let key):
            return "unknown key '\(key)'; valid keys: method, gams, alpha0"
        case .unreadableFile(let path, let reason):
            return "cannot read strategy file '\(path)': \(reason)"
        case .malformedFile(let path, let reason):
            return "invalid strategy file '\(path)': \(reason)"
        }
    }
}
