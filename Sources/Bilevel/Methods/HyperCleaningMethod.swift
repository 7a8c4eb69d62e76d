import Tensor

/// The losses a hyper-cleaning iteration logs, computed before its update (PBGD.md §3.5, Q7).
public struct IterationLog: Sendable, Equatable {
    /// g(x, w): the weighted training loss (+ reg·‖w‖²).
    public var trainLoss: Double
    /// f(w): the validation cross-entropy.
    public var validationLoss: Double
    /// The method's own diagnostic: penalty_gap, grad_penalty or inner_objective.
    public var auxiliary: Double
}

/// Everything needed to continue a run exactly where it stopped.
public struct MethodState: Codable, Sendable, Equatable {
    /// Completed outer iterations.
    public var iteration: Int
    /// Named vectors (x, w, omega, cached gradients, …), each restored verbatim.
    public var vectors: [String: [Float]]
    /// The penalty schedule, for PBGD methods.
    public var schedule: PenaltySchedule?
    /// Raw state of any random generator the method still draws from.
    public var generatorWords: [UInt32]?
}

/// A hyper-cleaning method: one object per run, stepping its own state in place.
///
/// Conformers allocate their workspace in `init` and nothing in ``step()``.
public protocol HyperCleaningMethod: AnyObject, SendableMetatype {
    /// A run of the reference protocol for `seed` (its torch-compatible initialisation).
    init(data: HyperCleaningData, network: NetworkArchitecture, strategy: HyperCleaningStrategy, seed: Int)
    /// Whether the runner must evaluate after every step regardless of `eval_interval` (RHG).
    static var evaluatesEveryStep: Bool { get }
    /// Seconds of the last ``step()`` spent on evaluation work done inside it.
    var lastStepEvaluationSeconds: Double { get }
    /// The test accuracy to report after the last step.
    func reportedTestAccuracy(evaluator: HyperCleaningEvaluator) -> Double
    /// Key of ``IterationLog/auxiliary`` in TRAIN_METRICS.
    static var auxiliaryKey: String { get }
    /// Completed outer iterations.
    var iteration: Int { get }
    /// The upper variable x (one weight logit per training sample).
    var upperVariable: FloatBuffer { get }
    /// The network parameters to evaluate after the latest step.
    var evaluationParameters: FloatBuffer { get }
    /// Runs one outer iteration and returns its pre-update losses.
    func step() -> IterationLog
    /// A snapshot for checkpoints.
    func state() -> MethodState
    /// Restores a snapshot taken by ``state()`` of the same method and network.
    func restore(_ state: MethodState) throws(CheckpointError)
}

extension HyperCleaningMethod {
    public static var evaluatesEveryStep: Bool { false }

    /// Seconds of the last ``step()`` spent on evaluation work done inside it (RHG evaluates its
    /// inner iterates while it has them); the runner moves them from training to evaluation time.
    public var lastStepEvaluationSeconds: Double { 0 }

    /// The test accuracy to report after the last step: by default that of ``evaluationParameters``.
    public func reportedTestAccuracy(evaluator: HyperCleaningEvaluator) -> Double {
        evaluator.testAccuracy(evaluationParameters.constPointer)
    }

    /// The x update shared by the PBGD methods: x_i ← x_i − lr·scale·s_i(1 − s_i)·d_i / N.
    static func descendUpper(
        x: FloatBuffer, sigmoid s: FloatBuffer, directional d: UnsafePointer<Float>,
        scale: Float, learningRate: Float
    ) {
        let n = x.count
        let factor = learningRate * scale / Float(n)
        for i in 0..<n {
            let si = s.pointer[i]
            x.pointer[i] -= factor * (si * (1 - si)) * d[i]
        }
    }
}

/// Why a checkpoint could not be used.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    /// The checkpoint is of another run (network, seed, strategy, data) or another method state.
    case mismatch(String)
    /// The file does not exist or cannot be read.
    case unreadable(path: String, reason: String)
    /// The file was read but is damaged or invalid (checksum, length, JSON, validation).
    case corrupted(path: String, reason: String)
    /// A checkpoint could not be written (the previous one, if any, is intact).
    case writeFailed(path: String, reason: String)

    /// One line for the user.
    public var description: String { text.escapingControlCharacters }

    /// The message before control characters in quoted user text are escaped.
    private var text: String {
        switch self {
        case .mismatch(let what): return "checkpoint does not match this run: \(what)"
        case .unreadable(let path, let reason): return "cannot read checkpoint \(path): \(reason)"
        case .corrupted(let path, let reason): return "refusing checkpoint \(path): \(reason)"
        case .writeFailed(let path, let reason): return "cannot write checkpoint \(path): \(reason)"
        }
    }
}

/// Restores a named vector of a snapshot into a buffer, checking its length.
func restoreVector(_ name: String, from state: MethodState, into buffer: FloatBuffer) throws(CheckpointError) {
    guard let values = state.vectors[name] else { throw .mismatch("missing vector '\(name)'") }
    guard values.count == buffer.count else {
        throw .mismatch("vector '\(name)' has \(values.count) values, expected \(buffer.count)")
    }
    values.withUnsafeBufferPointer { buffer.pointer.update(from: $0.baseAddress!, count: values.count) }
}

/// y ← y + α·x over whole buffers of the same length (the active backend's axpy).
func addScaled(_ alpha: Float, _ x: FloatBuffer, to y: FloatBuffer) {
    precondition(x.count == y.count, "addScaled: \(x.count) vs \(y.count)")
    axpy(count: y.count, alpha: alpha, x: x.constPointer, y: y.pointer)
}
