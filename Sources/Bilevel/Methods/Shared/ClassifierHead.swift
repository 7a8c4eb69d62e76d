import Tensor

/// Cross-entropy bookkeeping on top of a ``NetworkPass``: per-sample losses, softmax
/// probabilities and weighted logit gradients for each stacked parameter set.
///
/// Buffers share the pass's stacked column layout (row stride ``ld``); nothing allocates after init.
public final class ClassifierHead {
    /// The pass whose logits this head reads.
    public let pass: any NetworkPass
    /// CE_i of each set: set s at `losses.pointer + s·rows`.
    public let losses: FloatBuffer
    /// Softmax of the logits, stacked like the logits.
    public let probabilities: FloatBuffer
    /// Logit gradient G handed to ``NetworkPass/backward``, stacked like the logits.
    public let logitGradient: FloatBuffer
    private let labels: [Int32]
    private let predictions: UnsafeMutablePointer<Int32>

    /// A head for `pass` with buffers for `pass.maxSets` sets.
    public init(pass: any NetworkPass) {
        self.pass = pass
        let rows = pass.samples.rows
        losses = FloatBuffer(count: rows * pass.maxSets)
        probabilities = FloatBuffer(count: rows * pass.logitsLD)
        logitGradient = FloatBuffer(count: rows * pass.logitsLD)
        labels = pass.samples.labels
        predictions = .allocate(capacity: max(rows, 1))
    }

    deinit { predictions.deallocate() }

    /// Rows (samples) of the pass.
    public var rows: Int { pass.samples.rows }
    /// Row stride of the stacked buffers.
    public var ld: Int { pass.logitsLD }

    /// Per-sample losses of `set` (rows values).
    public func lossesOf(_ set: Int) -> UnsafeMutablePointer<Float> { losses.pointer + set * rows }

    /// Computes CE_i and softmax for `set` from the pass's current logits.
    public func evaluate(set: Int) {
        let classes = pass.classes
        labels.withUnsafeBufferPointer { labelPointer in
            SoftmaxCrossEntropy.lossesAndProbabilities(
                logits: pass.logits + set * classes, ld: ld, rows: rows, classes: classes,
                labels: labelPointer.baseAddress!, losses: lossesOf(set),
                probabilities: probabilities.pointer + set * classes, probabilitiesLD: ld)
        }
    }

    /// (1/rows)·Σ_i w_i·CE_i of `set` (w = 1 when `rowWeights` is nil), accumulated in Float64.
    public func meanLoss(set: Int, rowWeights: UnsafePointer<Float>?) -> Double {
        let values = lossesOf(set)
        var total = 0.0
        for i in 0..<rows { total += Double(values[i]) * Double(rowWeights?[i] ?? 1) }
        return total / Double(rows)
    }

    /// Writes G = scale·diag(w)·(P − Y) for `set` into ``logitGradient`` (its column block).
    public func writeGradient(set: Int, rowWeights: UnsafePointer<Float>?, scale: Float) {
        let classes = pass.classes
        labels.withUnsafeBufferPointer { labelPointer in
            SoftmaxCrossEntropy.gradient(
                probabilities: probabilities.pointer + set * classes, ld: ld, rows: rows,
                classes: classes, labels: labelPointer.baseAddress!, rowWeights: rowWeights,
                scale: scale, into: logitGradient.pointer + set * classes, gradientLD: ld)
        }
    }

    /// The weighted loss and its gradient for one parameter set: forward at `parameters`, CE_i,
    /// G = scale·diag(w)·(P − Y), backward into `gradient` (overwritten).
    ///
    /// - Returns: (1/rows)·Σ_i w_i·CE_i (w = 1 when `rowWeights` is nil), without `scale`.
    @discardableResult
    public func lossAndGradient(
        at parameters: UnsafePointer<Float>, rowWeights: UnsafePointer<Float>?, scale: Float,
        into gradient: UnsafeMutablePointer<Float>
    ) -> Double {
        pass.forward(parameters, nil)
        evaluate(set: 0)
        writeGradient(set: 0, rowWeights: rowWeights, scale: scale)
        pass.backward(logitGradient: logitGradient.constPointer, parameters, nil, into: gradient, nil,
                      accumulate: false)
        return meanLoss(set: 0, rowWeights: rowWeights)
    }

    /// Fraction of rows whose largest logit is the label, in percent (first maximum on ties, NaN
    /// counts as largest, as `torch.argmax`). Needs a single-set pass (logits row stride = classes).
    public func accuracyPercent() -> Double {
        precondition(ld == pass.classes, "accuracy needs a single-set pass")
        rowArgmax(pass.logits, rows: rows, columns: pass.classes, into: predictions)
        var correct = 0
        for i in 0..<rows where predictions[i] == labels[i] { correct += 1 }
        return 100 * Double(correct) / Double(rows)
    }
}
