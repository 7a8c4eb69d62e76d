/// Settings of the minimax bilevel problems (each problem reads the ones it has).
public struct MinimaxProblemSettings: Sendable, Equatable {
    /// constrained-cleaning: ball radius r.
    public var radius: Float = 1
    /// closed-form-constrained and constrained-cleaning: multiplier bound Λ (nil: the problem's default).
    public var multiplierBound: Float?
    /// constrained-cleaning: c of c‖θ‖²; group-robust: λ of λ/2‖θ‖².
    public var regularization: Float = 0
    /// group-robust: η of the lower level.
    public var eta: Float = 0.1
    /// group-robust: η_u of the upper level.
    public var upperEta: Float = 0.1
    /// constrained-cleaning: dual (multiplier) or projection formulation.
    public var formulation: ConstrainedCleaningProblem.Formulation = .dual
    /// Minibatch size (0: full batches).
    public var batchSize = 0
    /// Split and initialisation seed of the MNIST problems.
    public var seed = 42

    /// The defaults.
    public init() {}

    /// Checks ranges.
    ///
    /// - Throws: ``MinimaxProblemError/invalidParameter(name:value:valid:)``.
    public func validate() throws(MinimaxProblemError) {
        guard radius.isFinite && radius > 0 else { throw .invalidParameter(name: "radius", value: "\(radius)", valid: "finite and > 0") }
        if let multiplierBound, !(multiplierBound.isFinite && multiplierBound >= 0) {
            throw .invalidParameter(name: "multiplier_bound", value: "\(multiplierBound)", valid: "finite and >= 0")
        }
        for (name, value) in [("regularization", regularization), ("eta", eta), ("upper_eta", upperEta)] where !(value.isFinite && value >= 0) {
            throw .invalidParameter(name: name, value: "\(value)", valid: "finite and >= 0")
        }
    }
}

/// The minimax bilevel problems by CLI name.
public enum MinimaxProblemRegistry {
    /// Known problem names.
    public static let names = ["closed-form-minimax", "closed-form-constrained", "constrained-cleaning", "group-robust"]

    /// Whether `name` needs the MNIST data.
    public static func needsData(_ name: String) -> Bool { name == "constrained-cleaning" || name == "group-robust" }

    /// Builds the problem called `name`; `data` is called only for the MNIST problems.
    ///
    /// - Throws: ``MinimaxProblemError`` for an unknown name or bad settings; whatever `data` throws.
    public static func make(_ name: String, settings: MinimaxProblemSettings, data: () throws -> HyperCleaningData) throws
        -> any MinimaxBilevelProblem
    {
        try settings.validate()
        switch name {
        case "closed-form-minimax": return BilinearBoxProblem()
        case "closed-form-constrained": return HalfspaceProjectionProblem(multiplierBound: settings.multiplierBound ?? 10)
        case "constrained-cleaning":
            return ConstrainedCleaningProblem(
                data: try data(), radius: settings.radius, multiplierBound: settings.multiplierBound,
                regularization: settings.regularization, formulation: settings.formulation,
                batchSize: settings.batchSize, seed: settings.seed)
        case "group-robust":
            return GroupRobustCleaningProblem(
                data: try data(), eta: settings.eta, upperEta: settings.upperEta,
                regularization: settings.regularization, batchSize: settings.batchSize, seed: settings.seed)
        default: throw MinimaxProblemError.unknownProblem(name, known: names)
        }
    }
}
