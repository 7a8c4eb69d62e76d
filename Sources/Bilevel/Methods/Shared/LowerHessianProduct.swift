import Tensor

/// The second-order oracles of the weighted lower-level loss g(x, w) = (1/N)·Σ s_i·CE_i(w), with
/// s = σ(x), by one Pearlmutter R-pass of the network (PBGD.md §3.1):
///
/// - ∇²_ww g·v (without the regulariser: add 2·reg·v), and
/// - q_i = ⟨P_i − Y_i, U_i⟩ with U = R_v(Z), from which ∂/∂x_i ⟨∇_w g, v⟩ = (1/N)·s_i(1 − s_i)·q_i.
///
/// Used by G-PBGD (one product per iteration) and the RHG reverse pass (one per unrolled step).
public final class LowerHessianProduct {
    private let head: ClassifierHead
    /// q_i of the last product (rows values).
    public let directionalProducts: FloatBuffer
    private let directionalLogitGradient: FloatBuffer

    /// Oracles on the training head `head` (which owns the pass and its probability buffers).
    public init(head: ClassifierHead) {
        self.head = head
        directionalProducts = FloatBuffer(count: head.rows)
        directionalLogitGradient = FloatBuffer(count: head.rows * head.pass.classes)
    }

    /// Writes ∇²_ww g(x, w)·v into `output` and q into ``directionalProducts``.
    ///
    /// Requires, just before, at these parameters: `head.pass.forward(w, nil)`,
    /// `head.evaluate(set: 0)`, `head.writeGradient(set: 0, rowWeights: s, scale: 1/N)` and a
    /// `backward` with that logit gradient (the MLP's R-pass reuses its cached dH).
    /// Cost: one directional forward and one directional backward (≈ 2 passes over the samples).
    public func multiply(
        parameters: UnsafePointer<Float>, direction: UnsafePointer<Float>, rowWeights s: UnsafePointer<Float>,
        into output: UnsafeMutablePointer<Float>
    ) {
        let pass = head.pass
        let rows = head.rows
        let classes = pass.classes
        let u = pass.directionalForward(parameters: parameters, direction: direction)
        let p = head.probabilities.constPointer
        let ld = head.ld
        let rg = directionalLogitGradient.pointer
        let q = directionalProducts.pointer
        let labels = pass.samples.labels
        // R(P) = P ⊙ U − P·⟨P_i, U_i⟩ (softmax Jacobian), R(G) = (1/N)·diag(s)·R(P);
        // q_i = ⟨P_i, U_i⟩ − U_i[label].
        for i in 0..<rows {
            let expectation = Self.softmaxJacobianRow(
                probabilities: p + i * ld, direction: u + i * classes, classes: classes, scale: s[i] / Float(rows),
                into: rg + i * classes)
            q[i] = expectation - u[i * classes + Int(labels[i])]
        }
        pass.directionalBackward(
            logitGradient: head.logitGradient.constPointer, directionalLogitGradient: rg,
            parameters: parameters, direction: direction, into: output)
    }

    /// One row of R(G): `output[j]` ← scale·(p_j·u_j − p_j·⟨p, u⟩), the softmax Jacobian at
    /// probabilities `p` applied to the logit direction `u` (`classes` values each); returns ⟨p, u⟩.
    @inline(__always)
    static func softmaxJacobianRow(
        probabilities p: UnsafePointer<Float>, direction u: UnsafePointer<Float>, classes: Int, scale: Float,
        into output: UnsafeMutablePointer<Float>
    ) -> Float {
        var expectation: Float = 0
        for j in 0..<classes { expectation += p[j] * u[j] }
        for j in 0..<classes { output[j] = scale * (p[j] * u[j] - p[j] * expectation) }
        return expectation
    }
}
