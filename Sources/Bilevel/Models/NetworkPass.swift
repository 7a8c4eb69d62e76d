import Tensor

/// Forward, backward and second-order passes of one network over one fixed sample matrix.
///
/// A pass owns the workspace for its rows and for up to ``maxSets`` parameter sets evaluated
/// together on the same samples. Stacking two sets (w and ω in V-PBGD) turns two skinny gemms
/// over the 5000×784 matrix into one of twice the width, so X is read once per pass.
/// Logits and logit gradients are stacked column blocks: set s occupies columns
/// `s·classes ..< (s+1)·classes` of a `rows × (sets·classes)` buffer. Nothing allocates after init.
///
/// Formulas: PBGD.md §3.1 (gradients and the Pearlmutter R-operator).
public protocol NetworkPass: AnyObject {
    /// The parameter layout the pass expects.
    var layout: ParameterLayout { get }
    /// The sample matrix this pass works on.
    var samples: LabeledSamples { get }
    /// Number of classes (10).
    var classes: Int { get }
    /// Largest number of parameter sets one call can stack.
    var maxSets: Int { get }
    /// Logits of the last ``forward(_:_:)``: `rows × (sets·classes)`, row stride ``logitsLD``.
    var logits: UnsafeMutablePointer<Float> { get }
    /// Row stride of ``logits`` and of the logit-gradient buffers passed to ``backward``.
    var logitsLD: Int { get }

    /// Logits for parameter set `first` (and `second`, stacked) on every sample; caches what
    /// ``backward`` needs.
    func forward(_ first: UnsafePointer<Float>, _ second: UnsafePointer<Float>?)

    /// Parameter gradients from logit gradients (layout of ``logits``, same sets as the last
    /// forward): `gradientFirst` (and `gradientSecond`) ← (or += with `accumulate`) ∂/∂θ Σ G·Z.
    func backward(
        logitGradient: UnsafePointer<Float>,
        _ first: UnsafePointer<Float>, _ second: UnsafePointer<Float>?,
        into gradientFirst: UnsafeMutablePointer<Float>, _ gradientSecond: UnsafeMutablePointer<Float>?,
        accumulate: Bool)

    /// Directional derivative of the logits along `direction` at `parameters` (one set, after a
    /// forward at `parameters`): returns U = R(Z), `rows × classes` with row stride `classes`.
    func directionalForward(parameters: UnsafePointer<Float>, direction: UnsafePointer<Float>)
        -> UnsafePointer<Float>

    /// The R-operator of ``backward``: given G (the logit gradient used in the last backward) and
    /// R(G) (its directional derivative), writes R(∂/∂θ) = H·v (without any regulariser) to `into`.
    /// Requires ``directionalForward`` with the same parameters and direction just before.
    func directionalBackward(
        logitGradient: UnsafePointer<Float>, directionalLogitGradient: UnsafePointer<Float>,
        parameters: UnsafePointer<Float>, direction: UnsafePointer<Float>,
        into output: UnsafeMutablePointer<Float>)
}
