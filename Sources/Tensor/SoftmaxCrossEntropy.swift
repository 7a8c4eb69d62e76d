#if canImport(Glibc)
    import Glibc
#endif

/// Row-wise softmax, log-softmax and per-sample cross-entropy over a matrix of logits.
///
/// Logits are `rows × classes`, row-major with row stride `ld` (so a column block of a wider
/// stacked buffer can be used in place). Every routine allocates nothing and costs O(rows·classes)
/// exponentials. Stable form: logsumexp(z) = m + log Σ exp(z − m) with m = max(z), so no term
/// overflows.
public enum SoftmaxCrossEntropy {
    /// Per-row cross-entropy and softmax: `losses[i] = logsumexp(z_i) − z_i[labels[i]]` and
    /// `probabilities` row i = softmax(z_i) (row stride `probabilitiesLD`; may alias `logits` when
    /// the strides match).
    ///
    /// - Precondition: every label is in `0..<classes`.
    public static func lossesAndProbabilities(
        logits: UnsafePointer<Float>, ld: Int, rows: Int, classes: Int,
        labels: UnsafePointer<Int32>, losses: UnsafeMutablePointer<Float>,
        probabilities: UnsafeMutablePointer<Float>, probabilitiesLD: Int
    ) {
        for i in 0..<rows {
            let z = logits + i * ld
            let p = probabilities + i * probabilitiesLD
            var maximum = z[0]
            for j in 1..<classes { maximum = z[j] > maximum ? z[j] : maximum }  // a select, not a branch
            // The label's logit is read before `p` is written, which may be `z` itself.
            let label = Int(labels[i])
            precondition(label >= 0 && label < classes, "label \(label) outside 0..<\(classes)")
            let labelLogit = z[label]
            // The exponentials first, then their sum in the same order: with `total` carried
            // across the calls it was spilled and reloaded around each one (a store-to-load
            // chain through every call); now the calls are independent.
            for j in 0..<classes { p[j] = expf(z[j] - maximum) }
            var total: Float = 0
            for j in 0..<classes { total += p[j] }
            let logTotal = logf(total)
            losses[i] = maximum + logTotal - labelLogit
            let inverse = 1 / total
            for j in 0..<classes { p[j] *= inverse }
        }
    }

    /// Row-wise log-softmax: `output` row i = z_i − logsumexp(z_i). `output` may alias `logits`.
    public static func logSoftmax(
        logits: UnsafePointer<Float>, ld: Int, rows: Int, classes: Int,
        into output: UnsafeMutablePointer<Float>, outputLD: Int
    ) {
        for i in 0..<rows {
            let z = logits + i * ld
            var maximum = z[0]
            for j in 1..<classes { maximum = z[j] > maximum ? z[j] : maximum }  // a select, not a branch
            var total: Float = 0
            for j in 0..<classes { total += expf(z[j] - maximum) }
            let shift = maximum + logf(total)
            let out = output + i * outputLD
            for j in 0..<classes { out[j] = z[j] - shift }
        }
    }

    /// The weighted cross-entropy gradient with respect to the logits:
    /// `gradient` row i = `scale · rowWeights[i] · (p_i − e_{labels[i]})` (rowWeights nil = all 1).
    ///
    /// This is ∂/∂Z of scale·Σ_i w_i·CE_i. `gradient` may alias `probabilities` when strides match.
    public static func gradient(
        probabilities: UnsafePointer<Float>, ld: Int, rows: Int, classes: Int,
        labels: UnsafePointer<Int32>, rowWeights: UnsafePointer<Float>?, scale: Float,
        into gradient: UnsafeMutablePointer<Float>, gradientLD: Int
    ) {
        for i in 0..<rows {
            let weight = scale * (rowWeights?[i] ?? 1)
            let p = probabilities + i * ld
            let g = gradient + i * gradientLD
            for j in 0..<classes { g[j] = weight * p[j] }
            g[Int(labels[i])] -= weight
        }
    }
}
