/// A hyper-cleaning strategy: the method and every knob the benchmark lets a user tune
/// (PBGD.md §5.3, `HypercleanStrategy`). JSON keys are the benchmark's (`lr_inner`, `T`, `K`, …).
public struct HyperCleaningStrategy: Codable, Sendable, Equatable {
    /// `v_pbgd`, `g_pbgd`, `rhg` or `t_rhg`.
    public var method: String
    /// Learning rate of the upper variable x (PBGD).
    public var lrx: Double = 0
    /// Learning rate of the network weights w (PBGD).
    public var lry: Double = 0
    /// Learning rate of the inner loop (V-PBGD's ω step, RHG's unrolled steps).
    public var lrInner: Double = 0
    /// γ at iteration 0.
    public var gammaInit: Double = 0
    /// Largest γ.
    public var gammaMax: Double = 0
    /// Iterations over which γ ramps to γ_max.
    public var gammaArgmaxStep: Double = 1
    /// Outer iterations.
    public var outerItr: Int = 0
    /// Inner ω steps per iteration (V-PBGD).
    public var innerItr: Int = 1
    /// Outer learning rate of x (RHG family).
    public var lr: Double = 0
    /// Unrolled inner steps (RHG family).
    public var T: Int = 0
    /// Truncation depth (RHG family; K = T is full RHG).
    public var K: Int = 0
    /// L2 regulariser of the lower level, reg·‖w‖².
    public var reg: Double = 0
    /// Evaluate every this many iterations (PBGD; the RHG family evaluates every outer step).
    public var evalInterval: Int = 10
    /// RHG forward weights: `vector` (σ(x_i) per sample, benchmark) or `x0` (σ(x₀) for every
    /// sample, the official code's quirk Q1).
    public var rhgForwardWeight: String = "vector"
    /// RHG truncation for K < T: `reference` (deepest step linearised at w₀, quirk Q2) or
    /// `exact` (textbook truncated backprop ending at w_{T−K}).
    public var truncation: String = "reference"
    /// RHG memory: store every N-th inner iterate and recompute the rest in the reverse pass
    /// (0 or 1 stores all K+1). Changes memory and time, never the numbers.
    public var checkpointInner: Int = 0

    /// A strategy for `method` with the field defaults of the benchmark's dataclass.
    public init(method: String) { self.method = method }

    enum CodingKeys: String, CodingKey {
        case method, lrx, lry, lr, reg, T, K
        case lrInner = "lr_inner", gammaInit = "gamma_init", gammaMax = "gamma_max"
        case gammaArgmaxStep = "gamma_argmax_step", outerItr = "outer_itr", innerItr = "inner_itr"
        case evalInterval = "eval_interval", rhgForwardWeight = "rhg_forward_weight", truncation
        case checkpointInner = "checkpoint_inner"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(method: try c.decode(String.self, forKey: .method))
        lrx = try c.decodeIfPresent(Double.self, forKey: .lrx) ?? lrx
        lry = try c.decodeIfPresent(Double.self, forKey: .lry) ?? lry
        lrInner = try c.decodeIfPresent(Double.self, forKey: .lrInner) ?? lrInner
        gammaInit = try c.decodeIfPresent(Double.self, forKey: .gammaInit) ?? gammaInit
        gammaMax = try c.decodeIfPresent(Double.self, forKey: .gammaMax) ?? gammaMax
        gammaArgmaxStep = try c.decodeIfPresent(Double.self, forKey: .gammaArgmaxStep) ?? gammaArgmaxStep
        outerItr = try c.decodeIfPresent(Int.self, forKey: .outerItr) ?? outerItr
        innerItr = try c.decodeIfPresent(Int.self, forKey: .innerItr) ?? innerItr
        lr = try c.decodeIfPresent(Double.self, forKey: .lr) ?? lr
        T = try c.decodeIfPresent(Int.self, forKey: .T) ?? T
        K = try c.decodeIfPresent(Int.self, forKey: .K) ?? K
        reg = try c.decodeIfPresent(Double.self, forKey: .reg) ?? reg
        evalInterval = try c.decodeIfPresent(Int.self, forKey: .evalInterval) ?? evalInterval
        rhgForwardWeight = try c.decodeIfPresent(String.self, forKey: .rhgForwardWeight) ?? rhgForwardWeight
        truncation = try c.decodeIfPresent(String.self, forKey: .truncation) ?? truncation
        checkpointInner = try c.decodeIfPresent(Int.self, forKey: .checkpointInner) ?? checkpointInner
    }

    /// Checks the benchmark's validation rules (PBGD.md §5.3) plus finiteness of every number.
    ///
    /// - Throws: ``HyperCleaningStrategyError`` naming the first offending field.
    public func validate() throws(HyperCleaningStrategyError) {
        let numbers: [(String, Double)] = [
            ("lrx", lrx), ("lry", lry), ("lr_inner", lrInner), ("gamma_init", gammaInit),
            ("gamma_max", gammaMax), ("gamma_argmax_step", gammaArgmaxStep), ("lr", lr), ("reg", reg),
        ]
        for (name, value) in numbers where !value.isFinite {
            throw .invalid(field: name, value: "\(value)", requirement: "a finite number")
        }
        func require(_ ok: Bool, _ field: String, _ value: String, _ requirement: String) throws(HyperCleaningStrategyError) {
            if !ok { throw .invalid(field: field, value: value, requirement: requirement) }
        }
        try require(reg >= 0, "reg", "\(reg)", ">= 0")
        try require(evalInterval > 0, "eval_interval", "\(evalInterval)", "> 0")
        switch method {
        case "v_pbgd", "g_pbgd":
            try require(lrx > 0, "lrx", "\(lrx)", "> 0")
            try require(lry > 0, "lry", "\(lry)", "> 0")
            try require(outerItr > 0, "outer_itr", "\(outerItr)", "> 0")
            try require(gammaInit >= 0, "gamma_init", "\(gammaInit)", ">= 0")
            try require(gammaMax >= 0, "gamma_max", "\(gammaMax)", ">= 0")
            try require(gammaArgmaxStep > 0, "gamma_argmax_step", "\(gammaArgmaxStep)", "> 0")
            if method == "v_pbgd" {
                try require(lrInner > 0, "lr_inner", "\(lrInner)", "> 0")
                try require(innerItr > 0, "inner_itr", "\(innerItr)", "> 0")
            }
        case "rhg", "t_rhg":
            try require(lr > 0, "lr", "\(lr)", "> 0")
            try require(lrInner > 0, "lr_inner", "\(lrInner)", "> 0")
            try require(outerItr > 0, "outer_itr", "\(outerItr)", "> 0")
            try require(T > 0, "T", "\(T)", "> 0")
            try require(K > 0 && K <= T, "K", "\(K)", "in 1...T (T = \(T))")
            try require(["vector", "x0"].contains(rhgForwardWeight), "rhg_forward_weight", rhgForwardWeight, "vector or x0")
            try require(["reference", "exact"].contains(truncation), "truncation", truncation, "reference or exact")
            try require(checkpointInner >= 0, "checkpoint_inner", "\(checkpointInner)", ">= 0")
        default:
            throw .unknownMethod(method)
        }
    }
}

/// Why a hyper-cleaning strategy was refused.
public enum HyperCleaningStrategyError: Error, CustomStringConvertible, Equatable {
    case invalid(field: String, value: String, requirement: String)
    case unknownMethod(String)
    case unknownPreset(String, known: [String])
    case presetUnavailable(name: String, network: String)
    case unreadableFile(path: String, reason: String)

    public var description: String { text.escapingControlCharacters }

    /// The message before control characters in quoted user text are escaped.
    private var text: String {
        switch self {
        case .invalid(let field, let value, let requirement):
            return "invalid strategy: \(field) = \(value), must be \(requirement)"
        case .unknownMethod(let name):
            return "unknown hyper-cleaning method '\(name)'; choose one of: v_pbgd, g_pbgd, rhg, t_rhg"
        case .unknownPreset(let name, let known):
            return "unknown preset '\(name)'; choose one of: \(known.joined(separator: ", "))"
        case .presetUnavailable(let name, let network):
            return "no '\(name)' preset is shipped for the \(network) net"
        case .unreadableFile(let path, let reason):
            return "cannot read strategy file \(path): \(reason)"
        }
    }
}
