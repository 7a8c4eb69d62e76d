import Tensor

#if canImport(Glibc)
    import Glibc
#endif

/// One Adam optimiser state (m, w, τ) over `count` parameters, as seed 003 writes it
/// (METHODS.md §2.6):
///
///     τ += 1;  m = β₁m + (1 − β₁)g;  w = β₂w + (1 − β₂)g⊙g
///     m̂ = m/(1 − β₁^τ);  ŵ = w/(1 − β₂^τ);  θ −= lr·m̂ ⊘ √(ŵ + ε)
///
/// τ is 1-based (the seed's 0-based counter would divide by 0). Options: `literal` stores m̂, ŵ
/// as the next state (the seed's Alg. 3 read literally, corrections compounding); `epsInsideSqrt`
/// false gives PyTorch's lr·m̂ ⊘ (√ŵ + ε). Allocates nothing after init.
final class AdamState {
    private let m: FloatBuffer
    private let w: FloatBuffer
    private var tau = 0

    init(count: Int) {
        m = FloatBuffer(count: count)
        w = FloatBuffer(count: count)
    }

    /// Zero moments and counter (the inner states of F2SA + Adam, every outer iteration).
    func reset() {
        m.fill(0)
        w.fill(0)
        tau = 0
    }

    /// One Adam step of `parameters` along `gradient` with learning rate `rate`.
    func step(_ parameters: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>, rate: Float,
              beta1: Float, beta2: Float, epsilon: Float, literal: Bool, epsilonInsideSqrt: Bool) {
        tau += 1
        let correction1 = 1 / (1 - powf(beta1, Float(tau)))
        let correction2 = 1 / (1 - powf(beta2, Float(tau)))
        let first = m.pointer
        let second = w.pointer
        for k in 0..<m.count {
            let g = gradient[k]
            let mk = beta1 * first[k] + (1 - beta1) * g
            let wk = beta2 * second[k] + (1 - beta2) * g * g
            let mHat = mk * correction1
            let wHat = wk * correction2
            first[k] = literal ? mHat : mk
            second[k] = literal ? wHat : wk
            let denominator = epsilonInsideSqrt ? (wHat + epsilon).squareRoot() : wHat.squareRoot() + epsilon
            parameters[k] -= rate * mHat / denominator
        }
    }
}
