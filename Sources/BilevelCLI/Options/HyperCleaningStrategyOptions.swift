import ArgumentParser
import Bilevel
import Foundation

/// The strategy of a hyper-cleaning run: a preset or a JSON file, then individual flags on top
/// (flags override the file, the file overrides the preset).
struct HyperCleaningStrategyOptions: ParsableArguments {
    @Option(help: "Network: linear (784→10) or mlp (784→300→10).")
    var net: NetworkKind = .linear

    @Option(help: ArgumentHelp("Method: \(HyperCleaningMethodRegistry.names.joined(separator: ", ")).", valueName: "name"))
    var method: String?

    @Option(help: ArgumentHelp(
        "Named strategy: baseline (the benchmark's baseline for --method and --net), tuned (the project's searched winner for --net), fast (the baseline accuracy in at most a quarter of its time). tuned/fast carry their method.",
        valueName: "name"))
    var preset: String = "baseline"

    @Option(help: ArgumentHelp("Strategy JSON file (benchmark keys: method, lrx, lr_inner, gamma_max, …).", valueName: "file.json"))
    var strategy: String?

    @Option(help: "Learning rate of x.") var lrx: Double?
    @Option(help: "Learning rate of the network weights w.") var lry: Double?
    @Option(name: .customLong("lr-inner"), help: "Learning rate of the inner (ω) steps.") var lrInner: Double?
    @Option(name: .customLong("gamma-init"), help: "Penalty γ at iteration 0.") var gammaInit: Double?
    @Option(name: .customLong("gamma-max"), help: "Largest penalty γ.") var gammaMax: Double?
    @Option(name: .customLong("gamma-argmax-step"), help: "Iterations over which γ ramps to γ_max.") var gammaArgmaxStep: Double?
    @Option(name: .customLong("outer-itr"), help: "Outer iterations.") var outerItr: Int?
    @Option(name: .customLong("inner-itr"), help: "Inner ω steps per iteration (V-PBGD).") var innerItr: Int?
    @Option(name: .customLong("reg"), help: "Lower-level L2 regulariser reg·‖w‖².") var reg: Double?
    @Option(name: .customLong("eval-interval"), help: "Evaluate every this many iterations (PBGD; RHG evaluates every outer step).") var evalInterval: Int?
    @Option(name: .customLong("lr"), help: "Outer learning rate of x (RHG family).") var lr: Double?
    @Option(name: .customLong("T"), help: "Unrolled inner steps (RHG family).") var unrolledSteps: Int?
    @Option(name: .customLong("K"), help: "Truncation depth, K ≤ T (K = T is RHG, K < T is T-RHG).") var truncationDepth: Int?
    @Option(name: .customLong("rhg-forward-weight"), help: ArgumentHelp(
        "RHG forward weights: vector (σ(x_i), benchmark) or x0 (σ(x₀) for all samples, the official code's quirk Q1).",
        valueName: "vector|x0"))
    var rhgForwardWeight: String?
    @Option(help: ArgumentHelp(
        "RHG truncation for K < T: reference (last reverse step at w₀, quirk Q2) or exact (ends at w_{T−K}).",
        valueName: "reference|exact"))
    var truncation: String?
    @Option(name: .customLong("checkpoint-inner"), help: ArgumentHelp(
        "RHG memory: keep every N-th inner iterate and recompute the others in the reverse pass (0 keeps all).",
        valueName: "n"))
    var checkpointInner: Int?

    /// The strategy these options describe, validated.
    func resolve() throws -> HyperCleaningStrategy {
        var resolved: HyperCleaningStrategy
        if let path = strategy {
            resolved = try HyperCleaningStrategy.load(path: path)
            if let method, method != resolved.method {
                resolved.method = method
            }
        } else {
            resolved = try HyperCleaningPresets.preset(named: preset, method: method, network: net)
        }
        if let lrx { resolved.lrx = lrx }
        if let lry { resolved.lry = lry }
        if let lrInner { resolved.lrInner = lrInner }
        if let gammaInit { resolved.gammaInit = gammaInit }
        if let gammaMax { resolved.gammaMax = gammaMax }
        if let gammaArgmaxStep { resolved.gammaArgmaxStep = gammaArgmaxStep }
        if let outerItr { resolved.outerItr = outerItr }
        if let innerItr { resolved.innerItr = innerItr }
        if let reg { resolved.reg = reg }
        if let evalInterval { resolved.evalInterval = evalInterval }
        if let lr { resolved.lr = lr }
        if let unrolledSteps { resolved.T = unrolledSteps }
        if let truncationDepth { resolved.K = truncationDepth }
        if let rhgForwardWeight { resolved.rhgForwardWeight = rhgForwardWeight }
        if let truncation { resolved.truncation = truncation }
        if let checkpointInner { resolved.checkpointInner = checkpointInner }
        try resolved.validate()
        return resolved
    }
}

extension NetworkKind: ExpressibleByArgument {}
